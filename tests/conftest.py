"""Shared fixtures: the seed, test documents, built graphs and a CLI runner."""

from __future__ import annotations

import http.server
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from filmgraph.builder import build
from filmgraph.cli import cli
from filmgraph.rdfio import serialize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "her.txt"
HER_TTL = ROOT / "data" / "her.ttl"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
IN_CI = bool(os.environ.get("CI"))


def need_command(name: str) -> str:
    """Path of a command the test needs; in CI a missing one fails instead of skipping."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is not installed (CI must run this test)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The seed's lines as in the file, read without the parser."""
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def her_ttl() -> bytes:
    return HER_TTL.read_bytes()


@pytest.fixture(scope="session")
def her_graph(her_ttl: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=her_ttl, format="turtle")


def _plain_store(data: bytes, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    store.load(data, format=fmt)
    return store


@pytest.fixture(scope="session")
def her_store(her_ttl: bytes) -> ox.Store:
    return _plain_store(her_ttl, ox.RdfFormat.TURTLE)


@pytest.fixture(scope="session")
def corpus_sources() -> list[Path]:
    """Her plus the hand-written test documents."""
    return [SEED, *sorted(DOCUMENTS.glob("*.txt"))]


@pytest.fixture(scope="session")
def corpus_trig(corpus_sources: list[Path]) -> bytes:
    return serialize(build(corpus_sources).quads, "trig")


@pytest.fixture(scope="session")
def corpus_file(corpus_trig: bytes, tmp_path_factory) -> Path:
    """The corpus as a TriG file (read-only: tests that change data copy it)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.trig"
    path.write_bytes(corpus_trig)
    return path


@pytest.fixture(scope="session")
def corpus_store(corpus_trig: bytes) -> ox.Store:
    return _plain_store(corpus_trig, ox.RdfFormat.TRIG)


@pytest.fixture(scope="session")
def corpus_100_file(tmp_path_factory) -> Path:
    """100 generated documents built into one TriG file."""
    from filmgraph.synthetic import write_corpus

    folder = tmp_path_factory.mktemp("corpus100")
    write_corpus(folder / "docs", 100)
    path = folder / "corpus.trig"
    path.write_bytes(serialize(build([folder / "docs"]).quads, "trig"))
    return path


@pytest.fixture(scope="session")
def corpus_100(corpus_100_file: Path):
    from filmgraph.network import project_files

    return project_files([corpus_100_file])


@pytest.fixture(scope="session")
def _probe_httpd():
    """A loopback HTTP server that notes the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://x/s> <http://x/p> <http://x/o> .\n")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


@pytest.fixture
def probe_server(_probe_httpd):
    """The probe server's URL and the requests it got during this test (none at its start)."""
    url, hits = _probe_httpd
    hits.clear()
    return url, hits


@pytest.fixture(scope="session")
def web_page_server():
    """A loopback web server that is no SPARQL store: it answers every request with 200 and an HTML page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html>\n<html><body><h1>Welcome</h1></body></html>\n")

        do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


#: Runs the filmgraph command, then writes its process's own peak memory (VmHWM) on stderr.
_MEASURED = """
import atexit, sys
def report():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("\\nfilmgraph-peak-kib " + line.split()[1] + "\\n")
atexit.register(report)
sys.argv = ["filmgraph", *sys.argv[1:]]
from filmgraph.cli import main
main()
"""


def filmgraph_peak(*args: str) -> tuple[float, str]:
    """Run `filmgraph ARGS...` in a process of its own; its peak resident memory in MiB, and its stderr.

    The peak is the process's own high-water mark (VmHWM, after exec): the rusage that wait4
    gives keeps the parent's resident size at the fork, so a large test process would be
    measured instead of filmgraph.
    """
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    peak = [line for line in done.stderr.splitlines() if line.startswith("filmgraph-peak-kib ")]
    assert peak, done.stderr
    rest = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("filmgraph-peak-kib "))
    return int(peak[-1].split()[1]) / 1024, rest


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def start_endpoint():
    """Start `filmgraph serve` as its own process on a free loopback port; returns its base URL."""
    import subprocess
    import sys
    import time

    import httpx

    processes = []

    def start(*options: str, data=(HER_TTL,)) -> str:
        port = free_port()
        command = [sys.executable, "-m", "filmgraph.cli", "serve", *map(str, data), "--port", str(port), *options]
        log = tempfile.TemporaryFile()  # a pipe no one reads would stall a server that logs much
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"filmgraph serve ended: {log.read().decode(errors='replace')}")
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        pytest.fail("filmgraph serve did not answer in time")

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(15)
        except Exception:
            process.kill()


@pytest.fixture(scope="session")
def her_endpoint(start_endpoint) -> str:
    return start_endpoint()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
ServerThreads = 10
DirsAllowed = {db}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass
class StoreServer:
    """A SPARQL store on loopback: where its protocols answer, and what sets it apart."""

    base: str
    query_path: str
    graph_store_path: str
    update_path: str
    #: push's options to log in.
    login: tuple[str, ...] = ()
    #: Its SPARQL Update cannot create xsd:duration literals (Virtuoso 7.2, error SR553).
    update_refuses_durations: bool = False
    #: It orders strings by a collation, not by code point as Oxigraph does.
    collates_strings: bool = False
    #: A pattern for every triple it holds (Virtuoso's default graph is the union; Oxigraph's is its own).
    everything: str = "GRAPH ?g { ?s ?p ?o }"

    @property
    def sparql(self) -> str:
        return self.base + self.query_path

    @property
    def graph_store(self) -> str:
        return self.base + self.graph_store_path

    @property
    def update(self) -> str:
        return self.base + self.update_path

    @classmethod
    def virtuoso(cls, base: str) -> StoreServer:
        return cls(base, "/sparql", "/sparql-graph-crud-auth", "/sparql-auth", ("--user", "dba", "--password", "dba"),
                   update_refuses_durations=True, collates_strings=True,
                   everything="?s ?p ?o")

    @classmethod
    def oxigraph(cls, base: str) -> StoreServer:
        return cls(base, "/query", "/store", "/update")


def start_oxigraph(location, *, read_only: bool = False, timeout: float = 60):
    """`oxigraph serve` (or `serve-read-only`) on a free loopback port; the process and its base URL."""
    import subprocess
    import time

    import httpx

    executable = need_command("oxigraph")
    port = free_port()
    where = ["--location", str(location)] if location is not None else []  # None: in memory
    command = [executable, "serve-read-only" if read_only else "serve", *where, "--bind", f"127.0.0.1:{port}"]
    log = tempfile.TemporaryFile()  # a pipe no one reads would stall a server that logs much
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"oxigraph ended: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"oxigraph did not answer in {timeout:g} s")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """Oxigraph's own SPARQL server (PyPI package oxigraph), read-write, on loopback."""
    import subprocess

    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    yield StoreServer.oxigraph(base)
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(params=["virtuoso", "oxigraph_server"])
def store_server(request) -> StoreServer:
    """Each real store the push and --endpoint tests run against."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """OpenLink Virtuoso (Debian's virtuoso-opensource-7-bin) on loopback, account dba/dba."""
    import subprocess
    import time

    import httpx

    executable = need_command("virtuoso-t")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, isql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=folder, http_port=http_port, isql_port=isql_port))
    process = subprocess.Popen([executable, "-f", "-c", str(ini)], cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    server = StoreServer.virtuoso(f"http://127.0.0.1:{http_port}")
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t ended: {(folder / 'virtuoso.log').read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("virtuoso-t did not answer in 120 s")
        time.sleep(0.5)
    yield server
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = need_command("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class OfflinePage:
    """A page opened from a file with every network request blocked and recorded."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def blocked_requests(self) -> list[str]:
        return [r for r in self.requests if r != self.url]


# Recorded before any script of the page runs.
_WATCH = """
window.__sentinel = "intact";
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def open_offline(browser):
    """Open an HTML file offline; yields a function returning an OfflinePage once the graph is drawn."""
    contexts = []

    def open_file(path: Path, viewport=(1400, 900), ready: bool = True, bypass_csp: bool = False) -> OfflinePage:
        # bypass_csp lets a test inject axe-core (tests/axe.py); tests of the policy leave it off
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, offline=True,
                                      bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        opened = OfflinePage(page, path.resolve().as_uri())
        context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:")
                      else route.continue_())
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(_WATCH)
        page.goto(opened.url)
        if ready:
            page.wait_for_function("() => window.filmgraphReady === true", timeout=60_000)
        return opened

    yield open_file
    for context in contexts:
        context.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run the CLI in-process and return click's Result (stdout and stderr apart)."""

    def run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


SPARQL_PREFIXES = """
PREFIX fg: <https://w3id.org/filmgraph/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def select(store: ox.Store, query: str) -> list[tuple]:
    """Rows of a SELECT as plain Python values (IRIs and lexical forms as str)."""
    result = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(None if v is None else v.value for v in row) for row in result]
