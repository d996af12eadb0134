#!/usr/bin/env python3
"""Benchmark: deriving the links graph (knowledge.derive_links) against the build it is part of.

    .venv/bin/python benchmarks/knowledge_benchmark.py [N ...]     (default: 1000 10000)

For N generated documents, two tables. In memory: the build without the links (parse,
split, map; ``--jobs 2``), the derivation alone, its share of the whole, and how many links
of each kind it made. Streamed: ``filmgraph build DIR -o out.nq --jobs 2`` with and without
``--no-links``, each a process of its own: wall seconds, peak memory (the largest process,
in MiB) and the links' share of the build's time. Target: the derivation under 20% of the
build time.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from filmgraph.builder import BuildOptions, build
from filmgraph.knowledge import derive_links
from filmgraph.mapping import IriMinter
from filmgraph.synthetic import write_corpus

KINDS = ("evokes", "may-evoke", "co-occurs", "similar", "same-concept")
#: Runs a command and prints its wall seconds and the peak resident memory (KiB) of its largest process.
_MEASURE = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def in_memory(folder: Path) -> tuple[float, float, list[tuple[str, str, str, str]]]:
    """Seconds of the build without links and of the derivation, and the links' quads."""
    start = time.perf_counter()
    result = build([folder], BuildOptions(jobs=2, derive=False))
    built = time.perf_counter() - start
    start = time.perf_counter()
    quads = list(derive_links(IriMinter(), result.documents))
    return built, time.perf_counter() - start, quads


def streamed(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of a streaming N-Quads build in a process of its own."""
    command = [sys.executable, "-m", "filmgraph.cli", "build", str(folder), "-o", str(out), "--jobs", "2", *options]
    seconds, kib = subprocess.run([sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True,
                                  text=True).stdout.split()
    return float(seconds), int(kib) / 1024


def main(counts: list[int]) -> None:
    rows = []
    print(f"{'documents':>9} {'build s':>8} {'links s':>8} {'share':>6} {'quads':>9} "
          + " ".join(f"{k:>12}" for k in KINDS))
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "docs"
            write_corpus(folder, count)
            built, derived, quads = in_memory(folder)
            kinds = Counter(o.strip('"') for _, p, o, _ in quads if p.endswith("/linkKind>"))
            print(f"{count:>9,} {built:>8.2f} {derived:>8.2f} {derived / (built + derived):>6.0%} {len(quads):>9,} "
                  + " ".join(f"{kinds.get(k, 0):>12,}" for k in KINDS), flush=True)
            del quads
            without = streamed(folder, Path(tmp) / "without.nq", "--no-links")
            with_links = streamed(folder, Path(tmp) / "with.nq")
            rows.append((count, without, with_links))
    print(f"\n{'documents':>9} {'no-links s':>10} {'MiB':>6} {'links s':>8} {'MiB':>6} {'links share':>11}  "
          "(streamed N-Quads, --jobs 2)")
    for count, (plain_s, plain_mib), (links_s, links_mib) in rows:
        print(f"{count:>9,} {plain_s:>10.2f} {plain_mib:>6.0f} {links_s:>8.2f} {links_mib:>6.0f} "
              f"{(links_s - plain_s) / links_s:>11.0%}")
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"\nload average at the end: {' '.join(load)}; this process's peak: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time the derivation of the links graph.")
    parser.add_argument("counts", nargs="*", type=int, help="generated corpora (default: 1000 10000)")
    main(parser.parse_args().counts or [1000, 10000])
