"""The viewer in a real browser: Debian's chromium, headless, offline, every request recorded.

Set FILMGRAPH_SCREENSHOT=1 to refresh the screenshots in docs/ (desktop, phone, a 1,000-film corpus).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from axe import axe_violations, describe
from conftest import HER_TTL, ROOT, SEED

import filmgraph
from filmgraph.network import neighbourhood
from filmgraph.viewer import render_html

HER = "https://w3id.org/filmgraph/id/film/her-2013"
NARY_KINDS = ("cast", "reading", "discussion", "rating", "money")
VISIBLE_KINDS_JS = """(kind) => { const body = window.filmgraph.network.body;
    return body.nodeIndices.filter((id) => body.nodes[id].options.group === kind).length; }"""
# The label boxes vis-network itself measured when it drew them, in page pixels, and the overlapping pairs.
LABEL_BOXES_JS = """() => {
  const net = window.filmgraph.network, body = net.body, boxes = [];
  for (const id of body.nodeIndices) {
    const node = body.nodes[id];
    if (!node.options.label || !node.labelModule.visible()) continue;  // no label, or too small to be drawn
    const s = node.labelModule.size;
    const a = net.canvasToDOM({ x: s.left, y: s.top }), b = net.canvasToDOM({ x: s.left + s.width, y: s.top + s.height });
    boxes.push({ id: id, label: node.options.label, left: a.x, top: a.y, right: b.x, bottom: b.y });
  }
  const overlaps = [];
  boxes.forEach((p, i) => boxes.slice(i + 1).forEach((q) => {
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) overlaps.push([p.label, q.label]);
  }));
  return { count: boxes.length, overlaps: overlaps, height: boxes.length ? Math.min(...boxes.map((b) => b.bottom - b.top)) : 0 };
}"""
# The drawing's bounding box in page pixels (the nodes and the labels drawn), and the canvas's size.
EXTENT_JS = """() => {
  const net = window.filmgraph.network, ids = net.body.nodeIndices;
  const points = ids.map((id) => net.canvasToDOM(net.getPosition(id)));
  for (const id of ids) {
    const node = net.body.nodes[id];
    if (!node.options.label || !node.labelModule.visible()) continue;
    const s = node.labelModule.size;
    points.push(net.canvasToDOM({ x: s.left, y: s.top }), net.canvasToDOM({ x: s.left + s.width, y: s.top + s.height }));
  }
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const canvas = document.querySelector('#graph canvas');
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys),
           canvasWidth: canvas.clientWidth, canvasHeight: canvas.clientHeight, nodes: ids.length };
}"""


@pytest.fixture(scope="module")
def her():
    """Her's concept view, as the page draws it."""
    return filmgraph.load([HER_TTL]).to_networkx()


