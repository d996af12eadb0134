"""The Python API a notebook uses: filmgraph.build / load / connect and the Graph they return."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import filmgraph
from conftest import DOCUMENTS, HER_TTL, ROOT, SEED

HER = "https://w3id.org/filmgraph/id/film/her-2013"
ORBIT = "https://w3id.org/filmgraph/id/film/quiet-orbit-2021"


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch) -> Path:
    """Run in an empty folder, to see that nothing is written there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_notebook_snippet_on_the_seed(empty_cwd):
    g = filmgraph.build([ROOT / "seeds"])
    rows = g.query("cast", film=HER).to_dicts()
    assert [r["name"] for r in rows] == ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna",
                                         "Lisa Renee Pitts", "Gabe Gomez"]
    assert [r["order"] for r in rows] == [1, 2, 3, 4, 5]
    titles = g.query("SELECT ?t WHERE { ?f a <https://schema.org/Movie> ; <https://schema.org/name> ?t }")
    assert [r["t"] for r in titles] == ["Her"]
    assert g.validate().conforms
    assert g.serialize("turtle") == HER_TTL.read_bytes()  # the same bytes as `filmgraph build -o x.ttl`
    network = g.to_networkx(kinds=["film", "theme"])
    assert isinstance(network, nx.MultiDiGraph)
    assert sorted(d["kind"] for _, d in network.nodes(data=True)) == ["film"] + ["theme"] * 4
    assert g.stats().total.triples == 544
    assert _files_under(empty_cwd) == []  # nothing written so far
    page = g.write_html("her.html")
    assert page.read_bytes().startswith(b"<!DOCTYPE html>") and _files_under(empty_cwd) == ["her.html"]


def test_the_snippet_on_the_test_documents(empty_cwd):
    g = filmgraph.build([SEED, DOCUMENTS])
    assert g.documents == 4 and [w.line for w in g.warnings] == [10, 9]
    rows = g.query("cast", {"film": ORBIT}).to_dicts()
    assert [r["name"] for r in rows] == ["Zoë Marchetti", "Joaquin Phoenix", "Émile Durand"]
    assert g.query("film-themes", film=ORBIT, limit=1).rows  # limit and parameters together
    assert g.validate().conforms
    loaded_the_cli_way = filmgraph.build([SEED, DOCUMENTS]).serialize("trig")
    assert g.serialize("trig") == loaded_the_cli_way
    counts = {r["label"]: r["films"] for r in g.query("concept-counts", kind="theme").to_dicts()}
    assert counts["Loneliness and the Need for Connection"] == 2
    assert _files_under(empty_cwd) == []


def test_a_loaded_graph_answers_as_the_built_one(corpus_file):
    built = filmgraph.build([SEED, DOCUMENTS])
    loaded = filmgraph.load([corpus_file])
    for name, params in (("cast", {"film": ORBIT}), ("similar-films", {"film": HER}), ("sanity", {})):
        assert built.query(name, **params).to_dicts() == loaded.query(name, **params).to_dicts()
    assert loaded.serialize("trig") == built.serialize("trig")
    assert loaded.validate().conforms


def test_parameters_are_typed_terms(her_ttl):
    g = filmgraph.load([HER_TTL])
    text = "SELECT ?f WHERE { ?f <https://schema.org/name> ?title }"
    assert g.query(text, title='"Her"@en').rows and not g.query(text, title="Her").rows  # plain text is no @en
    count = "SELECT ?n WHERE { ?r <https://w3id.org/filmgraph/billingOrder> ?n }"
    assert [r["n"] for r in g.query(count, n=2)] == [2]


