"""Cutting run-together lines into names: genres by longest match, themes by evidence.

The source pages lost the separators between genres and between themes, so
"Drama Romance Science Fiction" and four title-cased themes arrive as one line of
words. Genres are matched against TMDB's 19 genre names. Themes are cut by scoring
every admissible segmentation on title-case and word-shape evidence; the result says
which method decided and whether the choice was uncertain. An author can make the
split explicit with one of EXPLICIT_SEPARATORS, which always wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: TMDB's movie genre names (the source site's vocabulary).
TMDB_GENRES: tuple[str, ...] = (
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama",
    "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance",
    "Science Fiction", "TV Movie", "Thriller", "War", "Western",
)

#: Characters an author may put between names to make a split explicit.
EXPLICIT_SEPARATORS = "|;•·"

_EXPLICIT_RE = re.compile("[" + re.escape(EXPLICIT_SEPARATORS) + "]")

#: Words that title case leaves lower-case inside a title; a name never ends with one.
MINOR_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or the to vs via with without "
    "versus over under between beyond within against".split()
)

#: Endings that mark a word as a noun that can close a theme ("Intimacy", "Love").
_NOUN_ENDINGS = (
    "ity", "ness", "tion", "sion", "ment", "ship", "ships", "ism", "acy", "ence",
    "ance", "hood", "dom", "ure", "age", "ery", "logy", "phy", "ics", "ty",
)
#: Endings that mark a word as a modifier that leans on the next word ("Human").
_MODIFIER_ENDINGS = (
    "al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ish", "an",
    "ian", "ed", "ing", "ial", "ical", "ent", "ant", "'s", "’s", "s'",
)


@dataclass(frozen=True)
class SplitResult:
    """Names cut from a line, how, and whether another cut was about as likely."""

    names: tuple[str, ...]
    method: str
    uncertain: bool
    alternatives: tuple[tuple[str, ...], ...] = ()


def _words(line: str) -> list[str]:
    """Words of a line split on spaces only (control characters are text here)."""
    return [w for w in line.split(" ") if w]


def explicit_split(line: str) -> tuple[str, ...] | None:
    """Names separated by an explicit separator, or None when the line has none."""
    if not _EXPLICIT_RE.search(line):
        return None
    return tuple(n for n in (p.strip() for p in _EXPLICIT_RE.split(line)) if n)


def split_genres(line: str) -> tuple[list[str], list[str]]:
    """Genres from a line, by explicit separators or longest match of TMDB names.

    Returns (genres, unknown): every word that is no TMDB genre becomes a genre of
    its own and is listed in unknown so that the caller can warn.
    """
    explicit = explicit_split(line) or (
        tuple(p.strip() for p in line.split(",") if p.strip()) if "," in line else None
    )
    known = {g.casefold(): g for g in TMDB_GENRES}
    if explicit is not None:
        unknown = [n for n in explicit if n.casefold() not in known]
        return [known.get(n.casefold(), n) for n in explicit], unknown
    words = _words(line)
    longest = max(len(g.split()) for g in TMDB_GENRES)
    genres: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            candidate = " ".join(words[i : i + n]).casefold()
            if candidate in known:
                genres.append(known[candidate])
                i += n
                break
        else:
            genres.append(words[i])
            unknown.append(words[i])
            i += 1
    return genres, unknown


def _is_capitalised(word: str) -> bool:
    first = next((c for c in word if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit())


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]:,.!?").casefold()


def _end_evidence(word: str) -> float:
    """How strongly a word's shape says a name may end after it (+) or not (-)."""
    w = _bare(word)
    if word.endswith(("'s", "’s")):
        return -3.0
    if w.endswith(_NOUN_ENDINGS):
        return 1.5
    if w.endswith(_MODIFIER_ENDINGS):
        return -1.5
    return 0.0


def _length_cost(n: int) -> float:
    """Cost of a name of n words: themes run two to six words, rarely one or ten."""
    if n == 1:
        return 2.0
    if n <= 6:
        return 0.0
    return 0.75 * (n - 6)


def _cut_costs(words: tuple[str, ...]) -> tuple[dict[int, float], set[int]]:
    """Admissible cut positions with their cost (negative favours a cut), and forced ones.

    A cut before word i is admissible when word i is capitalised and word i-1 is not
    a minor word (a name never ends in "and", "the", "of" ...). A capitalised minor
    word ("... Connection The Nature ...") starts a new title in title case.
    """
    costs: dict[int, float] = {}
    forced: set[int] = set()
    for i in range(1, len(words)):
        prev, cur = words[i - 1], words[i]
        if not _is_capitalised(cur) or _bare(prev) in MINOR_WORDS:
            continue
        if _bare(cur) in MINOR_WORDS:
            forced.add(i)
            costs[i] = -4.0
        else:
            costs[i] = -_end_evidence(prev)
    return costs, forced


@lru_cache(maxsize=4096)
def _segmentations(line: str, known: frozenset[str]) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The best few segmentations of a line, cheapest first (dynamic programming)."""
    words = tuple(_words(line))
    n = len(words)
    cut_cost, forced = _cut_costs(words)
    keep = 4
    best: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
    best[0] = [(0.0, ())]
    for j in [*sorted(cut_cost), n]:
        options = []
        for i in [0, *sorted(cut_cost)]:
            if i >= j or not best[i] or any(i < f < j for f in forced):
                continue
            name = " ".join(words[i:j]).casefold()
            cost = _length_cost(j - i) - (3.0 if name in known else 0.0)
            cost += cut_cost.get(j, 0.0)
            options.extend((c + cost, cuts + (j,)) for c, cuts in best[i])
        options.sort()
        best[j] = options[:keep]
    return tuple(
        (cost, tuple(" ".join(words[a:b]) for a, b in zip((0, *cuts[:-1]), cuts)))
        for cost, cuts in best[n]
    )


@lru_cache(maxsize=4096)
def split_themes(line: str, known: frozenset[str] = frozenset()) -> SplitResult:
    """Cut a theme line into theme names.

    ``known`` holds casefolded theme names seen elsewhere (for example in other
    documents of the corpus); a segmentation made of known names is preferred.
    """
    explicit = explicit_split(line)
    if explicit is not None:
        return SplitResult(explicit, "explicit separator", False)
    if not _words(line):
        return SplitResult((), "empty", False)
    words = tuple(_words(line))
    ranked = _segmentations(" ".join(words), known)
    cost, names = ranked[0]
    close = tuple(r[1] for r in ranked[1:] if r[0] - cost < 1.0)
    if any(n.casefold() in known for n in names):
        return SplitResult(names, "known themes and title-case evidence", bool(close), close)
    costs, forced = _cut_costs(words)
    weak = any(abs(c) < 1.0 for i, c in costs.items() if i not in forced)
    return SplitResult(names, "title-case evidence", weak or bool(close), close)
