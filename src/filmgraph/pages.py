"""Resolvable IRIs: what `serve` answers for an instance IRI under /id/.

Following the W3C note "Cool URIs for the Semantic Web", by content negotiation (the
"hash-less, conneg" way: 200 with Vary: Accept, no 303): a browser (text/html) gets a
readable page of the resource; an RDF client gets its description: the triples about
it, the triples that point to it, and its provenance (the documents and sections that
state it, found by the bundled provenance query, and the header lines it was read
from), in Turtle, N-Triples, JSON-LD or RDF/XML. Pages are offline, every
text escaped, under a Content-Security-Policy that runs no script.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pyoxigraph as ox

from . import terms as T
from .kinds import kind_of
from .network import property_label
from .ntriples import Quad
from .query import run_query
from .store import QueryStore

#: Properties whose targets are the resource's provenance, described with it.
_PROVENANCE = (T.SOURCE_LINE_P, T.OA + "hasSelector")
_LABELS = (T.SCHEMA + "name", T.SKOS + "prefLabel", T.RDFS + "label", T.FILE_NAME, T.OA + "exact")
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _quads(store: ox.Store, subject: ox.NamedNode | None = None, obj: ox.NamedNode | None = None) -> list[ox.Quad]:
    return list(store.quads_for_pattern(subject, None, obj, ox.DefaultGraph()))


def describe(data: QueryStore, iri: str) -> list[ox.Quad] | None:
    """The resource's description (None when the data says nothing about it)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # /id/%25, a space, a NUL ...: no IRI, so nothing is known about it
        return None
    store = data.merged
    about, incoming = _quads(store, subject=node), _quads(store, obj=node)
    if not about and not incoming:
        return None
    todo: list[object] = [q.object for q in about if q.predicate.value in _PROVENANCE]
    sources = run_query(data, "provenance", {"node": node}, timeout=None)
    columns = [sources.variables.index(name) for name in ("section", "document")]
    todo += [row[i] for row in sources.rows for i in columns]
    seen: set[str] = {iri}
    provenance: list[ox.Quad] = []
    while todo:  # the section, the lines and their quoted text
        target = todo.pop()
        if not isinstance(target, ox.NamedNode) or target.value in seen:
            continue
        seen.add(target.value)
        found = _quads(store, subject=target)
        provenance += found
        todo += [q.object for q in found if q.predicate.value in _PROVENANCE]
    return [*about, *incoming, *provenance]


def as_quads(description: Iterable[ox.Quad]) -> list[Quad]:
    return [(str(q.subject), str(q.predicate), str(q.object), "") for q in description]


def _label(store: ox.Store, iri: str) -> str:
    node = ox.NamedNode(iri)
    for prop in _LABELS:
        for q in store.quads_for_pattern(node, ox.NamedNode(prop), None, ox.DefaultGraph()):
            if isinstance(q.object, ox.Literal):
                return q.object.value
    return iri.rstrip("/").rsplit("/", 1)[-1]


def page(store: ox.Store, iri: str, description: list[ox.Quad], base: str) -> bytes:
    """A readable HTML page of the resource: its label and kind, every literal in full,
    its links (to neighbours' pages where they are instances under base)."""
    about = [q for q in description if isinstance(q.subject, ox.NamedNode) and q.subject.value == iri]
    incoming = [q for q in description if isinstance(q.object, ox.NamedNode) and q.object.value == iri]
    classes = {q.object.value for q in about if q.predicate.value == T.RDF_TYPE and isinstance(q.object, ox.NamedNode)}
    kind, label = kind_of(classes), _label(store, iri)

    def link(target: str) -> str:
        text = html.escape(_label(store, target))
        if target.startswith(base):
            return f'<a href="/id/{html.escape(target[len(base):], quote=True)}">{text}</a>'
        return f"{text} <small>{html.escape(target)}</small>"

    facts = []
    for q in sorted(about, key=lambda q: (property_label(q.predicate.value), str(q.object))):
        if q.predicate.value == T.RDF_TYPE:
            continue
        name = html.escape(property_label(q.predicate.value))
        if isinstance(q.object, ox.Literal):
            value = html.escape(q.object.value).replace("\n", "<br>")
        elif isinstance(q.object, ox.NamedNode):
            value = link(q.object.value)
        else:
            value = html.escape(str(q.object))
        facts.append(f"<tr><th scope=\"row\">{name}</th><td>{value}</td></tr>")
    back = sorted({(property_label(q.predicate.value), q.subject.value) for q in incoming
                   if isinstance(q.subject, ox.NamedNode)})
    links = "".join(f"<li>{link(s)} <span class=\"via\">({html.escape(p)})</span></li>" for p, s in back)
    viewer = f"/viewer#iri={html.escape(iri, quote=True)}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{html.escape(POLICY)}">
<title>{html.escape(label)} — filmgraph</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1f24; }}
th {{ text-align: left; vertical-align: top; padding-right: 1rem; white-space: nowrap; }}
td, th {{ border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
code, small {{ color: #40464d; word-break: break-all; }}
</style>
</head>
<body>
<header><p><a href="/">filmgraph</a> · {html.escape(kind.label)}</p>
<h1>{html.escape(label)}</h1>
<p><code>{html.escape(iri)}</code> · <a href="{viewer}">in the viewer</a></p></header>
<main>
<h2>What the data says</h2>
<table><tbody>{"".join(facts)}</tbody></table>
<h2>What points here</h2>
<ul>{links or "<li>nothing</li>"}</ul>
</main>
</body>
</html>
""".encode()