def test_the_refusals_hold_and_no_bypass_is_public(probe_server):
    url, hits = probe_server
    g = filmgraph.load([HER_TTL])
    for query in (f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}", f"LOAD <{url}/y>",
                  f"SELECT * FROM <{url}/z> WHERE {{ ?s ?p ?o }}", "INSERT DATA { <x:a> <x:b> <x:c> }"):
        with pytest.raises(filmgraph.QueryError, match="refused"):
            g.query(query)
    assert hits == []
    public = {name for name in dir(g) if not name.startswith("_")}
    assert public == {"documents", "html", "quads", "query", "serialize", "skipped", "stats", "to_networkx",
                      "triple_count", "validate", "warnings", "write", "write_html"}
    assert sorted(filmgraph.__all__) == ["DatasetStats", "FilmgraphError", "Graph", "InputError", "QueryError",
                                        "QueryResult", "ValidationReport", "__version__", "build", "connect", "load"]


def test_to_dataframe_needs_pandas_only_when_called(her_ttl):
    result = filmgraph.load([HER_TTL]).query("cast", film=HER)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(filmgraph.QueryError, match="needs pandas"):
            result.to_dataframe()
    else:
        frame = result.to_dataframe()
        assert list(frame.columns) == result.variables and len(frame) == 5


def test_bad_input_raises_the_libraries_errors(tmp_path):
    with pytest.raises(filmgraph.InputError, match="no such file or folder"):
        filmgraph.build([tmp_path / "missing"])
    bad = tmp_path / "bad.txt"
    bad.write_text("", encoding="utf-8")
    with pytest.raises(filmgraph.InputError, match="file is empty"):
        filmgraph.build([bad])
    assert filmgraph.build([bad, SEED], skip_bad=True).documents == 1
    with pytest.raises(filmgraph.QueryError, match="no variable"):
        filmgraph.load([HER_TTL]).query("cast", flim=HER)


def test_a_local_graph_and_a_store_answer_alike(invoke, virtuoso, corpus_file):
    result = invoke("push", corpus_file, "--endpoint", virtuoso.graph_store, "--user", "dba", "--password", "dba")
    assert result.exit_code == 0, result.stderr
    local, remote = filmgraph.load([corpus_file]), filmgraph.connect(virtuoso.sparql)
    for name, params in (("cast", {"film": ORBIT}), ("film-motifs", {"film": HER}), ("box-office", {})):
        assert remote.query(name, **params).to_dicts() == local.query(name, **params).to_dicts(), name
    with pytest.raises(filmgraph.QueryError, match="refused"):
        remote.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert remote.to_networkx(kinds=["film"]).number_of_nodes() == 4


def test_wrong_arguments_are_the_libraries_errors():
    g = filmgraph.load(HER_TTL)  # one path is a list of one
    assert g.query("sanity").boolean is True
    for bad in (None, 5):
        with pytest.raises(filmgraph.QueryError, match="a query is text"):
            g.query(bad)
    with pytest.raises(filmgraph.QueryError, match="bindings are a dict"):
        g.query("cast", [1, 2])
    for value in ({"a": 1}, None, [HER], float("nan")):
        with pytest.raises(filmgraph.QueryError, match="film: "):
            g.query("cast", film=value)
    count = "SELECT ?n WHERE { VALUES ?n { 2.5e0 } }"
    assert g.query(count, n=2.5).rows  # a float is an xsd:double
    assert g.to_networkx(kinds="film").number_of_nodes() == 1
    with pytest.raises(filmgraph.FilmgraphError, match="'bogus': kinds are"):
        g.to_networkx(kinds=["bogus"])
    with pytest.raises(filmgraph.FilmgraphError, match="unknown RDF format 'ttl'"):
        g.serialize("ttl")
    with pytest.raises(filmgraph.InputError, match="expected a path or a list of paths"):
        filmgraph.build([SEED, 3])


def test_the_package_s_modules_are_its_attributes_though_loaded_when_used():
    """filmgraph.api, filmgraph.builder ... reach their modules, as before the names were loaded
    lazily; a name that is none is an AttributeError; dir() shows no private helper."""
    import filmgraph.builder as builder_module

    assert filmgraph.builder is builder_module and filmgraph.api.Graph is filmgraph.Graph
    with pytest.raises(AttributeError):
        filmgraph.no_such_thing  # noqa: B018
    assert {"Graph", "build", "api"} <= set(dir(filmgraph))
    assert not {"Any", "TYPE_CHECKING", "import_module"} & set(dir(filmgraph))
