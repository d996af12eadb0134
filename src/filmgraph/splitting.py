"""Cutting run-together lines into names: genres by longest match, themes by evidence.

The source pages lost the separators between genres and between themes, so
"Drama Romance Science Fiction" and four title-cased themes arrive as one line of
words. Genres are matched against TMDB's 19 genre names. Themes are cut by scoring
every admissible segmentation on title case, the words' parts of speech (an English
lexicon), and, in a corpus, the themes other lines state unambiguously; the result
says which method decided, how sure it is and what else was about as likely. An
author can make the split explicit with one of EXPLICIT_SEPARATORS, which always wins.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
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
#: Articles, which title case never capitalises inside a name: capitalised, they start
#: one ("... Connection The Nature ..."). Other minor words may be capitalised inside a
#: name (a particle: "Holding On"; a long preposition in some styles: "Between"), so
#: they only allow a cut.
STARTING_WORDS = frozenset("a an the".split())
#: Minor words that join two things and so never open a name, even capitalised ("Fate Versus Free Will").
JOINING_WORDS = frozenset("and or nor but versus vs of to as".split())

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
    """Names cut from a line, how, how sure, and the cuts that were about as likely."""

    names: tuple[str, ...]
    method: str
    uncertain: bool
    alternatives: tuple[tuple[str, ...], ...] = ()
    #: How much more likely the chosen cut is than the next best, from 0.5 to 1.
    confidence: float = 1.0


def _words(line: str) -> list[str]:
    """Words of a line split on spaces only (control characters are text here)."""
    return [w for w in line.split(" ") if w]


def explicit_split(line: str) -> tuple[str, ...] | None:
    """Names separated by an explicit separator, or None when the line has none."""
    if not _EXPLICIT_RE.search(line):
        return None
    return tuple(n for n in (p.strip() for p in _EXPLICIT_RE.split(line)) if n)


_GENRES = {g.casefold(): g for g in TMDB_GENRES}
#: Words in the longest genre name.
_LONGEST_GENRE = max(len(g.split()) for g in TMDB_GENRES)


def split_genres(line: str) -> tuple[list[str], list[str]]:
    """Genres from a line, by explicit separators or longest match of TMDB names.

    Returns (genres, unknown): every word that is no TMDB genre becomes a genre of
    its own and is listed in unknown so that the caller can warn.
    """
    genres, unknown = _split_genres(line)
    return list(genres), list(unknown)


@lru_cache(maxsize=1 << 12)  # a corpus repeats the same few genre lines
def _split_genres(line: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    explicit = explicit_split(line) or (
        tuple(p.strip() for p in line.split(",") if p.strip()) if "," in line else None
    )
    known = _GENRES
    if explicit is not None:
        return (tuple(known.get(n.casefold(), n) for n in explicit),
                tuple(n for n in explicit if n.casefold() not in known))
    words = _words(line)
    longest = _LONGEST_GENRE
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
    return tuple(genres), tuple(unknown)


def _is_capitalised(word: str) -> bool:
    for c in word:  # the first letter or digit
        if c.isalnum():
            return c.isupper() or c.isdigit()
    return False


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]:,.!?").casefold()


@lru_cache(maxsize=1 << 16)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech an English word can be (NOUN, ADJ, VERB, ADV), from
    lemminflect's lexicon (built from the NIH SPECIALIST Lexicon); empty when unknown."""
    from lemminflect import getAllLemmas  # imported when first needed: it brings numpy

    bare = _bare(word)
    if not bare.isalpha():
        return frozenset()
    return frozenset(getAllLemmas(bare)) & _CLASSES


_CLASSES = frozenset({"NOUN", "ADJ", "VERB", "ADV"})


def _shape_evidence(word: str) -> float:
    """What the word's ending says: a noun ending may close a name, a modifier's may not."""
    w = _bare(word)
    if w.endswith(_NOUN_ENDINGS):
        return 1.5
    if w.endswith(_MODIFIER_ENDINGS):
        return -1.5
    return 0.0


