"""Incremental builds (``build --into DATA``): documents added to, or replaced in, a TriG or
N-Quads dataset without mapping the others again, with the bytes a full build would write.

DATA is read once, a line at a time, to its end (the links graph, the last, is made again:
its lines are not read, and nothing may follow them). Each document graph
it holds is kept as it stands (its bytes are copied: a graph's bytes depend on nothing but
its document, the base IRI, the films other documents describe, the curator's merges and
the split of its theme line), and what the corpus-level steps need of its document is read
back from the graph: the file name
and SHA-256, the film (title, date), countries, identifiers and theme line (the raw header
lines, kept as fg:SourceLine quotes, read again as the parser reads them), the concepts'
names, and the texts of the motif readings and question discussions. The corpus's own graphs
(derived, links) are made again from all the documents, as a full build makes them.

A kept document's graph would differ from a full build's when the documents given change
the split of its theme line (the corpus's theme lines teach the splitter) or make its film
one that two documents describe (or no longer): such a document is mapped again from its
file when the file is given too (unchanged), else the build stops with an error naming it.
Giving a document DATA holds unchanged (same name, same SHA-256) keeps its graph; giving one
changed replaces it. The documents go through the corpus-level steps in the order of their
names, as in a full build of one folder that holds them all.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import groupby, islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import __version__, scratch
from . import terms as T
from .builder import (
    _WRITING,
    DEFAULTS,
    PARALLEL_FROM,
    BuildOptions,
    PathLike,
    _Derivation,
    _in_order,
    _learnt,
    _line,
    _link_file,
    _merge,
    _Out,
    _parse_all,
    _Pass,
    _ready,
    _SortedLines,
    _Spool,
    _summary,
    discover,
    forked,
    passing,
)
from .document import Country, Document, Identifier, MotifReading, QuestionDiscussion, Text
from .errors import InputError, ParseWarning
from .knowledge import Evocations, forget_sentences, word_counts
from .links import check_iri
from .mapping import DocumentMapper, IriMinter, iter_derived_quads, started_at
from .ntriples import iri, lang_literal
from .parser import _SPACE_RE, _field, apply_theme_split
from .rdfio import STREAMED, GraphChunks, format_for, syntax_error, write_graphs
from .splitting import ThemeSplitter

#: What the corpus-level steps need of a document graph: the statements read back from DATA.
_DOCUMENT_PREDICATES = (
    T.FILE_NAME, T.SHA256, T.SCHEMA + "about", T.SCHEMA + "name", T.SCHEMA + "datePublished",
    T.SCHEMA + "countryOfOrigin", T.SCHEMA + "director", T.SCHEMA + "actor", T.THEME_P, T.SCHEMA + "genre",
    T.HAS_MOTIF_READING, T.HAS_DISCUSSION, T.MOTIF_P, T.QUESTION_P, T.MEANING, T.CONTEXT, T.DISCUSSION,
    T.POSITION, T.SKOS + "prefLabel", T.SKOS + "altLabel", T.SOURCE_LINE_P, T.LINE_ROLE, T.LINE_NUMBER,
    T.OA + "exact",
)
#: What is read of the derived graph: the base, the version that built DATA, the curator's merges.
_DERIVED_PREDICATES = (T.VOID + "uriSpace", T.RDFS + "label", T.SKOS + "editorialNote")
_PREFIX_RE = re.compile(rb"^@prefix ([A-Za-z][\w-]*): <([^>]*)> \.$")
_BASE_RE = re.compile(rb"^@base <([^>]*)> \.$")
_ABSOLUTE_RE = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:")
#: A literal or an IRI in a TriG line: what a prefix found in a line must lie outside of.
_QUOTED_RE = re.compile(rb'"(?:[^"\\]|\\.)*"|<[^>\s]*>')
_WHOLE_RE = re.compile(r"-?[0-9]+")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Where in its input Oxigraph's message says the error is: not the file's line and column.
_PARSER_AT_RE = re.compile(r"^Parser error at line \d+(?: column \d+| between columns \d+ and \d+)?: ")


def _corpus_graph(name: str, graph: str) -> bool:
    """Whether a graph's name (an N-Triples IRI) is that of the corpus's graph ``graph`` (derived,
    links): <BASE>graph/NAME, the base ending in / or #, before the base is known; not a document's
    (<BASE>document/..., whose file may be named graph/links.txt in a folder)."""
    return T.is_corpus_graph(name[1:-1], f"graph/{graph}") and "document/" not in name


@dataclass
class _Stored:
    """A document graph of DATA: where its bytes are, and what its document was."""

    graph: str  # the graph's name, an N-Triples IRI
    start: int
    end: int
    name: str
    sha256: str
    film: str
    themes: frozenset[str]  # the names its film's themes have in the graph
    theme_line: str | None
    place: int  # its document (a Document with its texts) in the spool


@dataclass
class _Dataset:
    """What DATA holds: its format, base IRI, TriG head, documents, and the derived graph's merge notes."""

    path: Path
    fmt: str
    base: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    documents: dict[str, _Stored] = field(default_factory=dict)  # by file name
    notes: set[tuple[str, str]] = field(default_factory=set)
    version: str = ""


