"""The parser reads the seed layout and the ways real pages vary from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import DOCUMENTS, SEED

from filmgraph.errors import InputError
from filmgraph.parser import parse_document, read_document

HER = SEED.read_text(encoding="utf-8")


def test_seed_fields_and_lines():
    doc = read_document(SEED)
    assert doc.title.value == "Her" and doc.title.line == 1
    assert doc.tagline.value == "A Spike Jonze love story." and doc.tagline.line == 6
    assert doc.release_date == dt.date(2013, 12, 18)
    assert [(c.label, c.code) for c in doc.countries] == [("United States of America", "US")]
    assert doc.runtime_minutes == 126
    assert (doc.rating.value, doc.rating.votes, doc.rating.best) == (Decimal("7.8"), 14844, 10)
    assert [d.value for d in doc.directors] == ["Spike Jonze"]
    assert doc.budget.amount == 23_000_000 and doc.box_office.amount == 47_351_251
    assert [m.name.line for m in doc.motifs] == [20, 30, 40]
    assert [q.question.line for q in doc.questions] == [52, 56, 60]
    assert doc.warnings == []
    assert [(s.key, s.start_line, s.end_line) for s in doc.sections] == [
        ("facts", 1, 14), ("motifs", 18, 48), ("questions", 50, 62), ("core-meaning", 64, 66)]


def test_two_directors_several_countries_curly_quotes_accents():
    doc = read_document(DOCUMENTS / "quiet_orbit.txt")
    assert [d.value for d in doc.directors] == ["Lucía Fernández", "Spike Jonze"]
    assert [c.code for c in doc.countries] == ["MX", "ES"]
    assert doc.tagline.value == "Nobody is listening. Until someone is."
    assert doc.original_title.value == "Órbita Silenciosa" and doc.original_title.line == 4
    assert [c.value for c in doc.cast] == ["Zoë Marchetti", "Joaquin Phoenix", "Émile Durand"]
    # Inline "Meaning: ..." and no blank lines between parts.
    assert doc.motifs[1].meaning.value.startswith("Static stands for the noise")


def test_no_budget_no_tagline_no_motifs_explicit_separators():
    doc = read_document(DOCUMENTS / "paper_moons.txt")
    assert doc.budget is None and doc.tagline is None and doc.motifs == []
    assert doc.box_office.amount == 310_000
    assert [c.code for c in doc.countries] == ["FR", "DE", "GB"]
    assert doc.runtime_minutes == 123
    assert [t.value for t in doc.themes] == ["Sisterhood", "The Passing of Time", "Art as Memory", "Family"]
    assert doc.theme_split.method == "explicit separator" and not doc.theme_split.uncertain
    assert [g.value for g in doc.genres] == ["Drama", "Family", "Puppetry"]
    assert any("'Puppetry' is no TMDB genre" in w.message for w in doc.warnings)
    assert [d.value for d in doc.directors] == ["Agnès Varda-Lind", "Tomás O'Brien"]
    assert doc.questions[0].discussion.value.count("\n") == 1


def test_crlf_bom_nbsp_tabs():
    raw = (DOCUMENTS / "lighthouse_keeper.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\xc2\xa0" in raw and b"\t" in raw
    doc = read_document(DOCUMENTS / "lighthouse_keeper.txt")
    assert doc.title.value == "The Lighthouse Keeper"
    assert doc.release_date == dt.date(2019, 2, 14)
    assert [d.value for d in doc.directors] == ["Jan de Vries", "Sofie Jansen"]
    assert [c.value for c in doc.cast] == ["Pieter Bakker", "Noor Visser"]
    assert doc.original_title.value == "De Vuurtorenwachter"
    assert doc.motifs[0].meaning.value == "The lamp is the keeper’s duty and his pride: as long as it turns, he matters."


@pytest.mark.parametrize("transform", [
    lambda t: t.replace("\n", "\r\n"),
    lambda t: "\ufeff" + t,
    lambda t: t.replace(" ", "\u00a0"),
    lambda t: t.replace("\n", "\n\n"),
    lambda t: t.replace("\n\n", "\n"),
    lambda t: t.replace("Cast: ", "Cast:\t"),
])
def test_seed_variants_give_the_same_document(transform):
    base = read_document(SEED)
    doc = parse_document(transform(HER).encode("utf-8"), "variant.txt")
    assert doc.title.value == base.title.value
    assert (doc.release_date, doc.runtime_minutes) == (base.release_date, base.runtime_minutes)
    assert (doc.budget.amount, doc.box_office.amount) == (base.budget.amount, base.box_office.amount)
    assert [t.value for t in doc.themes] == [t.value for t in base.themes]
    assert [(m.name.value, m.meaning.value, m.context.value) for m in doc.motifs] == [
        (m.name.value, m.meaning.value, m.context.value) for m in base.motifs]
    assert [(q.question.value, q.discussion.value) for q in doc.questions] == [
        (q.question.value, q.discussion.value) for q in base.questions]
    assert doc.core_meaning.value == base.core_meaning.value


@pytest.mark.parametrize("line,expected", [
    ("December 18, 2013 United States of America 126 min ⭐ 7.8 (14,844)", dt.date(2013, 12, 18)),
    ("2013-12-18 United States of America 126 min ⭐ 7.8 (14,844)", dt.date(2013, 12, 18)),
    ("18 Dec 2013 United States of America 126 min ⭐ 7.8 (14,844)", dt.date(2013, 12, 18)),
])
def test_date_forms(line, expected):
    doc = parse_document(HER.replace(HER.split("\n")[7], line).encode(), "d.txt")
    assert doc.release_date == expected


def test_historic_and_unknown_countries():
    line = "1 May 1980 Soviet Union Atlantis 95 min ⭐ 6.0 (10)"
    doc = parse_document(HER.replace(HER.split("\n")[7], line).encode(), "c.txt")
    assert [(c.label, c.code) for c in doc.countries] == [("Soviet Union", "SUHH"), ("Atlantis", None)]
    assert any("unknown country 'Atlantis'" in w.message for w in doc.warnings)


def test_hostile_text_is_kept_as_text():
    nasty = 'He said "stop" \\ then """ <script>alert(1)</script> \x01\x7f end'
    text = HER.replace("A Spike Jonze love story.", nasty)
    doc = parse_document(text.encode(), "x.txt")
    assert doc.tagline.value == nasty


