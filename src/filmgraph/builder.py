"""Build a knowledge graph from documents: find them, parse, resolve, map to quads."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import terms as T
from .document import Document
from .errors import InputError, ParseWarning
from .links import check_iri, read_link_file, resolve
from .mapping import DEFAULT_LICENCE, DocumentMapper, IriMinter, derived_quads, started_at
from .ntriples import Quad
from .parser import apply_theme_split, read_document
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
    return BuildResult(quads, parsed, skipped)


def _link_file(path: str | os.PathLike[str], minter: IriMinter,
               parsed: list[tuple[Document, str]]) -> tuple[str, str, list[tuple[str, str]]]:
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


def split_corpus_themes(docs: Sequence[Document], vocabulary: Iterable[str] = ()) -> ThemeSplitter:
    """Split every document's theme line again with what all of them (and a vocabulary) say."""
    splitter = ThemeSplitter(vocabulary)
    lines = [doc.theme_line.value for doc in docs if doc.theme_line is not None]
    if len(lines) > 1 or splitter.vocabulary:
        splitter.learn(lines)
    for doc in docs:
        if doc.theme_line is not None:
            apply_theme_split(doc, splitter.split(doc.theme_line.value))
    return splitter