@pytest.fixture(scope="module")
def her_html(her, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("viewer") / "her.html"
    path.write_bytes(render_html(her))
    return path


@pytest.fixture(scope="module")
def corpus_1000_html(tmp_path_factory) -> Path:
    """The concept view of 1,000 generated films."""
    from filmgraph.synthetic import write_corpus

    folder = tmp_path_factory.mktemp("corpus1000")
    write_corpus(folder / "docs", 1000)
    path = folder / "corpus.html"
    path.write_bytes(filmgraph.build([folder / "docs"], jobs=2).html())
    return path


@pytest.fixture(scope="module")
def corpus_100_html(corpus_100, tmp_path_factory) -> Path:
    from filmgraph.views import concept_view

    path = tmp_path_factory.mktemp("corpus100") / "corpus.html"
    path.write_bytes(render_html(concept_view(corpus_100)))
    return path


def _details_for(page, label: str) -> str:
    """Find a node by its label as a viewer would, and read its detail panel."""
    page.fill("#search", label)
    page.press("#search", "Enter")
    return page.inner_text("#details")


def _assert_clean(opened):
    assert opened.blocked_requests() == []
    assert opened.dialogs == [] and opened.errors == []
    assert opened.page.evaluate("window.__violations") == []


def _screenshot(page, name: str) -> None:
    """A screenshot, copied into docs/ when FILMGRAPH_SCREENSHOT is set."""
    shot = Path(os.environ.get("TMPDIR", "/tmp")) / name
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("FILMGRAPH_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / name)


@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)])
def test_her_concept_view_is_drawn_readable_and_fills_its_area(open_offline, her_html, her, viewport):
    opened = open_offline(her_html, viewport=viewport)
    page = opened.page
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 21, "edges": 30}
    for kind in NARY_KINDS:  # the data model's plumbing is not drawn
        assert page.evaluate(VISIBLE_KINDS_JS, kind) == 0
    extent = page.evaluate(EXTENT_JS)
    assert extent["canvasWidth"] >= viewport[0] * (0.55 if viewport[0] > 800 else 0.97)
    assert extent["width"] >= 0.5 * extent["canvasWidth"] or extent["height"] >= 0.5 * extent["canvasHeight"]
    labels = page.evaluate(LABEL_BOXES_JS)
    assert labels["overlaps"] == [] and labels["count"] >= (15 if viewport[0] > 800 else 8)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport[0]
    assert page.title() == "Her — filmgraph"
    if viewport[0] > 800:  # the README's picture: "The Color Red" found, its details shown
        _details_for(page, "The Color Red")
        page.evaluate("window.filmgraph.fit()")
        assert page.evaluate(LABEL_BOXES_JS)["overlaps"] == []
    _screenshot(page, "her-graph.png" if viewport[0] > 800 else "her-phone.png")
    _assert_clean(opened)


@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)])
def test_axe_finds_no_violation_in_any_state(open_offline, her_html, viewport):
    opened = open_offline(her_html, viewport=viewport, bypass_csp=True)
    page = opened.page
    phone = viewport[0] < 800
    found = {"loaded": axe_violations(page)}
    _details_for(page, "The Color Red")
    if phone:
        page.click("#show-details")
    found["selected"] = axe_violations(page)
    if phone:
        page.click("#show-details")
        page.click("#show-legend")
    page.fill("#depth", "2")
    page.click("#focus")
    found["focus"] = axe_violations(page)
    page.fill("#search", "e")
    found["searching"] = axe_violations(page)
    assert page.evaluate("window.filmgraph.visibleCounts().nodes") > 2  # the states were reached
    assert {state: describe(v) for state, v in found.items() if v} == {}
    assert opened.errors == [] and opened.blocked_requests() == []


def test_details_are_in_words_with_every_text(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    film = _details_for(page, "Her")
    for words in ("Released\n18 December 2013", "Runtime\n2 h 6 min", "Rating\n7.8 / 10 (14,844 votes)",
                  "Budget\n$23,000,000", "Box office\n$47,351,251", "Cast #1: Joaquin Phoenix"):
        assert words in film, words
    assert "PT2H6M" not in film and "pref label" not in film and "\u2190" not in film
    red = _details_for(page, "The Color Red")
    assert "Motif of: Her" in red and "Meaning\n" in red and "Context\n" in red
    meaning = filmgraph.load([HER_TTL]).query(
        "SELECT ?m WHERE { ?r <https://w3id.org/filmgraph/meaning> ?m ; <https://w3id.org/filmgraph/motif> "
        "<https://w3id.org/filmgraph/id/motif/the-color-red> }").rows[0][0].value
    assert meaning in red  # in full
    assert page.locator("#details .iri").inner_text() == "https://w3id.org/filmgraph/id/motif/the-color-red"
    _assert_clean(opened)


def test_derived_links_are_dashed_with_their_evidence_and_can_be_hidden(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    dashed = page.evaluate("""() => { const body = window.filmgraph.network.body;
        return body.edgeIndices.filter((id) => body.edges[id].options.dashes).length; }""")
    assert dashed == 10
    red = _details_for(page, "The Color Red")
    assert "Evokes (derived): The Nature of Love and Relationships" in red
    assert "Evidence\nRed symbolizes love, connection, and Theodore's emotional world." in red
    assert "Score\n" in red and "Words\nlove" in red
    page.locator("#derived-links").uncheck()
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 21, "edges": 20}
    assert "derived=0" in page.url
    page.locator("#derived-links").check()
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 21, "edges": 30}
    _assert_clean(opened)


