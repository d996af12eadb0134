"""The NetworkX projection and its exports: GraphML and GEXF read back the same, JSON is node-link."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest

from conftest import HER_TTL, ROOT, select
from filmgraph.mapping import SECTION_RULES, STRUCTURE_RULES
from filmgraph.network import (
    REFERENCES,
    export,
    find_node,
    keep_kinds,
    neighbourhood,
    project_files,
)

ID = "https://w3id.org/filmgraph/id/"
HER = f"{ID}film/her-2013"
RED = f"{ID}motif/the-color-red"
RED_IN_HER = f"{HER}/motif/the-color-red"


@pytest.fixture(scope="module")
def her():
    return project_files([HER_TTL])


@pytest.fixture(scope="module")
def corpus(corpus_file):
    return project_files([corpus_file])


def test_resources_are_nodes_and_literals_are_attributes(her, her_store):
    outside = ", ".join(f"<{p}>" for p in sorted(REFERENCES))  # targets outside the data are attributes
    resources = select(her_store, f"""SELECT DISTINCT ?r WHERE {{
        {{ ?r ?p ?o }} UNION {{ ?s ?p ?r FILTER(isIRI(?r) && ?p != rdf:type && ?p NOT IN ({outside})) }} }}""".replace(
        "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"))
    links = select(her_store, f"""SELECT ?s ?p ?o WHERE {{ ?s ?p ?o
        FILTER(!isLiteral(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> && ?p NOT IN ({outside})) }}""")
    assert isinstance(her, nx.MultiDiGraph)
    assert set(her) == {r for (r,) in resources}
    assert her.number_of_nodes() == 115 and her.number_of_edges() == len(links) == 153
    assert not any(isinstance(n, str) and not n.startswith("https://") for n in her)  # no literal became a node
    film = her.nodes[HER]
    assert film["kind"] == "film" and film["label"] == "Her" and film["iri"] == HER
    assert film["schema:datePublished"] == "2013-12-18"
    assert film["fg:tagline"] == "A Spike Jonze love story."
    assert film["fg:coreMeaning"].startswith("The core message of \"Her\" is a profound exploration")


def test_every_node_has_a_kind_from_its_class(her):
    kinds = Counter(d["kind"] for _, d in her.nodes(data=True))
    assert kinds == {"person": 6, "cast": 5, "section": 4, "scheme": 4, "theme": 4, "reading": 3, "discussion": 3,
                     "genre": 3, "motif": 3, "question": 3, "money": 2, "film": 1, "rating": 1, "country": 1,
                     "document": 1, "derived": 2, "activity": 2, "agent": 1, "line": 7, "quote": 17, "dataset": 1, "linkset": 2,
                     "link": 10, "evidence": 10,
                     "rule": len(SECTION_RULES) + len(STRUCTURE_RULES)}


def test_edges_carry_a_readable_label_and_the_property_iri(her):
    edges = {(u, v, k): d for u, v, k, d in her.edges(keys=True, data=True)}
    reading = edges[(HER, RED_IN_HER, "fg:hasMotifReading")]
    assert reading == {"label": "has motif reading", "iri": "https://w3id.org/filmgraph/hasMotifReading"}
    assert edges[(RED_IN_HER, RED, "fg:motif")]["iri"] == "https://w3id.org/filmgraph/motif"
    assert edges[(HER, f"{ID}person/spike-jonze", "schema:director")]["label"] == "director"


def test_motif_reading_keeps_its_texts_in_full(her, seed_lines):
    node = her.nodes[RED_IN_HER]
    assert node["kind"] == "reading" and node["label"] == "The Color Red in Her"
    meaning = seed_lines[seed_lines.index("The Color Red") + 4]
    assert node["fg:meaning"] == meaning and len(meaning) > 300


def test_nodes_without_a_name_get_one_from_their_links(her):
    assert her.nodes[f"{HER}/cast/1"]["label"] == "Joaquin Phoenix in the cast of Her"
    assert her.nodes[f"{HER}/budget"]["label"] == "Budget of Her"


def test_shared_concepts_are_one_node_in_a_corpus(corpus):
    red = corpus.nodes[RED]
    films = {v for u, _, k in corpus.in_edges(RED, keys=True) for _, v, k2 in corpus.out_edges(u, keys=True)
             if k == "fg:motif" and k2 == "fg:film"}
    assert red["kind"] == "motif" and len(films) == 2


def test_focus_keeps_a_neighbourhood(her):
    node = find_node(her, "the color red")
    assert node == RED
    assert set(neighbourhood(her, node, 1)) == {RED, RED_IN_HER, f"{ID}scheme/motif"}
    assert HER in neighbourhood(her, node, 2)
    with pytest.raises(Exception, match="no node"):
        find_node(her, "no such thing")


def test_keep_kinds_keeps_those_nodes_and_every_edge_between_them(corpus, corpus_store):
    kept = keep_kinds(corpus, ["film", "theme"])
    films = select(corpus_store, "SELECT DISTINCT ?f WHERE { GRAPH ?g { ?f a schema:Movie } }")
    themes = select(corpus_store, "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?t a fg:Theme } }")
    assert Counter(kind for _, kind in kept.nodes(data="kind")) == {"film": len(films), "theme": len(themes)}
    between = [(u, v, k) for u, v, k in corpus.edges(keys=True) if u in kept and v in kept]
    assert sorted(kept.edges(keys=True)) == sorted(between)
    assert {k for *_, k in between} == {"fg:theme", "fg:similarTo"}  # stated, and derived (film to film)
    assert keep_kinds(corpus, []).number_of_nodes() == 0


def _everything(graph):
    return sorted(graph.nodes(data=True)), sorted(graph.edges(keys=True, data=True))


@pytest.mark.parametrize("kinds", [("film", "genre", "theme"), ("person", "film"), ("motif",),
                                   ("cast", "film"), ("reading", "motif"), ("other", "film"), ("section",)])
def test_projecting_only_some_kinds_gives_what_keep_kinds_leaves(corpus, corpus_file, kinds):
    """Whether only the kept nodes' triples are read (films, people, motifs: named
    nodes) or the whole graph first (cast entries and readings take their labels
    from neighbours; "other" needs every node), the graph is the same."""
    assert _everything(project_files([corpus_file], kinds)) == _everything(keep_kinds(corpus, kinds))


def _attribute_values(graph):
    return [v for _, d in graph.nodes(data=True) for v in d.values()] + \
           [v for *_, d in graph.edges(data=True) for v in d.values()]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_with_the_same_counts_and_attributes(her, corpus, fmt):
    for graph in (her, corpus):
        assert all(isinstance(v, str) for v in _attribute_values(graph))  # no None, list or dict
        data = export(graph, fmt)
        back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        for node, attrs in graph.nodes(data=True):
            read = back.nodes[node]
            for name, value in attrs.items():
                assert read[name] == value, (node, name)
        pairs = Counter((u, v, d["iri"]) for u, v, d in graph.edges(data=True))
        assert Counter((u, v, d["iri"]) for u, v, d in back.edges(data=True)) == pairs


def test_gexf_has_unique_edge_ids_and_no_clashing_attributes(her):
    from xml.etree import ElementTree as ET

    root = ET.fromstring(export(her, "gexf"))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert len(ids) == len(set(ids)) == 153
    titles = [a.get("title") for a in root.iterfind(".//g:attribute", ns)]
    assert not {"id", "label", "type", "weight", "pid", "start", "end", "viz"} & set(titles)
    assert root.find(".//g:node", ns).get("label")  # the display label is GEXF's own label


def test_node_link_json(her):
    data = json.loads(export(her, "json"))
    assert data["directed"] and data["multigraph"]
    assert len(data["nodes"]) == 115 and len(data["edges"]) == 153
    red = next(n for n in data["nodes"] if n["id"] == RED_IN_HER)
    assert red["fg:meaning"].startswith("Red symbolizes love")


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "json"])
def test_export_command_is_deterministic(tmp_path, suffix):
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"her-{seed}.{suffix}"
        subprocess.run([sys.executable, "-m", "filmgraph.cli", "export", str(HER_TTL), "-o", str(out)],
                       check=True, cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
                       capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_well_formed_when_a_literal_holds_control_characters(tmp_path, fmt):
    """RDF may hold U+0001 or U+FFFE in a literal; XML 1.0 cannot, even escaped: each becomes U+FFFD."""
    data = tmp_path / "her.ttl"
    data.write_text(HER_TTL.read_text(encoding="utf-8").replace(
        'schema:name "Her"', 'schema:name "Her\\u0001\\u0008 and \\uFFFE"', 1), encoding="utf-8")
    graph = project_files([data])
    assert graph.nodes[HER]["label"] == "Her\x01\x08 and \ufffe"
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(export(graph, fmt)))
    assert back.nodes[HER]["label"] == "Her\ufffd\ufffd and \ufffd"
    assert graph.nodes[HER]["label"] == "Her\x01\x08 and \ufffe"  # the graph itself is left as it was
    assert json.loads(export(graph, "json"))["nodes"][list(graph).index(HER)]["label"] == "Her\x01\x08 and \ufffe"


def test_export_refuses_an_unknown_extension_without_writing(invoke, tmp_path):
    out = tmp_path / "her.png"
    result = invoke("export", HER_TTL, "-o", out)
    assert result.exit_code == 1 and result.stderr.startswith("error: ") and ".graphml, .gexf or .json" in result.stderr
    assert not out.exists()
