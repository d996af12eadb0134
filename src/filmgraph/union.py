"""The union of a dataset's graphs as Turtle or N-Triples, written a subject at a time.

Written whole, the union is every graph's triples sorted by subject, which holds the corpus
as Python objects. A streamed build writes it otherwise: each worker process renders the
subjects only its document states (its own nodes, its film's and its readings' evocations,
that no other graph names) as finished blocks, and sends every other triple as a line. Those lines, with the
corpus graphs', are sorted a run at a time into files (``SortedRuns``); at the end the
subjects between two keys are read from every run, merged and rendered by any process, a
range at a time, and written in order with the workers' blocks: the same bytes as
``rdfio.serialize(quads, fmt)``.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import groupby, islice
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from . import scratch
from .rdfio import _TurtleWriter, write_graphs

#: The formats of a union written a subject at a time (the triple formats filmgraph writes itself).
UNIONS = ("turtle", "nt")

Triple = tuple[str, str, str]


def triple_line(s: str, p: str, o: str) -> str:
    """A triple as a line of SortedRuns (its terms hold no line end, and no space but in a
    literal object: lines sort as their triples do)."""
    return f"{s} {p} {o}"


class Blocks(NamedTuple):
    """Subjects rendered: their bytes one after another (each ending with a line end), each
    subject and its length in bytes (in the bytes' order), the prefixes they use and the
    triples they hold."""

    data: bytes
    subjects: list[str]
    lengths: list[int]
    prefixes: frozenset[str]
    triples: int


class BlockRenderer:
    """Renders subjects' blocks in the format of a union (one per worker process)."""

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
            texts = ["".join(f"{s} {p} {o} .\n" for s, p, o, _ in group)
                     for _, group in groupby(rows, key=itemgetter(0))]
            used: frozenset[str] = frozenset()
        else:
            lines, used = self.turtle.piece(rows)
            texts = [f"{text}\n" for text in lines]
        encoded = [text.encode("utf-8") for text in texts]
        return Blocks(b"".join(encoded), subjects, [len(b) for b in encoded], used, len(rows))


class Range(NamedTuple):
    """The lines from ``low`` (a subject and a space) up to ``high`` (None: to the end), and
    where to read them: each run's file and the bytes that hold them (and a few more)."""

    low: str
    high: str | None
    parts: list[tuple[str, int, int]]


#: A run of SortedRuns: its file, every STEP-th line, their offsets, its size in bytes.
Run = tuple[str, list[str], list[int], int]


class SortedRuns:
    """Lines sorted a run at a time into the files of a temporary folder, every STEP-th line's
    place noted, so that any process can read the lines of one range of subjects."""

    RUN = 100_000
    STEP = 64

    def __init__(self, within: str | None = None) -> None:
        """Runs in a temporary folder of their own, removed by close(), or in a new folder
        ``within`` another, removed with it (a process of a build's own hands them: see handed)."""
        self.folder = scratch.folder("runs") if within is None else tempfile.mkdtemp(dir=within)
        self._removal = scratch.removal(self, self.folder) if within is None else lambda: None
        self.buffer: list[str] = []
        self.runs: list[Run] = []

    def add(self, s: str, p: str, o: str) -> None:
        """A triple of the union."""
        self.buffer.append(triple_line(s, p, o))
        if len(self.buffer) >= self.RUN:
            self._spill()

    def extend(self, lines: Iterable[str]) -> None:
        """Triples as triple_line() makes them, any number (a run spilled whenever one is full)."""
        rest = iter(lines)
        while chunk := list(islice(rest, self.RUN - len(self.buffer))):
            self.buffer += chunk
            if len(self.buffer) >= self.RUN:
                self._spill()

    def _spill(self) -> None:
        lines = sorted(set(self.buffer))
        self.buffer = []
        path = os.path.join(self.folder, str(len(self.runs)))
        firsts: list[str] = []
        offsets: list[int] = []
        size = 0
        with open(path, "wb") as run:
            for start in range(0, len(lines), self.STEP):
                chunk = "".join(f"{text}\n" for text in lines[start:start + self.STEP]).encode("utf-8")
                firsts.append(lines[start])
                offsets.append(size)
                run.write(chunk)
                size += len(chunk)
        self.runs.append((path, firsts, offsets, size))

    def handed(self) -> list[Run]:
        """The runs (the buffer spilled), for another process of the build to adopt."""
        if self.buffer:
            self._spill()
        runs, self.runs = self.runs, []
        return runs

    def adopt(self, runs: list[Run]) -> None:
        """Take the runs another process handed: their files moved into this one's folder."""
        for path, firsts, offsets, size in runs:
            mine = os.path.join(self.folder, f"{len(self.runs)}.adopted")
            os.replace(path, mine)
            self.runs.append((mine, firsts, offsets, size))

    def ranges(self, lines: int) -> list[Range]:
        """Ranges of about ``lines`` lines each (whole subjects), in order, that cover them all."""
        if self.buffer:
            self._spill()
        firsts = sorted(first for _, run_firsts, _, _ in self.runs for first in run_firsts)
        every = max(1, lines // self.STEP)
        cuts = sorted({firsts[i].split(" ", 1)[0] + " " for i in range(every, len(firsts), every)})
        bounds: list[tuple[str, str | None]] = list(zip([""] + cuts, [*cuts, None]))
        return [Range(low, high, [self._part(run, low, high) for run in self.runs]) for low, high in bounds]

    @staticmethod
    def _part(run: Run, low: str, high: str | None) -> tuple[str, int, int]:
        """The bytes of a run that hold its lines from ``low`` up to ``high``: whole chunks."""
        path, firsts, offsets, size = run
        start = offsets[max(bisect_left(firsts, low) - 1, 0)] if firsts else 0
        end_chunk = len(firsts) if high is None else bisect_left(firsts, high)
        end = offsets[end_chunk] if end_chunk < len(firsts) else size
        return path, start, max(start, end)

    def close(self) -> None:
        self._removal()
        self.buffer = []
        self.runs = []


def read_range(part: Range) -> list[Triple]:
    """The distinct triples of a range, in order (any process can read it)."""
    found: set[str] = set()
    for path, start, end in part.parts:
        if end > start:
            with open(path, "rb") as run:
                run.seek(start)
                # split at line ends only: str.splitlines() would also cut at U+2028, U+0085 ...,
                # which a literal holds as they are
                found.update(run.read(end - start).decode("utf-8").split("\n")[:-1])
    low, high = part.low, part.high
    kept = [text for text in found if text >= low and (high is None or text < high)]
    kept.sort()
    return [tuple(text.split(" ", 2)) for text in kept]  # type: ignore[misc]


class _Reader:
    """Reads a file's bytes a window at a time (os.pread: its pages never mapped into this
    process, where a mapping of the whole spool would keep every page read resident). The
    blocks are read in subject order, the spool holds them in document order: a film's
    subjects are a jump back, then a few blocks in a row, so the window is small."""

    WINDOW = 1 << 13

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.start = 0
        self.data = b""

    def read(self, offset: int, length: int) -> bytes:
        """The ``length`` bytes at ``offset``."""
        at = offset - self.start
        if at < 0 or at + length > len(self.data):
            self.start, at = offset, 0
            self.data = os.pread(self.fd, max(length, self.WINDOW), offset)
        return self.data[at:at + length]


class UnionWriter:
    """Gathers a union's blocks (spooled) and other triples (as lines in SortedRuns), then writes it."""

    #: Lines a range of the gathered triples holds, about (it is rendered at once).
    RANGE = 20_000
    #: Blocks indexed in memory; beyond, the index is sorted into a file (a run) and begun again.
    INDEX_RUN = 200_000

    def __init__(self, fmt: str, base: str | None, runs: SortedRuns) -> None:
        if fmt not in UNIONS:
            raise ValueError(f"{fmt} is not a union written a subject at a time")
        self.fmt = fmt
        self.base = base
        self.runs = runs
        self.spool: BinaryIO = tempfile.TemporaryFile()
        self.size = 0
        self.index: list[tuple[str, int, int]] = []  # (subject, offset, length) of each block
        self.index_runs: list[BinaryIO] = []  # the index's earlier runs, sorted: "subject\toffset\tlength" lines
        self.prefixes: set[str] = set()
        self.triples = 0  # in the blocks

    def add_blocks(self, blocks: Blocks) -> None:
        self.spool.write(blocks.data)
        offset = self.size
        for subject, length in zip(blocks.subjects, blocks.lengths):
            self.index.append((subject, offset, length))
            offset += length
        self.size = offset
        if len(self.index) >= self.INDEX_RUN:
            self._spill_index()
        self.prefixes.update(blocks.prefixes)
        self.triples += blocks.triples

    def _spill_index(self) -> None:
        self.index.sort()
        run = tempfile.TemporaryFile()
        run.writelines(f"{subject}\t{offset}\t{length}\n".encode() for subject, offset, length in self.index)
        run.seek(0)
        self.index_runs.append(run)
        self.index = []

    def _blocks(self) -> Iterator[tuple[str, int, int]]:
        """Every block's subject, offset and length, in subject order; a subject two processes
        rendered is an error."""
        last = None
        for block in self._indexed():
            if block[0] == last:
                raise AssertionError(f"{last} was rendered by two processes")
            last = block[0]
            yield block

    def _indexed(self) -> Iterator[tuple[str, int, int]]:
        """The index in subject order (a tab sorts below any character of a term, so the runs'
        lines sort as their subjects)."""
        if not self.index_runs:
            yield from sorted(self.index)
            return
        if self.index:
            self._spill_index()
        for text in heapq.merge(*self.index_runs):
            subject, offset, length = text.decode("utf-8").split("\t")
            yield subject, int(offset), int(length)

    def add_lines(self, lines: Iterable[str]) -> None:
        """Triples as triple_line() makes them (repeats are welcome)."""
        self.runs.extend(lines)

    def write(self, output: str | os.PathLike[str] | None, stdout: BinaryIO | None = None,
              render: Callable[[Iterable[Range]], Iterator[Blocks]] | None = None,
              fill: Callable[[], None] | None = None) -> int:
        """Write the union to ``output`` atomically, or to ``stdout``; returns the distinct
        triples. ``fill`` adds the blocks and lines (called once the output's temporary file
        is open: a place that cannot be written to is found before any work); ``render`` turns
        ranges of the gathered triples into their blocks, in order (by default here, one range
        after another)."""
        if render is None:
            renderer = BlockRenderer(self.fmt, self.base)
            render = partial(map, lambda part: renderer.render(read_range(part)))
        counted = [0]

        def pieces() -> Iterator[tuple[bytes, AbstractSet[str]]]:
            if fill is not None:
                fill()
            assert render is not None
            self.spool.flush()
            counted[0] = self.triples
            yield from self._pieces(render(self.runs.ranges(self.RANGE)), _Reader(self.spool.fileno()), counted)

        write_graphs(pieces(), self.fmt, self.base, output, stdout)
        return counted[0]

    def _pieces(self, rendered: Iterator[Blocks], spool: _Reader, counted: list[int]
                ) -> Iterator[tuple[bytes, AbstractSet[str]]]:
        """The subjects' bytes in order, with the prefixes they use: the blocks the workers
        rendered and those rendered of the gathered triples, merged by subject."""
        blocks = self._blocks()
        block = next(blocks, None)
        copy = spool.read
        yield b"", frozenset(self.prefixes)
        for done in rendered:
            counted[0] += done.triples
            start = end = 0  # done.data[start:end]: its subjects not yet given
            for subject, length in zip(done.subjects, done.lengths):
                if block is not None and block[0] <= subject:
                    yield done.data[start:end], done.prefixes
                    start = end
                    while block is not None and block[0] <= subject:
                        if block[0] == subject:
                            raise AssertionError(f"{subject} was rendered by a worker and is stated elsewhere too")
                        yield copy(block[1], block[2]), frozenset()
                        block = next(blocks, None)
                end += length
            yield done.data[start:end], done.prefixes
        while block is not None:
            yield copy(block[1], block[2]), frozenset()
            block = next(blocks, None)

    def close(self) -> None:
        self.spool.close()
        for run in self.index_runs:
            run.close()
        self.index_runs = []
        self.index = []
