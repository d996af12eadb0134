"""Map the document model to RDF quads under the filmgraph ontology.

Quads are tuples of N-Triples term strings (see ntriples). Each document's statements
go into a named graph whose name is the document's IRI; what the tool derives itself
(country codes, concept schemes, how a run-together line was split) goes into the
DERIVED graph, which says how it was made.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import __version__
from . import terms as T
from .countries import country_name
from .document import Document, Money, Section, SourceLine, Text
from .errors import InputError
from .kinds import CONCEPT_KINDS
from .links import (
    COUNTRY_SOURCES,
    COUNTRY_TARGETS,
    EU_COUNTRIES,
    TARGETS,
    WIKIDATA_COUNTRIES,
    country_authority,
    country_wikidata,
    identifier_iri,
)
from .ntriples import Quad, boolean, decimal, integer, iri, lang_literal, literal

#: Appends a quad to a document's (list.append).
_Add = Callable[[Quad], None]

_BASE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$")
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def check_base(base: str) -> str:
    """Return base if it can prefix instance IRIs (absolute, ends in / or #)."""
    if not _BASE_RE.match(base):
        raise ValueError(f"base IRI must be absolute and end with '/' or '#': {base!r}")
    return base


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """A readable, collision-safe IRI segment for a name.

    Names compare by their casefolded, space-normalised form. When that form is
    exactly the slug's words (plain ASCII words and single spaces), the slug is used
    as is; otherwise a short hash of the form is added after an underscore, which a
    plain slug never contains, so two names that slug alike never share a segment.
    """
    key = " ".join(unicodedata.normalize("NFC", name).casefold().split(" "))
    key = " ".join(w for w in key.split(" ") if w)
    ascii_ = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    if plain and plain.replace("-", " ") == key:
        return plain
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{plain}_{digest}" if plain else f"_{digest}"


class IriMinter:
    """Makes the IRIs of one build from its base."""

    def __init__(self, base: str = T.DEFAULT_BASE) -> None:
        self.base = check_base(base)
        self.derived_graph = base + "graph/derived"
        #: The build: it generates every document's graph and the derived graph.
        self.activity = self.derived_graph + "/activity"
        #: Films more than one document of the build describes (two analyses of one film).
        self.shared_films: frozenset[str] = frozenset()
        #: Concepts a curator merged: the IRI a name would have -> the concept kept (see merges).
        self.merged: dict[str, str] = {}

    def film(self, doc: Document) -> str:
        year = f"-{doc.year}" if doc.year else ""
        return f"{self.base}film/{slug(doc.title.value)}{year}"

    def part(self, doc: Document, name: str) -> str:
        """Where a document's own nodes of its film (cast entries, readings, discussions) live:
        under the film, or, when several documents describe the film, under the film and the
        document, so that each analysis keeps its own."""
        film = self.film(doc)
        if film not in self.shared_films:
            return film
        return f"{film}/by/{self.document(name)[len(self.base + 'document/'):]}"

    def concept(self, kind: str, name: str) -> str:
        node = f"{self.base}{kind}/{slug(name)}"
        return self.merged.get(node, node) if self.merged else node

    def own_name(self, kind: str, name: str) -> bool:
        """Whether the name is its concept's own (not one merged into another concept)."""
        return not self.merged or f"{self.base}{kind}/{slug(name)}" not in self.merged

    def country(self, code: str | None, label: str) -> str:
        return f"{self.base}country/{code}" if code else self.concept("country", label)

    def scheme(self, kind: str) -> str:
        return f"{self.base}scheme/{kind}"

    def document(self, name: str) -> str:
        """A document's IRI from its file name: kept as is when already IRI-safe."""
        stem = name[:-4] if name.lower().endswith(".txt") else name
        parts = stem.split("/")
        safe = all(_SAFE_SEGMENT.match(p) and p not in (".", "..") for p in parts)
        return f"{self.base}document/{'/'.join(parts if safe else (slug(p) for p in parts))}"


#: Lines whose reading gives statements about the film itself (fg:sourceLine on the film);
#: the cast, rating and money nodes point to their own line.
_FILM_LINE_ROLES = ("metadata", "directors", "genres", "themes")


def source_line_iri(document: str, number: int) -> str:
    return f"{document}/line/{number}"




#: Which section of its document states a triple: by the class its subject has in the
#: document's graph and, where one class's statements come from several sections, by the
#: predicate (None: any other predicate). Written into the derived graph as fg:SectionRule
#: nodes, so that one query (queries/statement-source.rq) traces any triple of a document's
#: graph to its section and line span without a statement about each triple.
SECTION_RULES: tuple[tuple[str, str | None, str], ...] = (
    (T.SCHEMA + "Movie", None, "facts"),
    (T.SCHEMA + "Movie", T.HAS_MOTIF_READING, "motifs"),
    (T.SCHEMA + "Movie", T.HAS_DISCUSSION, "questions"),
    (T.SCHEMA + "Movie", T.CORE_MEANING, "core-meaning"),
    (T.SCHEMA + "Person", None, "facts"),
    (T.SCHEMA + "PerformanceRole", None, "facts"),
    (T.SCHEMA + "AggregateRating", None, "facts"),
    (T.SCHEMA + "MonetaryAmount", None, "facts"),
    (T.SCHEMA + "Country", None, "facts"),
    (T.GENRE, None, "facts"),
    (T.THEME, None, "facts"),
    (T.SOURCE_LINE, None, "facts"),
    (T.OA + "TextQuoteSelector", None, "facts"),
    (T.MOTIF, None, "motifs"),
    (T.MOTIF_READING, None, "motifs"),
    (T.QUESTION, None, "questions"),
    (T.QUESTION_DISCUSSION, None, "questions"),
)
#: Triples about the document and its sections are filmgraph's reading of the file, not
#: statements the document makes: subject class -> how they were made.
STRUCTURE_RULES: tuple[tuple[str, str], ...] = (
    (T.SOURCE_DOCUMENT, "Read from the file by filmgraph: its name, its SHA-256, the film its title names, "
                        "and the build that generated this graph."),
    (T.DOCUMENT_SECTION, "The document's layout as filmgraph's parser read it: each section's heading and "
                         "line span."),
)


#: The vocabulary's terms the mapping states, made once: predicates and classes.
_TYPE, _NAME, _ACTOR, _SOURCE_LINE = (iri(T.RDF_TYPE), iri(T.SCHEMA + "name"), iri(T.SCHEMA + "actor"),
                                      iri(T.SOURCE_LINE_P))
_PREF_LABEL, _ALT_LABEL, _IN_SCHEME, _CONCEPT = (iri(T.SKOS + "prefLabel"), iri(T.SKOS + "altLabel"),
                                                 iri(T.SKOS + "inScheme"), iri(T.SKOS + "Concept"))
_PERSON, _PERFORMANCE_ROLE, _BILLING_ORDER = (iri(T.SCHEMA + "Person"), iri(T.SCHEMA + "PerformanceRole"),
                                              iri(T.BILLING_ORDER))
_DOCUMENT_SECTION, _PART_OF, _SECTION_KEY, _LABEL, _START_LINE, _END_LINE = (
    iri(T.DOCUMENT_SECTION), iri(T.DCTERMS + "isPartOf"), iri(T.SECTION_KEY), iri(T.RDFS + "label"),
    iri(T.START_LINE), iri(T.END_LINE))
_SOURCE_LINE_CLASS, _SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR, _LINE_NUMBER, _LINE_ROLE = (
    iri(T.SOURCE_LINE), iri(T.OA + "SpecificResource"), iri(T.OA + "hasSource"), iri(T.OA + "hasSelector"),
    iri(T.LINE_NUMBER), iri(T.LINE_ROLE))
_QUOTE_SELECTOR, _EXACT = iri(T.OA + "TextQuoteSelector"), iri(T.OA + "exact")
_FILM, _POSITION = iri(T.FILM), iri(T.POSITION)
_MONETARY_AMOUNT, _VALUE, _CURRENCY = (iri(T.SCHEMA + "MonetaryAmount"), iri(T.SCHEMA + "value"),
                                       iri(T.SCHEMA + "currency"))
_BUDGETS = ((iri(T.BUDGET), "budget"), (iri(T.BOX_OFFICE), "box-office"))

#: Interpretation kinds: concept kind -> (film's link property, node class, concept property).
INTERPRETATIONS = {
    "motif": (T.HAS_MOTIF_READING, T.MOTIF_READING, T.MOTIF_P),
    "question": (T.HAS_DISCUSSION, T.QUESTION_DISCUSSION, T.QUESTION_P),
}
#: INTERPRETATIONS as terms.
_INTERPRETATIONS = {kind: tuple(map(iri, values)) for kind, values in INTERPRETATIONS.items()}
#: Each concept kind's class as a term.
_CONCEPT_CLASSES = {kind: iri(spec.cls) for kind, spec in CONCEPT_KINDS.items()}


class DocumentMapper:
    """Turns one parsed document into quads in its own named graph."""

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter

    def map(self, doc: Document, name: str) -> list[Quad]:
        """The document's quads, each statement appended as it is made (its terms made once)."""
        m = self.minter
        graph = iri(m.document(name))
        document = graph[1:-1]
        film_iri = m.film(doc)
        film = iri(film_iri)
        part = m.part(doc, name)
        out: list[Quad] = []
        add = out.append

        for section in doc.sections:
            self._section(add, document, graph, section)
        lines = {line.role: self._source_line(add, document, graph, line) for line in doc.source_lines}
        add((graph, _TYPE, iri(T.SOURCE_DOCUMENT), graph))
        add((graph, _TYPE, iri(T.PROV + "Entity"), graph))
        add((graph, iri(T.FILE_NAME), literal(name), graph))
        add((graph, iri(T.SHA256), literal(doc.sha256), graph))
        add((graph, iri(T.SCHEMA + "about"), film, graph))
        add((graph, iri(T.PROV + "wasGeneratedBy"), iri(m.activity), graph))

        add((film, _TYPE, iri(T.SCHEMA + "Movie"), graph))
        for role in _FILM_LINE_ROLES:
            if role in lines:
                add((film, _SOURCE_LINE, lines[role], graph))
        add((film, _NAME, lang_literal(doc.title.value), graph))
        if doc.display_title and doc.display_title.value != doc.title.value:
            add((film, iri(T.SCHEMA + "alternateName"), lang_literal(doc.display_title.value), graph))
        if doc.original_title:
            add((film, iri(T.ORIGINAL_TITLE), literal(doc.original_title.value), graph))
        if doc.logline:
            add((film, iri(T.SCHEMA + "abstract"), lang_literal(doc.logline.value), graph))
        if doc.tagline:
            add((film, iri(T.TAGLINE), lang_literal(doc.tagline.value), graph))
        if doc.release_date:
            add((film, iri(T.SCHEMA + "datePublished"), literal(doc.release_date.isoformat(), T.XSD + "date"), graph))
        for country in doc.countries:
            node = iri(m.country(country.code, country.label))
            add((film, iri(T.SCHEMA + "countryOfOrigin"), node, graph))
            if country.code is None:
                add((node, _TYPE, iri(T.SCHEMA + "Country"), graph))
                add((node, _NAME, lang_literal(country.label), graph))
        if doc.runtime_minutes is not None:
            add((film, iri(T.SCHEMA + "duration"), literal(f"PT{doc.runtime_minutes}M", T.XSD + "duration"), graph))
        if doc.rating:
            node = f"<{film_iri}/rating>"
            add((film, iri(T.SCHEMA + "aggregateRating"), node, graph))
            add((node, _TYPE, iri(T.SCHEMA + "AggregateRating"), graph))
            add((node, iri(T.SCHEMA + "ratingValue"), decimal(doc.rating.value), graph))
            add((node, iri(T.SCHEMA + "bestRating"), integer(doc.rating.best), graph))
            if doc.rating.votes is not None:
                add((node, iri(T.SCHEMA + "ratingCount"), integer(doc.rating.votes), graph))
            add((node, _SOURCE_LINE, lines["metadata"], graph))
        director = iri(T.SCHEMA + "director")
        for person in doc.directors:
            add((film, director, self._person(add, graph, person), graph))
        if doc.cast:
            cast_line = lines["cast"]
            for order, person in enumerate(doc.cast, 1):
                role = f"<{part}/cast/{order}>"
                add((film, _ACTOR, role, graph))
                add((role, _TYPE, _PERFORMANCE_ROLE, graph))
                add((role, _ACTOR, self._person(add, graph, person), graph))
                add((role, _BILLING_ORDER, integer(order), graph))
                add((role, _SOURCE_LINE, cast_line, graph))
        genre = iri(T.SCHEMA + "genre")
        for named in doc.genres:
            add((film, genre, self._concept(add, graph, "genre", named), graph))
        theme = iri(T.THEME_P)
        for named in doc.themes:
            add((film, theme, self._concept(add, graph, "theme", named), graph))
        for (prop, segment), money in zip(_BUDGETS, (doc.budget, doc.box_office)):
            if money:
                node = f"<{film_iri}/{segment}>"
                self._money(add, graph, node, money)
                add((film, prop, node, graph))
                add((node, _SOURCE_LINE, lines[segment], graph))
        for position, reading in enumerate(doc.motifs, 1):
            texts = [(T.MEANING, reading.meaning), (T.CONTEXT, reading.context)]
            self._interpretation(add, graph, film, part, "motif", reading.name, texts, position)
        for position, item in enumerate(doc.questions, 1):
            texts = [(T.DISCUSSION, item.discussion)]
            self._interpretation(add, graph, film, part, "question", item.question, texts, position)
        if doc.core_meaning:
            add((film, iri(T.CORE_MEANING), lang_literal(doc.core_meaning.value), graph))
        return out

    def _interpretation(self, add: _Add, graph: str, film: str, part: str, kind: str, name: Text,
                        texts: list[tuple[str, Text | None]], position: int) -> None:
        """An n-ary node tying one film to one shared concept with the document's texts."""
        link, cls, concept_property = _INTERPRETATIONS[kind]
        concept = self._concept(add, graph, kind, name)
        node = f"<{part}/{kind}/{concept[concept.rindex('/') + 1:-1]}>"
        add((film, link, node, graph))
        add((node, _TYPE, cls, graph))
        add((node, _FILM, film, graph))
        add((node, concept_property, concept, graph))
        for prop, text in texts:
            if text is not None:
                add((node, iri(prop), lang_literal(text.value), graph))
        add((node, _POSITION, integer(position), graph))

    def _section(self, add: _Add, document: str, graph: str, section: Section) -> None:
        node = f"<{document}/section/{section.key}>"
        add((node, _TYPE, _DOCUMENT_SECTION, graph))
        add((node, _PART_OF, graph, graph))
        add((node, _SECTION_KEY, literal(section.key), graph))
        add((node, _LABEL, literal(section.heading), graph))
        add((node, _START_LINE, integer(section.start_line), graph))
        add((node, _END_LINE, integer(section.end_line), graph))

    def _source_line(self, add: _Add, document: str, graph: str, line: SourceLine) -> str:
        """A header line as Web Annotation would point at it: a part of the document
        selected by its exact text, with its line number and what it was read as (its term)."""
        node = source_line_iri(document, line.number)
        term, quote = f"<{node}>", f"<{node}/quote>"
        add((term, _TYPE, _SOURCE_LINE_CLASS, graph))
        add((term, _TYPE, _SPECIFIC_RESOURCE, graph))
        add((term, _HAS_SOURCE, graph, graph))
        add((term, _HAS_SELECTOR, quote, graph))
        add((term, _LINE_NUMBER, integer(line.number), graph))
        add((term, _LINE_ROLE, literal(line.role), graph))
        add((quote, _TYPE, _QUOTE_SELECTOR, graph))
        add((quote, _EXACT, literal(line.text), graph))
        return term

    def _person(self, add: _Add, graph: str, name: Text) -> str:
        node = iri(self.minter.concept("person", name.value))
        add((node, _TYPE, _PERSON, graph))
        add((node, _NAME, literal(name.value), graph))
        return node

    def _concept(self, add: _Add, graph: str, kind: str, name: Text) -> str:
        node = iri(self.minter.concept(kind, name.value))
        add((node, _TYPE, _CONCEPT_CLASSES[kind], graph))
        add((node, _TYPE, _CONCEPT, graph))
        label = _PREF_LABEL if self.minter.own_name(kind, name.value) else _ALT_LABEL
        add((node, label, lang_literal(name.value), graph))
        add((node, _IN_SCHEME, iri(self.minter.scheme(kind)), graph))
        return node

    def _money(self, add: _Add, graph: str, node: str, money: Money) -> None:
        add((node, _TYPE, _MONETARY_AMOUNT, graph))
        add((node, _VALUE, decimal(money.amount), graph))
        add((node, _CURRENCY, literal(money.currency), graph))


#: The licence a build puts on its dataset unless told otherwise.
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
#: Vocabularies the data uses (void:vocabulary).
VOCABULARIES = (T.FG, T.SCHEMA, T.SKOS, T.PROV, T.OA, T.DCTERMS)


def derived_quads(minter: IriMinter, documents: Iterable[tuple[Document, str]], licence: str = DEFAULT_LICENCE,
                  link_files: Sequence[tuple[str, str, list[tuple[str, str]]]] = (),
                  started: str | None = None) -> list[Quad]:
    """Statements the tool derives for a build, in the derived graph, with their PROV:
    the dataset and its licence, country codes and links, schemes, theme splits, the
    links to other datasets (``link_files``: name, SHA-256 and links of each link file),
    the section rules, and the build's start time (``started``, xsd:dateTime) when given."""
    return list(iter_derived_quads(minter, documents, licence, link_files, started))


def iter_derived_quads(minter: IriMinter, documents: Iterable[tuple[Document, str]],
                       licence: str = DEFAULT_LICENCE,
                       link_files: Sequence[tuple[str, str, list[tuple[str, str]]]] = (),
                       started: str | None = None) -> Iterator[Quad]:
    """derived_quads one document at a time: what does not hold for the corpus as a whole
    is given as each document is read, so that the documents may be a stream."""
    graph = iri(minter.derived_graph)
    out: list[Quad] = []

    def add(s: str, p: str, o: str) -> None:
        out.append((iri(s), iri(p), o, graph))

    activity = minter.activity
    agent = minter.base + "agent/filmgraph"
    add(minter.derived_graph, T.RDF_TYPE, iri(T.DERIVED_GRAPH))
    add(minter.derived_graph, T.RDF_TYPE, iri(T.PROV + "Entity"))
    add(minter.derived_graph, T.PROV + "wasGeneratedBy", iri(activity))
    add(minter.derived_graph, T.DERIVATION_METHOD, literal(
        "Country names resolved to ISO 3166 codes with pycountry; concept schemes made "
        "for the concept kinds; each run-together theme line split by the method named "
        "on its line (fg:splitMethod), with its confidence and the alternatives when uncertain; "
        "links to other datasets made from identifiers the documents state, link files and ISO codes, "
        "each set listed as a void:Linkset with its source; the section rules (fg:SectionRule) that "
        "trace each statement of a document's graph to its section."
    ))
    add(activity, T.RDF_TYPE, iri(T.PROV + "Activity"))
    add(activity, T.RDFS + "label", literal("filmgraph build"))
    if started is not None:
        add(activity, T.PROV + "startedAtTime", literal(started, T.XSD + "dateTime"))
    add(activity, T.PROV + "wasAssociatedWith", iri(agent))
    add(agent, T.RDF_TYPE, iri(T.PROV + "SoftwareAgent"))
    add(agent, T.RDFS + "label", literal(f"filmgraph {__version__}"))
    dataset = minter.base + "dataset"
    add(dataset, T.RDF_TYPE, iri(T.VOID + "Dataset"))
    add(dataset, T.DCTERMS + "title", lang_literal("filmgraph dataset"))
    add(dataset, T.DCTERMS + "license", iri(licence))
    add(dataset, T.VOID + "uriSpace", literal(minter.base))
    for vocabulary in VOCABULARIES:
        add(dataset, T.VOID + "vocabulary", iri(vocabulary))
    linksets: dict[str, set[tuple[str, str]]] = {}  # sets: a country is linked by many documents
    kinds: set[str] = set()
    for doc, name in documents:
        document = minter.document(name)
        add(activity, T.PROV + "used", iri(document))
        film = minter.film(doc)
        for identifier in doc.identifiers:
            linksets.setdefault(identifier.scheme, set()).add((film, identifier_iri(identifier.scheme, identifier.value)))
        if doc.theme_split and doc.theme_line:
            split = doc.theme_split
            line = source_line_iri(document, doc.theme_line.line)
            add(line, T.SPLIT_METHOD, literal(split.method))
            add(line, T.SPLIT_CONFIDENCE, decimal(Decimal(str(split.confidence))))
            add(line, T.SPLIT_UNCERTAIN, boolean(split.uncertain))
            add(line, T.SPLIT_RESULT, literal(" | ".join(t.value for t in doc.themes)))
            for alternative in split.alternatives:
                add(line, T.ALTERNATIVE_SPLIT, literal(" | ".join(alternative)))
        for country in doc.countries:
            if country.code:
                node = minter.country(country.code, country.label)
                add(node, T.RDF_TYPE, iri(T.SCHEMA + "Country"))
                add(node, T.SCHEMA + "name", lang_literal(country_name(country.code)))
                add(node, T.SCHEMA + "identifier", literal(country.code))
                for target, external in ((EU_COUNTRIES, country_authority(country.code)),
                                         (WIKIDATA_COUNTRIES, country_wikidata(country.code))):
                    if external:
                        linksets.setdefault(target.key, set()).add((node, external))
        kinds.update(k for k, items in (("genre", doc.genres), ("theme", doc.themes),
                                        ("motif", doc.motifs), ("question", doc.questions)) if items)
        yield from out
        out.clear()
    for kind in sorted(kinds):
        scheme = minter.scheme(kind)
        add(scheme, T.RDF_TYPE, iri(T.SKOS + "ConceptScheme"))
        add(scheme, T.SKOS + "prefLabel", lang_literal(CONCEPT_KINDS[kind].scheme or kind))
    for key, links in sorted(linksets.items()):
        if key in COUNTRY_TARGETS:
            target, predicate, source = COUNTRY_TARGETS[key], T.SKOS + "exactMatch", COUNTRY_SOURCES[key]
        else:
            target = TARGETS[key]
            predicate = target.predicate
            source = "the identifiers stated in the documents' header lines, made IRIs as " + target.source
        _linkset(add, dataset, f"{minter.base}linkset/{key}", target.dataset, predicate, links, source)
    for name, sha256, pairs in link_files:
        linkset = f"{minter.base}linkset/file/{slug(name)}"
        _linkset(add, dataset, linkset, None, T.OWL + "sameAs", pairs, f"the link file {name} (SHA-256 {sha256})")
    _section_rules(add, minter)
    yield from out


def _section_rules(add: Any, minter: IriMinter) -> None:
    """SECTION_RULES and STRUCTURE_RULES as fg:SectionRule nodes."""
    for number, (cls, predicate, key) in enumerate(SECTION_RULES, 1):
        node = f"{minter.base}rule/section/{number}"
        add(node, T.RDF_TYPE, iri(T.SECTION_RULE))
        add(node, T.SUBJECT_CLASS, iri(cls))
        if predicate:
            add(node, T.RULE_PREDICATE, iri(predicate))
        add(node, T.RULE_SECTION, literal(key))
    for number, (cls, method) in enumerate(STRUCTURE_RULES, 1):
        node = f"{minter.base}rule/structure/{number}"
        add(node, T.RDF_TYPE, iri(T.SECTION_RULE))
        add(node, T.SUBJECT_CLASS, iri(cls))
        add(node, T.RULE_METHOD, literal(method))


def started_at() -> str | None:
    """The build's start time for its PROV record: SOURCE_DATE_EPOCH (seconds since 1970, the
    reproducible-builds convention) as xsd:dateTime in UTC, or None when it is not set, so
    that the same input gives the same bytes unless a time is asked for."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError("SOURCE_DATE_EPOCH", 0, f"must be a whole number of seconds since 1970, not {value!r}")
    return datetime.fromtimestamp(int(value), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _linkset(add: Any, dataset: str, node: str, target: str | None, predicate: str, links: Iterable[tuple[str, str]],
             source: str) -> None:
    """The links, and a void:Linkset saying what they link, how many, and from what source."""
    unique = sorted(set(links))
    for local, external in unique:
        add(local, predicate, iri(external))
    add(node, T.RDF_TYPE, iri(T.VOID + "Linkset"))
    add(node, T.VOID + "subjectsTarget", iri(dataset))
    if target:
        add(node, T.VOID + "objectsTarget", iri(target))
    add(node, T.VOID + "linkPredicate", iri(predicate))
    add(node, T.VOID + "triples", integer(len(unique)))
    add(node, T.DCTERMS + "source", literal(source))
    add(dataset, T.VOID + "subset", iri(node))
