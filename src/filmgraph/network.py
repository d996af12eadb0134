"""The NetworkX projection of the RDF graph, and its exports (GraphML, GEXF, node-link JSON).

Resources become nodes keyed by IRI, typed by their ontology class (``kind``);
literals become node attributes named by the property's prefixed name
(``fg:meaning``); every other triple becomes an edge keyed by the property's
prefixed name, with a readable ``label`` and the property ``iri``. All attribute
values are strings, so GraphML and GEXF writers take them as they are.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import tostring

import networkx as nx
import pyoxigraph as ox

from . import terms as T
from .errors import FilmgraphError
from .formats import NETWORK, WRITERS, by_extension, formats, writer
from .kinds import OTHER, kind_of
from .rdfio import xml_text
from .resources import ontology_path
from .store import QueryStore, load_store
from .terms import curie

#: Properties whose targets are outside the data (another dataset, a licence, a
#: vocabulary): the target's IRI is an attribute of the node, not a node of its own.
REFERENCES = frozenset({T.OWL + "sameAs", T.SKOS + "exactMatch", T.DCTERMS + "license", T.VOID + "vocabulary",
                        T.VOID + "subjectsTarget", T.VOID + "objectsTarget", T.VOID + "linkPredicate",
                        T.SUBJECT_CLASS, T.RULE_PREDICATE, T.OA + "motivatedBy", T.QUOTED_PROPERTY})

# Literal properties that name a node, best first.
LABEL_PROPERTIES = (T.SCHEMA + "name", T.SKOS + "prefLabel", T.RDFS + "label", T.FILE_NAME,
                    T.SCHEMA + "characterName", T.SECTION_KEY, T.OA + "exact")



@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, str]:
    labels = {}
    triples = ox.parse(path=str(ontology_path("filmgraph.ttl")), format=ox.RdfFormat.TURTLE)
    for t in triples:
        if t.predicate.value == T.RDFS + "label" and isinstance(t.object, ox.Literal):
            labels[t.subject.value] = t.object.value
    return labels


@lru_cache(maxsize=4096)
def property_label(iri: str) -> str:
    """A readable label: the ontology's rdfs:label, else the local name in words."""
    if iri in _ontology_labels():
        return _ontology_labels()[iri].lower()
    local = re.split(r"[#/:]", iri)[-1] or iri
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


def _node_label(iri: str, literals: dict[str, list[str]]) -> str:
    for prop in LABEL_PROPERTIES:
        values = literals.get(curie(prop))
        if values:
            return values[0]
    tail = [part for part in re.split(r"[/#]", iri) if part]
    return "/".join(tail[-2:]) if len(tail) >= 2 else iri


