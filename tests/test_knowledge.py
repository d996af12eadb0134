"""Knowledge across films: derived links (evokes, co-occurs, similar, same concept?), each with
its method, score and evidence, in a graph of their own that can be left out."""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict

import pytest
from conftest import DOCUMENTS, SEED

import filmgraph
from filmgraph.knowledge import MIN_SUPPORT, SIMILAR_MIN, SIMILAR_TOP, name_key
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.store import load_quads

ID = "https://w3id.org/filmgraph/id/"
FG = "https://w3id.org/filmgraph/"
HER = f"{ID}film/her-2013"
LINKS = f"{ID}graph/links"
PREFIXES = """PREFIX fg: <https://w3id.org/filmgraph/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def film_document(title: str, year: int, genres: list[str], themes: list[str],
                  motifs: list[tuple[str, str]] = (), questions: list[tuple[str, str]] = ()) -> str:
    """A small document in the seed's layout (themes separated by '|', so their split is known)."""
    motif_text = "".join(f"{name}\n\nMeaning:\n\n{meaning}\n\nContext:\n\nIt comes back in {title}.\n\n"
                         for name, meaning in motifs)
    question_text = "".join(f"{question}\n\n{discussion}\n\n" for question, discussion in questions)
    return (f"{title}\nA story told about {title}.\n{title}\n\n\"A tagline.\"\n\n"
            f"1 January {year} France 100 min ⭐ 7.0 (1,000)\nDirector: Ann Lee\nCast: Bo Day, Cy Fox\n"
            f"{' '.join(genres)}\n{' | '.join(themes)}\nBudget: $1,000,000\nBox Office: $2,000,000\n\n"
            f"{title} - Symbolism & Philosophy\n\nSymbols & Motifs\n\n{motif_text or 'A Door' + chr(10)*2 + 'Meaning:' + chr(10)*2 + 'A way out.' + chr(10)*2}"
            f"Philosophical Questions\n\n{question_text or 'Who decides?' + chr(10)*2 + 'Nobody does.' + chr(10)*2}"
            f"Core Meaning\n\nIt is about {title}.\n")


@pytest.fixture(scope="module")
def corpus():
    """Her and the three test documents, built with their links, in a store."""
    graph = filmgraph.build([SEED, *sorted(DOCUMENTS.glob("*.txt"))])
    return graph, load_quads(graph.quads())


def _select(store, query: str) -> list[dict]:
    result = run_query(store, PREFIXES + query, inline=True, timeout=None)
    return [{k: (None if v is None else v.value) for k, v in zip(result.variables, row)} for row in result.rows]


def test_the_color_red_evokes_love_and_connection_with_a_verbatim_sentence(corpus):
    _, store = corpus
    rows = _select(store, f"""SELECT ?theme ?label ?exact ?property ?text ?score WHERE {{
        GRAPH <{LINKS}> {{ ?link fg:linkKind "evokes" ; oa:hasBody ?theme ; fg:score ?score ;
            oa:hasTarget [ oa:hasSource <{HER}/motif/the-color-red> ; fg:quotedProperty ?property ;
                           oa:hasSelector/oa:exact ?exact ] }}
        ?theme skos:prefLabel ?label . <{HER}/motif/the-color-red> ?property ?text }}""")
    labels = {r["label"] for r in rows}
    assert {"Loneliness and the Need for Connection", "The Nature of Love and Relationships"} <= labels
    for row in rows:
        assert row["exact"] in row["text"]  # verbatim, from the literal it names
        assert len(row["exact"]) > 20 and 0 < float(row["score"]) <= 1
    sentences = {r["label"]: r["exact"] for r in rows}
    assert "love" in sentences["The Nature of Love and Relationships"]
    assert "connection" in sentences["Loneliness and the Need for Connection"]
    direct = _select(store, f"SELECT ?t WHERE {{ <{HER}/motif/the-color-red> fg:evokes ?t }}")
    assert {r["t"] for r in direct} == {r["theme"] for r in rows}


def test_a_question_evokes_a_theme(corpus):
    _, store = corpus
    rows = _select(store, f"""SELECT ?theme WHERE {{
        <{HER}/question/can-consciousness-exist-without-a-body_b85a380d> fg:evokes ?theme }}""")
    assert {r["theme"] for r in rows} == {f"{ID}theme/identity-and-consciousness"}


