"""rdflib's SPARQL engine over the same data, with the same refusals, to cross-check Oxigraph."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from filmgraph import terms as T
from filmgraph.bindings import typed_bindings
from filmgraph.catalog import resolve_query
from filmgraph.rdfio import FORMATS, data_files, format_for, rdflib_term
from filmgraph.results import QueryResult
from filmgraph.safety import check_query


def _to_ox(term: Any) -> Any:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or T.XSD_STRING)))


def load_rdflib(paths: Sequence[str | os.PathLike[str]]) -> Any:
    """An rdflib Dataset of the data whose default graph is the union of all graphs."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    for file in data_files(paths):
        dataset.parse(str(file), format=FORMATS[format_for(file)].rdflib)
    return dataset


def run_query_rdflib(dataset: Any, query: str, bindings: dict[str, Any] | None = None,
                     limit: int | None = None) -> QueryResult:
    """The same query on rdflib's engine, with the same refusals and URL loading off."""
    import rdflib.plugins.sparql as sparql

    _, text = resolve_query(query)
    check_query(text, {str(g.identifier) for g in dataset.graphs()})
    sparql.SPARQL_LOAD_GRAPHS = False
    init = {name: rdflib_term(term) for name, term in typed_bindings(text, bindings).items()}
    answer = dataset.query(text, initBindings=init)
    if answer.type == "ASK":
        return QueryResult("ask", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        triples = [ox.Triple(*(_to_ox(t) for t in triple)) for triple in answer.graph]
        return QueryResult("graph", triples=triples[:limit] if limit is not None else triples)
    variables = [str(v) for v in answer.vars]
    rows = [tuple(_to_ox(row.get(v)) for v in answer.vars) for row in answer]
    return QueryResult("select", variables, rows[:limit] if limit is not None else rows)
