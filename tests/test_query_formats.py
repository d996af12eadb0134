"""Result formats: golden files, and W3C formats read back by standard parsers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import HER_TTL
from rdflib.query import Result

from filmgraph.catalog import named_queries
from filmgraph.query import run_query
from filmgraph.store import load_store

GOLDEN = Path(__file__).resolve().parent / "golden"
OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV,
              "csv": ox.QueryResultsFormat.CSV}


@pytest.fixture(scope="module")
def her():
    return load_store([HER_TTL])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_golden_select(invoke, fmt):
    result = invoke("query", "film-card", "-d", HER_TTL, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / f"film-card.{fmt}").read_bytes()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_golden_ask(invoke, fmt):
    result = invoke("query", "sanity", "-d", HER_TTL, "--format", fmt)
    assert result.stdout_bytes == (GOLDEN / f"sanity.{fmt}").read_bytes()


def test_golden_construct(invoke):
    result = invoke("query", "film-subgraph", "-d", HER_TTL, "--format", "turtle",
                    "--bind", "film=https://w3id.org/filmgraph/id/film/her-2013")
    assert result.stdout_bytes == (GOLDEN / "film-subgraph.ttl").read_bytes()
    graph = rdflib.Graph().parse(data=result.stdout_bytes, format="turtle")
    assert len(graph) > 100


# The W3C CSV and TSV formats define no boolean result, so ASK is checked in JSON and XML.
PAIRS = [(n, f) for n in ("film-card", "cast", "film-motifs", "box-office") for f in ("json", "xml", "tsv", "csv")]
PAIRS += [("sanity", "json"), ("sanity", "xml")]


@pytest.mark.parametrize("name,fmt", PAIRS)
def test_same_results_as_oxigraphs_own_serializer(her, name, fmt):
    """Our writer and Oxigraph's read back to the same solutions (CSV: the same text)."""
    ours = run_query(her, name, timeout=None).serialize(fmt)
    theirs = her.query(named_queries()[name].text).serialize(format=OX_RESULTS[fmt])
    if fmt == "csv":
        assert ours == theirs
        return
    a = ox.parse_query_results(ours, format=OX_RESULTS[fmt])
    b = ox.parse_query_results(theirs, format=OX_RESULTS[fmt])
    if isinstance(a, ox.QueryBoolean):
        assert bool(a) == bool(b)
    else:
        assert [list(s) for s in a] == [list(s) for s in b]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rdflib_reads_our_results(her, fmt):
    result = run_query(her, "cast", timeout=None)
    parsed = Result.parse(io.BytesIO(result.serialize(fmt)), format=fmt)
    names = [str(row["name"]) for row in parsed]
    assert names == ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna", "Lisa Renee Pitts", "Gabe Gomez"]
    if fmt in ("json", "xml", "tsv"):
        orders = [row["order"] for row in parsed]
        assert [o.toPython() for o in orders] == [1, 2, 3, 4, 5]
        assert all(o.datatype == rdflib.XSD.integer for o in orders)
        titles = [row["title"] for row in parsed]
        assert all(t.language == "en" for t in titles)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_rdflib_reads_ask(her, fmt):
    parsed = Result.parse(io.BytesIO(run_query(her, "sanity", timeout=None).serialize(fmt)), format=fmt)
    assert parsed.askAnswer is True


def test_json_shape_follows_the_recommendation(her):
    doc = json.loads(run_query(her, "cast", timeout=None).serialize("json"))
    assert doc["head"]["vars"] == ["film", "title", "order", "person", "name"]
    first = doc["results"]["bindings"][0]
    assert first["film"] == {"type": "uri", "value": "https://w3id.org/filmgraph/id/film/her-2013"}
    assert first["title"] == {"type": "literal", "value": "Her", "xml:lang": "en"}
    assert first["order"] == {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert first["name"] == {"type": "literal", "value": "Joaquin Phoenix"}


def test_python_api_rows_for_pandas():
    from filmgraph.query import query_files
    rows = query_files("cast", [HER_TTL], timeout=None).to_dicts()
    assert rows[0] == {"film": "https://w3id.org/filmgraph/id/film/her-2013", "title": "Her", "order": 1,
                       "person": "https://w3id.org/filmgraph/id/person/joaquin-phoenix", "name": "Joaquin Phoenix"}


def test_table_is_readable(invoke):
    out = invoke("query", "cast", "-d", HER_TTL).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["film", "title", "order", "person", "name"]
    assert set(lines[1]) <= {"-", " "} and lines[-1] == "(5 rows)"
