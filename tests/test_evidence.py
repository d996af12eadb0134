"""What the build read or interpreted stays in the graph: each line's exact text and place,
attached to what was made from it, and how each theme line was split."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import SEED, select

from filmgraph.builder import build
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.store import load_store

OA = "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
HER_THEMES = ("Loneliness and the Need for Connection The Nature of Love and Relationships "
              "Technology's Role in Human Intimacy Identity and Consciousness")

#: For each property a document states about a film (or a node of its own), the role of
#: the header line it is read from, and the node that carries fg:sourceLine.
STATEMENTS = {
    "schema:datePublished": ("metadata", "?film"),
    "schema:duration": ("metadata", "?film"),
    "schema:countryOfOrigin": ("metadata", "?film"),
    "schema:aggregateRating": ("metadata", "?o"),
    "schema:director": ("directors", "?film"),
    "schema:actor": ("cast", "?o"),
    "schema:genre": ("genres", "?film"),
    "fg:theme": ("themes", "?film"),
    "fg:budget": ("budget", "?o"),
    "fg:boxOffice": ("box-office", "?o"),
}


def _raw_lines(path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@pytest.fixture(scope="module")
def corpus(corpus_trig: bytes) -> ox.Store:
    store = ox.Store()
    store.load(corpus_trig, format=ox.RdfFormat.TRIG)
    return store


@pytest.mark.parametrize("prop", sorted(STATEMENTS))
def test_every_interpreted_statement_leads_to_its_exact_line(corpus, corpus_sources, prop):
    role, holder = STATEMENTS[prop]
    files = {p.name: _raw_lines(p) for p in corpus_sources}
    rows = select(corpus, OA + f"""
        SELECT ?film ?o ?file ?line ?text WHERE {{
          ?film a schema:Movie ; {prop} ?o .
          {holder} fg:sourceLine ?source .
          ?source fg:lineRole "{role}" ; fg:lineNumber ?line ; oa:hasSource ?doc ;
                  oa:hasSelector/oa:exact ?text .
          ?doc fg:fileName ?file ; schema:about ?film .
        }}""")
    stated = select(corpus, f"SELECT ?film ?o WHERE {{ ?film a schema:Movie ; {prop} ?o }}")
    assert stated, prop
    assert {(f, o) for f, o, *_ in rows} == set(stated)  # every statement reaches a line
    for film, obj, file, line, text in rows:
        assert files[file][int(line) - 1] == text  # the line exactly as in the file, at its number
    if prop == "schema:director":
        assert ("her.txt", "9", "Director: Spike Jonze") in {r[2:] for r in rows}


def test_line_text_is_kept_verbatim_with_tabs_and_no_break_spaces(corpus):
    rows = select(corpus, OA + """SELECT ?text WHERE {
        ?s fg:lineRole "cast" ; oa:hasSelector/oa:exact ?text ; oa:hasSource/fg:fileName "lighthouse_keeper.txt" }""")
    assert rows == [("Cast: Pieter\tBakker, Noor Visser",)]
    rows = select(corpus, OA + """SELECT ?text WHERE {
        ?s fg:lineRole "directors" ; oa:hasSelector/oa:exact ?text ; oa:hasSource/fg:fileName "lighthouse_keeper.txt" }""")
    assert rows == [("Director: Jan de\u00a0Vries, Sofie Jansen",)]


def test_each_theme_split_records_method_confidence_and_result(corpus):
    rows = select(corpus, OA + """SELECT ?file ?method ?confidence ?uncertain ?result WHERE {
        GRAPH <https://w3id.org/filmgraph/id/graph/derived> {
          ?line fg:splitMethod ?method ; fg:splitConfidence ?confidence ; fg:splitUncertain ?uncertain ;
                fg:splitResult ?result }
        ?line oa:hasSource/fg:fileName ?file }""")
    by_file = {r[0]: r[1:] for r in rows}
    assert set(by_file) == {"her.txt", "quiet_orbit.txt", "paper_moons.txt", "lighthouse_keeper.txt"}
    method, confidence, uncertain, result = by_file["paper_moons.txt"]
    assert (method, float(confidence), uncertain) == ("explicit separator", 1.0, "false")
    assert result == "Sisterhood | The Passing of Time | Art as Memory | Family"
    method, confidence, uncertain, result = by_file["her.txt"]
    assert result == HER_THEMES.replace(" The Nature", " | The Nature").replace(" Technology's", " | Technology's") \
        .replace(" Identity and", " | Identity and")
    assert uncertain == "false" and 0.5 <= float(confidence) <= 1


def test_the_uncertain_splits_query_lists_them_with_their_alternatives(corpus_file):
    store = load_store([corpus_file])
    result = run_query(store, "uncertain-splits", timeout=None)
    rows = [tuple(None if t is None else t.value for t in row) for row in result.rows]
    assert {r[1] for r in rows} == {"lighthouse_keeper.txt"}  # only the line that is truly ambiguous
    document, file, line, text, split, confidence, method, _ = rows[0]
    assert (line, text) == ("10", "Madness and Isolation\tThe Sea as Judge Duty Solitude")
    assert split == "Madness and Isolation | The Sea as Judge | Duty | Solitude"
    assert float(confidence) < 0.75 and method == "title-case evidence"
    assert len(rows) == 1
    alternatives = set(rows[0][7].split(" || "))
    assert "Madness and Isolation | The Sea as Judge | Duty Solitude" in alternatives
    assert len(alternatives) >= 2


def test_an_unrecognised_header_line_is_kept_as_text_of_its_document(tmp_path):
    her = SEED.read_text(encoding="utf-8")
    text = her.replace("Budget: $23,000,000", "Budget: $23,000,000\nFilmed in 35 mm on location in Shanghai")
    (tmp_path / "her.txt").write_text(text, encoding="utf-8")
    result = build([tmp_path / "her.txt"])
    [(doc, _)] = result.documents
    assert [(w.line, w.message) for w in doc.warnings] == [
        (14, "unrecognised header line, kept as unrecognised text: 'Filmed in 35 mm on location in Shanghai'")]
    store = ox.Store()
    store.load(serialize(result.quads, "nquads"), format=ox.RdfFormat.N_QUADS)
    rows = select(store, OA + """SELECT ?line ?text WHERE {
        ?s fg:lineRole "unrecognised" ; fg:lineNumber ?line ; oa:hasSelector/oa:exact ?text ;
           oa:hasSource <https://w3id.org/filmgraph/id/document/her> }""")
    assert rows == [("14", "Filmed in 35 mm on location in Shanghai")]


def test_a_text_that_ends_mid_sentence_warns(tmp_path):
    her = SEED.read_text(encoding="utf-8").rstrip("\n")
    cut = her[: her.rindex(" ")]  # the last word and its full stop gone
    doc = build_one(tmp_path, cut)
    last = len(cut.split("\n"))
    [warning] = doc.warnings
    assert warning.line == last and "the text ends mid-sentence" in warning.message
    assert not build_one(tmp_path, her).warnings


def build_one(tmp_path, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    [(doc, _)] = build([path]).documents
    return doc


def test_the_test_documents_keep_their_evidence(corpus_sources):
    for path in corpus_sources:
        [(doc, _)] = build([path]).documents
        roles = [line.role for line in doc.source_lines]
        assert roles[0] == "metadata" and "themes" in roles, path.name
        raw = _raw_lines(path)
        assert all(raw[line.number - 1] == line.text for line in doc.source_lines)
