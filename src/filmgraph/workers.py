"""The endpoint's worker processes: each answers HTTP and runs queries in threads of its own.

Oxigraph cannot stop a query once it runs, so a query is evaluated in a thread of the
process that received it (Oxigraph releases the GIL), and when one runs past the time
limit its request gets 503 and its process retires: it stops taking connections,
finishes the requests it holds, and ends, runaway query and all. The supervisor forks a
fresh process from the data it loaded once (the memory is shared until written), so no
HTTP request, query or result crosses a process boundary.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .errors import FilmgraphError, QueryError
from .formats import RESULTS, choose_media, construct_formats, negotiable
from .query import run_query
from .rdfio import serialize as serialize_rdf
from .store import QueryStore

#: What a SELECT or ASK result, and a CONSTRUCT or DESCRIBE result, can be sent as.
RESULT_MEDIA = negotiable(RESULTS)
GRAPH_MEDIA = construct_formats()
#: Queries one process evaluates at once (each in a thread; Oxigraph releases the GIL).
QUERIES_PER_PROCESS = 4


@dataclass
class Answer:
    """A query's reply: an HTTP status, a media type and a body."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def answer(store: QueryStore, text: str, accept: list[str], max_rows: int | None,
           base_iri: str | None = None) -> Answer:
    """Run one query (relative IRIs resolved against base_iri) and write its result in the best acceptable format."""
    try:
        result = run_query(store, text, timeout=None, limit=None if max_rows is None else max_rows + 1,
                           inline=True, base_iri=base_iri)
    except QueryError as exc:
        return Answer(400, "text/plain", f"{exc}\n".encode())
    table = GRAPH_MEDIA if result.kind == "graph" else RESULT_MEDIA
    chosen = choose_media(accept or ["*/*"], table)
    if chosen is None:
        offered = ", ".join(f.media_type for f in table.values())
        return Answer(406, "text/plain", f"this result can be sent as {offered}\n".encode())
    truncated = False
    if max_rows is not None and len(result.rows) > max_rows:
        result.rows, truncated = result.rows[:max_rows], True
    if max_rows is not None and len(result.triples) > max_rows:
        result.triples, truncated = result.triples[:max_rows], True
    if result.kind == "graph":
        quads = [(str(t.subject), str(t.predicate), str(t.object), "") for t in result.triples]
        try:
            body = serialize_rdf(quads, chosen.name)
        except FilmgraphError as exc:  # RDF/XML cannot hold every literal
            return Answer(406, "text/plain", f"{exc}\n".encode())
    else:
        body = result.serialize(chosen.name)
    return Answer(200, chosen.media_type, body, truncated)


class WorkerTimeout(Exception):
    """The query ran past the time limit; its process retires."""


class WorkersBusy(Exception):
    """No query thread came free in time."""


class QueryRunner:
    """Evaluates queries in this process's query threads, at most QUERIES_PER_PROCESS at once.

    A query past ``timeout`` raises WorkerTimeout and calls ``retire``: its thread
    cannot be stopped, so the process must end for the query to end.
    """

    def __init__(self, store: QueryStore, timeout: float, queue_timeout: float,
                 retire: Callable[[], None]) -> None:
        self.store, self.timeout, self.queue_timeout, self.retire = store, timeout, queue_timeout, retire
        self._executor: ThreadPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None

    async def run(self, query: str, accept: list[str], max_rows: int | None, base_iri: str | None = None) -> Answer:
        if self._executor is None or self._slots is None:  # made in the serving process, not before its fork
            self._executor = ThreadPoolExecutor(QUERIES_PER_PROCESS, "filmgraph-query")
            self._slots = asyncio.Semaphore(QUERIES_PER_PROCESS)
        if self._slots.locked():  # wait for a thread, within bounds (a task of its own: only then)
            try:
                await asyncio.wait_for(self._slots.acquire(), self.queue_timeout)
            except asyncio.TimeoutError:
                raise WorkersBusy() from None
        else:
            await self._slots.acquire()
        try:
            job = self._executor.submit(answer, self.store, query, accept, max_rows, base_iri)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(job), self.timeout)
            except asyncio.TimeoutError:
                self.retire()
                raise WorkerTimeout() from None
            except Exception as exc:  # the reply must come, whatever the query did
                return Answer(500, "text/plain", f"query failed: {type(exc).__name__}\n".encode())
        finally:
            self._slots.release()


def supervise(count: int, child: Callable[[Callable[[], None]], None]) -> None:
    """Keep ``count`` forked processes running ``child(retire)`` until SIGINT or SIGTERM.

    A child that calls ``retire`` is replaced at once (it goes on finishing its requests);
    one that ends without retiring is replaced too, unless it ended at its start three
    times running (FilmgraphError then). A child's process ends when ``child`` returns.
    """
    children: dict[int, tuple[int | None, float]] = {}  # pid -> (its retire pipe until it retires, its start)
    stopping: list[int] = []
    failed_at_start = 0
    # only this process holds the write end: a child reads EOF when the supervisor is gone, even killed
    alive, alive_write = os.pipe()

    def stop(signum: int, frame: Any) -> None:
        stopping.append(signum)

    def fork() -> None:
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for fd in (readable, alive_write, *(fd for fd, _ in children.values() if fd is not None)):
                    os.close(fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                threading.Thread(target=_end_with, args=(alive,), name="filmgraph-supervisor", daemon=True).start()
                child(lambda: _say_retiring(writable))
                code = 0
            finally:
                os._exit(code)
        os.close(writable)
        children[pid] = (readable, time.monotonic())

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for _ in range(count):
            fork()
        while not stopping:
            pipes = [fd for fd, _ in children.values() if fd is not None]
            ready, _, _ = select.select(pipes, [], [], 0.2)
            for pid, (fd, started) in list(children.items()):
                if fd in ready and not stopping:
                    os.close(fd)
                    children[pid] = (None, started)
                    fork()
            while not stopping and (pid := _reaped()):
                fd, started = children.pop(pid, (None, 0.0))
                if fd is None:  # retired, and replaced already
                    continue
                os.close(fd)
                failed_at_start = failed_at_start + 1 if time.monotonic() - started < 5 else 0
                if failed_at_start >= 3:
                    raise FilmgraphError("the endpoint's worker processes end as they start")
                fork()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _end(list(children))
        os.close(alive)
        os.close(alive_write)


def _end_with(alive: int) -> None:
    """In a child: SIGTERM to itself (the end of its requests) once the supervisor is gone."""
    while os.read(alive, 1):
        pass
    os.kill(os.getpid(), signal.SIGTERM)


def _say_retiring(pipe: int) -> None:
    """Tell the supervisor (once is enough: it stops reading after the first)."""
    with contextlib.suppress(OSError):
        os.write(pipe, b"x")


def _reaped() -> int:
    """The pid of a child that has ended (0 when none has)."""
    try:
        return os.waitpid(-1, os.WNOHANG)[0]
    except ChildProcessError:
        return 0


def _end(pids: list[int], grace: float = 10.0) -> None:
    """SIGTERM to the children (they finish their requests), SIGKILL to those left after ``grace`` seconds."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    for pid in pids:
        try:
            while not os.waitpid(pid, os.WNOHANG)[0]:
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.05)
        except (ProcessLookupError, ChildProcessError):
            pass
