#!/usr/bin/env python3
"""Benchmark: every named query over generated corpora, Oxigraph (filmgraph's engine)
against rdflib's in-memory engine, measured in the same run.

    .venv/bin/python benchmarks/query_benchmark.py [N ...] [--only NAME,...] [--no-rdflib]
                                                   [--corpus TRIG ...]  (default: 1000 10000, every query)

"filmgraph ms" is run_query without a time limit, as the endpoint's query threads run it;
"direct ms" runs the same query text (its parameters bound as filmgraph binds them) straight
on pyoxigraph, on the same store filmgraph picks for it, its rows kept in a list as tuples
of terms (the values filmgraph's result holds: keeping them costs Oxigraph 5-10% on a large
result, and making each a tuple some 17 µs a row of five). Both are timed in
turn, run after run, in one thread that is not the one that loaded the data (Oxigraph is
slower there): filmgraph's overhead is "fg / direct" (safety checks, bindings, rows made
Python values). "timed ms" is run_query with a time limit, called from the thread that
loaded the data (as `filmgraph query` and a notebook call it): the query is handed to a
worker thread, so that the caller can stop waiting.

Queries with a parameter get it bound to one film (or that film's first motif reading)
as a researcher would; the others run over the whole corpus. The table gives the median
latency of each query's runs (about three seconds of them, 3 to 51; one past 10 s) and the
ratios; rdflib's engine (3 runs) evaluates in filmgraph's query worker thread too.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # rdflib's engine, kept for comparison
import pyoxigraph as ox  # noqa: E402

from filmgraph.bindings import bind_values, typed_bindings
from filmgraph.builder import build
from filmgraph.catalog import named_queries, resolve_query
from filmgraph.query import run_query
from filmgraph.rdfio import serialize
from filmgraph.store import load_store
from filmgraph.synthetic import write_corpus
from filmgraph.threads import in_worker
from rdflib_engine import load_rdflib, run_query_rdflib  # noqa: E402

RUNS_RDFLIB = 3


def bindings_for(store) -> dict[str, dict[str, str]]:
    film = next(iter(store.query("SELECT ?f WHERE { ?f a <https://schema.org/Movie> } ORDER BY ?f LIMIT 1")))[0].value
    reading = next(iter(store.query(
        f"SELECT ?r ?m WHERE {{ <{film}> <https://w3id.org/filmgraph/hasMotifReading> ?r . "
        "?r <https://w3id.org/filmgraph/motif> ?m } ORDER BY ?r LIMIT 1")))
    return {"film": {"film": film}, "motif": {"motif": reading[1].value}, "node": {"node": reading[0].value},
            "kind": {"kind": "theme"}, "subject": {"subject": film}}


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def direct_query(store, name: str, params: dict[str, str]):
    """The query straight on pyoxigraph, its rows in a list of tuples of terms (the values
    filmgraph's result holds): its text bound as filmgraph binds it, on the store filmgraph
    picks for it, and nothing else."""
    text = bind_values(resolve_query(name)[1], typed_bindings(resolve_query(name)[1], params))
    target = store.store_for(text)

    def once() -> object:
        answer = target.query(text)
        if isinstance(answer, ox.QuerySolutions):
            return [tuple(solution) for solution in answer]
        return answer if isinstance(answer, ox.QueryBoolean) else list(answer)

    return once


def paired_ms(ours, direct, runs: int) -> tuple[float, float]:
    """Medians of ``ours()`` and of ``direct()``, timed in turn run after run (a change in the
    machine's load falls on both) in one query thread (not the one that loaded the data)."""
    def both() -> tuple[float, float]:
        mine, theirs = [], []
        for run in range(runs):  # which goes first alternates too
            for fn, times in ((ours, mine), (direct, theirs))[:: 1 if run % 2 else -1]:
                times.append(median_ms(fn, 1))
        return statistics.median(mine), statistics.median(theirs)

    return in_worker(both)


def main(counts: list[int], only: set[str] | None = None, rdflib: bool = True, corpora: list[str] | None = None) -> None:
    print(f"{'films':>6} {'query':<16} {'filmgraph ms':>12} {'direct ms':>10} {'fg/direct':>9} "
          f"{'timed ms':>9} {'rdflib ms':>12} {'ratio':>8}")
    for i, count in enumerate(counts):
        with tempfile.TemporaryDirectory() as tmp:
            if corpora:
                data = Path(corpora[i])
            else:
                write_corpus(Path(tmp) / "docs", count)
                data = Path(tmp) / "corpus.trig"
                data.write_bytes(serialize(build([Path(tmp) / "docs"]).quads, "trig"))
            store = load_store([data])
            store.graphs  # noqa: B018 -- loaded here, in the main thread, not in the first query's thread
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
                # a first run warms up, and its time sets how many runs follow
                first = in_worker(lambda: median_ms(lambda: run_query(store, name, params, timeout=None), 1))
                # about three seconds of runs a query (3 to 51); one, and no timed run, past 10 s
                runs = 1 if first > 10_000 else max(3, min(51, int(3000 / max(first, 0.01))))
                ours, direct = paired_ms(lambda: run_query(store, name, params, timeout=None),
                                         direct_query(store, name, params), runs)
                timed = median_ms(lambda: run_query(store, name, params, timeout=60), runs) if first <= 10_000 \
                    else float("nan")
                line = f"{count:>6,} {name:<16} {ours:>12.3f} {direct:>10.3f} {ours / direct:>8.2f}x {timed:>9.3f}"
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
    parser.add_argument("--corpus", action="append", help="a corpus already built (TriG) instead of generating N "
                        "films (once for each N, in their order)")
    args = parser.parse_args()
    if args.corpus and len(args.corpus) != len(args.counts):
        parser.error("give --corpus once for each N")
    main(args.counts, args.only, args.rdflib, args.corpus)