@dataclass
class IncrementalBuild:
    """What ``build_into`` did: documents added, replaced, mapped again, kept; what it noticed."""

    base: str = ""  # the dataset's base IRI
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    remapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # held by DATA, given again bad and skipped
    kept: int = 0
    warnings: list[ParseWarning] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.kept + len(self.added) + len(self.replaced) + len(self.remapped)


def build_into(data: PathLike, sources: Sequence[PathLike], output: PathLike | None = None,
               stdout: BinaryIO | None = None, options: BuildOptions = DEFAULTS,
               progress: Callable[[int, int], None] | None = None) -> IncrementalBuild:
    """Add the documents under ``sources`` to the dataset ``data`` (TriG or N-Quads, as
    ``build`` writes them), replacing those of the same name; write the result in DATA's
    format to ``output`` (default: ``data`` itself, atomically) or to ``stdout``.

    The result is the same bytes as a full build of all the documents with the same options
    (``options.base`` must be DATA's, when given). Raises InputError for a DATA that cannot be
    updated, a bad document (unless ``options.skip_bad``), or a kept document whose graph the
    new documents would change and whose file was not given.
    """
    base, licence = options.base, options.licence
    check_iri(licence, "--license")
    if output is not None and format_for(output, "") != format_for(data, ""):
        raise InputError(str(output), 0, f"an incremental build writes the format of the dataset ({data})")
    scratch.claim()
    scratch.sweep()  # what killed builds left
    spool = _Spool()
    extra = _SortedLines()
    corpus: _Corpus | None = None
    derivation: _Derivation | None = None
    pool: ProcessPoolExecutor | None = None
    try:
        dataset = read_dataset(data, spool)
        if options.derive:  # the processes that make the links graph, forked while this one is small
            apart = options.jobs > 1 and len(dataset.documents) >= PARALLEL_FROM
            derivation = _Derivation(apart=apart)
            pool = forked(options.jobs) if apart else None  # they weigh the documents' texts
        if base is not None and base != dataset.base:
            raise InputError(str(data), 0, f"the dataset's base IRI is {dataset.base}, not {base}: "
                             "an incremental build keeps the base it was built with")
        minter = IriMinter(dataset.base)
        result = IncrementalBuild(base=dataset.base)
        fresh, given = _read_sources(sources, dataset, minter, result, options.skip_bad, options.jobs, progress)
        stored = {name: doc for name, doc in dataset.documents.items()
                  if name not in fresh and name not in result.dropped}
        splitter = _settle(dataset, minter, stored, fresh, given, result, options.vocabulary)
        result.kept = len(stored)
        result.warnings = [w for name in sorted(fresh) for w in fresh[name].warnings]
        summaries = corpus = _Corpus(spool, stored, fresh, splitter, minter, dataset.path)
        notes = _merge(minter, options.merges, summaries)
        if {(s, o) for s, _, o, _ in notes} != dataset.notes:
            raise InputError(str(data), 0, "the curator's merges (--merge-concepts) are not those the dataset was "
                             "built with: build in full")
        extra.extend(notes)
        link_files = [_link_file(path, minter, summaries) for path in options.links]
        extra.extend(iter_derived_quads(minter, summaries, licence, link_files, started_at()))
        if derivation is not None:
            _links_graph(minter, corpus, derivation, extra, pool, options.jobs)
        _write(dataset, minter, stored, fresh, extra, output if output is not None or stdout else data, stdout)
        return result
    finally:
        spool.close()
        extra.close()
        if corpus is not None:
            corpus.close()
        if derivation is not None:
            derivation.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _links_graph(minter: IriMinter, corpus: _Corpus, derivation: _Derivation, extra: _SortedLines,
                 pool: ProcessPoolExecutor | None, jobs: int) -> None:
    """The links graph, as a full build makes it: the texts' words counted and the evocations
    scored a batch of documents at a time (by ``pool``'s processes, when given), the links
    between films and concepts made meanwhile by the derivation's process (see builder._Derivation)."""
    def each(work: Callable[[str, list[_Text]], _Out]) -> Iterator[_Out]:
        texts = corpus.texts()
        batches = iter(lambda: list(islice(texts, 64)), [])
        done = partial(work, corpus.spool.file.name)
        return map(done, batches) if pool is None else _in_order(pool, done, 4 * jobs, batches)

    try:
        texts, frequency = 0, Counter[str]()
        for counted in each(_words_of):
            for count, words in counted:
                texts += count
                frequency.update(words)
        evocations = derivation.start(minter, corpus.light, texts, frequency, extra)
        graph = iri(minter.base + T.LINKS_GRAPH_PATH)
        if pool is None:
            for lines in each(partial(_evocation_lines, evocations, minter)):
                extra.add(lines, graph)
        else:
            with passing("nquads", minter.base, minter.shared_films, dict(minter.merged),
                         evocations=evocations) as setup:
                for lines in each(partial(_evoked, setup)):
                    extra.add(lines, graph)
        derivation.finish(extra)
    finally:
        _done_reading()  # the spool read here, when no pool was given


