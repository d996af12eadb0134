"""The RDF written is strictly valid, deterministic and round-trips in every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from conftest import HER_TTL, ROOT, SEED, need_command
from rdflib.compare import isomorphic

from filmgraph import terms as T
from filmgraph.builder import build
from filmgraph.rdfio import FORMATS, serialize

RDFLIB_FORMATS = {name: f.rdflib for name, f in FORMATS.items()}
OX_FORMATS = {name: f.oxigraph for name, f in FORMATS.items()}


def test_committed_file_is_what_build_writes(tmp_path):
    out = tmp_path / "her.ttl"
    subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", str(SEED), "-o", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    assert out.read_bytes() == HER_TTL.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_bytes_whatever_the_hash_seed(fmt, corpus_sources):
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", *map(str, corpus_sources),
                               "--format", fmt], check=True, capture_output=True, env=env)
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs))) > 1000


def test_three_strict_parsers_agree_on_the_triple_count(her_ttl):
    rapper = need_command("rapper")
    by_rdflib = len(rdflib.Graph().parse(data=her_ttl, format="turtle"))
    by_oxigraph = len(list(ox.parse(her_ttl, format=ox.RdfFormat.TURTLE)))
    proc = subprocess.run([rapper, "-i", "turtle", "-c", f"file://{HER_TTL}"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    by_rapper = int(re.search(r"returned (\d+) triples", proc.stderr).group(1))
    assert by_rdflib == by_oxigraph == by_rapper > 200


def test_rapper_reads_every_triple_format(tmp_path, corpus_sources):
    rapper = need_command("rapper")
    result = build(corpus_sources)
    expected = len({q[:3] for q in result.quads})
    for fmt, parser in (("turtle", "turtle"), ("nt", "ntriples"), ("xml", "rdfxml")):
        path = tmp_path / f"corpus{FORMATS[fmt].extension}"
        path.write_bytes(serialize(result.quads, fmt))
        proc = subprocess.run([rapper, "-i", parser, "-c", f"file://{path}"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert f"returned {expected} triples" in proc.stderr


def _rdflib_load(data: bytes, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
    return dataset


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for graph in dataset.graphs():
        if len(graph):
            copy = rdflib.Graph()
            for triple in graph:
                copy.add(triple)
            out[str(graph.identifier)] = copy
    return out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips(fmt, corpus_sources):
    """Parse, serialise again with the same library, parse again: isomorphic graphs."""
    data = serialize(build(corpus_sources).quads, fmt)
    # Oxigraph: parse -> serialise -> parse.
    first = list(ox.parse(data, format=OX_FORMATS[fmt]))
    again = list(ox.parse(ox.serialize(first, format=OX_FORMATS[fmt]), format=OX_FORMATS[fmt]))
    assert set(first) == set(again)
    # rdflib: parse -> serialise -> parse, graph by graph.
    one = _rdflib_load(data, fmt)
    two = _rdflib_load(one.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8"), fmt)
    g1, g2 = _graphs(one), _graphs(two)
    assert g1.keys() == g2.keys()
    for name in g1:
        assert isomorphic(g1[name], g2[name]), name
    # Both libraries read the same triples.
    assert len({(q.subject, q.predicate, q.object) for q in first}) == len(
        {t for g in g1.values() for t in g})


def test_named_graph_formats_keep_one_graph_per_document(corpus_sources):
    data = serialize(build(corpus_sources).quads, "trig")
    graphs = {q.graph_name.value for q in ox.parse(data, format=ox.RdfFormat.TRIG)}
    documents = {f"https://w3id.org/filmgraph/id/document/{p.stem}" for p in corpus_sources}
    assert graphs == documents | {"https://w3id.org/filmgraph/id/graph/derived", "https://w3id.org/filmgraph/id/graph/links"}


def test_turtle_declares_only_the_prefixes_it_uses(her_ttl):
    text = her_ttl.decode("utf-8")
    declared = re.findall(r"^@prefix (\w+): ", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@"))
    assert declared == sorted(declared)
    for prefix in declared:
        assert re.search(rf"(?<![\w\"]){prefix}:\w", body), f"{prefix}: declared but unused"
    assert "@prefix sh:" not in text and "@prefix wdt:" not in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_reads_back_as_the_quads_built(fmt, corpus_sources):
    """What each writer wrote is what was built: the same quads (triple formats: the same triples)."""
    quads = build(corpus_sources).quads
    expected = set(ox.parse(serialize(quads, "nquads"), format=ox.RdfFormat.N_QUADS))
    if not FORMATS[fmt].quads:
        expected = {ox.Quad(q.subject, q.predicate, q.object) for q in expected}
    assert set(ox.parse(serialize(quads, fmt), format=OX_FORMATS[fmt])) == expected


def test_jsonld_is_compact_with_a_context_of_what_it_uses(her_ttl):
    quads = [(str(q.subject), str(q.predicate), str(q.object), "")
             for q in ox.parse(her_ttl, format=ox.RdfFormat.TURTLE)]
    doc = json.loads(serialize(quads, "jsonld", "https://w3id.org/filmgraph/id/"))
    context = doc["@context"]
    assert context["@base"] == "https://w3id.org/filmgraph/id/"
    assert context["schema"] == "https://schema.org/" and context["fg"] == "https://w3id.org/filmgraph/"
    film = next(n for n in doc["@graph"] if n["@id"] == "film/her-2013")
    assert film["@type"] == "schema:Movie"
    assert film["schema:name"] == {"@value": "Her", "@language": "en"}
    assert film["schema:duration"] == {"@value": "PT126M", "@type": "xsd:duration"}
    assert film["schema:director"] == {"@id": "person/spike-jonze"}
    names: list[str] = []

    def walk(item):
        if isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for key, x in item.items():
                names.extend([key] if not key.startswith("@") else [])
                if key in ("@type", "@id"):
                    names.extend(x if isinstance(x, list) else [x])
                walk(x)

    walk(doc["@graph"])
    full = {n for n in names if n.startswith(("http:", "https:"))}
    assert set(context) - {"@base"} == {n.split(":")[0] for n in names if ":" in n and n not in full}
    shortenable = [n for n in full if n.startswith(context["@base"])
                   or any(n.startswith(ns) and n != ns and re.fullmatch(r"[A-Za-z_][\w.-]*", n[len(ns):])
                          for ns in T.PREFIXES.values())]
    assert shortenable == [], "every IRI that can be short is short"
    assert full == {"https://creativecommons.org/licenses/by/4.0/",
                    "http://publications.europa.eu/resource/authority/country/USA",
                    "http://publications.europa.eu/resource/authority/country", "http://www.wikidata.org/",
                    *(ns for ns in T.PREFIXES.values() if ns in full)}  # only IRIs outside the data stay long
    # rdflib's reader, a second implementation, sees the same graph.
    assert isomorphic(rdflib.Graph().parse(data=serialize(quads, "jsonld"), format="json-ld"),
                      rdflib.Graph().parse(data=her_ttl, format="turtle"))


def test_jsonld_keeps_iris_whose_scheme_is_a_prefix_and_text_as_text():
    """An IRI such as <schema:odd> would read as a compact IRI if schema: were in the context."""
    quads = [
        ("<https://w3id.org/filmgraph/id/film/x>", "<https://w3id.org/filmgraph/p>", '"a"@ar--rtl',
         "<https://w3id.org/filmgraph/id/g>"),
        ("<https://w3id.org/filmgraph/id/film/x>", "<https://w3id.org/filmgraph/p>", "<schema:odd>",
         "<https://w3id.org/filmgraph/id/g>"),
        ("<https://w3id.org/filmgraph/id/film/x>", "<https://schema.org/name>",
         '"x\\u2028\\"<script>\\"@id\\"\\\\"', ""),
        ("<https://w3id.org/filmgraph/id/film/x>", "<https://schema.org/value>",
         '"23000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', ""),
    ]
    data = serialize(quads, "jsonld", "https://w3id.org/filmgraph/id/")
    assert "schema" not in json.loads(data)["@context"]
    expected = set(ox.parse(serialize(quads, "nquads"), format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == expected
    by_rdflib = rdflib.Dataset()
    by_rdflib.parse(data=data, format="json-ld")
    assert {(str(s), str(p), str(o)) for s, p, o, _ in by_rdflib.quads()} == {
        (q.subject.value, q.predicate.value, q.object.value) for q in expected}


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quads_of_the_default_graph_are_written_and_read_back(fmt):
    """Quads of a Turtle file (the default graph, "") beside a named graph's: written as the
    default graph, and read back the same."""
    quads = [("<http://example.org/s>", "<http://example.org/p>", '"in the default graph"', ""),
             ("<http://example.org/s>", "<http://example.org/p>", "<http://example.org/o>", "<http://example.org/g>")]
    read = ox.parse(serialize(quads, fmt), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    assert sorted((str(q.subject), str(q.predicate), str(q.object),
                   "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)) for q in read) == sorted(quads)
