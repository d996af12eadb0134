"""Links to other datasets come only from stated identifiers, link files and cited rules."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import filmgraph
from conftest import DOCUMENTS, ROOT, SEED, select
from filmgraph.links import COUNTRY_SOURCES, COUNTRY_TARGETS, EU_COUNTRIES, TARGETS, country_authority, country_wikidata

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
ID = "https://w3id.org/filmgraph/id/"


def _store(graph: filmgraph.Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize("nquads"), format=ox.RdfFormat.N_QUADS)
    return store


def test_every_country_of_the_test_documents_has_its_authority_link(corpus_store):
    rows = select(corpus_store, """SELECT ?country ?code (GROUP_CONCAT(STR(?match); separator=" ") AS ?matches) WHERE {
        ?film schema:countryOfOrigin ?country . ?country schema:identifier ?code .
        OPTIONAL { ?country <http://www.w3.org/2004/02/skos/core#exactMatch> ?match } } GROUP BY ?country ?code""")
    assert {code for _, code, _ in rows} == {"US", "MX", "ES", "FR", "DE", "GB", "NL"}
    for country, code, matches in rows:
        # the EU table's entry, and Wikidata's item where the two cited tables agree (not for NL)
        assert sorted(matches.split()) == sorted(m for m in (country_authority(code), country_wikidata(code)) if m)
    assert country_authority("US") == "http://publications.europa.eu/resource/authority/country/USA"
    assert [country_wikidata(c) for c in ("US", "FR", "DE", "GB", "JP", "NL")] == [
        f"http://www.wikidata.org/entity/{q}" for q in ("Q30", "Q142", "Q183", "Q145", "Q17")] + [None]
    assert country_authority("SUHH") is None  # a former country: no current table entry to point to


def test_every_mapping_names_its_source_and_every_linkset_says_where_it_came_from(corpus_store):
    for target in (*TARGETS.values(), *COUNTRY_TARGETS.values()):
        assert target.source.startswith(("https://", "http://")) and "{}" in target.pattern
    assert set(COUNTRY_SOURCES) == set(COUNTRY_TARGETS) and all(len(s) > 40 for s in COUNTRY_SOURCES.values())
    table = (ROOT / "src" / "filmgraph" / "country-wikidata.csv").read_text(encoding="utf-8")
    assert "owid/owid-grapher c7402d12e25bd1d45f5bd7d66cfc083342a1ed96" in table  # the table names its sources
    assert "dr5hn/countries-states-cities-database 7fda0afd3e75391d9480c22ed3a2b91f50e08eb6" in table
    rows = select(corpus_store, """SELECT ?set ?source ?n WHERE {
        ?set a <http://rdfs.org/ns/void#Linkset> ; dcterms:source ?source ; <http://rdfs.org/ns/void#triples> ?n }""")
    assert rows and all(source and int(n) > 0 for _, source, n in rows)


def test_nothing_is_linked_from_a_name_alone(corpus_store):
    assert select(corpus_store, f"SELECT * WHERE {{ ?a <{SAME_AS}> ?b }}") == []


def test_a_stated_identifier_and_a_link_file_give_owl_same_as(tmp_path):
    her = SEED.read_text(encoding="utf-8").replace("Budget:", "Wikidata: Q1136975\nIMDb: tt1798709\nBudget:", 1)
    source = tmp_path / "her.txt"
    source.write_text(her, encoding="utf-8")
    links = tmp_path / "links.csv"
    links.write_text("local,external\nSpike Jonze,http://www.wikidata.org/entity/Q276299\n"
                     f"{ID}genre/drama,http://www.wikidata.org/entity/Q130232\n", encoding="utf-8")
    graph = filmgraph.build([source, DOCUMENTS], links=[links])
    store = _store(graph)
    rows = set(select(store, f"SELECT ?a ?b WHERE {{ GRAPH <{ID}graph/derived> {{ ?a <{SAME_AS}> ?b }} }}"))
    pages = select(store, "SELECT ?a ?b WHERE { ?a schema:sameAs ?b }")  # a web page about it, not the film
    assert pages == [(f"{ID}film/her-2013", "https://www.imdb.com/title/tt1798709/")]
    assert rows == {
        (f"{ID}film/her-2013", "http://www.wikidata.org/entity/Q1136975"),
        (f"{ID}person/spike-jonze", "http://www.wikidata.org/entity/Q276299"),
        (f"{ID}genre/drama", "http://www.wikidata.org/entity/Q130232"),
    }
    sources = dict(select(store, "SELECT ?set ?source WHERE { ?set dcterms:source ?source }"))
    assert any(v.startswith("the link file links.csv (SHA-256 ") for v in sources.values())
    assert sources[f"{ID}linkset/wikidata"].startswith("the identifiers stated in the documents' header lines")
    lines = select(store, 'SELECT ?text WHERE { ?l <https://w3id.org/filmgraph/lineRole> "identifier" ; '
                          '<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?text }')
    assert sorted(lines) == [("IMDb: tt1798709",), ("Wikidata: Q1136975",)]
    assert graph.validate().conforms


@pytest.mark.parametrize("content,line,problem", [
    ("Nobody At All,http://www.wikidata.org/entity/Q1\n", 1, "'Nobody At All' names no film, person or concept"),
    ("local,external\nSpike Jonze,not an iri\n", 2, "not an absolute IRI"),
    ("Spike Jonze,Q276299\n", 1, "not an absolute IRI"),  # a first row with an IRI-like cell is no header
    ("Spike Jonze\n", 1, "expected two columns"),
])
def test_a_bad_link_file_is_one_error_line(invoke, tmp_path, content, line, problem):
    links = tmp_path / "links.csv"
    links.write_text(content, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = invoke("build", SEED, "--links", links, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    [message] = result.stderr.strip().splitlines()
    assert message.startswith(f"error: {links}:{line}: ") and problem in message


def test_a_malformed_identifier_is_an_error_on_its_line(invoke, tmp_path):
    source = tmp_path / "her.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("Budget:", "Wikidata: 1136975\nBudget:", 1),
                      encoding="utf-8")
    result = invoke("build", source)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {source}:13: malformed Wikidata identifier")


def test_a_licence_must_be_an_iri_and_a_urn_is_one(tmp_path):
    with pytest.raises(filmgraph.InputError, match="not an absolute IRI"):
        filmgraph.build(SEED, licence="not an iri")
    links = tmp_path / "links.csv"
    links.write_text("Her,urn:isbn:0451450523\n", encoding="utf-8")
    store = _store(filmgraph.build(SEED, links=[links]))
    assert select(store, f"SELECT ?b WHERE {{ ?a <{SAME_AS}> ?b }}") == [("urn:isbn:0451450523",)]