def _words_of(spool: str, batch: list[_Text]) -> list[tuple[int, list[str]]]:
    """Each document's texts and their words (knowledge.word_counts)."""
    try:
        return [word_counts(_text(item, spool)[0]) for item in batch]
    finally:
        forget_sentences()


def _evoked(setup: _Pass, spool: str, batch: list[_Text]) -> list[str]:
    """_evocation_lines in a process of the pool, set up once (see builder._ready)."""
    _ready(setup)
    evocations: Evocations = _WRITING["evocations"]  # type: ignore[assignment]
    minter: IriMinter = _WRITING["minter"]  # type: ignore[assignment]
    return _evocation_lines(evocations, minter, spool, batch)


def _evocation_lines(evocations: Evocations, minter: IriMinter, spool: str, batch: list[_Text]) -> list[str]:
    """The evocations the documents' readings make, as _SortedLines's lines."""
    lines: list[str] = []
    for item in batch:
        doc, name = _text(item, spool)
        lines.extend(map(_line, evocations.of(minter, doc, name)))
        forget_sentences()  # each sentence is seen once
    return lines


def _settle(dataset: _Dataset, minter: IriMinter, stored: dict[str, _Stored], fresh: dict[str, Document],
            given: dict[str, Path], result: IncrementalBuild, vocabulary: Iterable[str]) -> ThemeSplitter:
    """Learn the theme split and the films two documents describe over the whole corpus; a kept
    document whose graph that changes moves from ``stored`` to ``fresh`` (mapped again) when
    its file was given, else InputError names it. Returns the splitter, the new documents split."""
    films = Counter([doc.film for doc in dataset.documents.values()])
    was_shared = {film for film, count in films.items() if count > 1}
    films = Counter([s.film for s in stored.values()] + [minter.film(d) for d in fresh.values()])
    minter.shared_films = frozenset(film for film, count in films.items() if count > 1)
    lines = [s.theme_line for s in stored.values() if s.theme_line is not None]
    lines += [d.theme_line.value for d in fresh.values() if d.theme_line is not None]
    splitter = _learnt(lines, vocabulary)
    stale: list[str] = []
    for name, s in sorted(stored.items()):
        split = splitter.split(s.theme_line).names if s.theme_line is not None else []
        if frozenset(split) != s.themes or (s.film in was_shared) != (s.film in minter.shared_films):
            if name not in given:
                stale.append(name)
                continue
            fresh[name] = _parse(given[name])
            result.remapped.append(name)
            del stored[name]
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise InputError(str(dataset.path), 0, f"the documents given change the graphs of {len(stale)} document(s) "
                         f"it holds (their theme lines would be split otherwise, or their film is now, or no "
                         f"longer, described by two documents): {shown}; give their files too, or build in full")
    for doc in fresh.values():
        if doc.theme_line is not None:
            apply_theme_split(doc, splitter.split(doc.theme_line.value))
    return splitter


