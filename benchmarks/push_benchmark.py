#!/usr/bin/env python3
"""Benchmark: push N synthetic documents to Oxigraph's own server, with push's peak memory.

    .venv/bin/python benchmarks/push_benchmark.py [--protocols gsp,update] [--no-links] [--corpus DIR] [N ...]
                                                   (default: 1000 10000; 100000 takes many minutes)

For each N: the documents are written (or reused from --corpus DIR/N, as build_benchmark.py
writes them), built to N-Quads as `filmgraph build` streams them (a row: its time and peak),
then pushed by each protocol to a fresh `oxigraph serve` on loopback that keeps its data on
disk (the server's memory is its own), each push as its own process; a row gives its time,
triples per second and the peak resident set of the push process. The store's union graph
is counted afterwards and must hold every triple the build reported.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from build_benchmark import FILMGRAPH, OXIGRAPH, timed

from filmgraph.remote import UNION_GRAPH
from filmgraph.synthetic import write_corpus


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    """`oxigraph serve` on a free loopback port, its data in location; the process and base URL."""
    port = _free_port()
    assert OXIGRAPH, "no oxigraph command: pip install oxigraph"
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("oxigraph serve did not start")


def _union(base: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}"
    answer = httpx.post(base + "/query", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                        timeout=3600)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def main(argv: list[str]) -> None:
    def value(option: str, default: str) -> str:
        return next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == option), default)

    protocols = value("--protocols", "gsp,update").split(",")
    links = ["--no-links"] if "--no-links" in argv else []
    corpus = Path(value("--corpus", "")) if "--corpus" in argv else None
    skip = {i + 1 for i, a in enumerate(argv) if a in ("--protocols", "--corpus")}
    counts = [int(a) for i, a in enumerate(argv) if not a.startswith("--") and i not in skip] or [1000, 10000]
    print("| documents | step | triples | seconds | triples/s | peak MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = corpus / str(count) if corpus else Path(tmp) / "docs"
            if not (folder / f"film_{count - 1:06d}.txt").exists():
                write_corpus(folder, count)
            data = Path(tmp) / "corpus.nq"
            seconds, peak, stderr = timed([str(FILMGRAPH), "build", str(folder), "-o", str(data), *links])
            triples = int(stderr.strip().splitlines()[-1].split(": ")[1].split(" triples")[0])
            print(f"| {count:,} | build N-Quads {' '.join(links)} | {triples:,} | {seconds:.1f} "
                  f"| {triples / seconds:,.0f} | {peak:,.0f} |", flush=True)
            for protocol in protocols:
                store = Path(tmp) / f"store-{protocol}"
                process, base = _oxigraph(store)
                try:
                    endpoint = base + ("/store" if protocol == "gsp" else "/update")
                    extra = ["--query-endpoint", base + "/query"] if protocol == "update" else []
                    seconds, peak, _ = timed([str(FILMGRAPH), "push", str(data), "--endpoint", endpoint,
                                              "--protocol", protocol, *extra])
                    held = _union(base)
                    if held != triples:
                        raise SystemExit(f"the store's union holds {held:,} triples, the build made {triples:,}")
                    print(f"| {count:,} | push ({protocol}) | {triples:,} | {seconds:.1f} | {triples / seconds:,.0f} "
                          f"| {peak:,.0f} |", flush=True)
                finally:
                    process.terminate()
                    process.wait(60)
                    shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
