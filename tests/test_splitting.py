"""Run-together genre and theme lines are cut with evidence, and say when unsure."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from filmgraph.builder import build
from filmgraph.parser import parse_document
from filmgraph.splitting import TMDB_GENRES, ThemeSplitter, split_genres, split_themes
from filmgraph.synthetic import document

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
    # Closed word classes: a participle after an article modifies; a clause stays whole.
    ("The Corrupting Influence of Power Greed", ("The Corrupting Influence of Power", "Greed")),
    ("The Lengths We Go for Those We Love Redemption", ("The Lengths We Go for Those We Love", "Redemption")),
    ("Loneliness and the Need for Connection Memory and Grief The Ethics of Artificial Minds",
     ("Loneliness and the Need for Connection", "Memory and Grief", "The Ethics of Artificial Minds")),
    ("The Ecology of Domestic Labor Grief", ("The Ecology of Domestic Labor", "Grief")),
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


CORPUS_LINES = [
    "Family and Belonging Survival", "Survival | Grief", "Survival Freedom versus Control",
    "Freedom versus Control The Cost of Ambition", "Moral Ambiguity Class Struggle Mortality",
    "Class Struggle", "Mortality Moral Ambiguity", "Love Loss Redemption", "Redemption | Love",
    "Loss Grief and Healing", "Grief and Healing Coming of Age Friendship", "Friendship Loyalty and Betrayal",
]


def _write_corpus(folder, lines, names):
    her = SEED.read_text(encoding="utf-8")
    folder.mkdir()
    for i, (line, name) in enumerate(zip(lines, names)):
        text = her.replace(HER_THEMES, line).replace("Her\n", f"Film {i}\n", 1)
        (folder / name).write_text(text, encoding="utf-8")


def test_corpus_splits_do_not_depend_on_the_order_of_files(tmp_path):
    forward = [f"{i:02d}.txt" for i in range(len(CORPUS_LINES))]
    backward = list(reversed(forward))  # the same documents, read in the other order
    _write_corpus(tmp_path / "a", CORPUS_LINES, forward)
    _write_corpus(tmp_path / "b", CORPUS_LINES, backward)
    splits = []
    for folder in ("a", "b"):
        result = build([tmp_path / folder])
        splits.append({doc.title.value: ([t.value for t in doc.themes], doc.theme_split)
                       for doc, _ in result.documents})
    assert splits[0] == splits[1]
    themes = {title: names for title, (names, _) in splits[0].items()}
    # What other documents state settles the one-word themes and the pair.
    assert themes["Film 0"] == ["Family and Belonging", "Survival"]
    assert themes["Film 4"] == ["Moral Ambiguity", "Class Struggle", "Mortality"]
    assert themes["Film 7"] == ["Love", "Loss", "Redemption"]
    assert splits[0]["Film 4"][1].method == "corpus and title-case evidence"  # alone it cuts "Class | Struggle"
    assert split_themes(CORPUS_LINES[4]).names == ("Moral Ambiguity", "Class", "Struggle", "Mortality")


def test_a_splitter_learns_the_same_from_lines_in_any_order():
    a, b = ThemeSplitter(), ThemeSplitter()
    a.learn(CORPUS_LINES)
    b.learn(list(reversed(CORPUS_LINES)) + CORPUS_LINES[:3])  # repeats change nothing either
    assert a.known == b.known and [a.split(x) for x in CORPUS_LINES] == [b.split(x) for x in CORPUS_LINES]


LINE = "Moral Ambiguity Class Struggle Mortality"


def _one_document(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace(HER_THEMES, LINE), encoding="utf-8")
    return source


def _themes(out) -> list[str]:
    store = ox.Store()
    store.load(out.read_bytes(), format=ox.RdfFormat.TURTLE)
    rows = store.query("SELECT ?r WHERE { ?s <https://w3id.org/filmgraph/splitResult> ?r }")
    return [row[0].value for row in rows]


def test_themes_file_and_vocabulary_change_a_split_as_they_say(invoke, tmp_path):
    source = _one_document(tmp_path)
    alone = tmp_path / "alone.ttl"
    assert invoke("build", source, "-o", alone).exit_code == 0
    assert _themes(alone) == ["Moral Ambiguity | Class | Struggle | Mortality"]

    listed = tmp_path / "themes.txt"
    listed.write_text("# themes we use\nClass Struggle\n\nMoral Ambiguity\n", encoding="utf-8")
    out = tmp_path / "listed.ttl"
    result = invoke("build", source, "--themes", listed, "-o", out)
    assert result.exit_code == 0 and "uncertain" not in result.stderr
    assert _themes(out) == ["Moral Ambiguity | Class Struggle | Mortality"]

    scheme = tmp_path / "scheme.ttl"  # a SKOS concept scheme that says "Ambiguity Class" is one theme
    scheme.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                      '<http://example.org/t1> a skos:Concept ; skos:prefLabel "Moral"@en .\n'
                      '<http://example.org/t2> a skos:Concept ; skos:prefLabel "Ambiguity Class"@en .\n',
                      encoding="utf-8")
    out = tmp_path / "scheme.ttl.out.ttl"
    assert invoke("build", source, "--themes", scheme, "-o", out).exit_code == 0
    assert _themes(out) == ["Moral | Ambiguity Class | Struggle | Mortality"]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text(SEED.read_text(encoding="utf-8").replace(HER_THEMES, "Class Struggle | Mortality")
                                      .replace("Her\n", "Other\n", 1), encoding="utf-8")
    dataset = tmp_path / "corpus.trig"
    assert invoke("build", corpus, "-o", dataset).exit_code == 0
    out = tmp_path / "reused.ttl"
    assert invoke("build", source, "--vocabulary", dataset, "-o", out).exit_code == 0
    assert _themes(out) == ["Moral Ambiguity | Class Struggle | Mortality"]


@pytest.mark.parametrize("content,problem", [
    (None, "cannot read file"),
    (b"\n# nothing\n", "no themes in this file"),
    (b"\xff\xfe", "not valid UTF-8"),
])
def test_a_bad_themes_file_is_one_error_line(invoke, tmp_path, content, problem):
    source = _one_document(tmp_path)
    themes = tmp_path / "themes.txt"
    if content is not None:
        themes.write_bytes(content)
    out = tmp_path / "out.ttl"
    result = invoke("build", source, "--themes", themes, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {themes}") and problem in line


def test_a_themes_scheme_with_a_syntax_error_names_its_line(invoke, tmp_path):
    source = _one_document(tmp_path)
    scheme = tmp_path / "scheme.ttl"
    scheme.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<a> skos:prefLabel "x" ;;\n')
    result = invoke("build", source, "--themes", scheme)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {scheme}:2: not valid RDF")


def test_corpus_evidence_does_not_hide_a_doubtful_compound():
    """A cut between two nouns that leaves a word alone which no line states alone stays flagged,
    however much the corpus knows the other word ("Family | Loyalty" may be "Family Loyalty")."""
    splitter = ThemeSplitter()
    lines = ["Family | Grief", "Family The Cost of Ambition", "Grief Family", "Courage Family",
             "The Cost of Ambition Family Loyalty"]
    splitter.learn(lines)
    result = splitter.split(lines[-1])
    assert "Loyalty" in result.names and result.uncertain
    assert ("The Cost of Ambition", "Family Loyalty") in result.alternatives
    # Stated alone somewhere, the same cut is sure.
    splitter.learn([*lines, "Loyalty | Grief"])
    result = splitter.split(lines[-1])
    assert result.names == ("The Cost of Ambition", "Family", "Loyalty")


def test_a_joining_word_never_opens_a_theme():
    assert split_themes("Fate Versus Free Will Sacrifice").names[0] == "Fate Versus Free Will"


def _made_again(splitter: ThemeSplitter, line: str):
    """The split of a line made afresh, as the splitter stands (no split or cut cost remembered)."""
    splitter._cut_costs.clear()
    return splitter._split(line)


def test_the_splits_kept_between_rounds_of_learning_are_those_made_again():
    """Learning keeps the splits that what a round learnt cannot change: each is the split made afresh."""
    lines = [parse_document(document(i), split=False).theme_line.value for i in range(400)]
    splitter = ThemeSplitter(["Identity", "The Price of Fame"])
    splitter.learn(lines)
    assert all(splitter.split(line) == _made_again(splitter, line) for line in lines)


_NAMES = ["Love", "Loss", "Grief", "Family", "Loyalty", "Family Loyalty", "Class Struggle", "Moral Ambiguity",
          "The Cost of Ambition", "Coming of Age", "Friendship", "Freedom versus Control", "Survival",
          "Grief and Healing", "The Price of Fame", "Identity", "Memory", "Redemption"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5), st.booleans()),
                min_size=2, max_size=30),
       st.lists(st.sampled_from(_NAMES), max_size=2))
def test_what_learning_keeps_is_what_splitting_again_makes(lines, vocabulary):
    texts = [(" | " if explicit else " ").join(names) for names, explicit in lines]
    splitter = ThemeSplitter(vocabulary)
    splitter.learn(texts)
    assert all(splitter.split(line) == _made_again(splitter, line) for line in texts)