def _read_sources(sources: Sequence[str | os.PathLike[str]], dataset: _Dataset, minter: IriMinter,
                  result: IncrementalBuild, skip_bad: bool, jobs: int, progress: Callable[[int, int], None] | None
                  ) -> tuple[dict[str, Document], dict[str, Path]]:
    """The documents to map (new or changed, by name, parsed), and the files of those given
    unchanged (parsed only if one must be mapped again)."""
    files = discover(sources)
    graphs = {minter.document(s.name): s.name for s in dataset.documents.values()}
    changed: list[tuple[Path, str]] = []
    unchanged: list[tuple[Path, str]] = []
    for path, name in files:
        held = dataset.documents.get(name)
        if held is not None and hashlib.sha256(path.read_bytes()).hexdigest() == held.sha256:
            unchanged.append((path, name))
            continue
        other = graphs.get(minter.document(name))
        if other is not None and other != name:
            raise InputError(str(path), 0, f"its graph would be that of '{other}', which the dataset holds")
        changed.append((path, name))
    fresh: dict[str, Document] = {}
    for done, ((_, name), read) in enumerate(zip(changed, _parse_all([p for p, _ in changed], jobs)), 1):
        if isinstance(read, InputError):
            if not skip_bad:
                raise read
            result.skipped.append(read)
            if name in dataset.documents:  # left out, as a full build with --skip-bad leaves it out
                result.dropped.append(name)
        else:
            fresh[name] = read
            (result.replaced if name in dataset.documents else result.added).append(name)
        if progress:
            progress(done, len(changed))
    return fresh, {name: path for path, name in unchanged}


def _parse(path: Path) -> Document:
    """A document read (its theme line not yet split), or its InputError raised."""
    read = next(_parse_all([path], 1))
    if isinstance(read, InputError):
        raise read
    return read


class _Corpus(Sequence[tuple[Document, str]]):
    """All the documents in the order of their names, as the corpus-level steps go through
    them: their names only (summaries, spooled), and with ``texts()`` their texts, one at a
    time (those kept read back from DATA's graphs, those given as parsed)."""

    def __init__(self, spool: _Spool, stored: dict[str, _Stored], fresh: dict[str, Document],
                 splitter: ThemeSplitter, minter: IriMinter, data: Path) -> None:
        self.spool = spool
        self.fresh = fresh
        self.order: list[tuple[str, _Stored | None]] = sorted(
            [*stored.items(), *((name, None) for name in fresh)], key=lambda item: item[0])
        self.light = _Spool()
        try:
            for name, kept in self.order:
                doc = self._document(name, kept)
                if kept is not None and minter.film(doc) != kept.film:  # what was read back names the film
                    raise InputError(str(data), 0, f"the graph {kept.graph} says its film is <{kept.film}>, where "
                                     "filmgraph would name it otherwise: not a filmgraph dataset, or built otherwise")
                if kept is not None and doc.theme_line is not None:
                    apply_theme_split(doc, splitter.split(doc.theme_line.value))
                self.light.add(_summary(doc, doc.source, name))
        except BaseException:
            self.light.close()
            raise

    def _document(self, name: str, kept: _Stored | None) -> Document:
        if kept is None:
            return self.fresh[name]
        doc: Document = self.spool.get(kept.place)  # type: ignore[assignment]
        return doc

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[tuple[Document, str]]:
        return ((s.document(), s.name) for s in self.light)

    def __getitem__(self, index):
        return list(self)[index]  # not used by the corpus-level steps: they go through the documents

    def texts(self) -> Iterator[_Text]:
        """Each document with its texts, or where they lie (see _text), in order."""
        self.spool.file.flush()
        for (name, kept), summary in zip(self.order, self.light):
            yield (self.fresh[name], name, ()) if kept is None else (kept.place, name, summary.themes)

    def close(self) -> None:
        self.light.close()


#: A document with its texts: the document given, or its place in the spool of those kept
#: (and its themes' names, as split), and its name.
_Text = tuple["Document | int", str, tuple[str, ...]]
#: The spool a process reads documents from (see _text), open.
_READING: dict[str, _Spool] = {}


def _done_reading() -> None:
    for spool in _READING.values():
        spool.close()
    _READING.clear()


def _text(item: _Text, spool: str) -> tuple[Document, str]:
    """The document with its texts, and its name (a kept one read from ``spool``, its themes as split)."""
    doc, name, themes = item
    if isinstance(doc, Document):
        return doc, name
    if spool not in _READING:
        _done_reading()
        _READING[spool] = _Spool.reading(spool, 0)
    kept: Document = _READING[spool].get(doc)  # type: ignore[assignment]
    if kept.theme_line is not None:
        kept.themes = [Text(t, kept.theme_line.line) for t in themes]
    return kept, name


# -- reading DATA ---------------------------------------------------------------------------