def test_every_link_has_method_score_and_evidence_from_the_documents_it_names(corpus):
    graph, store = corpus
    method = _select(store, f"SELECT ?m WHERE {{ <{LINKS}> fg:derivationMethod ?m ; prov:wasGeneratedBy ?a . "
                            "?a fg:parameter ?p }")
    assert method and len(method[0]["m"]) > 200
    links = _select(store, f"""SELECT ?link ?kind ?score (COUNT(DISTINCT ?doc) AS ?docs) WHERE {{ GRAPH <{LINKS}> {{
        ?link a fg:DerivedLink ; fg:linkKind ?kind ; fg:score ?score ; oa:motivatedBy oa:linking ;
              oa:hasTarget ?target ; oa:hasBody ?body ; prov:wasDerivedFrom ?doc }} }} GROUP BY ?link ?kind ?score""")
    assert len(links) > 10 and {r["kind"] for r in links} >= {"evokes", "similar"}
    assert all(int(r["docs"]) >= 1 for r in links)
    # every quoted sentence is part of a literal of the document the link names
    quotes = _select(store, f"""SELECT ?exact ?text ?doc WHERE {{
        GRAPH <{LINKS}> {{ ?link prov:wasDerivedFrom ?doc ;
                            oa:hasTarget [ oa:hasSource ?node ; fg:quotedProperty ?p ; oa:hasSelector/oa:exact ?exact ] }}
        GRAPH ?doc {{ ?node ?p ?text }} }}""")
    evoking = _select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{ ?l oa:hasSelector ?s }} }}")
    assert len(quotes) == int(evoking[0]["n"]) > 5
    assert all(q["exact"] in q["text"] for q in quotes)


def test_documents_graphs_are_the_same_with_and_without_links(tmp_path):
    sources = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    with_links = filmgraph.build(sources).quads()
    without = filmgraph.build(sources, derive=False).quads()
    assert [q for q in with_links if q[3] != f"<{LINKS}>"] == without
    assert any(q[3] == f"<{LINKS}>" for q in with_links)
    assert serialize([q for q in with_links if q[3] != f"<{LINKS}>"], "trig") == serialize(without, "trig")


def test_build_no_links_leaves_the_graph_out(invoke, tmp_path):
    for fmt in ("trig", "nquads", "turtle"):
        out = tmp_path / f"her.{fmt}"
        assert invoke("build", SEED, "-o", out, "--format", fmt, "--no-links").exit_code == 0
        assert b"graph/links" not in out.read_bytes() and b"fg:evokes" not in out.read_bytes()
        assert invoke("build", SEED, "-o", out, "--format", fmt).exit_code == 0
        assert b"evokes" in out.read_bytes()


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """120 generated films: themes A and B planted together in 20 films, C and D each in 20
    films at random; one film shares a rare motif with the probe film, another only genres;
    two motifs named with spelling variants, and two distinct ones."""
    rng = random.Random(7)
    folder = tmp_path_factory.mktemp("planted")
    filler = [f"Filler Theme {i}" for i in range(40)]
    genres = ["Drama", "Comedy", "Thriller"]
    films = {}
    together = set(rng.sample(range(120), 20))
    c_films, d_films = set(rng.sample(range(120), 20)), set(rng.sample(range(120), 20))
    for i in range(120):
        themes = rng.sample(filler, 2)
        if i in together:
            themes += ["Exile and Return", "The Weight of Silence"]
        if i in c_films:
            themes.append("Hunger")
        if i in d_films:
            themes.append("Bright Mornings")
        motifs = [(f"Object {i}", "A thing seen once."), ("The Door", "A way out.")]
        films[i] = (f"Film {i:03d}", 1990 + i % 30, rng.sample(genres, 2), themes, motifs)
    # the probe film 0 and film 1 share a rare motif; film 2 shares only genres with film 0
    films[0] = ("Probe", 2001, ["Drama", "Comedy"], ["Filler Theme 1"], [("The Blue Kite", "A kite.")])
    films[1] = ("Kite Twin", 2002, ["Thriller"], ["Filler Theme 2"], [("The Blue Kite", "A kite again.")])
    films[2] = ("Genre Twin", 2003, ["Drama", "Comedy"], ["Filler Theme 3"], [("A Lamp", "A light.")])
    films[3] = ("Colour Film", 2004, ["Drama"], ["Filler Theme 4"], [("The Colour Red", "Warmth."), ("Mirrors", "Doubles.")])
    films[4] = ("Color Film", 2005, ["Drama"], ["Filler Theme 5"], [("The Color Red", "Warmth."), ("Mirror", "A double.")])
    films[5] = ("Other Film", 2006, ["Drama"], ["Filler Theme 6"], [("The Color Blue", "Cold."), ("Windows", "Views.")])
    for i, (title, year, g, themes, motifs) in films.items():
        (folder / f"film{i:03d}.txt").write_text(film_document(title, year, g, themes, motifs), encoding="utf-8")
    graph = filmgraph.build([folder], jobs=1)
    return films, together, c_films, d_films, load_quads(graph.quads())


