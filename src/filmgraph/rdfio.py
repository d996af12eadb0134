"""Writing quads in RDF formats, deterministically, and writing files atomically.

Turtle, TriG, N-Triples and N-Quads are written here from sorted quads, so the same
graph always gives the same bytes: subjects in order, rdf:type first, instance IRIs
relative to an @base, and only the prefixes that are used. JSON-LD is written here
too, compacted the same way (an @context of the @base and the prefixes used); RDF/XML
is written by Oxigraph from the same sorted N-Quads.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from . import scratch
from . import terms as T
from .errors import FilmgraphError, InputError
from .formats import RDF, WRITERS, Format, by_extension, formats, writer
from .ntriples import Quad

FORMATS: dict[str, Format] = formats(RDF)
#: File extensions read as RDF, with the format each implies.
DATA_SUFFIXES: dict[str, str] = by_extension(RDF, reading=True)
_SYNTAX_LINE_RE = re.compile(r"line (\d+)", re.I)
_LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_RELATIVE_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
_TYPE = f"<{T.RDF_TYPE}>"
_BARE = {
    f"<{T.XSD}integer>": re.compile(r"^[+-]?\d+$"),
    f"<{T.XSD}decimal>": re.compile(r"^[+-]?\d*\.\d+$"),
    f"<{T.XSD}boolean>": re.compile(r"^(true|false)$"),
}


def format_for(path: str | os.PathLike[str], default: str = "turtle") -> str:
    """The format name a file's extension implies."""
    return DATA_SUFFIXES.get(Path(path).suffix.lower(), default)


