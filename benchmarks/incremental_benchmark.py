#!/usr/bin/env python3
"""Benchmark: add 10 documents to an N-document dataset (`build --into`) against a full build.

    .venv/bin/python benchmarks/incremental_benchmark.py [--jobs J] [--formats F,...] [--no-links]
                                                          [--corpus DIR] [N ...]   (default: 10000)

For each N and format (nquads, trig): the N documents are built into DATA (the set-up, timed
too: the full build of N), then the full build of all N + 10 documents and
`filmgraph build NEW10 --into DATA -o OUT` each run as their own process; the table gives wall
seconds and peak MiB (the process or its largest worker, wait4's rusage) and says whether the
two outputs are the same bytes. --no-links passes `build --no-links` to every build; --corpus
DIR keeps the generated documents there between runs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from build_benchmark import FILMGRAPH, timed

from filmgraph.synthetic import file_name, write_corpus

ADDED = 10
SUFFIXES = {"nquads": "nq", "trig": "trig"}


def _links(folder: Path, source: Path, indices: range) -> Path:
    """A folder of links to some of the generated documents."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in indices:
        target = folder / file_name(index)
        if not target.exists():
            target.symlink_to(source / file_name(index))
    return folder


def run(count: int, jobs: int, formats: list[str], corpus: Path | None, no_links: bool = False
        ) -> Iterator[tuple[str, str, float, float, str]]:
    """Rows of (format, step, seconds, peak MiB, note), each as it is measured."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = (corpus or work) / f"docs-{count + ADDED}"
        if not (docs / file_name(count + ADDED - 1)).exists():
            write_corpus(docs, count + ADDED)
        old = _links(work / "old", docs, range(count))
        new = _links(work / "new", docs, range(count, count + ADDED))
        everything = _links(work / "all", docs, range(count + ADDED))
        for fmt in formats:
            suffix = SUFFIXES[fmt]
            data, full, out = (work / f"{name}.{suffix}" for name in ("data", "full", "out"))
            options = ["--jobs", str(jobs), *(["--no-links"] if no_links else [])]
            seconds, peak, _ = timed([str(FILMGRAPH), "build", str(old), "-o", str(data), *options])
            yield fmt, f"full build of {count:,}", seconds, peak, ""
            seconds, peak, _ = timed([str(FILMGRAPH), "build", str(everything), "-o", str(full), *options])
            yield fmt, f"full build of {count + ADDED:,}", seconds, peak, ""
            seconds, peak, _ = timed([str(FILMGRAPH), "build", str(new), "--into", str(data), "-o", str(out),
                                      *options])
            # compared a piece at a time: this process's size would count in the next child's peak
            same = "same bytes" if filecmp.cmp(out, full, shallow=False) else "DIFFERENT BYTES"
            yield fmt, f"--into: {ADDED} added to {count:,}", seconds, peak, same
            for path in (data, full, out):
                path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--formats", default="nquads,trig")
    parser.add_argument("--no-links", action="store_true")
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)", file=sys.stderr)
    links = "no (--no-links)" if args.no_links else "yes"
    print("| documents | format | links graph | step | seconds | peak MiB | |")
    print("|---:|---|---|---|---:|---:|---|")
    for count in args.counts:
        for fmt, step, seconds, peak, note in run(count, args.jobs, args.formats.split(","), args.corpus,
                                                         args.no_links):
            print(f"| {count:,} | {fmt} | {links} | {step} | {seconds:.2f} | {peak:,.0f} | {note} |", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
