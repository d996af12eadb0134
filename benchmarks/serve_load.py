#!/usr/bin/env python3
"""Benchmark: `filmgraph serve` under 50 concurrent clients sending mixed bundled queries.

    .venv/bin/python benchmarks/serve_load.py [SECONDS] [DATA ...]   (default: 20 s over data/her.ttl)

Starts the endpoint on a free loopback port, runs the load from tests/load.py, and
prints requests, errors and latency percentiles.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from load import run_load  # noqa: E402


def main(seconds: float, data: list[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "filmgraph.cli", "serve", *data, "--port", str(port)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        report = run_load(base, clients=50, seconds=seconds)
        print(f"{'clients':>7} {'seconds':>7} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7}")
        print(f"{50:>7} {seconds:>7g} {len(report.latencies):>8} {len(report.errors):>6} "
              f"{len(report.latencies) / seconds:>6.0f} {report.percentile(50) * 1000:>7.1f} "
              f"{report.percentile(99) * 1000:>7.1f}")
    finally:
        server.terminate()
        server.wait(15)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 20.0, sys.argv[2:] or [str(ROOT / "data" / "her.ttl")])
