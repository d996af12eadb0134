"""Namespaces and the filmgraph ontology's terms, as plain IRI strings.

Plain strings keep the mapping fast; ``rdflib.Namespace(FG)`` gives rdflib terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

FG = "https://w3id.org/filmgraph/"
#: Where instance IRIs live unless a build is given another base.
DEFAULT_BASE = "https://w3id.org/filmgraph/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
VANN = "http://purl.org/vocab/vann/"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
DBO = "http://dbpedia.org/ontology/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"

#: Prefixes used when writing RDF; a file declares only those it uses.
PREFIXES: dict[str, str] = {
    "dbo": DBO, "dcterms": DCTERMS, "fg": FG, "oa": OA, "owl": OWL, "prov": PROV,
    "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "sd": SD, "sh": SH, "skos": SKOS, "vann": VANN,
    "void": VOID, "wd": WD, "wdt": WDT, "xsd": XSD,
}

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"

# Classes of the fg: namespace.
MOTIF_READING = FG + "MotifReading"
QUESTION_DISCUSSION = FG + "QuestionDiscussion"
SOURCE_DOCUMENT = FG + "SourceDocument"
DOCUMENT_SECTION = FG + "DocumentSection"
GENRE = FG + "Genre"
THEME = FG + "Theme"
MOTIF = FG + "Motif"
QUESTION = FG + "PhilosophicalQuestion"
DERIVED_GRAPH = FG + "DerivedGraph"
SECTION_RULE = FG + "SectionRule"
DERIVED_LINK = FG + "DerivedLink"
#: The links graph's IRI after the dataset's base: what `--no-links` leaves out.
LINKS_GRAPH_PATH = "graph/links"


def is_corpus_graph(iri: str, path: str = LINKS_GRAPH_PATH) -> bool:
    """Whether an IRI is BASE+path for some base ending in / or # (the links graph by default)."""
    return iri.endswith(path) and iri[-len(path) - 1:-len(path)] in ("/", "#")

# Properties of the fg: namespace.
LOGLINE = FG + "logline"
TAGLINE = FG + "tagline"
ORIGINAL_TITLE = FG + "originalTitle"
THEME_P = FG + "theme"
BUDGET = FG + "budget"
BOX_OFFICE = FG + "boxOffice"
BILLING_ORDER = FG + "billingOrder"
HAS_MOTIF_READING = FG + "hasMotifReading"
HAS_DISCUSSION = FG + "hasDiscussion"
FILM = FG + "film"
MOTIF_P = FG + "motif"
MEANING = FG + "meaning"
CONTEXT = FG + "context"
QUESTION_P = FG + "question"
DISCUSSION = FG + "discussion"
CORE_MEANING = FG + "coreMeaning"
POSITION = FG + "position"
FILE_NAME = FG + "fileName"
SHA256 = FG + "sha256"
SECTION_KEY = FG + "sectionKey"
START_LINE = FG + "startLine"
END_LINE = FG + "endLine"
SOURCE_LINE = FG + "SourceLine"
SOURCE_LINE_P = FG + "sourceLine"
LINE_NUMBER = FG + "lineNumber"
LINE_ROLE = FG + "lineRole"
SPLIT_METHOD = FG + "splitMethod"
SPLIT_CONFIDENCE = FG + "splitConfidence"
SPLIT_UNCERTAIN = FG + "splitUncertain"
SPLIT_RESULT = FG + "splitResult"
ALTERNATIVE_SPLIT = FG + "alternativeSplit"
DERIVATION_METHOD = FG + "derivationMethod"
SUBJECT_CLASS = FG + "subjectClass"
RULE_PREDICATE = FG + "rulePredicate"
RULE_SECTION = FG + "ruleSection"
RULE_METHOD = FG + "ruleMethod"
EVOKES = FG + "evokes"
MAY_EVOKE = FG + "mayEvoke"
SIMILAR_TO = FG + "similarTo"
LINK_KIND = FG + "linkKind"
SCORE = FG + "score"
MATCHED_TERM = FG + "matchedTerm"
QUOTED_PROPERTY = FG + "quotedProperty"
SUPPORT = FG + "support"
SUPPORTING_FILM = FG + "supportingFilm"
LIFT = FG + "lift"
PMI = FG + "pmi"
P_VALUE = FG + "pValue"
SHARED_CONCEPT = FG + "sharedConcept"
MATCH_REASON = FG + "matchReason"
PARAMETER = FG + "parameter"


@lru_cache(maxsize=4096)  # the same few predicates and classes, asked for again and again
def curie(iri: str) -> str:
    """The prefixed name of an IRI under filmgraph's prefixes, or the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(name: str) -> str:
    """The IRI of a prefixed name made by curie (a full IRI comes back as it is)."""
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else name