def _her_with(replace: dict[int, str | None] | None = None, insert_after: dict[int, str] | None = None) -> str:
    """The seed with lines (1-based) replaced (None drops one) and lines put after others."""
    out = []
    for number, line in enumerate(HER.split("\n"), 1):
        new = (replace or {}).get(number, line)
        if new is not None:
            out.append(new)
        if number in (insert_after or {}):
            out.append(insert_after[number])
    return "\n".join(out)


def _messages(doc) -> list[tuple[int, str]]:
    return [(w.line, w.message) for w in doc.warnings]


@pytest.mark.parametrize("extra", ["Writer: Spike Jonze", "Produced by Megan Ellison", "Music by Arcade Fire",
                                   "Filmed in 35 mm in Shanghai and Los Angeles"])
def test_an_extra_line_before_the_genre_line_leaves_genres_and_themes_alone(extra):
    doc = parse_document(_her_with(insert_after={10: extra}).encode(), "x.txt")
    base = read_document(SEED)
    assert [g.value for g in doc.genres] == [g.value for g in base.genres]
    assert [t.value for t in doc.themes] == [t.value for t in base.themes]
    assert [(line.role, line.number, line.text) for line in doc.source_lines if line.role == "unrecognised"] == [
        ("unrecognised", 11, extra)]
    assert _messages(doc) == [(11, f"unrecognised header line, kept as unrecognised text: '{extra}'")]


def test_directed_by_without_a_colon_is_the_director_line():
    doc = parse_document(_her_with({9: "Directed by Spike Jonze"}).encode(), "x.txt")
    assert [d.value for d in doc.directors] == ["Spike Jonze"] and doc.warnings == []


def test_a_second_director_line_adds_its_names_and_says_so():
    doc = parse_document(_her_with(insert_after={9: "Director: Someone Else"}).encode(), "x.txt")
    assert [(d.value, d.line) for d in doc.directors] == [("Spike Jonze", 9), ("Someone Else", 10)]
    assert _messages(doc) == [(10, "a second 'Director' line (the first is line 9): its names are added")]


def test_a_second_budget_line_is_an_error_naming_both():
    with pytest.raises(InputError, match=r"^x.txt:14: a second 'Budget' line \(the first is line 13\)$"):
        parse_document(_her_with(insert_after={13: "Budget: $5,000,000"}).encode(), "x.txt")


