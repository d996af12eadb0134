"""The SPARQL 1.1 Protocol's finer points against a real `filmgraph serve`: a request's dataset
(default-graph-uri, named-graph-uri) by GET and POST and from standard clients, the base IRI,
HEAD, /sparql/, CORS, SELECT * order, and the service description's own URL."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

ID = "https://w3id.org/filmgraph/id/"
ORBIT_DOC, HER_DOC = f"{ID}document/quiet_orbit", f"{ID}document/her"
FILMS = "SELECT ?f WHERE { ?f a <https://schema.org/Movie> } ORDER BY ?f"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def corpus_endpoint(start_endpoint, corpus_file) -> str:
    return start_endpoint("--cors-origin", "https://yasgui.example", data=(corpus_file,))


def _column(response: httpx.Response, name: str) -> list[str]:
    assert response.status_code == 200, response.text
    return [b[name]["value"] for b in response.json()["results"]["bindings"]]


def _ask(base: str, how: str, query: str, params: list[tuple[str, str]]) -> httpx.Response:
    url = base + "/sparql"
    if how == "get":
        return httpx.get(url, params=[("query", query), *params], headers=JSON_RESULTS)
    if how == "post-form":
        return httpx.post(url, content=urlencode([("query", query), *params]).encode(),
                          headers={**JSON_RESULTS, "Content-Type": "application/x-www-form-urlencoded"})
    return httpx.post(url, params=params, content=query.encode(),  # POST direct: the dataset in the URL
                      headers={**JSON_RESULTS, "Content-Type": "application/sparql-query"})


@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_default_graph_uri_chooses_the_default_graph(corpus_endpoint, how):
    everything = _column(_ask(corpus_endpoint, how, FILMS, []), "f")
    assert len(everything) == 4
    one = _column(_ask(corpus_endpoint, how, FILMS, [("default-graph-uri", ORBIT_DOC)]), "f")
    assert one == [f"{ID}film/quiet-orbit-2021"]
    two = _column(_ask(corpus_endpoint, how, FILMS, [("default-graph-uri", ORBIT_DOC), ("default-graph-uri", HER_DOC)]),
                  "f")
    assert two == [f"{ID}film/her-2013", f"{ID}film/quiet-orbit-2021"]


@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_named_graph_uri_chooses_the_named_graphs(corpus_endpoint, how):
    assert len(_column(_ask(corpus_endpoint, how, GRAPHS, []), "g")) == 6  # four documents, derived, links
    chosen = _column(_ask(corpus_endpoint, how, GRAPHS, [("named-graph-uri", HER_DOC)]), "g")
    assert chosen == [HER_DOC]


def test_the_requests_dataset_overrides_the_querys(corpus_endpoint):
    query = f"SELECT ?f FROM <{HER_DOC}> WHERE {{ ?f a <https://schema.org/Movie> }}"
    assert _column(_ask(corpus_endpoint, "get", query, []), "f") == [f"{ID}film/her-2013"]
    assert _column(_ask(corpus_endpoint, "get", query, [("default-graph-uri", ORBIT_DOC)]), "f") == [
        f"{ID}film/quiet-orbit-2021"]


@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_a_graph_outside_the_data_is_refused_and_not_fetched(corpus_endpoint, probe_server, how):
    url, hits = probe_server
    for name in ("default-graph-uri", "named-graph-uri"):
        response = _ask(corpus_endpoint, how, FILMS, [(name, f"{url}/elsewhere")])
        assert response.status_code == 400 and "refused" in response.text
    response = _ask(corpus_endpoint, how, FILMS, [("default-graph-uri", "not an iri")])
    assert response.status_code == 400
    assert hits == []


def test_sparqlwrapper_add_default_and_named_graph(corpus_endpoint):
    client = SPARQLWrapper(corpus_endpoint + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(FILMS)
    client.addDefaultGraph(ORBIT_DOC)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [r["f"]["value"] for r in rows] == [f"{ID}film/quiet-orbit-2021"]
    client = SPARQLWrapper(corpus_endpoint + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(GRAPHS)
    client.addNamedGraph(HER_DOC)
    assert [r["g"]["value"] for r in client.queryAndConvert()["results"]["bindings"]] == [HER_DOC]


def test_rdflib_sparqlstore_behind_a_graph_identifier(corpus_endpoint):
    store = SPARQLStore(corpus_endpoint + "/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef(ORBIT_DOC))
    films = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/Movie")))
    assert films == {rdflib.URIRef(f"{ID}film/quiet-orbit-2021")}
    names = set(graph.objects(None, rdflib.URIRef("https://schema.org/name")))
    assert rdflib.Literal("Quiet Orbit", lang="en") in names and rdflib.Literal("Her", lang="en") not in names


def test_relative_iris_resolve_against_the_endpoint(corpus_endpoint, start_endpoint, corpus_file):
    query = "SELECT ?i WHERE { BIND(<film/x> AS ?i) }"
    assert _column(_ask(corpus_endpoint, "get", query, []), "i") == [f"{corpus_endpoint}/film/x"]
    proxied = start_endpoint("--base-url", "https://films.example.org/", data=(corpus_file,))
    assert _column(_ask(proxied, "get", query, []), "i") == ["https://films.example.org/film/x"]
    description = httpx.get(proxied + "/sparql", headers={"Accept": "application/n-triples"}).text
    assert "<https://films.example.org/sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>" \
           " <https://films.example.org/sparql> ." in description


def test_the_service_description_names_the_endpoint_not_the_host_header(corpus_endpoint):
    description = httpx.get(corpus_endpoint + "/sparql", headers={"Accept": "application/n-triples",
                                                                 "Host": "attacker.example"}).text
    assert "attacker.example" not in description
    assert f"<{corpus_endpoint}/sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>" in description


def test_head_works_where_get_does(corpus_endpoint):
    for path in ("/", "/viewer", "/sparql", f"/sparql?query={FILMS}"):
        get, head = httpx.get(corpus_endpoint + path), httpx.head(corpus_endpoint + path)
        assert head.status_code == get.status_code == 200, path
        assert head.headers["content-type"] == get.headers["content-type"] and head.content == b""


def test_sparql_with_a_slash_serves_the_same_without_a_redirect(corpus_endpoint):
    for how in ("get", "post-form", "post-direct"):
        url = corpus_endpoint + "/sparql/"
        if how == "get":
            response = httpx.get(url, params={"query": FILMS}, headers=JSON_RESULTS)
        elif how == "post-form":
            response = httpx.post(url, data={"query": FILMS}, headers=JSON_RESULTS)
        else:
            response = httpx.post(url, content=FILMS.encode(),
                                  headers={**JSON_RESULTS, "Content-Type": "application/sparql-query"})
        assert response.status_code == 200 and len(_column(response, "f")) == 4, how


def test_cors_clients_can_read_the_truncation_header(start_endpoint, corpus_file):
    base = start_endpoint("--cors-origin", "https://yasgui.example", "--max-rows", "2", data=(corpus_file,))
    response = httpx.get(base + "/sparql", params={"query": FILMS},
                         headers={**JSON_RESULTS, "Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "https://yasgui.example"
    assert "x-filmgraph-truncated" in response.headers["access-control-expose-headers"].lower()
    assert response.headers["x-filmgraph-truncated"] == "results cut at 2 rows"


def test_select_star_keeps_the_querys_variable_order(corpus_endpoint):
    query = "SELECT * WHERE { ?zeta a ?alpha . ?zeta <https://schema.org/name> ?mid } LIMIT 1"
    response = _ask(corpus_endpoint, "get", query, [])
    assert response.json()["head"]["vars"] == ["zeta", "alpha", "mid"]
    csv_text = httpx.get(corpus_endpoint + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert csv_text.splitlines()[0] == "zeta,alpha,mid"


def test_the_service_description_has_a_void_description_with_endpoint_and_dump(corpus_endpoint):
    text = httpx.get(corpus_endpoint + "/sparql", headers={"Accept": "application/n-triples"}).text
    graph = rdflib.Graph().parse(data=text, format="nt")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(ID + "dataset")
    assert graph.value(dataset, void.sparqlEndpoint) == rdflib.URIRef(corpus_endpoint + "/sparql")
    dump = graph.value(dataset, void.dataDump)
    assert dump == rdflib.URIRef(corpus_endpoint + "/dump.nq")
    assert graph.value(dataset, rdflib.DCTERMS.license) is not None
    data = rdflib.Dataset().parse(data=httpx.get(str(dump)).content, format="nquads")
    assert len({str(g.identifier) for g in data.graphs()} - {"urn:x-rdflib:default"}) == 6


def test_a_describe_without_where_takes_the_requests_dataset(corpus_endpoint):
    film = f"<{ID}film/her-2013>"
    for query in (f"DESCRIBE {film} # a comment", f"DESCRIBE {film} LIMIT 2", f"DESCRIBE {film}"):
        here = httpx.get(corpus_endpoint + "/sparql", params=[("query", query), ("default-graph-uri", HER_DOC)],
                         headers={"Accept": "application/n-triples"})
        elsewhere = httpx.get(corpus_endpoint + "/sparql", params=[("query", query), ("default-graph-uri", ORBIT_DOC)],
                              headers={"Accept": "application/n-triples"})
        assert here.status_code == elsewhere.status_code == 200, (query, here.text, elsewhere.text)
        assert film in here.text and elsewhere.text.strip() == "", query


def test_an_accept_header_that_refuses_everything_gets_406(corpus_endpoint):
    for path in ("/sparql", f"/sparql?query={FILMS}", "/id/film/her-2013"):
        response = httpx.get(corpus_endpoint + path, headers={"Accept": "text/turtle;q=0, application/json;q=0"})
        assert response.status_code == 406, path
