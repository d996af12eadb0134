"""The document model: what a film-analysis document says, with source line numbers.

Plain dataclasses, no RDF: the parser fills them, the mapping turns them into triples.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from .errors import ParseWarning


@dataclass(frozen=True)
class Text:
    """A piece of text and the line it starts on."""

    value: str
    line: int


@dataclass(frozen=True)
class Country:
    """A country as written, with its ISO 3166 code when it could be resolved."""

    label: str
    code: str | None
    line: int


@dataclass(frozen=True)
class Rating:
    value: Decimal
    votes: int | None
    best: int
    line: int


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    line: int


@dataclass(frozen=True)
class Split:
    """How a run-together line (genres, themes) was cut into names."""

    method: str
    uncertain: bool
    alternatives: tuple[tuple[str, ...], ...] = ()
    confidence: float = 1.0


@dataclass(frozen=True)
class SourceLine:
    """A header line the parser interpreted: what it was read as, where, and its exact text.

    ``role`` is one of the roles the shapes allow for fg:lineRole (metadata, directors, cast,
    genres, themes, budget, box-office, identifier, unrecognised); ``text`` is the line as
    written (without its line end).
    """

    role: str
    number: int
    text: str




@dataclass(frozen=True)
class Identifier:
    """An identifier a document states for its film in another dataset (Wikidata, IMDb, TMDB)."""

    scheme: str
    value: str
    line: int


@dataclass(frozen=True)
class MotifReading:
    name: Text
    meaning: Text
    context: Text | None
    end_line: int


@dataclass(frozen=True)
class QuestionDiscussion:
    question: Text
    discussion: Text
    end_line: int


@dataclass(frozen=True)
class Section:
    """A part of the document: a key such as "facts" or "motifs" and its line span."""

    key: str
    heading: str
    start_line: int
    end_line: int


@dataclass
class Document:
    """Everything one film-analysis document states."""

    source: str
    sha256: str
    title: Text
    logline: Text | None = None
    display_title: Text | None = None
    original_title: Text | None = None
    tagline: Text | None = None
    release_date: _dt.date | None = None
    release_line: int | None = None
    countries: list[Country] = field(default_factory=list)
    runtime_minutes: int | None = None
    runtime_line: int | None = None
    rating: Rating | None = None
    directors: list[Text] = field(default_factory=list)
    cast: list[Text] = field(default_factory=list)
    genres: list[Text] = field(default_factory=list)
    themes: list[Text] = field(default_factory=list)
    theme_line: Text | None = None
    theme_split: Split | None = None
    budget: Money | None = None
    box_office: Money | None = None
    motifs: list[MotifReading] = field(default_factory=list)
    questions: list[QuestionDiscussion] = field(default_factory=list)
    core_meaning: Text | None = None
    sections: list[Section] = field(default_factory=list)
    source_lines: list[SourceLine] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