def _term_key(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def project(triples: Iterable[ox.Triple | ox.Quad]) -> nx.MultiDiGraph:
    """The graph of resources: nodes with kind, label, IRI and literal attributes; edges per property."""
    types: dict[str, set[str]] = {}
    literals: dict[str, dict[str, list[str]]] = {}
    links: set[tuple[str, str, str]] = set()
    for t in triples:
        subject, predicate, obj = _term_key(t.subject), t.predicate.value, t.object
        literals.setdefault(subject, {})
        if isinstance(obj, ox.Literal) or (predicate in REFERENCES and isinstance(obj, ox.NamedNode)):
            literals[subject].setdefault(curie(predicate), []).append(obj.value)
        elif predicate == T.RDF_TYPE and isinstance(obj, ox.NamedNode):
            types.setdefault(subject, set()).add(obj.value)
        elif isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            target = _term_key(obj)
            literals.setdefault(target, {})
            links.add((subject, predicate, target))
    graph = nx.MultiDiGraph()
    for node in sorted(literals):
        kind = kind_of(types.get(node, set()))
        attrs = {prop: "\n".join(sorted(values)) for prop, values in sorted(literals[node].items())}
        graph.add_node(node, kind=kind.key, kind_label=kind.label, label=_node_label(node, literals[node]),
                       iri=node, types=" ".join(sorted(curie(c) for c in types.get(node, ()))), **attrs)
    for subject, predicate, target in sorted(links):
        graph.add_edge(subject, target, key=curie(predicate), label=property_label(predicate), iri=predicate)
    for node in graph:
        if not any(curie(p) in literals[node] for p in LABEL_PROPERTIES):
            graph.nodes[node]["label"] = _composed_label(graph, node)
    return graph


def _composed_label(graph: nx.MultiDiGraph, node: str) -> str:
    """A label for a node that has none of its own, from the nodes it links."""
    data = graph.nodes[node]
    label = lambda n: graph.nodes[n]["label"]  # noqa: E731
    out = {key: target for _, target, key in sorted(graph.out_edges(node, keys=True))}
    if data["kind"] == "cast" and "schema:actor" in out:
        films = sorted(label(s) for s, _, k in graph.in_edges(node, keys=True) if k == "schema:actor")
        return f"{label(out['schema:actor'])} in the cast of {films[0]}" if films else label(out["schema:actor"])
    concept = out.get("fg:motif") or out.get("fg:question")
    if concept and "fg:film" in out:
        return f"{label(concept)} in {label(out['fg:film'])}"
    incoming = sorted((d["label"], source) for source, _, d in graph.in_edges(node, data=True))
    if incoming:
        edge_label, source = incoming[0]
        return f"{edge_label[:1].upper()}{edge_label[1:]} of {label(source)}"
    return data["label"]


def project_store(store: QueryStore, kinds: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The projection of loaded data (its merged default graph); with kinds, only
    the nodes of those kinds and the edges between them, as keep_kinds would leave.

    With kinds, only the triples of the nodes kept are read, when their own
    triples name them all: a node without a name takes its label from its
    neighbours, and then (or when untyped nodes, kind "other", are asked for)
    the whole graph is projected first.
    """
    data = store.merged
    everything = lambda: project(data.quads_for_pattern(None, None, None, ox.DefaultGraph()))  # noqa: E731
    if kinds is None:
        return everything()
    wanted = set(kinds)
    if OTHER.key in wanted:
        return keep_kinds(everything(), wanted)
    classes: dict[str, set[str]] = {}
    terms: dict[str, Any] = {}
    for quad in data.quads_for_pattern(None, ox.NamedNode(T.RDF_TYPE), None, ox.DefaultGraph()):
        if isinstance(quad.object, ox.NamedNode):
            key = _term_key(quad.subject)
            classes.setdefault(key, set()).add(quad.object.value)
            terms[key] = quad.subject
    kept = {key for key, found in classes.items() if kind_of(found).key in wanted}
    triples = [quad for key in sorted(kept) for quad in data.quads_for_pattern(terms[key], None, None, ox.DefaultGraph())
               if isinstance(quad.object, ox.Literal) or quad.predicate.value == T.RDF_TYPE
               or _term_key(quad.object) in kept]
    graph = project(triples)
    labelled = {curie(p) for p in LABEL_PROPERTIES}
    if any(labelled.isdisjoint(attrs) for _, attrs in graph.nodes(data=True)):
        return keep_kinds(everything(), wanted)
    return graph


def project_files(paths: Sequence[str | os.PathLike[str]], kinds: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The projection of RDF files (or folders of them), merged into one graph (see project_store)."""
    return project_store(load_store(paths), kinds)


def find_node(graph: nx.MultiDiGraph, wanted: str) -> str:
    """A node by IRI, prefixed name or label (case-insensitive, exact before partial)."""
    if wanted in graph:
        return wanted
    folded = wanted.casefold()
    exact = sorted(n for n, d in graph.nodes(data=True) if d["label"].casefold() == folded or curie(n) == wanted)
    partial = sorted(n for n, d in graph.nodes(data=True) if folded in d["label"].casefold())
    matches = exact or partial
    if not matches:
        raise FilmgraphError(f"--focus: no node has the IRI or label {wanted!r}")
    return matches[0]


def keep_kinds(graph: nx.MultiDiGraph, kinds: Iterable[str]) -> nx.MultiDiGraph:
    """Only the nodes of these kinds, and the edges between them."""
    wanted = set(kinds)
    return graph.subgraph(sorted(n for n, kind in graph.nodes(data="kind") if kind in wanted)).copy()


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """The node and everything within ``depth`` edges of it (in either direction)."""
    lengths = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    return graph.subgraph(sorted(lengths)).copy()


def _attribute_dicts(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    yield graph.graph
    yield from (attrs for _, attrs in graph.nodes(data=True))
    yield from (attrs for *_, attrs in graph.edges(keys=True, data=True))


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph, or a copy in which each character XML 1.0 cannot hold is U+FFFD (GraphML and GEXF are XML)."""
    def unsafe(attrs: dict[str, Any]) -> bool:
        return any(isinstance(value, str) and xml_text(value) != value for value in attrs.values())

    if not any(unsafe(attrs) for attrs in _attribute_dicts(graph)):
        return graph
    safe = graph.copy()
    for attrs in _attribute_dicts(safe):
        for key, value in attrs.items():
            if isinstance(value, str):
                attrs[key] = xml_text(value)
    return safe


def export(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML, GEXF (1.2) or node-link JSON bytes, the same for the same graph."""
    if (NETWORK, fmt) not in WRITERS:
        raise FilmgraphError(f"unknown export format {fmt!r}: use one of {', '.join(formats(NETWORK))}")
    return WRITERS[(NETWORK, fmt)](graph)


@writer(NETWORK, "graphml")
def _write_graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_xml_safe(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


@writer(NETWORK, "gexf")
def _write_gexf(graph: nx.MultiDiGraph) -> bytes:
    writer_ = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer_.add_graph(_xml_safe(graph))
    meta = writer_.xml.find("meta")
    if meta is not None:  # a date would make each day's export differ
        meta.attrib.pop("lastmodifieddate", None)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(writer_.xml, encoding="unicode").encode("utf-8") + b"\n"


@writer(NETWORK, "json")
def _write_node_link(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def export_format_for(path: str | os.PathLike[str]) -> str:
    suffix, known = Path(path).suffix.lower(), by_extension(NETWORK)
    if suffix not in known:
        names = list(known)
        raise FilmgraphError(f"{path}: cannot tell the export format; name the file "
                             f"{', '.join(names[:-1])} or {names[-1]}")
    return known[suffix]
