"""The viewer in a real browser: Debian's chromium, headless, offline, every request recorded.

Set FILMGRAPH_SCREENSHOT=docs/her-graph.png to refresh the README's screenshot.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import HER_TTL, ROOT, SEED

from filmgraph.network import neighbourhood, project_files
from filmgraph.viewer import HIDDEN_AT_START, render_html

HER = "https://w3id.org/filmgraph/id/film/her-2013"
VISIBLE_KINDS_JS = """(kind) => { const body = window.filmgraph.network.body;
    return body.nodeIndices.filter((id) => body.nodes[id].options.group === kind).length; }"""


@pytest.fixture(scope="module")
def her():
    return project_files([HER_TTL])


@pytest.fixture(scope="module")
def her_html(her, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("viewer") / "her.html"
    path.write_bytes(render_html(her))
    return path


def _expected_drawn(graph, shown_kinds=None):
    """Nodes and edges the page should draw when only these kinds are ticked."""
    kinds = shown_kinds or {d["kind"] for _, d in graph.nodes(data=True)} - HIDDEN_AT_START
    nodes = {n for n, d in graph.nodes(data=True) if d["kind"] in kinds}
    edges = sum(1 for u, v in graph.edges() if u in nodes and v in nodes)
    return {"nodes": len(nodes), "edges": edges}


def _tick_all(page):
    for value in page.locator("#legend input").evaluate_all("(boxes) => boxes.map((b) => b.value)"):
        page.locator(f"#legend input[value={value}]").check()


def _details_for(page, label: str) -> str:
    """Find a node by its label as a viewer would, and read its detail panel."""
    page.fill("#search", label)
    page.press("#search", "Enter")
    return page.inner_text("#details")


def _assert_clean(opened):
    assert opened.blocked_requests() == []
    assert opened.dialogs == [] and opened.errors == []
    assert opened.page.evaluate("window.__violations") == []


def test_her_draws_every_node_and_edge_offline(open_offline, her_html, her):
    opened = open_offline(her_html)
    page = opened.page
    assert page.evaluate("window.filmgraph.visibleCounts()") == _expected_drawn(her) == {"nodes": 36, "edges": 41}
    _tick_all(page)
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 83, "edges": 90}
    assert page.title() == "Her — filmgraph"
    assert page.locator("#legend label").count() == 23
    _assert_clean(opened)


def test_search_finds_the_color_red_and_shows_its_full_meaning(open_offline, her_html, her):
    opened = open_offline(her_html)
    page = opened.page
    page.fill("#search", "the color red")
    assert page.locator("#results li").all_inner_texts() == ["The Color Red (Motif)",
                                                            "The Color Red in Her (Motif reading)"]
    page.press("#search", "Enter")
    details = page.locator("#details")
    assert details.locator("h2").inner_text() == "The Color Red"
    meaning = her.nodes[f"{HER}/motif/the-color-red"]["fg:meaning"]
    context = her.nodes[f"{HER}/motif/the-color-red"]["fg:context"]
    assert meaning in details.inner_text() and context in details.inner_text()
    assert page.evaluate("window.filmgraph.network.getSelectedNodes().length") == 1
    page.locator("#details button.link", has_text="The Color Red in Her").click()
    assert details.locator("h2").inner_text() == "The Color Red in Her"
    assert details.locator("dd", has_text=meaning).count() == 1
    _assert_clean(opened)


def test_filter_hides_all_persons_and_shows_them_again(open_offline, her_html, her):
    opened = open_offline(her_html)
    page = opened.page
    before = page.evaluate("window.filmgraph.visibleCounts()")
    assert page.evaluate(VISIBLE_KINDS_JS, "person") == 6
    page.locator("#legend input[value=person]").uncheck()
    assert page.evaluate(VISIBLE_KINDS_JS, "person") == 0
    kinds = {d["kind"] for _, d in her.nodes(data=True)} - HIDDEN_AT_START - {"person"}
    assert page.evaluate("window.filmgraph.visibleCounts()") == _expected_drawn(her, kinds)
    page.locator("#legend input[value=person]").check()
    assert page.evaluate("window.filmgraph.visibleCounts()") == before
    _assert_clean(opened)


def test_focus_shows_a_neighbourhood_to_the_chosen_depth(open_offline, her_html, her):
    opened = open_offline(her_html)
    page = opened.page
    page.fill("#search", "Spike Jonze")
    page.press("#search", "Enter")
    for depth in (1, 2):
        page.fill("#depth", str(depth))
        page.click("#focus")
        hood = neighbourhood(her, "https://w3id.org/filmgraph/id/person/spike-jonze", depth)
        shown = {d["kind"] for _, d in her.nodes(data=True)} - HIDDEN_AT_START
        assert page.evaluate("window.filmgraph.visibleCounts()") == _expected_drawn(hood, shown)
    assert "Spike Jonze" in page.inner_text("#status")
    page.click("#reset")
    assert page.evaluate("window.filmgraph.visibleCounts()") == _expected_drawn(her)
    _assert_clean(opened)


HOSTILE = {
    "A melancholic sci-fi romance": '<script>window.__sentinel="logline";document.title="pwned"</script>',
    "A Spike Jonze love story.": '<img src=x onerror="window.__sentinel=\'tagline\';alert(1)">',
    "Director: Spike Jonze": 'Director: <img src=y onerror="alert(2)"> Jonze',
    "Red symbolizes love": '"><svg onload="window.__sentinel=\'meaning\'"></svg><iframe src="javascript:alert(3)">',
}


def test_hostile_document_runs_no_script(open_offline, invoke, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for original, payload in HOSTILE.items():
        assert original in text
        text = text.replace(original, payload)
    source = tmp_path / "hostile.txt"
    source.write_text(text, encoding="utf-8")
    data, page_file = tmp_path / "hostile.ttl", tmp_path / "hostile.html"
    assert invoke("build", source, "-o", data).exit_code == 0
    title = '<script>window.__sentinel="title"</script>'
    assert invoke("viz", data, "-o", page_file, "--title", title).exit_code == 0
    opened = open_offline(page_file)
    page = opened.page
    _tick_all(page)
    reading, film, person = (_details_for(page, label) for label in ("The Color Red in Her", "Her", "Jonze"))
    assert HOSTILE["Red symbolizes love"] in reading  # shown as text, in full
    assert HOSTILE["A Spike Jonze love story."] in film and HOSTILE["A melancholic sci-fi romance"] in film
    assert HOSTILE["Director: Spike Jonze"].removeprefix("Director: ") in person
    assert page.evaluate("window.__sentinel") == "intact"
    assert page.title() == title
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.locator("h1").inner_text() == title
    assert opened.dialogs == [] and opened.blocked_requests() == [] and opened.errors == []


def test_large_corpus_opens_with_fixed_positions(open_offline, corpus_100, tmp_path):
    path = tmp_path / "corpus.html"
    path.write_bytes(render_html(corpus_100))
    opened = open_offline(path)
    page = opened.page
    assert page.evaluate("window.filmgraph.network.physics.physicsEnabled") is False
    assert page.evaluate("window.filmgraph.visibleCounts()") == _expected_drawn(corpus_100)
    motif = min(d["label"] for _, d in corpus_100.nodes(data=True) if d["kind"] == "motif")
    assert _details_for(page, motif).split("\n")[2] == motif
    _assert_clean(opened)


def test_screenshot_of_her(open_offline, her_html, tmp_path):
    opened = open_offline(her_html, viewport=(1400, 860))
    page = opened.page
    page.fill("#search", "The Color Red")
    page.press("#search", "Enter")
    page.evaluate("window.filmgraph.network.fit({animation: false})")
    shot = tmp_path / "her-graph.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    target = os.environ.get("FILMGRAPH_SCREENSHOT")
    if target:
        shutil.copyfile(shot, ROOT / target)


def test_on_a_phone_the_graph_fills_the_screen_and_the_panels_open(open_offline, her_html):
    opened = open_offline(her_html, viewport=(390, 844))
    page = opened.page
    box = page.locator("#graph").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 600  # the graph takes the screen
    canvas = page.locator("#graph canvas").bounding_box()
    assert canvas["width"] >= 380 and canvas["height"] >= 600
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # nothing scrolls sideways
    assert page.evaluate("window.filmgraph.visibleCounts().nodes") == 36
    assert not page.locator("#details").is_visible() and not page.locator("#legend-panel").is_visible()
    page.click("#show-legend")
    assert page.locator("#legend-panel").is_visible()
    assert page.get_attribute("#show-legend", "aria-expanded") == "true"
    page.click("#show-legend")
    page.fill("#search", "Spike Jonze")
    page.press("#search", "Enter")
    page.locator("#results li button").first.click() if page.locator("#results li button").count() else None
    page.click("#show-details")
    assert page.locator("#details").is_visible() and "Spike Jonze" in page.locator("#details").inner_text()
    _assert_clean(opened)


def test_on_a_desktop_the_panel_buttons_are_not_shown(open_offline, her_html):
    opened = open_offline(her_html, viewport=(1400, 900))
    assert not opened.page.locator("#show-legend").is_visible()
    assert opened.page.locator("#legend-panel").is_visible() and opened.page.locator("#details").is_visible()
