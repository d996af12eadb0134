"""Knowledge across films: links the documents imply, each with its evidence, kept apart.

Four kinds of derived link, all in the named graph ``graph/links`` (a fg:DerivedGraph whose
activity names the method and its parameters), each a Web Annotation (oa:Annotation,
motivated by oa:linking) with a score and its evidence, plus a direct triple for queries:

- **evokes**: a motif reading or question discussion evokes a theme of its film
  (fg:evokes), or, more weakly, a theme of another film (fg:mayEvoke). Method: the texts
  are cut into sentences, words lemmatised (simplemma's English dictionary, shipped with
  the package) and stop words dropped; a theme's words are weighted by how rare they are
  across the corpus's texts (inverse document frequency); a sentence's score is the weight
  of the theme's words it holds over the weight of all of them. The best sentence is the
  evidence, quoted verbatim (oa:TextQuoteSelector on the reading, fg:quotedProperty naming
  the literal it is part of), with the words matched.
- **co-occurs**: two themes (or two motifs) found in the same films more than chance says:
  skos:related, with the support (how many films, and which), the lift
  (films together x all films / films of one / films of the other) and its log, the PMI.
- **similar**: for each film, the films closest in meaning: the cosine of their concept
  sets (genres, themes, motifs, questions), each concept weighted by its rarity, so that a
  shared rare motif says more than a shared "Drama"; fg:similarTo with the shared concepts.
- **same concept?**: two concept labels of one kind that differ only by case, spelling
  (British or American), a leading "The", punctuation or a plural: skos:closeMatch,
  proposed with the reasons, never merged (``build --merge-concepts`` merges what a
  curator accepts).
"""

from __future__ import annotations

import gc
import hashlib
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from decimal import Decimal
from functools import cache, lru_cache
from itertools import chain, combinations
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import terms as T
from .document import Document
from .mapping import IriMinter
from .ntriples import Quad, decimal, integer, iri, literal

#: The method's parameters (recorded on the activity, so that a reader can redo it).
EVOKE_OWN = 0.2  # least score for a theme of the reading's own film
EVOKE_OTHER = 0.6  # least score for a theme of another film (and at least two words)
EVOKE_OTHER_MAX = 3  # at most this many other films' themes per reading
MIN_SUPPORT = 3  # films a pair of concepts must share to be said to co-occur
MIN_LIFT = 2.0  # and how much more often than chance
ALPHA = 0.05  # and how unlikely by chance: the hypergeometric tail, over the pairs tested (Bonferroni)
SIMILAR_TOP = 5  # closest films kept per film
SIMILAR_MIN = 0.05  # least cosine
SIMILAR_SHOWN = 8  # the shared concepts that weigh most, named on a similarity link
RARE_WORD_THEMES = 50  # a word in more themes than this does not bring other films' themes in

#: The method in words, on the links graph.
METHOD = ("Links the documents imply, each an oa:Annotation with its score and evidence. evokes / may-evoke: "
          "texts cut into sentences, words lemmatised with simplemma (English) and stop words dropped; a theme's "
          "words weighted by their rarity across the corpus's texts (inverse document frequency); a sentence's "
          "score is the weight of the theme's words it holds over the weight of them all; the best sentence is "
          "quoted. co-occurs: pairs of themes or motifs that films share more than chance says (lift = films with "
          "both x all films / films with one / films with the other; PMI its log2), kept when the hypergeometric "
          "tail (Fisher's exact test) is below 0.05 over the pairs tested. similar: the cosine of two "
          "films' concept sets, each concept weighted by log(films / films with it). same-concept: labels of one "
          "kind equal but for case, a leading 'The', punctuation, British or American spelling or a plural; "
          "proposed as skos:closeMatch, never merged.")
#: Words too common to carry meaning (English function words and a few of film writing).
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves one ones may might must
film films movie story character characters scene scenes like through yet even ever every much many often
""".split())
_WORD_RE = re.compile(r"[a-z\u00c0-\u024f][a-z\u00c0-\u024f'\u2019-]*")
_SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[\"\u201d\u2019')\]]*|$)")
# British spellings and their American forms (a rule per ending, and a few whole words).
_SPELLING = (("our", "or"), ("ise", "ize"), ("isation", "ization"), ("yse", "yze"), ("tre", "ter"), ("ogue", "og"))
_WORDS_SPELT = {"grey": "gray", "centre": "center", "theatre": "theater", "defence": "defense"}


if TYPE_CHECKING:
    from simplemma import Lemmatizer


@cache
def _lemmatiser() -> Lemmatizer:
    """simplemma's English lemmatiser, made when first needed (a build without the links graph
    does without), reading its dictionary where it lies instead of unpacking it into a dict: the
    same lemmas, loaded in about two thirds of the time and 20 MiB less memory."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    return _lemmatiser().lemmatize(word.lower(), lang="en")


