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

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import simplemma

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


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    return simplemma.lemmatize(word.lower(), lang="en")


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
    return [root for word in _WORD_RE.findall(text.lower()) if (root := _root(word))]


@lru_cache(maxsize=1 << 18)
def _sentence_words(sentence: str) -> frozenset[str]:
    return frozenset(content_words(sentence))


def sentences(text: str) -> list[str]:
    """The text's sentences, each a verbatim part of it (without the spaces between them)."""
    return [m.group(0).strip() for m in _SENTENCE_RE.finditer(text) if m.group(0).strip()]


@dataclass
class _Passage:
    """One literal of a reading or discussion: where it hangs, and its text."""

    node: str
    prop: str
    text: str
    film: str
    document: str
    words: list[set[str]] = field(default_factory=list)  # per sentence


def _reading_iri(minter: IriMinter, part: str, kind: str, name: str) -> str:
    """The IRI mapping.DocumentMapper gives a motif reading or question discussion
    (``part``: IriMinter.part of its document)."""
    return f"{part}/{kind}/{minter.concept(kind, name).rsplit('/', 1)[1]}"


def _link_iri(minter: IriMinter, kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{minter.base}link/{kind}/{digest}"


def derive_links(minter: IriMinter, documents: Sequence[tuple[Document, str]],
                 texts: Iterable[tuple[Document, str]] | None = None) -> list[Quad]:
    """Every derived link of a corpus, in the links graph, with its evidence and PROV.

    ``documents`` need only their names (titles, themes, genres, motif and question names);
    ``texts``, when given, is an iterable that can be gone through more than once and gives
    the same documents with their texts, one at a time (a streaming build reads them again
    from their files), else ``documents`` have their texts.
    """
    graph = iri(minter.base + "graph/links")
    out: list[Quad] = []

    def add(s: str, p: str, o: str) -> None:
        out.append((iri(s), iri(p), o, graph))

    activity = minter.base + "graph/links/activity"
    _describe(add, minter, activity, documents)
    _evocations(add, minter, activity, documents, documents if texts is None else texts)
    concepts = _film_concepts(minter, documents)
    _co_occurrences(add, minter, activity, concepts, documents)
    _similar_films(add, minter, activity, concepts, documents)
    _name_matches(add, minter, activity, documents)
    return out


def _describe(add, minter: IriMinter, activity: str, documents: Sequence[tuple[Document, str]]) -> None:
    links = minter.base + "graph/links"
    add(links, T.RDF_TYPE, iri(T.DERIVED_GRAPH))
    add(links, T.RDF_TYPE, iri(T.PROV + "Entity"))
    add(links, T.PROV + "wasGeneratedBy", iri(activity))
    add(links, T.DERIVATION_METHOD, literal(METHOD))
    add(activity, T.RDF_TYPE, iri(T.PROV + "Activity"))
    add(activity, T.RDFS + "label", literal("filmgraph concept links"))
    add(activity, T.PROV + "wasAssociatedWith", iri(minter.base + "agent/filmgraph"))
    for name, value in (("evoke-own-film", EVOKE_OWN), ("evoke-other-film", EVOKE_OTHER),
                        ("evoke-other-film-max", EVOKE_OTHER_MAX), ("co-occurrence-min-support", MIN_SUPPORT),
                        ("co-occurrence-min-lift", MIN_LIFT),
                        ("co-occurrence-alpha", f"{ALPHA} over the pairs tested (hypergeometric tail)"),
                        ("similar-top", SIMILAR_TOP),
                        ("similar-min-cosine", SIMILAR_MIN), ("similar-shared-shown", SIMILAR_SHOWN),
                        ("similar-candidate-max-films", "2% of the films, at least 3, at most 100"),
                        ("other-film-theme-word-max-themes", RARE_WORD_THEMES),
                        ("lemmatiser", f"simplemma {simplemma.__version__} (en)")):
        add(activity, T.PARAMETER, literal(f"{name}={value}"))
    for _, name in documents:
        add(activity, T.PROV + "used", iri(minter.document(name)))


def _passages(minter: IriMinter, doc: Document, name: str) -> list[_Passage]:
    """The texts of a document's motif readings and question discussions."""
    film, document, part = minter.film(doc), minter.document(name), minter.part(doc, name)
    out = []
    for reading in doc.motifs:
        node = _reading_iri(minter, part, "motif", reading.name.value)
        for prop, text in ((T.MEANING, reading.meaning), (T.CONTEXT, reading.context)):
            if text is not None and text.value:
                out.append(_Passage(node, prop, text.value, film, document))
    for item in doc.questions:
        if item.discussion.value:
            node = _reading_iri(minter, part, "question", item.question.value)
            out.append(_Passage(node, T.DISCUSSION, item.discussion.value, film, document))
    for passage in out:
        passage.words = [set(_sentence_words(s)) for s in sentences(passage.text)]
    return out


def _evocations(add, minter: IriMinter, activity: str, documents: Sequence[tuple[Document, str]],
                texts: Iterable[tuple[Document, str]]) -> None:
    """Themes each reading's text supports. ``texts`` gives the documents with their texts,
    twice over (word frequencies, then scores), one document at a time."""
    themes: dict[str, set[str]] = {}  # theme IRI -> its content words
    own: dict[str, set[str]] = defaultdict(set)  # film -> its themes
    for doc, _ in documents:
        film = minter.film(doc)
        for named in doc.themes:
            node = minter.concept("theme", named.value)
            themes.setdefault(node, set(content_words(named.value)))
            own[film].add(node)
    frequency: Counter[str] = Counter()
    total = 0
    for doc, name in texts:
        for passage in _passages(minter, doc, name):
            total += 1
            frequency.update(set().union(*passage.words) if passage.words else set())

    def weight(word: str) -> float:
        return math.log((1 + total) / (1 + frequency[word])) + 1

    by_word: dict[str, set[str]] = defaultdict(set)
    for node, words in themes.items():
        for word in words:
            by_word[word].add(node)
    for doc, name in texts:
        best: dict[tuple[str, str], tuple[float, str, _Passage, list[str]]] = {}
        for passage in _passages(minter, doc, name):
            mine = own[passage.film]
            for sentence, words in zip(sentences(passage.text), passage.words):
                # its film's themes, and other films' themes it shares a rarer word with
                hits: Counter[str] = Counter(t for w in words if len(by_word.get(w, ())) <= RARE_WORD_THEMES
                                             for t in by_word.get(w, ()))
                candidates = {t for t in mine if themes[t] & words} | {t for t, n in hits.items() if n >= 2}
                for theme in sorted(candidates):
                    wanted = themes[theme]
                    matched = sorted(wanted & words)
                    score = sum(weight(w) for w in matched) / sum(weight(w) for w in wanted)
                    key = (passage.node, theme)
                    if key not in best or score > best[key][0]:
                        best[key] = (score, sentence, passage, matched)
        others: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (node, theme), (score, _, passage, matched) in sorted(best.items()):
            if theme not in own[passage.film] and score >= EVOKE_OTHER and len(matched) >= 2:
                others[node].append((-score, theme))
        kept_others = {(node, theme) for node, found in others.items()
                       for _, theme in sorted(found)[:EVOKE_OTHER_MAX]}
        for (node, theme), (score, sentence, passage, matched) in sorted(best.items()):
            if theme in own[passage.film]:
                if score < EVOKE_OWN:
                    continue
                kind, predicate = "evokes", T.EVOKES
            elif (node, theme) in kept_others:
                kind, predicate = "may-evoke", T.MAY_EVOKE
            else:
                continue
            _evocation(add, minter, activity, kind, predicate, node, theme, score, sentence, passage, matched)


def _evocation(add, minter: IriMinter, activity: str, kind: str, predicate: str, node: str, theme: str,
               score: float, sentence: str, passage: _Passage, matched: list[str]) -> None:
    add(node, predicate, iri(theme))
    link = _link_iri(minter, kind, node, theme)
    _annotation(add, link, kind, activity, score, [passage.document])
    add(link, T.OA + "hasBody", iri(theme))
    add(link, T.OA + "hasTarget", iri(link + "/target"))
    add(link + "/target", T.RDF_TYPE, iri(T.OA + "SpecificResource"))
    add(link + "/target", T.OA + "hasSource", iri(node))
    add(link + "/target", T.QUOTED_PROPERTY, iri(passage.prop))
    add(link + "/target", T.OA + "hasSelector", iri(link + "/quote"))
    add(link + "/quote", T.RDF_TYPE, iri(T.OA + "TextQuoteSelector"))
    add(link + "/quote", T.OA + "exact", literal(sentence))
    for word in matched:
        add(link, T.MATCHED_TERM, literal(word))


def _annotation(add, link: str, kind: str, activity: str, score: float, documents: Iterable[str]) -> None:
    add(link, T.RDF_TYPE, iri(T.DERIVED_LINK))
    add(link, T.RDF_TYPE, iri(T.OA + "Annotation"))
    add(link, T.OA + "motivatedBy", iri(T.OA + "linking"))
    add(link, T.LINK_KIND, literal(kind))
    add(link, T.SCORE, decimal(Decimal(f"{score:.4f}")))
    for document in sorted(set(documents)):
        add(link, T.PROV + "wasDerivedFrom", iri(document))


def _film_concepts(minter: IriMinter, documents: Sequence[tuple[Document, str]]) -> dict[str, dict[str, set[str]]]:
    """Film -> concept kind -> the concepts the film's documents name."""
    films: dict[str, dict[str, set[str]]] = {}
    for doc, _ in documents:
        kinds = films.setdefault(minter.film(doc), defaultdict(set))
        for kind, names in (("genre", doc.genres), ("theme", doc.themes), ("motif", [m.name for m in doc.motifs]),
                            ("question", [q.question for q in doc.questions])):
            kinds[kind].update(minter.concept(kind, n.value) for n in names)
    return films


def _documents_of(minter: IriMinter, documents: Sequence[tuple[Document, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for doc, name in documents:
        found[minter.film(doc)].append(minter.document(name))
    return found


def _co_occurrences(add, minter: IriMinter, activity: str, films: dict[str, dict[str, set[str]]],
                    documents: Sequence[tuple[Document, str]]) -> None:
    total = len(films)
    sources = _documents_of(minter, documents)
    for kind in ("theme", "motif"):
        having: dict[str, set[str]] = defaultdict(set)
        for film, kinds in films.items():
            for concept in kinds[kind]:
                having[concept].add(film)
        pairs: Counter[tuple[str, str]] = Counter()
        for _, kinds in sorted(films.items()):
            concepts = sorted(kinds[kind])
            for i, a in enumerate(concepts):
                for b in concepts[i + 1:]:
                    pairs[(a, b)] += 1
        tested = sum(1 for n in pairs.values() if n >= MIN_SUPPORT) or 1
        for (a, b), together in sorted(pairs.items()):
            if together < MIN_SUPPORT:
                continue
            lift = together * total / (len(having[a]) * len(having[b]))
            if lift < MIN_LIFT:
                continue
            p_value = _tail(total, len(having[a]), len(having[b]), together)
            if p_value > ALPHA / tested:  # chance says it could be: as often as that, in so many pairs
                continue
            shared = sorted(having[a] & having[b])
            add(a, T.SKOS + "related", iri(b))
            link = _link_iri(minter, "co-occurs", a, b)
            _annotation(add, link, "co-occurs", activity, lift, [d for f in shared for d in sources[f]])
            add(link, T.OA + "hasTarget", iri(a))
            add(link, T.OA + "hasBody", iri(b))
            add(link, T.SUPPORT, integer(together))
            add(link, T.LIFT, decimal(Decimal(f"{lift:.4f}")))
            add(link, T.PMI, decimal(Decimal(f"{math.log2(lift):.4f}")))
            add(link, T.P_VALUE, literal(f"{p_value:.3E}", T.XSD + "double"))
            for film in shared:
                add(link, T.SUPPORTING_FILM, iri(film))


def _tail(total: int, with_a: int, with_b: int, together: int) -> float:
    """The chance that films drawn at random would have a and b together at least this often:
    the upper tail of the hypergeometric distribution (Fisher's exact test, one-sided)."""
    def log_choose(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)

    whole = log_choose(total, with_b)
    terms = [log_choose(with_a, k) + log_choose(total - with_a, with_b - k) - whole
             for k in range(together, min(with_a, with_b) + 1) if with_b - k <= total - with_a]
    return min(1.0, sum(math.exp(t) for t in terms))


def _similar_films(add, minter: IriMinter, activity: str, films: dict[str, dict[str, set[str]]],
                   documents: Sequence[tuple[Document, str]]) -> None:
    total = len(films)
    if total < 2:
        return
    concepts = {film: set().union(*kinds.values()) if kinds else set() for film, kinds in films.items()}
    frequency: Counter[str] = Counter(c for found in concepts.values() for c in found)
    weight = {c: math.log(total / n) + 1e-9 for c, n in frequency.items()}
    norm = {f: math.sqrt(sum(weight[c] ** 2 for c in found)) or 1.0 for f, found in concepts.items()}
    # films are compared when they share a concept that is not everywhere (a genre of most
    # films would make every pair a candidate; it still counts in the score)
    widespread = max(3, min(100, int(total * 0.02)))
    by_concept: dict[str, set[str]] = defaultdict(set)
    for film, found in concepts.items():
        for concept in found:
            if 1 < frequency[concept] <= widespread:
                by_concept[concept].add(film)
    sources = _documents_of(minter, documents)
    for film in sorted(concepts):
        # the dot product of the weighted concept sets, summed a shared concept at a time
        dot: dict[str, float] = defaultdict(float)
        for concept in concepts[film]:
            for other in by_concept.get(concept, ()):
                if other != film:
                    dot[other] += weight[concept] ** 2
        everywhere = [(c, weight[c] ** 2) for c in concepts[film] if frequency[c] > widespread]
        best = heapq.nsmallest(SIMILAR_TOP, (
            (-(value + sum(w for c, w in everywhere if c in concepts[other])) / (norm[film] * norm[other]), other)
            for other, value in dot.items()))
        scored = [(negative, other, sorted(concepts[film] & concepts[other]))
                  for negative, other in best if -negative >= SIMILAR_MIN]
        for negative, other, shared in sorted(scored)[:SIMILAR_TOP]:
            add(film, T.SIMILAR_TO, iri(other))
            link = _link_iri(minter, "similar", film, other)
            _annotation(add, link, "similar", activity, -negative, [*sources[film], *sources[other]])
            add(link, T.OA + "hasTarget", iri(film))
            add(link, T.OA + "hasBody", iri(other))
            for concept in sorted(shared, key=lambda c: (-weight[c], c))[:SIMILAR_SHOWN]:
                add(link, T.SHARED_CONCEPT, iri(concept))


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


def _name_matches(add, minter: IriMinter, activity: str, documents: Sequence[tuple[Document, str]]) -> None:
    labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (kind, key) -> IRI -> label
    users: dict[str, set[str]] = defaultdict(set)
    for doc, name in documents:
        for kind, names in (("genre", doc.genres), ("theme", doc.themes), ("motif", [m.name for m in doc.motifs]),
                            ("question", [q.question for q in doc.questions])):
            for item in names:
                node = minter.concept(kind, item.value)
                labels[(kind, name_key(item.value)[0])].setdefault(node, item.value)
                users[node].add(minter.document(name))
    for _, found in sorted(labels.items()):
        nodes = sorted(found)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                reasons = sorted(set(name_key(found[a])[1]) ^ set(name_key(found[b])[1])
                                 or set(name_key(found[a])[1]) | set(name_key(found[b])[1]))
                add(a, T.SKOS + "closeMatch", iri(b))
                link = _link_iri(minter, "same-concept", a, b)
                _annotation(add, link, "same-concept", activity, 1.0, [*users[a], *users[b]])
                add(link, T.OA + "hasTarget", iri(a))
                add(link, T.OA + "hasBody", iri(b))
                for reason in reasons:
                    add(link, T.MATCH_REASON, literal(reason))