@lru_cache(maxsize=1 << 16)
def _end_evidence(word: str) -> float:
    """How strongly a word says a name may end after it (+) or not (-).

    The lexicon decides where it is clear (a noun only, like "Survival", may close a
    theme; an adjective only, like "Everyday", leans on the next word); a word that is
    both, or that the lexicon does not know, is judged by its ending.
    """
    if word.endswith(("'s", "’s")):
        return -3.0
    if _bare(word) in _SUBJECT_PRONOUNS:  # "What It | Means to Be Human"
        return -2.0
    classes = word_classes(word)
    noun, adjective = "NOUN" in classes, "ADJ" in classes
    if noun and not adjective:
        return 1.5
    if adjective and not noun:
        return -2.0
    if classes and not noun:  # a verb form: "Belonging", "Longing" read as nouns; "Find", "Stolen" not
        return 1.0 if _bare(word).endswith("ing") else -2.0
    return _shape_evidence(word)


#: Words that need a word after them, never at the end of a name: pronouns that stand as
#: a clause's subject, determiners ("for Those | We Love", "Our | Place") and question
#: words ("What | It Means to Be Human").
_SUBJECT_PRONOUNS = frozenset("i we they he she it you those these this that our their his my your its "
                              "what who how why when where whose".split())
#: Pronouns that open a clause: a name seldom starts with one ("The Lengths | We Go ...").
_CLAUSE_PRONOUNS = frozenset("i we they he she it you".split())


@lru_cache(maxsize=1 << 16)
def _modifies(before: str, after: str) -> bool:
    """Whether a word can be read as modifying the next: an adjective (or a word shaped
    like one, or a participle, or a hyphenated compound, which English hyphenates
    before a noun: "Working-Class Rage") before a noun, as in "Domestic Labor"."""
    if "NOUN" not in word_classes(after):
        return False
    if "-" in before.strip("-") and not _bare(before).startswith("self-"):
        return True
    classes = word_classes(before)
    if "ADJ" in classes:
        return True
    if classes and "NOUN" not in classes:  # "Stolen Exile", "Wounded Pride"
        return not _bare(before).endswith("ing")
    return not classes and _shape_evidence(before) < 0


@lru_cache(maxsize=256)
def _length_cost(n: int) -> float:
    """Cost of a name of n words other than minor words and pronouns: themes run one to four of them
    ("Loneliness and the Need for Connection" has three), rarely more."""
    if n <= 1:
        return 0.7
    if n <= 4:
        return 0.0
    return 0.75 * (n - 4)


#: Bonus for a name that the vocabulary or the corpus knows as a theme.
_KNOWN_BONUS = 3.0
#: Cost of cutting between a modifier and the noun it can modify.
_MODIFIER_COST = 1.5
#: Cost margin under which the runner-up cut is reported as about as likely.
_CLOSE = 1.0
#: Largest weight the corpus's counts of a word ending or continuing a theme get.
_CORPUS_WEIGHT = 2.0


def _clip(value: float) -> float:
    return max(-_CORPUS_WEIGHT, min(_CORPUS_WEIGHT, value))


@dataclass(frozen=True)
class _Line:
    """A theme line's words and where it may be cut."""

    words: tuple[str, ...]
    #: Admissible cut positions (before word i) -> the word before the cut.
    cuts: tuple[int, ...]
    #: Cuts a capitalised minor word forces ("... Connection The Nature ...").
    forced: frozenset[int]
    #: How many of the first i words are not minor words, for each i.
    content: tuple[int, ...]
    #: The words casefolded: a name cut from words i to j is " ".join(folded[i:j]).
    folded: tuple[str, ...]


@lru_cache(maxsize=1 << 14)
def _analyse(line: str) -> _Line:
    """A cut before word i is admissible when word i is capitalised and word i-1 is no
    minor word (a name never ends in "and", "the", "of" ...)."""
    words = tuple(sys.intern(w) for w in _words(line))  # one string a word, however many lines hold it
    bare = [_bare(w) for w in words]
    cuts, forced = [], set()
    for i in range(1, len(words)):
        if not _is_capitalised(words[i]) or bare[i - 1] in MINOR_WORDS or bare[i] in JOINING_WORDS:
            continue
        cuts.append(i)
        if bare[i] in STARTING_WORDS:
            forced.add(i)
    content = [0]
    for word in bare:
        content.append(content[-1] + (word not in MINOR_WORDS and word not in _SUBJECT_PRONOUNS))
    folded = tuple(sys.intern(w.casefold()) for w in words)
    return _Line(words, tuple(cuts), frozenset(forced), tuple(content), folded)


