"""The synthetic corpus: deterministic, its truth is what its documents say, and it has real-world variety."""

from __future__ import annotations

import collections
import datetime as dt
import json
import time
import unicodedata

import pycountry
import pytest

from filmgraph import synthetic
from filmgraph.splitting import TMDB_GENRES
from filmgraph.synthetic import (
    TRUTH_FIELDS,
    corpus_truth,
    document,
    file_name,
    truth,
    write_corpus,
    write_truth,
)

N = 3000
THEME_LINE = object()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@pytest.fixture(scope="module")
def corpus() -> list[tuple[list[str], dict]]:
    """The first N documents (as lines) with their truths."""
    return [(document(i).split("\n"), truth(i)) for i in range(N)]


@pytest.fixture(scope="module")
def truths(corpus) -> list[dict]:
    return [t for _, t in corpus]


def share(truths: list[dict], test) -> float:
    return sum(1 for t in truths if test(t)) / len(truths)


def test_deterministic():
    first = [(document(i), truth(i)) for i in (0, 7, 123, 2999)]
    [document(i, 3) for i in range(50)]  # other documents and seeds in between change nothing
    assert [(document(i), truth(i)) for i in (0, 7, 123, 2999)] == first
    assert document(5, seed=1) == document(5, seed=1) and truth(5, seed=1) == truth(5, seed=1)
    assert [document(i, 0) for i in range(20)] != [document(i, 1) for i in range(20)]


def test_truth_fields_and_json():
    for i in range(200):
        t = truth(i)
        assert tuple(t) == TRUTH_FIELDS
        assert json.loads(json.dumps(t)) == t
        assert t["date"] is None or dt.date.fromisoformat(t["date"])
        assert t["rating"] is None or (isinstance(t["rating"], str) and 0 < float(t["rating"]) <= 10)
        assert all(isinstance(t[k], (int, type(None))) for k in ("runtime", "votes", "budget", "box_office"))
        assert t["votes"] is None or t["rating"] is not None
        assert (t["budget"] or 1) > 0 and (t["box_office"] or 1) > 0


def _expected_header(t: dict, original: str) -> list[str]:
    """The header a document with truth t must have, written out independently of the generator."""
    names = {code: name for name, code, _ in synthetic._COUNTRIES}
    lines = [t["title"], None, t["title"], original, ""]
    if t["tagline"] is not None:
        lines += [None, ""]
    meta = []
    if t["date"]:
        date = dt.date.fromisoformat(t["date"])
        meta.append(f"{date.day} {MONTHS[date.month - 1]} {date.year}")
    meta += [names[c] for c in t["countries"]]
    if t["runtime"] is not None:
        meta.append(f"{t['runtime']} min")
    if t["rating"] is not None:
        meta.append(f"⭐ {t['rating']}" + (f" ({t['votes']:,})" if t["votes"] is not None else ""))
    lines.append(" ".join(meta))
    if t["directors"]:
        lines.append("Director: " + ", ".join(t["directors"]))
    lines.append("Cast: " + ", ".join(t["cast"]))
    if t["genres"]:
        lines.append(" ".join(t["genres"]))
    lines.append(THEME_LINE)  # checked apart
    if t["budget"] is not None:
        lines.append(f"Budget: ${t['budget']:,}")
    if t["box_office"] is not None:
        lines.append(f"Box Office: ${t['box_office']:,}")
    return lines + ["", f"{t['title']} - Symbolism & Philosophy", "", "Symbols & Motifs", ""]


def test_documents_state_their_truth(corpus):
    for lines, t in corpus[:1500]:
        expected = _expected_header(t, lines[3])
        assert len(lines) > len(expected)
        for i, want in enumerate(expected):
            if want is not None and want is not THEME_LINE:
                assert lines[i] == want, (t["title"], i, lines[i], want)
        assert lines[1].endswith(".") and len(lines[1].split(" ")) >= 6  # the logline
        if t["tagline"] is not None:
            assert lines[5] in (f'"{t["tagline"]}"', f"“{t['tagline']}”")
        themes = lines[expected.index(THEME_LINE)]
        assert themes in (" ".join(t["themes"]), " | ".join(t["themes"]))
        body = lines[len(expected):]
        for motif in t["motifs"]:
            at = body.index(motif)
            assert body[at + 1 : at + 3] == ["", "Meaning:"]
        assert sum(1 for line in body if line in ("Meaning:",)) == len(t["motifs"])
        questions = body[body.index("Philosophical Questions") + 1 : body.index("Core Meaning")]
        assert [q for q in questions if q.endswith("?")] == t["questions"]


def test_country_names_are_pycountry_names():
    for name, code, _ in synthetic._COUNTRIES:
        found = {c.alpha_2 for c in pycountry.countries
                 if name.casefold() in (getattr(c, a, "").casefold() for a in ("name", "official_name", "common_name"))}
        assert found == {code}, name


def _script(text: str) -> set[str]:
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ord(ch) > 0x24F and ch.isalpha()}


