"""A query reads only the data it was given: refused constructs fetch and open nothing,
updates are refused, and a runaway query is stopped by the time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import weakref

import pytest
from conftest import HER_TTL
from rdflib_engine import load_rdflib, run_query_rdflib

from filmgraph.errors import QueryError
from filmgraph.query import run_query
from filmgraph.store import load_store
from filmgraph.threads import in_worker

OPENED: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], str) and "filmgraph-secret" in args[0]:
        OPENED.append(args[0])


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("files") / "filmgraph-secret.ttl"
    path.write_text("<http://x/s> <http://x/p> <http://x/o> .\n")
    return path


def refused_queries(url: str, secret_path) -> dict[str, str]:
    return {
        "service": f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service silent": f"select * where {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        "from http": f"SELECT * FROM <{url}/data.ttl> {{ ?s ?p ?o }}",
        "from named http": f"SELECT * FROM NAMED <{url}/data.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "from file": f"SELECT * FROM <file://{secret_path}> {{ ?s ?p ?o }}",
        "from prefixed name": f"PREFIX x: <{url}/> SELECT * FROM x:data.ttl {{ ?s ?p ?o }}",
        "load": f"LOAD <{url}/data.ttl>",
        "load file": f"LOAD <file://{secret_path}> INTO GRAPH <http://x/g>",
        "insert": "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }",
        "delete": "DELETE WHERE { ?s ?p ?o }",
        "clear": "CLEAR ALL",
        # An escaped quote in a prefixed name must not open a string that hides what follows.
        "service after an escaped quote": ("PREFIX ex: <http://x/> SELECT * WHERE { BIND(ex:a\\' AS ?z) "
                                           f"SERVICE <{url}/sparql> {{ ?s ?p ?o }} FILTER(?o != \"x'\") }}"),
        "from after an escaped quote": (f"PREFIX ex: <http://x/> DESCRIBE ex:a\\' FROM <{url}/data.ttl> "
                                        "WHERE { ?s ?p \"x'\" }"),
        "service after an escaped hash": (f"PREFIX ex: <http://x/> SELECT * WHERE {{ ?s ex:a\\# ?o . "
                                          f"SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"),
    }


KINDS = ["service", "service silent", "from http", "from named http", "from file", "from prefixed name",
         "load", "load file", "insert", "delete", "clear", "service after an escaped quote",
         "from after an escaped quote", "service after an escaped hash"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_refused_and_nothing_fetched_or_opened(probe_server, secret, kind, engine):
    url, hits = probe_server
    query = refused_queries(url, secret)[kind]
    before = len(hits)
    opened = len(OPENED)
    with pytest.raises(QueryError) as info:
        if engine == "oxigraph":
            run_query(load_store([HER_TTL]), query, timeout=None)
        else:
            run_query_rdflib(load_rdflib([HER_TTL]), query)
    assert "refused" in str(info.value)
    time.sleep(0.05)
    assert len(hits) == before, hits
    assert len(OPENED) == opened, OPENED


def test_the_server_and_file_would_be_seen(probe_server, secret):
    """The checks above can fail: a real request and a real open are recorded."""
    import urllib.request
    url, hits = probe_server
    before = len(hits)
    urllib.request.urlopen(f"{url}/probe").read()
    assert len(hits) == before + 1
    opened = len(OPENED)
    secret.read_text()
    assert len(OPENED) == opened + 1


def test_updates_are_refused_by_the_command(invoke):
    result = invoke("query", "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }", "-d", HER_TTL)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: INSERT is refused: filmgraph runs read-only queries, not updates"


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service <https://schema.org/name> "LOAD <http://x/> SERVICE" }',
    "PREFIX load: <http://x/> SELECT * WHERE { ?s load:insert ?o } # SERVICE <http://x/>",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o < 5 && ?o > 1) }",
])
def test_words_in_strings_names_and_comments_are_not_refused(query):
    run_query(load_store([HER_TTL]), query, timeout=None)


def test_from_a_graph_of_the_data_is_allowed(corpus_file):
    query = ("SELECT DISTINCT ?film FROM <https://w3id.org/filmgraph/id/document/quiet_orbit> "
             "WHERE { ?film a <https://schema.org/Movie> }")
    result = run_query(load_store([corpus_file]), query, timeout=None)
    assert [r[0].value for r in result.rows] == ["https://w3id.org/filmgraph/id/film/quiet-orbit-2021"]


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_time_limit_stops_a_runaway_query():
    """Run in a process of its own: when the limit fires, the process ends and so does the query."""
    script = ("import sys; from filmgraph.query import run_query; from filmgraph.store import load_store\n"
              "from filmgraph.errors import QueryError\n"
              f"store = load_store([{str(HER_TTL)!r}])\n"
              "try:\n"
              f"    run_query(store, {RUNAWAY!r}, timeout=0.5)\n"
              "except QueryError as exc:\n"
              "    print(exc); sys.exit(3)\n")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.strip() == "query stopped after the time limit of 0.5 s"
    assert time.monotonic() - start < 30


def test_after_a_runaway_the_next_query_answers_while_it_runs_on():
    script = ("from filmgraph.query import run_query; from filmgraph.store import load_store\n"
              "from filmgraph.errors import QueryError\n"
              f"store = load_store([{str(HER_TTL)!r}])\n"
              "try:\n"
              f"    run_query(store, {RUNAWAY!r}, timeout=0.5)\n"
              "except QueryError as exc:\n"
              "    print(exc)\n"
              "print(run_query(store, 'sanity', timeout=10).boolean)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["query stopped after the time limit of 0.5 s", "True"]


def test_queries_run_off_the_main_thread_in_a_reused_worker_that_keeps_nothing():
    class Data:
        pass

    data = Data()
    kept = weakref.ref(data)
    first = in_worker(lambda: (threading.get_ident(), id(data))[0])  # noqa: F821 -- runs before the del
    del data
    second = in_worker(threading.get_ident)
    assert first == second != threading.get_ident()
    assert kept() is None
    with pytest.raises(ZeroDivisionError):
        in_worker(lambda: 1 / 0)


def test_a_forked_child_runs_queries_in_workers_of_its_own():
    store = load_store([HER_TTL])
    assert run_query(store, "sanity", timeout=10).boolean is True  # the parent has an idle worker now
    pid = os.fork()
    if pid == 0:  # the child: the parent's worker thread did not come along
        try:
            os._exit(0 if run_query(store, "sanity", timeout=10).boolean is True else 1)
        finally:
            os._exit(2)
    deadline = time.monotonic() + 30
    while (waited := os.waitpid(pid, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    if waited == (0, 0):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert waited[0] == pid and os.waitstatus_to_exitcode(waited[1]) == 0


def test_time_limit_from_the_command():
    proc = subprocess.run([sys.executable, "-m", "filmgraph.cli", "query", RUNAWAY, "-d", str(HER_TTL),
                           "--timeout", "0.5"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: query stopped after the time limit of 0.5 s"


def test_a_query_within_the_limit_answers():
    assert run_query(load_store([HER_TTL]), "sanity", timeout=10).boolean is True
