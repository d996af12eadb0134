#!/usr/bin/env python3
"""Benchmark: build N synthetic documents to Turtle, TriG and N-Quads, against Oxigraph's floor.

    .venv/bin/python benchmarks/build_benchmark.py [--jobs J] [--validate] [--steps S,...] [--up-to STEP:N ...]
                                                    [--corpus DIR] [N ...]
                                                    (default: 1000 10000; 100000 takes many minutes)

A step is a format (turtle, trig, nquads), as `filmgraph build` makes it by default (with the
links graph the documents imply) or with " --no-links" after its name; --steps chooses them
(default: all six). --up-to STEP:N leaves a step out above N documents, with a row saying so
(none by default: every format is written a graph or a subject at a time). --corpus DIR reuses the first N documents' folder written there before (written there
the first time) instead of a new one.

Each step runs as its own process (`filmgraph build FOLDER -o corpus.ttl`, `.trig`, `.nq`), so
the figures include start-up, parsing, mapping, sorting and writing; peak memory is the
largest resident set of that process and its worker processes (wait4's rusage). The floor
is `oxigraph convert` (the PyPI package `oxigraph`) reading each N-Quads file written (with
and without the links graph) and writing it again as N-Quads: what parsing and writing the
same data costs in Rust, with nothing to map. --validate also times `filmgraph validate corpus.ttl`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from filmgraph.synthetic import write_corpus

BIN = Path(sys.executable).parent
FILMGRAPH = BIN / "filmgraph"
OXIGRAPH = shutil.which("oxigraph", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
SUFFIXES = {"turtle": "ttl", "trig": "trig", "nquads": "nq"}
STEPS = [f"{fmt}{links}" for links in ("", " --no-links") for fmt in SUFFIXES]
#: Steps left out above a number of documents unless --up-to says otherwise.
UP_TO: dict[str, int] = {}


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run a command; wall seconds, peak MiB (the process or its largest worker), its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {stderr}")
    return seconds, usage.ru_maxrss / 1024, stderr


def run(count: int, jobs: int | None, validate: bool, steps: list[str], up_to: dict[str, int],
        corpus: Path | None = None) -> Iterator[tuple[str, float | None, int, float, float]]:
    """Rows of (step, seconds or None when left out, triples, peak MiB, output MiB), each as it is measured."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = corpus / str(count) if corpus else Path(tmp) / "docs"
        if not (folder / f"film_{count - 1:06d}.txt").exists():
            write_corpus(folder, count)
        triples = 0
        nquads: list[tuple[str, Path, int]] = []  # the N-Quads written: each one's step, file, triples
        for step in steps:
            if count > up_to.get(step, count):
                yield step, None, 0, 0.0, 0.0
                continue
            fmt, *options = step.split()
            out = Path(tmp) / f"corpus.{SUFFIXES[fmt]}"
            args = [str(FILMGRAPH), "build", str(folder), "-o", str(out), *options]
            seconds, peak, stderr = timed(args + (["--jobs", str(jobs)] if jobs else []))
            triples = int(stderr.strip().splitlines()[-1].split(": ")[1].split(" triples")[0])
            yield step, seconds, triples, peak, out.stat().st_size / 2**20
            if fmt == "nquads":
                kept = Path(tmp) / f"kept{len(nquads)}.nq"
                out.replace(kept)
                nquads.append((step, kept, triples))
            else:
                out.unlink()
        for written, kept, triples in nquads if OXIGRAPH else []:
            again = Path(tmp) / "again.nq"
            seconds, peak, _ = timed([OXIGRAPH, "convert", "--from-file", str(kept), "--to-file", str(again)])
            yield f"oxigraph convert ({written})", seconds, triples, peak, again.stat().st_size / 2**20
            again.unlink()
            kept.unlink()
        if validate:
            out = Path(tmp) / "corpus.ttl"
            timed([str(FILMGRAPH), "build", str(folder), "-o", str(out)])
            seconds, peak, _ = timed([str(FILMGRAPH), "validate", str(out)])
            yield "validate Turtle", seconds, triples, peak, out.stat().st_size / 2**20


def main(argv: list[str]) -> None:
    def values(option: str) -> list[str]:
        return [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == option]

    jobs = int((values("--jobs") or ["0"])[-1]) or None
    validate = "--validate" in argv
    steps = [s.strip() for s in (values("--steps") or [",".join(STEPS)])[-1].split(",")]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise SystemExit(f"unknown steps {unknown}: choose among {', '.join(STEPS)}")
    up_to = dict(UP_TO)
    for limit in values("--up-to"):
        step, _, number = limit.rpartition(":")
        up_to[step] = int(number)
    corpus = Path(values("--corpus")[-1]) if "--corpus" in argv else None
    skip = {i + 1 for i, a in enumerate(argv) if a in ("--jobs", "--steps", "--up-to", "--corpus")}
    counts = [int(a) for i, a in enumerate(argv) if not a.startswith("--") and i not in skip] or [1000, 10000]
    if not OXIGRAPH:
        print("(no oxigraph command: `pip install oxigraph` for the floor)", file=sys.stderr)
    print("| documents | step | seconds | docs/s | triples | triples/s | peak MiB | output MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for count in counts:
        for step, seconds, triples, peak, size in run(count, jobs, validate, steps, up_to, corpus):
            if seconds is None:
                print(f"| {count:,} | {step} | left out (above {up_to[step]:,} documents) | | | | | |", flush=True)
                continue
            print(f"| {count:,} | {step} | {seconds:.2f} | {count / seconds:,.0f} | {triples:,} "
                  f"| {triples / seconds:,.0f} | {peak:,.0f} | {size:.1f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
