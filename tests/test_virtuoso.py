"""filmgraph push, query --endpoint and viz --endpoint against a real OpenLink Virtuoso on loopback."""

from __future__ import annotations

import httpx
import pytest
from conftest import HER_TTL
from test_queries import _canonical

from filmgraph.catalog import named_queries
from filmgraph.network import project_files
from filmgraph.query import run_query
from filmgraph.remote import CATALOG_GRAPH, UNION_GRAPH, RemoteStore, canonical_duration
from filmgraph.store import load_store
from filmgraph.views import concept_view

ID = "https://w3id.org/filmgraph/id/"
BINDINGS = {"film": {"film": f"{ID}film/her-2013"}, "motif": {"motif": f"{ID}motif/the-color-red"},
            "node": {"node": f"{ID}film/her-2013/motif/the-color-red"}, "kind": {"kind": "theme"}}


#: Queries whose ORDER BY reaches free text (alternative theme splits), where Virtuoso's string
#: collation and Oxigraph's code-point order differ.
ORDERED_BY_FREE_TEXT = {"statement-source"}


def _count(virtuoso, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = httpx.post(virtuoso.sparql, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                          headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _triples(path) -> int:
    """Distinct triples in a file (the count push reports and the store holds)."""
    import pyoxigraph as ox

    return len({(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))})


def _push(invoke, virtuoso, *data, protocol="gsp"):
    endpoint = virtuoso.graph_store if protocol == "gsp" else virtuoso.update
    extra = ["--query-endpoint", virtuoso.sparql] if protocol == "update" else []
    result = invoke("push", *data, "--endpoint", endpoint, "--user", "dba", "--password", "dba",
                    "--protocol", protocol, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def _without_durations(path, folder):
    """The same data without xsd:duration literals, which Virtuoso 7.2's SPARQL Update cannot
    create (error SR553); its Graph Store takes them, so the Graph Store tests push everything."""
    import pyoxigraph as ox

    from filmgraph.rdfio import serialize

    quads = [(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name) if not isinstance(
        q.graph_name, ox.DefaultGraph) else "") for q in ox.parse(path=str(path))
        if not (isinstance(q.object, ox.Literal) and q.object.datatype.value.endswith("#duration"))]
    out = folder / (path.stem + "-no-durations.trig")
    out.write_bytes(serialize(quads, "trig"))
    return out


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_her_twice_leaves_the_counts_unchanged(invoke, virtuoso, protocol, tmp_path):
    data = HER_TTL if protocol == "gsp" else _without_durations(HER_TTL, tmp_path)
    size = _triples(data)
    result = _push(invoke, virtuoso, data, protocol=protocol)
    assert f"pushed {size} triples in 1 graphs" in result.stderr
    graph = f"{ID}graph/default"
    counts = (_count(virtuoso, graph), _count(virtuoso, UNION_GRAPH), _count(virtuoso, CATALOG_GRAPH))
    assert counts == (size, size, 1)
    everything = _count(virtuoso)
    _push(invoke, virtuoso, data, protocol=protocol)
    assert (_count(virtuoso, graph), _count(virtuoso, UNION_GRAPH), _count(virtuoso, CATALOG_GRAPH)) == counts
    assert _count(virtuoso) == everything


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_every_bundled_query_gives_the_same_rows_there(invoke, virtuoso, corpus_file, protocol, tmp_path):
    data = corpus_file if protocol == "gsp" else _without_durations(corpus_file, tmp_path)
    _push(invoke, virtuoso, data, protocol=protocol)
    local = load_store([data])
    remote = RemoteStore(virtuoso.sparql)
    assert remote.graphs() == sorted(g.value for g in local.named_graphs())  # the documents, derived, links
    for name, query in named_queries().items():
        runs = [{}]
        for param in query.params:
            runs.append(BINDINGS.get(param.split()[0], {}))
        for bindings in runs:
            ours = run_query(local, name, bindings, timeout=None)
            theirs = remote.run(name, bindings)
            theirs_rows, ours_rows = _canonical(theirs, query.text), _canonical(ours, query.text)
            if name in ORDERED_BY_FREE_TEXT:  # Virtuoso collates strings otherwise: the same rows, in its order
                theirs_rows, ours_rows = [(r[0], sorted(r[1], key=repr)) for r in (theirs_rows, ours_rows)]
            assert theirs_rows == ours_rows, (name, bindings)


def test_a_second_push_replaces_and_removes_what_is_gone(invoke, virtuoso, corpus_file):
    _push(invoke, virtuoso, corpus_file)
    union = _count(virtuoso, UNION_GRAPH)
    orbit = f"{ID}document/quiet_orbit"
    assert _count(virtuoso, orbit) > 0
    result = _push(invoke, virtuoso, corpus_file)
    assert _count(virtuoso, UNION_GRAPH) == union
    result = _push(invoke, virtuoso, HER_TTL)
    assert f"deleted <{orbit}>" in result.stderr
    assert _count(virtuoso, orbit) == 0
    assert _count(virtuoso, UNION_GRAPH) == _triples(HER_TTL)


def test_viz_and_export_from_the_store(invoke, virtuoso, tmp_path):
    _push(invoke, virtuoso, HER_TTL)
    for view, local in (("concept", concept_view(project_files([HER_TTL]))), ("rdf", project_files([HER_TTL]))):
        out = tmp_path / f"her-{view}.graphml"
        result = invoke("export", "--endpoint", virtuoso.sparql, "-o", out, "--view", view)
        assert result.exit_code == 0, result.stderr
        assert f"{local.number_of_nodes()} nodes, {local.number_of_edges()} edges" in result.stderr
    page = tmp_path / "her.html"
    assert invoke("viz", "--endpoint", virtuoso.sparql, "-o", page).exit_code == 0
    assert "<title>Her — filmgraph</title>" in page.read_text(encoding="utf-8")


def test_query_command_against_the_store(invoke, virtuoso):
    _push(invoke, virtuoso, HER_TTL)
    result = invoke("query", "film-card", "--endpoint", virtuoso.sparql, "--format", "csv")
    assert result.exit_code == 0
    row = result.stdout.splitlines()[1]
    assert ",PT2H6M," in row  # Virtuoso sends 7560.0 seconds; filmgraph puts the duration back
    remote = RemoteStore(virtuoso.sparql)
    assert remote.run("ASK { ?f a <https://schema.org/Movie> }").boolean is True
    assert remote.run("ASK { <http://example.org/none> ?p ?o }").boolean is False
    refused = invoke("query", "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "--endpoint",
                     virtuoso.sparql)
    assert refused.exit_code == 1 and "SERVICE is refused" in refused.stderr


def test_wrong_password_is_one_error_line(invoke, virtuoso):
    result = invoke("push", HER_TTL, "--endpoint", virtuoso.graph_store, "--user", "dba", "--password", "wrong")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {virtuoso.graph_store}: ") and "HTTP 401" in result.stderr
    assert result.stderr.count("\n") == 1


def test_unreachable_store_is_one_error_line(invoke):
    from conftest import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    result = invoke("push", HER_TTL, "--endpoint", endpoint)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {endpoint}: ConnectError")


@pytest.mark.parametrize("args, problem", [
    (("push", HER_TTL), f"reading the catalog <{CATALOG_GRAPH}> gave no N-Triples "
                        "(text/html; charset=utf-8: '<!DOCTYPE html> <html><body><h1>Welcome</h1></body></html>'): "
                        "is this a Graph Store endpoint?"),
    (("push", HER_TTL, "--protocol", "update", "--query-endpoint", "{url}"), "the answer is not SPARQL JSON results "
     "(text/html; charset=utf-8: '<!DOCTYPE html> <html><body><h1>Welcome</h1></body></html>'): "
     "is this a SPARQL endpoint?"),
    (("query", "cast"), "the answer is not SPARQL JSON results"),
    (("viz", "-o", "{tmp}/page.html"), "the answer is not SPARQL JSON results"),
])
def test_a_web_server_that_is_no_store_is_one_error_line(invoke, web_page_server, tmp_path, args, problem):
    args = [str(a).format(url=web_page_server, tmp=tmp_path) for a in args]
    result = invoke(*args, "--endpoint", web_page_server)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {web_page_server}: {problem}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize("seconds, canonical", [("7560.0", "PT2H6M"), ("7560", "PT2H6M"), ("0", "PT0S"),
                                                ("90061.5", "P1DT1H1M1.5S"), ("-60", "-PT1M"),
                                                ("PT126M", "PT126M")])
def test_canonical_duration(seconds, canonical):
    assert canonical_duration(seconds) == canonical
