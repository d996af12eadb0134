"""Query worker threads: a query is evaluated in a daemon thread of its own, reused once idle."""

from __future__ import annotations

import os
import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any

from .errors import QueryError


class _Worker(threading.Thread):
    """A daemon thread that runs jobs one after another and then waits, idle, for more."""

    def __init__(self, idle: queue.SimpleQueue[_Worker]) -> None:
        super().__init__(name="filmgraph-query", daemon=True)
        self.jobs: queue.SimpleQueue[tuple[Callable[[], Any], queue.SimpleQueue[Any]]] = queue.SimpleQueue()
        self.idle = idle

    def run(self) -> None:
        while True:
            job, reply = self.jobs.get()
            try:
                outcome = ("ok", job())
            except BaseException as exc:  # handed to the caller
                traceback.clear_frames(exc.__traceback__)  # Oxigraph's objects die in this thread
                outcome = ("error", exc)
            self.idle.put(self)  # idle before the reply, so that the caller's next job finds it
            reply.put(outcome)
            del job, reply, outcome  # hold nothing of a finished job (an open store, say)


_IDLE_WORKERS: queue.SimpleQueue[_Worker] = queue.SimpleQueue()


def _forget_workers() -> None:
    """In a forked child: the parent's workers are not there, so start afresh."""
    global _IDLE_WORKERS
    _IDLE_WORKERS = queue.SimpleQueue()


os.register_at_fork(after_in_child=_forget_workers)


def in_worker(job: Callable[[], Any], timeout: float | None = None) -> Any:
    """job() run in a query worker thread; QueryError when it takes longer than timeout.

    Workers are daemon threads, reused once idle: a job that outlives its timeout
    runs on in its worker (nothing can stop Oxigraph midway), and the next job gets
    another worker; the command line exits without waiting for it. Evaluating in a
    worker is also a matter of speed: Oxigraph allocates for every joined row, and is
    1.3 to 1.7 times slower in the malloc arena of the thread that loaded the data
    (measured at 10,000 films; see benchmarks/query_benchmark.py) than in a worker's own.
    """
    try:
        worker = _IDLE_WORKERS.get_nowait()
    except queue.Empty:
        worker = _Worker(_IDLE_WORKERS)
        worker.start()
    reply: queue.SimpleQueue[Any] = queue.SimpleQueue()
    worker.jobs.put((job, reply))
    try:
        status, payload = reply.get(timeout=timeout)
    except queue.Empty:
        raise QueryError(f"query stopped after the time limit of {timeout:g} s") from None
    if status == "error":
        raise payload
    return payload
