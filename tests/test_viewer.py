"""The HTML page as built: one self-contained file, the same bytes each time, data that cannot escape."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
from conftest import HER_TTL, ROOT

from filmgraph import viewer
from filmgraph.network import keep_kinds, project_files
from filmgraph.viewer import (
    FIXED_LAYOUT_ABOVE,
    HIDDEN_AT_START,
    fixed_layout,
    page_data,
    render_html,
    script_json,
)


@pytest.fixture(scope="module")
def her():
    return project_files([HER_TTL])


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


def test_page_data_holds_every_node_edge_and_text(her):
    data = _data(render_html(her).decode("utf-8"))
    assert len(data["nodes"]) == her.number_of_nodes() == 83
    assert len(data["edges"]) == her.number_of_edges() == 90
    red = next(n for n in data["nodes"] if n["label"] == "The Color Red in Her")
    meaning = dict(red["attrs"])["meaning"]
    assert meaning == her.nodes[red["iri"]]["fg:meaning"]
    assert {k["key"] for k in data["kinds"] if k["hidden"]} == HIDDEN_AT_START
    assert data["layout"] == "physics"


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


def test_large_graphs_get_fixed_positions(corpus_100):
    assert corpus_100.number_of_nodes() > FIXED_LAYOUT_ABOVE
    data = page_data(corpus_100, "corpus")
    assert data["layout"] == "fixed"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    positions = fixed_layout(corpus_100)
    assert positions == fixed_layout(corpus_100) and len(positions) == corpus_100.number_of_nodes()
    films = [positions[n] for n, d in corpus_100.nodes(data=True) if d["kind"] == "film"]
    assert len(set(films)) == len(films)  # no two films on one spot


def test_viz_command(invoke, tmp_path):
    out = tmp_path / "her.html"
    result = invoke("viz", HER_TTL, "-o", out, "--title", "Her, drawn")
    assert result.exit_code == 0 and "83 nodes, 90 edges" in result.stderr
    assert "<title>Her, drawn</title>" in out.read_text(encoding="utf-8")
    focused = tmp_path / "red.html"
    result = invoke("viz", HER_TTL, "-o", focused, "--focus", "The Color Red", "--depth", "1")
    assert result.exit_code == 0 and "3 nodes, 2 edges" in result.stderr
    assert len(_data(focused.read_text(encoding="utf-8"))["nodes"]) == 3


def test_kinds_hidden_at_start_are_shown_when_they_are_all_there_is(her):
    sections = page_data(keep_kinds(her, ["section"]), "sections")
    assert [k["hidden"] for k in sections["kinds"]] == [False]
    mixed = page_data(keep_kinds(her, ["section", "document"]), "mixed")
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
    monkeypatch.setattr(viewer, "LARGE_GRAPH_NODES", 40)  # Her has 83
    result = invoke("viz", HER_TTL, "-o", out)
    assert result.exit_code == 0 and out.stat().st_size > 1000
    assert "warning: 83 nodes: a browser will be slow to open the page; draw part of it with --kinds " \
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
