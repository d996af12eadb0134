"""data/her.ttl holds everything seeds/her.txt says, typed and tagged, uncut."""

from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
import pytest
from conftest import HER_TTL, SEED, select

XSD = "http://www.w3.org/2001/XMLSchema#"
HER = "https://w3id.org/filmgraph/id/film/her-2013"


def one(store: ox.Store, query: str) -> ox.Literal | ox.NamedNode:
    rows = list(store.query("PREFIX fg: <https://w3id.org/filmgraph/> PREFIX schema: <https://schema.org/> "
                            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + query))
    assert len(rows) == 1, rows
    return rows[0][0]


def assert_lang(term, text: str, lang: str = "en") -> None:
    assert isinstance(term, ox.Literal)
    assert term.value == text
    assert term.language == lang


def assert_typed(term, lexical: str, datatype: str) -> None:
    """The term as the file writes it: Oxigraph's store keeps values in canonical form
    (PT126M comes back as PT2H6M), so the lexical form is read from the parsed file."""
    assert isinstance(term, ox.Literal)
    assert term.datatype == ox.NamedNode(XSD + datatype)
    written = {t.object for t in ox.parse(HER_TTL.read_bytes(), format=ox.RdfFormat.TURTLE)
               if isinstance(t.object, ox.Literal) and t.object.datatype == term.datatype}
    assert ox.Literal(lexical, datatype=term.datatype) in written
    equal = f'ASK {{ FILTER({ox.Literal(lexical, datatype=term.datatype)} = {term}) }}'
    assert ox.Store().query(equal)


def test_title_logline_tagline(her_store, seed_lines):
    assert_lang(one(her_store, f"SELECT ?v {{ <{HER}> schema:name ?v }}"), "Her")
    assert_lang(one(her_store, f"SELECT ?v {{ <{HER}> schema:abstract ?v }}"), seed_lines[1])
    assert_lang(one(her_store, f"SELECT ?v {{ <{HER}> fg:tagline ?v }}"), "A Spike Jonze love story.")
    assert one(her_store, f"SELECT ?v {{ <{HER}> a ?v }}") == ox.NamedNode("https://schema.org/Movie")


def test_release_date_runtime_country(her_store):
    assert_typed(one(her_store, f"SELECT ?v {{ <{HER}> schema:datePublished ?v }}"), "2013-12-18", "date")
    assert_typed(one(her_store, f"SELECT ?v {{ <{HER}> schema:duration ?v }}"), "PT126M", "duration")
    code = one(her_store, f"SELECT ?c {{ <{HER}> schema:countryOfOrigin/schema:identifier ?c }}")
    assert code.value == "US"


def test_rating(her_store):
    q = f"SELECT ?v {{ <{HER}> schema:aggregateRating/schema:%s ?v }}"
    assert_typed(one(her_store, q % "ratingValue"), "7.8", "decimal")
    assert_typed(one(her_store, q % "bestRating"), "10", "integer")
    assert_typed(one(her_store, q % "ratingCount"), "14844", "integer")


def test_director_and_cast_in_billing_order(her_store):
    assert one(her_store, f"SELECT ?n {{ <{HER}> schema:director/schema:name ?n }}").value == "Spike Jonze"
    rows = select(her_store, f"""
        SELECT ?order ?name {{ <{HER}> schema:actor ?role . ?role fg:billingOrder ?order ;
        schema:actor/schema:name ?name }} ORDER BY ?order""")
    assert rows == [("1", "Joaquin Phoenix"), ("2", "Scarlett Johansson"), ("3", "Lynn Adrianna"),
                    ("4", "Lisa Renee Pitts"), ("5", "Gabe Gomez")]


def test_genres_and_themes(her_store):
    genres = select(her_store, f"SELECT ?l {{ <{HER}> schema:genre/skos:prefLabel ?l }} ORDER BY ?l")
    assert genres == [("Drama",), ("Romance",), ("Science Fiction",)]
    themes = select(her_store, f"SELECT ?l {{ <{HER}> fg:theme/skos:prefLabel ?l }} ORDER BY ?l")
    assert themes == [("Identity and Consciousness",), ("Loneliness and the Need for Connection",),
                      ("Technology's Role in Human Intimacy",), ("The Nature of Love and Relationships",)]


@pytest.mark.parametrize("prop,amount", [("budget", "23000000.0"), ("boxOffice", "47351251.0")])
def test_money(her_store, prop, amount):
    assert_typed(one(her_store, f"SELECT ?v {{ <{HER}> fg:{prop}/schema:value ?v }}"), amount, "decimal")
    assert one(her_store, f"SELECT ?v {{ <{HER}> fg:{prop}/schema:currency ?v }}").value == "USD"


@pytest.mark.parametrize("name,meaning_line,context_line", [
    ("The Color Red", 24, 28), ("High-Waisted Pants", 34, 38), ("Handwritten Letters", 44, 48),
])
def test_motif_readings_in_full(her_store, seed_lines, name, meaning_line, context_line):
    q = f"""SELECT ?meaning ?context {{ <{HER}> fg:hasMotifReading ?r .
        ?r fg:motif/skos:prefLabel "{name}"@en ; fg:meaning ?meaning ; fg:context ?context ; fg:film <{HER}> }}"""
    rows = list(her_store.query("PREFIX fg: <https://w3id.org/filmgraph/> "
                                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + q))
    assert len(rows) == 1
    assert_lang(rows[0][0], seed_lines[meaning_line - 1])
    assert_lang(rows[0][1], seed_lines[context_line - 1])


@pytest.mark.parametrize("question_line,discussion_line", [(52, 54), (56, 58), (60, 62)])
def test_questions_with_full_discussion(her_store, seed_lines, question_line, discussion_line):
    question = json.dumps(seed_lines[question_line - 1])
    rows = list(her_store.query(f"""PREFIX fg: <https://w3id.org/filmgraph/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?d {{ <{HER}> fg:hasDiscussion ?x . ?x fg:question ?q ; fg:discussion ?d .
        ?q skos:prefLabel ?label FILTER(STR(?label) = {question}) }}"""))
    assert len(rows) == 1
    assert_lang(rows[0][0], seed_lines[discussion_line - 1])


def test_core_meaning_in_full(her_store, seed_lines):
    assert_lang(one(her_store, f"SELECT ?v {{ <{HER}> fg:coreMeaning ?v }}"), seed_lines[65])


def test_counts_of_things(her_store):
    counts = select(her_store, """SELECT
        (COUNT(DISTINCT ?m) AS ?motifs) (COUNT(DISTINCT ?q) AS ?questions) {
        { ?x a fg:MotifReading ; fg:motif ?m } UNION { ?y a fg:QuestionDiscussion ; fg:question ?q } }""")
    assert counts == [("3", "3")]


def test_no_film_specific_node_is_typed_as_derived_from_a_section(her_store):
    """The statements come from sections, not the film, its roles, readings or amounts:
    no node is derived from a section (the statement-source query traces statements);
    the document's graph records the build that generated it."""
    assert select(her_store, "SELECT ?n { ?n prov:wasDerivedFrom ?s . ?s a fg:DocumentSection }") == []
    generated = select(her_store, """SELECT ?doc ?file ?sha { ?doc prov:wasGeneratedBy ?build ;
        fg:fileName ?file ; fg:sha256 ?sha . ?build a prov:Activity }""")
    assert generated == [("https://w3id.org/filmgraph/id/document/her", "her.txt",
                          hashlib.sha256(SEED.read_bytes()).hexdigest())]
