"""The endpoint's query page in headless chromium: a bundled query runs from the page and shows its rows."""

from __future__ import annotations

CAST = ["Joaquin Phoenix", "Scarlett Johansson", "Lynn Adrianna", "Lisa Renee Pitts", "Gabe Gomez"]


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    elsewhere: list[str] = []

    def route(route):
        if route.request.url.startswith(url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url + "/")
    return context, page, elsewhere, errors


def test_a_bundled_query_runs_from_the_page(browser, her_endpoint):
    context, page, elsewhere, errors = _open(browser, her_endpoint)
    try:
        page.click("#queries button[data-name=cast]")
        assert "billing order" in page.input_value("#query")
        page.click("#run")
        page.wait_for_function("() => document.querySelectorAll('#result tr').length > 1")
        header = page.locator("#result th").all_inner_texts()
        rows = page.locator("#result tr").evaluate_all(
            "(rows) => rows.slice(1).map((r) => Array.from(r.cells).map((c) => c.textContent))")
        names = [row[header.index("name")] for row in rows]
        assert names == CAST
        assert page.inner_text("#status").startswith("5 rows")
        assert elsewhere == [] and errors == []
    finally:
        context.close()


def test_an_error_from_the_endpoint_is_shown_as_text(browser, her_endpoint):
    context, page, elsewhere, errors = _open(browser, her_endpoint)
    try:
        page.fill("#query", 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p "<b>x</b>" } }')
        page.click("#run")
        page.wait_for_function("() => document.getElementById('status').className === 'error'")
        assert "SERVICE is refused" in page.inner_text("#status")
        assert page.locator("#result *").count() == 0
        assert elsewhere == []
    finally:
        context.close()


def test_ask_and_construct_from_the_page(browser, her_endpoint):
    context, page, elsewhere, errors = _open(browser, her_endpoint)
    try:
        page.click("#queries button[data-name=sanity]")
        page.click("#run")
        page.wait_for_selector("#result .answer")
        assert page.inner_text("#result") == "ASK: true"
        page.fill("#query", "CONSTRUCT { ?f <https://schema.org/name> ?t } WHERE { ?f a <https://schema.org/Movie> ;"
                            " <https://schema.org/name> ?t }")
        page.click("#run")
        page.wait_for_selector("#result pre")
        assert '"Her"@en' in page.inner_text("#result pre")
        assert elsewhere == [] and errors == []
    finally:
        context.close()