@lru_cache(maxsize=1 << 17)
def _root(word: str) -> str | None:
    """A lower-case word's lemma, or None for a word that carries no meaning."""
    word = word.strip("'\u2019-")
    if len(word) < 3 or word in STOP_WORDS:
        return None
    root = lemma(word)
    return None if root in STOP_WORDS else root


def content_words(text: str) -> list[str]:
    """The lemmas of the text's words that carry meaning, in order."""
    return list(filter(None, map(_root, _WORD_RE.findall(text.lower()))))


@lru_cache(maxsize=1 << 18)
def _sentence_words(sentence: str) -> frozenset[str]:
    """content_words of a sentence as a set (the words' roots looked up without a Python call each)."""
    return frozenset(filter(None, map(_root, _WORD_RE.findall(sentence.lower()))))


def forget_sentences() -> None:
    """Let go of the words of the sentences seen (a process that sees each sentence once)."""
    _sentence_words.cache_clear()


def sentences(text: str) -> list[str]:
    """The text's sentences, each a verbatim part of it (without the spaces between them)."""
    return [sentence for sentence in map(str.strip, _SENTENCE_RE.findall(text)) if sentence]


#: Terms the links are made of, made once.
_TYPE, _ANNOTATION, _LINKING = iri(T.RDF_TYPE), iri(T.OA + "Annotation"), iri(T.OA + "linking")
_MOTIVATED, _KIND, _SCORE = iri(T.OA + "motivatedBy"), iri(T.LINK_KIND), iri(T.SCORE)
_DERIVED_LINK, _FROM = iri(T.DERIVED_LINK), iri(T.PROV + "wasDerivedFrom")
_BODY, _TARGET, _SOURCE = iri(T.OA + "hasBody"), iri(T.OA + "hasTarget"), iri(T.OA + "hasSource")
_SPECIFIC, _QUOTED, _SELECTOR = iri(T.OA + "SpecificResource"), iri(T.QUOTED_PROPERTY), iri(T.OA + "hasSelector")
_QUOTE, _EXACT, _MATCHED = iri(T.OA + "TextQuoteSelector"), iri(T.OA + "exact"), iri(T.MATCHED_TERM)
_SIMILAR, _SHARED = iri(T.SIMILAR_TO), iri(T.SHARED_CONCEPT)


class _Names:
    """The IRIs of one derivation's films, documents and concepts, each minted once."""

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter
        self.concepts: dict[tuple[str, str], str] = {}
        self.documents: dict[str, str] = {}
        self.films: dict[str, str] = {}

    def concept(self, kind: str, name: str) -> str:
        node = self.concepts.get((kind, name))
        if node is None:
            node = self.concepts[(kind, name)] = self.minter.concept(kind, name)
        return node

    def film(self, doc: Document, name: str) -> str:
        """The film of a document (by its name: the corpus's documents are gone through again)."""
        node = self.films.get(name)
        if node is None:
            node = self.films[name] = self.minter.film(doc)
        return node

    def document(self, name: str) -> str:
        node = self.documents.get(name)
        if node is None:
            node = self.documents[name] = self.minter.document(name)
        return node

    def concepts_of(self, doc: Document) -> Iterator[tuple[str, str, str]]:
        """(kind, name, IRI) of each concept a document names."""
        for kind, names in (("genre", doc.genres), ("theme", doc.themes), ("motif", [m.name for m in doc.motifs]),
                            ("question", [q.question for q in doc.questions])):
            for named in names:
                yield kind, named.value, self.concept(kind, named.value)


def _reading_iri(names: _Names, part: str, kind: str, name: str) -> str:
    """The IRI mapping.DocumentMapper gives a motif reading or question discussion
    (``part``: IriMinter.part of its document)."""
    return f"{part}/{kind}/{names.concept(kind, name).rsplit('/', 1)[1]}"