class ThemeSplitter:
    """Cuts theme lines with title case, word shape, a vocabulary and a corpus's evidence.

    ``vocabulary`` holds theme names known beforehand (``--themes``, ``--vocabulary``).
    ``learn`` takes all theme lines of a corpus at once: the themes that some line
    states unambiguously (an explicit separator, a line with one possible cut, a cut
    with a clear margin) become known, and the words that end a known theme or go on
    inside one are counted; this repeats until nothing new is learnt. Lines are taken
    as a sorted set, so the result never depends on the order of the files.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(" ".join(_words(v)).casefold() for v in vocabulary if _words(v))
        self.known: frozenset[str] = self.vocabulary
        self.ends: Counter[str] = Counter()
        self.inner: Counter[str] = Counter()
        #: Word pairs at a place a cut may go, and how often each word stood there without the other.
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.free_ends: Counter[str] = Counter()
        self.free_starts: Counter[str] = Counter()
        #: One-word names the corpus states between sure boundaries (alone on a line, between
        #: separators, before a capitalised "The").
        self.sure: Counter[str] = Counter()
        self._cache: dict[str, SplitResult] = {}
        self._cut_costs: dict[tuple[str, str, str], float] = {}

    def learn(self, lines: Iterable[str], rounds: int = 4) -> None:
        distinct = sorted({" ".join(_words(line)) for line in lines})
        self._count_neighbours(distinct)
        for _ in range(rounds):
            stated: set[str] = set(self.vocabulary)
            # the words seen on each name's left (right): two or more, and it is a name, not a set
            lefts: dict[str, set[str]] = {}
            rights: dict[str, set[str]] = {}
            for line in distinct:
                result = self.split(line)
                if result.uncertain:
                    continue
                names = [n.casefold() for n in result.names]
                analysed = _analyse(line)
                if result.method == "explicit separator" or len(analysed.cuts) == len(analysed.forced):
                    stated.update(names)  # the line can be read only one way
                for k, name in enumerate(names):
                    lefts.setdefault(name, set()).add(names[k - 1].rsplit(" ", 1)[-1] if k else "")
                    rights.setdefault(name, set()).add(names[k + 1].split(" ", 1)[0] if k + 1 < len(names) else "")
            # A cut one line makes with confidence may still be wrong. A name is known when
            # it was cut out beside different words on each side: "The Struggle to Find",
            # always followed by "One's", is not.
            known = frozenset(stated | {n for n, left in lefts.items() if len(left) > 1 and len(rights[n]) > 1})
            ends, inner = Counter[str](), Counter[str]()
            for name in known:
                analysed = _analyse(name)
                inner.update(_bare(analysed.words[i - 1]) for i in analysed.cuts if i not in analysed.forced)
                ends[_bare(analysed.words[-1])] += 1
            if (known, ends, inner) == (self.known, self.ends, self.inner):
                return
            changed = {w for w in ends.keys() | inner.keys() | self.ends.keys() | self.inner.keys()
                       if _end_term(ends, inner, w) != _end_term(self.ends, self.inner, w)}
            self._forget(known ^ self.known, changed)
            self.known, self.ends, self.inner = known, ends, inner

    def _forget(self, names: AbstractSet[str], words: AbstractSet[str]) -> None:
        """Forget the splits and cut costs that a change in whether ``names`` are known, and in
        what the known themes say of a name ending after one of ``words`` (_end_term), may change.

        A line's split reads the known themes only for the names its words can be cut into,
        and the end terms only of the words before its cuts (see _ranked, _compound_doubt,
        _compute_cut_cost): a split that reads neither is kept, as it would be made again."""
        self._cut_costs = {key: cost for key, cost in self._cut_costs.items() if _bare(key[1]) not in words}
        firsts = {name.split(" ", 1)[0] for name in names}
        for line in list(self._cache):
            if _reads(_analyse(line), names, firsts, words):
                del self._cache[line]

    def _count_neighbours(self, lines: list[str]) -> None:
        """Count, over the corpus's lines, each pair of words at a place a cut may go, and
        how often each word stands where a theme surely ends (a line's end, before an
        explicit separator or a capitalised "The") or surely starts: two words seen
        together in several lines and never apart are one theme; a word seen ending a
        theme and the next seen starting one may be two."""
        pairs: Counter[tuple[str, str]] = Counter()
        ends: Counter[str] = Counter()
        starts: Counter[str] = Counter()
        sure: Counter[str] = Counter()
        for line in lines:
            for name in explicit_split(line) or (line,):
                analysed = _analyse(name)
                words = [_bare(w) for w in analysed.words]
                if not words:
                    continue
                ends[words[-1]] += 1
                starts[words[0]] += 1
                bounds = [0, *sorted(analysed.forced), len(words)]
                sure.update(" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:]) if b - a == 1)
                for i in analysed.cuts:
                    if i in analysed.forced:
                        ends[words[i - 1]] += 1
                        starts[words[i]] += 1
                    else:
                        pairs[(words[i - 1], words[i])] += 1
        self.pairs = pairs
        self.free_ends = ends
        self.free_starts = starts
        self.sure = sure
        self._cache.clear()
        self._cut_costs.clear()

    def _cut_cost(self, earlier: str, before: str, after: str) -> float:
        """Cost of cutting between two words (negative favours a cut), cached until the
        corpus's evidence changes (or the cache holds CACHE * 4 costs: it is emptied then)."""
        key = (earlier, before, after)
        cost = self._cut_costs.get(key)
        if cost is None:
            if len(self._cut_costs) >= 4 * self.CACHE:
                self._cut_costs.clear()
            cost = self._cut_costs[key] = self._compute_cut_cost(earlier, before, after)
        return cost

    def _compute_cut_cost(self, earlier: str, before: str, after: str) -> float:
        cost = _word_cut_cost(earlier, before, after)
        a, b = _bare(before), _bare(after)
        term = _end_term(self.ends, self.inner, a)
        if term is not None:
            cost -= term
        together = self.pairs.get((a, b), 0)
        apart = min(self.free_ends.get(a, 0), self.free_starts.get(b, 0))
        if apart or together > 1:  # one line alone is no evidence that its words belong together
            cost += _clip(math.log((together + 0.5) / (apart + 0.5)))
        return cost

    def _ranked(self, line: _Line) -> list[tuple[float, tuple[int, ...]]]:
        """The best few segmentations (their cut positions), cheapest first."""
        words, folded, content, n = line.words, line.folded, line.content, len(line.words)
        known, vocabulary, sure = self.known, self.vocabulary, self.sure
        keep = 4
        best: dict[int, list[tuple[float, tuple[int, ...]]]] = {0: [(0.0, ())]}
        starts = [0]  # where the name that ends at j may start: no name runs over a forced cut
        for j in [*line.cuts, n]:
            if j == n:
                cut_cost = 0.0
            elif j in line.forced:
                cut_cost = -4.0
            else:
                cut_cost = self._cut_cost(words[j - 2] if j > 1 else "", words[j - 1], words[j])
            options: list[tuple[float, tuple[int, ...]]] = []
            end = (j,)
            for i in starts:
                cost = _length_cost(content[j] - content[i])
                if known:  # none is before a splitter learns or is given any (and never alone)
                    name = " ".join(folded[i:j])
                    if name in known and (j - i > 1 or name in vocabulary or sure.get(name)):
                        # one known word is weaker evidence: it heads longer themes too
                        cost -= _KNOWN_BONUS if j - i > 1 else _KNOWN_BONUS / 2
                cost += cut_cost
                for c, cuts in best[i]:
                    options.append((c + cost, cuts + end))
            options.sort()
            best[j] = options[:keep]
            if j in line.forced:
                starts = [j]
            else:
                starts.append(j)
        return best[n]

    def _compound_doubt(self, line: _Line, cuts: tuple[int, ...]) -> tuple[int, ...] | None:
        """The cuts without the first one that parts two nouns and leaves a word alone that
        the corpus never states alone ("Family | Loyalty" may be "Family Loyalty"); None
        when there is no such cut."""
        words, folded, start = line.words, line.folded, 0
        for k, cut in enumerate(cuts[:-1]):
            if cut in line.forced or "NOUN" not in word_classes(words[cut - 1]) or "NOUN" not in word_classes(words[cut]):
                start = cut
                continue
            sides = (" ".join(folded[start:cut]), " ".join(folded[cut : cuts[k + 1]]))
            start = cut
            if any(side in self.known and " " in side or side in self.vocabulary for side in sides):
                continue  # a known theme ends or starts here
            if any(" " not in side and not self.sure.get(side) for side in sides):
                return cuts[:k] + cuts[k + 1 :]
        return None

    #: Lines whose split is remembered (the cache is emptied beyond this: a corpus of 100,000
    #: documents has about as many distinct theme lines, and a split is cheap to make again).
    CACHE = 1 << 14

    def split(self, line: str) -> SplitResult:
        cached = self._cache.get(line)
        if cached is None:
            if len(self._cache) >= self.CACHE:
                self._cache.clear()
            cached = self._cache[line] = self._split(line)
        return cached

    def _split(self, line: str) -> SplitResult:
        explicit = explicit_split(line)
        if explicit is not None:
            return SplitResult(explicit, "explicit separator", False)
        analysed = _analyse(line)
        words = analysed.words
        if not words:
            return SplitResult((), "empty", False)
        ranked = self._ranked(analysed)
        cost, cuts = ranked[0]
        chosen = _names(words, cuts)
        margin = ranked[1][0] - cost if len(ranked) > 1 else math.inf
        close = tuple([_names(words, c) for k, c in ranked[1:] if k - cost < _CLOSE])
        confidence = 1.0 if margin == math.inf else round(1 / (1 + math.exp(-margin)), 3)
        doubtful = self._compound_doubt(analysed, cuts)
        if doubtful is not None and doubtful not in close:
            close += (_names(words, doubtful),)
        uncertain = bool(close)
        if self is _ALONE:
            return SplitResult(chosen, "title-case evidence", uncertain, close, confidence)
        alone = _ALONE.split(line)
        if alone.names == chosen and alone.uncertain == uncertain:
            return alone  # the corpus changed nothing: the line says it by itself
        known = any(n.casefold() in self.known for n in chosen)
        method = "known themes and title-case evidence" if known else "corpus and title-case evidence"
        return SplitResult(chosen, method, uncertain, close, confidence)


