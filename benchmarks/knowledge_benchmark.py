#!/usr/bin/env python3
"""Benchmark: deriving the links graph (knowledge.derive_links) against the build it is part of.

    .venv/bin/python benchmarks/knowledge_benchmark.py [N ...]     (default: 1000 10000)

For N generated documents: the in-memory build without the links (parse, split, map),
the derivation alone, its share of the whole, and how many links of each kind it made.
Target: the derivation under 20% of the build time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from filmgraph.builder import build
from filmgraph.knowledge import derive_links
from filmgraph.mapping import IriMinter
from filmgraph.synthetic import write_corpus

KINDS = ("evokes", "may-evoke", "co-occurs", "similar", "same-concept")


def main(counts: list[int]) -> None:
    print(f"{'documents':>9} {'build s':>8} {'links s':>8} {'share':>6} {'quads':>9} "
          + " ".join(f"{k:>12}" for k in KINDS))
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(Path(tmp) / "docs", count)
            start = time.perf_counter()
            result = build([Path(tmp) / "docs"], jobs=2, derive=False)
            built = time.perf_counter() - start
            start = time.perf_counter()
            quads = derive_links(IriMinter(), result.documents)
            derived = time.perf_counter() - start
            kinds = Counter(o.strip('"') for _, p, o, _ in quads if p.endswith("/linkKind>"))
            share = derived / (built + derived)
            print(f"{count:>9,} {built:>8.2f} {derived:>8.2f} {share:>6.0%} {len(quads):>9,} "
                  + " ".join(f"{kinds.get(k, 0):>12,}" for k in KINDS), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time the derivation of the links graph.")
    parser.add_argument("counts", nargs="*", type=int, help="generated corpora (default: 1000 10000)")
    main(parser.parse_args().counts or [1000, 10000])
