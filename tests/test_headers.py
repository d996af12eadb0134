"""The header of a document is read by position in the seed layout.

Each case writes one real-looking document in the layout of seeds/her.txt (title;
logline; title; original title; blank; quoted tagline; blank; metadata line;
Director:; Cast:; genres; themes; Budget:; Box Office:; blank; "<Title> - Symbolism &
Philosophy" and the three analysis sections), leaving out or changing the lines the
case is about, and checks every header field of the parsed Document with its line
number, plus the exact warnings. Themes are written with explicit ' | ' separators (or
are a single theme) so that the theme splitter is not what is tested here.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from filmgraph.parser import parse_document

#: Sentinel: the line repeats the title (as "Her" does on lines 3 and 4 of the seed).
SAME = "<same as title>"

LOGLINE = ("A melancholic sci-fi romance that tenderly explores loneliness in a hyper-connected world, "
           "painted in soft pastels and the warm glow of a digital screen.")
TAGLINE = "A Spike Jonze love story."
CAST = "Joaquin Phoenix, Scarlett Johansson, Amy Adams, Rooney Mara, Olivia Wilde"
THEMES = "Loneliness and the Need for Connection | The Nature of Love and Relationships"
MOTIF = ("The Color Red",
         "Red symbolizes love, connection, and the hero's emotional world.",
         "Red appears constantly: his shirt, the walls of his apartment and office.")
QUESTION = ("What constitutes a 'real' relationship?",
            "The film asks whether emotional and intellectual intimacy are enough for a relationship to be real.")
CORE = "The film is about learning to feel again, and about letting go."

#: What the default lines mean once parsed (text lines mean themselves).
DEFAULT_VALUES: dict[str, Any] = {
    "release_date": dt.date(2013, 12, 18),
    "countries": [("United States of America", "US")],
    "runtime_minutes": 126,
    "rating": (Decimal("7.8"), 14844),
    "directors": ["Spike Jonze"],
    "cast": ["Joaquin Phoenix", "Scarlett Johansson", "Amy Adams", "Rooney Mara", "Olivia Wilde"],
    "genres": ["Drama", "Romance", "Science Fiction"],
    "themes": ["Loneliness and the Need for Connection", "The Nature of Love and Relationships"],
    "budget": Decimal("23000000"),
    "box_office": Decimal("47351251"),
}


def write_document(
    *,
    title: str = "Her",
    logline: str | None = LOGLINE,
    display_title: str | None = SAME,
    original_title: str | None = SAME,
    tagline: str | None = TAGLINE,
    date: str | None = "18 December 2013",
    countries: str | None = "United States of America",
    runtime: str | None = "126 min",
    rating: str | None = "⭐ 7.8 (14,844)",
    directors: str | None = "Spike Jonze",
    cast: str | None = CAST,
    genres: str | None = "Drama Romance Science Fiction",
    themes: str | None = THEMES,
    budget: str | None = "$23,000,000",
    box_office: str | None = "$47,351,251",
) -> tuple[str, dict[str, int]]:
    """A document in the seed layout; None leaves a line out. Returns (text, line of each field)."""
    lines: list[str] = []
    where: dict[str, int] = {}

    def put(key: str | None, text: str | None) -> None:
        if text is None:
            return
        lines.append(text)
        if key:
            where[key] = len(lines)

    same = lambda value: title if value is SAME else value  # noqa: E731
    put("title", title)
    put("logline", logline)
    put("display_title", same(display_title))
    put("original_title", same(original_title))
    put(None, "")
    if tagline is not None:
        put("tagline", f'"{tagline}"')
        put(None, "")
    metadata = " ".join(p for p in (date, countries, runtime, rating) if p is not None)
    put("metadata", metadata or None)
    put("directors", None if directors is None else f"Director: {directors}")
    put("cast", None if cast is None else f"Cast: {cast}")
    put("genres", genres)
    put("themes", themes)
    put("budget", None if budget is None else f"Budget: {budget}")
    put("box_office", None if box_office is None else f"Box Office: {box_office}")
    put(None, "")
    put(None, f"{title} - Symbolism & Philosophy")
    put(None, "")
    put(None, "Symbols & Motifs")
    put(None, "")
    put("motif", MOTIF[0])
    put(None, "")
    put(None, "Meaning:")
    put(None, "")
    put("meaning", MOTIF[1])
    put(None, "")
    put(None, "Context:")
    put(None, "")
    put("context", MOTIF[2])
    put(None, "")
    put(None, "Philosophical Questions")
    put(None, "")
    put("question", QUESTION[0])
    put(None, "")
    put("discussion", QUESTION[1])
    put(None, "")
    put(None, "Core Meaning")
    put(None, "")
    put("core", CORE)
    return "\n".join(lines) + "\n", where


_DEFAULTS = inspect.signature(write_document).parameters


def header_of(doc) -> dict[str, Any]:
    """Every header field of a Document, with its line, as plain values."""
    text = lambda t: None if t is None else (t.value, t.line)  # noqa: E731
    texts = lambda ts: [(t.value, t.line) for t in ts]  # noqa: E731
    money = lambda m: None if m is None else (m.amount, m.currency, m.line)  # noqa: E731
    r = doc.rating
    return {
        "title": text(doc.title),
        "logline": text(doc.logline),
        "display_title": text(doc.display_title),
        "original_title": text(doc.original_title),
        "tagline": text(doc.tagline),
        "release_date": (doc.release_date, doc.release_line),
        "countries": [(c.label, c.code, c.line) for c in doc.countries],
        "runtime_minutes": (doc.runtime_minutes, doc.runtime_line),
        "rating": None if r is None else (r.value, r.votes, r.best, r.line),
        "directors": texts(doc.directors),
        "cast": texts(doc.cast),
        "genres": texts(doc.genres),
        "themes": texts(doc.themes),
        "budget": money(doc.budget),
        "box_office": money(doc.box_office),
        "warnings": [(w.line, w.message) for w in doc.warnings],
    }


def expected_header(lines: dict[str, Any], values: dict[str, Any], where: dict[str, int],
                    warnings: list[tuple[int, str]]) -> dict[str, Any]:
    """What header_of must give for a document written with `lines` (write_document's arguments)."""
    raw = {**{k: v.default for k, v in _DEFAULTS.items()}, **lines}
    vals = {**DEFAULT_VALUES, **values}
    title = raw["title"]

    def text(key: str) -> tuple[str, int] | None:
        value = title if raw[key] is SAME else raw[key]
        return None if value is None else (value, where[key])

    def part(key: str, raw_key: str, empty: Any = None) -> Any:
        return empty if raw[raw_key] is None else vals[key]

    meta = where.get("metadata")
    date = part("release_date", "date")
    runtime = part("runtime_minutes", "runtime")
    rating = part("rating", "rating")
    listed = lambda key: [(v, where[key]) for v in vals[key]] if raw[key] is not None else []  # noqa: E731
    money = lambda key: None if raw[key] is None else (vals[key], "USD", where[key])  # noqa: E731
    return {
        "title": (title, where["title"]),
        "logline": text("logline"),
        "display_title": text("display_title"),
        "original_title": text("original_title"),
        "tagline": text("tagline"),
        "release_date": (date, None if date is None else meta),
        "countries": [(label, code, meta) for label, code in part("countries", "countries", [])],
        "runtime_minutes": (runtime, None if runtime is None else meta),
        "rating": None if rating is None else (*rating, 10, meta),
        "directors": listed("directors"),
        "cast": listed("cast"),
        "genres": listed("genres"),
        "themes": listed("themes"),
        "budget": money("budget"),
        "box_office": money("box_office"),
        "warnings": warnings,
    }


@dataclass(frozen=True)
class Case:
    id: str
    lines: dict[str, Any] = field(default_factory=dict)  # write_document arguments
    values: dict[str, Any] = field(default_factory=dict)  # parsed values that differ from DEFAULT_VALUES
    warnings: list[tuple[int, str]] = field(default_factory=list)


def title_case(id: str, title: str, date: str, iso: dt.date, countries: list[tuple[str, str]],
               runtime: int, director: str, original: str = SAME, **extra: Any) -> Case:
    """A real title on line 1 and as the display title, with a normal metadata line."""
    return Case(
        id,
        dict(title=title, original_title=original, date=date, countries=" ".join(c for c, _ in countries),
             runtime=f"{runtime} min", directors=director, **extra),
        dict(release_date=iso, countries=countries, runtime_minutes=runtime, directors=[director]),
    )


US, GB, FR, DE = ("United States of America", "US"), ("United Kingdom", "GB"), ("France", "FR"), ("Germany", "DE")

CASES = [
    title_case("12-angry-men", "12 Angry Men", "10 April 1957", dt.date(1957, 4, 10), [US], 97, "Sidney Lumet"),
    title_case("2001-a-space-odyssey", "2001: A Space Odyssey", "2 April 1968", dt.date(1968, 4, 2), [GB, US],
               149, "Stanley Kubrick"),
    title_case("20000-leagues", "20,000 Leagues Under the Sea", "23 December 1954", dt.date(1954, 12, 23), [US],
               127, "Richard Fleischer"),
    title_case("3-10-to-yuma", "3:10 to Yuma", "6 September 2007", dt.date(2007, 9, 6), [US], 122, "James Mangold"),
    title_case("10000-bc", "10,000 B.C.", "7 March 2008", dt.date(2008, 3, 7), [US, ("South Africa", "ZA")], 109,
               "Roland Emmerich"),
    title_case("42nd-street", "42nd Street", "9 March 1933", dt.date(1933, 3, 9), [US], 89, "Lloyd Bacon"),
    title_case("15-minutes", "15 Minutes", "9 March 2001", dt.date(2001, 3, 9), [US, DE], 120, "John Herzfeld"),
    title_case("88-minutes", "88 Minutes", "19 April 2007", dt.date(2007, 4, 19), [US, DE, ("Canada", "CA")], 108,
               "Jon Avnet"),
    title_case("1917", "1917", "25 December 2019", dt.date(2019, 12, 25), [GB, US], 119, "Sam Mendes"),
    title_case("2046", "2046", "30 September 2004", dt.date(2004, 9, 30),
               [("Hong Kong", "HK"), ("China", "CN"), FR], 129, "Wong Kar-wai"),
    title_case("8-and-a-half", "8½", "14 February 1963", dt.date(1963, 2, 14), [("Italy", "IT"), FR], 138,
               "Federico Fellini"),
    title_case("paris-texas", "Paris, Texas", "19 May 1984", dt.date(1984, 5, 19), [FR, DE], 145, "Wim Wenders"),
    title_case("australia", "Australia", "26 November 2008", dt.date(2008, 11, 26), [("Australia", "AU"), US], 165,
               "Baz Luhrmann"),
    title_case("spirited-away-japanese", "千と千尋の神隠し", "20 July 2001", dt.date(2001, 7, 20), [("Japan", "JP")],
               125, "Hayao Miyazaki"),
    title_case("amelie", "Amélie", "25 April 2001", dt.date(2001, 4, 25), [FR, DE], 122, "Jean-Pierre Jeunet",
               original="Le Fabuleux Destin d'Amélie Poulain"),
    title_case("8-women", "8 Women", "6 February 2002", dt.date(2002, 2, 6), [FR, ("Italy", "IT")], 111,
               "François Ozon", original="8 femmes"),
    Case("logline-starts-with-digit", dict(
        title="The Jury Room",
        logline="12 jurors must decide the fate of a teenager accused of murder, and only one of them has a doubt.")),
    Case("logline-starts-with-month", dict(
        title="Greyhound",
        logline="March 1943: a convoy of merchant ships crosses the North Atlantic under constant U-boat attack.")),
    Case("logline-starts-with-runtime", dict(
        title="Standoff",
        logline="90 min of real time in the life of a hostage negotiator on the worst night of his career.")),
    Case("tagline-starts-with-digit", dict(
        title="The Long Winter", tagline="10,000 years ago, one hunter crossed the ice to bring his people home.")),
    Case("no-tagline", dict(tagline=None)),
    Case("no-logline", dict(logline=None)),
    Case("no-genre-line", dict(genres=None)),
    Case("no-theme-line", dict(themes=None)),
    Case("no-genre-no-theme-line", dict(genres=None, themes=None)),
    Case("title-is-a-genre", dict(title="Western", genres="Western Drama"), dict(genres=["Western", "Drama"])),
    Case("title-is-a-theme", dict(title="Survival", themes="Survival | Grief"), dict(themes=["Survival", "Grief"])),
    Case("single-theme", dict(themes="Grief"), dict(themes=["Grief"])),
    Case("no-runtime", dict(runtime=None)),
    Case("no-rating", dict(rating=None)),
    Case("no-date", dict(date=None)),
    Case("no-director-line", dict(directors=None)),
    Case("no-cast-line", dict(cast=None)),
    Case("two-directors", dict(title="Fargo", directors="Joel Coen, Ethan Coen"),
         dict(directors=["Joel Coen", "Ethan Coen"])),
    Case("three-countries", dict(countries="United Kingdom France Germany"), dict(countries=[GB, FR, DE])),
    Case("countries-with-comma", dict(countries="United States of America, Canada"),
         dict(countries=[US, ("Canada", "CA")])),
    # TMDB (the source site) writes runtimes as "2h 6m"; tests/documents/paper_moons.txt does too.
    Case("runtime-hours-minutes", dict(runtime="2h 6m")),
    Case("rating-without-votes", dict(rating="⭐ 7.8"), dict(rating=(Decimal("7.8"), None))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_header_fields(case: Case):
    text, where = write_document(**case.lines)
    doc = parse_document(text.encode(), "name.txt")
    assert header_of(doc) == expected_header(case.lines, case.values, where, case.warnings)
    if doc.themes:
        assert doc.theme_split is not None and not doc.theme_split.uncertain
    else:
        assert doc.theme_split is None
    # The analysis sections are read the same whatever the header holds.
    assert [(m.name.value, m.name.line, m.meaning.value, m.meaning.line, m.context.value, m.context.line)
            for m in doc.motifs] == [(MOTIF[0], where["motif"], MOTIF[1], where["meaning"],
                                      MOTIF[2], where["context"])]
    assert [(q.question.value, q.question.line, q.discussion.value, q.discussion.line) for q in doc.questions] == [
        (QUESTION[0], where["question"], QUESTION[1], where["discussion"])]
    assert (doc.core_meaning.value, doc.core_meaning.line) == (CORE, where["core"])
    assert [s.key for s in doc.sections] == ["facts", "motifs", "questions", "core-meaning"]


def test_helper_writes_the_seed_layout(seed_lines):
    """The helper's default document has the seed's header shape, line for line."""
    text, where = write_document()
    lines = text.split("\n")
    assert [bool(line) for line in lines[:16]] == [bool(line) for line in seed_lines[:16]]
    header_lines = {k: v for k, v in where.items() if k not in ("motif", "meaning", "context", "question",
                                                                 "discussion", "core")}
    assert header_lines == {"title": 1, "logline": 2, "display_title": 3, "original_title": 4, "tagline": 6,
                     "metadata": 8, "directors": 9, "cast": 10, "genres": 11, "themes": 12, "budget": 13,
                     "box_office": 14}
    assert lines[15] == seed_lines[15] and lines[17] == seed_lines[17]