@pytest.mark.parametrize("runtime,minutes", [("126 min", 126), ("2h 6m", 126), ("2h6m", 126), ("1 hr 30 min", 90),
                                             ("2h", 120), ("90 minutes", 90), ("126m", 126), ("2 hours", 120)])
def test_runtime_forms(runtime, minutes):
    doc = parse_document(_her_with({8: f"18 December 2013 United States of America {runtime} ⭐ 7.8 (14,844)"})
                         .encode(), "x.txt")
    assert doc.runtime_minutes == minutes
    assert [(c.label, c.code) for c in doc.countries] == [("United States of America", "US")]
    assert doc.warnings == []


def test_metadata_parts_separated_by_dots_or_bars():
    for sep in (" · ", " | ", " • "):
        line = sep.join(["18 December 2013", "United States of America", "126 min", "⭐ 7.8 (14,844)"])
        doc = parse_document(_her_with({8: line}).encode(), "x.txt")
        assert (doc.release_date, doc.runtime_minutes, doc.rating.votes) == (dt.date(2013, 12, 18), 126, 14844)
        assert [c.code for c in doc.countries] == ["US"] and doc.warnings == []


@pytest.mark.parametrize("line", ["2013 United States of America 126 min ⭐ 7.8 (14,844)",
                                  "December 2013 United States of America 126 min ⭐ 7.8 (14,844)",
                                  "2013 United States of America 126 min"])
def test_a_year_for_a_date_is_an_error_on_the_metadata_line(line):
    with pytest.raises(InputError, match=r"^x.txt:8: release date '(December )?2013' is not a whole date"):
        parse_document(_her_with({8: line}).encode(), "x.txt")


def test_a_lone_genre_name_for_the_last_line_warns_that_it_could_be_the_theme_line():
    doc = parse_document(_her_with({11: None, 12: "Family"}).encode(), "x.txt")
    assert [g.value for g in doc.genres] == ["Family"] and doc.themes == []
    assert _messages(doc) == [(11, "'Family' is read as the genre line, so the film has no themes; "
                                   "if it is the theme line, write 'Themes: ...'")]


def test_two_title_lines_and_no_logline():
    text = _her_with({1: "Birdman", 2: "Birdman or (The Unexpected Virtue of Ignorance)", 3: "Birdman", 4: None})
    doc = parse_document(text.encode(), "x.txt")
    assert doc.logline is None
    assert doc.display_title.value == "Birdman or (The Unexpected Virtue of Ignorance)"
    assert doc.original_title.value == "Birdman" and doc.warnings == []


@pytest.mark.parametrize("countries,codes", [("Korea, Republic of", ["KR"]), ("US, GB", ["US", "GB"]),
                                             ("United Kingdom France Germany", ["GB", "FR", "DE"]),
                                             ("Bolivia, Plurinational State of", ["BO"])])
def test_country_names_with_commas_and_codes(countries, codes):
    doc = parse_document(_her_with({8: f"18 December 2013 {countries} 126 min ⭐ 7.8 (14,844)"}).encode(), "x.txt")
    assert [c.code for c in doc.countries] == codes and doc.warnings == []


@pytest.mark.parametrize("budget,amount", [("$1.2 million", Decimal(1_200_000)), ("$23M", Decimal(23_000_000)),
                                           ("$2.5 billion", Decimal(2_500_000_000)), ("€800k", Decimal(800_000))])
def test_amounts_with_a_scale_word(budget, amount):
    doc = parse_document(_her_with({13: f"Budget: {budget}"}).encode(), "x.txt")
    assert doc.budget.amount == amount and doc.warnings == []


@pytest.mark.parametrize("unknown", ["N/A", "Unknown", "-", "—", "TBA"])
def test_an_amount_the_page_does_not_know_is_left_out_with_a_warning(unknown):
    doc = parse_document(_her_with({13: f"Budget: {unknown}"}).encode(), "x.txt")
    assert doc.budget is None and doc.box_office.amount == 47_351_251
    assert _messages(doc) == [(13, f"Budget: '{unknown}' states no amount: left out")]


def test_votes_written_in_thousands():
    doc = parse_document(_her_with({8: "18 December 2013 United States of America 126 min ⭐ 7.8 (1.2K)"}).encode(),
                         "x.txt")
    assert doc.rating.votes == 1200