def test_search_says_how_many_match_and_shows_them_all(open_offline, her_html, corpus_100_html):
    opened = open_offline(her_html)
    page = opened.page
    page.fill("#search", "the color red")
    assert page.locator("#results li").all_inner_texts() == ["The Color Red (Motif)"]
    assert page.inner_text("#found") == "1 match"
    _assert_clean(opened)
    opened = open_offline(corpus_100_html)
    page = opened.page
    page.fill("#search", "e")
    total = page.evaluate("window.filmgraph.network.body.data.nodes.get().length")
    hits = page.evaluate("""() => JSON.parse(document.getElementById('filmgraph-data').textContent).nodes
        .filter((n) => n.label.toLowerCase().includes('e')).length""")
    assert hits > 20 and total >= hits
    assert page.inner_text("#found") == f"{hits} matches, the first 20 listed"
    page.click("#results button.more")
    assert page.locator("#results li").count() == hits
    page.fill("#search", "no such thing at all")
    assert page.inner_text("#found") == "No node has that label."
    _assert_clean(opened)


def test_keyboard_keeps_focus_on_the_chosen_result_and_walks_neighbours(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    page.focus("#search")
    page.keyboard.type("Spike")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Spike Jonze"
    assert page.locator("#details h2").inner_text() == "Spike Jonze"
    page.focus("#graph")
    page.keyboard.press("ArrowRight")  # Spike Jonze's one neighbour
    assert page.locator("#details h2").inner_text() == "Her"
    page.keyboard.press("Enter")  # now go round Her
    seen = []
    for _ in range(21):
        page.keyboard.press("ArrowRight")
        seen.append(page.locator("#details h2").inner_text())
    assert len(set(seen[:20])) == 20 and seen[20] == seen[0]  # every neighbour once, then round again
    page.keyboard.press("ArrowLeft")
    assert page.locator("#details h2").inner_text() == seen[19]
    page.keyboard.press("Escape")
    assert page.locator("#details h2").inner_text() == "Her"
    assert "Selected: Her (Film), linked to 20" in page.inner_text("#summary")
    _assert_clean(opened)


def test_hiding_a_kind_hides_the_links_through_it_and_says_so(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    page.locator("#legend input[value=person]").uncheck()
    assert page.evaluate(VISIBLE_KINDS_JS, "person") == 0
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 15, "edges": 24}
    assert page.inner_text("#hidden-note") == "Hidden: person (6 nodes, and 6 links through them)."
    page.locator("#legend input[value=person]").check()
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 21, "edges": 30}
    _assert_clean(opened)


def test_focus_shows_a_neighbourhood_following_only_visible_kinds(open_offline, her_html, her):
    opened = open_offline(her_html)
    page = opened.page
    _details_for(page, "Spike Jonze")
    for depth in (1, 2):
        page.fill("#depth", str(depth))
        page.click("#focus")
        hood = neighbourhood(her, "https://w3id.org/filmgraph/id/person/spike-jonze", depth)
        assert page.evaluate("window.filmgraph.visibleCounts()")["nodes"] == hood.number_of_nodes()
    assert "Spike Jonze" in page.inner_text("#status")
    page.locator("#legend input[value=person]").uncheck()  # hidden kinds are not walked through
    page.click("#reset")
    _details_for(page, "Her")
    page.fill("#depth", "2")
    page.click("#focus")
    assert page.evaluate(VISIBLE_KINDS_JS, "person") == 0
    assert page.evaluate("window.filmgraph.visibleCounts()")["nodes"] == 15
    _assert_clean(opened)


