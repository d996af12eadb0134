#!/usr/bin/env python3
"""Benchmark: `filmgraph serve` against `oxigraph serve-read-only`, the same load on the same data.

    .venv/bin/python benchmarks/serve_load.py [--seconds 20] [--requests 20000] [--clients 20]
                                              [--rounds 5] [--films 1000] [--only her|corpus]

For Her (data/her.ttl) and a corpus of N generated films (filmgraph.synthetic.write_corpus,
built to TriG), both servers are started on free loopback ports (Oxigraph's from a store
`oxigraph load` wrote, with --union-default-graph: the default graph is the merge of the
graphs, as filmgraph's is), and CLIENTS concurrent clients send every bundled SELECT query by
GET, asking in turn for SPARQL JSON, XML, CSV and TSV, until REQUESTS requests or SECONDS
have passed for each server, in ROUNDS turns that alternate between the servers (a change in
the machine's load falls on both). The clients are asyncio streams speaking HTTP/1.1 with
keep-alive, some 0.1 ms of CPU a request, so that the client is not what is measured. Prints
requests/s, p50 and p99 for both, errors, and filmgraph's share of Oxigraph's requests/s.
No response is cached by either server: every request runs its query.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
ACCEPTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Bundled SELECT queries left out of the load: statement-source takes about 85 ms at 1,000 films
#: bound to a film (a minute unbound: every statement joined with its section rule), a hundred
#: times the others: it would be the load.
SKIP = {"statement-source"}


def select_queries(binds: dict[str, dict[str, str]] | None = None) -> list[str]:
    """The bundled SELECT queries, parameters bound in the text (as filmgraph binds them) to one
    film of the data, as a researcher would ask: unbound, film-card or provenance describe
    every film of a corpus."""
    from filmgraph.bindings import bind_values, typed_bindings
    from filmgraph.catalog import named_queries
    from filmgraph.remote import _FORM_RE
    from filmgraph.safety import code_of

    texts = []
    for name, query in named_queries().items():
        if name in SKIP or not ((m := _FORM_RE.search(code_of(query.text))) and m.group(1).upper() == "SELECT"):
            continue
        params: dict[str, str] = {}
        for param in query.params:
            params.update((binds or {}).get(param.split()[0], {}))
        texts.append(bind_values(query.text, typed_bindings(query.text, params)) if params else query.text)
    return texts


def bindings_of(data: Path) -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from query_benchmark import bindings_for

    from filmgraph.store import load_store

    return bindings_for(load_store([data]))


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")

    @property
    def rate(self) -> float:
        """Requests answered with 200 per second."""
        return (len(self.latencies) - self.failed) / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return sum(1 for e in self.errors if e[:1].isdigit())  # answered, with an HTTP error status


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    body = bytearray()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
        return status, bytes(body)
    return status, await reader.read()


async def _client(port: int, path: str, requests: list[bytes], number: int, load: Load, until: float,
                  budget: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = number
    try:
        while time.monotonic() < until and budget[0] > 0:
            budget[0] -= 1
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                writer.write(request)
                status, body = await asyncio.wait_for(_read_response(reader), 15)
            except (OSError, asyncio.IncompleteReadError, ValueError, asyncio.TimeoutError) as exc:
                load.errors.append(f"{type(exc).__name__}: {exc}")
                writer.close()
                try:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                except OSError as exc:
                    load.errors.append(f"{type(exc).__name__}: {exc}")
                    return
                continue
            load.latencies.append(time.perf_counter() - started)
            if status != 200:
                load.errors.append(f"{status}: {body[:200]!r}")
    finally:
        writer.close()


def run_load(port: int, path: str, clients: int, seconds: float, max_requests: int,
             queries: list[str]) -> Load:
    requests = []
    for query in queries:
        for accept in ACCEPTS:
            requests.append(f"GET {path}?query={quote(query)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                            f"Accept: {accept}\r\n\r\n".encode())
    load = Load()
    budget = [max_requests]

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(port, path, requests, n * 7, load, until, budget) for n in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    load.seconds = time.perf_counter() - started
    return load


def wait_until_up(port: int, path: str, process: subprocess.Popen, timeout: float = 600) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server ended: {process.args}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server did not answer: {process.args}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def start_filmgraph(data: Path, args: argparse.Namespace) -> tuple[subprocess.Popen, int, str]:
    port = free_port()
    command = [sys.executable, "-m", "filmgraph.cli", "serve", str(data), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    wait_until_up(port, "/sparql", process)
    return process, port, "/sparql"


def start_oxigraph(data: Path, folder: Path) -> tuple[subprocess.Popen, int, str]:
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = folder / f"oxigraph-{data.stem}"
    shutil.rmtree(location, ignore_errors=True)
    subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(data)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"], stderr=subprocess.DEVNULL)
    wait_until_up(port, "/query", process)
    return process, port, "/query"


def measure_both(data: Path, folder: Path, args: argparse.Namespace) -> tuple[Load, Load]:
    """Both servers up at once (the idle one costs nothing), loaded in turn for ROUNDS rounds each,
    so that a change in the machine's load falls on both alike."""
    servers = []
    try:
        servers.append(start_filmgraph(data, args))
        servers.append(start_oxigraph(data, folder))
        loads = (Load(), Load())
        for _, port, path in servers:  # warm up
            run_load(port, path, args.clients, min(2.0, args.seconds), 200, args.queries)
        for _ in range(args.rounds):
            for (_, port, path), load in zip(servers, loads):
                part = run_load(port, path, args.clients, args.seconds / args.rounds, args.requests // args.rounds,
                                args.queries)
                load.latencies += part.latencies
                load.errors += part.errors
                load.seconds += part.seconds
        return loads
    finally:
        for process, _, _ in servers:
            stop(process)


