"""The endpoint's worker processes: each answers HTTP and runs queries in threads of its own.

Oxigraph cannot stop a query once it runs, so a query is evaluated in a thread of the
process that received it (Oxigraph releases the GIL), and when one runs past the time
limit its request gets 503 and its process retires: it stops taking connections,
answers what it holds (its other queries get RETIRING_GRACE to finish), and ends within
RETIRING_END seconds, runaway query and all. The supervisor forks a
fresh process from the data it loaded once (the memory is shared until written), so no
HTTP request, query or result crosses a process boundary.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import threading
import time
import traceback
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
    cannot be stopped, so the process must end for the query to end. From then on the
    process is retiring: a new query, or one waiting for a thread, gets WorkersBusy at
    once; a query already running gets RETIRING_GRACE seconds to finish, then
    WorkersBusy, and ``retire`` ends the process soon after (see end_soon).
    """

    def __init__(self, store: QueryStore, timeout: float, queue_timeout: float,
                 retire: Callable[[], None]) -> None:
        self.store, self.timeout, self.queue_timeout, self.retire = store, timeout, queue_timeout, retire
        self.retiring = False
        self._executor: ThreadPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None
        self._retired: asyncio.Future[None] | None = None  # done once a query ran past the time limit
        self._ended = False  # RETIRING_GRACE seconds later
        self._running: set[asyncio.Future[Answer]] = set()  # the replies awaited
        self._stopped: set[asyncio.Future[Answer]] = set()  # those no longer awaited (time limit, retirement)

    async def run(self, query: str, accept: list[str], max_rows: int | None, base_iri: str | None = None) -> Answer:
        if self._executor is None or self._slots is None:  # made in the serving process, not before its fork
            loop = asyncio.get_running_loop()
            self._executor = ThreadPoolExecutor(QUERIES_PER_PROCESS, "filmgraph-query")
            self._slots = asyncio.Semaphore(QUERIES_PER_PROCESS)
            self._retired = loop.create_future()
        assert self._retired is not None
        if self.retiring:
            raise WorkersBusy()
        if self._slots.locked():  # wait for a thread, within bounds (a task of its own: only then)
            acquiring = asyncio.ensure_future(self._slots.acquire())
            await asyncio.wait((acquiring, self._retired), timeout=self.queue_timeout,
                               return_when=asyncio.FIRST_COMPLETED)
            if not acquiring.done():
                acquiring.cancel()
                raise WorkersBusy()
            if self.retiring:
                self._slots.release()
                raise WorkersBusy()
        else:
            await self._slots.acquire()
        release = True
        waiter = asyncio.wrap_future(self._executor.submit(answer, self.store, query, accept, max_rows, base_iri))
        timer = asyncio.get_running_loop().call_later(self.timeout, self._stop, waiter)
        self._running.add(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter not in self._stopped:
                raise  # the request itself was cancelled
            # the time limit, or the end of a retiring process: the query's thread runs on until the
            # process ends, and is not free for another query meanwhile
            release = False
            if self._ended:
                raise WorkersBusy() from None
            self._start_retiring()
            raise WorkerTimeout() from None
        except Exception as exc:  # the reply must come, whatever the query did
            return Answer(500, "text/plain", f"query failed: {type(exc).__name__}\n".encode())
        finally:
            timer.cancel()
            self._running.discard(waiter)
            self._stopped.discard(waiter)
            if release:
                self._slots.release()

    def _start_retiring(self) -> None:
        if self.retiring:
            return
        self.retiring = True
        assert self._retired is not None
        self._retired.set_result(None)
        asyncio.get_running_loop().call_later(RETIRING_GRACE, self._end)
        self.retire()

    def _end(self) -> None:
        """The grace is over: the queries still running get WorkersBusy."""
        self._ended = True
        for waiter in list(self._running):
            self._stop(waiter)

    def _stop(self, waiter: asyncio.Future[Answer]) -> None:
        """Stop waiting for a query's reply (its thread goes on)."""
        if not waiter.done():
            self._stopped.add(waiter)
            waiter.cancel()


#: Seconds a retiring process gives the other queries it runs before they get 503 (busy).
RETIRING_GRACE = 0.5
#: Seconds after it retires by which a process has ended, whatever it still holds.
RETIRING_END = RETIRING_GRACE + 0.5


def end_soon(after: float = RETIRING_END) -> None:
    """End this process ``after`` seconds from now, however it is doing (its runaway query with it).

    A retiring process normally ends sooner, once it has answered what it held; this is
    the bound: a client that does not read its response holds up no process.
    """
    def end() -> None:
        time.sleep(after)
        _flush()
        os._exit(0)

    threading.Thread(target=end, name="filmgraph-end", daemon=True).start()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def supervise(count: int, child: Callable[[Callable[[], None]], None]) -> None:
    """Keep ``count`` forked processes running ``child(retire)`` until SIGINT or SIGTERM.

    A child that calls ``retire`` is replaced at once (it goes on to end by itself); one
    that ends without retiring is replaced too, unless it ended at its start three times
    running (FilmgraphError then). A child's process ends when ``child`` returns; one that
    raises prints its traceback to stderr and ends with status 1.
    """
    children: dict[int, _Child] = {}
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
                for fd in (readable, alive_write, *(c.pipe for c in children.values() if c.pipe is not None)):
                    os.close(fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                threading.Thread(target=_end_with, args=(alive,), name="filmgraph-supervisor", daemon=True).start()
                child(lambda: _say_retiring(writable))
                code = 0
            except BaseException:  # noqa: B036 -- whatever ends the child, say why before os._exit
                with contextlib.suppress(BaseException):
                    traceback.print_exc()
            finally:
                _flush()
                os._exit(code)
        os.close(writable)
        children[pid] = _Child(readable, time.monotonic())

    def ended(pid: int) -> None:
        """A child ended without retiring: replaced, unless children keep ending as they start."""
        nonlocal failed_at_start
        failed_at_start = failed_at_start + 1 if time.monotonic() - children[pid].started < 5 else 0
        del children[pid]
        if failed_at_start >= 3:
            raise FilmgraphError("the endpoint's worker processes end as they start (their errors are above)")
        fork()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for _ in range(count):
            fork()
        while not stopping:
            pipes = [c.pipe for c in children.values() if c.pipe is not None]
            ready, _, _ = select.select(pipes, [], [], 0.2)
            for c in list(children.values()):
                if c.pipe is None or c.pipe not in ready or stopping:
                    continue
                said = _read(c.pipe)
                if said is None:  # not yet: select was woken for nothing
                    continue
                os.close(c.pipe)
                c.pipe = None
                if said:  # it retires: replaced now, while it answers what it holds
                    c.retired = True
                    fork()
                # EOF: it ended (or is ending) without retiring; its reaping replaces it
            while not stopping and (pid := _reaped()):
                if pid not in children:
                    continue
                c = children[pid]
                if c.retired:  # replaced already
                    del children[pid]
                    continue
                if c.pipe is not None:
                    os.close(c.pipe)
                    c.pipe = None
                ended(pid)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _end(list(children))
        for c in children.values():
            if c.pipe is not None:
                os.close(c.pipe)
        os.close(alive)
        os.close(alive_write)


@dataclass
class _Child:
    """A worker process as the supervisor sees it."""

    pipe: int | None  # its retire pipe, until it says it retires or it ends
    started: float
    retired: bool = False


def _read(pipe: int) -> bytes | None:
    """The byte a child wrote on its retire pipe, b"" at EOF (it ended), None when there is nothing yet."""
    try:
        return os.read(pipe, 1)
    except BlockingIOError:
        return None
    except OSError:
        return b""


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