def _end_term(ends: Counter[str], inner: Counter[str], word: str) -> float | None:
    """What the known themes say of a name ending after ``word``, from how often it ends one
    (``ends``) and goes on inside one (``inner``): + favours a cut, None when it is in none."""
    end, within = ends.get(word, 0), inner.get(word, 0)
    return _clip(math.log((end + 0.5) / (within + 0.5))) if end or within else None


@lru_cache(maxsize=1 << 16)
def _word_cut_cost(earlier: str, before: str, after: str) -> float:
    """What the words alone say of a cut between ``before`` and ``after`` (see _cut_cost)."""
    if earlier and _bare(earlier) not in MINOR_WORDS and _modifies(earlier, before):
        # "Everyday Magic": a word that is modified is a head noun
        cost = -max(_end_evidence(before), 0.5)
    else:
        cost = -_end_evidence(before) + (_MODIFIER_COST if _modifies(before, after) else 0.0)
    if _bare(earlier) == "to" and "VERB" in word_classes(before):
        cost += 2.0  # "The Struggle to Find | One's Place": a verb wants its object
    if _bare(earlier) in STARTING_WORDS and _bare(before).endswith("ing") and "NOUN" in word_classes(after):
        cost += 2.0  # "The Corrupting | Influence": after an article, a participle modifies
    if _bare(after) in MINOR_WORDS or _bare(after) in _CLAUSE_PRONOUNS:
        cost += 1.5  # a name seldom opens with "Between", "Beyond" or "We"
    return cost


def _reads(line: _Line, names: AbstractSet[str], firsts: AbstractSet[str], words: AbstractSet[str]) -> bool:
    """Whether splitting a line may read whether one of ``names`` (whose first words are
    ``firsts``) is known, or the end term of one of ``words``."""
    if not line.words:
        return False
    if any(_bare(line.words[i - 1]) in words for i in line.cuts if i not in line.forced):
        return True
    bounds = (0, *line.cuts, len(line.words))
    folded = line.folded
    return any(" ".join(folded[i:j]) in names
               for k, i in enumerate(bounds[:-1]) if folded[i] in firsts for j in bounds[k + 1 :])


def _names(words: tuple[str, ...], cuts: tuple[int, ...]) -> tuple[str, ...]:
    """The names words are cut into, before each of the cuts (the last is the line's end)."""
    return tuple([" ".join(words[a:b]) for a, b in zip((0, *cuts[:-1]), cuts)])


_ALONE = ThemeSplitter()


def split_themes(line: str, known: Iterable[str] = ()) -> SplitResult:
    """Cut one theme line into theme names, by itself or with known theme names."""
    return (ThemeSplitter(known) if known else _ALONE).split(line)
