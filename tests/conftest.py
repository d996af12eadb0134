"""Shared fixtures: the seed, test documents, built graphs and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from filmgraph.build import build
from filmgraph.cli import cli
from filmgraph.rdfio import serialize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "her.txt"
HER_TTL = ROOT / "data" / "her.ttl"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
IN_CI = bool(os.environ.get("CI"))


def need_command(name: str) -> str:
    """Path of a command the test needs; in CI a missing one fails instead of skipping."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is not installed (CI must run this test)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The seed's lines as in the file, read without the parser."""
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def her_ttl() -> bytes:
    return HER_TTL.read_bytes()


@pytest.fixture(scope="session")
def her_graph(her_ttl: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=her_ttl, format="turtle")


@pytest.fixture(scope="session")
def her_store(her_ttl: bytes) -> ox.Store:
    store = ox.Store()
    store.load(her_ttl, format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="session")
def corpus_sources() -> list[Path]:
    """Her plus the hand-written test documents."""
    return [SEED, *sorted(DOCUMENTS.glob("*.txt"))]


@pytest.fixture(scope="session")
def corpus_trig(corpus_sources: list[Path]) -> bytes:
    return serialize(build(corpus_sources).quads, "trig")


@pytest.fixture(scope="session")
def corpus_store(corpus_trig: bytes) -> ox.Store:
    store = ox.Store()
    store.load(corpus_trig, format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run the CLI in-process and return click's Result (stdout and stderr apart)."""

    def run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


SPARQL_PREFIXES = """
PREFIX fg: <https://w3id.org/filmgraph/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def select(store: ox.Store, query: str) -> list[tuple]:
    """Rows of a SELECT as plain Python values (IRIs and lexical forms as str)."""
    result = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(None if v is None else v.value for v in row) for row in result]