def read_dataset(path: str | os.PathLike[str], spool: _Spool) -> _Dataset:
    """What DATA holds, its documents read back from their graphs into ``spool``; InputError
    for what an incremental build cannot update."""
    data = Path(path)
    if data.is_dir():
        raise InputError(str(data), 0, "an incremental build updates one TriG or N-Quads file, not a folder")
    if not data.is_file():
        raise InputError(str(data), 0, "no such file: --into needs the dataset a build wrote")
    fmt = format_for(data, "")
    if fmt not in STREAMED:
        kind = "a Turtle file holds the union of the graphs, so its documents cannot be told apart" \
            if fmt in ("turtle", "nt") else "its format is not one an incremental build updates"
        raise InputError(str(data), 0, f"{kind}: build to TriG (.trig) or N-Quads (.nq) to update a dataset")
    dataset = _Dataset(data, fmt)
    graphs = _scan_nquads(dataset) if fmt == "nquads" else _scan_trig(dataset)
    names: list[str] = []
    for graph, start, end, statements, first, lines in graphs:
        names.append(graph)
        if _corpus_graph(graph, "links"):
            continue
        quads = _quads(dataset, graph, statements, first, lines)
        if _corpus_graph(graph, "derived"):
            _read_derived(dataset, quads)
        elif "document/" in graph:  # which base it is under is checked once the base is known
            _read_document(dataset, graph, start, end, first, quads, spool)
    if not dataset.base:
        raise InputError(str(data), 0, "not a filmgraph dataset (no derived graph that names its base IRI)")
    corpus = {f"<{dataset.base}graph/derived>", f"<{dataset.base}{T.LINKS_GRAPH_PATH}>"}
    for graph in names:
        if graph not in corpus and not graph.startswith(f"<{dataset.base}document/"):
            raise InputError(str(data), 0, f"the graph {graph} is no document's of the base {dataset.base}: "
                             "not a filmgraph dataset")
    if dataset.version != f"filmgraph {__version__}":
        raise InputError(str(data), 0, f"built by {dataset.version or 'another tool'}, not filmgraph {__version__}: "
                         "its graphs may be mapped otherwise; build in full")
    minter = IriMinter(dataset.base)
    for doc in dataset.documents.values():
        if doc.graph != iri(minter.document(doc.name)):
            raise InputError(str(data), 0, f"the graph {doc.graph} is not where filmgraph puts '{doc.name}' "
                             f"under the base {dataset.base}: not a filmgraph dataset, or built otherwise")
    return dataset


#: A graph of DATA as the scan gives it: its name, its bytes' span, the statements the build reads,
#: the file's line where the graph starts, and the file's line of each line of those statements.
_Scanned = tuple[str, int, int, bytes, int, list[int]]
_AFTER_LINKS = "after the links graph, the last graph filmgraph writes: not a filmgraph dataset"


