"""A bounded load on a SPARQL endpoint: concurrent clients sending bundled queries for a while."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from dataclasses import dataclass, field

import httpx

from filmgraph.catalog import named_queries

ACCEPTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]


@dataclass
class LoadReport:
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> str:
        return (f"{len(self.latencies)} requests, {len(self.errors)} errors, "
                f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
                f"mean {statistics.mean(self.latencies) * 1000:.1f} ms")


def mixed_requests() -> list[tuple[str, str]]:
    """(query, Accept) pairs: every bundled query, results in every format, graphs as Turtle."""
    pairs = []
    for i, query in enumerate(named_queries().values()):
        pairs.append((query.text, "text/turtle" if "CONSTRUCT {" in query.text else ACCEPTS[i % len(ACCEPTS)]))
    return pairs


async def _client(base: str, number: int, until: float, report: LoadReport) -> None:
    requests = mixed_requests()
    async with httpx.AsyncClient(timeout=60) as client:
        i = number
        while time.monotonic() < until:
            query, accept = requests[i % len(requests)]
            i += 1
            started = time.monotonic()
            try:
                if i % 2:
                    response = await client.post(base + "/sparql", data={"query": query}, headers={"Accept": accept})
                else:
                    response = await client.get(base + "/sparql", params={"query": query}, headers={"Accept": accept})
                if response.status_code != 200:
                    report.errors.append(f"{response.status_code}: {response.text[:200]}")
            except httpx.HTTPError as exc:
                report.errors.append(f"{type(exc).__name__}: {exc}")
            report.latencies.append(time.monotonic() - started)


def run_load(base: str, clients: int = 50, seconds: float = 20.0) -> LoadReport:
    report = LoadReport()
    until = time.monotonic() + seconds

    async def main() -> None:
        await asyncio.gather(*(_client(base, n, until, report) for n in range(clients)))

    # A thread of its own: Playwright's sync API may hold an event loop in this one.
    worker = threading.Thread(target=asyncio.run, args=(main(),), name="load")
    worker.start()
    worker.join()
    return report
