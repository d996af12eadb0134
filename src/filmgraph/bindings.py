"""Values bound to a query's variables (--bind, query parameters) as typed RDF terms:
a VALUES block that pyoxigraph's own term writer fills in, never caller text pasted
into the query."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from . import terms as T
from .errors import QueryError
from .safety import code_of, marked, per_text

_WHERE_RE = re.compile(r"(?<![\w?$:])WHERE\s*\{", re.I)


def bind_values(text: str, bindings: dict[str, Any]) -> str:
    """The query with its WHERE group opened by a VALUES block of typed terms.

    Each value is an RDF term object, written by pyoxigraph in its canonical N-Triples
    form (escaped by the library), never caller text. Binding at the start of the
    group lets the engine start from the bound value, which Oxigraph's substitutions
    (applied after evaluation) do not.
    """
    if not bindings:
        return text
    brace = _group_start(text)
    if brace <= 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{text[:brace]} VALUES ({names}) {{ ({values}) }} {text[brace:]}"


@per_text(256)
def _group_start(text: str) -> int:
    """Where the query's WHERE group opens (just after its brace); 0 when it has none."""
    code = code_of(text)
    where = _WHERE_RE.search(code)
    return where.end() if where else code.find("{") + 1


@per_text(1024)
def _uses_variable(text: str, name: str) -> bool:
    code, iris = marked(text)
    used = re.compile(rf"[?$]{re.escape(name)}(?![\w\u00b7\u0300-\u036f\u203f\u2040])")
    # "<...>" may be a comparison such as ?a<?b&&?c>?d rather than an IRI: look there too
    return bool(used.search(code)) or any(used.search(iri) for iri in iris)


def typed_bindings(text: str, bindings: dict[str, Any] | None) -> dict[str, Any]:
    """``bindings`` as RDF terms (a string is read as for --bind); each one a variable of the query.

    A name the query does not use is an error: binding it would silently change nothing.
    """
    terms = {}
    for name, value in (bindings or {}).items():
        if not _uses_variable(text, name):
            raise QueryError(f"--bind {name}: the query has no variable ?{name}")
        terms[name] = parse_binding(f"{name}={value}")[1] if isinstance(value, str) else value
    return terms


_BIND_RE = re.compile(r"^\??([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


@per_text(1024)
def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """VAR=VALUE: <iri>, an absolute IRI, a literal in Turtle syntax, a number, true/false, or text."""
    m = _BIND_RE.match(text)
    if not m:
        raise QueryError(f"--bind takes VAR=VALUE, not {text!r}")
    name, value = m.group(1), m.group(2)
    if re.fullmatch(r"[+-]?\d+", value):
        return name, ox.Literal(value, datatype=ox.NamedNode(T.XSD + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return name, ox.Literal(value, datatype=ox.NamedNode(T.XSD + "decimal"))
    if value in ("true", "false"):
        return name, ox.Literal(value, datatype=ox.NamedNode(T.XSD + "boolean"))
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value) and not value.startswith(("_:",)):
        return name, ox.NamedNode(value)
    if value.startswith(("<", '"', "'")):
        try:
            head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in T.PREFIXES.items())
            triples = list(ox.parse(f"{head}<x:s> <x:p> {value} .".encode(), format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            # the parser's line and columns are those of the wrapper around the value: drop them
            reason = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "", exc.msg)
            raise QueryError(f"--bind {name}: not an RDF term: {value!r} ({reason})") from None
        if len(triples) != 1 or isinstance(triples[0].object, (ox.BlankNode, ox.Triple)):
            raise QueryError(f"--bind {name}: not one IRI or literal: {value!r}")
        return name, triples[0].object
    return name, ox.Literal(value)