def test_the_view_is_kept_in_the_url_and_restored_on_reload(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    _details_for(page, "The Color Red")
    page.fill("#depth", "1")
    page.click("#focus")
    page.locator("#legend input[value=country]").uncheck()
    url = page.url
    assert "iri=" in url and "focus=1" in url and "kinds=" in url
    page.reload()
    page.wait_for_function("() => window.filmgraphReady === true")
    assert page.locator("#details h2").inner_text() == "The Color Red"
    assert page.evaluate("window.filmgraph.visibleCounts()") == {"nodes": 5, "edges": 4}
    assert page.locator("#legend input[value=country]").is_checked() is False
    _assert_clean(opened)


def test_png_export_of_the_current_view(open_offline, her_html):
    opened = open_offline(her_html)
    page = opened.page
    with page.expect_download() as download:
        page.click("#save-png")
    path = download.value.path()
    assert download.value.suggested_filename == "Her — filmgraph.png"
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    _assert_clean(opened)


def test_a_corpus_filters_by_genre_and_years(open_offline, corpus_100, corpus_100_html):
    from filmgraph.views import concept_view

    view = concept_view(corpus_100)
    opened = open_offline(corpus_100_html)
    page = opened.page
    films = {n: d for n, d in view.nodes(data=True) if d["kind"] == "film"}
    drama = next(n for n, d in view.nodes(data=True) if d["kind"] == "genre" and d["label"] == "Drama")
    dramas = {u for u, v in view.in_edges(drama) if u in films}
    page.select_option("#genre-filter", label="Drama")
    assert page.evaluate(VISIBLE_KINDS_JS, "film") == len(dramas)
    assert f"Filtered: {len(dramas)} of 100 films" in page.inner_text("#status")
    page.select_option("#genre-filter", value="")
    years = sorted(int(d["Released"][-4:]) for d in films.values() if "Released" in d)
    middle = years[len(years) // 2]
    page.fill("#year-from", str(middle))
    page.press("#year-from", "Enter")
    page.locator("#year-from").dispatch_event("change")
    assert page.evaluate(VISIBLE_KINDS_JS, "film") == sum(1 for y in years if y >= middle)
    assert "from=" in page.url
    _assert_clean(opened)


def test_focus_on_a_film_of_a_1000_film_corpus_fills_the_screen(open_offline, corpus_1000_html):
    opened = open_offline(corpus_1000_html)
    page = opened.page
    assert page.evaluate("window.filmgraph.visibleCounts().nodes") > 3000
    labels = page.evaluate(LABEL_BOXES_JS)
    assert labels["overlaps"] == [] and labels["count"] >= 10  # the hubs are named
    _screenshot(page, "corpus-1000.png")
    film = page.evaluate("""() => JSON.parse(document.getElementById('filmgraph-data').textContent).nodes
        .find((n) => n.kind === 'film').label""")
    _details_for(page, film)
    page.fill("#depth", "1")
    page.click("#focus")
    extent = page.evaluate(EXTENT_JS)
    assert extent["nodes"] > 5
    assert extent["width"] * extent["height"] >= 0.5 * extent["canvasWidth"] * extent["canvasHeight"]
    labels = page.evaluate(LABEL_BOXES_JS)
    assert labels["overlaps"] == []
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
    reading, film, person = (_details_for(page, label) for label in ("The Color Red", "Her", "Jonze"))
    assert HOSTILE["Red symbolizes love"] in reading  # shown as text, in full
    assert HOSTILE["A Spike Jonze love story."] in film and HOSTILE["A melancholic sci-fi romance"] in film
    assert HOSTILE["Director: Spike Jonze"].removeprefix("Director: ") in person
    assert page.evaluate("window.__sentinel") == "intact"
    assert page.title() == title
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.locator("h1").inner_text() == title
    assert opened.dialogs == [] and opened.blocked_requests() == [] and opened.errors == []


def test_on_a_phone_the_graph_fills_the_screen_and_the_panels_open(open_offline, her_html):
    opened = open_offline(her_html, viewport=(390, 844))
    page = opened.page
    box = page.locator("#graph").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 600  # the graph takes the screen
    canvas = page.locator("#graph canvas").bounding_box()
    assert canvas["width"] >= 380 and canvas["height"] >= 600
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # nothing scrolls sideways
    assert page.evaluate("window.filmgraph.visibleCounts().nodes") == 21
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
