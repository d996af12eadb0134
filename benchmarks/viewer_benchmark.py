#!/usr/bin/env python3
"""Benchmark: the HTML viewer for Her and for generated corpora.

    .venv/bin/python benchmarks/viewer_benchmark.py [N ...] [--overview N ...]
                                              (default: 100 1000 --overview 10000)

N films are drawn whole; an overview of N films keeps only films, genres and themes
(`viz --kinds film,genre,theme`). For each graph: the time to project the RDF and write the page, the page's size, and
the time from navigation until the graph is drawn and answers input (the page's own
performance clock at its first drawing, then a search round trip) in Debian's
headless chromium, offline. Medians of RUNS page loads.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from filmgraph.builder import build
from filmgraph.network import project_files
from filmgraph.rdfio import serialize
from filmgraph.synthetic import write_corpus
from filmgraph.viewer import render_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS  # noqa: E402  (the flags the browser tests use)

RUNS = 3
OVERVIEW_KINDS = ("film", "genre", "theme")


def page_for(data: Path, out: Path, kinds: tuple[str, ...] = ()) -> tuple[float, int, int]:
    start = time.perf_counter()
    graph = project_files([data], kinds or None)
    out.write_bytes(render_html(graph))
    return time.perf_counter() - start, graph.number_of_nodes(), graph.number_of_edges()


def interactive_seconds(browser, page_file: Path) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.filmgraphReady === true", timeout=120_000)
    drawn = page.evaluate("window.filmgraphReadyAt")
    # Then one interaction: find a node and show its details.
    label = page.evaluate("JSON.parse(document.getElementById('filmgraph-data').textContent).nodes[0].label")
    t0 = page.evaluate("performance.now()")
    page.fill("#search", label)
    page.press("#search", "Enter")
    page.locator("#details h2").wait_for()
    answered = page.evaluate("performance.now()") - t0
    context.close()
    return (drawn + answered) / 1000


def main(counts: list[int], overviews: list[int]) -> None:
    print(f"{'graph':<24} {'nodes':>7} {'edges':>7} {'build s':>8} {'HTML MiB':>9} {'interactive s':>14}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        corpora: dict[int, Path] = {}
        for count in sorted(set(counts) | set(overviews)):
            write_corpus(Path(tmp) / f"docs{count}", count)
            corpora[count] = Path(tmp) / f"corpus{count}.trig"
            corpora[count].write_bytes(serialize(build([Path(tmp) / f"docs{count}"]).quads, "trig"))
        graphs = [("Her", ROOT / "data" / "her.ttl", ())]
        graphs += [(f"{count:,} films", corpora[count], ()) for count in counts]
        graphs += [(f"{count:,} films, overview", corpora[count], OVERVIEW_KINDS) for count in overviews]
        for name, data, kinds in graphs:
            out = Path(tmp) / "page.html"
            seconds, nodes, edges = page_for(data, out, kinds)
            ready = statistics.median(interactive_seconds(browser, out) for _ in range(RUNS))
            size = out.stat().st_size / 2**20
            print(f"{name:<24} {nodes:>7,} {edges:>7,} {seconds:>8.2f} {size:>9.1f} {ready:>14.2f}", flush=True)
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time the HTML viewer.")
    parser.add_argument("counts", nargs="*", type=int, help="corpora drawn whole (default: 100 1000)")
    parser.add_argument("--overview", nargs="*", type=int, default=None,
                        help="corpora drawn as films, genres and themes (default: 10000)")
    args = parser.parse_args()
    given = bool(args.counts) or args.overview is not None
    main(args.counts if given else [100, 1000], args.overview if args.overview is not None else ([] if given else [10000]))
