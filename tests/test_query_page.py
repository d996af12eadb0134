"""Binding a query's variables in a request to `filmgraph serve` ($NAME=VALUE, as RDF4J's protocol
names them), which the query page's parameter fields use: the values become typed RDF terms in a
VALUES block, never text pasted into the query. Every test talks to a real `filmgraph serve`."""

from __future__ import annotations

import httpx
import pytest

from filmgraph.catalog import named_queries

HER = "https://w3id.org/filmgraph/id/film/her-2013"
CAST = ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna", "Lisa Renee Pitts", "Gabe Gomez"]
CAST_QUERY = named_queries()["cast"].text
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def corpus_endpoint(start_endpoint, corpus_file) -> str:
    """Her and the test documents: a bound film must leave the other films out."""
    return start_endpoint(data=(corpus_file,))


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["name"]["value"] for row in response.json()["results"]["bindings"]]


def test_unbound_lists_every_film_and_a_bound_film_only_its_own(corpus_endpoint):
    url = corpus_endpoint + "/sparql"
    every = httpx.get(url, params={"query": CAST_QUERY}, headers=JSON)
    films = {row["film"]["value"] for row in every.json()["results"]["bindings"]}
    assert HER in films and len(films) > 1
    bound = httpx.get(url, params={"query": CAST_QUERY, "$film": HER}, headers=JSON)
    assert _names(bound) == CAST
    assert {row["film"]["value"] for row in bound.json()["results"]["bindings"]} == {HER}


def test_get_post_form_and_post_direct_bind_alike(corpus_endpoint):
    url = corpus_endpoint + "/sparql"
    answers = [
        httpx.get(url, params={"query": CAST_QUERY, "$film": HER}, headers=JSON),
        httpx.post(url, data={"query": CAST_QUERY, "$film": f"<{HER}>"}, headers=JSON),
        httpx.post(url, params={"$film": HER}, content=CAST_QUERY.encode(),
                   headers={**JSON, "Content-Type": "application/sparql-query"}),
    ]
    assert [_names(a) for a in answers] == [CAST] * 3
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_values_are_typed_as_for_the_command_line(her_endpoint):
    query = "SELECT ?x WHERE { }"
    for value, term in [
        ("42", {"type": "literal", "value": "42", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}),
        ("theme", {"type": "literal", "value": "theme"}),
        ('"Her"@en', {"type": "literal", "value": "Her", "xml:lang": "en"}),
        (HER, {"type": "uri", "value": HER}),
    ]:
        response = httpx.get(her_endpoint + "/sparql", params={"query": query, "$x": value}, headers=JSON)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == [{"x": term}]


def test_a_hostile_value_stays_one_term(her_endpoint):
    """Text that would close the group and add a pattern is one literal, or refused: never SPARQL."""
    query = "SELECT ?name ?p WHERE { ?p <https://schema.org/name> ?name }"
    escape = 'Her" } UNION { ?p ?x ?name } #'
    response = httpx.get(her_endpoint + "/sparql", params={"query": query, "$name": escape}, headers=JSON)
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    for value in ['<https://x/> } UNION { ?p ?q ?name', '"a" } UNION { ?p ?q ?name } #']:
        refused = httpx.get(her_endpoint + "/sparql", params={"query": query, "$name": value}, headers=JSON)
        assert refused.status_code == 400 and "not" in refused.text and "Traceback" not in refused.text


def test_an_empty_value_leaves_the_variable_unbound(corpus_endpoint):
    url = corpus_endpoint + "/sparql"
    plain = httpx.get(url, params={"query": CAST_QUERY}, headers=JSON)
    empty = httpx.get(url, params={"query": CAST_QUERY, "$film": ""}, headers=JSON)
    assert empty.status_code == 200 and empty.json() == plain.json()


@pytest.mark.parametrize("params, message", [
    ({"$nothing": "1"}, "$nothing: the query has no variable ?nothing"),
    ({"$1x": "1"}, "not a variable name to bind"),
    ({"$film": "<not an iri"}, "$film: not an RDF term"),
])
def test_bad_bindings_get_400_with_a_short_message(her_endpoint, params, message):
    response = httpx.get(her_endpoint + "/sparql", params={"query": CAST_QUERY, **params}, headers=JSON)
    assert response.status_code == 400 and message in response.text, response.text
    assert len(response.text) < 500 and "Traceback" not in response.text


def test_a_variable_bound_twice_is_refused(her_endpoint):
    params = httpx.QueryParams([("query", CAST_QUERY), ("$film", HER), ("$film", HER)])
    response = httpx.get(f"{her_endpoint}/sparql?{params}", headers=JSON)
    assert response.status_code == 400 and "give one value for $film" in response.text


def test_bindings_and_the_protocols_dataset_go_together(corpus_endpoint):
    graphs = httpx.get(corpus_endpoint + "/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://schema.org/Movie> } }"}, headers=JSON)
    her_graph = next(row["g"]["value"] for row in graphs.json()["results"]["bindings"] if "her" in row["g"]["value"])
    response = httpx.get(corpus_endpoint + "/sparql", params={"query": CAST_QUERY, "$film": HER,
                                                               "default-graph-uri": her_graph}, headers=JSON)
    assert _names(response) == CAST