def _decoded(path: str, number: int, raw: bytes, what: str) -> str:
    """Bytes of DATA's line ``number`` as text, or InputError: filmgraph writes UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, number, f"{what} is not UTF-8 (byte {raw[exc.start]:#04x}): "
                         "not a filmgraph dataset") from None


def _odd_line(path: str, number: int, line: bytes, fmt: str, head: bytes = b"", problem: str = "") -> InputError:
    """The error for a line of DATA the scan does not expect: a syntax error when the line is not
    valid RDF by itself (after the TriG head), else ``problem`` (default: a line filmgraph does not write)."""
    try:
        for _ in ox.parse(head + line, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG):
            pass
    except SyntaxError as exc:
        return _syntax_error(path, exc, [number] * (head.count(b"\n") + 1))
    kind = "N-Quads as filmgraph writes them (a statement in a named graph)" if fmt == "nquads" \
        else "TriG as filmgraph writes it"
    return InputError(path, number, problem or f"not a line of {kind}: not a filmgraph dataset")


def _syntax_error(path: str, exc: SyntaxError, lines: Sequence[int]) -> InputError:
    """An Oxigraph parse error of statements read from DATA, at the file's line: ``lines`` are
    the file's lines of the statements' lines (their columns are not the file's: not shown)."""
    error = syntax_error(path, exc)
    line = lines[min(max(error.line, 1), len(lines)) - 1] if lines else error.line
    problem = _PARSER_AT_RE.sub("", error.problem.removeprefix("not valid RDF: "))
    return InputError(path, line, f"not valid RDF: {problem}")


def _scan_nquads(dataset: _Dataset) -> Iterator[_Scanned]:
    """Each graph of an N-Quads file (one run of lines each, in the order of their names). The
    links graph is the last: its lines are not read, and no line may follow them."""
    path = str(dataset.path)
    wanted = {iri(p).encode() for p in _DOCUMENT_PREDICATES}
    derived = {iri(p).encode() for p in _DERIVED_PREDICATES}
    graph = b""
    name_text = ""
    ending = b"\n"  # how the lines of the graph being read end: " <graph> .\n"
    start = position = first = 0
    links = False
    kept: list[bytes] = []
    numbers: list[int] = []
    chosen = wanted
    with open(dataset.path, "rb") as source:
        for number, line in enumerate(source, 1):
            if not line.endswith(ending) or not graph:
                name = line[:-3].rsplit(b" ", 1)[-1]
                if not line.endswith(b" .\n") or not name.startswith(b"<") or not name.endswith(b">") \
                        or name == graph:
                    raise _odd_line(path, number, line, "nquads")
                text = _decoded(path, number, name, "the graph name")
                if links:
                    raise _odd_line(path, number, line, "nquads", problem=f"a statement in the graph {text} {_AFTER_LINKS}")
                if graph:
                    if name < graph:
                        raise InputError(path, number, "the graphs are not in the order filmgraph "
                                         "writes them: not a filmgraph dataset")
                    yield name_text, start, position, b"".join(kept), first, numbers
                graph, name_text, start, first, kept, numbers = name, text, position, number, [], []
                ending = b" %s .\n" % name
                links = _corpus_graph(text, "links")  # the last graph, made again from the documents: not read
                if links:
                    yield text, position, position, b"", number, []
                chosen = set() if links else derived if _corpus_graph(text, "derived") else wanted
            if not links:
                subject = line.find(b" ")
                predicate = line.find(b" ", subject + 1)
                if subject < 0 or predicate < 0:
                    raise _odd_line(path, number, line, "nquads")
                if line[subject + 1:predicate] in chosen:
                    kept.append(line)
                    numbers.append(number)
            position += len(line)
    if graph and not links:
        yield name_text, start, position, b"".join(kept), first, numbers


def _scan_trig(dataset: _Dataset) -> Iterator[_Scanned]:
    """Each graph of a TriG file as filmgraph writes it: a head of @base and @prefix lines, then
    one block a graph ("NAME {" at the line's start, a line a subject's predicate, "}"). The
    statements kept are written one a line ("subject predicate objects .") inside their block.
    The links graph is the last: its statements are not read, and nothing may follow it."""
    path = str(dataset.path)
    head: list[bytes] = []
    heads: list[int] = []  # the file's lines of the head
    base: str | None = None
    names: GraphChunks | None = None
    wanted: set[bytes] = set()
    derived: set[bytes] = set()
    chosen = wanted
    graph = previous = ""
    links = ended = False
    block = b""
    subject = b""
    start = position = first = 0
    kept: list[bytes] = []
    numbers: list[int] = []
    with open(dataset.path, "rb") as source:
        for number, line in enumerate(source, 1):
            if graph:
                if line.rstrip(b"\n") == b"}":
                    if links:
                        ended = True
                    else:
                        yield graph, start, position + 1, b"".join([*head, block, *kept, b"}\n"]), first, \
                            [*heads, first, *numbers, number]
                    graph = ""
                elif not line.endswith((b" ;\n", b" .\n")) or not line.startswith(b"\t"):
                    raise InputError(path, number, "not a line of TriG as filmgraph writes it: not a filmgraph dataset")
                elif not links:  # the links graph's lines are not read
                    if line.startswith(b"\t\t"):
                        statement = line[2:-3]
                    else:
                        subject, _, statement = line[1:-3].partition(b" ")
                    if statement.split(b" ", 1)[0] in chosen:
                        kept.append(b"%s %s .\n" % (subject, statement))
                        numbers.append(number)
            elif line.endswith(b" {\n") and not line.startswith((b"\t", b"@")):
                if names is None:
                    names = GraphChunks("trig", base)
                    wanted.update(names.turtle.term(iri(p)).encode() for p in _DOCUMENT_PREDICATES)
                    derived.update(names.turtle.term(iri(p)).encode() for p in _DERIVED_PREDICATES)
                term = _decoded(path, number, line[:-3], "the graph name")
                name = _full_name(term, base, dataset.prefixes, path, number)
                if ended:
                    raise InputError(path, number, f"the graph {name} {_AFTER_LINKS}")
                if name < previous:
                    raise InputError(path, number, "the graphs are not in the order filmgraph writes them: "
                                     "not a filmgraph dataset")
                graph, previous, block, start, first, kept, numbers = name, name, line, position, number, [], []
                links = _corpus_graph(name, "links")  # the last graph, made again from the documents: not read
                if links:
                    yield name, position, position, b"", number, []
                chosen = derived if _corpus_graph(name, "derived") else wanted
            elif names is None and (m := _PREFIX_RE.match(line.rstrip(b"\n"))):
                dataset.prefixes[m.group(1).decode()] = _decoded(path, number, m.group(2), "the prefix's IRI")
                head.append(line)
                heads.append(number)
            elif names is None and (m := _BASE_RE.match(line.rstrip(b"\n"))):
                base = _decoded(path, number, m.group(1), "the base IRI")
                head.append(line)
                heads.append(number)
            elif line.strip():
                raise _odd_line(path, number, line, "trig", b"".join(head))
            position += len(line)
    if graph:
        raise InputError(path, 0, f"the graph {graph} has no end: the file is cut short")


def _full_name(term: str, base: str | None, prefixes: dict[str, str], path: str, number: int) -> str:
    """A graph's name as TriG writes it (relative to the base, prefixed, or whole), whole."""
    if term.startswith("<") and term.endswith(">"):
        return term if _ABSOLUTE_RE.match(term) or base is None else f"<{base}{term[1:-1]}>"
    prefix, _, local = term.partition(":")
    if prefix in prefixes:
        return f"<{prefixes[prefix]}{local}>"
    raise InputError(path, number, f"the graph name {term} is not one filmgraph writes: not a filmgraph dataset")


#: A statement read back: subject, predicate, object, each by its value (an IRI or a literal's text).
_Statement = tuple[str, str, str]


def _quads(dataset: _Dataset, graph: str, statements: bytes, first: int, lines: list[int]) -> list[_Statement]:
    """The statements the scan kept of a graph; a syntax error at the file's line."""
    fmt = ox.RdfFormat.N_QUADS if dataset.fmt == "nquads" else ox.RdfFormat.TRIG
    try:
        return [(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(statements, format=fmt)]
    except SyntaxError as exc:
        raise _syntax_error(str(dataset.path), exc, lines or [first]) from None
    except AttributeError:  # a quoted triple (RDF-star) has no value: filmgraph writes none
        raise InputError(str(dataset.path), first, f"a quoted triple in the graph {graph}: "
                         "not a filmgraph dataset") from None


def _read_derived(dataset: _Dataset, quads: list[_Statement]) -> None:
    for subject, predicate, value in quads:
        if predicate == T.VOID + "uriSpace":
            dataset.base = value
        elif predicate == T.RDFS + "label" and subject.endswith("agent/filmgraph"):
            dataset.version = value
        elif predicate == T.SKOS + "editorialNote":
            dataset.notes.add((iri(subject), lang_literal(value)))


def _read_document(dataset: _Dataset, graph: str, start: int, end: int, first: int, quads: list[_Statement],
                   spool: _Spool) -> None:
    """A document graph's document, as the corpus-level steps need it (names, header lines, texts).
    What cannot be read back is an InputError at the graph's first line."""
    about: dict[str, dict[str, list[str]]] = {}
    for subject, predicate, value in quads:
        about.setdefault(subject, {}).setdefault(predicate, []).append(value)

    def refused(problem: str) -> InputError:
        return InputError(str(dataset.path), first, f"the graph {graph}: {problem}")

    def whole(text: str, what: str) -> int:
        if not _WHOLE_RE.fullmatch(text):
            raise refused(f"{what} \"{text}\" is not a whole number: not a filmgraph dataset, or built otherwise")
        return int(text)

    def last(node: str) -> str:  # the last segment of a node's IRI
        head, slash, tail = node.rpartition("/")
        if not slash or not tail:
            raise refused(f"<{node}> is not an IRI filmgraph mints: not a filmgraph dataset, or built otherwise")
        return tail

    def day(text: str) -> date:
        try:
            if _DATE_RE.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        raise refused(f"the film's release date \"{text}\" is not a date (YYYY-MM-DD): not a filmgraph dataset, "
                      "or built otherwise")

    def values(node: str, predicate: str) -> list[str]:
        return about.get(node, {}).get(predicate, [])

    def one(node: str, predicate: str) -> str:
        found = values(node, predicate)
        if len(found) != 1:
            raise refused(f"its document cannot be read back ({len(found)} values of <{predicate}> "
                             f"for <{node}>, where one was looked for): build in full")
        return found[0]

    def labels(node: str) -> list[str]:
        return sorted(values(node, T.SKOS + "prefLabel") + values(node, T.SKOS + "altLabel"))

    def names(kind: str) -> list[Text]:
        return [Text(label, 0) for node in sorted(values(film, kind)) for label in labels(node)]

    document = graph[1:-1]
    name, sha256, film = (one(document, p) for p in (T.FILE_NAME, T.SHA256, T.SCHEMA + "about"))
    if name in dataset.documents:
        raise refused(f"a second graph of the document '{name}': not a filmgraph dataset")
    released = values(film, T.SCHEMA + "datePublished")
    lines = sorted((whole(one(node, T.LINE_NUMBER), f"the line number of <{node}>"), one(node, T.LINE_ROLE),
                    one(node + "/quote", T.OA + "exact"))
                   for node in values(film, T.SOURCE_LINE_P))
    theme_line: Text | None = None
    identifiers: list[Identifier] = []
    for number, role, text in lines:
        folded = _SPACE_RE.sub(" ", text).strip(" ")
        labelled = _field(folded)
        if role == "themes":
            theme_line = Text(labelled[2] if labelled and labelled[0] == "themes" else folded, number)
        elif role == "identifier" and labelled:
            identifiers.append(Identifier(labelled[0], labelled[2], number))
    countries = [Country(values(node, T.SCHEMA + "name")[0], None, 0) if values(node, T.SCHEMA + "name")
                 else Country(last(node), last(node), 0)
                 for node in sorted(values(film, T.SCHEMA + "countryOfOrigin"))]
    roles = sorted(values(film, T.SCHEMA + "actor"), key=lambda node: whole(last(node), f"the billing of <{node}>"))

    def readings(link: str, concept: str) -> list[tuple[int, str, str]]:
        return sorted((whole(one(node, T.POSITION), f"the position of <{node}>"), node,
                       (labels(one(node, concept)) or [""])[0]) for node in values(film, link))

    motifs = [MotifReading(Text(label, 0), Text(one(node, T.MEANING), 0),
                           Text(values(node, T.CONTEXT)[0], 0) if values(node, T.CONTEXT) else None, 0)
              for _, node, label in readings(T.HAS_MOTIF_READING, T.MOTIF_P)]
    questions = [QuestionDiscussion(Text(label, 0), Text(one(node, T.DISCUSSION), 0), 0)
                 for _, node, label in readings(T.HAS_DISCUSSION, T.QUESTION_P)]
    doc = Document(
        source=name, sha256=sha256, title=Text(one(film, T.SCHEMA + "name"), 0),
        release_date=day(released[0]) if released else None, countries=countries,
        directors=[Text(person, 0) for node in sorted(values(film, T.SCHEMA + "director"))
                   for person in sorted(values(node, T.SCHEMA + "name"))],
        cast=[Text(person, 0) for role in roles for person in sorted(values(one(role, T.SCHEMA + "actor"),
                                                                            T.SCHEMA + "name"))],
        genres=names(T.SCHEMA + "genre"), theme_line=theme_line, motifs=motifs, questions=questions,
        identifiers=identifiers)
    themes = frozenset(t.value for t in names(T.THEME_P))
    place = spool.add(doc)  # type: ignore[arg-type]
    dataset.documents[name] = _Stored(graph, start, end, name, sha256, film, themes,
                                      theme_line.value if theme_line else None, place)


# -- writing ------------------------------------------------------------------------------


def _write(dataset: _Dataset, minter: IriMinter, stored: dict[str, _Stored], fresh: dict[str, Document],
           extra: _SortedLines, output: str | os.PathLike[str] | None, stdout: BinaryIO | None) -> None:
    """The graphs in the order of their names: those kept copied from DATA, those given mapped,
    then the corpus's graphs; the same bytes as a full build's."""
    writer = GraphChunks(dataset.fmt, minter.base)
    mapper = DocumentMapper(minter)
    items: list[tuple[str, _Stored | str]] = sorted(
        [*((s.graph, s) for s in stored.values()), *((iri(minter.document(name)), name) for name in fresh)],
        key=lambda item: item[0])
    unseen = set(dataset.prefixes)  # prefixes DATA's head declares that no kept graph is known to use yet

    def chunks() -> Iterator[tuple[bytes | Iterable[bytes], AbstractSet[str]]]:
        with open(dataset.path, "rb") as source:
            for _, item in items:
                if isinstance(item, str):
                    yield writer.chunk(mapper.map(fresh[item], item))
                    continue
                source.seek(item.start)
                data = source.read(item.end - item.start)
                used = _prefixes_in(data, unseen) if unseen else set()
                unseen.difference_update(used)
                yield data, used
        last = items[-1][0] if items else ""
        for graph, rows in groupby(extra, key=lambda q: q[3]):
            if graph < last:
                raise AssertionError(f"the graph {graph} would come before a document's graph")
            yield writer.stream(rows, graph)

    write_graphs(chunks(), dataset.fmt, minter.base, output, stdout)


def _prefixes_in(block: bytes, prefixes: AbstractSet[str]) -> set[str]:
    """Which of the prefixes a TriG block uses (outside its literals and IRIs)."""
    bare = _QUOTED_RE.sub(b" ", block)
    return {p for p in prefixes if re.search(rb"(?<![\w:-])%s:" % re.escape(p.encode()), bare)}
