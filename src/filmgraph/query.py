"""SPARQL over filmgraph data: named queries, safe evaluation with Oxigraph, result formats.

A query reads only the data it is given: SERVICE, updates (LOAD among them) and
FROM / FROM NAMED naming anything but a graph already in the data are refused before
any engine sees the query. Parameters are bound as typed RDF terms (a VALUES block
that pyoxigraph's own term writer fills in), never by pasting caller text into the
query. A time limit stops waiting for a runaway query and reports it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import queue
import re
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from . import terms as T
from .errors import FilmgraphError, InputError
from .rdfio import FORMATS, data_files, format_for, rdflib_term, syntax_error, xml_text
from .rdfio import serialize as serialize_rdf
from .resources import queries_dir

#: Default time limit of one query, in seconds.
DEFAULT_TIMEOUT = 5.0
#: Result formats: the W3C SPARQL 1.1 result formats, a terminal table, and RDF for graphs.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "nt")
_XSD_STRING = ox.NamedNode(T.XSD_STRING)


class QueryError(FilmgraphError):
    """A query that is refused, malformed, failed or ran out of time."""


# -- named queries ---------------------------------------------------------------------


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


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = re.match(r"^#\s*(title|question|param|example):\s*(.*)$", line)
        if m:
            meta.setdefault(m.group(1), []).append(m.group(2).strip())
        elif line.strip() and not line.startswith("#"):
            break
    params = tuple(p for p in meta.get("param", []) if p != "none")
    return NamedQuery(path.stem, meta.get("title", [path.stem])[0], meta.get("question", [""])[0], params, text, path,
                      tuple(meta.get("example", [])))


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


# -- safety --------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""(?P<comment>\#[^\n]*)"""
    r"""|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)""",
    re.S,
)
_WORD = r"(?<![\w?$:.-])({})(?![\w:-])"
_UPDATE_RE = re.compile(_WORD.format("INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH"), re.I)
_SERVICE_RE = re.compile(_WORD.format("SERVICE"), re.I)
_FROM_RE = re.compile(_WORD.format("FROM") + r"\s+(NAMED\s+)?(\S+)", re.I)
_PREFIX_RE = re.compile(_WORD.format("PREFIX") + r"\s+([\w.-]*):\s*(\S+)", re.I)


@lru_cache(maxsize=256)
def code_of(text: str) -> str:
    """The query with every comment, string and IRI blanked to spaces, each character in its place."""
    return _TOKEN_RE.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=256)
def _marked(text: str) -> tuple[str, tuple[str, ...]]:
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
    code, iris = _marked(text)
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
    code, iris = _marked(text)
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


# -- bindings ------------------------------------------------------------------------

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
    code = code_of(text)
    where = _WHERE_RE.search(code)
    brace = where.end() if where else code.find("{") + 1
    if brace <= 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{text[:brace]} VALUES ({names}) {{ ({values}) }} {text[brace:]}"


def typed_bindings(text: str, bindings: dict[str, Any] | None) -> dict[str, Any]:
    """``bindings`` as RDF terms (a string is read as for --bind); each one a variable of the query.

    A name the query does not use is an error: binding it would silently change nothing.
    """
    code, iris = _marked(text)
    terms = {}
    for name, value in (bindings or {}).items():
        used = re.compile(rf"[?$]{re.escape(name)}(?![\w\u00b7\u0300-\u036f\u203f\u2040])")
        # "<...>" may be a comparison such as ?a<?b&&?c>?d rather than an IRI: look there too
        if not used.search(code) and not any(used.search(iri) for iri in iris):
            raise QueryError(f"--bind {name}: the query has no variable ?{name}")
        terms[name] = parse_binding(f"{name}={value}")[1] if isinstance(value, str) else value
    return terms


