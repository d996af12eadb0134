#!/usr/bin/env python3
"""Benchmark: the HTML viewer for Her and for generated corpora, before and after.

    .venv/bin/python benchmarks/viewer_benchmark.py [N ...] [--before REV]
                                              (default: 1000 10000, before 6ba1e94)

For each graph, the concept view (`viz`'s default now) and, in the same run, the page the
revision REV wrote by default (its whole projection, drawn by its own viewer; unpacked
with `git archive`, the repository is left alone): the time to project the RDF and write
the page, the page's size, and the time from navigation until the graph is drawn and
answers input (the page's own performance clock at its first drawing, then a search
round trip) in Debian's headless chromium, offline. Medians of RUNS page loads.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

import filmgraph
import filmgraph.viewer
from filmgraph.builder import BuildOptions, build
from filmgraph.rdfio import serialize
from filmgraph.synthetic import write_corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_ARGS  # noqa: E402  (the flags the browser tests use)

RUNS = 3
#: A page not interactive by then is reported as such.
TIMEOUT_S = 120
BEFORE = "6ba1e94"
_OLD_PAGE = """
import sys, time
sys.path.insert(0, sys.argv[1])
from filmgraph.network import project_files
from filmgraph.viewer import render_html
start = time.perf_counter()
graph = project_files([sys.argv[2]])
open(sys.argv[3], "wb").write(render_html(graph))
print(time.perf_counter() - start, graph.number_of_nodes(), graph.number_of_edges())
"""


def unpack(revision: str, folder: Path) -> Path:
    """The source tree of a revision, from git archive (the work tree is left as it is)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src", "ontology", "queries"], check=True,
                             capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def page_now(data: Path, out: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    graph = filmgraph.load([data]).to_networkx()
    out.write_bytes(filmgraph.viewer.render_html(graph))
    return time.perf_counter() - start, graph.number_of_nodes(), graph.number_of_edges()


def page_before(source: Path, data: Path, out: Path) -> tuple[float, int, int]:
    done = subprocess.run([sys.executable, "-c", _OLD_PAGE, str(source), str(data), str(out)], check=True,
                          capture_output=True, text=True)
    seconds, nodes, edges = done.stdout.split()
    return float(seconds), int(nodes), int(edges)


def interactive_seconds(browser, page_file: Path) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    try:
        page.goto(page_file.as_uri(), timeout=TIMEOUT_S * 1000)
        page.wait_for_function("() => window.filmgraphReady === true", timeout=TIMEOUT_S * 1000)
    except PlaywrightTimeout:
        context.close()
        raise
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


def main(counts: list[int], before: str) -> None:
    print(f"{'graph':<14} {'page':<24} {'nodes':>7} {'edges':>7} {'build s':>8} {'HTML MiB':>9} {'interactive s':>14}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        old = unpack(before, Path(tmp) / "before")
        corpora: dict[int, Path] = {}
        for count in sorted(set(counts)):
            write_corpus(Path(tmp) / f"docs{count}", count)
            corpora[count] = Path(tmp) / f"corpus{count}.trig"
            corpora[count].write_bytes(serialize(build([Path(tmp) / f"docs{count}"], BuildOptions(jobs=2)).quads, "trig"))
        graphs = [("Her", ROOT / "data" / "her.ttl")] + [(f"{count:,} films", corpora[count]) for count in counts]
        for name, data in graphs:
            for label, make in ((f"before ({before}, all)", lambda d, o: page_before(old, d, o)),
                                ("concept view", page_now)):
                out = Path(tmp) / "page.html"
                seconds, nodes, edges = make(data, out)
                try:
                    ready = f"{statistics.median(interactive_seconds(browser, out) for _ in range(RUNS)):.2f}"
                except PlaywrightTimeout:
                    ready = f"> {TIMEOUT_S} (none)"
                size = out.stat().st_size / 2**20
                print(f"{name:<14} {label:<24} {nodes:>7,} {edges:>7,} {seconds:>8.2f} {size:>9.1f} {ready:>14}",
                      flush=True)
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time the HTML viewer, before and after.")
    parser.add_argument("counts", nargs="*", type=int, help="generated corpora (default: 1000 10000)")
    parser.add_argument("--before", default=BEFORE, help=f"the revision to compare with (default: {BEFORE})")
    args = parser.parse_args()
    main(args.counts or [1000, 10000], args.before)
