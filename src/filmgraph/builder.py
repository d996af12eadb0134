"""Build a knowledge graph from documents: find them, parse, resolve, map to quads."""

from __future__ import annotations

import datetime as _dt
import hashlib
import heapq
import os
import pickle
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import groupby, islice
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple, TypeVar

from . import scratch
from . import terms as T
from .document import Country, Document, Identifier, MotifReading, QuestionDiscussion, Split, Text
from .errors import InputError, ParseWarning
from .knowledge import Evocations, corpus_links, derive_links, forget_sentences, word_counts
from .links import check_iri, read_link_file, resolve
from .mapping import DEFAULT_LICENCE, DocumentMapper, IriMinter, derived_quads, iter_derived_quads, started_at
from .merges import read_merges
from .ntriples import Quad, iri, lang_literal
from .parser import apply_theme_split, read_document
from .rdfio import GraphChunks, write_graphs
from .splitting import SplitResult, ThemeSplitter, word_classes
from .union import UNIONS, BlockRenderer, Blocks, Range, Run, SortedRuns, UnionWriter, read_range, triple_line

_In = TypeVar("_In")
_Out = TypeVar("_Out")
#: File names a folder source contributes.
DOCUMENT_GLOB = "*.txt"


@dataclass
class BuildResult:
    """What a build made: quads, the documents that went in, what was noticed."""

    quads: list[Quad]
    documents: list[tuple[Document, str]]
    skipped: list[InputError] = field(default_factory=list)

    @property
    def warnings(self) -> list[ParseWarning]:
        return [w for doc, _ in self.documents for w in doc.warnings]

    @cached_property
    def triple_count(self) -> int:
        return len({q[:3] for q in self.quads})


