#!/usr/bin/env python3
"""Benchmark: the HTML viewer for Her and for generated corpora.

    .venv/bin/python benchmarks/viewer_benchmark.py [N ...]      (default: 100 1000)

For each graph: the time to project the RDF and write the page, the page's size, and
the time from navigation until the graph is drawn and answers input (the page's own
performance clock at its first drawing, then a search round trip) in Debian's
headless chromium, offline. Medians of RUNS page loads.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from filmgraph.build import build
from filmgraph.network import project_files
from filmgraph.rdfio import serialize
from filmgraph.synthetic import write_corpus
from filmgraph.viewer import render_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS  # noqa: E402  (the flags the browser tests use)
RUNS = 3


def page_for(data: Path, out: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    graph = project_files([data])
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


def main(counts: list[int]) -> None:
    print(f"{'graph':<12} {'nodes':>7} {'edges':>7} {'build s':>8} {'HTML MiB':>9} {'interactive s':>14}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        graphs = [("Her", ROOT / "data" / "her.ttl")]
        for count in counts:
            write_corpus(Path(tmp) / f"docs{count}", count)
            data = Path(tmp) / f"corpus{count}.trig"
            data.write_bytes(serialize(build([Path(tmp) / f"docs{count}"]).quads, "trig"))
            graphs.append((f"{count:,} films", data))
        for name, data in graphs:
            out = Path(tmp) / "page.html"
            seconds, nodes, edges = page_for(data, out)
            ready = statistics.median(interactive_seconds(browser, out) for _ in range(RUNS))
            size = out.stat().st_size / 2**20
            print(f"{name:<12} {nodes:>7,} {edges:>7,} {seconds:>8.2f} {size:>9.1f} {ready:>14.2f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
