"""What a query may do: it reads only the data it is given.

SERVICE, updates (LOAD among them) and FROM / FROM NAMED naming anything but a graph
already in the data are refused before any engine sees the query. The checks read
the query through a small lexer that blanks comments, strings and IRIs, so that a
keyword inside a string or an IRI is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .errors import QueryError

_TOKEN_RE = re.compile(
    r"""(?P<comment>\#[^\n]*)"""
    r"""|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)""",
    re.S,
)
WORD = r"(?<![\w?$:.-])({})(?![\w:-])"
_UPDATE_RE = re.compile(WORD.format("INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH"), re.I)
_SERVICE_RE = re.compile(WORD.format("SERVICE"), re.I)
_FROM_RE = re.compile(WORD.format("FROM") + r"\s+(NAMED\s+)?(\S+)", re.I)
_PREFIX_RE = re.compile(WORD.format("PREFIX") + r"\s+([\w.-]*):\s*(\S+)", re.I)


@lru_cache(maxsize=256)
def code_of(text: str) -> str:
    """The query with every comment, string and IRI blanked to spaces, each character in its place."""
    return _TOKEN_RE.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=256)
def marked(text: str) -> tuple[str, tuple[str, ...]]:
    """The query with comments and strings blanked and each IRI written <N>; and the IRIs."""
    iris: list[str] = []

    def blank(m: re.Match[str]) -> str:
        if m.group("iri"):
            iris.append(m.group("iri")[1:-1])
            return f"<{len(iris) - 1}>"
        return " " if m.group("comment") else '""'

    return _TOKEN_RE.sub(blank, text), tuple(iris)


def check_query(text: str, graphs: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
    """Refuse what could reach beyond the data: SERVICE, updates, FROM <elsewhere>.

    ``graphs`` names the graphs of the data (or gives them when called), which
    FROM and FROM NAMED may select.
    """
    code, iris = marked(text)
    if _SERVICE_RE.search(code):
        raise QueryError("SERVICE is refused: a query reads only the data it was given")
    update = _UPDATE_RE.search(code)
    if update:
        raise QueryError(f"{update.group(1).upper()} is refused: filmgraph runs read-only queries, not updates")
    clauses = from_clauses(text)
    if not clauses:
        return
    known = set(graphs() if callable(graphs) else graphs)
    for named, iri in clauses:
        if iri not in known:
            clause = "FROM NAMED" if named else "FROM"
            raise QueryError(f"{clause} <{iri}> is refused: it is no graph of the data, and filmgraph "
                             "never fetches a URL or opens a file for a query")


@lru_cache(maxsize=256)
def from_clauses(text: str) -> tuple[tuple[bool, str], ...]:
    """The query's FROM (False) and FROM NAMED (True) clauses with their graph IRIs, in order."""
    code, iris = marked(text)
    prefixes = {m.group(2): m.group(3) for m in _PREFIX_RE.finditer(code)}
    clauses = []
    for m in _FROM_RE.finditer(code):
        target = m.group(3)
        ref = re.fullmatch(r"<(\d+)>", target)
        if ref:
            iri = iris[int(ref.group(1))]
        elif ":" in target:
            prefix, local = target.split(":", 1)
            expanded = re.fullmatch(r"<(\d+)>", prefixes.get(prefix, ""))
            iri = iris[int(expanded.group(1))] + local if expanded else target
        else:
            iri = target
        clauses.append((bool(m.group(2)), iri))
    return tuple(clauses)
