"""The HTML page as built: one self-contained file, the same bytes each time, data that cannot escape."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
from conftest import HER_TTL, ROOT

import filmgraph
from filmgraph import viewer
from filmgraph.layout import layout
from filmgraph.network import keep_kinds, project_files
from filmgraph.viewer import HIDDEN_AT_START, page_data, render_html, script_json
from filmgraph.views import concept_view, long_date, money, rating, runtime

HER = "https://w3id.org/filmgraph/id/film/her-2013"


@pytest.fixture(scope="module")
def her_rdf():
    return project_files([HER_TTL])


@pytest.fixture(scope="module")
def her(her_rdf):
    """Her's concept view, as viz draws it by default."""
    return concept_view(her_rdf)


def _data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="filmgraph-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_one_self_contained_file(her):
    page = render_html(her).decode("utf-8")
    assert re.findall(r"^<script[^>]*>", page, re.M) == [  # the data, vis-network, the viewer
        '<script type="application/json" id="filmgraph-data">', "<script>", "<script>"]
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.I)
    assert not re.search(r"""\s(src|href)\s*=""", page.split("<script>")[0], re.I)
    assert "@import" not in page and "url(" not in page.split("<script>")[0]
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_page_data_holds_every_node_edge_and_text(her, her_rdf):
    data = _data(render_html(her).decode("utf-8"))
    assert len(data["nodes"]) == her.number_of_nodes() == 21
    assert len(data["edges"]) == her.number_of_edges() == 30  # 20 stated, 10 derived (readings evoking themes)
    assert sum(1 for e in data["edges"] if e.get("derived")) == 10
    red = next(n for n in data["nodes"] if n["label"] == "The Color Red")
    [reading] = [e for e in data["edges"] if e["to"] == red["id"]]
    assert dict(reading["details"])["meaning"] == her_rdf.nodes[f"{HER}/motif/the-color-red"]["fg:meaning"]
    assert dict(reading["details"])["context"] == her_rdf.nodes[f"{HER}/motif/the-color-red"]["fg:context"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    rdf = _data(render_html(her_rdf).decode("utf-8"))
    assert {k["key"] for k in rdf["kinds"] if k["hidden"]} == HIDDEN_AT_START
    assert len(rdf["nodes"]) == 115


def test_script_json_cannot_close_its_element():
    hostile = '</script><script>alert(1)</script><!-- & \u2028 \u2029'
    text = script_json({"x": hostile})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": hostile}


def test_title_is_escaped(her):
    page = render_html(her, title='<script>alert("t")</script> & co').decode("utf-8")
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co</title>" in page
    assert '<script>alert("t")' not in page


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    pages = []
    for seed in ("0", "1", "2"):
        out = tmp_path / f"her-{seed}.html"
        subprocess.run([sys.executable, "-m", "filmgraph.cli", "viz", str(HER_TTL), "-o", str(out)], check=True,
                       cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == pages[2]


def test_a_corpus_gets_positions_by_its_communities(corpus_100):
    view = concept_view(corpus_100)
    positions = layout(view)
    assert positions == layout(view) and set(positions) == set(view)
    assert len(set(positions.values())) == len(positions)  # no two nodes on one spot
    data = page_data(view, "corpus")
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    # shared concepts are hubs: the best-linked genre lies nearer the middle of its films than most films do
    films = [positions[n] for n, d in view.nodes(data=True) if d["kind"] == "film"]
    assert len(films) == 100


def test_the_concept_view_turns_nary_nodes_into_edges_and_facts(her, her_rdf):
    kinds = {d["kind"] for _, d in her.nodes(data=True)}
    assert kinds == {"film", "person", "genre", "theme", "motif", "question", "country"}
    film = her.nodes[HER]
    facts = {k: v for k, v in film.items() if k[0].isupper()}
    assert facts["Released"] == "18 December 2013" and facts["Runtime"] == "2 h 6 min"
    assert facts["Rating"] == "7.8 / 10 (14,844 votes)"
    assert facts["Budget"] == "$23,000,000" and facts["Box office"] == "$47,351,251"
    assert facts["Core meaning"] == her_rdf.nodes[HER]["fg:coreMeaning"]
    cast = sorted((d["billing order"], v) for _, v, d in her.out_edges(HER, data=True) if "billing order" in d)
    assert cast[0] == ("1", "https://w3id.org/filmgraph/id/person/joaquin-phoenix") and len(cast) == 5
    questions = [d for _, v, d in her.out_edges(HER, data=True) if d["label"] == "question"]
    assert len(questions) == 3 and all(len(d["discussion"]) > 100 for d in questions)


@pytest.mark.parametrize("value, words", [("PT2H6M", "2 h 6 min"), ("PT126M", "2 h 6 min"), ("PT90M", "1 h 30 min"),
                                          ("PT45M", "45 min"), ("PT2H", "2 h"), ("soon", "soon")])
def test_runtime_in_words(value, words):
    assert runtime(value) == words


def test_facts_in_words():
    assert long_date("2013-12-18") == "18 December 2013" and long_date("2013") == "2013"
    assert money({"schema:value": "1200000.50", "schema:currency": "USD"}) == "$1,200,000.50"
    assert money({"schema:value": "5000000", "schema:currency": "EUR"}) == "5,000,000 EUR"
    assert rating({"schema:ratingValue": "7.8", "schema:bestRating": "10"}) == "7.8 / 10"


def test_the_rdf_view_and_the_api_agree(her, her_rdf, invoke, tmp_path):
    graph = filmgraph.load([HER_TTL])
    assert sorted(graph.to_networkx()) == sorted(her)
    assert sorted(graph.to_networkx(view="rdf")) == sorted(her_rdf)
    out = tmp_path / "her.json"
    assert invoke("export", HER_TTL, "-o", out).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["nodes"]) == 21
    assert invoke("export", HER_TTL, "-o", out, "--view", "rdf").exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["nodes"]) == 115


