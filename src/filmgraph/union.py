"""The union of a dataset's graphs as Turtle or N-Triples, written a subject at a time.

Written whole, the union is every graph's triples sorted by subject, which holds the corpus
as Python objects. A streamed build writes it otherwise: each worker process renders the
subjects only its document states (its own nodes and its film's, that no other graph
names) as finished blocks, and sends every other triple as such. Here the blocks are
spooled to a file, the other triples gathered by subject, and at the end every subject is
written in order, a block copied or the gathered triples rendered: the same bytes as
``rdfio.serialize(quads, fmt)``.
"""

from __future__ import annotations

import heapq
import mmap
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from .ntriples import Quad
from .rdfio import _TurtleWriter, write_graphs

#: The formats of a union written a subject at a time (the triple formats filmgraph writes itself).
UNIONS = ("turtle", "nt")

Triple = tuple[str, str, str]


class Blocks(NamedTuple):
    """Subjects rendered in a worker: their bytes one after another, each subject and its
    length in bytes (in the bytes' order), the prefixes they use and the triples they hold."""

    data: bytes
    subjects: list[str]
    lengths: list[int]
    prefixes: frozenset[str]
    triples: int


class BlockRenderer:
    """Renders subjects' blocks in the format of a union (one per worker process)."""

    #: Terms whose short form is remembered (the cache is emptied beyond this).
    CACHE = 1 << 16

    def __init__(self, fmt: str, base: str | None) -> None:
        if fmt not in UNIONS:
            raise ValueError(f"{fmt} is not a union written a subject at a time")
        self.fmt = fmt
        self.turtle = _TurtleWriter(base)

    def render(self, triples: Iterable[Triple]) -> Blocks:
        """The blocks of these distinct triples' subjects, in subject order."""
        rows = sorted((s, p, o, "") for s, p, o in triples)
        subjects = [subject for subject, _ in groupby(rows, key=itemgetter(0))]
        if self.fmt == "nt":
            lines = ["".join(f"{s} {p} {o} .\n" for s, p, o, _ in group)
                     for _, group in groupby(rows, key=itemgetter(0))]
            used: frozenset[str] = frozenset()
        else:
            if len(self.turtle.cache) > self.CACHE:
                self.turtle.cache.clear()
            self.turtle.names.used = set()
            lines = list(self.turtle.iter_lines(rows))
            used = frozenset(self.turtle.names.used)
        encoded = [line.encode("utf-8") for line in lines]
        return Blocks(b"".join(encoded), subjects, [len(b) for b in encoded], used, len(rows))


class UnionWriter:
    """Gathers a union's blocks (spooled) and other triples (by subject), then writes it."""

    def __init__(self, fmt: str, base: str | None) -> None:
        if fmt not in UNIONS:
            raise ValueError(f"{fmt} is not a union written a subject at a time")
        self.fmt = fmt
        self.base = base
        self.spool: BinaryIO = tempfile.TemporaryFile()
        self.size = 0
        self.index: list[tuple[str, int, int]] = []  # (subject, offset, length) of each block
        self.prefixes: set[str] = set()
        self.rows: dict[str, set[tuple[str, str]]] = {}
        self.triples = 0  # in the blocks

    #: Gathered triples rendered together (whole subjects: a batch may be a little larger).
    BATCH = 20_000

    def add_blocks(self, blocks: Blocks) -> None:
        self.spool.write(blocks.data)
        offset = self.size
        for subject, length in zip(blocks.subjects, blocks.lengths):
            self.index.append((subject, offset, length))
            offset += length
        self.size = offset
        self.prefixes.update(blocks.prefixes)
        self.triples += blocks.triples

    def add_triples(self, triples: Iterable[Triple]) -> None:
        rows = self.rows
        for s, p, o in triples:
            statements = rows.get(s)
            if statements is None:
                statements = rows[s] = set()
            statements.add((p, o))

    def write(self, extra: Iterable[Quad], output: str | os.PathLike[str] | None, stdout: BinaryIO | None = None,
              render: Callable[[Iterator[list[Triple]]], Iterator[Blocks]] | None = None) -> int:
        """Write the union with ``extra`` (triples in subject, predicate, object order, each
        once) to ``output`` atomically, or to ``stdout``; returns the distinct triples.
        ``render`` turns batches of the gathered triples (whole subjects, in order) into their
        blocks, in order (by default here, one batch after another)."""
        if render is None:
            renderer = BlockRenderer(self.fmt, self.base)
            render = partial(map, renderer.render)
        self.spool.flush()
        view = mmap.mmap(self.spool.fileno(), 0, access=mmap.ACCESS_READ) if self.size else None
        counted = [self.triples]
        try:
            rendered = render(_batches(self._gathered(extra), self.BATCH))
            write_graphs(self._pieces(rendered, view, counted), self.fmt, self.base, output, stdout)
        finally:
            if view is not None:
                view.close()
        return counted[0]

    def _pieces(self, rendered: Iterator[Blocks], view: mmap.mmap | None, counted: list[int]
                ) -> Iterator[tuple[bytes, AbstractSet[str]]]:
        """Every subject's bytes in order, with the prefixes they use: the blocks the workers
        rendered and those rendered of the gathered triples, merged by subject."""
        blocks = iter(sorted(self.index))
        block = next(blocks, None)
        prefixes: AbstractSet[str] = frozenset(self.prefixes)  # the blocks', given with the first piece
        for done in rendered:
            counted[0] += done.triples
            start = 0
            for subject, length in zip(done.subjects, done.lengths):
                while block is not None and block[0] <= subject:
                    if block[0] == subject:
                        raise AssertionError(f"{subject} was rendered by a worker and is stated elsewhere too")
                    assert view is not None
                    yield view[block[1]:block[1] + block[2]], prefixes
                    prefixes, block = frozenset(), next(blocks, None)
                yield done.data[start:start + length], prefixes | done.prefixes
                prefixes, start = frozenset(), start + length
        while block is not None:
            assert view is not None
            yield view[block[1]:block[1] + block[2]], prefixes
            prefixes, block = frozenset(), next(blocks, None)

    def _gathered(self, extra: Iterable[Quad]) -> Iterator[Triple]:
        """The gathered triples and ``extra``'s, in order, each once."""
        rows = self.rows
        mine = ((s, p, o) for s in sorted(rows) for p, o in sorted(rows.pop(s)))
        theirs = (q[:3] for q in extra)
        for triple, _ in groupby(heapq.merge(mine, theirs)):
            yield triple

    def close(self) -> None:
        self.spool.close()
        self.rows = {}
        self.index = []


def _batches(triples: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    """Lists of at least ``size`` triples (but the last), each ending with a subject's last."""
    batch: list[Triple] = []
    for triple in triples:
        if len(batch) >= size and triple[0] != batch[-1][0]:
            yield batch
            batch = []
        batch.append(triple)
    if batch:
        yield batch
