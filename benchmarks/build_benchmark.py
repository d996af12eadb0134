#!/usr/bin/env python3
"""Benchmark: build N synthetic documents to Turtle, TriG and N-Quads, against Oxigraph's floor.

    .venv/bin/python benchmarks/build_benchmark.py [--jobs J] [--validate] [--formats F,...] [--no-links]
                                                    [--corpus DIR] [N ...]
                                                    (default: 1000 10000; 100000 takes minutes)

--formats chooses among turtle, trig and nquads (Turtle holds the corpus in memory: leave it
out at 100,000); --no-links passes `build --no-links`; --corpus DIR reuses the first N
documents' folder written there before (written there the first time) instead of a new one.

Each step runs as its own process (`filmgraph build FOLDER -o corpus.ttl`, `.trig`, `.nq`), so
the figures include start-up, parsing, mapping, sorting and writing; peak memory is the
largest resident set of that process and its worker processes (wait4's rusage). The floor
is `oxigraph convert` (the PyPI package `oxigraph`) reading the N-Quads just written and
writing them again as N-Quads: what parsing and writing the same data costs in Rust, with
nothing to map. --validate also times `filmgraph validate corpus.ttl`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from filmgraph.synthetic import write_corpus

BIN = Path(sys.executable).parent
FILMGRAPH = BIN / "filmgraph"
OXIGRAPH = shutil.which("oxigraph", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
FORMATS = (("turtle", "ttl"), ("trig", "trig"), ("nquads", "nq"))


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


def run(count: int, jobs: int | None, validate: bool, formats: list[str] | None = None, no_links: bool = False,
        corpus: Path | None = None) -> list[tuple[str, float, int, float, float]]:
    """Rows of (step, seconds, triples, peak MiB, output MiB)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = corpus / str(count) if corpus else Path(tmp) / "docs"
        if not (folder / f"film_{count - 1:06d}.txt").exists():
            write_corpus(folder, count)
        triples = 0
        for fmt, suffix in FORMATS:
            if formats and fmt not in formats:
                continue
            out = Path(tmp) / f"corpus.{suffix}"
            args = [str(FILMGRAPH), "build", str(folder), "-o", str(out)] + (["--jobs", str(jobs)] if jobs else [])
            args += ["--no-links"] if no_links else []
            seconds, peak, stderr = timed(args)
            triples = int(stderr.strip().splitlines()[-1].split(": ")[1].split(" triples")[0])
            rows.append((fmt, seconds, triples, peak, out.stat().st_size / 2**20))
            if fmt != "nquads":
                out.unlink()
        if OXIGRAPH and (Path(tmp) / "corpus.nq").exists():
            nquads = Path(tmp) / "corpus.nq"
            again = Path(tmp) / "again.nq"
            seconds, peak, _ = timed([OXIGRAPH, "convert", "--from-file", str(nquads), "--to-file", str(again)])
            rows.append(("oxigraph convert nq", seconds, triples, peak, again.stat().st_size / 2**20))
        if validate:
            out = Path(tmp) / "corpus.ttl"
            timed([str(FILMGRAPH), "build", str(folder), "-o", str(out)])
            seconds, peak, _ = timed([str(FILMGRAPH), "validate", str(out)])
            rows.append(("validate Turtle", seconds, triples, peak, out.stat().st_size / 2**20))
    return rows


def main(argv: list[str]) -> None:
    def value(option: str) -> str | None:
        return argv[argv.index(option) + 1] if option in argv else None

    jobs = int(value("--jobs") or 0) or None
    validate = "--validate" in argv
    formats = (value("--formats") or "").split(",") if "--formats" in argv else None
    corpus = Path(value("--corpus") or "") if "--corpus" in argv else None
    skip = {argv.index(o) + 1 for o in ("--jobs", "--formats", "--corpus") if o in argv}
    counts = [int(a) for i, a in enumerate(argv) if not a.startswith("--") and i not in skip] or [1000, 10000]
    if not OXIGRAPH:
        print("(no oxigraph command: `pip install oxigraph` for the floor)", file=sys.stderr)
    print("| documents | step | seconds | docs/s | triples | triples/s | peak MiB | output MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for count in counts:
        for step, seconds, triples, peak, size in run(count, jobs, validate, formats, "--no-links" in argv, corpus):
            print(f"| {count:,} | {step} | {seconds:.2f} | {count / seconds:,.0f} | {triples:,} "
                  f"| {triples / seconds:,.0f} | {peak:,.0f} | {size:.1f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
