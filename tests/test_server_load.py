"""A bounded load test on loopback: 50 concurrent clients for 20 s of mixed bundled queries, no errors.

Latency figures come from benchmarks/serve_load.py; this test asserts only that every
request was answered correctly.
"""

from __future__ import annotations

from load import run_load


def test_fifty_clients_for_twenty_seconds_without_an_error(her_endpoint):
    report = run_load(her_endpoint, clients=50, seconds=20)
    assert report.errors == []
    assert len(report.latencies) >= 500  # every client got answers throughout
