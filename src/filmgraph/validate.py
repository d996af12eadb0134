"""SHACL validation of filmgraph data (pySHACL), and a check that fg: terms are declared."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from . import terms as T
from .errors import InputError
from .rdfio import data_files, rdflib_term, read_quads
from .resources import ontology_path

_SH = rdflib.Namespace(T.SH)


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("filmgraph.ttl"), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def single_valued() -> frozenset[str]:
    """The properties the shapes allow once (sh:maxCount 1 on a plain property path)."""
    shapes = shapes_graph()
    return frozenset(str(shapes.value(shape, _SH.path)) for shape in shapes.subjects(_SH.maxCount, rdflib.Literal(1))
                     if isinstance(shapes.value(shape, _SH.path), rdflib.URIRef))


#: Which named graphs state each value of a single-valued property: (subject, property) ->
#: value -> graph names. Two analyses of one film may state a fact differently, each once.
Sources = dict[tuple[rdflib.term.Node, rdflib.term.Node], dict[rdflib.term.Node, set[str]]]


def load_graph(files: Sequence[str | os.PathLike[str]], sources: Sources | None = None) -> rdflib.Graph:
    """The union of RDF files, parsed strictly by Oxigraph (syntax errors name file and line).

    Terms are handed to rdflib as its own readers make them (blank nodes kept apart
    per file); a quoted triple is an error, since SHACL cannot validate one. With
    sources, which named graphs state the values of single-valued properties.
    """
    graph = rdflib.Graph()
    iris: dict[str, rdflib.URIRef] = {}
    for file in files:
        try:
            _add(graph, iris, read_quads([file]), sources)  # blank nodes kept apart per file
        except ValueError as exc:
            raise InputError(str(file), 0, f"cannot validate: {exc}") from None
    return graph


def _add(graph: rdflib.Graph, iris: dict[str, rdflib.URIRef], quads: Iterable[ox.Quad],
         sources: Sources | None = None) -> None:
    """Oxigraph's quads into an rdflib graph, one rdflib object per IRI (less memory, less time)."""
    blanks: dict[str, rdflib.BNode] = {}
    once = single_valued() if sources is not None else frozenset()

    def term(node: Any) -> rdflib.term.Node:  # a quoted triple is refused by rdflib_term
        if isinstance(node, ox.NamedNode):
            if node.value not in iris:
                iris[node.value] = rdflib_term(node)
            return iris[node.value]
        return rdflib_term(node, blanks)

    for quad in quads:
        triple = (term(quad.subject), term(quad.predicate), term(quad.object))
        graph.add(triple)
        if sources is not None and quad.predicate.value in once and isinstance(quad.graph_name, ox.NamedNode):
            sources.setdefault(triple[:2], {}).setdefault(triple[2], set()).add(quad.graph_name.value)


def undeclared_terms(graph: rdflib.Graph) -> list[str]:
    """fg: IRIs used in a graph as class or property that the ontology does not declare."""
    declared = {str(s) for s in ontology_graph().subjects() if str(s).startswith(T.FG)}
    used = {str(p) for p in graph.predicates() if str(p).startswith(T.FG)}
    used |= {str(o) for o in graph.objects(None, rdflib.RDF.type) if str(o).startswith(T.FG)}
    return sorted(used - declared)


def _disagreement(graph: rdflib.Graph, focus: rdflib.term.Node, path: rdflib.term.Node,
                  sources: Sources) -> str | None:
    """Why a property stated more than once is two analyses disagreeing (each document's graph
    states one value), in words; None when it is not."""
    values = sources.get((focus, path), {})
    stated = set(graph.objects(focus, path))
    if len(stated) < 2 or set(values) != stated:
        return None
    graphs = [g for v in stated for g in values[v]]
    if len(graphs) != len(set(graphs)):  # one graph states two values: no analysis can
        return None
    said = "; ".join(f"{v.n3()} in <{g}>" for v in sorted(stated, key=lambda v: v.n3()) for g in sorted(values[v]))
    return f"analyses disagree, each stating one value in its own graph (the disagreements query lists them): {said}"


def validate_graph(graph: rdflib.Graph, sources: Sources | None = None) -> ValidationReport:
    """Validate against the bundled shapes; undeclared fg: terms count as violations.

    With sources, a property stated once in each of several documents' graphs with
    different values (two analyses of one film) is a warning, not a violation.
    """
    conforms, report, _ = shacl_validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    violations = []
    for result in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        path = report.value(result, _SH.resultPath)
        severity = report.value(result, _SH.resultSeverity)
        focus = report.value(result, _SH.focusNode)
        message = str(report.value(result, _SH.resultMessage) or "does not conform")
        level = str(severity).rsplit("#", 1)[-1] if severity else "Violation"
        if (sources and report.value(result, _SH.sourceConstraintComponent) == _SH.MaxCountConstraintComponent
                and (why := _disagreement(graph, focus, path, sources))):
            message, level = why, "Warning"
        violations.append(Violation(
            str(focus), graph.namespace_manager.normalizeUri(path) if isinstance(path, rdflib.URIRef) else None,
            message, level))
    for term in undeclared_terms(graph):
        violations.append(Violation(term, None, "fg: term not declared in the ontology", "Violation"))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    failed = any(v.severity == "Violation" for v in violations)
    return ValidationReport(not failed, violations, len(graph))


def validate_files(paths: list[str | os.PathLike[str]]) -> ValidationReport:
    """Validate RDF files, and the RDF files in folders, as one graph."""
    sources: Sources = {}
    graph = load_graph(data_files(paths), sources)
    return validate_graph(graph, sources)


def validate_quads(quads: Iterable[tuple[str, str, str, str]]) -> ValidationReport:
    """Validate quads of N-Triples terms (a build's, say) as one graph."""
    data = "".join(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in quads).encode("utf-8")
    graph = rdflib.Graph()
    sources: Sources = {}
    _add(graph, {}, ox.parse(data, format=ox.RdfFormat.N_QUADS), sources)
    return validate_graph(graph, sources)
