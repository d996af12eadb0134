"""push and --endpoint errors against real stores and a web server that is none: one error line each."""

from __future__ import annotations

import pytest
from conftest import HER_TTL

from filmgraph.remote import CATALOG_GRAPH, canonical_duration


def test_wrong_password_is_one_error_line(invoke, virtuoso):
    result = invoke("push", HER_TTL, "--endpoint", virtuoso.graph_store, "--user", "dba", "--password", "wrong")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {virtuoso.graph_store}: ") and "HTTP 401" in result.stderr
    assert result.stderr.count("\n") == 1


def test_update_without_a_query_endpoint_says_to_give_one(invoke, oxigraph_server):
    """Oxigraph answers updates at /update and queries at /query: the catalog cannot be read at /update."""
    result = invoke("push", HER_TTL, "--endpoint", oxigraph_server.update, "--protocol", "update")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {oxigraph_server.update} answered HTTP 400")
    assert result.stderr.rstrip().endswith("give it with --query-endpoint")
    assert result.stderr.count("\n") == 1


def test_unreachable_store_is_one_error_line(invoke):
    from conftest import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    result = invoke("push", HER_TTL, "--endpoint", endpoint)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {endpoint}: ConnectError")


@pytest.mark.parametrize("args, problem", [
    (("push", HER_TTL), f"reading the catalog <{CATALOG_GRAPH}> gave no N-Triples "
                        "(text/html; charset=utf-8: '<!DOCTYPE html> <html><body><h1>Welcome</h1></body></html>'): "
                        "is this a Graph Store endpoint?"),
    (("push", HER_TTL, "--protocol", "update", "--query-endpoint", "{url}"), "the answer is not SPARQL JSON results "
     "(text/html; charset=utf-8: '<!DOCTYPE html> <html><body><h1>Welcome</h1></body></html>'): "
     "is this a SPARQL endpoint?"),
    (("query", "cast"), "the answer is not SPARQL JSON results"),
    (("viz", "-o", "{tmp}/page.html"), "the answer is not SPARQL JSON results"),
])
def test_a_web_server_that_is_no_store_is_one_error_line(invoke, web_page_server, tmp_path, args, problem):
    args = [str(a).format(url=web_page_server, tmp=tmp_path) for a in args]
    result = invoke(*args, "--endpoint", web_page_server)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {web_page_server}: {problem}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize("seconds, canonical", [("7560.0", "PT2H6M"), ("7560", "PT2H6M"), ("0", "PT0S"),
                                                ("90061.5", "P1DT1H1M1.5S"), ("-60", "-PT1M"),
                                                ("PT126M", "PT126M")])
def test_canonical_duration(seconds, canonical):
    assert canonical_duration(seconds) == canonical