def _link_iri(minter: IriMinter, kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{minter.base}link/{kind}/{digest}"


def derive_links(minter: IriMinter, documents: Sequence[tuple[Document, str]]) -> Iterator[Quad]:
    """Every derived link of a corpus, in the links graph, with its evidence and PROV, made
    as they are read, from documents with their texts (a streaming build makes the same with
    Evocations, a document at a time, and corpus_links, from the documents' names)."""
    return chain.from_iterable(_derive(minter, documents))


def _derive(minter: IriMinter, documents: Sequence[tuple[Document, str]]) -> Iterator[list[Quad]]:
    """derive_links's quads, a link at a time."""
    links, names = _links(minter), _Names(minter)
    with _paused():
        yield from _describe(links, names, documents)
        yield from _evocations(links, names, documents)
        yield from _across(links, names, documents)


def corpus_links(minter: IriMinter, documents: Sequence[tuple[Document, str]]) -> Iterator[Quad]:
    """derive_links's quads but the evocations (which Evocations.of makes a document at a
    time): what needs only the documents' names."""
    def derived() -> Iterator[list[Quad]]:
        links, names = _links(minter), _Names(minter)
        with _paused():
            yield from _describe(links, names, documents)
            yield from _across(links, names, documents)
    return chain.from_iterable(derived())


@contextmanager
def _paused() -> Iterator[None]:
    """The cyclic garbage collector paused: the derivation makes millions of tuples and no
    cycles, and each collection would walk the whole corpus in memory (half the derivation's
    time at 10,000 documents)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _sentence_words.cache_clear()  # the corpus's sentences: not needed once scored
        if collecting:
            gc.enable()


def _across(links: _Links, names: _Names, documents: Sequence[tuple[Document, str]]) -> Iterator[list[Quad]]:
    """The links between films and between concepts: co-occurrences, similar films, name matches."""
    corpus = _FilmConcepts(names, documents)
    yield from _co_occurrences(links, corpus)
    yield from _similar_films(links, corpus)
    del corpus
    yield from _name_matches(links, names, documents)


def _links(minter: IriMinter) -> _Links:
    return _Links(minter, iri(minter.base + T.LINKS_GRAPH_PATH), minter.base + T.LINKS_GRAPH_PATH + "/activity")


class _Links:
    """Makes the quads of the links graph: a statement, or a link's annotation."""

    def __init__(self, minter: IriMinter, graph: str, activity: str) -> None:
        self.minter, self.graph, self.activity = minter, graph, iri(activity)

    def quad(self, s: str, p: str, o: str) -> Quad:
        return (iri(s), iri(p), o, self.graph)

    def annotation(self, kind: str, parts: tuple[str, ...], score: float, documents: Iterable[str]
                   ) -> tuple[str, list[Quad]]:
        """A link's IRI and the quads every link has: its types, kind, score and sources."""
        link = _link_iri(self.minter, kind, *parts)
        s, g = f"<{link}>", self.graph
        quads = [(s, _TYPE, _DERIVED_LINK, g), (s, _TYPE, _ANNOTATION, g), (s, _MOTIVATED, _LINKING, g),
                 (s, _KIND, _kind(kind), g), (s, _SCORE, _decimal(score), g)]
        quads += [(s, _FROM, iri(document), g) for document in sorted(set(documents))]
        return link, quads


@cache
def _kind(kind: str) -> str:
    return literal(kind)


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> str:
    return literal(word)


def _decimal(value: float) -> str:
    """An xsd:decimal of four places (ntriples.decimal of the value rounded so)."""
    return f'"{value:.4f}"^^<{T.XSD}decimal>'


def _describe(links: _Links, names: _Names, documents: Sequence[tuple[Document, str]]) -> Iterator[list[Quad]]:
    yield from ([quad] for quad in _description(links, names, documents))


def _description(links: _Links, names: _Names, documents: Sequence[tuple[Document, str]]) -> Iterator[Quad]:
    import simplemma

    add = links.quad
    graph = links.minter.base + T.LINKS_GRAPH_PATH
    activity = links.activity[1:-1]
    yield add(graph, T.RDF_TYPE, iri(T.DERIVED_GRAPH))
    yield add(graph, T.RDF_TYPE, iri(T.PROV + "Entity"))
    yield add(graph, T.PROV + "wasGeneratedBy", links.activity)
    yield add(graph, T.DERIVATION_METHOD, literal(METHOD))
    yield add(activity, T.RDF_TYPE, iri(T.PROV + "Activity"))
    yield add(activity, T.RDFS + "label", literal("filmgraph concept links"))
    yield add(activity, T.PROV + "wasAssociatedWith", iri(links.minter.base + "agent/filmgraph"))
    for name, value in (("evoke-own-film", EVOKE_OWN), ("evoke-other-film", EVOKE_OTHER),
                        ("evoke-other-film-max", EVOKE_OTHER_MAX), ("co-occurrence-min-support", MIN_SUPPORT),
                        ("co-occurrence-min-lift", MIN_LIFT),
                        ("co-occurrence-alpha", f"{ALPHA} over the pairs tested (hypergeometric tail)"),
                        ("similar-top", SIMILAR_TOP),
                        ("similar-min-cosine", SIMILAR_MIN), ("similar-shared-shown", SIMILAR_SHOWN),
                        ("similar-candidate-max-films", "2% of the films, at least 3, at most 100"),
                        ("other-film-theme-word-max-themes", RARE_WORD_THEMES),
                        ("lemmatiser", f"simplemma {simplemma.__version__} (en)")):
        yield add(activity, T.PARAMETER, literal(f"{name}={value}"))
    for _, name in documents:
        yield add(activity, T.PROV + "used", iri(names.minter.document(name)))


class _Passage(NamedTuple):
    """One literal of a reading or discussion: where it hangs, which property, whose."""

    node: str
    prop: str
    film: str
    document: str


#: A sentence that may evoke a theme: the theme, the words it matched (sorted), the sentence
#: and its passage.
_Candidate = tuple[str, tuple[str, ...], str, _Passage]


class _ThemeIndex:
    """The corpus's themes, their words, and which themes a sentence may evoke."""

    def __init__(self, names: _Names, documents: Iterable[tuple[Document, str]]) -> None:
        self.words: dict[str, frozenset[str]] = {}  # theme IRI -> its content words
        # the themes of each film several documents describe (the minter's shared films); a
        # film one document describes has that document's themes (see own_themes)
        own: dict[str, set[str]] = {film: set() for film in names.minter.shared_films}
        for doc, _ in documents:
            found = own.get(names.minter.film(doc)) if own else None
            for named in doc.themes:
                node = names.concept("theme", named.value)
                if node not in self.words:
                    self.words[node] = frozenset(content_words(named.value))
                if found is not None:
                    found.add(node)
        self.shared_own = {film: frozenset(themes) for film, themes in own.items()}
        by_word: dict[str, list[str]] = defaultdict(list)
        for node, words in self.words.items():
            for word in words:
                by_word[word].append(node)
        # the rarer words (in few themes) bring other films' themes in
        self.rare = {word: tuple(nodes) for word, nodes in by_word.items() if len(nodes) <= RARE_WORD_THEMES}
        self.rare_words = frozenset(self.rare)

    def own_themes(self, names: _Names, film: str, doc: Document) -> frozenset[str]:
        """The themes of a document's film (of all the documents that describe it)."""
        found = self.shared_own.get(film)
        return frozenset(names.concept("theme", t.value) for t in doc.themes) if found is None else found

    def candidates(self, words: frozenset[str], mine: AbstractSet[str]) -> list[str]:
        """The film's themes the sentence shares a word with, and other films' themes it
        shares two rarer words with."""
        found = [theme for theme in mine if not self.words[theme].isdisjoint(words)]
        present = words & self.rare_words
        if len(present) >= 2:
            hits: dict[str, int] = {}
            for word in present:
                for theme in self.rare[word]:
                    hits[theme] = hits.get(theme, 0) + 1
            found += [theme for theme, count in hits.items() if count >= 2 and theme not in mine]
        return found


def _texts_of(doc: Document) -> Iterator[tuple[str, str, str, str]]:
    """(kind, name, property, text) of each non-empty text of a document's motif readings and
    question discussions, in order."""
    for reading in doc.motifs:
        for prop, text in ((T.MEANING, reading.meaning), (T.CONTEXT, reading.context)):
            if text is not None and text.value:
                yield "motif", reading.name.value, prop, text.value
    for item in doc.questions:
        if item.discussion.value:
            yield "question", item.question.value, T.DISCUSSION, item.discussion.value


def _reading_texts(names: _Names, doc: Document, name: str) -> Iterator[tuple[_Passage, str]]:
    """The texts of a document's motif readings and question discussions, each with its passage."""
    minter = names.minter
    film, document = names.film(doc, name), names.document(name)
    part = film if film not in minter.shared_films else minter.part(doc, name)
    for kind, concept, prop, text in _texts_of(doc):
        yield _Passage(_reading_iri(names, part, kind, concept), prop, film, document), text


def word_counts(doc: Document) -> tuple[int, list[str]]:
    """How many texts a document's readings and discussions have, and the content words of
    each text (each once a text): what Counter.update counts into the corpus's word frequencies
    (see Evocations). A list is counted in C and pickles smaller than a Counter."""
    texts = 0
    words: list[str] = []
    for _, _, _, text in _texts_of(doc):
        texts += 1
        words.extend(set().union(*map(_sentence_words, sentences(text))))
    return texts, words


class Evocations:
    """What scoring a reading's sentences against the themes needs of the whole corpus: the
    themes' words, the films' themes and the words' weights (their rarity across the corpus's
    texts). Small (the corpus's themes and their words), so a build's worker processes can
    each hold one and make the evocations of the documents they map (``of``)."""

    def __init__(self, minter: IriMinter, documents: Iterable[tuple[Document, str]], texts: int,
                 frequency: Counter[str]) -> None:
        """``documents`` need only their names; ``texts`` and ``frequency`` are word_counts's
        summed over the corpus."""
        self.index = _ThemeIndex(_Names(minter), documents)
        theme_words = sorted({w for words in self.index.words.values() for w in words})
        self.weights = {word: math.log((1 + texts) / (1 + frequency[word])) + 1 for word in theme_words}
        self.wanted = {theme: sum(map(self.weights.__getitem__, sorted(words)))
                       for theme, words in self.index.words.items()}

    def of(self, minter: IriMinter, doc: Document, name: str) -> Iterator[Quad]:
        """The evocations of one document's readings and discussions (with their texts)."""
        names = _Names(minter)
        links = _links(minter)
        return chain.from_iterable(self._links(links, names, doc, name))

    def _links(self, links: _Links, names: _Names, doc: Document, name: str) -> Iterator[list[Quad]]:
        index, weights = self.index, self.weights
        best: dict[tuple[str, str], tuple[float, str, _Passage, tuple[str, ...]]] = {}
        mine = index.own_themes(names, names.film(doc, name), doc)
        for passage, text in _reading_texts(names, doc, name):
            for sentence in sentences(text):
                words = _sentence_words(sentence)
                for theme in index.candidates(words, mine):
                    terms = tuple(sorted(index.words[theme] & words))
                    score = sum(map(weights.__getitem__, terms)) / self.wanted[theme]
                    key = (passage.node, theme)
                    if key not in best or score > best[key][0]:  # the first of the best sentences
                        best[key] = (score, sentence, passage, terms)
        others: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (node, theme), (score, _, _, matched) in best.items():
            if theme not in mine and score >= EVOKE_OTHER and len(matched) >= 2:
                others[node].append((-score, theme))
        kept_others = {(node, theme) for node, scored in others.items()
                       for _, theme in sorted(scored)[:EVOKE_OTHER_MAX]}
        for (node, theme), (score, sentence, passage, matched) in sorted(best.items()):
            if theme in mine:
                if score < EVOKE_OWN:
                    continue
                kind, predicate = "evokes", T.EVOKES
            elif (node, theme) in kept_others:
                kind, predicate = "may-evoke", T.MAY_EVOKE
            else:
                continue
            yield _evocation(links, kind, predicate, node, theme, score, sentence, passage, matched)


def _evocations(links: _Links, names: _Names, documents: Sequence[tuple[Document, str]]) -> Iterator[list[Quad]]:
    """Themes each reading's text supports: the documents (with their texts) gone through
    twice, to count the words' frequencies, then to score each reading's sentences with them."""
    total = 0
    frequency: Counter[str] = Counter()
    for doc, _ in documents:
        count, counts = word_counts(doc)
        total += count
        frequency.update(counts)
    evocations = Evocations(names.minter, documents, total, frequency)
    for doc, name in documents:
        yield from evocations._links(links, names, doc, name)


def _evocation(links: _Links, kind: str, predicate: str, node: str, theme: str, score: float, sentence: str,
               passage: _Passage, matched: tuple[str, ...]) -> list[Quad]:
    link, annotation = links.annotation(kind, (node, theme), score, [passage.document])
    s, t, q, g = f"<{link}>", f"<{link}/target>", f"<{link}/quote>", links.graph
    theme_term = iri(theme)
    quads = [(iri(node), iri(predicate), theme_term, g), *annotation, (s, _BODY, theme_term, g),
             (s, _TARGET, t, g), (t, _TYPE, _SPECIFIC, g), (t, _SOURCE, iri(node), g),
             (t, _QUOTED, iri(passage.prop), g), (t, _SELECTOR, q, g), (q, _TYPE, _QUOTE, g),
             (q, _EXACT, literal(sentence), g)]
    quads += [(s, _MATCHED, _word(word), g) for word in matched]
    return quads


#: The kinds of concept a film's concepts are grouped by (see _FilmConcepts).
_KINDS = ("genre", "theme", "motif", "question")


class _FilmConcepts:
    """A corpus's films, their documents and the concepts they name, as numbers: films and
    concepts numbered in the order of their IRIs (numbers sort as the IRIs do), each concept a
    film names an entry of flat arrays, so that a corpus of any size is held compactly."""

    def __init__(self, names: _Names, documents: Iterable[tuple[Document, str]]) -> None:
        films: dict[str, int] = {}
        concepts: dict[str, int] = {}
        self.documents: list[str] = []  # the documents' IRIs, in their order
        of_document, film_of, kind_of, concept_of = array("i"), array("i"), array("b"), array("i")
        for doc, name in documents:
            film = films.setdefault(names.minter.film(doc), len(films))
            of_document.append(film)
            self.documents.append(names.minter.document(name))
            for kind, _, node in names.concepts_of(doc):
                film_of.append(film)
                kind_of.append(_KINDS.index(kind))
                concept_of.append(concepts.setdefault(node, len(concepts)))
        self.films, film_rank = _ranked(films)
        self.concepts, concept_rank = _ranked(concepts)
        del films, concepts
        self.film = film_rank[np.frombuffer(film_of, dtype=np.int32)]
        self.concept = concept_rank[np.frombuffer(concept_of, dtype=np.int32)]
        self.kind = np.frombuffer(kind_of, dtype=np.int8).copy()
        # each film's documents: their numbers by film (first[f]:first[f + 1])
        film_of_document = film_rank[np.frombuffer(of_document, dtype=np.int32)]
        self.by_film = np.argsort(film_of_document, kind="stable")
        self.first = np.searchsorted(film_of_document[self.by_film], np.arange(len(self.films) + 1))

    def sources(self, film: int) -> list[str]:
        """The IRIs of a film's documents."""
        return [self.documents[d] for d in self.by_film[self.first[film]:self.first[film + 1]].tolist()]

    def named(self, kind: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(film, concept) arrays: each concept a film names (of one kind, when given) once,
        by film, then concept."""
        film, concept = (self.film, self.concept) if kind is None else (self.film[self.kind == kind],
                                                                      self.concept[self.kind == kind])
        width = max(1, len(self.concepts))
        keys = np.unique(film.astype(np.int64) * width + concept)
        return (keys // width).astype(np.int32), (keys % width).astype(np.int32)


def _ranked(numbers: dict[str, int]) -> tuple[list[str], np.ndarray]:
    """The IRIs numbered as they came, sorted, and each one's place among them (by its number)."""
    iris = list(numbers)
    order = sorted(range(len(iris)), key=iris.__getitem__)
    rank = np.empty(len(iris), dtype=np.int32)
    rank[order] = np.arange(len(iris))
    return [iris[i] for i in order], rank


def _by_concept(film: np.ndarray, concept: np.ndarray, concepts: int) -> tuple[np.ndarray, np.ndarray]:
    """The films of each concept (film, concept: by film then concept): films[starts[c]:starts[c + 1]],
    in order."""
    order = np.argsort(concept, kind="stable")
    return film[order], np.concatenate(([0], np.cumsum(np.bincount(concept, minlength=concepts))))


def _co_occurrences(links: _Links, corpus: _FilmConcepts) -> Iterator[list[Quad]]:
    total, width = len(corpus.films), max(1, len(corpus.concepts))
    for kind in (_KINDS.index("theme"), _KINDS.index("motif")):
        film, concept = corpus.named(kind)
        having = np.bincount(concept, minlength=width)
        films, starts = _by_concept(film, concept, width)
        # a pair is counted only between concepts each in enough films to reach the support
        kept = having[concept] >= MIN_SUPPORT
        film, concept = film[kept].tolist(), concept[kept].tolist()
        keys = array("q")
        begin = 0
        for end in range(1, len(film) + 1):
            if end == len(film) or film[end] != film[begin]:  # a film's concepts, in order
                keys.extend(a * width + b for a, b in combinations(concept[begin:end], 2))
                begin = end
        pairs, counts = np.unique(np.frombuffer(keys, dtype=np.int64), return_counts=True)
        enough = counts >= MIN_SUPPORT
        tested = int(enough.sum()) or 1
        for key, together in zip(pairs[enough].tolist(), counts[enough].tolist()):
            a, b = divmod(key, width)
            with_a, with_b = int(having[a]), int(having[b])
            lift = together * total / (with_a * with_b)
            if lift < MIN_LIFT:
                continue
            p_value = _tail(total, with_a, with_b, together)
            if p_value > ALPHA / tested:  # chance says it could be: as often as that, in so many pairs
                continue
            shared = np.intersect1d(films[starts[a]:starts[a + 1]], films[starts[b]:starts[b + 1]]).tolist()
            a_iri, b_iri = corpus.concepts[a], corpus.concepts[b]
            link, quads = links.annotation("co-occurs", (a_iri, b_iri), lift,
                                           [d for f in shared for d in corpus.sources(f)])
            yield [links.quad(a_iri, T.SKOS + "related", iri(b_iri)), *quads,
                   links.quad(link, T.OA + "hasTarget", iri(a_iri)), links.quad(link, T.OA + "hasBody", iri(b_iri)),
                   links.quad(link, T.SUPPORT, integer(together)),
                   links.quad(link, T.LIFT, decimal(Decimal(f"{lift:.4f}"))),
                   links.quad(link, T.PMI, decimal(Decimal(f"{math.log2(lift):.4f}"))),
                   links.quad(link, T.P_VALUE, literal(f"{p_value:.3E}", T.XSD + "double")),
                   *(links.quad(link, T.SUPPORTING_FILM, iri(corpus.films[f])) for f in shared)]


def _tail(total: int, with_a: int, with_b: int, together: int) -> float:
    """The chance that films drawn at random would have a and b together at least this often:
    the upper tail of the hypergeometric distribution (Fisher's exact test, one-sided)."""
    def log_choose(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)

    whole = log_choose(total, with_b)
    terms = [log_choose(with_a, k) + log_choose(total - with_a, with_b - k) - whole
             for k in range(together, min(with_a, with_b) + 1) if with_b - k <= total - with_a]
    return min(1.0, sum(math.exp(t) for t in terms))


def _similar_films(links: _Links, corpus: _FilmConcepts) -> Iterator[list[Quad]]:
    """For each film, the closest films: the cosine of their concept sets weighted by rarity.
    Films are compared when they share a concept that is not everywhere (a genre of most
    films would make every pair a candidate); the widespread concepts still count in the
    score. Computed with numpy a block of films at a time: the shared less common concepts'
    weights summed per pair, the widespread ones' from a bit set per film."""
    order = corpus.films
    total = len(order)
    if total < 2:
        return
    film, concept = corpus.named()  # each film's concepts, in the order of their IRIs
    at = np.searchsorted(film, np.arange(total + 1)).tolist()  # film i's: concept[at[i]:at[i + 1]]
    named = array("i", concept.tobytes())  # as a list would be (32-bit numbers), in a quarter of the room
    frequency = np.bincount(concept, minlength=len(corpus.concepts))
    weight = [math.log(total / n) + 1e-9 if n else 0.0 for n in frequency.tolist()]
    square = [w ** 2 for w in weight]
    # each film's squared weights summed one after another in their order (plain float
    # additions, on any Python: sum() compensates its rounding from 3.12 on), its norm their root
    norm = np.sqrt(np.bincount(film, weights=np.array(square)[concept], minlength=total))
    norm[norm == 0] = 1.0
    widespread = max(3, min(100, int(total * 0.02)))
    # the less common concepts, numbered in order (-1: another), and each film's, one flat
    # array (film i's: rare_at[offsets[i]:offsets[i + 1]])
    rare = np.flatnonzero((frequency > 1) & (frequency <= widespread))
    rare_id = np.full(len(corpus.concepts), -1, dtype=np.int32)
    rare_id[rare] = np.arange(len(rare))
    mine = rare_id[concept]
    kept = mine >= 0
    rare_at = mine[kept]
    offsets = np.concatenate(([0], np.cumsum(np.bincount(film[kept], minlength=total))))
    member, starts = _by_concept(film[kept], rare_at, len(rare))  # a less common concept -> its films
    rare_square = np.array([square[c] for c in rare.tolist()])
    common = _CommonWeights(film, concept, frequency > widespread, square, total)
    block_start = 0
    while block_start < total:  # a block of films with about 250,000 candidate pairs
        block_end, pairs = block_start, 0
        while block_end < total and (pairs < 250_000 or block_end == block_start):
            ids = rare_at[offsets[block_end]:offsets[block_end + 1]]
            pairs += int((starts[ids + 1] - starts[ids]).sum())
            block_end += 1
        rows, cols, scores = _block_scores(block_start, block_end, rare_at, offsets, starts, member, rare_square,
                                           common, norm, total)
        block_start = block_end
        # by film, the closest first, then by IRI (pairs come by film and IRI; the sorts are
        # stable; scores rounded, so that a last bit never reorders them)
        ranked = np.argsort(-np.round(scores, 12), kind="stable")
        ranked = ranked[np.argsort(rows[ranked], kind="stable")]
        rows, cols, scores = rows[ranked], cols[ranked], scores[ranked]
        first = np.searchsorted(rows, rows, side="left")
        keep = (np.arange(len(rows)) - first < SIMILAR_TOP) & (scores >= SIMILAR_MIN)
        for i, o, score in zip(rows[keep].tolist(), cols[keep].tolist(), scores[keep].tolist()):
            film_iri, other = order[i], order[o]
            shared = sorted(set(named[at[i]:at[i + 1]]).intersection(named[at[o]:at[o + 1]]),
                            key=lambda c: (-weight[c], c))
            link, quads = links.annotation("similar", (film_iri, other), score,
                                           [*corpus.sources(i), *corpus.sources(o)])
            s, g = f"<{link}>", links.graph
            yield [(iri(film_iri), _SIMILAR, iri(other), g), *quads, (s, _TARGET, iri(film_iri), g),
                   (s, _BODY, iri(other), g),
                   *((s, _SHARED, iri(corpus.concepts[c]), g) for c in shared[:SIMILAR_SHOWN])]


class _CommonWeights:
    """The summed squared weights of the widespread concepts two films share: each film's
    widespread concepts a row of bits (eight to a byte), and for each byte position a table
    of what each byte's concepts weigh."""

    def __init__(self, film: np.ndarray, concept: np.ndarray, widespread: np.ndarray, square: list[float],
                 total: int) -> None:
        """``film``, ``concept``: each concept a film names; ``widespread``: which concepts are;
        ``square``: each concept's weight squared; ``total``: the films."""
        columns = np.flatnonzero(widespread)  # the widespread concepts, in order
        column = np.full(len(widespread), -1, dtype=np.int64)
        column[columns] = np.arange(len(columns))
        width = max(1, -(-len(columns) // 8))
        at = column[concept]
        films, at = film[at >= 0], at[at >= 0]
        self.rows = np.zeros((total, width), dtype=np.uint8)  # as np.packbits: the first bit highest
        np.bitwise_or.at(self.rows, (films, at // 8), (128 >> (at % 8)).astype(np.uint8))
        squares = np.zeros(width * 8)
        squares[: len(columns)] = [square[c] for c in columns.tolist()]
        patterns = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(bool)
        self.tables = [np.array([sum(squares[8 * j:8 * j + 8][row].tolist()) for row in patterns])
                       for j in range(width)]

    def shared(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        found = np.zeros(len(rows))
        step = max(1, (1 << 22) // self.rows.shape[1])  # pairs at a time: a few MiB of bytes in common
        for start in range(0, len(rows), step):
            both = self.rows[rows[start:start + step]] & self.rows[cols[start:start + step]]
            part = found[start:start + step]
            for j, table in enumerate(self.tables):
                part += table[both[:, j]]
        return found


def _block_scores(start: int, end: int, rare_at: np.ndarray, offsets: np.ndarray, starts: np.ndarray,
                  member: np.ndarray, rare_square: np.ndarray, common: _CommonWeights, norm: np.ndarray, total: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The films [start, end) against every film they share a less common concept with:
    (film, other, cosine) arrays, ordered by film and other."""
    concept = rare_at[offsets[start]:offsets[end]]
    owner = np.repeat(np.arange(start, end), np.diff(offsets[start:end + 1]))
    lengths = starts[concept + 1] - starts[concept]
    rows = np.repeat(owner, lengths)
    before = np.cumsum(lengths) - lengths  # where each concept's films begin among the pairs
    cols = member[np.repeat(starts[concept] - before, lengths) + np.arange(int(lengths.sum()))]
    values = np.repeat(rare_square[concept], lengths)
    other = rows != cols
    keys, where = np.unique(rows[other] * total + cols[other], return_inverse=True)
    dot = np.bincount(where, weights=values[other], minlength=len(keys))
    rows, cols = keys // total, keys % total
    return rows, cols, (dot + common.shared(rows, cols)) / (norm[rows] * norm[cols])


def name_key(label: str) -> tuple[str, tuple[str, ...]]:
    """A concept label made plain, and the reasons two labels with one key may be one concept."""
    reasons = []
    text = " ".join(label.split())
    if text != text.casefold():
        reasons.append("case")
    text = text.casefold()
    if re.match(r"^the\s", text):
        text = text[4:]
        reasons.append("a leading 'The'")
    plain = re.sub(r"[^\w\s]", "", text)
    if plain != text:
        reasons.append("punctuation")
    words = plain.split()
    spelt = []
    for word in words:
        american = _WORDS_SPELT.get(word, word)
        for british, us in _SPELLING:
            if american == word and word.endswith(british) and len(word) > len(british) + 2:
                american = word[: -len(british)] + us
        if american != word:
            reasons.append("British or American spelling")
        spelt.append(american)
    if spelt:
        single = lemma(spelt[-1])
        if single != spelt[-1]:
            reasons.append("a plural")
            spelt[-1] = single
    return " ".join(spelt), tuple(reasons)


def _name_matches(links: _Links, names: _Names, documents: Sequence[tuple[Document, str]]
                  ) -> Iterator[list[Quad]]:
    labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (kind, key) -> IRI -> label
    keyed: dict[str, tuple[str, tuple[str, ...]]] = {}  # label -> name_key(label)
    for doc, _ in documents:
        for kind, label, node in names.concepts_of(doc):
            if label not in keyed:
                keyed[label] = name_key(label)
            labels[(kind, keyed[label][0])].setdefault(node, label)
    # the documents of the concepts that match another, gone through again (few concepts do)
    users: dict[str, set[str]] = {node: set() for found in labels.values() if len(found) > 1 for node in found}
    if users:
        for doc, name in documents:
            for _, _, node in names.concepts_of(doc):
                if node in users:
                    users[node].add(names.document(name))
    for _, found in sorted(labels.items()):
        if len(found) < 2:
            continue
        nodes = sorted(found)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                ra, rb = set(keyed[found[a]][1]), set(keyed[found[b]][1])
                reasons = sorted(ra ^ rb or ra | rb)
                link, quads = links.annotation("same-concept", (a, b), 1.0, [*users[a], *users[b]])
                yield [links.quad(a, T.SKOS + "closeMatch", iri(b)), *quads,
                       links.quad(link, T.OA + "hasTarget", iri(a)), links.quad(link, T.OA + "hasBody", iri(b)),
                       *(links.quad(link, T.MATCH_REASON, literal(reason)) for reason in reasons)]