def test_viz_command(invoke, tmp_path):
    out = tmp_path / "her.html"
    result = invoke("viz", HER_TTL, "-o", out, "--title", "Her, drawn")
    assert result.exit_code == 0 and "21 nodes, 30 edges" in result.stderr
    assert "<title>Her, drawn</title>" in out.read_text(encoding="utf-8")
    focused = tmp_path / "red.html"
    result = invoke("viz", HER_TTL, "-o", focused, "--focus", "The Color Red", "--depth", "1")
    assert result.exit_code == 0 and "5 nodes, 7 edges" in result.stderr  # Her, and the themes it evokes
    assert len(_data(focused.read_text(encoding="utf-8"))["nodes"]) == 5
    rdf = invoke("viz", HER_TTL, "-o", out, "--view", "rdf")
    assert rdf.exit_code == 0 and "115 nodes, 153 edges" in rdf.stderr


def test_kinds_hidden_at_start_are_shown_when_they_are_all_there_is(her_rdf):
    sections = page_data(keep_kinds(her_rdf, ["section"]), "sections")
    assert [k["hidden"] for k in sections["kinds"]] == [False]
    mixed = page_data(keep_kinds(her_rdf, ["section", "document"]), "mixed")
    assert {k["key"]: k["hidden"] for k in mixed["kinds"]} == {"document": False, "section": True}


def test_viz_and_export_keep_only_the_kinds_asked_for(invoke, tmp_path, corpus_file):
    out = tmp_path / "films.html"
    result = invoke("viz", corpus_file, "-o", out, "--kinds", "film,genre,theme")
    assert result.exit_code == 0, result.stderr
    assert {n["kind"] for n in _data(out.read_text(encoding="utf-8"))["nodes"]} == {"film", "genre", "theme"}
    gexf = tmp_path / "her.gexf"
    result = invoke("export", corpus_file, "-o", gexf, "--kinds", "film,theme", "--focus", "Her", "--depth", "2")
    assert result.exit_code == 0, result.stderr
    exported = gexf.read_text(encoding="utf-8")  # Her, its themes, and the film that shares one
    assert 'label="Quiet Orbit"' in exported and 'label="Her"' in exported and "Joaquin" not in exported
    bad = invoke("viz", corpus_file, "-o", tmp_path / "bad.html", "--kinds", "film,films")
    assert bad.exit_code == 2 and "films is no kind; kinds are activity, agent, cast" in bad.stderr
    assert not (tmp_path / "bad.html").exists()


def test_viz_warns_above_the_large_graph_setting_and_still_writes(invoke, tmp_path, monkeypatch):
    out = tmp_path / "her.html"
    assert "warning" not in invoke("viz", HER_TTL, "-o", out).stderr
    monkeypatch.setattr(viewer, "LARGE_GRAPH_NODES", 10)  # Her's concept view has 21
    result = invoke("viz", HER_TTL, "-o", out)
    assert result.exit_code == 0 and out.stat().st_size > 1000
    assert "warning: 21 nodes: a browser will be slow to open the page; draw part of it with --kinds " \
           "film,genre,theme or --focus NODE --depth N" in result.stderr
    focused = invoke("viz", HER_TTL, "-o", out, "--focus", "The Color Red", "--depth", "1")
    assert "warning" not in focused.stderr


@pytest.mark.parametrize("args, problem", [
    (["--focus", "nothing like this"], "--focus: no node has the IRI or label 'nothing like this'"),
    (["missing.ttl"], "missing.ttl: no such file or folder"),
    (["docs"], "docs: no RDF files in this folder (.jsonld, .n3, .nq, .nt, .owl, .rdf, .trig, .ttl, .xml)"),
])
def test_viz_bad_input_is_one_error_line_and_no_file(invoke, tmp_path, monkeypatch, args, problem):
    out = tmp_path / "her.html"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "her.txt").write_text("a document, not RDF\n")
    data = [] if not args[0].startswith("--") else [HER_TTL]
    result = invoke("viz", *data, *args, "-o", out)
    assert result.exit_code == 1 and result.stderr == f"error: {problem}\n"
    assert not out.exists()


def test_viz_reports_broken_rdf_with_file_and_line(invoke, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix s: <https://schema.org/> .\n<a:b> s:name \"x\" .\n<a:b> s:name \"unterminated .\n")
    result = invoke("viz", bad, "-o", tmp_path / "out.html")
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {bad}:3")
    assert not (tmp_path / "out.html").exists()