def corpus(folder: Path, films: int) -> Path:
    from filmgraph.synthetic import write_corpus

    docs = folder / "docs"
    write_corpus(docs, films)
    out = folder / f"corpus-{films}.trig"
    subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", str(docs), "-o", str(out)], cwd=ROOT,
                   check=True, stderr=subprocess.DEVNULL)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="Turns each server's load is split into, alternating.")
    parser.add_argument("--films", type=int, default=1000)
    parser.add_argument("--only", choices=["her", "corpus"])
    parser.add_argument("--corpus", metavar="TRIG", help="A corpus already built, instead of generating --films.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sets = []
        if args.only in (None, "her"):
            sets.append(("Her", ROOT / "data" / "her.ttl"))
        if args.only in (None, "corpus"):
            data = Path(args.corpus) if args.corpus else corpus(folder, args.films)
            sets.append((f"{args.films:,} films", data))
        print(f"{args.clients} clients, at most {args.requests:,} requests or {args.seconds:g} s per server in "
              f"{args.rounds} alternating rounds, "
              f"{len(select_queries())} SELECT queries (not {', '.join(sorted(SKIP))}) x {len(ACCEPTS)} formats, "
              f"{os.cpu_count()} cores")
        print("| data | server | requests | errors | requests/s | p50 ms | p99 ms |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for label, data in sets:
            args.queries = select_queries(bindings_of(data))
            ours, theirs = measure_both(data, folder, args)
            for name, load in (("filmgraph serve", ours), ("oxigraph serve-read-only", theirs)):
                print(f"| {label} | {name} | {len(load.latencies):,} | {len(load.errors)} | {load.rate:,.0f} | "
                      f"{load.percentile(50) * 1000:.1f} | {load.percentile(99) * 1000:.1f} |")
            print(f"| {label} | filmgraph / oxigraph | | | {ours.rate / theirs.rate:.2f}x | | |")
            for load in (ours, theirs):
                for error in load.errors[:3]:
                    print("  error:", error)


if __name__ == "__main__":
    main()