_BIND_RE = re.compile(r"^\??([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


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
            triples = list(ox.parse(f"{head}<x:s> <x:p> {value} .".encode("utf-8"), format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            # the parser's line and columns are those of the wrapper around the value: drop them
            reason = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "", exc.msg)
            raise QueryError(f"--bind {name}: not an RDF term: {value!r} ({reason})") from None
        if len(triples) != 1 or isinstance(triples[0].object, (ox.BlankNode, ox.Triple)):
            raise QueryError(f"--bind {name}: not one IRI or literal: {value!r}")
        return name, triples[0].object
    return name, ox.Literal(value)


# -- data ------------------------------------------------------------------------------


_GRAPH_RE = re.compile(_WORD.format("GRAPH|FROM"), re.I)


class QueryStore:
    """The data loaded for querying, held in Oxigraph twice.

    ``merged`` holds the merge of every document's triples as its default graph
    (a set, as SPARQL defines it). ``graphs`` holds each document's named graph and,
    as its default graph, their merge; in memory it is loaded on first use. Oxigraph's
    in-memory store finds a subject's triples across every graph, so a lookup of a
    shared node (a motif's label, a person's films) in ``graphs`` wades through the
    copy each document states; in ``merged`` there is one. Queries that name no
    graph (no GRAPH, no FROM) run on ``merged``, the others on ``graphs``.
    """

    def __init__(self, merged: ox.Store, graphs: ox.Store | Callable[[], ox.Store]) -> None:
        self.merged = merged
        self._graphs = graphs
        self._lock = threading.Lock()

    @property
    def graphs(self) -> ox.Store:
        with self._lock:
            if not isinstance(self._graphs, ox.Store):
                self._graphs = self._graphs()
            return self._graphs

    def store_for(self, text: str) -> ox.Store:
        """The store that answers this query text."""
        return self.graphs if _GRAPH_RE.search(code_of(text)) else self.merged

    def query(self, text: str, **options: Any) -> Any:
        """Run SPARQL on the store that answers it (no safety checks: see run_query)."""
        return self.store_for(text).query(text, **options)

    def named_graphs(self) -> Iterable[ox.NamedNode | ox.BlankNode]:
        return self.graphs.named_graphs()


def _load_files(store: ox.Store, files: list[Path], merge: bool) -> None:
    """Each file into the store; with merge, the triples of named graphs into the default graph."""
    for file in files:
        fmt = FORMATS[format_for(file)].oxigraph
        try:
            if merge and fmt.supports_datasets:
                store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                  for q in ox.parse(path=str(file), format=fmt))
            else:
                store.bulk_load(path=str(file), format=fmt)
        except SyntaxError as exc:
            raise syntax_error(file, exc) from None


def _manifest(files: list[Path]) -> list[list[Any]]:
    """What the files are now: path, size and modification time of each (None when gone)."""
    return [[str(f.resolve()), *((f.stat().st_size, f.stat().st_mtime_ns) if f.is_file() else (None, None))]
            for f in files]


def _load_graphs(store: ox.Store, files: list[Path], manifest: list[list[Any]] | None = None) -> ox.Store:
    """The files into store, their named graphs kept and merged into the default graph.

    With a manifest, the files must still be what it says (the merged store was
    loaded from them), or FilmgraphError says which one changed.
    """
    if manifest is not None:
        for file, then, now in zip(files, manifest, _manifest(files)):
            if then != now:
                raise FilmgraphError(f"{file}: changed since the data was loaded; load it again")
    _load_files(store, files, merge=False)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


_STORE_PARTS = frozenset({"graphs", "merged", "filmgraph-files.json"})


def load_store(paths: Sequence[str | os.PathLike[str]], store_dir: str | os.PathLike[str] | None = None) -> QueryStore:
    """The data loaded into Oxigraph; with store_dir, persistent stores loaded once.

    GRAPH patterns see each document's graph; the default graph is the merge of all
    graphs, so a triple stated by two documents counts once.

    Persistent stores remember which files (by path, size and modification time)
    they hold and are reloaded only when that list changes.
    """
    files = data_files(paths)
    manifest = _manifest(files)
    if store_dir is None:
        merged = ox.Store()
        _load_files(merged, files, merge=True)
        return QueryStore(merged, lambda: _load_graphs(ox.Store(), files, manifest))
    folder = Path(store_dir)
    folder.mkdir(parents=True, exist_ok=True)
    others = sorted(p.name for p in folder.iterdir() if p.name not in _STORE_PARTS)
    if others:  # a folder of the user's (data/, say): the store would be written among their files
        raise FilmgraphError(f"{store_dir}: holds {others[0]!r} and is no filmgraph store; "
                             "give --store a new or empty folder")
    graphs, merged = ox.Store(str(folder / "graphs")), ox.Store(str(folder / "merged"))
    stamp = folder / "filmgraph-files.json"
    if stamp.exists() and json.loads(stamp.read_text()) == manifest:
        return QueryStore(merged, graphs)
    stamp.unlink(missing_ok=True)
    graphs.clear()
    merged.clear()
    _load_graphs(graphs, files)
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                       for q in graphs.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    graphs.flush()
    merged.flush()
    stamp.write_text(json.dumps(manifest))
    return QueryStore(merged, graphs)


def open_store(store_dir: str | os.PathLike[str]) -> QueryStore:
    """The persistent stores that load_store wrote in store_dir, opened read-only
    (several processes may hold them at once)."""
    if not (Path(store_dir) / "filmgraph-files.json").exists():
        raise FilmgraphError(f"{store_dir}: no filmgraph store here")
    return QueryStore(ox.Store.read_only(str(Path(store_dir) / "merged")),
                      ox.Store.read_only(str(Path(store_dir) / "graphs")))


# -- results ---------------------------------------------------------------------------


@dataclass
class QueryResult:
    """What a query returned: rows of a SELECT, the answer of an ASK, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (ready for pandas.DataFrame)."""
        return [{v: python_value(t) for v, t in zip(self.variables, row)} for row in self.rows]

    def serialize(self, fmt: str = "table") -> bytes:
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r}")
        if self.kind == "graph":
            if fmt not in ("turtle", "nt", "table"):
                raise QueryError(f"a CONSTRUCT or DESCRIBE gives RDF: use --format turtle or nt, not {fmt}")
            quads = [(str(t.subject), str(t.predicate), str(t.object), "") for t in self.triples]
            return serialize_rdf(quads, "nt" if fmt == "table" else fmt)
        if fmt in ("turtle", "nt"):
            article = "an" if self.kind == "ask" else "a"
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; {article} {self.kind.upper()} gives results")
        return _WRITERS[fmt](self)


