"""The kinds of node: one table for the mapping, the projection and the viewer.

A resource's kind is the first kind in KINDS whose class it has. Each kind has its
key (as --kinds takes it), its label, its colours and shape in the viewer, whether the
viewer shows it when the page opens, and, for the shared concepts, the label of its
SKOS concept scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import terms as T


@dataclass(frozen=True)
class Kind:
    key: str
    cls: str
    label: str
    fill: str
    border: str
    #: vis-network's node shape.
    shape: str
    #: Shown when the viewer opens (plumbing of how the graph was made starts hidden).
    shown: bool = True
    #: For a kind of shared concept: the label of its concept scheme.
    scheme: str | None = None
    #: A film's own text hangs on nodes of this kind: the detail panel shows it under each link.
    nested: bool = False
    #: Drawn in the concept view (the others become its edges and facts, or are left out).
    in_concept_view: bool = False


#: Every kind, in the order a resource's classes are matched.
KINDS: tuple[Kind, ...] = (
    Kind("film", T.SCHEMA + "Movie", "Film", "#f25f5c", "#a23b39", "star", in_concept_view=True),
    Kind("person", T.SCHEMA + "Person", "Person", "#ffe066", "#b59b2c", "dot", in_concept_view=True),
    Kind("cast", T.SCHEMA + "PerformanceRole", "Cast entry", "#fff3bf", "#b59b2c", "dot"),
    Kind("genre", T.GENRE, "Genre", "#70c1b3", "#3d7d72", "hexagon", scheme="Genres", in_concept_view=True),
    Kind("theme", T.THEME, "Theme", "#8ecae6", "#2a6f97", "square", scheme="Themes", in_concept_view=True),
    Kind("motif", T.MOTIF, "Motif", "#b388eb", "#6f4c9b", "diamond", scheme="Motifs", in_concept_view=True),
    Kind("reading", T.MOTIF_READING, "Motif reading", "#e2d4f7", "#6f4c9b", "dot", nested=True),
    Kind("question", T.QUESTION, "Question", "#f4a261", "#a8643a", "triangle", scheme="Philosophical questions",
         in_concept_view=True),
    Kind("discussion", T.QUESTION_DISCUSSION, "Discussion", "#fbe0c8", "#a8643a", "dot", nested=True),
    Kind("rating", T.SCHEMA + "AggregateRating", "Rating", "#c5e1a5", "#6b8e3d", "square"),
    Kind("money", T.SCHEMA + "MonetaryAmount", "Amount of money", "#a5d6a7", "#3f7a42", "square"),
    Kind("country", T.SCHEMA + "Country", "Country", "#90caf9", "#3f6d96", "triangleDown", in_concept_view=True),
    Kind("document", T.SOURCE_DOCUMENT, "Source document", "#cfd8dc", "#607d8b", "box"),
    Kind("section", T.DOCUMENT_SECTION, "Document section", "#eceff1", "#607d8b", "box", shown=False),
    Kind("line", T.SOURCE_LINE, "Source line", "#eceff1", "#607d8b", "dot", shown=False),
    Kind("quote", T.OA + "TextQuoteSelector", "Quoted text", "#eceff1", "#607d8b", "text", shown=False),
    Kind("scheme", T.SKOS + "ConceptScheme", "Concept scheme", "#d7ccc8", "#795548", "hexagon", shown=False),
    Kind("derived", T.DERIVED_GRAPH, "Derived graph", "#eceff1", "#607d8b", "hexagon", shown=False),
    Kind("linkset", T.VOID + "Linkset", "Linkset", "#eceff1", "#607d8b", "hexagon", shown=False),
    Kind("dataset", T.VOID + "Dataset", "Dataset", "#eceff1", "#607d8b", "hexagon", shown=False),
    Kind("activity", T.PROV + "Activity", "Build activity", "#eceff1", "#607d8b", "triangleDown", shown=False),
    Kind("agent", T.PROV + "SoftwareAgent", "Software", "#eceff1", "#607d8b", "triangleDown", shown=False),
    Kind("rule", T.SECTION_RULE, "Section rule", "#eceff1", "#607d8b", "dot", shown=False),
    Kind("link", T.DERIVED_LINK, "Derived link", "#fff8e1", "#b08d2a", "dot", shown=False),
    Kind("evidence", T.OA + "SpecificResource", "Evidence", "#eceff1", "#607d8b", "dot", shown=False),
    Kind("concept", T.SKOS + "Concept", "Concept", "#dcedc8", "#6b8e3d", "square", in_concept_view=True),
)
#: The kind of a resource with none of the classes above.
OTHER = Kind("other", "", "Other", "#e0e0e0", "#757575", "dot")

BY_KEY: dict[str, Kind] = {k.key: k for k in (*KINDS, OTHER)}
#: The kinds --kinds accepts, sorted.
KIND_KEYS: tuple[str, ...] = tuple(sorted(BY_KEY))
#: The kinds the concept view draws.
CONCEPT_VIEW_KINDS: frozenset[str] = frozenset(k.key for k in KINDS if k.in_concept_view)
#: Kinds of shared concept, by key (the IRI segment of their instances).
CONCEPT_KINDS: dict[str, Kind] = {k.key: k for k in KINDS if k.scheme}


def kind_of(classes: set[str] | frozenset[str]) -> Kind:
    """The kind of a resource with these classes."""
    return next((k for k in KINDS if k.cls in classes), OTHER)
