"""filmgraph push, query --endpoint, viz and export --endpoint against Oxigraph's own server on loopback.

A second real store beside Virtuoso (tests/test_virtuoso.py): `oxigraph serve` from the PyPI
package `oxigraph`, with its Graph Store at /store, SPARQL Update at /update and queries at /query.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass

import httpx
import pytest
from conftest import HER_TTL, filmgraph_peak, free_port, need_command
from test_queries import _canonical
from test_virtuoso import BINDINGS

from filmgraph.catalog import named_queries
from filmgraph.network import project_files
from filmgraph.query import run_query
from filmgraph.remote import CATALOG_GRAPH, UNION_GRAPH, RemoteStore
from filmgraph.store import load_store
from filmgraph.views import concept_view

ID = "https://w3id.org/filmgraph/id/"


@dataclass
class OxigraphServer:
    base: str

    @property
    def sparql(self) -> str:
        return self.base + "/query"

    @property
    def graph_store(self) -> str:
        return self.base + "/store"

    @property
    def update(self) -> str:
        return self.base + "/update"


def start_oxigraph(location, *, read_only: bool = False, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """`oxigraph serve` (or `serve-read-only`) on a free loopback port; the process and its base URL."""
    executable = need_command("oxigraph")
    port = free_port()
    where = ["--location", str(location)] if location is not None else []  # None: in memory
    command = [executable, "serve-read-only" if read_only else "serve", *where, "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"oxigraph ended: {process.stderr.read().decode(errors='replace')[-2000:]}")
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
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    yield OxigraphServer(base)
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def _count(server, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    response = httpx.post(server.sparql, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _triples(path) -> int:
    """Distinct triples in a file (the count push reports and the store holds)."""
    import pyoxigraph as ox

    return len({(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))})


def _push(invoke, server, *data, protocol="gsp"):
    endpoint = server.graph_store if protocol == "gsp" else server.update
    extra = ["--query-endpoint", server.sparql] if protocol == "update" else []
    result = invoke("push", *data, "--endpoint", endpoint, "--protocol", protocol, *extra)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_her_twice_leaves_the_counts_unchanged(invoke, oxigraph_server, protocol):
    size = _triples(HER_TTL)
    result = _push(invoke, oxigraph_server, HER_TTL, protocol=protocol)
    assert f"pushed {size} triples in 1 graphs" in result.stderr
    graph = f"{ID}graph/default"
    counts = (_count(oxigraph_server, graph), _count(oxigraph_server, UNION_GRAPH),
              _count(oxigraph_server, CATALOG_GRAPH))
    assert counts == (size, size, 1)
    everything = _count(oxigraph_server)
    _push(invoke, oxigraph_server, HER_TTL, protocol=protocol)
    assert (_count(oxigraph_server, graph), _count(oxigraph_server, UNION_GRAPH),
            _count(oxigraph_server, CATALOG_GRAPH)) == counts
    assert _count(oxigraph_server) == everything


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_every_bundled_query_gives_the_same_rows_there(invoke, oxigraph_server, corpus_file, protocol):
    _push(invoke, oxigraph_server, corpus_file, protocol=protocol)
    local = load_store([corpus_file])
    remote = RemoteStore(oxigraph_server.sparql)
    assert remote.graphs() == sorted(g.value for g in local.named_graphs())  # the documents, derived, links
    for name, query in named_queries().items():
        runs = [{}]
        for param in query.params:
            runs.append(BINDINGS.get(param.split()[0], {}))
        for bindings in runs:
            ours = run_query(local, name, bindings, timeout=None)
            theirs = remote.run(name, bindings)
            assert _canonical(theirs, query.text) == _canonical(ours, query.text), (name, bindings)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_second_push_replaces_and_removes_what_is_gone(invoke, oxigraph_server, corpus_file, protocol):
    _push(invoke, oxigraph_server, corpus_file, protocol=protocol)
    union = _count(oxigraph_server, UNION_GRAPH)
    orbit = f"{ID}document/quiet_orbit"
    assert _count(oxigraph_server, orbit) > 0
    _push(invoke, oxigraph_server, corpus_file, protocol=protocol)
    assert _count(oxigraph_server, UNION_GRAPH) == union
    result = _push(invoke, oxigraph_server, HER_TTL, protocol=protocol)
    assert f"deleted <{orbit}>" in result.stderr
    assert _count(oxigraph_server, orbit) == 0
    assert _count(oxigraph_server, UNION_GRAPH) == _triples(HER_TTL)


def test_viz_export_and_query_from_the_store(invoke, oxigraph_server, tmp_path):
    _push(invoke, oxigraph_server, HER_TTL)
    for view, local in (("concept", concept_view(project_files([HER_TTL]))), ("rdf", project_files([HER_TTL]))):
        out = tmp_path / f"her-{view}.graphml"
        result = invoke("export", "--endpoint", oxigraph_server.sparql, "-o", out, "--view", view)
        assert result.exit_code == 0, result.stderr
        assert f"{local.number_of_nodes()} nodes, {local.number_of_edges()} edges" in result.stderr
    page = tmp_path / "her.html"
    assert invoke("viz", "--endpoint", oxigraph_server.sparql, "-o", page).exit_code == 0
    assert "<title>Her — filmgraph</title>" in page.read_text(encoding="utf-8")
    result = invoke("query", "film-card", "--endpoint", oxigraph_server.sparql, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert ",PT2H6M," in result.stdout.splitlines()[1]
    remote = RemoteStore(oxigraph_server.sparql)
    assert remote.run("ASK { ?f a <https://schema.org/Movie> }").boolean is True
    assert remote.run("ASK { <http://example.org/none> ?p ?o }").boolean is False
    refused = invoke("query", "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "--endpoint",
                     oxigraph_server.sparql)
    assert refused.exit_code == 1 and "SERVICE is refused" in refused.stderr


def test_update_without_a_query_endpoint_says_to_give_one(invoke, oxigraph_server):
    """Oxigraph answers updates at /update and queries at /query: the catalog cannot be read at /update."""
    result = invoke("push", HER_TTL, "--endpoint", oxigraph_server.update, "--protocol", "update")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {oxigraph_server.update} answered HTTP 400")
    assert result.stderr.rstrip().endswith("give it with --query-endpoint")
    assert result.stderr.count("\n") == 1


def _synthetic_trig(path, graphs: int, per_graph: int) -> int:
    """A TriG file of many graphs of long literals, written without any RDF library; its triple count."""
    filler = "lorem ipsum dolor sit amet " * 6
    with open(path, "w", encoding="utf-8") as out:
        for g in range(graphs):
            out.write(f"<http://example.org/g/{g}> {{\n")
            for i in range(per_graph):
                out.write(f'<http://example.org/s/{g}/{i // 10}> <http://example.org/p/{i % 10}> '
                          f'"statement {i} of graph {g}: {filler}" .\n')
            out.write("}\n")
    return graphs * per_graph


def test_push_streams_in_bounded_memory(tmp_path):
    """push reads the data graph by graph and sends it in batches: pushing 200,000 triples (51 MB of
    TriG) to an in-memory Oxigraph server peaks near what pushing Her does (about 85 MiB), where
    holding every graph and the union as sets of lines took about 230 MiB."""
    process, base = start_oxigraph(None)
    try:
        data = tmp_path / "big.trig"
        triples = _synthetic_trig(data, 200, 1000)
        peak, stderr = filmgraph_peak("push", str(data), "--endpoint", base + "/store")
        assert f"pushed {triples} triples in 200 graphs" in stderr
        assert _count(OxigraphServer(base), UNION_GRAPH) == triples
        assert peak < 150, f"peak {peak:.0f} MiB"
    finally:
        process.terminate()
        process.wait(30)