def data_files(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """RDF files named or found in folders (by extension), sorted within each folder."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)
            if not found:  # a mistyped folder would otherwise answer every query with nothing
                raise InputError(str(path), 0, f"no RDF files in this folder ({', '.join(sorted(DATA_SUFFIXES))})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(str(path), 0, "no such file or folder")
    return files


#: Characters XML 1.0 has no place for, even escaped; RDF literals may hold them.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def read_quads(paths: Sequence[str | os.PathLike[str]]) -> Iterator[ox.Quad]:
    """Every quad of RDF files (or folders of them), as parsed, lexical forms kept."""
    for file in data_files(paths):
        try:
            yield from ox.parse(path=str(file), format=FORMATS[format_for(file)].oxigraph)
        except SyntaxError as exc:
            raise syntax_error(file, exc) from None
        except OSError as exc:  # Oxigraph's message ends with "(os error N)"
            reason = exc.strerror or re.sub(r"\s*\(os error \d+\)$", "", str(exc))
            raise InputError(str(file), 0, f"cannot read file: {reason}") from None


def xml_text(text: str) -> str:
    """text with each character XML 1.0 cannot hold replaced by U+FFFD (for XML formats)."""
    return _NOT_XML_RE.sub("\ufffd", text)


def _xml_ready(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads, or FilmgraphError at the first literal RDF/XML cannot hold (XML 1.0 has no U+0001)."""
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and (bad := _NOT_XML_RE.search(quad.object.value)):
            raise FilmgraphError(f"RDF/XML cannot hold the character U+{ord(bad.group()):04X} in the value of "
                                 f"{quad.subject} {quad.predicate}; choose another format "
                                 "(Turtle, N-Triples, JSON-LD keep it)")
        yield quad


def syntax_error(path: str | os.PathLike[str], exc: SyntaxError) -> InputError:
    """An Oxigraph parse error as an InputError naming the file and line."""
    message = (exc.msg or str(exc)).splitlines()[0]  # str(exc) would add "(file, line N)" again
    m = _SYNTAX_LINE_RE.search(message)
    return InputError(str(path), exc.lineno or (int(m.group(1)) if m else 1), f"not valid RDF: {message}")


def serialize(quads: Iterable[Quad], fmt: str = "turtle", base: str | None = None) -> bytes:
    """Serialise quads; triple formats get the union of all graphs, without repeats."""
    spec = FORMATS[fmt]
    return WRITERS[(RDF, fmt)](_sorted_rows(quads, spec.quads), spec, base)


def _sorted_rows(quads: Iterable[Quad], named: bool) -> list[Quad]:
    """The distinct quads sorted by graph, subject, predicate, object (with ``named``), or the
    distinct triples of their union sorted (graph ""). Grouped by graph and subject first:
    sorting each subject's few statements costs less than sorting them all."""
    if named:
        graphs: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for s, p, o, g in quads:
            statements = graphs.get((g, s))
            if statements is None:
                statements = graphs[(g, s)] = set()
            statements.add((p, o))
        return [(s, p, o, g) for g, s in sorted(graphs) for p, o in sorted(graphs[(g, s)])]
    subjects: dict[str, set[tuple[str, str]]] = {}
    for s, p, o, _ in quads:
        statements = subjects.get(s)
        if statements is None:
            statements = subjects[s] = set()
        statements.add((p, o))
    return [(s, p, o, "") for s in sorted(subjects) for p, o in sorted(subjects[s])]


def _lines(rows: list[Quad], spec: Format) -> str:
    if spec.quads:
        return "".join([f"{s} {p} {o} {g} .\n" for s, p, o, g in rows])
    return "".join([f"{s} {p} {o} .\n" for s, p, o, _ in rows])


@writer(RDF, "nt")
@writer(RDF, "nquads")
def _write_lines(rows: list[Quad], spec: Format, base: str | None) -> bytes:
    return _lines(rows, spec).encode("utf-8")


@writer(RDF, "jsonld")
def _write_jsonld_rows(rows: list[Quad], spec: Format, base: str | None) -> bytes:
    return _write_jsonld(_lines(rows, spec), base)


@writer(RDF, "xml")
def _write_rdfxml(rows: list[Quad], spec: Format, base: str | None) -> bytes:
    parsed = ox.parse(_lines(rows, spec).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    written = ox.serialize(_xml_ready(parsed), format=spec.oxigraph, prefixes=dict(T.PREFIXES))
    assert written is not None  # no output file given: the bytes come back
    return written


@writer(RDF, "turtle")
@writer(RDF, "trig")
def _write_turtle(rows: list[Quad], spec: Format, base: str | None) -> bytes:
    return _TurtleWriter(base).write(rows, named_graphs=spec.quads).encode("utf-8")


class _IriNames:
    """Short names for IRIs: relative to a base, or prefix:local; remembers the prefixes used."""

    def __init__(self, base: str | None, excluded: Iterable[str] = ()) -> None:
        self.base = base if base and base.endswith("/") and "#" not in base and "?" not in base else None
        skip = set(excluded)
        self.namespaces = sorted(((p, ns) for p, ns in T.PREFIXES.items() if p not in skip),
                                 key=lambda kv: -len(kv[1]))
        self.used: set[str] = set()

    def relative(self, value: str) -> str | None:
        """The IRI relative to the base, when that reference is plainly unambiguous (no
        scheme-like first segment, no "." or ".." segment)."""
        if not self.base or not value.startswith(self.base):
            return None
        rest = value[len(self.base):]
        if _RELATIVE_RE.match(rest) and ("." not in rest or ("/./" not in f"/{rest}/" and "/../" not in f"/{rest}/")):
            return rest  # _RELATIVE_RE allows no ":", so no segment looks like a scheme
        return None

    def prefixed(self, value: str) -> str | None:
        """prefix:local, when a known namespace holds the IRI and the local part is a plain name."""
        for prefix, namespace in self.namespaces:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if _LOCAL_RE.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return None


class _TurtleWriter:
    """Turtle and TriG from sorted rows, abbreviating only where it is plainly safe."""

    def __init__(self, base: str | None) -> None:
        self.names = _IriNames(base)
        self.cache: dict[str, str] = {}

    def iri(self, term: str) -> str:
        value = term[1:-1]
        rest = self.names.relative(value)
        if rest is not None:
            return f"<{rest}>"
        return self.names.prefixed(value) or term

    def term(self, term: str) -> str:
        """A term's short form: IRIs and typed literals (those ending with ">") remembered,
        any other literal (or the default graph's name, "") written as it is."""
        if term[-1:] != ">":
            return term
        return self.cache.get(term) or self._shortened(term)

    def _shortened(self, term: str) -> str:
        """term() of an IRI or typed literal not in the cache, put there."""
        if term.startswith("<"):
            out = self.iri(term)
        elif '"^^<' in term:
            lexical, datatype = term.rsplit("^^", 1)
            bare = _BARE.get(datatype)
            out = lexical[1:-1] if bare and bare.match(lexical[1:-1]) else f"{lexical}^^{self.iri(datatype)}"
        else:
            out = term
        self.cache[term] = out
        return out

    def write(self, rows: list[Quad], named_graphs: bool) -> str:
        body: list[str] = []
        if named_graphs:
            for graph, graph_rows in groupby(rows, key=lambda r: r[3]):
                body.extend(self.lines(graph_rows, graph))
        else:
            body = self.lines(rows)
        head = self.head(self.names.used)
        return "\n".join(head + ([""] if head else []) + body) + "\n"

    def lines(self, rows: Iterable[Quad], graph: str | None = None) -> list[str]:
        """The lines of one graph's sorted rows: a TriG block when a graph is named."""
        return list(self.iter_lines(rows, graph))

    #: Terms whose short form is remembered by a writer that makes many pieces (see piece).
    CACHE = 1 << 16

    def piece(self, rows: Iterable[Quad], graph: str | None = None) -> tuple[list[str], frozenset[str]]:
        """lines() of one piece of a larger whole, and the prefixes that piece uses; the cache
        of short forms emptied beyond CACHE terms."""
        if len(self.cache) > self.CACHE:
            self.cache.clear()
        self.names.used = set()
        return self.lines(rows, graph), frozenset(self.names.used)

    def iter_lines(self, rows: Iterable[Quad], graph: str | None = None) -> Iterator[str]:
        """lines(), one subject at a time."""
        indent = "\t" if graph is not None else ""
        between = f" ;\n{indent}\t"
        get, shortened = self.cache.get, self._shortened
        if graph is not None:
            yield f"{self.term(graph)} {{"
        for subject, grouped in groupby(rows, key=itemgetter(0)):
            # rows come sorted by predicate and object: each predicate's objects are together
            types: list[str] = []
            parts: list[str] = []
            verb, objects = "", []
            for _, predicate, obj, _graph in grouped:
                if obj[-1] == ">":  # an IRI or a typed literal (see term)
                    obj = get(obj) or shortened(obj)
                if predicate == verb:
                    objects.append(obj)
                elif predicate == _TYPE:
                    types.append(obj)
                else:
                    if objects:
                        parts.append(f"{get(verb) or shortened(verb)} {' , '.join(objects)}")
                    verb, objects = predicate, [obj]
            if objects:
                parts.append(f"{get(verb) or shortened(verb)} {' , '.join(objects)}")
            if types:  # rdf:type first, as "a"
                parts.insert(0, f"a {' , '.join(types)}")
            yield f"{indent}{get(subject) or shortened(subject)} {between.join(parts)} ."
        if graph is not None:
            yield "}"

    def head(self, used: Iterable[str]) -> list[str]:
        """The @base and the @prefix lines of the prefixes used."""
        base = self.names.base
        head = [f"@base <{base}> ."] if base else []
        return head + [f"@prefix {p}: <{T.PREFIXES[p]}> ." for p in sorted(set(used))]


class GraphChunks:
    """A dataset written one named graph at a time (TriG or N-Quads), each graph's bytes as
    ``serialize`` writes them within the whole; ``write_graphs`` puts the pieces together.
    Given the graphs in the order of their names, the result is the same bytes as
    ``serialize`` of all their quads, without ever holding more than one graph."""

    def __init__(self, fmt: str, base: str | None) -> None:
        if fmt not in STREAMED:
            raise ValueError(f"{fmt} is not written a graph at a time")
        self.fmt = fmt
        self.turtle = _TurtleWriter(base)

    def chunk(self, quads: Iterable[Quad]) -> tuple[bytes, frozenset[str]]:
        """One graph's quads (all of one graph name) as bytes, and the prefixes they use."""
        rows = sorted(set(quads))  # one graph: the dataset's order (graph, subject, predicate, object)
        if self.fmt == "nquads":
            return _lines(rows, FORMATS["nquads"]).encode("utf-8"), frozenset()
        if not rows:
            return b"", frozenset()
        lines, used = self.turtle.piece(rows, rows[0][3])
        return "\n".join(lines).encode("utf-8"), used

    def stream(self, rows: Iterable[Quad], graph: str, piece: int = 1 << 16) -> tuple[Iterator[bytes], set[str]]:
        """chunk() of a graph too large to hold: its rows, sorted and without repeats, are
        read as they come; gives the bytes a piece at a time (the same bytes as chunk()) and
        the set of prefixes used, complete once the pieces have been read."""
        used: set[str] = set()

        def pieces() -> Iterator[bytes]:
            buffer: list[str] = []
            size = 0
            if self.fmt == "nquads":
                lines: Iterable[str] = (f"{' '.join(r)} .\n" for r in rows)
            else:
                self.turtle.cache.clear()
                self.turtle.names.used = used
                lines = self._joined(self.turtle.iter_lines(rows, graph))
            for line in lines:
                buffer.append(line)
                size += len(line)
                if size >= piece:
                    yield "".join(buffer).encode("utf-8")
                    buffer.clear()
                    size = 0
                    if len(self.turtle.cache) > self.turtle.CACHE:
                        self.turtle.cache.clear()
            if buffer:
                yield "".join(buffer).encode("utf-8")

        return pieces(), used

    @staticmethod
    def _joined(lines: Iterator[str]) -> Iterator[str]:
        """Lines as "\n".join() puts them together: a line end between two lines, none after the last."""
        first = True
        for line in lines:
            yield line if first else "\n" + line
            first = False


#: The formats that can be written a graph at a time.
STREAMED = ("trig", "nquads")


def write_graphs(chunks: Iterable[tuple[bytes | Iterable[bytes], AbstractSet[str]]], fmt: str, base: str | None,
                 output: str | os.PathLike[str] | None, stdout: BinaryIO | None = None) -> None:
    """Write GraphChunks' pieces (or a union's subjects, see union), in order, to ``output``
    atomically (or to ``stdout``).

    A graph's bytes may come as pieces (an iterable of bytes, GraphChunks.stream()); its
    prefixes are read once they have been written. The pieces are spooled to a temporary
    file, so a failure while they are made leaves an
    existing file untouched and writes nothing to stdout. TriG's head (the prefixes used)
    is known only at the end; it is written first and the spooled graphs copied after it
    (Turtle's likewise: its pieces are subjects, each with its line end).
    """
    target = Path(output) if output is not None else None
    directory = (target.parent if str(target.parent) else Path(".")) if target is not None else None
    temps: list[str] = []
    headed = fmt in ("trig", "turtle")  # the prefixes used, written first

    def temporary() -> BinaryIO:
        fd, name = tempfile.mkstemp(prefix=_written_beside(target), suffix=".tmp", dir=directory)
        temps.append(name)
        return os.fdopen(fd, "w+b")

    try:
        with temporary() as spool:
            first = True
            used: set[str] = set()
            for data, prefixes in chunks:
                if fmt == "trig" and not first:  # a line end between graphs and after the last
                    spool.write(b"\n")
                if isinstance(data, bytes):
                    spool.write(data)
                else:
                    for piece in data:
                        spool.write(piece)
                used.update(prefixes)
                first = False
            if headed:
                head = _TurtleWriter(base).head(used)
                if fmt == "trig":
                    spool.write(b"\n")
                spool.flush()
                spool.seek(0)
                if target is None:
                    assert stdout is not None
                    stdout.write("".join(f"{line}\n" for line in head + ([""] if head else [])).encode("utf-8"))
                    shutil.copyfileobj(spool, stdout, 1 << 20)
                    stdout.flush()
                    return
                with temporary() as whole:
                    whole.write("".join(f"{line}\n" for line in head + ([""] if head else [])).encode("utf-8"))
                    shutil.copyfileobj(spool, whole, 1 << 20)
                    _finish(whole, temps[-1], target)
            elif target is None:
                assert stdout is not None
                spool.flush()
                spool.seek(0)
                shutil.copyfileobj(spool, stdout, 1 << 20)
                stdout.flush()
            else:
                _finish(spool, temps[-1], target)
    except BaseException as exc:
        if isinstance(exc, OSError) and target is not None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise
    finally:
        for name in temps:
            Path(name).unlink(missing_ok=True)


def _finish(handle: BinaryIO, name: str, target: Path) -> None:
    """A temporary file written in full: synced, readable by all, renamed to the target."""
    handle.flush()
    os.fsync(handle.fileno())
    os.chmod(name, 0o644)
    os.replace(name, target)


def _write_jsonld(nquads: str, base: str | None) -> bytes:
    """Compacted JSON-LD 1.1: one node object per subject, one @graph per named graph.

    Literals keep their lexical form (a value object with @type, never a JSON number);
    rdf:type becomes @type. A prefix is left out of the @context when some IRI of the
    data has that prefix as its scheme, since a reader would take the IRI for a
    compact one.
    """
    schemes = set(re.findall(r"<([A-Za-z][A-Za-z0-9+.-]*):", nquads))  # (text in literals only adds caution)
    names = _IriNames(base, excluded=schemes)
    quads = ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    vocabs: dict[str, str] = {}
    refs: dict[str, str] = {}

    def vocab(iri: ox.NamedNode) -> str:  # keys, @type: never relative to the base
        short = vocabs.get(iri.value)
        if short is None:
            short = vocabs[iri.value] = names.prefixed(iri.value) or iri.value
        return short

    def ref(term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        short = refs.get(term.value)
        if short is None:
            short = refs[term.value] = names.relative(term.value) or vocab(term)
        return short

    def value(term: Any) -> Any:
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {"@id": ref(term)}
        if isinstance(term, ox.Triple):
            raise ValueError("JSON-LD 1.1 has no quoted triples")
        if term.language:
            out = {"@value": term.value, "@language": term.language}
            if term.direction is not None:
                out["@direction"] = str(term.direction)
            return out
        if term.datatype.value == T.XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": vocab(term.datatype)}

    def node(subject: Any, triples: list[ox.Quad]) -> dict[str, Any]:
        out: dict[str, Any] = {"@id": ref(subject)}
        types = [vocab(q.object) for q in triples if q.predicate.value == T.RDF_TYPE and isinstance(q.object, ox.NamedNode)]
        if types:
            out["@type"] = types[0] if len(types) == 1 else types
        rest = [q for q in triples if not (q.predicate.value == T.RDF_TYPE and isinstance(q.object, ox.NamedNode))]
        for predicate, group in groupby(rest, key=lambda q: q.predicate):
            values = [value(q.object) for q in group]
            out[vocab(predicate)] = values[0] if len(values) == 1 else values
        return out

    def dump(item: Any) -> str:
        return json.dumps(item, ensure_ascii=False)

    def array(items: list[str], indent: str) -> str:
        return f"[\n{indent}" + f",\n{indent}".join(items) + f"\n{indent[:-1]}]" if items else "[]"

    top: list[str] = []  # one node object to a line
    for graph, in_graph in groupby(quads, key=lambda q: q.graph_name):
        nodes = [dump(node(s, list(ts))) for s, ts in groupby(in_graph, key=lambda q: q.subject)]
        if isinstance(graph, ox.DefaultGraph):
            top.extend(nodes)
        else:
            top.append(f'{{"@id": {dump(ref(graph))}, "@graph": {array(nodes, "   ")}}}')
    context: dict[str, str] = {"@base": names.base} if names.base else {}
    context.update((p, T.PREFIXES[p]) for p in sorted(names.used))
    head = json.dumps(context, ensure_ascii=False, indent=2).replace("\n}", "\n }")
    return f'{{"@context": {head},\n "@graph": {array(top, "  ")}}}\n'.encode()


def rdflib_term(node: Any, blanks: dict[str, Any] | None = None) -> Any:
    """An Oxigraph term as rdflib's own readers make it: a plain string stays a plain
    literal; a blank node is new for each label within the ``blanks`` scope (one per file)."""
    import rdflib

    if isinstance(node, ox.NamedNode):
        return rdflib.URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return (blanks if blanks is not None else {}).setdefault(node.value, rdflib.BNode())
    if isinstance(node, ox.Triple):
        raise ValueError("rdflib has no quoted triples")
    if node.language:
        return rdflib.Literal(node.value, lang=node.language)
    if node.datatype.value == T.XSD_STRING:
        return rdflib.Literal(node.value)
    return rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))


def _written_beside(target: Path | None) -> str:
    """The start of the name of a file written before it becomes ``target`` (hidden, beside
    it), or of a spool in the temporary folder; what a killed build left of either removed."""
    scratch.claim()
    if target is None:
        return scratch.prefix("write")
    scratch.sweep(str(target.parent), f".{target.name}.")
    return f".{target.name}.{scratch.prefix('write')}"


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file so that readers see the old file or the whole new one, never a part.

    An OSError names ``path`` (the file asked for), not the temporary file beside it.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=_written_beside(target), suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise
