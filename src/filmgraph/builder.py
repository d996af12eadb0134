"""Build a knowledge graph from documents: find them, parse, resolve, map to quads."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, NamedTuple

from . import terms as T
from .document import Country, Document, Identifier, MotifReading, QuestionDiscussion, Split, Text
from .errors import InputError, ParseWarning
from .knowledge import derive_links
from .links import check_iri, read_link_file, resolve
from .mapping import DEFAULT_LICENCE, DocumentMapper, IriMinter, derived_quads, started_at
from .ntriples import Quad, iri
from .parser import apply_theme_split, read_document
from .rdfio import GraphChunks, write_graphs
from .splitting import ThemeSplitter

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


def build(
    sources: Sequence[str | os.PathLike[str]],
    base: str = T.DEFAULT_BASE,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
    vocabulary: Iterable[str] = (),
    licence: str = DEFAULT_LICENCE,
    links: Sequence[str | os.PathLike[str]] = (),
    jobs: int = 1,
    derive: bool = True,
) -> BuildResult:
    """Parse every document under sources and map them to one dataset.

    A bad document raises InputError, or with skip_bad is listed in ``skipped``.
    ``progress(done, total)`` is called after each document. Theme lines are split
    with the evidence of the whole corpus and of ``vocabulary`` (known theme names).
    ``licence`` is the dataset's licence IRI; ``links`` are link files (CSV: a local IRI
    or label, the IRI of the same thing elsewhere). ``jobs`` processes parse the documents
    (from PARALLEL_FROM documents on); the result is the same whatever their number.
    """
    minter = IriMinter(base)
    files = discover(sources)
    parsed: list[tuple[Document, str]] = []
    skipped: list[InputError] = []
    films: dict[str, str] = {}
    for done, ((path, name), read) in enumerate(zip(files, _parse_all([p for p, _ in files], jobs)), 1):
        try:
            if isinstance(read, InputError):
                raise read
            doc = read
            film = minter.film(doc)
            if film in films:
                raise InputError(str(path), doc.title.line,
                                 f"film '{doc.title.value}' ({doc.year}) is already described by {films[film]}")
            films[film] = str(path)
            parsed.append((doc, name))
        except InputError as exc:
            if not skip_bad:
                raise
            skipped.append(exc)
        if progress:
            progress(done, len(files))
    split_corpus_themes([doc for doc, _ in parsed], vocabulary)
    mapper = DocumentMapper(minter)
    quads: list[Quad] = []
    for doc, name in parsed:
        quads.extend(mapper.map(doc, name))
    check_iri(licence, "--license")
    link_files = [_link_file(path, minter, parsed) for path in links]
    quads.extend(derived_quads(minter, parsed, licence, link_files, started_at()))
    if derive:  # what the documents imply, in a graph of its own (see knowledge)
        quads.extend(derive_links(minter, parsed))
    return BuildResult(quads, parsed, skipped)


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
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for read in pool.map(_parse_one, [str(p) for p in paths], chunksize=chunk):
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
# and keeps only what the corpus-level steps need (a _Summary: the theme line, the film, the
# names the derived graph and link files use); the theme lines are then cut over the corpus and
# the derived graph made, as build() does. The second pass reads each document again, maps it
# and writes its graph, in the order of the graphs' names, so the file is the same bytes as
# serialize() of build()'s quads; no more than a window of graphs is held at a time.


Triple = tuple[str, str, str]
#: A graph to write: its name, its documents (path, name, SHA-256, themes), the derived triples it owns.
_Task = tuple[str, list[tuple[str, str, str, tuple[str, ...]]], list[Triple] | None]
#: A graph written: its bytes, the prefixes used, the distinct triples its documents own, new shared triples.
_Written = tuple[bytes, frozenset[str], int, list[Triple]]


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


def _summarise_one(item: tuple[str, str]) -> _Summary | tuple[str, int, str]:
    path, name = item
    try:
        return _summary(read_document(path, path, split=False), path, name)
    except InputError as exc:  # sent back as plain values: the exception does not pickle
        return (exc.source, exc.line, exc.problem)


def _summarise_all(files: list[tuple[Path, str]], jobs: int) -> Iterator[_Summary | InputError]:
    """Each document's summary (or its InputError), in order, by ``jobs`` processes."""
    items = [(str(path), name) for path, name in files]
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        for item in items:
            read = _summarise_one(item)
            yield read if isinstance(read, _Summary) else InputError(*read)
        return
    chunk = max(1, min(256, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for read in pool.map(_summarise_one, items, chunksize=chunk):
            yield read if isinstance(read, _Summary) else InputError(*read)


@dataclass
class StreamedBuild:
    """A build prepared for writing a graph at a time: the documents' summaries, what was
    skipped and noticed, and the derived graph; ``write`` makes and writes the graphs."""

    base: str
    summaries: list[_Summary]
    skipped: list[InputError]
    derived: list[Quad]
    jobs: int
    triple_count: int = 0

    @property
    def documents(self) -> int:
        return len(self.summaries)

    @property
    def warnings(self) -> list[ParseWarning]:
        return [w for s in self.summaries for w in s.warnings]

    def write(self, fmt: str, output: str | os.PathLike[str] | None, stdout: BinaryIO | None = None) -> int:
        """Write the dataset in ``fmt`` (trig or nquads) to ``output`` atomically, or to ``stdout``;
        the same bytes as serialize(build(...).quads). Returns (and keeps) the distinct triples."""
        minter = IriMinter(self.base)
        groups: dict[str, list[_Summary]] = {}
        for summary in self.summaries:
            groups.setdefault(iri(minter.document(summary.name)), []).append(summary)
        owners = _owners(minter, groups)
        # triples whose subject a document owns (its film's and its own nodes) are told apart by
        # their owner; every other triple (people, concepts, the build) is counted in one set.
        shared: set[Triple] = set()
        owned_derived: dict[str, set[Triple]] = {}
        for s, p, o, _ in self.derived:
            owner = _owner(s, owners)
            if owner is None:
                shared.add((s, p, o))
            else:
                owned_derived.setdefault(owner, set()).add((s, p, o))
        counts = [0]
        writer = GraphChunks(fmt, self.base)

        # the graphs of the corpus (derived, links), each written in its place among the documents'
        extra: dict[str, list[Quad]] = {}
        for quad in self.derived:
            extra.setdefault(quad[3], []).append(quad)
        pending = sorted(extra)

        tasks = [(graph, [(s.path, s.name, s.sha256, s.themes) for s in members],
                  sorted(owned_derived.get(graph, ())) if owners is not None else None)
                 for graph, members in sorted(groups.items())]

        def chunks() -> Iterator[tuple[bytes, frozenset[str]]]:
            for graph, (data, prefixes, owned, new_shared) in zip((t[0] for t in tasks), self._graphs(fmt, tasks)):
                while pending and pending[0] < graph:
                    yield writer.chunk(extra[pending.pop(0)])
                counts[0] += owned
                shared.update(new_shared)
                yield data, prefixes
            while pending:
                yield writer.chunk(extra[pending.pop(0)])

        write_graphs(chunks(), fmt, self.base, output, stdout)
        self.triple_count = counts[0] + len(shared)
        return self.triple_count

    def _graphs(self, fmt: str, tasks: list[_Task]) -> Iterator[_Written]:
        """Each task's graph, in order: made here, or by ``jobs`` processes a window at a time."""
        if self.jobs <= 1 or len(tasks) < PARALLEL_FROM:
            _start_writing(fmt, self.base)
            for task in tasks:
                yield _write_graph(task)
            return
        size = max(1, min(64, len(tasks) // (self.jobs * 8)))
        batches = (tasks[i:i + size] for i in range(0, len(tasks), size))
        with ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_writing,
                                 initargs=(fmt, self.base)) as pool:
            window: deque[Future[list[_Written] | tuple[str, int, str]]] = deque()
            for batch in batches:
                window.append(pool.submit(_write_batch, batch))
                if len(window) >= 4 * self.jobs:
                    yield from _results(window.popleft())
            while window:
                yield from _results(window.popleft())


def _results(future: Future[list[_Written] | tuple[str, int, str]]
             ) -> list[_Written]:
    done = future.result()
    if isinstance(done, tuple):
        raise InputError(*done)
    return done


def prepare(
    sources: Sequence[str | os.PathLike[str]],
    base: str = T.DEFAULT_BASE,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
    vocabulary: Iterable[str] = (),
    licence: str = DEFAULT_LICENCE,
    links: Sequence[str | os.PathLike[str]] = (),
    jobs: int = 1,
    derive: bool = True,
) -> StreamedBuild:
    """The first pass of a streaming build: what build() does but the mapping, with the same
    errors, warnings and skipped documents; ``write`` then writes TriG or N-Quads."""
    minter = IriMinter(base)
    files = discover(sources)
    kept: list[_Summary] = []
    skipped: list[InputError] = []
    films: dict[str, str] = {}
    for done, ((path, _), read) in enumerate(zip(files, _summarise_all(files, jobs)), 1):
        try:
            if isinstance(read, InputError):
                raise read
            film = minter.film(read.document())
            if film in films:
                raise InputError(str(path), read.title_line,
                                 f"film '{read.title}' ({read.release_date.year if read.release_date else None}) "
                                 f"is already described by {films[film]}")
            films[film] = str(path)
            kept.append(read)
        except InputError as exc:
            if not skip_bad:
                raise
            skipped.append(exc)
        if progress:
            progress(done, len(files))
    del films
    splitter = _learnt([s.theme_line.value for s in kept if s.theme_line is not None], vocabulary)
    for i, s in enumerate(kept):
        if s.theme_line is not None:  # as split_corpus_themes, one document at a time
            doc = Document(source=s.path, sha256=s.sha256, title=Text(s.title, s.title_line),
                           theme_line=s.theme_line, warnings=list(s.warnings))
            apply_theme_split(doc, splitter.split(s.theme_line.value))
            kept[i] = s._replace(themes=tuple(sys.intern(t.value) for t in doc.themes), theme_split=doc.theme_split,
                                 warnings=tuple(doc.warnings))
    del splitter
    check_iri(licence, "--license")
    link_files = [_link_file(path, minter, ((s.document(), s.name) for s in kept)) for path in links]
    derived = derived_quads(minter, ((s.document(), s.name) for s in kept), licence, link_files, started_at())
    if derive:  # the texts are read again, a document at a time
        derived += derive_links(minter, [(s.document(), s.name) for s in kept], _Texts(kept))
    return StreamedBuild(base, kept, skipped, derived, jobs)


class _Texts:
    """The documents again, with their texts and the corpus's theme split, one at a time."""

    def __init__(self, summaries: list[_Summary]) -> None:
        self.summaries = summaries

    def __iter__(self) -> Iterator[tuple[Document, str]]:
        for summary in self.summaries:
            doc = read_document(summary.path, summary.path, split=False)
            if doc.sha256 != summary.sha256:
                raise InputError(summary.path, 0, "changed while the build read it; build again")
            doc.themes = [Text(t, 0) for t in summary.themes]
            yield doc, summary.name


def _owners(minter: IriMinter, groups: dict[str, list[_Summary]]) -> dict[str, str] | None:
    """IRI -> the graph of the document whose nodes live at and below it (its film, itself),
    or None when one document's IRI lies at or below another's (then nothing is owned)."""
    owners: dict[str, str] = {}
    for graph, members in groups.items():
        for place in (graph[1:-1], *(minter.film(s.document()) for s in members)):
            if place in owners and owners[place] != graph:
                return None
            owners[place] = graph
    for place in owners:
        if _ancestor(place, owners) is not None:
            return None
    return owners


def _ancestor(value: str, owners: dict[str, str]) -> str | None:
    """The graph owning the nearest proper path prefix (cut at '/') of value."""
    cut = value.rfind("/")
    while cut > 0:
        found = owners.get(value[:cut])
        if found is not None:
            return found
        cut = value.rfind("/", 0, cut)
    return None


def _owner(subject: str, owners: dict[str, str] | None) -> str | None:
    if owners is None or not subject.startswith("<"):
        return None
    value = subject[1:-1]
    return owners.get(value) or _ancestor(value, owners)


#: The second pass's state in each process: the writer, the mapper, shared triples already sent.
_WRITING: dict[str, object] = {}


def _start_writing(fmt: str, base: str) -> None:
    _WRITING.clear()
    _WRITING.update(writer=GraphChunks(fmt, base), mapper=DocumentMapper(IriMinter(base)), seen=set())


def _write_batch(batch: list[_Task]
                 ) -> list[_Written] | tuple[str, int, str]:
    try:
        return [_write_graph(task) for task in batch]
    except InputError as exc:  # sent back as plain values: the exception does not pickle
        return (exc.source, exc.line, exc.problem)


def _write_graph(task: _Task
                 ) -> _Written:
    """One graph's bytes and prefixes, how many distinct triples its documents own (with their
    derived ones), and the shared triples this process has not sent before."""
    graph, members, owned_derived = task
    writer: GraphChunks = _WRITING["writer"]  # type: ignore[assignment]
    mapper: DocumentMapper = _WRITING["mapper"]  # type: ignore[assignment]
    seen: set[Triple] = _WRITING["seen"]  # type: ignore[assignment]
    quads: list[Quad] = []
    for path, name, sha256, themes in members:
        doc = read_document(path, path, split=False)
        if doc.sha256 != sha256:
            raise InputError(path, 0, "the file changed while the build read it")
        if doc.theme_line is not None:
            doc.themes = [Text(t, doc.theme_line.line) for t in themes]
        quads.extend(mapper.map(doc, name))
    data, prefixes = writer.chunk(quads)
    triples = {q[:3] for q in quads}
    owned = 0
    new: list[Triple] = []
    if owned_derived is None:  # nothing is owned: every triple is counted by the shared set
        new = [t for t in triples if t not in seen]
    else:
        places = (graph, *(q[2] for q in quads if q[0] == graph and q[1] == _ABOUT))
        mine = tuple(term for place in places for term in (place, place[:-1] + "/"))  # <X> and <X/...
        own = set(owned_derived)
        for t in triples:
            if t[0].startswith(mine):
                own.add(t)
            elif t not in seen:
                new.append(t)
        owned = len(own)
    seen.update(new)
    return data, prefixes, owned, new


_ABOUT = iri(T.SCHEMA + "about")
