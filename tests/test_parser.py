"""The parser reads the seed layout and the ways real pages vary from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import DOCUMENTS, SEED

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
