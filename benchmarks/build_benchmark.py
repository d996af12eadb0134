#!/usr/bin/env python3
"""Benchmark: build N synthetic documents to Turtle; documents/s, triples/s, peak memory.

    .venv/bin/python benchmarks/build_benchmark.py [N ...]      (default: 100 1000 10000)

Each build runs as its own `filmgraph build FOLDER -o FILE.ttl` process, so the
figures include start-up, parsing, mapping, sorting and writing, and the peak
memory is that process's maximum resident set size.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from filmgraph.synthetic import write_corpus

FILMGRAPH = Path(sys.executable).with_name("filmgraph")


def run(count: int) -> tuple[float, int, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        write_corpus(folder, count)
        out = Path(tmp) / "corpus.ttl"
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run([str(FILMGRAPH), "build", str(folder), "-o", str(out)],
                              capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
        summary = proc.stderr.strip().splitlines()[-1]
        triples = int(summary.split(": ")[1].split(" triples")[0])
        return seconds, triples, peak_kib / 1024, out.stat().st_size


def main(counts: list[int]) -> None:
    print(f"{'documents':>10} {'seconds':>8} {'docs/s':>8} {'triples':>10} {'triples/s':>10} {'peak MiB':>9} {'Turtle MiB':>10}")
    for count in counts:
        seconds, triples, peak, size = run(count)
        print(f"{count:>10,} {seconds:>8.2f} {count / seconds:>8,.0f} {triples:>10,} "
              f"{triples / seconds:>10,.0f} {peak:>9,.0f} {size / 2**20:>10.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
