"""Two analyses of one film: one film node, both documents' readings (each traced to its own
document), the facts they agree on stated once, the ones they do not listed."""

from __future__ import annotations

import pytest
from conftest import SEED

import filmgraph
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.store import load_quads, load_store

ID = "https://w3id.org/filmgraph/id/"
HER = f"{ID}film/her-2013"


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """The seed and a second analysis of Her: another runtime and rating, other readings."""
    folder = tmp_path_factory.mktemp("two")
    text = SEED.read_text(encoding="utf-8")
    second = (text.replace("126 min", "120 min").replace("⭐ 7.8 (14,844)", "⭐ 8.1 (20,000)")
              .replace("High-Waisted Pants", "The Ear Piece")
              .replace("Red symbolizes love, connection, and Theodore's emotional world.",
                       "Red is the colour of Theodore's longing, and of the warmth he cannot hold."))
    assert second != text
    (folder / "her.txt").write_text(text, encoding="utf-8")
    (folder / "her-second-look.txt").write_text(second, encoding="utf-8")
    return folder


def _rows(store, query, bindings=None):
    result = run_query(store, query, bindings, timeout=None, inline=bindings is None and " " in query)
    return [{k: (None if v is None else v.value) for k, v in zip(result.variables, row)} for row in result.rows]


def test_one_film_with_both_analyses_each_traced_to_its_document(two, tmp_path):
    graph = filmgraph.build([two])
    out = tmp_path / "two.trig"
    out.write_bytes(serialize(graph.quads(), "trig"))
    store = load_store([out])
    films = _rows(store, "SELECT DISTINCT ?f WHERE { ?f a <https://schema.org/Movie> }")
    assert [r["f"] for r in films] == [HER]
    readings = _rows(store, f"""SELECT ?reading ?label WHERE {{ <{HER}> <https://w3id.org/filmgraph/hasMotifReading> ?reading .
        ?reading <https://w3id.org/filmgraph/motif>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}""")
    by_document = {}
    for row in readings:
        source = run_query(store, "provenance", {"node": row["reading"]}, timeout=None)
        files = {dict(zip(source.variables, r))["file"].value for r in source.rows}
        assert len(files) == 1, row  # each reading is one document's
        by_document.setdefault(files.pop(), set()).add(row["label"])
    assert by_document["her.txt"] >= {"The Color Red", "High-Waisted Pants"}
    assert by_document["her-second-look.txt"] >= {"The Color Red", "The Ear Piece"}
    assert all(r["reading"].startswith(f"{HER}/by/") for r in readings)
    # a fact both state alike is one triple; the title, the director
    names = _rows(store, f"SELECT ?n WHERE {{ <{HER}> <https://schema.org/name> ?n }}")
    assert [r["n"] for r in names] == ["Her"]


def test_the_disagreements_are_listed_with_each_document(two, tmp_path):
    graph = filmgraph.build([two])
    store = load_quads(graph.quads())
    rows = _rows(store, "disagreements", {"film": HER})
    found = {(r["property"].rsplit("/", 1)[1], r["value"], r["file"], r["otherValue"], r["otherFile"]) for r in rows}
    assert ("duration", "PT2H6M", "her.txt", "PT2H", "her-second-look.txt") in found
    assert ("ratingValue", "7.8", "her.txt", "8.1", "her-second-look.txt") in found
    assert {r["property"].rsplit("/", 1)[1] for r in rows} == {"duration", "ratingValue", "ratingCount"}


def test_a_streaming_build_gives_the_same_bytes(two, invoke, tmp_path):
    built = filmgraph.build([two])
    memory = serialize(built.quads(), "nquads")
    out = tmp_path / "two.nq"
    result = invoke("build", two, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == memory
    assert f"built 2 document(s): {built.triple_count} triples" in result.stderr  # shared facts counted once


def test_validation_reports_a_disagreement_as_a_warning(two, invoke, tmp_path):
    out = tmp_path / "two.nq"
    assert invoke("build", two, "-o", out).exit_code == 0
    result = invoke("validate", out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 3 and all("analyses disagree" in w for w in warnings)
    runtime = next(w for w in warnings if "schema:duration" in w)
    assert f'"PT2H"^^<http://www.w3.org/2001/XMLSchema#duration> in <{ID}document/her-second-look>' in runtime
    assert f'"PT2H6M"^^<http://www.w3.org/2001/XMLSchema#duration> in <{ID}document/her>' in runtime
    # one document stating two runtimes is no disagreement between analyses
    twice = tmp_path / "twice.nq"
    twice.write_bytes(out.read_bytes() + f'<{HER}> <https://schema.org/duration> '
                      f'"PT1H"^^<http://www.w3.org/2001/XMLSchema#duration> <{ID}document/her> .\n'.encode())
    result = invoke("validate", twice)
    assert result.exit_code == 1
    assert f"Violation: <{HER}> schema:duration: the runtime must be one xsd:duration" in result.stderr
    # in one graph (Turtle), whose statement it is cannot be told
    union = tmp_path / "two.ttl"
    assert invoke("build", two, "-o", union).exit_code == 0
    assert invoke("validate", union).exit_code == 1