def test_themes_planted_together_are_related_and_independent_ones_are_not(planted):
    films, together, c_films, d_films, store = planted
    related = {(r["a"], r["b"]): r for r in _select(store, f"""SELECT ?a ?b ?support ?lift WHERE {{
        GRAPH <{LINKS}> {{ ?l fg:linkKind "co-occurs" ; oa:hasTarget ?a ; oa:hasBody ?b ; fg:support ?support ;
                           fg:lift ?lift }} }}""")}
    pair = (f"{ID}theme/exile-and-return", f"{ID}theme/the-weight-of-silence")
    assert pair in related
    kept = {i for i in together if i > 5}
    assert int(related[pair]["support"]) == len(kept) >= MIN_SUPPORT and float(related[pair]["lift"]) > 4
    independent = (f"{ID}theme/bright-mornings", f"{ID}theme/hunger")
    assert independent not in related and independent[::-1] not in related
    assert run_query(store, f"ASK {{ <{pair[0]}> <http://www.w3.org/2004/02/skos/core#related> <{pair[1]}> }}",
                     inline=True, timeout=None).boolean


def test_a_shared_rare_motif_ranks_above_shared_common_genres(planted):
    *_, store = planted
    rows = _select(store, f"""SELECT ?other ?score WHERE {{ GRAPH <{LINKS}> {{
        ?l fg:linkKind "similar" ; oa:hasTarget <{ID}film/probe-2001> ; oa:hasBody ?other ; fg:score ?score }} }}
        ORDER BY DESC(?score)""")
    ranked = [r["other"] for r in rows]
    assert ranked and ranked[0] == f"{ID}film/kite-twin-2002"
    assert f"{ID}film/genre-twin-2003" not in ranked[:1]
    why = run_query(store, "why-similar", {"film": f"{ID}film/probe-2001", "other": f"{ID}film/kite-twin-2002"},
                    timeout=None)
    assert "The Blue Kite" in {str(v.value) for row in why.rows for v in row if v is not None}


def test_spelling_variants_are_proposed_as_one_concept_and_distinct_ones_are_not(planted):
    *_, store = planted
    rows = _select(store, f"""SELECT ?a ?b (GROUP_CONCAT(?reason; separator="|") AS ?reasons) WHERE {{
        GRAPH <{LINKS}> {{ ?l fg:linkKind "same-concept" ; oa:hasTarget ?a ; oa:hasBody ?b ; fg:matchReason ?reason }}
        }} GROUP BY ?a ?b""")
    pairs = {frozenset((r["a"].rsplit("/", 1)[1], r["b"].rsplit("/", 1)[1])): set(r["reasons"].split("|"))
             for r in rows}
    assert pairs[frozenset(("the-colour-red", "the-color-red"))] == {"British or American spelling"}
    assert pairs[frozenset(("mirrors", "mirror"))] == {"a plural"}
    assert frozenset(("the-color-red", "the-color-blue")) not in pairs
    assert not any("windows" in p or "the-door" in p for pair in pairs for p in pair)
    assert run_query(store, "concept-matches", timeout=None).rows


