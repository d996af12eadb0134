"""filmgraph push, query --endpoint, viz and export --endpoint against real SPARQL stores on loopback:
OpenLink Virtuoso and Oxigraph's own server (`oxigraph serve`), both protocols on each."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from conftest import HER_TTL, StoreServer, filmgraph_peak, start_oxigraph
from test_queries import _canonical

from filmgraph.catalog import named_queries
from filmgraph.network import project_files
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.remote import CATALOG_GRAPH, UNION_GRAPH, RemoteStore
from filmgraph.store import load_store
from filmgraph.views import concept_view

ID = "https://w3id.org/filmgraph/id/"
BINDINGS = {"film": {"film": f"{ID}film/her-2013"}, "motif": {"motif": f"{ID}motif/the-color-red"},
            "node": {"node": f"{ID}film/her-2013/motif/the-color-red"}, "kind": {"kind": "theme"}}

#: Queries whose ORDER BY reaches free text (alternative theme splits), where a store that
#: collates strings and Oxigraph's code-point order differ.
ORDERED_BY_FREE_TEXT = {"statement-source"}


def count(server: StoreServer, graph: str | None = None) -> int:
    """Triples in a graph of the store, or in all of it."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else server.everything
    response = httpx.post(server.sparql, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def triples(path) -> int:
    """Distinct triples in a file (the count push reports and the store holds)."""
    return len({(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))})


def pushable(server: StoreServer, path, protocol: str, folder):
    """The data as the store's protocol can take it: without xsd:duration literals for a
    SPARQL Update that cannot create them (its Graph Store takes them, so those tests push
    everything)."""
    if protocol == "gsp" or not server.update_refuses_durations:
        return path
    quads = [(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name) if not isinstance(
        q.graph_name, ox.DefaultGraph) else "") for q in ox.parse(path=str(path))
        if not (isinstance(q.object, ox.Literal) and q.object.datatype.value.endswith("#duration"))]
    out = folder / (path.stem + "-no-durations.trig")
    out.write_bytes(serialize(quads, "trig"))
    return out


def push(invoke, server: StoreServer, *data, protocol="gsp"):
    endpoint = server.graph_store if protocol == "gsp" else server.update
    extra = ["--query-endpoint", server.sparql] if protocol == "update" else []
    result = invoke("push", *data, "--endpoint", endpoint, *server.login, "--protocol", protocol, *extra)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_her_twice_leaves_the_counts_unchanged(invoke, store_server, protocol, tmp_path):
    data = pushable(store_server, HER_TTL, protocol, tmp_path)
    size = triples(data)
    result = push(invoke, store_server, data, protocol=protocol)
    assert f"pushed {size} triples in 1 graphs" in result.stderr
    graph = f"{ID}graph/default"
    counts = (count(store_server, graph), count(store_server, UNION_GRAPH), count(store_server, CATALOG_GRAPH))
    assert counts == (size, size, 1)
    everything = count(store_server)
    push(invoke, store_server, data, protocol=protocol)
    assert (count(store_server, graph), count(store_server, UNION_GRAPH),
            count(store_server, CATALOG_GRAPH)) == counts
    assert count(store_server) == everything


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_every_bundled_query_gives_the_same_rows_there(invoke, store_server, corpus_file, protocol, tmp_path):
    data = pushable(store_server, corpus_file, protocol, tmp_path)
    push(invoke, store_server, data, protocol=protocol)
    local = load_store([data])
    remote = RemoteStore(store_server.sparql)
    assert remote.graphs() == sorted(g.value for g in local.named_graphs())  # the documents, derived, links
    for name, query in named_queries().items():
        runs = [{}]
        for param in query.params:
            runs.append(BINDINGS.get(param.split()[0], {}))
        for bindings in runs:
            ours = run_query(local, name, bindings, timeout=None)
            theirs = remote.run(name, bindings)
            theirs_rows, ours_rows = _canonical(theirs, query.text), _canonical(ours, query.text)
            if store_server.collates_strings and name in ORDERED_BY_FREE_TEXT:  # the same rows, in its order
                theirs_rows, ours_rows = [(r[0], sorted(r[1], key=repr)) for r in (theirs_rows, ours_rows)]
            assert theirs_rows == ours_rows, (name, bindings)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_second_push_replaces_and_removes_what_is_gone(invoke, store_server, corpus_file, protocol, tmp_path):
    data = pushable(store_server, corpus_file, protocol, tmp_path)
    push(invoke, store_server, data, protocol=protocol)
    union = count(store_server, UNION_GRAPH)
    orbit = f"{ID}document/quiet_orbit"
    assert count(store_server, orbit) > 0
    push(invoke, store_server, data, protocol=protocol)
    assert count(store_server, UNION_GRAPH) == union
    her = pushable(store_server, HER_TTL, protocol, tmp_path)
    result = push(invoke, store_server, her, protocol=protocol)
    assert f"deleted <{orbit}>" in result.stderr
    assert count(store_server, orbit) == 0
    assert count(store_server, UNION_GRAPH) == triples(her)


