"""Statement-level provenance: every triple of a built dataset traces, with the one bundled
statement-source query, to one document and one section of it (file, SHA-256, line span),
or says how filmgraph derived it."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pyoxigraph as ox
import pytest

from conftest import DOCUMENTS, SEED
from filmgraph.query import run_query
from filmgraph.store import load_store

ID = "https://w3id.org/filmgraph/id/"
FG = "https://w3id.org/filmgraph/"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Properties whose plain-string values are the document's own words.
VERBATIM = {"https://schema.org/name", "http://www.w3.org/ns/oa#exact", FG + "originalTitle"}


@pytest.fixture(scope="module")
def traced(corpus_file):
    """Every row of the statement-source query over the four-document TriG, and its quads."""
    store = load_store([corpus_file])
    result = run_query(store, "statement-source", timeout=None)
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    # the quads as the store holds them (it writes each literal in its canonical form)
    quads = [q for q in store.graphs.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
    return rows, quads


def _key(subject, predicate, obj, graph) -> tuple[str, str, str, str]:
    return (str(subject), str(predicate), str(obj), str(graph))


def test_every_triple_has_exactly_one_source(traced):
    rows, quads = traced
    counts = Counter(_key(r["subject"], r["predicate"], r["object"], r["graph"]) for r in rows)
    assert len(quads) > 800
    missing = [q for q in quads if _key(q.subject, q.predicate, q.object, q.graph_name) not in counts]
    assert missing == []
    assert [k for k, n in counts.items() if n != 1] == []
    for row in rows:  # a section (with its document and span), or a method in words: one of the two
        if row["section"] is not None:
            assert row["file"] is not None and row["startLine"] is not None and row["endLine"] is not None
        else:
            assert row["derivation"] is not None and len(row["derivation"].value) > 40


def test_each_document_statement_is_in_its_section_lines(traced):
    """The section a triple is traced to holds its words: each language-tagged text and each
    name or quoted line is found within that section's lines of the file named, whose
    SHA-256 is the one recorded."""
    rows, _ = traced
    files = {p.name: p for p in (SEED, *DOCUMENTS.glob("*.txt"))}
    sections: Counter[str] = Counter()
    checked = 0
    for row in rows:
        if row["section"] is None:
            continue
        path = files[row["file"].value]
        assert row["sha256"].value == hashlib.sha256(path.read_bytes()).hexdigest()
        obj = row["object"]
        sections[row["section"].value.rsplit("/", 1)[1]] += 1
        if not isinstance(obj, ox.Literal):
            continue
        if obj.datatype.value != LANG_STRING and row["predicate"].value not in VERBATIM:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        span = " ".join(lines[int(row["startLine"].value) - 1:int(row["endLine"].value)])
        words = " ".join(obj.value.split())
        assert words in " ".join(span.split()), (row["subject"], row["predicate"], words[:60], row["heading"])
        checked += 1
    assert checked > 100
    assert set(sections) == {"facts", "motifs", "questions", "core-meaning"}


def test_the_film_s_statements_come_from_four_sections(corpus_file):
    store = load_store([corpus_file])
    film = ox.NamedNode(ID + "film/her-2013")

    def section_of(predicate: str) -> list[str]:
        result = run_query(store, "statement-source", {"subject": film, "predicate": ox.NamedNode(predicate)},
                           timeout=None)
        column = result.variables.index("heading")
        return sorted({row[column].value for row in result.rows})

    assert section_of("https://schema.org/datePublished") == ["Film facts"]
    assert section_of(FG + "hasMotifReading") == ["Symbols & Motifs"]
    assert section_of(FG + "hasDiscussion") == ["Philosophical Questions"]
    assert section_of(FG + "coreMeaning") == ["Core Meaning"]


def test_derived_statements_say_how_they_were_made(traced):
    rows, _ = traced
    made = (ID + "graph/derived", ID + "graph/links")  # what the build derives, what the documents imply
    derived = [r for r in rows if r["graph"].value in made]
    assert derived and all(r["file"] is None and r["section"] is None for r in derived)
    methods = {r["graph"].value: {r["derivation"].value} for r in derived}
    assert re.search(r"ISO 3166.*concept schemes.*theme line.*links", methods[made[0]].pop())
    assert re.search(r"evokes.*co-occurs.*similar.*same-concept", methods[made[1]].pop())
    structure = {r["derivation"].value for r in rows if r["graph"].value not in made and r["section"] is None}
    assert len(structure) == 2  # the document's own description, and its sections' layout


def test_the_provenance_query_names_a_node_s_sections(corpus_file):
    store = load_store([corpus_file])
    result = run_query(store, "provenance", {"node": ox.NamedNode(ID + "person/joaquin-phoenix")}, timeout=None)
    found = [dict(zip(result.variables, row)) for row in result.rows]
    # a person two documents cast: each one's facts section
    assert [(r["file"].value, r["heading"].value) for r in found] == [("her.txt", "Film facts"),
                                                                     ("quiet_orbit.txt", "Film facts")]


def test_the_build_s_start_time_comes_from_source_date_epoch(invoke, tmp_path, monkeypatch):
    """The same input gives the same bytes, so the start time is recorded only when the
    reproducible-builds variable gives it; a bad value is one error line and no file."""
    plain = tmp_path / "plain.trig"
    assert invoke("build", str(SEED), "-o", str(plain)).exit_code == 0
    assert b"startedAtTime" not in plain.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1386979200")
    timed = tmp_path / "timed.trig"
    assert invoke("build", str(SEED), "-o", str(timed)).exit_code == 0
    store = load_store([timed])
    result = run_query(store, """SELECT ?doc ?time WHERE { GRAPH ?doc { ?doc <http://www.w3.org/ns/prov#wasGeneratedBy> ?build }
        ?build <http://www.w3.org/ns/prov#startedAtTime> ?time }""", timeout=None)
    assert sorted((d.value, t.value) for d, t in result.rows) == [
        (ID + "document/her", "2013-12-14T00:00:00Z"), (ID + "graph/derived", "2013-12-14T00:00:00Z")]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = invoke("build", str(SEED), "-o", str(tmp_path / "bad.trig"))
    assert bad.exit_code == 1 and not (tmp_path / "bad.trig").exists()
    assert bad.stderr == "error: SOURCE_DATE_EPOCH: must be a whole number of seconds since 1970, not 'yesterday'\n"
