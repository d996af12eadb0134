"""Resolvable IRIs: `serve` answers an instance IRI under /id/ with a page for browsers and its
description for RDF clients (content negotiation, as the W3C "Cool URIs" note describes)."""

from __future__ import annotations

import html

import httpx
import pytest
import rdflib

from conftest import HER_TTL, SEED

ID = "https://w3id.org/filmgraph/id/"
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
FG = rdflib.Namespace("https://w3id.org/filmgraph/")
RESOURCES = {
    "film": "film/her-2013",
    "person": "person/spike-jonze",
    "reading": "film/her-2013/motif/the-color-red",
    "document": "document/her",
}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
             "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def her_site(start_endpoint, tmp_path_factory) -> str:
    """Her served from TriG, which keeps the document's graph (its provenance)."""
    from filmgraph.builder import build
    from filmgraph.rdfio import serialize

    path = tmp_path_factory.mktemp("her") / "her.trig"
    path.write_bytes(serialize(build([SEED]).quads, "trig"))
    return start_endpoint(data=(path,))


@pytest.mark.parametrize("kind", sorted(RESOURCES))
@pytest.mark.parametrize("media", sorted(RDF_TYPES))
def test_rdf_clients_get_the_description(her_site, kind, media):
    path = RESOURCES[kind]
    response = httpx.get(f"{her_site}/id/{path}", headers={"Accept": media})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media], publicID=ID)
    node = rdflib.URIRef(ID + path)
    assert (node, None, None) in graph  # the triples about it
    expected = rdflib.Graph().parse(HER_TTL, format="turtle")
    assert set(expected.triples((node, None, None))) <= set(graph)
    assert set(expected.triples((None, None, node))) <= set(graph)  # and what points to it
    if kind in ("film", "reading", "person"):  # and the sections that state it, with their documents
        sections = set(graph.subjects(FG.sectionKey, None))
        keys = {str(k) for k in graph.objects(None, FG.sectionKey)}
        assert keys == ({"facts", "motifs", "questions", "core-meaning"} if kind == "film" else
                        {"motifs"} if kind == "reading" else {"facts"})
        assert all((s, FG.startLine, None) in graph and (s, FG.endLine, None) in graph for s in sections)
        assert (rdflib.URIRef(ID + "document/her"), FG.sha256, None) in graph
    if kind == "film":
        lines = set(graph.objects(node, FG.sourceLine))
        assert len(lines) == 4 and all((line, FG.lineNumber, None) in graph for line in lines)


def test_rdflib_parses_the_iri_by_content_negotiation(her_site):
    graph = rdflib.Graph().parse(f"{her_site}/id/person/spike-jonze")
    assert (rdflib.URIRef(ID + "person/spike-jonze"), SCHEMA.name, rdflib.Literal("Spike Jonze")) in graph


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_browsers_get_a_page(her_site, kind):
    response = httpx.get(f"{her_site}/id/{RESOURCES[kind]}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]  # no script at all
    text = response.text
    assert f"<code>{ID}{RESOURCES[kind]}</code>" in text
    assert f'href="/viewer#iri={ID}{RESOURCES[kind]}"' in text
    assert "<script" not in text


def test_the_film_page_shows_every_text_and_links_its_neighbours(her_site):
    text = httpx.get(f"{her_site}/id/film/her-2013", headers={"Accept": "text/html"}).text
    assert "<h1>Her</h1>" in text and "A Spike Jonze love story." in text
    assert '<a href="/id/person/spike-jonze">Spike Jonze</a>' in text
    assert '<a href="/id/genre/science-fiction">Science Fiction</a>' in text
    core = SEED.read_text(encoding="utf-8").split("Core Meaning", 1)[1].strip().split("\n\n")[0]
    assert html.escape(core[:80]) in text  # in full, escaped


def test_unknown_iris_are_404_and_unacceptable_types_406(her_site):
    assert httpx.get(f"{her_site}/id/film/no-such-film").status_code == 404
    response = httpx.get(f"{her_site}/id/film/her-2013", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/html" in response.text


def test_a_hostile_label_is_inert_on_the_page(start_endpoint, invoke, tmp_path, browser):
    text = SEED.read_text(encoding="utf-8").replace("Spike Jonze", '<img src=x onerror="window.__hit=1">Jonze')
    text = text.replace("Joaquin Phoenix", "<script>window.__hit=2</script>Phoenix")
    source, data = tmp_path / "her.txt", tmp_path / "hostile.ttl"
    source.write_text(text, encoding="utf-8")
    assert invoke("build", source, "-o", data).exit_code == 0
    base = start_endpoint(data=(data,))
    people = [line for line in data.read_text(encoding="utf-8").splitlines() if line.startswith("<person/")]
    person = next(p for p in people if "img" in p).split(">")[0][1:]
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/id/{person}")
        assert page.locator("h1").inner_text() == '<img src=x onerror="window.__hit=1">Jonze'
        assert page.evaluate("document.querySelectorAll('img, script').length") == 0
        assert page.evaluate("window.__hit") is None and dialogs == []
        page.goto(f"{base}/id/film/her-2013")
        assert "<script>window.__hit=2</script>Phoenix" not in page.content()  # escaped in the source
        assert page.evaluate("document.scripts.length") == 0 and page.evaluate("window.__hit") is None
    finally:
        context.close()


def test_the_in_the_viewer_link_selects_the_resource(her_site, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{her_site}/id/person/spike-jonze", wait_until="load")
        page.click("text=in the viewer")
        page.wait_for_function("() => window.filmgraphReady === true", timeout=60_000)
        page.wait_for_function("() => document.getElementById('details').textContent.includes('spike-jonze')",
                               timeout=10_000)
        assert "Spike Jonze" in page.locator("#details").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["%25", "film/her-2013%00", "film/her%20-2013", "film/%FF", "film/<script>"])
def test_a_path_that_is_no_iri_is_404(her_site, path):
    for accept in ("text/html", "text/turtle", "*/*"):
        response = httpx.get(f"{her_site}/id/{path}", headers={"Accept": accept})
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/plain")
        assert response.headers["x-content-type-options"] == "nosniff"  # plain text, never read as HTML
