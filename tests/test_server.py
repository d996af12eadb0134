"""filmgraph serve: the SPARQL 1.1 Protocol for real clients, refusals, limits and safe defaults.

Every test talks to a real `filmgraph serve` process on loopback.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest
import rdflib
from conftest import HER_TTL, ROOT, free_port
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from test_query_safety import RUNAWAY

from filmgraph.catalog import named_queries
from filmgraph.query import run_query
from filmgraph.server import form_pairs
from filmgraph.store import load_store

HER = "https://w3id.org/filmgraph/id/film/her-2013"
CAST = ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna", "Lisa Renee Pitts", "Gabe Gomez"]
CAST_QUERY = named_queries()["cast"].text
SELECT_NAMES = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"
PERSONS = sorted([*CAST, "Spike Jonze"])


def _wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(her_endpoint):
    data = _wrapper(her_endpoint, CAST_QUERY, JSON).query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == CAST
    assert data["head"]["vars"][:2] == ["film", "title"]


def test_sparqlwrapper_xml(her_endpoint):
    document = _wrapper(her_endpoint, SELECT_NAMES, XML).query().convert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == PERSONS


def test_sparqlwrapper_csv(her_endpoint):
    data = _wrapper(her_endpoint, SELECT_NAMES, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows == [["name"], *[[p] for p in PERSONS]]


def test_sparqlwrapper_construct_as_turtle(her_endpoint):
    client = _wrapper(her_endpoint, named_queries()["film-subgraph"].text.replace(
        "WHERE {", f"WHERE {{ VALUES ?film {{ <{HER}> }}", 1), TURTLE)
    data = client.query().convert()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    local = run_query(load_store([HER_TTL]), "film-subgraph", {"film": HER}, timeout=None)
    assert len(graph) == len(local.triples) > 100
    assert (rdflib.URIRef(HER), rdflib.URIRef("https://schema.org/name"), rdflib.Literal("Her", lang="en")) in graph


@pytest.mark.parametrize("accept, media, fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("text/html;q=0.9, text/csv;q=0.1, application/sparql-results+xml;q=0.5", "application/sparql-results+xml", "xml"),
    ("*/*", "application/sparql-results+json", "json"),
    ("", "application/sparql-results+json", "json"),
])
def test_content_negotiation_for_results(her_endpoint, accept, media, fmt):
    response = httpx.get(her_endpoint + "/sparql", params={"query": SELECT_NAMES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    assert [str(row[0]) for row in result] == PERSONS


@pytest.mark.parametrize("accept, media", [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
                                           ("application/ld+json", "application/ld+json"),
                                           ("application/rdf+xml", "application/rdf+xml")])
def test_content_negotiation_for_graphs(her_endpoint, accept, media):
    query = "CONSTRUCT { ?s <https://schema.org/name> ?n } WHERE { ?s <https://schema.org/name> ?n }"
    response = httpx.get(her_endpoint + "/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[media]
    assert len(rdflib.Graph().parse(data=response.content, format=fmt)) == 8  # film, 6 persons, the software


def test_unacceptable_media_type_is_406(her_endpoint):
    response = httpx.get(her_endpoint + "/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "application/sparql-results+json" in response.text


def test_get_post_form_and_post_direct_agree(her_endpoint):
    headers = {"Accept": "application/sparql-results+json"}
    url = her_endpoint + "/sparql"
    answers = [
        httpx.get(url, params={"query": CAST_QUERY}, headers=headers),
        httpx.post(url, data={"query": CAST_QUERY}, headers=headers),
        httpx.post(url, content=CAST_QUERY.encode(), headers={**headers, "Content-Type": "application/sparql-query"}),
    ]
    assert all(a.status_code == 200 for a in answers)
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_ask(her_endpoint):
    response = httpx.post(her_endpoint + "/sparql", data={"query": named_queries()["sanity"].text},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.json() == {"head": {}, "boolean": True}


def test_service_description(her_endpoint):
    response = httpx.get(her_endpoint + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(her_endpoint + "/sparql")
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    triples = graph.value(graph.value(graph.value(service, sd.defaultDataset), sd.defaultGraph),
                          rdflib.URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == 544


def test_corpus_endpoint_lists_each_document_graph(start_endpoint, corpus_file):
    base = start_endpoint(data=(corpus_file,))
    graph = rdflib.Graph().parse(data=httpx.get(base + "/sparql").text, format="turtle")
    names = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))}
    assert "https://w3id.org/filmgraph/id/document/her" in names and len(names) == 6  # 4 documents, derived, links
    merged = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/filmgraph/id/person/joaquin-phoenix> ?p ?o }"
    per_graph = merged.replace("WHERE {", "WHERE { GRAPH ?g {") + " }"
    counts = [httpx.get(base + "/sparql", params={"query": q}, headers={"Accept": "text/csv"}).text.splitlines()[1]
              for q in (merged, per_graph)]
    assert counts == ["2", "4"]  # type and name, stated by two documents: once in the default graph


def test_query_page_and_viewer_are_served(her_endpoint):
    page = httpx.get(her_endpoint + "/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.text
    assert all(q.title in page.text for q in named_queries().values())
    viewer = httpx.get(her_endpoint + "/viewer")
    assert viewer.status_code == 200 and "<title>Her — filmgraph</title>" in viewer.text


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["service", "from http", "from named http", "from file", "load", "insert", "delete",
                                  "clear"])
def test_refused_constructs_fetch_nothing(her_endpoint, probe_server, tmp_path, kind):
    from test_query_safety import refused_queries

    url, hits = probe_server
    before = len(hits)
    query = refused_queries(url, tmp_path / "filmgraph-secret.ttl")[kind]
    for response in (httpx.get(her_endpoint + "/sparql", params={"query": query}),
                     httpx.post(her_endpoint + "/sparql", data={"query": query})):
        assert response.status_code == 400
        assert "refused" in response.text and "Traceback" not in response.text
    assert len(hits) == before


@pytest.mark.parametrize("how", ["form", "direct", "get"])
def test_updates_are_refused(her_endpoint, how):
    update = "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }"
    url = her_endpoint + "/sparql"
    response = {
        "form": lambda: httpx.post(url, data={"update": update}),
        "direct": lambda: httpx.post(url, content=update, headers={"Content-Type": "application/sparql-update"}),
        "get": lambda: httpx.get(url, params={"update": update}),
    }[how]()
    assert response.status_code == 403 and "read-only" in response.text
    check = httpx.get(url, params={"query": "ASK { <http://x/s> ?p ?o }"}, headers={"Accept": "text/csv"})
    assert check.text.splitlines()[1] == "false"


@contextlib.contextmanager
def _serve(log: Path, *options: str, data=(HER_TTL,)):
    """`filmgraph serve` on a free port, its stderr written to ``log``: (base URL, its process)."""
    port = free_port()
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "filmgraph.cli", "serve", *map(str, data), "--port", str(port),
                                    *options], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _workers(base: str) -> set[int]:
    """The worker processes of the endpoint at ``base`` (those whose parent serves too)."""
    processes = _serving(int(base.rsplit(":", 1)[1]))
    return {pid for pid, parent in processes.items() if parent in processes}


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(condition())


def test_time_limit_fires_and_the_endpoint_goes_on(tmp_path):
    """The runaway's process ends soon after its 503 (and the runaway query with it); a fresh one answers."""
    log = tmp_path / "stderr"
    with _serve(log, "--timeout", "1", "--workers", "1") as (base, _):
        before = _workers(base)
        assert len(before) == 1
        started = time.monotonic()
        response = httpx.post(base + "/sparql", data={"query": RUNAWAY}, timeout=60)
        answered = time.monotonic()
        assert response.status_code == 503 and "time limit of 1 s" in response.text
        assert response.headers["connection"] == "close"
        assert answered - started < 30
        assert _until(lambda: not before & _workers(base), 5), "the process that ran the runaway lives on"
        assert time.monotonic() - answered < 3
        after = httpx.get(base + "/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "text/csv"}, timeout=120)
        assert after.status_code == 200 and len(after.text.splitlines()) == 7
        assert len(_workers(base)) == 1 and not before & _workers(base)
    assert "Traceback" not in log.read_text() and "ERROR" not in log.read_text()


def test_a_retiring_process_answers_what_it_holds_and_takes_nothing_new(tmp_path):
    """A query running beside the runaway gets 503 busy half a second after the runaway's 503, not
    its own time limit; the keep-alive client of the runaway is sent elsewhere (Connection: close)."""
    log = tmp_path / "stderr"
    with _serve(log, "--timeout", "3", "--workers", "1") as (base, _), httpx.Client(base_url=base, timeout=60) as client:
        before = _workers(base)
        replies: dict[str, httpx.Response] = {}

        def beside() -> None:
            time.sleep(1)
            replies["beside"] = httpx.post(base + "/sparql", data={"query": RUNAWAY}, timeout=60)

        thread = threading.Thread(target=beside)
        thread.start()
        runaway = client.post("/sparql", data={"query": RUNAWAY})
        thread.join()
        assert runaway.status_code == 503 and "time limit of 3 s" in runaway.text
        assert replies["beside"].status_code == 503 and replies["beside"].text == "the endpoint is busy; try again\n"
        assert replies["beside"].headers["connection"] == "close"
        quick = client.get("/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "text/csv"})
        assert quick.status_code == 200 and len(quick.text.splitlines()) == 7
        assert _until(lambda: not before & _workers(base), 5)
    assert "Traceback" not in log.read_text()


def test_a_worker_that_fails_as_it_starts_ends_serve_with_its_traceback(tmp_path):
    """Workers that die as they start are not forked again forever: serve says why and exits 1."""
    log, store = tmp_path / "stderr", tmp_path / "store"
    with _serve(log, "--store", str(store), "--workers", "1") as (base, process):
        (store / "filmgraph-files.json").rename(tmp_path / "moved.json")  # a fresh worker cannot open the store
        (worker,) = _workers(base)
        os.kill(worker, signal.SIGKILL)
        assert process.wait(60) == 1
    errors = log.read_text()
    assert errors.count("Traceback (most recent call last)") >= 2
    assert f"FilmgraphError: {store}: no filmgraph store here" in errors
    assert [line for line in errors.splitlines() if line.startswith("error:")] == [errors.splitlines()[-1]]
    assert errors.splitlines()[-1].startswith("error: the endpoint's worker processes end as they start")


def test_a_literal_xml_cannot_hold(start_endpoint, tmp_path):
    """U+0001 in a literal: JSON and Turtle keep it, XML results get U+FFFD, RDF/XML is refused (406)."""
    data = tmp_path / "her.ttl"
    data.write_text(HER_TTL.read_text(encoding="utf-8").replace('"Gabe Gomez"', '"Gabe\\u0001Gomez"'),
                    encoding="utf-8")
    base = start_endpoint("--workers", "1", data=(data,))
    query = {"query": SELECT_NAMES}
    as_json = httpx.get(base + "/sparql", params=query, headers={"Accept": "application/sparql-results+json"})
    assert "Gabe\x01Gomez" in [b["name"]["value"] for b in as_json.json()["results"]["bindings"]]
    as_xml = httpx.get(base + "/sparql", params=query, headers={"Accept": "application/sparql-results+xml"})
    names = [str(row[0]) for row in Result.parse(io.BytesIO(as_xml.content), format="xml")]
    assert "Gabe\ufffdGomez" in names
    construct = {"query": "CONSTRUCT WHERE { ?p <https://schema.org/name> ?name }"}
    as_turtle = httpx.get(base + "/sparql", params=construct, headers={"Accept": "text/turtle"})
    assert as_turtle.status_code == 200
    assert "Gabe\x01Gomez" in {str(o) for o in rdflib.Graph().parse(data=as_turtle.text, format="turtle").objects()}
    as_rdfxml = httpx.get(base + "/sparql", params=construct, headers={"Accept": "application/rdf+xml"})
    assert as_rdfxml.status_code == 406 and "RDF/XML cannot hold the character U+0001" in as_rdfxml.text


def test_row_limit_cuts_and_says_so(start_endpoint):
    base = start_endpoint("--max-rows", "3")
    response = httpx.get(base + "/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and len(response.text.splitlines()) == 4
    assert response.headers["x-filmgraph-truncated"] == "results cut at 3 rows"


@pytest.mark.parametrize("name, request_args, status", [
    ("bad percent-encoding", {"method": "GET", "url": "/sparql?query=%ZZ%E0"}, 400),
    ("two queries", {"method": "GET", "url": "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"}, 400),
    ("empty query", {"method": "GET", "url": "/sparql?query="}, 400),
    ("syntax error", {"method": "GET", "url": "/sparql?query=SELEC%20*"}, 400),
    ("wrong content type", {"method": "POST", "url": "/sparql", "content": b"query=ASK{}",
                            "headers": {"Content-Type": "text/plain"}}, 415),
    ("form without query", {"method": "POST", "url": "/sparql", "data": {"q": "ASK {}"}}, 400),
    ("not utf-8", {"method": "POST", "url": "/sparql", "content": b"ASK { ?s ?p \"\xff\" }",
                   "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ("oversized body", {"method": "POST", "url": "/sparql", "content": b"#" * 200_000 + b"\nASK {}",
                        "headers": {"Content-Type": "application/sparql-query"}}, 413),
    ("oversized form", {"method": "POST", "url": "/sparql", "data": {"query": "#" * 100_000 + "\nASK {}"}}, 413),
    ("a file name, not a query", {"method": "GET", "url": "/sparql?query=" + str(HER_TTL)}, 400),
    ("a bundled name, not a query", {"method": "GET", "url": "/sparql?query=cast"}, 400),
    ("graph parameters", {"method": "GET", "url": "/sparql?query=ASK%7B%7D&default-graph-uri=http://x/"}, 400),
    ("unknown path", {"method": "GET", "url": "/admin"}, 404),
    ("wrong method", {"method": "DELETE", "url": "/sparql"}, 405),
])
def test_malformed_and_oversized_requests_get_a_4xx(her_endpoint, name, request_args, status):
    args = dict(request_args)
    response = httpx.request(args.pop("method"), her_endpoint + args.pop("url"), **args)
    assert response.status_code == status, response.text
    assert len(response.text) < 500 and "Traceback" not in response.text and "File \"" not in response.text


def test_query_size_limit_is_a_setting(start_endpoint):
    base = start_endpoint("--max-query-bytes", "1000")
    query = "#" * 1500 + "\nASK {}"
    for response in (httpx.get(base + "/sparql", params={"query": query}),
                     httpx.post(base + "/sparql", data={"query": query}),
                     httpx.post(base + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code in (413, 414) and "limit of 1000 bytes" in response.text
    assert httpx.get(base + "/sparql", params={"query": "#" * 900 + "\nASK {}"}).status_code == 200


def test_binds_to_loopback_by_default(her_endpoint):
    port = int(her_endpoint.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"]  # 127.0.0.1 only


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_listening_beyond_loopback_needs_public(invoke, host):
    result = invoke("serve", HER_TTL, "--host", host)
    assert result.exit_code == 2 and "add --public" in result.stderr


def test_cors_only_when_asked(her_endpoint, start_endpoint):
    origin = {"Origin": "http://app.example"}
    plain = httpx.get(her_endpoint + "/sparql", params={"query": "ASK {}"}, headers=origin)
    assert "access-control-allow-origin" not in plain.headers
    base = start_endpoint("--cors-origin", "http://app.example")
    allowed = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers=origin)
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    other = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://other.example"})
    assert "access-control-allow-origin" not in other.headers


def test_bad_data_is_one_error_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a:b> <a:c> .\n")
    result = subprocess.run([sys.executable, "-m", "filmgraph.cli", "serve", str(bad), "--port", "0"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith(f"error: {bad}:1") and "Traceback" not in result.stderr


def test_workers_share_a_persistent_store(start_endpoint, tmp_path):
    base = start_endpoint("--store", str(tmp_path / "store"), "--workers", "2")
    answers = {httpx.get(base + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                         headers={"Accept": "text/csv"}).text.splitlines()[1] for _ in range(6)}
    assert answers == {"544"}
    assert (tmp_path / "store" / "filmgraph-files.json").exists()


def test_a_port_in_use_is_one_error_line():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "filmgraph.cli", "serve", str(HER_TTL), "--port", str(port)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_the_listening_socket_sends_without_waiting_for_acks():
    """Nagle's algorithm off: asyncio leaves it on for a socket not created as IPPROTO_TCP, and a
    response written as headers then body then waited 40 ms for the client's delayed ACK."""
    import socket

    from filmgraph.server import listen

    sock = listen("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()


def test_one_keep_alive_connection_is_answered_without_delay(her_endpoint):
    """Twenty queries one after another on one connection: about 1 ms each (40 ms each before,
    a delayed ACK awaited every time). Their median is compared, which a busy machine slows far
    less than the total and a stall on every other request still moves."""
    import time

    import httpx

    with httpx.Client(base_url=her_endpoint) as client:
        client.get("/sparql", params={"query": "ASK {}"})
        times = []
        for _ in range(20):
            started = time.perf_counter()
            assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
            times.append(time.perf_counter() - started)
        assert sorted(times)[len(times) // 2] < 0.03


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"ab=&+% 3DZé\n", "%41", "%3D", "%26", "%2B", "%C3%A9", "%E0", "%ZZ"]),
                max_size=12).map("".join), st.booleans())
def test_form_fields_decode_as_urllib_decodes_them(raw, strict):
    """The endpoint's fast decoding of a query string or form gives what parse_qsl gives, errors included."""
    def outcome(parse):
        try:
            return parse()
        except (ValueError, UnicodeDecodeError):
            return "refused"

    expected = outcome(lambda: parse_qsl(raw, keep_blank_values=True, strict_parsing=strict, errors="strict"))
    assert outcome(lambda: form_pairs(raw, strict)) == expected


def _serving(port: int) -> dict[int, int]:
    """The processes of `filmgraph serve --port PORT`: pid -> parent pid."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline, open(f"/proc/{entry}/stat") as stat:
                words, fields = cmdline.read().split(b"\0"), stat.read().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile
            continue
        if b"serve" in words and str(port).encode() in words and fields[0] != "Z":
            found[int(entry)] = int(fields[1])
    return found


def test_worker_processes_end_with_their_supervisor(start_endpoint):
    """Killed outright, `serve` leaves no worker process behind answering on its port."""
    base = start_endpoint("--workers", "2")
    port = int(base.rsplit(":", 1)[1])
    processes = _serving(port)
    supervisor = next(pid for pid, parent in processes.items() if parent not in processes)
    assert sorted(parent for parent in processes.values() if parent in processes) == [supervisor, supervisor]
    os.kill(supervisor, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _serving(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _serving(port) == {}
    with pytest.raises(httpx.ConnectError):
        httpx.get(base + "/", timeout=5)


def test_checks_are_cached_only_for_short_texts():
    """A request may send a 64 KiB query: the per-text caches keep no text past CACHED_TEXT characters."""
    from filmgraph.bindings import typed_bindings
    from filmgraph.safety import CACHED_TEXT, check_query, code_of

    code_of.cache_clear()
    long = "ASK { ?s ?p ?o }" + "#" * CACHED_TEXT
    check_query(long)
    assert typed_bindings(long, {"s": "x"}) and code_of(long) == "ASK { ?s ?p ?o }" + " " * CACHED_TEXT
    assert code_of.cache_info().currsize == 0
    code_of("ASK { ?s ?p ?o }")
    assert code_of.cache_info().currsize == 1
