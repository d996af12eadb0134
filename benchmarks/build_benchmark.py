#!/usr/bin/env python3
"""Benchmark: build N synthetic documents to Turtle, then validate the result.

    .venv/bin/python benchmarks/build_benchmark.py [N ...]      (default: 100 1000 10000)

Each step runs as its own process (`filmgraph build FOLDER -o FILE.ttl`, then
`filmgraph validate FILE.ttl`), so the figures include start-up, parsing, mapping,
sorting and writing (and, for validation, reading into rdflib and running pySHACL);
each peak memory is that process's maximum resident set size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from filmgraph.synthetic import write_corpus

FILMGRAPH = Path(sys.executable).with_name("filmgraph")


def timed(*args: str) -> tuple[float, float, str]:
    """Run filmgraph with args; wall seconds, peak MiB of that process, its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(FILMGRAPH), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"filmgraph {' '.join(args)} failed: {stderr}")
    return seconds, usage.ru_maxrss / 1024, stderr


def run(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        write_corpus(folder, count)
        out = Path(tmp) / "corpus.ttl"
        build_s, build_peak, stderr = timed("build", str(folder), "-o", str(out))
        triples = int(stderr.strip().splitlines()[-1].split(": ")[1].split(" triples")[0])
        check_s, check_peak, _ = timed("validate", str(out))
        return {"build_s": build_s, "triples": triples, "build_peak": build_peak, "size": out.stat().st_size,
                "check_s": check_s, "check_peak": check_peak}


def main(counts: list[int]) -> None:
    print("| documents | build s | docs/s | triples | triples/s | build peak MiB | Turtle MiB "
          "| validate s | validate peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in counts:
        r = run(count)
        print(f"| {count:,} | {r['build_s']:.2f} | {count / r['build_s']:,.0f} | {r['triples']:,} "
              f"| {r['triples'] / r['build_s']:,.0f} | {r['build_peak']:,.0f} | {r['size'] / 2**20:.1f} "
              f"| {r['check_s']:.1f} | {r['check_peak']:,.0f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