def discover(sources: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """Document files and the names they are known by (path below the folder given)."""
    found: list[tuple[Path, str]] = []
    names: dict[str, Path] = {}
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = sorted(path.rglob(DOCUMENT_GLOB), key=lambda p: p.relative_to(path).as_posix())
            pairs = [(f, f.relative_to(path).as_posix()) for f in files if f.is_file()]
            if not pairs:
                raise InputError(str(path), 0, f"no documents ({DOCUMENT_GLOB}) in this folder")
        elif path.is_file():
            pairs = [(path, path.name)]
        else:
            raise InputError(str(path), 0, "no such file or folder")
        for file, name in pairs:
            if name in names:
                if names[name].resolve() == file.resolve():
                    continue
                raise InputError(str(file), 0, f"a second document named '{name}' (first: {names[name]})")
            names[name] = file
            found.append((file, name))
    return found


PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class BuildOptions:
    """How documents become a dataset: the same for a build in memory (build), a streamed one
    (prepare) and an incremental one (incremental.build_into)."""

    #: Base IRI of the instances (films, people, concepts); None: the default, or for an
    #: incremental build the dataset's own (a base given must be the dataset's).
    base: str | None = None
    #: Report bad documents (``skipped``) and go on without them, rather than raise InputError.
    skip_bad: bool = False
    #: Known theme names that theme lines are split by, beside the corpus's own evidence.
    vocabulary: Sequence[str] = ()
    #: The dataset's licence IRI (dcterms:license).
    licence: str = DEFAULT_LICENCE
    #: Link files (CSV: a local IRI or label, the IRI of the same thing elsewhere).
    links: Sequence[PathLike] = ()
    #: Processes that parse and map the documents (from PARALLEL_FROM documents on); the
    #: result is the same whatever their number.
    jobs: int = 1
    #: Add the graph of links the documents imply (see knowledge).
    derive: bool = True
    #: A curator's merge files (see merges).
    merges: Sequence[PathLike] = ()

    @property
    def base_iri(self) -> str:
        """The base IRI a build mints under."""
        return T.DEFAULT_BASE if self.base is None else self.base


#: The options of a build given none.
DEFAULTS: BuildOptions = BuildOptions()


def build(sources: Sequence[PathLike], options: BuildOptions = DEFAULTS,
          progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Parse every document under sources and map them to one dataset.

    A bad document raises InputError, or with ``options.skip_bad`` is listed in ``skipped``.
    ``progress(done, total)`` is called after each document. Theme lines are split with the
    evidence of the whole corpus and of ``options.vocabulary``.
    """
    base, skip_bad, jobs, merges = options.base_iri, options.skip_bad, options.jobs, options.merges
    minter = IriMinter(base)
    files = discover(sources)
    parsed: list[tuple[Document, str]] = []
    skipped: list[InputError] = []
    films: dict[str, int] = {}
    for done, ((_, name), read) in enumerate(zip(files, _parse_all([p for p, _ in files], jobs)), 1):
        try:
            if isinstance(read, InputError):
                raise read
            doc = read
            films[minter.film(doc)] = films.get(minter.film(doc), 0) + 1  # two analyses of one film are welcome
            parsed.append((doc, name))
        except InputError as exc:
            if not skip_bad:
                raise
            skipped.append(exc)
        if progress:
            progress(done, len(files))
    minter.shared_films = frozenset(film for film, count in films.items() if count > 1)
    split_corpus_themes([doc for doc, _ in parsed], options.vocabulary)
    notes = _merge(minter, merges, parsed)
    mapper = DocumentMapper(minter)
    quads: list[Quad] = list(notes)
    for doc, name in parsed:
        quads.extend(mapper.map(doc, name))
    check_iri(options.licence, "--license")
    link_files = [_link_file(path, minter, parsed) for path in options.links]
    quads.extend(derived_quads(minter, parsed, options.licence, link_files, started_at()))
    if options.derive:  # what the documents imply, in a graph of its own (see knowledge)
        quads.extend(derive_links(minter, parsed))
    return BuildResult(quads, parsed, skipped)


def _merge(minter: IriMinter, merges: Sequence[str | os.PathLike[str]],
           documents: Iterable[tuple[Document, str]]) -> list[Quad]:
    """Read the merge files into the minter; the notes of each merge, in the derived graph."""
    notes: list[Quad] = []
    for path in merges:
        merged, found, _ = read_merges(path, minter, documents)
        minter.merged.update(merged)
        notes += [(iri(kept), iri(T.SKOS + "editorialNote"), lang_literal(note), iri(minter.derived_graph))
                  for kept, _, note in found]
    return notes


def _link_file(path: str | os.PathLike[str], minter: IriMinter,
               parsed: Iterable[tuple[Document, str]]) -> tuple[str, str, list[tuple[str, str]]]:
    """A link file's name, SHA-256 and links, their local side resolved against the build."""
    rows = read_link_file(path)
    labels: dict[str, set[str]] = {}

    def name(label: str, node: str) -> None:
        labels.setdefault(label, set()).add(node)

    for doc, _ in parsed:
        name(doc.title.value, minter.film(doc))
        for person in (*doc.directors, *doc.cast):
            name(person.value, minter.concept("person", person.value))
        for kind, items in (("genre", doc.genres), ("theme", doc.themes)):
            for item in items:
                name(item.value, minter.concept(kind, item.value))
        for reading in doc.motifs:
            name(reading.name.value, minter.concept("motif", reading.name.value))
        for discussion in doc.questions:
            name(discussion.question.value, minter.concept("question", discussion.question.value))
    nodes = {node for found in labels.values() for node in found}
    sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return Path(path).name, sha256, resolve(rows, str(path), labels, nodes)


#: A build of fewer documents parses them in its own process (workers cost more than they save).
PARALLEL_FROM = 64


def _parse_one(path: str) -> Document | tuple[str, int, str]:
    try:
        return read_document(path, path, split=False)
    except InputError as exc:  # sent back as plain values: the exception does not pickle
        return (exc.source, exc.line, exc.problem)


def _parse_all(paths: list[Path], jobs: int) -> Iterator[Document | InputError]:
    """Each document parsed (or its InputError), in the order of paths, by ``jobs`` processes."""
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        for path in paths:
            try:
                yield read_document(path, str(path), split=False)  # theme lines are cut over the corpus
            except InputError as exc:
                yield exc
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for read in _windowed(pool, _parse_one, [str(p) for p in paths], jobs):
            yield InputError(*read) if isinstance(read, tuple) else read


def _learnt(lines: list[str], vocabulary: Iterable[str]) -> ThemeSplitter:
    """A theme splitter that has learnt from a corpus's theme lines (when there is more than one)."""
    splitter = ThemeSplitter(vocabulary)
    if len(lines) > 1 or splitter.vocabulary:
        splitter.learn(lines)
    return splitter


def split_corpus_themes(docs: Sequence[Document], vocabulary: Iterable[str] = ()) -> ThemeSplitter:
    """Split every document's theme line again with what all of them (and a vocabulary) say."""
    splitter = _learnt([doc.theme_line.value for doc in docs if doc.theme_line is not None], vocabulary)
    for doc in docs:
        if doc.theme_line is not None:
            apply_theme_split(doc, splitter.split(doc.theme_line.value))
    return splitter


# -- a streaming build: TriG and N-Quads written one graph at a time ---------------------------
#
# The first pass parses every document (in worker processes from PARALLEL_FROM documents on)
# and spools to a temporary file what the corpus-level steps need of each (a _Summary: the
# theme line, the film, the names the derived graph and link files use); the theme lines are
# then cut over the corpus, and the corpus's own graphs (derived, links) made into sorted runs
# on disk. The second pass reads each document again, maps it and writes its graph, in the
# order of the graphs' names, then the corpus's graphs, merged from their runs, so the file is
# the same bytes as serialize() of build()'s quads. In memory stay a window of graphs, the
# graphs' order and the vocabulary the documents share, not the documents.


Triple = tuple[str, str, str]
#: A graph to write: its name, its documents (path, name, SHA-256, themes), whether documents own their nodes.
_Task = tuple[str, list[tuple[str, str, str, tuple[str, ...]]], bool]
#: A graph written: its bytes, the prefixes used, the distinct triples its documents own, new shared
#: triples, the predicates of the owned triples, its documents' evocations (_SortedLines's lines, sorted).
_Written = tuple[bytes, frozenset[str], int, list[Triple], frozenset[str], list[str]]
#: A graph's part of a union: its owned subjects rendered, its other triples as lines (see _render_graph).
_Rendered = tuple[Blocks, list[str]]


class _Summary(NamedTuple):
    """What the corpus-level steps need of one document; names are interned (the vocabulary)."""

    path: str
    name: str
    sha256: str
    title: str
    title_line: int
    release_date: _dt.date | None
    countries: tuple[Country, ...]
    identifiers: tuple[Identifier, ...]
    theme_line: Text | None
    themes: tuple[str, ...]
    theme_split: Split | None
    genres: tuple[str, ...]
    directors: tuple[str, ...]
    cast: tuple[str, ...]
    motifs: tuple[str, ...]
    questions: tuple[str, ...]
    warnings: tuple[ParseWarning, ...]

    def document(self) -> Document:
        """A Document with what derived_quads and link files read (texts and lines left out)."""
        line = self.theme_line.line if self.theme_line else 0
        return Document(
            source=self.path, sha256=self.sha256, title=Text(self.title, self.title_line),
            release_date=self.release_date, countries=list(self.countries), identifiers=list(self.identifiers),
            theme_line=self.theme_line, themes=[Text(t, line) for t in self.themes], theme_split=self.theme_split,
            genres=[Text(g, 0) for g in self.genres], directors=[Text(p, 0) for p in self.directors],
            cast=[Text(p, 0) for p in self.cast],
            motifs=[MotifReading(Text(m, 0), Text("", 0), None, 0) for m in self.motifs],
            questions=[QuestionDiscussion(Text(q, 0), Text("", 0), 0) for q in self.questions],
            warnings=list(self.warnings))


def _summary(doc: Document, path: str, name: str) -> _Summary:
    names = sys.intern
    return _Summary(
        path, name, doc.sha256, doc.title.value, doc.title.line, doc.release_date, tuple(doc.countries),
        tuple(doc.identifiers), doc.theme_line, tuple(names(t.value) for t in doc.themes), doc.theme_split,
        tuple(names(g.value) for g in doc.genres), tuple(names(p.value) for p in doc.directors),
        tuple(names(p.value) for p in doc.cast), tuple(names(m.name.value) for m in doc.motifs),
        tuple(names(q.question.value) for q in doc.questions), tuple(doc.warnings))


class _Summarised(NamedTuple):
    """A document's summary and, when the links are derived, its share of the word frequencies
    (knowledge.word_counts), counted while its texts are at hand."""

    summary: _Summary
    words: tuple[int, list[str]] | None


def _summarise_one(counting: bool, item: tuple[str, str]) -> _Summarised | tuple[str, int, str]:
    path, name = item
    try:
        doc = read_document(path, path, split=False)
        if not counting:
            return _Summarised(_summary(doc, path, name), None)
        try:
            return _Summarised(_summary(doc, path, name), word_counts(doc))
        finally:
            forget_sentences()  # this process sees each sentence once
    except InputError as exc:  # sent back as plain values: the exception does not pickle
        return (exc.source, exc.line, exc.problem)


def _summarise_all(files: list[tuple[Path, str]], jobs: int, pool: ProcessPoolExecutor | None = None,
                   counting: bool = False) -> Iterator[_Summarised | InputError]:
    """Each document's summary (or its InputError), in order, by ``jobs`` processes (of ``pool``),
    with its word counts when ``counting``."""
    items = [(str(path), name) for path, name in files]
    one = partial(_summarise_one, counting)
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        for item in items:
            read = one(item)
            yield read if isinstance(read, _Summarised) else InputError(*read)
        return
    with ProcessPoolExecutor(max_workers=jobs) if pool is None else nullcontext(pool) as used:
        for read in _windowed(used, one, items, jobs):
            yield read if isinstance(read, _Summarised) else InputError(*read)


def _each(function: Callable[[_In], _Out], batch: list[_In]) -> list[_Out]:
    return [function(item) for item in batch]


def _windowed(pool: ProcessPoolExecutor, function: Callable[[_In], _Out], items: Sequence[_In],
              jobs: int) -> Iterator[_Out]:
    """pool.map(function, items) in order, in batches (eight a job, of at most 256 items), with at
    most two a job submitted or done but not yet taken: results do not pile up when the taker is slower."""
    chunk = max(1, min(256, len(items) // (jobs * 8)))
    batches = (list(items[start:start + chunk]) for start in range(0, len(items), chunk))
    for done in _in_order(pool, partial(_each, function), 2 * jobs, batches):
        yield from done


class _Spool:
    """Records pickled one after another in a temporary file: what a streaming build knows of
    each document lives on disk, not in memory. ``add`` gives a record's place, ``get`` reads
    it back from there, iterating reads them all in order."""

    def __init__(self) -> None:
        # named, for a process of its own to read (_Derivation); removed by this process only, not
        # by a forked one that collects a copy of a spool left to the garbage collector
        self.file: IO[bytes] = scratch.named_file("spool")
        self.count = 0
        self.remove: Callable[[], object] = scratch.removal(self, self.file.name)

    @classmethod
    def reading(cls, path: str, count: int) -> _Spool:
        """The spool at ``path`` (another process's, flushed), to be read."""
        spool = cls.__new__(cls)
        spool.file, spool.count = open(path, "rb"), count  # noqa: SIM115 (closed by close())
        spool.remove = lambda: None  # not this process's to remove
        return spool

    def add(self, record: _Summary) -> int:
        self.file.seek(0, os.SEEK_END)
        place = self.file.tell()
        pickle.dump(record, self.file, pickle.HIGHEST_PROTOCOL)
        self.count += 1
        return place

    def get(self, place: int) -> _Summary:
        self.file.seek(place)
        record: _Summary = pickle.load(self.file)
        return record

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[_Summary]:
        self.file.flush()
        with open(os.dup(self.file.fileno()), "rb", closefd=True) as reader:  # a position of its own
            reader.seek(0)
            for _ in range(self.count):
                yield pickle.load(reader)

    def close(self) -> None:
        self.file.close()
        self.remove()


class _Documents(Sequence[tuple[Document, str]]):
    """The spooled documents as the corpus-level steps read them (Document, name), from disk
    each time they are gone through."""

    def __init__(self, spool: _Spool) -> None:
        self.spool = spool

    def __len__(self) -> int:
        return len(self.spool)

    def __iter__(self) -> Iterator[tuple[Document, str]]:
        return ((s.document(), s.name) for s in self.spool)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        for i, item in enumerate(self):  # not used by the corpus-level steps in practice
            if i == index:
                return item
        raise IndexError(index)


def _line(quad: Quad) -> str:
    """A quad as _SortedLines keeps it: "g s p o", in the quads' order."""
    s, p, o, g = quad
    return f"{g} {s} {p} {o}"


class _SortedLines:
    """Quads sorted (graph, subject, predicate, object) without repeats, whatever their number:
    kept as N-Quads lines ("g s p o", an order that is the quads'), sorted a run at a time, runs
    beyond the first written to temporary files and merged when read. FAN_IN runs of one size
    are merged into one as soon as they are written, so that the files open at once stay
    few (FAN_IN a size) at any corpus size."""

    RUN = 100_000
    FAN_IN = 32

    def __init__(self, folder: str | None = None) -> None:
        self.buffer: list[str] = []
        self.runs: list[IO[bytes]] = []
        self.sizes: list[int] = []  # each run's: how many runs of RUN lines went into it
        self.names: set[str] = set()  # the graphs'
        self.folder = folder  # where runs are named files (see handed), else they have no name

    def extend(self, quads: Iterable[Quad]) -> None:
        for quad in quads:
            self.buffer.append(_line(quad))
            self.names.add(quad[3])
            if len(self.buffer) >= self.RUN:
                self._spill()

    def add(self, lines: list[str], graph: str) -> None:
        """Lines _line made, of quads in ``graph``."""
        if lines:
            self.buffer += lines
            self.names.add(graph)
            if len(self.buffer) >= self.RUN:
                self._spill()

    def _run(self, lines: Iterable[bytes], size: int) -> None:
        run = tempfile.NamedTemporaryFile(dir=self.folder, delete=False) if self.folder else tempfile.TemporaryFile()
        run.writelines(lines)
        run.seek(0)
        self.runs.append(run)
        self.sizes.append(size)

    def _spill(self) -> None:
        self._run((f"{line}\n".encode() for line in sorted(set(self.buffer))), 1)
        self.buffer = []
        size = 1
        while len(self.runs) >= self.FAN_IN and set(self.sizes[-self.FAN_IN:]) == {size}:
            merged = self.runs[-self.FAN_IN:]
            del self.runs[-self.FAN_IN:], self.sizes[-self.FAN_IN:]
            self._run((line for line, _ in groupby(heapq.merge(*merged))), size * self.FAN_IN)
            for run in merged:
                run.close()
                if self.folder:
                    os.unlink(run.name)
            size *= self.FAN_IN

    def handed(self) -> tuple[list[str], set[str]]:
        """The runs' paths (the buffer spilled) and the graphs' names, for another process to adopt
        (runs in a folder only)."""
        if self.buffer:
            self._spill()
        paths = [run.name for run in self.runs]
        for run in self.runs:
            run.close()
        self.runs, self.sizes = [], []
        return paths, self.names

    def adopt(self, handed: tuple[list[str], set[str]]) -> None:
        """Take the runs another process handed (their files are removed once open)."""
        paths, names = handed
        for path in paths:
            self.runs.append(open(path, "rb"))  # noqa: SIM115 (closed by close())
            self.sizes.append(0)  # of another process's: never merged here
            os.unlink(path)
        self.names.update(names)

    def graphs(self) -> list[str]:
        """The names of the graphs, sorted."""
        return sorted(self.names)

    def __iter__(self) -> Iterator[Quad]:
        """The quads in order, each once (a quad's terms hold no line end and no space but in a literal)."""
        if not self.runs:
            lines: Iterable[str] = sorted(set(self.buffer))
        else:
            if self.buffer:
                self._spill()
            for run in self.runs:
                run.seek(0)
            lines = (line[:-1].decode("utf-8") for line, _ in groupby(heapq.merge(*self.runs)))
        for line in lines:
            g, s, p, o = line.split(" ", 3)
            yield s, p, o, g

    def close(self) -> None:
        for run in self.runs:
            run.close()
        self.runs, self.sizes = [], []
        self.buffer = []


@dataclass
class StreamedBuild:
    """A build prepared for writing a graph at a time: where its documents' summaries are
    (on disk), what was skipped and noticed, the corpus's own graphs (derived, links);
    ``write`` makes and writes the graphs."""

    base: str
    spool: _Spool
    order: list[tuple[str, int]]  # (graph, place in the spool) in the graphs' order
    skipped: list[InputError]
    warnings: list[ParseWarning]
    extra: _SortedLines | SortedRuns  # SortedRuns for a union
    jobs: int
    pool: ProcessPoolExecutor | None = None
    triple_count: int = 0
    #: Films several documents describe (their analyses' nodes are kept apart; see IriMinter.part).
    shared_films: frozenset[str] = frozenset()
    #: Concepts a curator merged (see merges).
    merged: dict[str, str] = field(default_factory=dict)
    #: Prepared for a union (Turtle, N-Triples): ``extra`` then holds the corpus graphs' triples
    #: (SortedRuns), and ``named`` the subjects documents own that they name too.
    union: bool = False
    named: set[str] = field(default_factory=set)
    #: The links graph's evocations, made as each document is mapped (None: no links graph).
    evocations: Evocations | None = None
    #: The rest of the links graph, when it is being made in a process of its own.
    derivation: _Derivation | None = None

    @property
    def documents(self) -> int:
        return len(self.spool)

    def _tasks(self) -> Iterator[_Task]:
        """Each graph's task; its documents own their nodes unless its IRI lies below another
        document's or another's below it."""
        nesting = _nesting(self._graph_names())
        for graph, members in groupby(self.order, key=lambda item: item[0]):
            records = [self.spool.get(place) for _, place in members]
            mine = graph not in nesting
            yield graph, [(s.path, s.name, s.sha256, s.themes) for s in records], mine

    def _graph_names(self) -> list[str]:
        return [graph for graph, _ in groupby(g for g, _ in self.order)]

    def write(self, fmt: str, output: str | os.PathLike[str] | None, stdout: BinaryIO | None = None) -> int:
        """Write the dataset in ``fmt`` (trig or nquads; turtle or nt when prepared for a union) to
        ``output`` atomically, or to ``stdout``; the same bytes as serialize(build(...).quads).
        Returns (and keeps) the distinct triples."""
        if (fmt in UNIONS) != self.union:
            raise ValueError(f"a build prepared for {'a union' if self.union else 'graphs'} cannot be written as {fmt}")
        if self.union:
            return self._write_union(fmt, output, stdout)
        graphs = self._graph_names()
        # a triple whose subject a document owns (its own nodes and its nodes of its film, the
        # film's too unless another document describes it) is stated in that document's graph
        # alone, or the corpus's graphs: its document's process counts them. Every other triple
        # (people, concepts, the build, a film two documents describe) is counted in one set,
        # which holds what documents share (their vocabulary); a graph nested in another's IRI
        # owns nothing (see _tasks), so every triple of its is.
        shared: set[Triple] = set()
        counts = [0]
        predicates: set[str] = set()  # those of the documents' own nodes
        writer = GraphChunks(fmt, self.base)
        extra = self.extra
        assert isinstance(extra, _SortedLines)
        links_graph = iri(self.base + T.LINKS_GRAPH_PATH)

        def extra_graphs() -> Iterator[tuple[Iterator[bytes], AbstractSet[str]]]:
            places = tuple(f"<{self.base}{place}" for place in _OWNED_PLACES)
            names = extra.graphs()
            for graph, rows in groupby(extra, key=lambda q: q[3]):
                if graphs and graph < graphs[-1]:  # "<base>graph/..." sorts after "<base>document/..."
                    raise AssertionError(f"the graph {graph} would come before a document's graph")
                keep = graph != names[-1]  # what a later graph may state again
                yield writer.stream(_counted(rows, places, shared, predicates, counts, keep), graph)

        def chunks() -> Iterator[tuple[bytes | Iterable[bytes], AbstractSet[str]]]:
            with self._setup(fmt) as setup, self._workers() as pool:
                for data, prefixes, mine, new_shared, used, evoked in self._graphs(setup, self._tasks(), pool):
                    counts[0] += mine
                    shared.update(new_shared)
                    predicates.update(used)
                    extra.add(evoked, links_graph)
                    yield data, prefixes
            if self.derivation is not None:
                self.derivation.finish(extra)
            yield from extra_graphs()

        try:
            write_graphs(chunks(), fmt, self.base, output, stdout)
        finally:
            if self.derivation is not None:  # its process ended, the links it made (if any) taken
                self.derivation.close()
        self.triple_count = counts[0] + len(shared)
        return self.triple_count

    def _write_union(self, fmt: str, output: str | os.PathLike[str] | None, stdout: BinaryIO | None) -> int:
        """write() of a union: the documents' owned subjects rendered by the processes that map
        them, every other subject gathered here and rendered by them too (see union)."""
        assert isinstance(self.extra, SortedRuns)
        union = UnionWriter(fmt, self.base, self.extra)
        try:
            with self._setup(fmt) as setup, self._workers() as pool:

                def fill() -> None:
                    for blocks, lines in self._graphs(setup, self._tasks(), pool):
                        union.add_blocks(blocks)
                        union.add_lines(lines)
                    self._adopt_links(union)

                render = None if pool is None else partial(_in_order, pool, partial(_render_range, setup), 2 * self.jobs)
                self.triple_count = union.write(output, stdout, render, fill)
        finally:
            union.close()
            if self.derivation is not None:
                self.derivation.close()
        return self.triple_count

    def _adopt_links(self, union: UnionWriter) -> None:
        """A union's links between films and between concepts (corpus_links), once they are
        made: they name films the documents' processes held (see _render_graph), and no other
        subject a document owns (UnionWriter finds it if one did)."""
        if self.derivation is None:
            return
        self.derivation.finish(union.runs)  # sorted as the union's lines are: adopted as they are
        self.derivation.close()
        self.derivation = None

    def _setup(self, fmt: str) -> AbstractContextManager[_Pass]:
        """What the second pass's processes are told (see _Pass), its files there while it lasts."""
        return passing(fmt, self.base, self.shared_films, self.merged, self.named if self.union else None,
                       self.evocations)

    @contextmanager
    def _workers(self) -> Iterator[ProcessPoolExecutor | None]:
        """The processes that make the graphs (none for a small corpus or one job): those that
        parsed the documents, started while this one was small (processes forked now would
        start with all this one holds, its resident memory counted in theirs)."""
        if self.jobs <= 1 or len(self.order) < PARALLEL_FROM:
            yield None
            return
        pool, self.pool = self.pool or ProcessPoolExecutor(max_workers=self.jobs), None
        with pool:
            yield pool

    def _graphs(self, setup: _Pass, tasks: Iterator[_Task], pool: ProcessPoolExecutor | None) -> Iterator[Any]:
        """Each task's graph written (_Written) or rendered (_Rendered), in order: here, or by
        the pool's processes a window at a time (the setup's token is this write's: a process
        set up by another write starts afresh)."""
        if pool is None:
            _start_writing(setup)
            work = _render_graph if setup.fmt in UNIONS else _write_graph
            try:
                for task in tasks:
                    yield work(task)
            finally:
                _WRITING.clear()  # this process's: what the pass held is not kept past it
            return
        size = max(1, min(64, len(self.order) // (self.jobs * 8)))
        batches: Iterator[list[_Task]] = iter(lambda: list(islice(tasks, size)), [])
        for done in _in_order(pool, partial(_write_batch, setup), 4 * self.jobs, batches):
            yield from done

    def close(self) -> None:
        self.spool.close()
        self.extra.close()
        if self.derivation is not None:
            self.derivation.close()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


def _nesting(graphs: list[str]) -> set[str]:
    """The documents' graphs whose IRI lies below another's, or another's below it (graphs:
    their names; sorted without their brackets, an IRI comes after those it begins with)."""
    found: set[str] = set()
    stack: list[str] = []  # the IRIs before this one that are its beginnings
    for value in sorted(graph[1:-1] for graph in graphs):
        graph = f"<{value}>"
        while stack and not value.startswith(stack[-1]):
            stack.pop()
        above = [f"<{start}>" for start in stack if value.startswith(start + "/")]
        if above:
            found.update([graph, *above])
        stack.append(value)
    return found


#: The places of a document's own nodes and its film's, below the base: /document/..., /film/...
_OWNED_PLACES = ("document/", "film/")


def _counted(rows: Iterable[Quad], places: tuple[str, ...], shared: set[Triple], predicates: set[str],
             counts: list[int], keep: bool) -> Iterator[Quad]:
    """The rows of a corpus graph, as they go by counting the triples no graph before held.

    A subject at or below places (a document's or a film's IRI: nodes a document owns) is
    said of in a corpus graph with predicates no document's graph uses of such nodes (which
    is checked), so such a triple is new; any other is new unless in the shared set, which
    takes it when ``keep`` (a later graph may state it again)."""
    for row in rows:
        triple = row[:3]
        if triple in shared:
            pass
        elif places and row[0].startswith(places):
            if row[1] in predicates:  # never so: the corpus graphs say other things of them
                raise AssertionError(f"{row[1]} is stated of {row[0]} by a document and a corpus graph")
            counts[0] += 1
        elif keep:
            shared.add(triple)
        else:
            counts[0] += 1
        yield row


class _Failed(NamedTuple):
    """An InputError sent back by a process as plain values (the exception does not pickle)."""

    source: str
    line: int
    problem: str


def _in_order(pool: ProcessPoolExecutor, work: Callable[[_In], _Out | _Failed], window: int,
              items: Iterable[_In]) -> Iterator[_Out]:
    """work(item) for each item by the pool's processes, ``window`` at a time, in order (results
    do not pile up when the taker is slower); an InputError a process sent back raised here."""
    pending: deque[Future[_Out | _Failed]] = deque()

    def result() -> _Out:
        done = pending.popleft().result()
        if isinstance(done, _Failed):
            raise InputError(*done)
        return done

    for item in items:
        pending.append(pool.submit(work, item))
        if len(pending) >= window:
            yield result()
    while pending:
        yield result()


def prepare(sources: Sequence[PathLike], options: BuildOptions = DEFAULTS,
            progress: Callable[[int, int], None] | None = None, union: bool = False) -> StreamedBuild:
    """The first pass of a streaming build: what build() does but the mapping, with the same
    errors, warnings and skipped documents; ``write`` then writes TriG or N-Quads, or with
    ``union`` Turtle or N-Triples. What it keeps of each document is spooled to a temporary
    file (see scratch); in memory stay the theme lines (while they are learnt from), the films
    (while they are checked for repeats) and the graphs' order."""
    base, skip_bad, jobs, derive = options.base_iri, options.skip_bad, options.jobs, options.derive
    scratch.claim()
    scratch.sweep()  # what killed builds left
    minter = IriMinter(base)
    files = discover(sources)
    total = len(files)
    first = _Spool()
    lines: list[str] = []
    skipped: list[InputError] = []
    films: dict[str, int] = {}
    texts, frequency = 0, Counter[str]()  # the word frequencies of the readings' texts (knowledge.word_counts)
    # one pool for both passes, and the process that learns the theme lines, started before
    # this process holds the corpus's summaries (a process forked later starts as large)
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and total >= PARALLEL_FROM else None
    splits = _Splits(apart=pool is not None)
    derivation = _Derivation(apart=pool is not None) if derive else None
    try:
        for done, summarised in enumerate(_summarise_all(files, jobs, pool, counting=derive), 1):
            try:
                if isinstance(summarised, InputError):
                    raise summarised
                read = summarised.summary
                film = minter.film(read.document())
                films[film] = films.get(film, 0) + 1  # two analyses of one film are welcome
                first.add(read)
                if summarised.words is not None:
                    texts += summarised.words[0]
                    frequency.update(summarised.words[1])
                if read.theme_line is not None:
                    lines.append(read.theme_line.value)
            except InputError as exc:
                if not skip_bad:
                    raise
                skipped.append(exc)
            if progress:
                progress(done, total)
        minter.shared_films = frozenset(film for film, count in films.items() if count > 1)
        del films, files
        splits.learn(lines, options.vocabulary)
        del lines
        kept = _Spool()
        order: list[tuple[str, int]] = []
        warnings: list[ParseWarning] = []
        summaries = iter(first)
        while batch := list(islice(summaries, 1024)):
            cut = iter(splits.split([s.theme_line.value for s in batch if s.theme_line is not None]))
            for s in batch:
                if s.theme_line is not None:  # as split_corpus_themes, one document at a time
                    doc = Document(source=s.path, sha256=s.sha256, title=Text(s.title, s.title_line),
                                   theme_line=s.theme_line, warnings=list(s.warnings))
                    apply_theme_split(doc, next(cut))
                    s = s._replace(themes=tuple(sys.intern(t.value) for t in doc.themes),
                                   theme_split=doc.theme_split, warnings=tuple(doc.warnings))
                order.append((iri(minter.document(s.name)), kept.add(s)))
                warnings.extend(s.warnings)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if derivation is not None:
            derivation.close()
        raise
    finally:
        first.close()
        splits.close()
    order.sort()
    extra = SortedRuns() if union else _SortedLines()
    evocations: Evocations | None = None
    named: set[str] = set()
    # where the subjects documents own lie (their evocations' under link/, with the corpus links')
    places = tuple(f"<{base}{place}" for place in (*_OWNED_PLACES, "link/"))

    def add(quads: Iterable[Quad]) -> None:
        if isinstance(extra, _SortedLines):
            extra.extend(quads)
            return
        for s, p, o, _ in quads:  # the union's triples; the subjects documents own noted
            if s.startswith(places):
                named.add(s)
            extra.add(s, p, o)

    try:
        check_iri(options.licence, "--license")
        documents = _Documents(kept)
        add(_merge(minter, options.merges, documents))
        link_files = [_link_file(path, minter, documents) for path in options.links]
        add(iter_derived_quads(minter, documents, options.licence, link_files, started_at()))
        if derivation is not None:  # the evocations are made as each document is mapped (see _write_graph)
            # the other links made apart are taken once made (a union's, once the documents are
            # rendered: _adopt_links)
            evocations = derivation.start(minter, kept, texts, frequency, extra)
            del frequency
    except BaseException:
        kept.close()
        extra.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if derivation is not None:
            derivation.close()
        raise
    return StreamedBuild(base, kept, order, skipped, warnings, extra, jobs, pool, shared_films=minter.shared_films,
                         merged=dict(minter.merged), union=union, named=named, evocations=evocations,
                         derivation=derivation)


def forked(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes, forked now (while this process is small: a process forked
    later starts with all this one holds, counted in its resident memory)."""
    pool = ProcessPoolExecutor(max_workers=jobs)
    pool.submit(int).result()
    return pool


class _Apart:
    """A process of its own, forked now, while this one is small, and ended by close(): what
    runs there holds (and leaves behind) is never this process's. Its temporary files go
    to ``folder``, removed with it."""

    def __init__(self) -> None:
        self.pool = forked(1)
        self.folder = scratch.folder("apart")
        self.removal = scratch.removal(self, self.folder)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.removal()


class _Splits:
    """Theme lines cut with the evidence of a corpus's lines (see split_corpus_themes): learnt
    in this process, or, ``apart``, in a process of its own (_Apart), ended once the lines are
    cut, so that what learning from many lines holds is never this process's."""

    def __init__(self, apart: bool) -> None:
        self.apart = _Apart() if apart else None
        self.pool = self.apart.pool if self.apart else None
        if self.pool is not None:
            # the English lexicon loaded there while the documents are read (not waited for)
            self.pool.submit(word_classes, "theme")
        self.splitter: ThemeSplitter | None = None

    def learn(self, lines: list[str], vocabulary: Iterable[str]) -> None:
        if self.pool is None:
            self.splitter = _learnt(lines, vocabulary)
        else:
            self.pool.submit(_learn_here, lines, list(vocabulary)).result()

    def split(self, lines: list[str]) -> list[SplitResult]:
        """Each line's split, in order."""
        if self.pool is None:
            assert self.splitter is not None
            return [self.splitter.split(line) for line in lines]
        return self.pool.submit(_split_here, lines).result()

    def close(self) -> None:
        self.splitter = None
        if self.apart is not None:
            self.apart.close()


class _Derivation:
    """The links graph's corpus-wide part, from the spooled summaries: the Evocations that the
    processes mapping the documents use, and the links between films and between concepts
    (corpus_links). Made in this process, or, ``apart``, each in a process of its own
    (_Apart): the Evocations in one that ends once they are made, the links in one that goes
    on while the documents' graphs are written, so that neither process holds both's memory."""

    def __init__(self, apart: bool) -> None:
        self.apart = _Apart() if apart else None
        self.scoring = _Apart() if apart else None
        self.pending: Future[Any] | None = None  # what the links' process hands (see finish)

    def start(self, minter: IriMinter, kept: _Spool, texts: int, frequency: Counter[str],
              extra: _SortedLines | SortedRuns) -> Evocations:
        """The Evocations (word_counts's sums: ``texts``, ``frequency``); the other links go to
        ``extra`` (the quads, or a union's triples), at once or at finish()."""
        if self.apart is None:
            documents = _Documents(kept)
            evocations = Evocations(minter, documents, texts, frequency)
            _add_links(extra, corpus_links(minter, documents))
            return evocations
        kept.file.flush()
        corpus = (kept.file.name, len(kept), minter.base, minter.shared_films, dict(minter.merged))
        assert self.scoring is not None
        made = self.scoring.pool.submit(_evocations_here, *corpus, texts, frequency)
        self.pending = self.apart.pool.submit(_corpus_links_here, *corpus, self.apart.folder,
                                              isinstance(extra, SortedRuns))
        try:
            return made.result()
        finally:
            self.scoring.close()
            self.scoring = None

    def finish(self, extra: _SortedLines | SortedRuns) -> None:
        """The links made apart handed to ``extra`` (once they are made)."""
        if self.pending is not None:
            extra.adopt(self.pending.result())
            self.pending = None

    def close(self) -> None:
        for process in (self.apart, self.scoring):
            if process is not None:
                process.close()


def _evocations_here(path: str, count: int, base: str, shared_films: frozenset[str], merged: dict[str, str],
                     texts: int, frequency: Counter[str]) -> Evocations:
    return Evocations(_minter(base, shared_films, merged), _Documents(_Spool.reading(path, count)), texts, frequency)


def _corpus_links_here(path: str, count: int, base: str, shared_films: frozenset[str], merged: dict[str, str],
                       folder: str, union: bool) -> tuple[list[str], set[str]] | list[Run]:
    """The corpus links sorted into runs in ``folder``, handed (see finish): as quads, or as a
    union's triples."""
    lines = SortedRuns(folder) if union else _SortedLines(folder)
    lines.RUN = lines.RUN // 2  # beside the corpus-wide structures: runs of half the room
    _add_links(lines, corpus_links(_minter(base, shared_films, merged), _Documents(_Spool.reading(path, count))))
    return lines.handed()


def _add_links(extra: _SortedLines | SortedRuns, quads: Iterable[Quad]) -> None:
    """Quads of the links graph added to ``extra``: as they are, or as a union's triples."""
    if isinstance(extra, SortedRuns):
        extra.extend(triple_line(s, p, o) for s, p, o, _ in quads)
    else:
        extra.extend(quads)


def _minter(base: str, shared_films: frozenset[str], merged: dict[str, str] | None) -> IriMinter:
    minter = IriMinter(base)
    minter.shared_films = shared_films
    minter.merged = dict(merged or {})
    return minter


#: The splitter a learning process has learnt (see _Splits).
_LEARNT: list[ThemeSplitter] = []


def _learn_here(lines: list[str], vocabulary: list[str]) -> None:
    _LEARNT[:] = [_learnt(lines, vocabulary)]


def _split_here(lines: list[str]) -> list[SplitResult]:
    return [_LEARNT[0].split(line) for line in lines]


#: The second pass's state in each process: the writer, the mapper, shared triples already
#: sent, the minter, the evocations (with the links graph), the owned subjects corpus graphs
#: name (a union's).
_WRITING: dict[str, object] = {}


class _Pass(NamedTuple):
    """What the second pass's processes are told: the format, the base, the films several
    documents describe, the concepts a curator merged, and the files that hold the pickled
    Evocations (with the links graph) and, for a union, the subjects documents own that
    corpus graphs name too. ``token`` tells writes apart."""

    fmt: str
    base: str
    token: str = ""
    shared_films: frozenset[str] = frozenset()
    merged: dict[str, str] = {}
    named: str | None = None
    evoking: str | None = None


@contextmanager
def passing(fmt: str, base: str, shared_films: frozenset[str], merged: dict[str, str],
            named: AbstractSet[str] | None = None, evocations: Evocations | None = None) -> Iterator[_Pass]:
    """A _Pass for a second pass's processes, its files there while it lasts."""
    with tempfile.TemporaryDirectory(prefix=scratch.prefix("pass")) as folder:
        files: dict[str, str | None] = {"named": None, "evoking": None}
        for key, value in (("named", named), ("evoking", evocations)):
            if value is not None:
                files[key] = os.path.join(folder, key)
                with open(os.path.join(folder, key), "wb") as handle:
                    pickle.dump(value, handle, pickle.HIGHEST_PROTOCOL)  # read once by each process
        yield _Pass(fmt, base, os.urandom(8).hex(), shared_films, merged, **files)


def _start_writing(setup: _Pass) -> None:
    """Set up the second pass in this process (a worker does when it is first given a batch of
    this write's: see _ready)."""
    _WRITING.clear()
    minter = _minter(setup.base, setup.shared_films, setup.merged)
    named: AbstractSet[str] = frozenset()
    if setup.named is not None:
        with open(setup.named, "rb") as handle:
            named = pickle.load(handle)
    evocations: Evocations | None = None
    if setup.evoking is not None:
        with open(setup.evoking, "rb") as handle:
            evocations = pickle.load(handle)
    writer = BlockRenderer(setup.fmt, setup.base) if setup.fmt in UNIONS else GraphChunks(setup.fmt, setup.base)
    _WRITING.update(writer=writer, mapper=DocumentMapper(minter), seen=set(), named=named, token=setup.token,
                    minter=minter, evocations=evocations)


def _ready(setup: _Pass) -> None:
    """This process set up for the write ``setup`` describes (once a write)."""
    if _WRITING.get("token") != setup.token:
        _start_writing(setup)


def _write_batch(setup: _Pass, batch: list[_Task]) -> list[Any] | _Failed:  # _Written or _Rendered
    _ready(setup)
    try:
        if setup.fmt in UNIONS:
            return [_render_graph(task) for task in batch]
        return [_write_graph(task) for task in batch]
    except InputError as exc:
        return _Failed(exc.source, exc.line, exc.problem)


def _render_range(setup: _Pass, part: Range) -> Blocks:
    """A range of a union's gathered triples read and rendered (see UnionWriter.write)."""
    _ready(setup)
    renderer: BlockRenderer = _WRITING["writer"]  # type: ignore[assignment]
    return renderer.render(read_range(part))


def _mapped(members: list[tuple[str, str, str, tuple[str, ...]]]) -> tuple[list[Quad], list[Quad], list[tuple[str, str]]]:
    """The quads of a graph's documents, read again and mapped with the corpus's theme split,
    the evocations their readings make (quads of the links graph), and each document's film
    and where its nodes of the film lie (IriMinter.part), as terms."""
    mapper: DocumentMapper = _WRITING["mapper"]  # type: ignore[assignment]
    evocations: Evocations | None = _WRITING["evocations"]  # type: ignore[assignment]
    minter: IriMinter = _WRITING["minter"]  # type: ignore[assignment]
    quads: list[Quad] = []
    evoked: list[Quad] = []
    films: list[tuple[str, str]] = []
    for path, name, sha256, themes in members:
        doc = read_document(path, path, split=False)
        if doc.sha256 != sha256:
            raise InputError(path, 0, "the file changed while the build read it")
        if doc.theme_line is not None:
            doc.themes = [Text(t, doc.theme_line.line) for t in themes]
        quads.extend(mapper.map(doc, name))
        films.append((iri(minter.film(doc)), iri(minter.part(doc, name))))
        if evocations is not None:
            evoked.extend(evocations.of(minter, doc, name))
            forget_sentences()  # this process sees each sentence once
    return quads, evoked, films


def _own(graph: str, films: list[tuple[str, str]]) -> tuple[str, ...]:
    """The starts of the subjects an owned graph owns: its own IRI and where its documents'
    nodes of their films lie (IriMinter.part: the film, unless another document describes it
    too), and below."""
    places = (graph, *(part for _, part in films))
    return tuple(term for place in places for term in (place, place[:-1] + "/"))  # <X> and <X/...


def _write_graph(task: _Task) -> _Written:
    """One graph's bytes and prefixes, how many distinct triples its documents own, the shared
    triples this process has not sent before, the predicates of the owned ones, and the
    evocations its documents' readings make (lines of the links graph, sorted)."""
    graph, members, owned = task
    writer: GraphChunks = _WRITING["writer"]  # type: ignore[assignment]
    seen: set[Triple] = _WRITING["seen"]  # type: ignore[assignment]
    quads, evocations, films = _mapped(members)
    data, prefixes = writer.chunk(quads)
    triples = {q[:3] for q in quads}
    mine = 0
    new: list[Triple] = []
    used: set[str] = set()
    if not owned:  # nothing is owned: every triple is counted by the shared set
        new = [t for t in triples if t not in seen]
    else:
        own = _own(graph, films)
        for t in triples:
            if t[0].startswith(own):
                mine += 1
                used.add(t[1])
            elif t not in seen:
                new.append(t)
    seen.update(new)
    return data, prefixes, mine, new, frozenset(used), sorted(map(_line, evocations))


def _render_graph(task: _Task) -> _Rendered:
    """A graph's part of a union (see union), with its documents' evocations: the subjects it
    owns, that no corpus graph names, rendered; the triples of its other subjects, but shared
    ones sent before. An owned graph owns its own nodes, its nodes of its film (the film's
    too, unless another document describes it) and its evocations' nodes (their IRIs name its
    readings); with the links graph, its film is held (the links name similar films)."""
    graph, members, owned = task
    renderer: BlockRenderer = _WRITING["writer"]  # type: ignore[assignment]
    seen: set[Triple] = _WRITING["seen"]  # type: ignore[assignment]
    named: AbstractSet[str] = _WRITING["named"]  # type: ignore[assignment]
    quads, evocations, films = _mapped(members)
    triples = {q[:3] for q in quads}
    triples.update(q[:3] for q in evocations)  # the union holds the links graph's too
    mine: list[Triple] = []
    held: list[str] = []
    new: list[Triple] = []
    own = _own(graph, films)
    made = {q[0] for q in evocations}
    linked = {film for film, _ in films} if _WRITING["evocations"] is not None else set()
    for t in triples:
        if owned and (t[0].startswith(own) or t[0] in made):
            if t[0] in named or t[0] in linked:
                held.append(triple_line(*t))
            else:
                mine.append(t)
        elif t not in seen:
            new.append(t)
    seen.update(new)
    return renderer.render(mine), held + [triple_line(*t) for t in new]
