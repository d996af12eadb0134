"""The endpoint's query page in headless chromium: bundled queries with a field per parameter,
links to the resources' pages, sorting, downloads, the view in the URL, a phone layout, the
row-limit note, and no accessibility violations (axe-core)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs

import pytest

from axe import axe_violations, describe, need_axe
from filmgraph.catalog import named_queries

HER = "https://w3id.org/filmgraph/id/film/her-2013"
CAST = ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna", "Lisa Renee Pitts", "Gabe Gomez"]
DESKTOP = {"width": 1300, "height": 900}
PHONE = {"width": 390, "height": 844}
HOSTILE = "<img src=x onerror=alert(1)>"


class Opened:
    def __init__(self, context, page, elsewhere, errors, dialogs):
        self.context, self.page, self.elsewhere, self.errors, self.dialogs = context, page, elsewhere, errors, dialogs


@pytest.fixture
def open_page(browser):
    """Open the query page of an endpoint; every request elsewhere is refused and recorded."""
    contexts = []

    def open_(url: str, viewport=DESKTOP, bypass_csp: bool = False, path: str = "/", phone: bool = False) -> Opened:
        options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 3} if phone else {}
        context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp, accept_downloads=True, **options)
        contexts.append(context)
        elsewhere: list[str] = []

        def route(route):
            if route.request.url.startswith(url) or route.request.url.startswith("blob:" + url):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        dialogs: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + path)
        return Opened(context, page, elsewhere, errors, dialogs)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def corpus_endpoint(start_endpoint, corpus_file) -> str:
    """Her and the test documents: a bound film must leave the other films out."""
    return start_endpoint(data=(corpus_file,))


def _ran(page, rows: int | None = None) -> None:
    page.wait_for_function("() => /rows? in|answered|graph in/.test(document.getElementById('status').textContent)"
                           " || document.getElementById('status').className === 'error'")
    assert page.get_attribute("#status", "class") != "error", page.inner_text("#status")
    if rows is not None:
        assert page.locator("#result tbody tr").count() == rows


def _table(page) -> tuple[list[str], list[list[str]]]:
    header = page.locator("#result th").all_inner_texts()
    rows = page.locator("#result tbody tr").evaluate_all(
        "(rows) => rows.map((r) => Array.from(r.cells).map((c) => c.textContent))")
    return [h.strip() for h in header], rows


def _column(page, name: str) -> list[str]:
    header, rows = _table(page)
    return [row[header.index(name)] for row in rows]


def _run_cast_for_her(page) -> None:
    page.click("#queries button[data-name=cast]")
    page.fill("#param-film", HER)
    page.click("#run")
    _ran(page, 5)


def test_a_bundled_query_runs_from_the_page(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    page.click("#queries button[data-name=cast]")
    assert "billing order" in page.input_value("#query")
    page.click("#run")
    _ran(page, 5)
    assert _column(page, "name") == CAST
    assert page.inner_text("#status").startswith("5 rows")
    assert page.is_hidden("#truncated")
    assert opened.elsewhere == [] and opened.errors == []


def test_parameter_fields_bind_the_chosen_query(open_page, corpus_endpoint):
    """A field per parameter, labelled with its name and description, the example as placeholder;
    the value goes to the endpoint as $film, and the query text is sent as it is."""
    opened = open_page(corpus_endpoint)
    page = opened.page
    page.click("#queries button[data-name=cast]")
    assert page.is_visible("#params")
    label = page.inner_text("label[for=param-film]")
    assert label.startswith("film") and "the film; unbound lists every film's cast" in label
    assert page.get_attribute("#param-film", "placeholder") == HER
    page.click("#run")
    _ran(page)
    assert len(set(_column(page, "film"))) > 1  # unbound: every film's cast
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.post_data or "") if request.url.endswith("/sparql") else None)
    page.fill("#param-film", HER)
    page.press("#param-film", "Enter")
    _ran(page, 5)
    assert _column(page, "name") == CAST and set(_column(page, "film")) == {HER}
    form = parse_qs(sent[-1])
    assert form["$film"] == [HER] and form["query"] == [named_queries()["cast"].text]  # no VALUES pasted in
    page.click("#queries button[data-name=motif-readings]")
    assert page.locator("#fields input").count() == 1 and page.is_visible("#param-motif")
    page.click("#queries button[data-name=box-office]")
    assert page.is_hidden("#params")
    assert opened.elsewhere == [] and opened.errors == []


def test_iris_link_to_their_pages_and_hostile_text_stays_text(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    _run_cast_for_her(page)
    person = page.locator("#result td a", has_text="joaquin-phoenix").first
    assert person.get_attribute("href") == "id/person/joaquin-phoenix"
    person.click()
    page.wait_for_url(her_endpoint + "/id/person/joaquin-phoenix")
    assert "Joaquin Phoenix" in page.inner_text("h1")
    page.go_back()
    page.fill("#query", f"""SELECT ?text ?iri ?js ?ext ?blank WHERE {{
      BIND("{HOSTILE}" AS ?text) BIND(IRI("javascript:alert(1)") AS ?iri) BIND("javascript:alert(1)" AS ?js)
      BIND(<https://example.org/x?a=1#f> AS ?ext) BIND(BNODE() AS ?blank) }}""")
    page.click("#run")
    _ran(page, 1)
    header, rows = _table(page)
    row = dict(zip(header, rows[0]))
    assert row["text"] == HOSTILE and row["iri"] == "javascript:alert(1)" and row["js"] == "javascript:alert(1)"
    assert page.locator("#result img").count() == 0
    links = page.locator("#result td a")
    assert links.count() == 1 and links.first.inner_text() == "https://example.org/x?a=1#f"
    assert links.first.get_attribute("href") == "viewer#iri=https%3A%2F%2Fexample.org%2Fx%3Fa%3D1%23f"
    assert page.locator("#result td *").count() == 1  # the one link; every other cell is text
    assert opened.dialogs == [] and opened.elsewhere == [] and opened.errors == []


def test_columns_sort_numbers_as_numbers_and_text_as_text(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    page.fill("#query", 'SELECT ?n ?word WHERE { VALUES (?n ?word) { (10 "beta") (9 "Alpha") (100 "gamma") (2 "delta") } }')
    page.click("#run")
    _ran(page, 4)
    assert page.locator("#result th[aria-sort]").count() == 0
    page.click("#result th button[data-column=n]")
    assert page.get_attribute("#result th:nth-child(1)", "aria-sort") == "ascending"
    assert _column(page, "n") == ["2", "9", "10", "100"]
    page.click("#result th button[data-column=n]")
    assert page.get_attribute("#result th:nth-child(1)", "aria-sort") == "descending"
    assert _column(page, "n") == ["100", "10", "9", "2"]
    page.click("#result th button[data-column=word]")
    assert page.get_attribute("#result th:nth-child(2)", "aria-sort") == "ascending"
    assert page.get_attribute("#result th:nth-child(1)", "aria-sort") is None
    assert _column(page, "word") == ["Alpha", "beta", "delta", "gamma"]
    page.keyboard.press("Enter")  # the header's button keeps the focus: the keyboard sorts too
    assert page.get_attribute("#result th:nth-child(2)", "aria-sort") == "descending"
    assert _column(page, "word") == ["gamma", "delta", "beta", "Alpha"]
    _run_cast_for_her(page)
    page.click("#result th button[data-column=order]")
    page.click("#result th button[data-column=order]")
    assert _column(page, "order") == ["5", "4", "3", "2", "1"] and _column(page, "name") == CAST[::-1]
    assert opened.errors == []


def test_downloads_as_csv_and_json(open_page, her_endpoint, tmp_path):
    opened = open_page(her_endpoint)
    page = opened.page
    assert page.is_hidden("#downloads")
    _run_cast_for_her(page)
    with page.expect_download() as info:
        page.click("#downloads button[data-format=csv]")
    download = info.value
    assert download.suggested_filename == "cast.csv"
    download.save_as(tmp_path / "cast.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "cast.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == CAST and {r["film"] for r in rows} == {HER}
    with page.expect_download() as info:
        page.click("#downloads button[data-format=json]")
    assert info.value.suggested_filename == "cast.json"
    info.value.save_as(tmp_path / "cast.json")
    data = json.loads((tmp_path / "cast.json").read_text(encoding="utf-8"))
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == CAST
    assert opened.elsewhere == [] and opened.errors == []


def test_the_view_is_in_the_url_and_comes_back_on_reload(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    _run_cast_for_her(page)
    page.click("#result th button[data-column=name]")
    page.click("#result th button[data-column=name]")
    url = page.url
    assert "query=cast" in url and "%24film=" in url and "sort=name" in url and "order=descending" in url
    expected = sorted(CAST, reverse=True)
    page.reload()
    _ran(page, 5)
    assert page.input_value("#param-film") == HER and "billing order" in page.input_value("#query")
    assert _column(page, "name") == expected
    assert page.get_attribute("#result th:nth-child(5)", "aria-sort") == "descending"
    shared = open_page(her_endpoint, path="/" + url.split("/", 3)[3])  # the link, opened afresh
    _ran(shared.page, 5)
    assert _column(shared.page, "name") == expected
    page.fill("#query", "SELECT ?answer WHERE { BIND(42 AS ?answer) }")  # an edited query travels as its text
    page.click("#run")
    _ran(page, 1)
    page.reload()
    _ran(page, 1)
    assert page.input_value("#query") == "SELECT ?answer WHERE { BIND(42 AS ?answer) }"
    page.go_back()  # the previous view
    _ran(page, 5)
    assert opened.errors == [] and shared.errors == []


def test_phone_layout_scrolls_only_inside_the_table(open_page, corpus_endpoint):
    opened = open_page(corpus_endpoint, viewport=PHONE, phone=True)
    page = opened.page
    assert page.get_attribute("meta[name=viewport]", "content") == "width=device-width, initial-scale=1"
    no_sideways = "() => document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways)
    page.click("#queries button[data-name=cast]")
    page.click("#run")
    _ran(page)
    assert page.evaluate(no_sideways)
    box = page.locator("#result .scroll")
    assert box.evaluate("(box) => box.scrollWidth > box.clientWidth")  # the wide table scrolls in its box
    assert box.evaluate("(box) => box.getBoundingClientRect().right <= window.innerWidth")
    assert page.evaluate("() => document.getElementById('run').getBoundingClientRect().right <= window.innerWidth")
    assert opened.errors == []


def test_a_result_over_the_row_limit_says_so(open_page, start_endpoint):
    base = start_endpoint("--max-rows", "3")
    opened = open_page(base)
    page = opened.page
    page.click("#queries button[data-name=cast]")
    page.click("#run")
    _ran(page, 3)
    assert page.is_visible("#truncated")
    note = page.inner_text("#truncated")
    assert "--max-rows 3" in note and "cut this one at 3 rows" in note
    page.click("#queries button[data-name=sanity]")
    page.click("#run")
    page.wait_for_selector("#result .answer")
    assert page.is_hidden("#truncated")


def test_an_error_from_the_endpoint_is_shown_as_text(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    page.fill("#query", 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p "<b>x</b>" } }')
    page.click("#run")
    page.wait_for_function("() => document.getElementById('status').className === 'error'")
    assert "SERVICE is refused" in page.inner_text("#status")
    assert page.locator("#result *").count() == 0 and page.is_hidden("#downloads")
    page.click("#queries button[data-name=cast]")
    page.fill("#param-film", "<not an iri")
    page.click("#run")
    page.wait_for_function("() => document.getElementById('status').className === 'error'")
    assert "$film: not an RDF term" in page.inner_text("#status")
    assert opened.elsewhere == []


def test_ask_and_construct_from_the_page(open_page, her_endpoint):
    opened = open_page(her_endpoint)
    page = opened.page
    page.click("#queries button[data-name=sanity]")
    page.click("#run")
    page.wait_for_selector("#result .answer")
    assert page.inner_text("#result") == "ASK: true"
    page.fill("#query", "CONSTRUCT { ?f <https://schema.org/name> ?t } WHERE { ?f a <https://schema.org/Movie> ;"
                        " <https://schema.org/name> ?t }")
    page.click("#run")
    page.wait_for_selector("#result pre")
    assert '"Her"@en' in page.inner_text("#result pre")
    assert page.locator("#downloads button").all_inner_texts() == ["Turtle", "JSON-LD"]
    assert opened.elsewhere == [] and opened.errors == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_accessibility_violations(open_page, her_endpoint, viewport):
    """axe-core finds nothing on the page as it opens, with a query's fields, and with its rows."""
    need_axe()
    phone = viewport == "phone"
    opened = open_page(her_endpoint, viewport=PHONE if phone else DESKTOP, bypass_csp=True, phone=phone)
    page = opened.page
    found = axe_violations(page)
    assert found == [], describe(found)
    _run_cast_for_her(page)
    page.click("#result th button[data-column=order]")
    found = axe_violations(page)
    assert found == [], describe(found)
    page.fill("#query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    page.click("#run")
    page.wait_for_function("() => document.getElementById('status').className === 'error'")
    found = axe_violations(page)
    assert found == [], describe(found)
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('img')).src = 'data:,'")
    assert "image-alt" in [v["id"] for v in axe_violations(page)]  # axe does look: an image without alt is found
