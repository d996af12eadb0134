"""A readable reference of the ontology, written from ontology/filmgraph.ttl itself.

docs/ontology.md is this module's output; a test keeps the two the same, so the
reference never drifts from the terms the data uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from . import terms as T
from .resources import ontology_path

_VANN = rdflib.Namespace(T.VANN)
_FG = T.FG
# Alignment predicates, in the order they are listed, with the words for them.
_ALIGNMENTS = ((OWL.equivalentClass, "Equivalent class"), (OWL.equivalentProperty, "Equivalent property"),
               (SKOS.exactMatch, "Exact match"), (SKOS.closeMatch, "Close match"), (RDFS.seeAlso, "See also"))
_PROPERTY_KINDS = ((OWL.ObjectProperty, "object property"), (OWL.DatatypeProperty, "datatype property"),
                   (OWL.AnnotationProperty, "annotation property"))


def _short(term: rdflib.term.Node) -> str:
    """`prefix:local` for filmgraph's prefixes, <iri> otherwise."""
    name = T.curie(str(term))
    return f"`{name}`" if name != str(term) else f"<{name}>"


def _heading(term: rdflib.term.Node, graph: rdflib.Graph) -> str:
    """The heading of a term's section: "Class `fg:X`" or "Property `fg:x`"."""
    return f"{'Class' if (term, RDF.type, OWL.Class) in graph else 'Property'} {_short(term)}"


def _link(term: rdflib.term.Node, graph: rdflib.Graph) -> str:
    """A link to the term's own section when the ontology defines it, else its short name.

    The anchor is the one Markdown renderers derive from the heading (lower case,
    punctuation dropped, spaces as hyphens), which is unique as class and property
    headings differ in their first word.
    """
    if not str(term).startswith(_FG):
        return _short(term)
    anchor = "".join(c for c in _heading(term, graph).lower() if c.isalnum() or c in " -").replace(" ", "-")
    return f"[{_short(term)}](#{anchor})"


def _english(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.term.Node) -> str:
    values = sorted(graph.objects(subject, predicate), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
    return " ".join(str(values[0]).split()) if values else ""


def _listing(terms: Iterable[rdflib.term.Node], graph: rdflib.Graph) -> str:
    return ", ".join(_link(t, graph) for t in sorted(terms, key=str))


def _section(graph: rdflib.Graph, term: rdflib.term.Node, kind: str, facts: list[tuple[str, list]]) -> list[str]:
    lines = [f"### {_heading(term, graph)}", "",
             f"**{_english(graph, term, RDFS.label)}** ({kind}, <{term}>): {_english(graph, term, RDFS.comment)}", ""]
    lines += [f"- {name}: {_listing(values, graph)}" for name, values in facts if values]
    return [*lines, ""] if lines[-1] else lines


def ontology_reference(path: str | Path | None = None) -> str:
    """The ontology as Markdown: its header, then every class and property it defines."""
    graph = rdflib.Graph().parse(str(path or ontology_path("filmgraph.ttl")), format="turtle")
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    out = [
        f"# {_english(graph, onto, DCTERMS.title)} {graph.value(onto, OWL.versionInfo)}",
        "",
        _english(graph, onto, DCTERMS.description),
        "",
        f"- Namespace: <{graph.value(onto, _VANN.preferredNamespaceUri)}> "
        f"(prefix `{graph.value(onto, _VANN.preferredNamespacePrefix)}:`)",
        f"- Version: <{graph.value(onto, OWL.versionIRI)}>",
        f"- Licence: <{graph.value(onto, DCTERMS.license)}>",
        "- Source: `ontology/filmgraph.ttl`; shapes that data must meet: `ontology/shapes.ttl`",
        "",
        "This page is written by `filmgraph ontology` from the ontology file.",
        "",
        "## Classes",
        "",
    ]

    def defined(kind: rdflib.term.Node) -> list[rdflib.term.Node]:
        return sorted((s for s in graph.subjects(RDF.type, kind) if str(s).startswith(_FG)), key=str)

    def alignments(term: rdflib.term.Node) -> list[tuple[str, list]]:
        return [(name, list(graph.objects(term, predicate))) for predicate, name in _ALIGNMENTS]

    for cls in defined(OWL.Class):
        out += _section(graph, cls, "class", [
            ("Subclass of", list(graph.objects(cls, RDFS.subClassOf))),
            ("Properties with this domain", list(graph.subjects(RDFS.domain, cls))),
            ("Properties with this range", list(graph.subjects(RDFS.range, cls))),
            *alignments(cls),
        ])
    out += ["## Properties", ""]
    properties = sorted({p for kind, _ in _PROPERTY_KINDS for p in defined(kind)}, key=str)
    for prop in properties:
        kinds = [words for kind, words in _PROPERTY_KINDS if (prop, RDF.type, kind) in graph]
        if (prop, RDF.type, OWL.FunctionalProperty) in graph:
            kinds.append("functional")
        out += _section(graph, prop, ", ".join(kinds), [
            ("Domain", list(graph.objects(prop, RDFS.domain))),
            ("Range", list(graph.objects(prop, RDFS.range))),
            ("Sub-property of", list(graph.objects(prop, RDFS.subPropertyOf))),
            *alignments(prop),
        ])
    outside = sorted({s for predicate, _ in _ALIGNMENTS for s in graph.subjects(predicate, None)
                      if not str(s).startswith(_FG)}, key=str)
    if outside:
        out += ["## Alignments of the terms filmgraph reuses", ""]
        for term in outside:
            facts = "; ".join(f"{name.lower()} {_listing(values, graph)}" for name, values in alignments(term) if values)
            out.append(f"- {_short(term)}: {facts}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