def test_similar_films_are_the_closest_by_the_weighted_cosine_of_all_pairs(planted):
    """The similar links (computed a block of films at a time) are those a plain comparison of
    every pair of films gives: the cosine of their concept sets, each concept weighted by
    log(films / films with it), between films that share a concept of at most 2% of the films
    (at least 3); the 5 closest of at least 0.05, the closer first, then by IRI."""
    *_, store = planted
    concepts: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, """SELECT ?film ?concept WHERE { ?film a <https://schema.org/Movie> .
            { ?film <https://schema.org/genre> ?concept } UNION { ?film fg:theme ?concept }
            UNION { ?film fg:hasMotifReading/fg:motif ?concept } UNION { ?film fg:hasDiscussion/fg:question ?concept } }"""):
        concepts[row["film"]].add(row["concept"])
    films = sorted(concepts)
    having = Counter(c for found in concepts.values() for c in found)
    weight = {c: math.log(len(films) / n) + 1e-9 for c, n in having.items()}
    widespread = max(3, min(100, int(len(films) * 0.02)))

    def cosine(a: str, b: str) -> float:
        dot = sum(weight[c] ** 2 for c in sorted(concepts[a] & concepts[b]))
        return dot / math.sqrt(sum(weight[c] ** 2 for c in sorted(concepts[a]))
                               * sum(weight[c] ** 2 for c in sorted(concepts[b])))

    expected = {}
    for film in films:
        others = [o for o in films if o != film and any(1 < having[c] <= widespread for c in concepts[film] & concepts[o])]
        closest = sorted(others, key=lambda o: (-round(cosine(film, o), 9), o))[:SIMILAR_TOP]
        expected[film] = [(o, f"{cosine(film, o):.4f}") for o in closest if cosine(film, o) >= SIMILAR_MIN]
    found = defaultdict(list)
    for row in _select(store, f"""SELECT ?film ?other ?score WHERE {{ GRAPH <{LINKS}> {{ ?l fg:linkKind "similar" ;
            oa:hasTarget ?film ; oa:hasBody ?other ; fg:score ?score }} }} ORDER BY ?film DESC(?score) ?other"""):
        found[row["film"]].append((row["other"], f"{float(row['score']):.4f}"))
    assert {f: v for f, v in expected.items() if v} == dict(found)
    assert sum(map(len, found.values())) > 10


@pytest.mark.parametrize("a, b, same", [
    ("The Color Red", "the colour red", True), ("Mirrors", "Mirror", True), ("Grey Skies", "Gray Skies", True),
    ("The Sea", "Sea", True), ("Colour", "Collar", False), ("Red", "Blue", False), ("Realization", "Realisation", True),
])
def test_name_keys(a, b, same):
    assert (name_key(a)[0] == name_key(b)[0]) is same


def test_the_evoked_themes_query_gives_evidence(corpus):
    _, store = corpus
    result = run_query(store, "motif-themes", {"motif": f"{ID}motif/the-color-red"}, timeout=None)
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    assert rows and all(r["sentence"].value and r["score"] is not None for r in rows)
    assert {r["themeLabel"].value for r in rows} >= {"The Nature of Love and Relationships"}
    assert re.search(r"love", " ".join(r["sentence"].value for r in rows))


def test_a_curator_merges_concepts_it_was_proposed(planted, tmp_path, invoke):
    """The spelling variants proposed as one concept, merged by a merge file: one concept with
    both labels, in memory and streamed alike; a bad row is one error line."""
    folder = tmp_path
    films, *_ = planted
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in (3, 4, 5):
        title, year, genres, themes, motifs = films[i]
        (docs / f"film{i}.txt").write_text(film_document(title, year, genres, themes, motifs), encoding="utf-8")
    merges = folder / "merges.csv"
    merges.write_text(f"concept,same as\n{ID}motif/the-color-red,The Colour Red\nMirror,Mirrors\n", encoding="utf-8")
    graph = filmgraph.build([docs], merges=[merges])
    store = load_quads(graph.quads())
    red = _select(store, f"SELECT ?p ?label WHERE {{ <{ID}motif/the-color-red> ?p ?label . FILTER(isLiteral(?label)) }}")
    assert {(r["p"].rsplit("#", 1)[1], r["label"]) for r in red} >= {("prefLabel", "The Color Red"),
                                                                     ("altLabel", "The Colour Red")}
    assert any(r["p"].endswith("#editorialNote") and "merges.csv" in r["label"] for r in red)
    assert not _select(store, f"SELECT ?p WHERE {{ <{ID}motif/the-colour-red> ?p ?o }}")
    assert not _select(store, "SELECT ?a WHERE { ?a <http://www.w3.org/2004/02/skos/core#closeMatch> ?b }")
    assert graph.validate().conforms
    memory = serialize(graph.quads(), "nquads")
    out = tmp_path / "merged.nq"
    assert invoke("build", docs, "-o", out, "--merge-concepts", merges, "--jobs", "1").exit_code == 0
    assert out.read_bytes() == memory
    bad = folder / "bad.csv"
    bad.write_text("The Color Red,Nowhere At All\n", encoding="utf-8")
    result = invoke("build", docs, "-o", tmp_path / "bad.ttl", "--merge-concepts", bad)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {bad}:1: 'Nowhere At All' names no genre")
    assert not (tmp_path / "bad.ttl").exists()
