"""A pool of worker processes that answer SPARQL over the data; a query over its time is killed.

Oxigraph cannot stop a query once it runs, so the endpoint runs each query in a
worker process (started with spawn: no inherited threads or open stores) and ends
the process when the time limit passes, then starts a fresh one.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .errors import FilmgraphError, QueryError
from .formats import RESULTS, choose_media, construct_formats, negotiable
from .query import run_query
from .rdfio import serialize as serialize_rdf
from .store import QueryStore, load_store, open_store
from .threads import evaluate_here

#: What a SELECT or ASK result, and a CONSTRUCT or DESCRIBE result, can be sent as.
RESULT_MEDIA = negotiable(RESULTS)
GRAPH_MEDIA = construct_formats()


@dataclass
class Answer:
    """A worker's reply: an HTTP status, a media type and a body."""

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


def _worker_main(conn: Connection, paths: list[str], store_dir: str | None, links: bool = True) -> None:
    """A worker process: load the data, say so, then answer queries until told to stop.

    The data is loaded in the main thread and queries answered in another, each in that
    thread directly: Oxigraph is faster in a thread's own malloc arena than in the one
    that loaded the data (see threads.in_worker), and a thread hop per query costs time.
    """
    store = open_store(store_dir) if store_dir else load_store(paths, links=links)
    store.graphs  # noqa: B018 -- load the per-document graphs now, not during a client's query
    serving = threading.Thread(target=_serve_queries, args=(conn, store), name="filmgraph-query")
    serving.start()
    serving.join()


def _serve_queries(conn: Connection, store: QueryStore) -> None:
    evaluate_here()
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            reply = answer(store, request["query"], request["accept"], request["max_rows"], request["base"])
        except Exception as exc:  # the reply must come, whatever the query did
            reply = Answer(500, "text/plain", f"query failed: {type(exc).__name__}\n".encode())
        conn.send(reply)


async def _readable(conn: Connection, timeout: float) -> bool:
    """Whether the worker's end of the pipe has a reply within timeout, waited for by the event
    loop itself (no thread per wait): False when the time is up."""
    if conn.poll():
        return True
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    fd = conn.fileno()
    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except asyncio.TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class Worker:
    def __init__(self, context: Any, paths: list[str], store_dir: str | None, links: bool = True) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, paths, store_dir, links), daemon=True,
                                       name="filmgraph-query-worker")
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerTimeout(Exception):
    """The query ran past the time limit; its worker was ended."""


class WorkersBusy(Exception):
    """No worker came free in time."""


class QueryWorkers:
    """``size`` worker processes holding the data; ``run`` hands a query to a free one."""

    def __init__(self, paths: list[str], store_dir: str | None, size: int, timeout: float,
                 queue_timeout: float = 30.0, start_timeout: float = 600.0, links: bool = True) -> None:
        self.paths, self.store_dir, self.size, self.links = paths, store_dir, size, links
        self.timeout, self.queue_timeout, self.start_timeout = timeout, queue_timeout, start_timeout
        self._context = mp.get_context("spawn")
        self._executor = ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="filmgraph-wait")
        self._idle: asyncio.Queue[Worker] | None = None
        self._all: set[Worker] = set()
        self._replacing: set[asyncio.Task[None]] = set()

    async def _spawn(self) -> Worker:
        worker = Worker(self._context, self.paths, self.store_dir, self.links)
        self._all.add(worker)
        loop = asyncio.get_running_loop()
        if not await loop.run_in_executor(self._executor, worker.conn.poll, self.start_timeout):
            raise RuntimeError("a query worker did not start in time")
        worker.conn.recv()
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for worker in await asyncio.gather(*(self._spawn() for _ in range(self.size))):
            self._idle.put_nowait(worker)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self._all.discard(worker)

        async def fresh() -> None:
            assert self._idle is not None
            self._idle.put_nowait(await self._spawn())

        task = asyncio.get_running_loop().create_task(fresh())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def run(self, query: str, accept: list[str], max_rows: int | None, base_iri: str | None = None) -> Answer:
        assert self._idle is not None, "start() the workers first"
        # Waiting for a worker has a bound of its own, not the query's time limit; while a
        # stopped query's worker is being replaced, the fresh one is waited for.
        wait = max(self.queue_timeout, self.start_timeout) if self._replacing else self.queue_timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=wait)
        except asyncio.TimeoutError:
            raise WorkersBusy() from None
        try:
            worker.conn.send({"query": query, "accept": accept, "max_rows": max_rows, "base": base_iri})
            if not await _readable(worker.conn, self.timeout):
                self._replace(worker)
                raise WorkerTimeout()
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return Answer(500, "text/plain", b"the query worker ended unexpectedly\n")
        self._idle.put_nowait(worker)
        return reply

    async def stop(self) -> None:
        for task in list(self._replacing):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
