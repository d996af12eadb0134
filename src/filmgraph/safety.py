"""What a query may do: it reads only the data it is given.

SERVICE, updates (LOAD among them) and FROM / FROM NAMED naming anything but a graph
already in the data are refused before any engine sees the query. The checks read
the query through a small lexer that blanks comments, strings and IRIs, so that a
keyword inside a string or an IRI is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, wraps
from typing import Any

from .errors import QueryError

#: The longest query text (in characters) whose checks are cached. The caches are per text,
#: and a text may be the whole 64 KiB a request may send: 256 of those would hold 16 MiB or
#: more in each process. A longer text is checked afresh each time.
CACHED_TEXT = 4096


def per_text(maxsize: int) -> Any:
    """lru_cache(maxsize) for a function of a query text (its first argument), for texts of at
    most CACHED_TEXT characters; a longer text is not kept."""
    def decorate(function: Any) -> Any:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def check(text: str, *args: Any) -> Any:
            return cached(text, *args) if len(text) <= CACHED_TEXT else function(text, *args)

        check.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        check.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return check
    return decorate


_TOKEN_RE = re.compile(
    r"""(?P<comment>\#[^\n]*)"""
    r"""|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    # Outside strings a backslash escapes one character of a prefixed name (ex:a\' is a
    # name, not the start of a string that would hide what follows from the checks).
    r"""|(?P<escape>\\.)""",
    re.S,
)
WORD = r"(?<![\w?$:.-])({})(?![\w:-])"
_UPDATE_RE = re.compile(WORD.format("INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH"), re.I)
_SERVICE_RE = re.compile(WORD.format("SERVICE"), re.I)
_FROM_RE = re.compile(WORD.format("FROM") + r"\s+(NAMED\s+)?(\S+)", re.I)
_PREFIX_RE = re.compile(WORD.format("PREFIX") + r"\s+([\w.-]*):\s*(\S+)", re.I)


@per_text(256)
def code_of(text: str) -> str:
    """The query with every comment, string and IRI blanked to spaces, each character in its place."""
    return _TOKEN_RE.sub(lambda m: " " * len(m.group(0)), text)


@per_text(256)
def marked(text: str) -> tuple[str, tuple[str, ...]]:
    """The query with comments and strings blanked and each IRI written <N>; and the IRIs."""
    iris: list[str] = []

    def blank(m: re.Match[str]) -> str:
        if m.group("iri"):
            iris.append(m.group("iri")[1:-1])
            return f"<{len(iris) - 1}>"
        if m.group("escape"):
            return "__"
        return " " if m.group("comment") else '""'

    return _TOKEN_RE.sub(blank, text), tuple(iris)


def check_query(text: str, graphs: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
    """Refuse what could reach beyond the data: SERVICE, updates, FROM <elsewhere>.

    ``graphs`` names the graphs of the data (or gives them when called), which
    FROM and FROM NAMED may select.
    """
    refusal = _refusal(text)
    if refusal:
        raise QueryError(refusal)
    clauses = from_clauses(text)
    if not clauses:
        return
    known = set(graphs() if callable(graphs) else graphs)
    for named, iri in clauses:
        if iri not in known:
            clause = "FROM NAMED" if named else "FROM"
            raise QueryError(f"{clause} <{iri}> is refused: it is no graph of the data, and filmgraph "
                             "never fetches a URL or opens a file for a query")


@per_text(256)
def _refusal(text: str) -> str | None:
    """Why the query is refused whatever the data (SERVICE, an update), or None."""
    code, _ = marked(text)
    if _SERVICE_RE.search(code):
        return "SERVICE is refused: a query reads only the data it was given"
    update = _UPDATE_RE.search(code)
    if update:
        return f"{update.group(1).upper()} is refused: filmgraph runs read-only queries, not updates"
    return None


@per_text(256)
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


_DATASET_RE = re.compile(WORD.format("FROM"), re.I)
_FORM_RE = re.compile(WORD.format("SELECT|CONSTRUCT|DESCRIBE|ASK"), re.I)
_WHERE_RE = re.compile(WORD.format("WHERE"), re.I)
_MODIFIER_RE = re.compile(WORD.format("LIMIT|OFFSET|ORDER|VALUES"), re.I)



def with_dataset(text: str, defaults: Sequence[str], named: Sequence[str]) -> str:
    """The query with its FROM and FROM NAMED clauses replaced by these graphs, as the
    SPARQL 1.1 Protocol's default-graph-uri and named-graph-uri say (a request's dataset
    overrides the query's). The graphs are then checked like any FROM clause."""
    for iri in (*defaults, *named):
        if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", iri):
            raise QueryError(f"not an IRI: {iri!r}")
    code = code_of(text)
    spans = []
    for m in _DATASET_RE.finditer(code):  # FROM [NAMED] <iri> or FROM [NAMED] prefix:name
        end = m.end()
        named_kw = re.match(r"\s+NAMED\b", text[end:], re.I)
        end += named_kw.end() if named_kw else 0
        end += len(text[end:]) - len(text[end:].lstrip())
        if text[end:end + 1] == "<":
            end = text.index(">", end) + 1
        else:
            rest = text[end:].split(None, 1)
            end += len(rest[0]) if rest else 0
        spans.append((m.start(), end))
    for start, end in reversed(spans):
        text = text[:start] + " " * (end - start) + text[end:]
        code = code[:start] + " " * (end - start) + code[end:]
    clauses = " ".join([*(f"FROM <{g}>" for g in defaults), *(f"FROM NAMED <{g}>" for g in named)])
    at = _dataset_place(code)
    if at < 0:  # DESCRIBE with no WHERE clause: after its resources, before LIMIT and the like
        modifier = _MODIFIER_RE.search(code)
        at = modifier.start() if modifier else len(_without_comments(text).rstrip())
    return f"{text[:at]} {clauses} {text[at:]}"


def _without_comments(text: str) -> str:
    """The text with its comments (and nothing else) blanked to spaces."""
    return _TOKEN_RE.sub(lambda m: " " * len(m.group(0)) if m.group("comment") else m.group(0), text)


def _dataset_place(code: str) -> int:
    """Where a query's dataset clause goes: before its WHERE clause (after a CONSTRUCT's template)."""
    form = _FORM_RE.search(code)
    if form is None:
        raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    start = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        after = code[start:].lstrip()
        if after[:1] == "{":  # the template: the dataset follows it
            depth, i = 0, code.index("{", start)
            while i < len(code):
                depth += {"{": 1, "}": -1}.get(code[i], 0)
                i += 1
                if depth == 0:
                    return i
    where, brace = _WHERE_RE.search(code, start), code.find("{", start)
    candidates = [p for p in (where.start() if where else -1, brace) if p >= 0]
    return min(candidates) if candidates else -1  # DESCRIBE <x> may have no WHERE clause


_STAR_RE = re.compile(WORD.format("SELECT") + r"\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.I)
_VARIABLE_RE = re.compile(r"[?$]([A-Za-z_\u00c0-\ufffd][\w\u00b7\u00c0-\ufffd]*)")


def star_order(text: str, variables: list[str]) -> list[str]:
    """For a SELECT * query, its variables in the order the query first names them
    (Oxigraph gives them sorted); for any other query, variables as they are."""
    named = _named_after_star(text)
    if named is None:
        return variables
    seen = [v for v in named if v in variables]
    return seen + [v for v in variables if v not in seen]


@per_text(256)
def _named_after_star(text: str) -> tuple[str, ...] | None:
    """A SELECT * query's variables in the order it first names them; None for any other query."""
    code = code_of(text)
    star = _STAR_RE.search(code)
    if star is None:
        return None
    return tuple(dict.fromkeys(m.group(1) for m in _VARIABLE_RE.finditer(code, star.end())))
