"""Every bundled query gives the right rows on Her and on a multi-film corpus,
and Oxigraph agrees with rdflib's engine row for row."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest
from conftest import HER_TTL, ROOT
from rdflib_engine import load_rdflib, run_query_rdflib

from filmgraph.bindings import parse_binding
from filmgraph.catalog import named_queries
from filmgraph.errors import FilmgraphError
from filmgraph.query import run_query
from filmgraph.reference import queries_reference
from filmgraph.results import python_value
from filmgraph.store import load_store

ID = "https://w3id.org/filmgraph/id/"
HER = f"{ID}film/her-2013"
ORBIT = f"{ID}film/quiet-orbit-2021"


@pytest.fixture(scope="module")
def her(request):
    return load_store([HER_TTL])


@pytest.fixture(scope="module")
def corpus(corpus_file):
    return load_store([corpus_file])


def rows(store, name, **bindings):
    result = run_query(store, name, bindings, timeout=None)
    return [dict(zip(result.variables, (python_value(t) for t in row))) for row in result.rows]


def col(found, key):
    return [r[key] for r in found]


def test_there_are_at_least_twelve_documented_queries():
    queries = named_queries()
    assert len(queries) >= 12
    for q in queries.values():
        assert q.title and q.question.endswith("?"), q.name
        assert q.text.lstrip().startswith("# title:")


def test_film_card(her, corpus):
    [card] = rows(her, "film-card")
    assert card["title"] == "Her" and card["countries"] == "US" and card["votes"] == 14844
    assert card["released"].isoformat() == "2013-12-18" and card["rating"] == Decimal("7.8")
    assert card["budget"] == 23_000_000 and card["boxOffice"] == 47_351_251
    assert card["tagline"] == "A Spike Jonze love story."
    assert card["runtime"] in ("PT126M", "PT2H6M")
    cards = rows(corpus, "film-card")
    assert col(cards, "title") == ["Her", "Paper Moons", "Quiet Orbit", "The Lighthouse Keeper"]
    assert col(cards, "countries")[1] == "DE, FR, GB" or set(col(cards, "countries")[1].split(", ")) == {"DE", "FR", "GB"}
    assert [c["film"] for c in rows(corpus, "film-card", film=ORBIT)] == [ORBIT]


def test_cast(her, corpus):
    assert col(rows(her, "cast"), "name") == ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna",
                                             "Lisa Renee Pitts", "Gabe Gomez"]
    assert col(rows(corpus, "cast", film=ORBIT), "name") == ["Zoë Marchetti", "Joaquin Phoenix", "Émile Durand"]
    assert col(rows(corpus, "cast", film=ORBIT), "order") == [1, 2, 3]
    assert len(rows(corpus, "cast")) == 5 + 3 + 3 + 2


def test_film_themes(her, corpus):
    found = rows(her, "film-themes")
    assert [(r["kind"], r["label"]) for r in found] == [
        ("theme", "Identity and Consciousness"), ("theme", "Loneliness and the Need for Connection"),
        ("theme", "Technology's Role in Human Intimacy"), ("theme", "The Nature of Love and Relationships"),
        ("genre", "Drama"), ("genre", "Romance"), ("genre", "Science Fiction")]
    assert len(rows(corpus, "film-themes", film=ORBIT)) == 3 + 3


def test_film_motifs(her, corpus):
    found = rows(her, "film-motifs")
    assert col(found, "label") == ["The Color Red", "High-Waisted Pants", "Handwritten Letters"]
    assert found[0]["meaning"].startswith("Red symbolizes love") and found[2]["context"].endswith("lessons he learned.")
    assert col(rows(corpus, "film-motifs", film=ORBIT), "label") == ["The Color Red", "Static on the Radio",
                                                                     "Handwritten Letter"]


def test_film_questions(her, corpus):
    found = rows(her, "film-questions")
    assert col(found, "label") == ["What constitutes a 'real' relationship?", "Can consciousness exist without a body?",
                                   "Does advanced technology ultimately connect or isolate us?"]
    assert found[1]["discussion"].startswith('"Her" delves into')
    assert len(rows(corpus, "film-questions")) == 3 + 2 + 1


def test_motif_readings(her, corpus):
    red = f"{ID}motif/the-color-red"
    assert col(rows(her, "motif-readings", motif=red), "title") == ["Her"]
    found = rows(corpus, "motif-readings", motif=red)
    assert col(found, "title") == ["Her", "Quiet Orbit"]
    assert found[1]["meaning"].startswith("On the station red")
    assert len(rows(corpus, "motif-readings")) == 3 + 3 + 1


def test_similar_films(her, corpus):
    assert rows(her, "similar-films") == []
    [pair] = rows(corpus, "similar-films", film=HER)
    assert (pair["otherTitle"], pair["shared"], pair["themes"]) == ("Quiet Orbit", 1, "Loneliness and the Need for Connection")


def test_people_roles(her, corpus):
    assert rows(her, "people-roles") == []
    found = rows(corpus, "people-roles")
    assert [(r["name"], r["films"]) for r in found] == [("Joaquin Phoenix", 2), ("Spike Jonze", 2)]
    assert set(found[1]["credits"].split("; ")) == {"Her (director)", "Quiet Orbit (director)"}


def test_concept_counts(her, corpus):
    assert len(rows(her, "concept-counts")) == 7
    found = rows(corpus, "concept-counts")
    top = {(r["kind"], r["label"]): r["films"] for r in found}
    assert top[("genre", "Drama")] == 3 and top[("genre", "Science Fiction")] == 2
    assert top[("theme", "Loneliness and the Need for Connection")] == 2
    assert found[0]["label"] == "Drama"
    assert {r["kind"] for r in rows(corpus, "concept-counts", kind="theme")} == {"theme"}


def test_box_office(her, corpus):
    [row] = rows(her, "box-office")
    assert row["ratio"] == Decimal("2.06") and row["currency"] == "USD"
    found = rows(corpus, "box-office")
    assert col(found, "title") == ["Quiet Orbit", "Her", "Paper Moons"]
    assert found[0]["ratio"] == Decimal("2.67") and found[2]["ratio"] is None and found[2]["boxOffice"] == 310_000


def test_provenance(her, corpus):
    assert rows(her, "provenance", node=f"{HER}/motif/the-color-red") == []  # Turtle keeps no document graphs
    found = rows(corpus, "provenance", node=f"{HER}/motif/the-color-red")
    assert [(r["file"], r["heading"], r["startLine"], r["endLine"]) for r in found] == [
        ("her.txt", "Symbols & Motifs", 18, 48)]
    assert len(found[0]["sha256"]) == 64
    film = rows(corpus, "provenance", node=ORBIT)
    assert [(r["file"], r["heading"]) for r in film] == [("quiet_orbit.txt", "Film facts"),
                                                         ("quiet_orbit.txt", "Symbols & Motifs"),
                                                         ("quiet_orbit.txt", "Philosophical Questions"),
                                                         ("quiet_orbit.txt", "Core Meaning")]


def test_film_subgraph(her, corpus):
    result = run_query(her, "film-subgraph", {"film": HER}, timeout=None)
    subjects = {t.subject.value for t in result.triples}
    assert HER in subjects and f"{HER}/cast/1" in subjects and f"{ID}person/spike-jonze" in subjects
    assert not any("quiet-orbit" in s for s in subjects)
    orbit = run_query(corpus, "film-subgraph", {"film": ORBIT}, timeout=None)
    assert {t.subject.value for t in orbit.triples} >= {ORBIT, f"{ID}motif/the-color-red"}
    assert not any(t.subject.value.startswith(HER) for t in orbit.triples)


def test_sanity(her, corpus):
    assert run_query(her, "sanity", timeout=None).boolean is True
    assert run_query(corpus, "sanity", timeout=None).boolean is True


_CONCAT_RE = re.compile(r'GROUP_CONCAT\(.*?separator="([^"]+)"\)\s+AS\s+\?(\w+)', re.S)


def _canonical(result, text):
    """Rows as plain values; GROUP_CONCAT lists sorted, as SPARQL leaves their order open."""
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        def value(term):
            v = python_value(term)
            return repr(v.normalize() if isinstance(v, Decimal) else v)
        return sorted((t.subject.value, t.predicate.value, value(t.object)) for t in result.triples)
    lists = {name: sep for sep, name in _CONCAT_RE.findall(text)}

    def value(name, term):
        v = python_value(term)
        return sep.join(sorted(v.split(sep))) if (sep := lists.get(name)) and v else v
    return result.variables, [tuple(value(n, t) for n, t in zip(result.variables, row)) for row in result.rows]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_oxigraph_agrees_with_rdflib_row_for_row(name, corpus_file):
    for data in ([HER_TTL], [corpus_file]):
        ours = run_query(load_store(data), name, timeout=None)
        theirs = run_query_rdflib(load_rdflib(data), name)
        text = named_queries()[name].text
        assert _canonical(ours, text) == _canonical(theirs, text)


def test_default_graph_is_the_merge_and_graph_patterns_see_each_document(corpus):
    """A shared person's name, stated by two documents, counts once in the default
    graph and once per document under GRAPH, whichever store answers."""
    name = ('SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/filmgraph/id/person/joaquin-phoenix> '
            '<https://schema.org/name> ?name }')
    per_graph = name.replace("WHERE {", "WHERE { GRAPH ?g {") + " }"
    assert corpus.store_for(name) is corpus.merged
    assert corpus.store_for(per_graph) is corpus.graphs
    assert corpus.store_for('SELECT * WHERE { ?s ?p "GRAPH" } # FROM') is corpus.merged
    assert python_value(run_query(corpus, name, timeout=None).rows[0][0]) == 1
    assert python_value(run_query(corpus, per_graph, timeout=None).rows[0][0]) == 2


def test_several_from_graphs_are_merged_as_a_set(corpus):
    """FROM <a> FROM <b>: a triple both documents state counts once (Oxigraph 0.5 alone
    counts it twice); FROM NAMED still chooses the named graphs."""
    name = "<https://w3id.org/filmgraph/id/person/joaquin-phoenix> <https://schema.org/name>"
    rows = run_query(corpus, f"SELECT ?g WHERE {{ GRAPH ?g {{ {name} ?n }} }} ORDER BY ?g", timeout=None).rows
    graphs = [row[0].value for row in rows]
    assert len(graphs) == 2
    froms = " ".join(f"FROM <{g}>" for g in graphs)
    count = f"SELECT (COUNT(*) AS ?n) {froms} WHERE {{ {name} ?name }}"
    assert python_value(run_query(corpus, count, timeout=None).rows[0][0]) == 1
    stated = {(q.subject, q.predicate, q.object) for g in graphs
              for q in corpus.graphs.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    everything = f"SELECT (COUNT(*) AS ?n) {froms} WHERE {{ ?s ?p ?o }}"
    assert python_value(run_query(corpus, everything, timeout=None).rows[0][0]) == len(stated)
    named = f"SELECT DISTINCT ?g {froms} FROM NAMED <{graphs[1]}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert [row[0].value for row in run_query(corpus, named, timeout=None).rows] == [graphs[1]]


def test_a_binding_must_name_a_variable_of_the_query(her):
    """Both engines refuse a binding the query cannot use (it would change nothing);
    a variable is found in any place SPARQL puts one, and not in comments or strings."""
    for run in (lambda q, b: run_query(her, q, b, timeout=None),
                lambda q, b: run_query_rdflib(load_rdflib([HER_TTL]), q, b)):
        with pytest.raises(FilmgraphError, match=r"--bind flim: the query has no variable \?flim"):
            run("cast", {"flim": HER})
        with pytest.raises(FilmgraphError, match=r"no variable \?t"):
            run('SELECT ?s WHERE { ?s ?p "?t" } # ?t', {"t": "x"})
        compared = run("SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 2) (2 1) } FILTER(?a<?b&&$b>?a) }", {"b": "2"})
        assert [[python_value(t) for t in row] for row in compared.rows] == [[1, 2]]


def test_graphs_load_on_first_use_from_the_files_as_they_were(corpus_file, tmp_path):
    data = tmp_path / "corpus.trig"
    data.write_bytes(corpus_file.read_bytes())
    per_graph = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    store = load_store([data])
    assert python_value(run_query(store, per_graph, timeout=None).rows[0][0]) == 6  # 4 documents, derived, links
    stale = load_store([data])
    data.write_bytes(data.read_bytes() + b"\n")
    assert run_query(stale, "sanity", timeout=None).boolean is True  # the merge is loaded already
    with pytest.raises(FilmgraphError, match=f"^{re.escape(str(data))}: changed since the data was loaded"):
        run_query(stale, per_graph, timeout=None)


def test_every_example_binds_declared_parameters_and_gets_an_answer(corpus):
    for item in named_queries().values():
        declared = {p.split()[0] for p in item.params}
        bound = dict(parse_binding(b) for b in item.examples)
        assert set(bound) == declared, item.name  # each parameter has an example value
        result = run_query(corpus, item.name, bound, timeout=None)
        assert result.rows or result.triples or result.boolean or item.needs, item.name


def test_docs_reference_is_what_the_command_writes(corpus_file, tmp_path):
    out = tmp_path / "queries.md"
    subprocess.run([sys.executable, "-m", "filmgraph.cli", "queries", "--format", "markdown", "-d", str(corpus_file),
                    "-o", str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == (ROOT / "docs" / "queries.md").read_bytes(), \
        "docs/queries.md is stale: build corpus.trig as it says and run 'filmgraph queries --format markdown'"
    text = out.read_text()
    for item in named_queries().values():
        assert f"## {item.name}\n" in text and item.text.strip() in text


def test_reference_tables_keep_hostile_text_inert(tmp_path):
    data = tmp_path / "hostile.ttl"
    data.write_text('@prefix schema: <https://schema.org/> .\n@prefix fg: <https://w3id.org/filmgraph/> .\n'
                    '<https://w3id.org/filmgraph/id/film/x> a schema:Movie ; schema:name '
                    '"a | b <script>alert(1)</script> *c* [d](e) `f`" ;\n'
                    '  fg:budget [ schema:value 1.0 ; schema:currency "USD" ] .\n')  # box-office lists it
    text = queries_reference(load_store([data]), "hostile.ttl")
    assert "<script>" not in text
    assert r"a \| b &lt;script&gt;alert(1)&lt;/script&gt; \*c\* \[d\](e) \`f\`" in text