def test_viz_export_and_query_from_the_store(invoke, store_server, tmp_path):
    push(invoke, store_server, HER_TTL)
    for view, local in (("concept", concept_view(project_files([HER_TTL]))), ("rdf", project_files([HER_TTL]))):
        out = tmp_path / f"her-{view}.graphml"
        result = invoke("export", "--endpoint", store_server.sparql, "-o", out, "--view", view)
        assert result.exit_code == 0, result.stderr
        assert f"{local.number_of_nodes()} nodes, {local.number_of_edges()} edges" in result.stderr
    page = tmp_path / "her.html"
    assert invoke("viz", "--endpoint", store_server.sparql, "-o", page).exit_code == 0
    assert "<title>Her — filmgraph</title>" in page.read_text(encoding="utf-8")
    result = invoke("query", "film-card", "--endpoint", store_server.sparql, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert ",PT2H6M," in result.stdout.splitlines()[1]  # Virtuoso sends 7560.0 seconds; filmgraph puts it back
    remote = RemoteStore(store_server.sparql)
    assert remote.run("ASK { ?f a <https://schema.org/Movie> }").boolean is True
    assert remote.run("ASK { <http://example.org/none> ?p ?o }").boolean is False
    refused = invoke("query", "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "--endpoint",
                     store_server.sparql)
    assert refused.exit_code == 1 and "SERVICE is refused" in refused.stderr


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


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_graph_larger_than_a_batch_is_replaced_whole(invoke, store_server, protocol, tmp_path):
    """A graph of 45,000 triples goes in three batches (a PUT, then POSTs after it; with
    Oxigraph's server, its bulk loader; with Update, INSERT DATA of a few thousand triples
    each); pushed again, it is replaced, not added to."""
    for per_graph in (45_000, 41_000):  # the second push states less: what is gone must go
        data = tmp_path / f"big-{per_graph}.trig"
        size = _synthetic_trig(data, 1, per_graph)
        result = push(invoke, store_server, data, protocol=protocol)
        assert f"pushed {size} triples in 1 graphs" in result.stderr
        assert count(store_server, "http://example.org/g/0") == size
        assert count(store_server, UNION_GRAPH) == size


def test_push_streams_in_bounded_memory(tmp_path):
    """push reads the data graph by graph and sends it in batches: pushing 200,000 triples (51 MB of
    TriG) to an in-memory Oxigraph server peaks near what pushing Her does (about 85 MiB), where
    holding every graph and the union as sets of lines took about 230 MiB."""
    process, base = start_oxigraph(None)
    try:
        data = tmp_path / "big.trig"
        size = _synthetic_trig(data, 200, 1000)
        peak, stderr = filmgraph_peak("push", str(data), "--endpoint", base + "/store")
        assert f"pushed {size} triples in 200 graphs" in stderr
        assert count(StoreServer.oxigraph(base), UNION_GRAPH) == size
        assert peak < 150, f"peak {peak:.0f} MiB"
    finally:
        process.terminate()
        process.wait(30)
