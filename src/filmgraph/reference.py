"""Readable references, written from the sources themselves: the ontology (from
ontology/filmgraph.ttl) and the named queries (from queries/, with their examples run).

docs/ontology.md and docs/queries.md are this module's output; tests keep them the
same, so the references never drift from the terms and queries they describe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from . import terms as T
from .bindings import parse_binding
from .catalog import named_queries
from .query import run_query
from .resources import ontology_path
from .results import QueryResult, one_line
from .store import QueryStore

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


def _section(graph: rdflib.Graph, term: rdflib.term.Node, kind: str, facts: list[tuple[str, list]],
             example: str | None = None) -> list[str]:
    listed = [f"- {name}: {_listing(values, graph)}" for name, values in facts if values]
    if example is not None:
        listed.append(f"- Example: {example}")
    return [f"### {_heading(term, graph)}", "",
            f"**{_english(graph, term, RDFS.label)}** ({kind}, <{term}>): {_english(graph, term, RDFS.comment)}", "",
            *listed, *([""] if listed else [])]


def _term_example(store: QueryStore, term: str, is_class: bool) -> str:
    """The first use of a term in the data (by IRI and value): an instance of a class, or
    a statement with a property; or a note that the data does not use it."""
    if is_class:
        query = f"SELECT ?s WHERE {{ ?s a <{term}> }} ORDER BY STR(?s) LIMIT 1"
    else:
        query = f"SELECT ?s ?o WHERE {{ ?s <{term}> ?o }} ORDER BY STR(?s) STR(?o) LIMIT 1"
    rows = run_query(store, query, inline=True, timeout=None).rows
    if not rows:
        return "not used in the example data"
    cells = [f"<{t.value}>" if isinstance(t, ox.NamedNode) else f'"{_cell(t)}"' for t in rows[0]]
    return f"{cells[0]} a `{T.curie(term)}`" if is_class else f"{cells[0]} `{T.curie(term)}` {cells[1]}"


def ontology_reference(path: str | Path | None = None, store: QueryStore | None = None,
                       data_label: str = "DATA") -> str:
    """The ontology as Markdown: its header, then every class and property it defines
    (each with an example from ``store`` when given)."""
    source = Path(path or ontology_path("filmgraph.ttl"))
    graph = rdflib.Graph().parse(str(source), format="turtle")
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    alignments_file = source.with_name("alignments.ttl")
    if alignments_file.exists():  # the alignments are listed with the terms they align
        graph.parse(str(alignments_file), format="turtle")
    out = [
        f"# {_english(graph, onto, DCTERMS.title)} {graph.value(onto, OWL.versionInfo)}",
        "",
        _english(graph, onto, DCTERMS.description),
        "",
        f"- Namespace: <{graph.value(onto, _VANN.preferredNamespaceUri)}> "
        f"(prefix `{graph.value(onto, _VANN.preferredNamespacePrefix)}:`)",
        f"- Version: <{graph.value(onto, OWL.versionIRI)}>",
        f"- Licence: <{graph.value(onto, DCTERMS.license)}>",
        f"- Prior version: <{graph.value(onto, OWL.priorVersion)}>; issued {graph.value(onto, DCTERMS.issued)}, "
        f"modified {graph.value(onto, DCTERMS.modified)}",
        "- Source: `ontology/filmgraph.ttl`; alignments to Wikidata, DBpedia, schema.org and Web Annotation: "
        "`ontology/alignments.ttl`; OWL declarations of the reused terms: `ontology/declarations.ttl`; "
        "shapes that data must meet: `ontology/shapes.ttl`",
        "",
        "This page is written by `filmgraph ontology` from the ontology file"
        + (f"; the examples are the first use of each term in `{data_label}`, written by `filmgraph build "
           "seeds/her.txt tests/documents/*.txt -o corpus.trig` (Her and three test documents)." if store else "."),
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
        ], _term_example(store, str(cls), True) if store else None)
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
        ], _term_example(store, str(prop), False) if store else None)
    outside = sorted({s for predicate, _ in _ALIGNMENTS for s in graph.subjects(predicate, None)
                      if not str(s).startswith(_FG)}, key=str)
    if outside:
        out += ["## Alignments of the terms filmgraph reuses", ""]
        for term in outside:
            facts = "; ".join(f"{name.lower()} {_listing(values, graph)}" for name, values in alignments(term) if values)
            out.append(f"- {_short(term)}: {facts}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


#: Rows of an example shown in the query reference, and the width of a cell.
EXAMPLE_ROWS = 8
CELL_WIDTH = 70
_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _cell(term: object) -> str:
    """A table cell: the term's text on one line, cut to CELL_WIDTH, with Markdown and HTML made inert."""
    return one_line(term, CELL_WIDTH).translate(_MARKDOWN_SPECIAL)


def _fenced(text: str, language: str) -> list[str]:
    """A fenced code block whose fence is longer than any run of backticks in the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", text.rstrip("\n"), fence]


def _example(result: QueryResult) -> list[str]:
    if result.kind == "ask":
        return [f"Answer: {'yes' if result.boolean else 'no'}."]
    if result.kind == "graph":
        lines = sorted(str(t) + " ." for t in result.triples)
        shown = f", the first {EXAMPLE_ROWS} in order" if len(lines) > EXAMPLE_ROWS else ""
        return [f"{len(lines)} triples{shown}:", "", *_fenced("\n".join(lines[:EXAMPLE_ROWS]), "turtle")]
    if not result.rows:
        return ["No rows."]
    out = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    out += ["| " + " | ".join(_cell(t) for t in row) + " |" for row in result.rows[:EXAMPLE_ROWS]]
    count = len(result.rows)
    shown = f", the first {EXAMPLE_ROWS} shown" if count > EXAMPLE_ROWS else ""
    return [*out, "", f"{count} row{'s' if count != 1 else ''}{shown}."]


def queries_reference(store: QueryStore | None = None, data_label: str = "DATA") -> str:
    """The named queries as Markdown: question, parameters, SPARQL, and, given a store,
    each query run on it with its example bindings."""
    out = ["# Named queries", "",
           "Each query in `queries/` opens with comment lines: its title, the question it answers, its",
           "parameters (a parameter left unbound means \"all\") and an example binding. Run one with",
           "`filmgraph query NAME [--bind VAR=VALUE]...`, from Python with",
           "`filmgraph.load(DATA).query(NAME, VAR=VALUE)`, or send its text to `filmgraph serve`.", ""]
    if store is not None:
        out += [f"The examples below ran on `{data_label}`, written by `filmgraph build seeds/her.txt "
                "tests/documents/*.txt -o corpus.trig` (Her and three test documents).", ""]
    out += ["This page is written by `filmgraph queries --format markdown`.", ""]
    for item in named_queries().values():
        out += [f"## {item.name}", "", f"**{item.title}.** {item.question}", ""]
        if item.params:
            out += [f"- Parameter {param}" for param in item.params] + [""]
        if item.needs:
            out += [f"Needs {item.needs}.", ""]
        out += [*_fenced(item.text, "sparql"), ""]
        if store is None:
            continue
        binds = "".join(f" --bind {b}" for b in item.examples)
        out += [f"`filmgraph query {item.name} -d {data_label}{binds}`", ""]
        bindings = dict(parse_binding(b) for b in item.examples)
        out += [*_example(run_query(store, item.name, bindings)), ""]
    return "\n".join(out).rstrip("\n") + "\n"
