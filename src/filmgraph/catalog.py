"""The named queries bundled in queries/: each file's comment header (title, question,
parameters, an example binding) and its SPARQL; and how a QUERY argument is resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError, QueryError
from .resources import queries_dir


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    question: str
    params: tuple[str, ...]
    text: str
    path: Path
    #: VAR=VALUE bindings (as for --bind) that make a good example on Her.
    examples: tuple[str, ...] = ()
    #: What data the query needs to answer at all, when Her and the test documents have none.
    needs: str = ""


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = re.match(r"^#\s*(title|question|param|example|needs):\s*(.*)$", line)
        if m:
            meta.setdefault(m.group(1), []).append(m.group(2).strip())
        elif line.strip() and not line.startswith("#"):
            break
    params = tuple(p for p in meta.get("param", []) if p != "none")
    return NamedQuery(path.stem, meta.get("title", [path.stem])[0], meta.get("question", [""])[0], params, text, path,
                      tuple(meta.get("example", [])), meta.get("needs", [""])[0])


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The bundled queries by name (file name without .rq)."""
    return {p.stem: _read_named(p) for p in sorted(queries_dir().glob("*.rq"))}


def resolve_query(query: str) -> tuple[str, str]:
    """(label, SPARQL text) for a bundled query name, a .rq path, or inline SPARQL."""
    if not query.strip():
        raise QueryError("the query is empty: give a bundled query's name, a .rq file or SPARQL text")
    named = named_queries()
    if query in named:
        return query, named[query].text
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        try:
            return str(path), path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(query, 0, f"cannot read query: {getattr(exc, 'strerror', None) or exc}") from None
    if not re.search(r"\b(select|construct|ask|describe|insert|delete|load|clear|drop|create|add|move|copy)\b",
                     query, re.I):
        raise InputError(query, 0, "no bundled query of that name (see 'filmgraph queries'), no .rq file, "
                         "and not SPARQL")
    return "<query>", query
