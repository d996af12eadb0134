"""--no-links on the commands that read data (query, serve, viz, export) and with_links=False
in the Python API: the links graph a build derived is left out, the rest is untouched."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import filmgraph
from filmgraph.builder import BuildOptions, build
from filmgraph.rdfio import serialize

HER = "https://w3id.org/filmgraph/id/film/her-2013"
EVOKES_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?reading <https://w3id.org/filmgraph/evokes> ?theme }"


@pytest.fixture(scope="module")
def without_links(corpus_sources: list[Path], tmp_path_factory) -> Path:
    """The same corpus built with --no-links, as TriG."""
    path = tmp_path_factory.mktemp("no-links") / "without.trig"
    path.write_bytes(serialize(build(corpus_sources, BuildOptions(derive=False)).quads, "trig"))
    return path


@pytest.fixture(scope="module")
def union_turtle(corpus_sources: list[Path], tmp_path_factory) -> Path:
    """The corpus with its links as Turtle: one graph, the links merged in."""
    path = tmp_path_factory.mktemp("no-links") / "corpus.ttl"
    path.write_bytes(serialize(build(corpus_sources).quads, "turtle"))
    return path


def _count(result) -> int:
    return int(result.stdout.splitlines()[1])


def test_loading_without_links_is_the_build_without_them(corpus_file: Path, without_links: Path) -> None:
    left_out = filmgraph.load(corpus_file, with_links=False).serialize("nquads")
    assert left_out == filmgraph.load(without_links).serialize("nquads")
    assert left_out != filmgraph.load(corpus_file).serialize("nquads")


def test_query_leaves_the_links_out(invoke, corpus_file: Path, without_links: Path) -> None:
    assert _count(invoke("query", EVOKES_COUNT, "-d", corpus_file, "--format", "csv")) > 0
    assert _count(invoke("query", EVOKES_COUNT, "-d", corpus_file, "--format", "csv", "--no-links")) == 0
    derived = invoke("query", "motif-themes", "-d", corpus_file, "--format", "csv")
    assert len(derived.stdout.splitlines()) > 1
    left_out = invoke("query", "motif-themes", "-d", corpus_file, "--format", "csv", "--no-links")
    assert left_out.exit_code == 0 and len(left_out.stdout.splitlines()) == 1  # the header alone
    # what the documents state answers the same, and as from a build without links
    every_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert (invoke("query", every_graph, "-d", corpus_file, "--format", "csv", "--no-links").stdout
            == invoke("query", every_graph, "-d", without_links, "--format", "csv").stdout)
    cast = ("cast", "--bind", f"film={HER}", "--format", "csv")
    assert invoke("query", *cast, "-d", corpus_file, "--no-links").stdout == invoke("query", *cast, "-d", corpus_file).stdout


def test_a_persistent_store_is_loaded_again_when_the_choice_changes(invoke, corpus_file: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    counts = [_count(invoke("query", EVOKES_COUNT, "-d", corpus_file, "--store", store, "--format", "csv", *flag))
              for flag in [(), ("--no-links",), ()]]
    assert counts[0] > 0 and counts[1] == 0 and counts[2] == counts[0]


def test_links_in_one_graph_cannot_be_left_out(invoke, union_turtle: Path, corpus_sources: list[Path],
                                               tmp_path: Path) -> None:
    result = invoke("query", "cast", "-d", union_turtle, "--no-links")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {union_turtle}: holds derived links in its one graph, where they cannot be told apart from what "
        "the documents state; build it with --no-links, or as TriG or N-Quads"]
    assert "Traceback" not in result.output
    plain = tmp_path / "plain.ttl"
    plain.write_bytes(serialize(build(corpus_sources, BuildOptions(derive=False)).quads, "turtle"))
    assert invoke("query", "cast", "-d", plain, "--no-links", "--bind", f"film={HER}").exit_code == 0


def test_no_links_is_for_files_not_endpoints(invoke, corpus_file: Path) -> None:
    for command in (["query", "cast"], ["viz", "-o", "x.html"]):
        result = invoke(*command, "--endpoint", "http://127.0.0.1:9/sparql", "--no-links")
        assert result.exit_code == 2 and "--no-links" in result.stderr


def test_the_viewer_draws_no_derived_links(invoke, corpus_file: Path, tmp_path: Path) -> None:
    def derived(graph) -> int:
        return sum(1 for *_, data in graph.edges(data=True) if data.get("derived"))

    assert derived(filmgraph.load(corpus_file).to_networkx()) > 0
    assert derived(filmgraph.load(corpus_file, with_links=False).to_networkx()) == 0
    page = tmp_path / "page.html"
    result = invoke("viz", corpus_file, "-o", page, "--no-links")
    assert result.exit_code == 0 and page.exists()
    graph = filmgraph.load(corpus_file, with_links=False).to_networkx()
    assert result.stderr.strip() == f"wrote {page}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"


def test_an_endpoint_serves_without_links(start_endpoint, corpus_file: Path) -> None:
    counts = []
    for options in [(), ("--no-links",)]:
        base = start_endpoint(*options, data=(corpus_file,))
        answer = httpx.post(base + "/sparql", data={"query": EVOKES_COUNT},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200
        counts.append(int(answer.json()["results"]["bindings"][0]["n"]["value"]))
        page = httpx.get(base + "/", timeout=30).text
        assert "--no-links" in page
    assert counts[0] > 0 and counts[1] == 0


@pytest.mark.parametrize("base", ["https://example.org/films/", "https://example.org/films#"])
def test_the_links_graph_is_found_under_any_base(corpus_sources: list[Path], tmp_path: Path, invoke, base: str) -> None:
    for name, derive in (("with", True), ("without", False)):
        (tmp_path / f"{name}.nq").write_bytes(serialize(build(corpus_sources[:2], BuildOptions(base=base, derive=derive)).quads,
                                                        "nquads"))
        (tmp_path / f"{name}.ttl").write_bytes(serialize(build(corpus_sources[:2], BuildOptions(base=base, derive=derive)).quads,
                                                         "turtle"))
    left_out = filmgraph.load(tmp_path / "with.nq", with_links=False).serialize("nquads")
    assert left_out == filmgraph.load(tmp_path / "without.nq").serialize("nquads")
    assert left_out != filmgraph.load(tmp_path / "with.nq").serialize("nquads")
    assert invoke("query", "cast", "-d", tmp_path / "with.ttl", "--no-links").exit_code == 1
    assert invoke("query", EVOKES_COUNT, "-d", tmp_path / "without.ttl", "--no-links").exit_code == 0