def python_value(term: Any) -> Any:
    """A plain Python value for a term: str for IRIs and text, int/float/Decimal/bool/date for typed literals."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    datatype = term.datatype.value
    try:
        if datatype in (T.XSD + "integer", T.XSD + "int", T.XSD + "long"):
            return int(term.value)
        if datatype == T.XSD + "decimal":
            return Decimal(term.value)
        if datatype in (T.XSD + "double", T.XSD + "float"):
            return float(term.value)
        if datatype == T.XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == T.XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {  # type: ignore[dict-item]
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _write_json(result: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results JSON, one solution to a line (readable, diff-friendly, quick)."""
    if result.kind == "ask":
        return f'{{"head": {{}}, "boolean": {json.dumps(bool(result.boolean))}}}\n'.encode()
    rows = [json.dumps({v: _json_term(t) for v, t in zip(result.variables, row) if t is not None},
                       ensure_ascii=False) for row in result.rows]
    bindings = "[\n  " + ",\n  ".join(rows) + "\n ]" if rows else "[]"
    head = json.dumps(result.variables, ensure_ascii=False)
    return f'{{"head": {{"vars": {head}}},\n "results": {{"bindings": {bindings}}}}}\n'.encode("utf-8")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    text = escape(xml_text(term.value))  # a literal may hold U+0001; XML 1.0 cannot
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{text}</literal>"
    if term.datatype != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{text}</literal>"
    return f"<literal>{text}</literal>"


