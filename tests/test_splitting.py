"""Run-together genre and theme lines are cut with evidence, and say when unsure."""

from __future__ import annotations

import pytest

from conftest import SEED
from filmgraph.build import build
from filmgraph.splitting import TMDB_GENRES, split_genres, split_themes

HER_THEMES = ("Loneliness and the Need for Connection The Nature of Love and Relationships "
              "Technology's Role in Human Intimacy Identity and Consciousness")


def test_her_themes_exactly():
    result = split_themes(HER_THEMES)
    assert result.names == ("Loneliness and the Need for Connection", "The Nature of Love and Relationships",
                            "Technology's Role in Human Intimacy", "Identity and Consciousness")
    assert result.method == "title-case evidence" and not result.uncertain


@pytest.mark.parametrize("line,names", [
    ("Power and Corruption Loyalty and Betrayal", ("Power and Corruption", "Loyalty and Betrayal")),
    ("The Weight of Memory The Price of Freedom", ("The Weight of Memory", "The Price of Freedom")),
    ("Grief and Healing The Search for Identity", ("Grief and Healing", "The Search for Identity")),
    ("Isolation and Madness", ("Isolation and Madness",)),
    # The lexicon: "Artificial" and "Free" lean on the next word, "Memory" closes a theme.
    ("Grief and Memory Artificial Intelligence Free Will", ("Grief and Memory", "Artificial Intelligence", "Free Will")),
    # One-word themes beside others (the fault of the first round's splitter).
    ("Family and Belonging Survival", ("Family and Belonging", "Survival")),
    ("Survival Freedom versus Control", ("Survival", "Freedom versus Control")),
    ("Small Pleasures and Everyday Magic Loneliness and the Need for Connection",
     ("Small Pleasures and Everyday Magic", "Loneliness and the Need for Connection")),
])
def test_other_theme_lines(line, names):
    assert split_themes(line).names == names


@pytest.mark.parametrize("line", ["Love Loss Redemption", "Coming of Age Friendship",
                                  "Moral Ambiguity Class Struggle Mortality"])
def test_uncertain_splits_are_flagged(line):
    assert split_themes(line).uncertain


@pytest.mark.parametrize("line,sep", [("Love | Loss | Redemption", "|"), ("Love; Loss; Redemption", ";"),
                                      ("Love • Loss • Redemption", "•")])
def test_explicit_separators_win(line, sep):
    result = split_themes(line)
    assert result.names == ("Love", "Loss", "Redemption")
    assert result.method == "explicit separator" and not result.uncertain


def test_known_themes_decide():
    assert split_themes("Coming of Age Friendship", frozenset({"coming of age", "friendship"})).names == (
        "Coming of Age", "Friendship")


def test_corpus_evidence_settles_an_uncertain_split(tmp_path):
    her = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(her.replace(HER_THEMES, "Coming of Age | Friendship"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        her.replace("Her\n", "Other\n").replace(HER_THEMES, "Coming of Age Friendship"), encoding="utf-8")
    result = build([tmp_path])
    docs = {name: doc for doc, name in result.documents}
    assert [t.value for t in docs["b.txt"].themes] == ["Coming of Age", "Friendship"]
    assert docs["b.txt"].theme_split.method == "known themes and title-case evidence"
    assert not any("theme split" in w.message for w in result.warnings)


def test_uncertain_split_warns_in_the_build(invoke, tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace(HER_THEMES, "Love Loss Redemption"), encoding="utf-8")
    result = invoke("build", source)
    assert result.exit_code == 0
    assert f"warning: {source}:12: uncertain theme split" in result.stderr


def test_genres_longest_match():
    assert split_genres("Drama Romance Science Fiction") == (["Drama", "Romance", "Science Fiction"], [])
    assert split_genres("TV Movie Science Fiction War") == (["TV Movie", "Science Fiction", "War"], [])
    assert split_genres("Science Drama") == (["Science", "Drama"], ["Science"])
    assert split_genres("Film Noir, Drama") == (["Film Noir", "Drama"], ["Film Noir"])
    assert len(TMDB_GENRES) == 19