def test_titles_have_real_world_variety(corpus, truths):
    titles = [t["title"] for t in truths]
    assert 0.05 < share(truths, lambda t: t["title"][0].isdigit()) < 0.25
    for mark in (":", ",", "'", "?", "!", ".", "&", "½"):
        assert sum(mark in title for title in titles) >= 3, mark
    scripts = set().union(*(_script(title) for title in titles))
    assert {"CJK", "CYRILLIC", "HANGUL", "HIRAGANA"} <= scripts
    assert sum(any(ord(ch) > 127 for ch in title) for title in titles) > 50
    assert sum(lines[3] != lines[0] for lines, _ in corpus) / N > 0.04  # original-language titles
    assert ("8 Women", "8 femmes") in {(lines[0], lines[3]) for lines, _ in corpus}
    assert sum(title in TMDB_GENRES for title in titles) >= 5
    assert sum(title in synthetic._THEMES for title in titles) >= 10
    years = collections.defaultdict(set)
    for t in truths:
        years[t["title"]].add(t["date"][:4] if t["date"] else None)
    assert sum(len(y) > 1 for y in years.values()) >= 50  # remakes


def test_film_identity_is_unique():
    """No two documents state the same (title, year), nor a yearless title that another film's IRI could make."""
    for seed in (0, 1):
        keys = collections.Counter()
        for i in range(20000):
            t = truth(i, seed)
            key = " ".join(t["title"].casefold().split())
            keys[(key, t["date"][:4] if t["date"] else None)] += 1
            if t["date"] is None:
                assert not t["title"][-1].isdigit(), t["title"]
        assert max(keys.values()) == 1, [k for k, v in keys.items() if v > 1][:5]


def test_themes_have_real_world_variety(truths):
    counts = collections.Counter(theme for t in truths for theme in t["themes"])
    assert share(truths, lambda t: any(" " not in x for x in t["themes"])) > 0.3  # one-word themes
    assert sum(1 for x in counts if len(x.split(" ")) == 2 and " and " not in x) > 40  # "Moral Ambiguity"
    for form in (" and ", "The ", " of ", " versus ", " in the Face of ", "'s "):
        assert sum(1 for x in counts if form in x) >= 5, form
    assert sum(1 for v in counts.values() if v == 1) > 300  # themes this corpus has once
    assert sum(1 for v in counts.values() if v >= 10) > 100  # and shared ones
    assert counts.most_common(1)[0][1] > N * 0.05
    assert {"Loneliness and the Need for Connection", "Technology's Role in Human Intimacy", "Survival",
            "Artificial Intelligence", "Free Will"} <= set(counts)
    assert set(collections.Counter(len(t["themes"]) for t in truths)) == {1, 2, 3, 4, 5}
    assert all(len({x.casefold() for x in t["themes"]}) == len(t["themes"]) for t in truths)
    genres = {g.casefold() for g in TMDB_GENRES}
    assert all(t["genres"] or not genres & {x.casefold() for x in t["themes"]} for t in truths)
    rare = {synthetic._rare_theme(i, synthetic._state(0)) for i in range(N)}
    assert not rare & set(synthetic._THEMES)


def test_explicit_theme_separators_are_rare(corpus):
    explicit = sum(1 for lines, t in corpus if len(t["themes"]) > 1 and " | ".join(t["themes"]) in lines)
    assert 0.01 < explicit / N < 0.06


def test_fields_go_missing_as_on_the_source_site(truths):
    for field, low, high in (("tagline", 0.10, 0.20), ("runtime", 0.02, 0.09), ("rating", 0.02, 0.09),
                             ("budget", 0.10, 0.20), ("box_office", 0.06, 0.15), ("date", 0.003, 0.04)):
        assert low < share(truths, lambda t: t[field] is None) < high, field
    assert 0.02 < share(truths, lambda t: not t["genres"]) < 0.09
    assert 0.005 < share(truths, lambda t: not t["directors"]) < 0.04
    assert 0.06 < share(truths, lambda t: len(t["directors"]) > 1) < 0.15
    assert share(truths, lambda t: len(t["countries"]) > 1) > 0.1
    assert share(truths, lambda t: len(t["countries"]) == 3) > 0.02


def test_genres_people_motifs_questions_recur(truths):
    genres = collections.Counter(g for t in truths for g in t["genres"])
    assert set(genres) <= set(TMDB_GENRES) and {"Science Fiction", "TV Movie"} <= set(genres)
    assert all(len(t["genres"]) <= 4 for t in truths)
    people = collections.Counter(p for t in truths for p in t["cast"] + t["directors"])
    assert people.most_common(1)[0][1] >= 20
    names = list(people)
    for part in (" de ", " van ", "O'", "é", "Ø", "-"):
        assert any(part in name for name in names), part
    assert not any("," in name for name in names)
    for field in ("motifs", "questions"):
        counts = collections.Counter(x for t in truths for x in t[field])
        assert counts.most_common(1)[0][1] >= 50 and len(counts) > 50, field


def test_write_corpus_and_truth(tmp_path):
    paths = write_corpus(tmp_path / "docs", 12, seed=2)
    path = write_truth(tmp_path / "truth.json", 12, seed=2)
    assert [p.name for p in paths] == [file_name(i) for i in range(12)]
    assert not list((tmp_path / "docs").glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == corpus_truth(12, seed=2) and list(data) == [p.name for p in paths]
    assert paths[3].read_text(encoding="utf-8") == document(3, seed=2)
    assert data[paths[3].name] == truth(3, seed=2)


def test_generation_is_fast():
    start = time.perf_counter()
    for i in range(10000):
        document(i, seed=4)
    assert time.perf_counter() - start < 10
