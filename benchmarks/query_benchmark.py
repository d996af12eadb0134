#!/usr/bin/env python3
"""Benchmark: every named query over generated corpora, Oxigraph (filmgraph's engine)
against rdflib's in-memory engine, measured in the same run.

    .venv/bin/python benchmarks/query_benchmark.py [N ...] [--only NAME,...] [--no-rdflib]
                                                       (default: 1000 10000, every query)

A column "direct ms" runs the same query text (its parameters bound as filmgraph binds
them) straight on pyoxigraph, on the same store filmgraph picks for it, reading every row,
in a thread that is not the one that loaded the data and with no hand-off: filmgraph's
overhead is "filmgraph / direct" (safety checks, bindings, the hand-off to its query
thread, rows made Python values).

Queries with a parameter get it bound to one film (or that film's first motif reading)
as a researcher would; the others run over the whole corpus. The table gives the
median latency of RUNS runs per engine and their ratio. Both engines evaluate in
filmgraph's query worker thread (see filmgraph.query.in_worker for why).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # rdflib's engine, kept for comparison
from rdflib_engine import load_rdflib, run_query_rdflib  # noqa: E402

import pyoxigraph as ox  # noqa: E402

from filmgraph.builder import build
from filmgraph.bindings import bind_values, typed_bindings
from filmgraph.catalog import named_queries, resolve_query
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.store import load_store
from filmgraph.synthetic import write_corpus
from filmgraph.threads import in_worker

RUNS_OXIGRAPH = 7
RUNS_RDFLIB = 3


def bindings_for(store) -> dict[str, dict[str, str]]:
    film = next(iter(store.query("SELECT ?f WHERE { ?f a <https://schema.org/Movie> } ORDER BY ?f LIMIT 1")))[0].value
    reading = next(iter(store.query(
        f"SELECT ?r ?m WHERE {{ <{film}> <https://w3id.org/filmgraph/hasMotifReading> ?r . "
        "?r <https://w3id.org/filmgraph/motif> ?m } ORDER BY ?r LIMIT 1")))
    return {"film": {"film": film}, "motif": {"motif": reading[1].value}, "node": {"node": reading[0].value},
            "kind": {"kind": "theme"}}


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def direct_ms(store, name: str, params: dict[str, str], runs: int) -> float:
    """The query straight on pyoxigraph, timed inside a query thread (no hand-off in the timing)."""
    text = bind_values(resolve_query(name)[1], typed_bindings(resolve_query(name)[1], params))
    target = store.store_for(text)

    def once() -> None:
        answer = target.query(text)
        if isinstance(answer, ox.QuerySolutions):
            for solution in answer:
                tuple(solution)
        elif isinstance(answer, ox.QueryTriples):
            list(answer)

    return in_worker(lambda: median_ms(once, runs))


def main(counts: list[int], only: set[str] | None = None, rdflib: bool = True, corpus: str | None = None) -> None:
    print(f"{'films':>6} {'query':<16} {'oxigraph ms':>12} {'direct ms':>10} {'fg/direct':>9} "
          f"{'rdflib ms':>12} {'ratio':>8}")
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            if corpus:
                data = Path(corpus)
            else:
                write_corpus(Path(tmp) / "docs", count)
                data = Path(tmp) / "corpus.trig"
                data.write_bytes(serialize(build([Path(tmp) / "docs"]).quads, "trig"))
            store = load_store([data])
            dataset = load_rdflib([data]) if rdflib else None
            # rdflib's millions of Python objects would otherwise be walked by every
            # garbage collection during the timings of both engines.
            gc.collect()
            gc.freeze()
            binds = bindings_for(store)
            for name, query in named_queries().items():
                if only and name not in only:
                    continue
                params = {}
                for param in query.params:
                    params.update(binds.get(param.split()[0], {}))
                run_query(store, name, params, timeout=None)  # warm up
                ours = median_ms(lambda: run_query(store, name, params, timeout=None), RUNS_OXIGRAPH)
                direct = direct_ms(store, name, params, RUNS_OXIGRAPH)
                line = f"{count:>6,} {name:<16} {ours:>12.2f} {direct:>10.2f} {ours / direct:>8.2f}x"
                if dataset is not None:
                    theirs = median_ms(lambda: in_worker(lambda: run_query_rdflib(dataset, name, params)),
                                       RUNS_RDFLIB)
                    line += f" {theirs:>12.1f} {theirs / ours:>7.0f}x"
                print(line, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000], metavar="N")
    parser.add_argument("--only", type=lambda text: set(text.split(",")), help="comma-separated query names")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="leave rdflib's engine out")
    parser.add_argument("--corpus", help="a corpus already built (TriG) instead of generating N films")
    args = parser.parse_args()
    main(args.counts, args.only, args.rdflib, args.corpus)
