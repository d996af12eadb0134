"""The RDF written is strictly valid, deterministic and round-trips in every format."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import HER_TTL, ROOT, SEED, need_command
from filmgraph.build import build
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
    assert graphs == documents | {"https://w3id.org/filmgraph/id/graph/derived"}


def test_turtle_declares_only_the_prefixes_it_uses(her_ttl):
    text = her_ttl.decode("utf-8")
    declared = re.findall(r"^@prefix (\w+): ", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@"))
    assert declared == sorted(declared)
    for prefix in declared:
        assert re.search(rf"(?<![\w\"]){prefix}:\w", body), f"{prefix}: declared but unused"
    assert "@prefix oa:" not in text and "@prefix owl:" not in text