def _write_xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(result.variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode("utf-8")


def plain_text(term: Any) -> str:
    """A term as plain text: an IRI, a literal's value, _:label for a blank node, "" for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def one_line(term: Any, width: int) -> str:
    """A term's text on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(plain_text(term).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _write_csv(result: QueryResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["_askResult"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        writer.writerows([plain_text(t) for t in row] for row in result.rows)
    return buffer.getvalue().encode("utf-8")


def _write_tsv(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_table(result: QueryResult, width: int = 60) -> bytes:
    if result.kind == "ask":
        return f"{'yes' if result.boolean else 'no'}\n".encode()

    header = result.variables
    body = [[one_line(t, width) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    footer = f"({len(body)} row{'s' if len(body) != 1 else ''})"
    return ("\n".join([line, rule, *rows, footer]) + "\n").encode("utf-8")


_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv, "table": _write_table}


# -- evaluation ------------------------------------------------------------------------


def _graphs_of(store: QueryStore) -> set[str]:
    return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}


def _from_merge(store: QueryStore, text: str) -> ox.Store:
    """The dataset of a query with several FROM graphs, in a store of its own: their RDF
    merge as default graph (a triple two of them state counts once), the FROM NAMED
    graphs as named graphs. Oxigraph 0.5 counts such a triple once per graph
    (oxigraph/oxigraph#1919, fixed after 0.5), so it is queried with this store's
    default graph in place of the FROM clauses.
    """
    dataset = ox.Store()
    for named, iri in from_clauses(text):
        quads = store.graphs.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        dataset.bulk_extend(quads if named else (ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    return dataset


def _syntax_error(label: str, exc: SyntaxError) -> QueryError:
    """Oxigraph's SPARQL syntax error as one line naming the query's file (or name) and line."""
    message = " ".join(str(exc.msg or exc).split())
    m = re.fullmatch(r"error at (\d+):(\d+): (.*)", message)
    if m is None:
        return QueryError(f"SPARQL syntax error: {message}")
    line, column, problem = m.groups()
    if label == "<query>":
        return QueryError(f"SPARQL syntax error at line {line}, column {column}: {problem}")
    return QueryError(f"{label}:{line}: SPARQL syntax error at column {column}: {problem}")


def _evaluate(store: QueryStore, text: str, bindings: dict[str, Any], limit: int | None,
              label: str = "<query>") -> QueryResult:
    try:
        target, options = store.store_for(text), {}
        if sum(1 for named, _ in from_clauses(text) if not named) > 1:
            target, options = _from_merge(store, text), {"default_graph": ox.DefaultGraph()}
        answer = target.query(bind_values(text, bindings), **options)  # bound values add no GRAPH or FROM
    except SyntaxError as exc:  # the VALUES of the bindings go in without a line break: lines stay
        raise _syntax_error(label, exc) from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"cannot run the query with these bindings: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(tuple(solution))  # in the order of answer.variables
        return QueryResult("select", variables, rows)
    triples = []
    for triple in answer:
        if limit is not None and len(triples) >= limit:
            break
        triples.append(triple)
    return QueryResult("graph", triples=triples)


class _Worker(threading.Thread):
    """A daemon thread that runs jobs one after another and then waits, idle, for more."""

    def __init__(self, idle: queue.SimpleQueue[_Worker]) -> None:
        super().__init__(name="filmgraph-query", daemon=True)
        self.jobs: queue.SimpleQueue[tuple[Callable[[], Any], queue.SimpleQueue[Any]]] = queue.SimpleQueue()
        self.idle = idle

    def run(self) -> None:
        while True:
            job, reply = self.jobs.get()
            try:
                outcome = ("ok", job())
            except BaseException as exc:  # handed to the caller
                traceback.clear_frames(exc.__traceback__)  # Oxigraph's objects die in this thread
                outcome = ("error", exc)
            self.idle.put(self)  # idle before the reply, so that the caller's next job finds it
            reply.put(outcome)
            del job, reply, outcome  # hold nothing of a finished job (an open store, say)


_IDLE_WORKERS: queue.SimpleQueue[_Worker] = queue.SimpleQueue()


def _forget_workers() -> None:
    """In a forked child: the parent's workers are not there, so start afresh."""
    global _IDLE_WORKERS
    _IDLE_WORKERS = queue.SimpleQueue()


os.register_at_fork(after_in_child=_forget_workers)


def in_worker(job: Callable[[], Any], timeout: float | None = None) -> Any:
    """job() run in a query worker thread; QueryError when it takes longer than timeout.

    Workers are daemon threads, reused once idle: a job that outlives its timeout
    runs on in its worker (nothing can stop Oxigraph midway), and the next job gets
    another worker; the command line exits without waiting for it. Evaluating in a
    worker is also a matter of speed: Oxigraph allocates for every joined row, and is
    1.3 to 1.7 times slower in the malloc arena of the thread that loaded the data
    (measured at 10,000 films; see benchmarks/query_benchmark.py) than in a worker's own.
    """
    try:
        worker = _IDLE_WORKERS.get_nowait()
    except queue.Empty:
        worker = _Worker(_IDLE_WORKERS)
        worker.start()
    reply: queue.SimpleQueue[Any] = queue.SimpleQueue()
    worker.jobs.put((job, reply))
    try:
        status, payload = reply.get(timeout=timeout)
    except queue.Empty:
        raise QueryError(f"query stopped after the time limit of {timeout:g} s") from None
    if status == "error":
        raise payload
    return payload


def run_query(
    store: QueryStore,
    query: str,
    bindings: dict[str, Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
    inline: bool = False,
) -> QueryResult:
    """Run a SPARQL query (name, .rq path or text) safely over the store.

    With ``inline``, ``query`` is SPARQL text and nothing else: no name is looked up
    and no file is read (the endpoint runs what remote clients send this way).

    ``bindings`` maps variable names to pyoxigraph terms or VALUE strings as for
    --bind. The query is evaluated in a worker thread (see ``in_worker``; Oxigraph
    releases the GIL); with a timeout, QueryError is raised when the time is up.
    """
    label, text = ("<query>", query) if inline else resolve_query(query)
    check_query(text, lambda: _graphs_of(store))
    terms = typed_bindings(text, bindings)
    return in_worker(lambda: _evaluate(store, text, terms, limit, label), timeout or None)


def query_files(
    query: str,
    data: Sequence[str | os.PathLike[str]],
    bindings: dict[str, Any] | None = None,
    **options: Any,
) -> QueryResult:
    """One call from a notebook: load the data files and run a query over them."""
    store_dir = options.pop("store_dir", None)
    return run_query(load_store(data, store_dir), query, bindings, **options)


# -- rdflib's engine (for comparison; as guarded as Oxigraph) ---------------------------


def _to_ox(term: Any) -> Any:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or T.XSD_STRING)))


def load_rdflib(paths: Sequence[str | os.PathLike[str]]) -> Any:
    """An rdflib Dataset of the data whose default graph is the union of all graphs."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    for file in data_files(paths):
        dataset.parse(str(file), format=FORMATS[format_for(file)].rdflib)
    return dataset


def run_query_rdflib(dataset: Any, query: str, bindings: dict[str, Any] | None = None,
                     limit: int | None = None) -> QueryResult:
    """The same query on rdflib's engine, with the same refusals and URL loading off."""
    import rdflib
    import rdflib.plugins.sparql as sparql

    _, text = resolve_query(query)
    check_query(text, {str(g.identifier) for g in dataset.graphs()})
    sparql.SPARQL_LOAD_GRAPHS = False
    init = {name: rdflib_term(term) for name, term in typed_bindings(text, bindings).items()}
    answer = dataset.query(text, initBindings=init)
    if answer.type == "ASK":
        return QueryResult("ask", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        triples = [ox.Triple(*(_to_ox(t) for t in triple)) for triple in answer.graph]
        return QueryResult("graph", triples=triples[:limit] if limit is not None else triples)
    variables = [str(v) for v in answer.vars]
    rows = [tuple(_to_ox(row.get(v)) for v in answer.vars) for row in answer]
    return QueryResult("select", variables, rows[:limit] if limit is not None else rows)
