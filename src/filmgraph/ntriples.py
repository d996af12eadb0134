"""N-Triples terms as strings, and the quad made of them.

A quad is a tuple of four N-Triples term strings (subject, predicate, object, graph;
"" for the default graph): cheap to build, sort and write for corpora of tens of
thousands of films. The mapping makes them; the writers, the stats and the
endpoint's service description use them too.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from . import terms as T

Quad = tuple[str, str, str, str]

#: Language of the documents' prose.
LANG = "en"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


@lru_cache(maxsize=1 << 16)
def iri(value: str) -> str:
    """An IRI term; cached so that repeated IRIs share one string object (the vocabulary's
    and a document's own, while it is mapped: a bound that keeps a large build's memory flat)."""
    return f"<{value}>"


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), text)


def lang_literal(text: str, lang: str = LANG) -> str:
    return f'"{_escape(text)}"@{lang}'


def literal(text: str, datatype: str | None = None) -> str:
    if datatype is None or datatype == T.XSD_STRING:
        return f'"{_escape(text)}"'
    return f'"{_escape(text)}"^^<{datatype}>'


def integer(value: int) -> str:
    return literal(str(value), T.XSD + "integer")


def boolean(value: bool) -> str:
    return literal("true" if value else "false", T.XSD + "boolean")


def decimal(value: Decimal) -> str:
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return literal(text, T.XSD + "decimal")
