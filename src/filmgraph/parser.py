"""Parse a film-analysis document (the seed layout) into the document model.

Every problem is an InputError naming the file, line and problem; every guess the
parser has to make (an unknown genre, an uncertain theme split, an unresolved
country) is kept and reported as a ParseWarning, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from .countries import only_countries, resolve_countries
from .document import (
    Country,
    Document,
    Identifier,
    Money,
    MotifReading,
    QuestionDiscussion,
    Rating,
    Section,
    SourceLine,
    Split,
    Text,
)
from .errors import InputError, ParseWarning
from .splitting import SplitResult, split_genres, split_themes

#: Spaces that whitespace normalisation folds into one plain space.
_SPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
#: The spaces of _SPACE_RE other than the plain one: a text without them, and without two
#: plain spaces in a row, has nothing to fold.
_OTHER_SPACES = "\t\u00a0\u1680\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))
#: Control characters that mark a binary file; each is one byte in UTF-8.
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    (re.compile(rf"^(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b", re.I), ("d", "m", "y")),
    (re.compile(rf"^({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), ("m", "d", "y")),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
)
_DATE_LIKE = re.compile(rf"^(?:\d|{_MONTH}\s+\d)", re.I)
_PARTIAL_DATE = re.compile(rf"^(?:{_MONTH}\s+)?\d{{4}}\b", re.I)
_RUNTIME_RE = re.compile(
    r"(?:^|\s)(?=\d)(?:(\d+)\s*(?:h|hrs?|hours?)\.?(?:\s+|(?=\d)|$))?(?:(\d+)\s*(?:min|mins|minutes|m)\.?)?$", re.I)
#: Separators some pages put between the parts of the metadata line.
_META_SEPARATORS = re.compile(r"\s+[·•|]\s+")
_RATING_RE = re.compile(
    r"^(\d{1,2}(?:\.\d+)?)\s*(?:/\s*10)?\s*(?:\(\s*([\d,. ]+?)\s*([kKmM])?\s*(?:votes?)?\s*\))?$", re.I)
_STAR = "⭐"
#: How a finished text can end.
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")", "»")
_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“", "«": "»", "'": "'", "‘": "’"}
_FIELD_RE = re.compile(
    r"^(directors?|directed by|cast|starring|budget|box office|revenue|gross|genres?|themes?|wikidata|imdb|tmdb)"
    r"\s*:\s*(.*)$"
    r"|^(directed by)\s+(.*)$",
    re.I,
)
#: A labelled line of some other credit ("Writer: ...", "Produced by ..."): kept as unrecognised.
_OTHER_LABEL_RE = re.compile(r"^(?:[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}\s*:\s*\S"
                             r"|(?:written|produced|music|screenplay|story|cinematography|edited|shot) by\s)", re.I)
#: What pages write for an amount they do not know.
_UNKNOWN_AMOUNT = re.compile(r"^(?:n/?a|unknown|none|tba|tbd|-+|—|–|\?)$", re.I)
_SCALES = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "mn": 1_000_000,
           "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
_FIELD_KEYS = {
    "director": "director", "directors": "director", "directed by": "director",
    "cast": "cast", "starring": "cast", "budget": "budget", "box office": "box_office",
    "revenue": "box_office", "gross": "box_office", "genre": "genres", "genres": "genres",
    "theme": "themes", "themes": "themes", "wikidata": "wikidata", "imdb": "imdb", "tmdb": "tmdb",
}
#: Identifiers a document may state for its film: scheme -> the form an identifier takes.
_IDENTIFIER_FORMS = {"wikidata": re.compile(r"^Q[1-9]\d*$"), "imdb": re.compile(r"^tt\d{7,9}$"),
                     "tmdb": re.compile(r"^[1-9]\d*$")}
_PHILOSOPHY_RE = re.compile(r"^.*\s[-–—]\s*symbolism\s*(?:&|and)\s*philosophy$", re.I)
_SECTION_HEADINGS = {
    "symbols & motifs": "motifs", "symbols and motifs": "motifs", "motifs": "motifs",
    "philosophical questions": "questions", "core meaning": "core-meaning",
}
_LONGEST_HEADING = max(map(len, _SECTION_HEADINGS))
_MARKER_RE = re.compile(r"^(meaning|context)\s*:\s*(.*)$", re.I)
_MONEY_RE = re.compile(
    r"^(?P<pre>US\$|\$|€|£|¥|[A-Z]{3})?\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?P<scale>k|m|mn|b|bn|thousand|million|billion)?\s*(?P<post>[A-Z]{3})?$", re.I
)
#: Labelled field -> the role its line plays (as recorded with the line's text).
_LINE_ROLES = {"director": "directors", "cast": "cast", "budget": "budget", "box_office": "box-office",
               "genres": "genres", "themes": "themes", "wikidata": "identifier", "imdb": "identifier",
               "tmdb": "identifier"}
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
#: Rating scale of the source site (TMDB rates out of 10).
BEST_RATING = 10


class Line(NamedTuple):
    """A line of the document: its number, its text with spaces folded, and as written."""

    number: int
    text: str
    raw: str


def read_document(path: str | Path, name: str | None = None, split: bool = True) -> Document:
    """Read and parse one document file; ``name`` is how it is reported (default: path).
    Without ``split`` the theme line is kept but not cut (a corpus build cuts them all)."""
    path = Path(path)
    label = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(label, 1, f"cannot read file: {exc.strerror or exc}") from None
    return parse_document(data, label, split)


def parse_document(data: bytes | str, source: str = "<document>", split: bool = True) -> Document:
    """Parse a document given as bytes (UTF-8) or text (``split`` as for read_document)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = _decode(raw, source)
    texts, raws = _split_lines(text)
    return _DocumentParser(source, hashlib.sha256(raw).hexdigest(), texts, raws, split).parse()


def _decode(raw: bytes, source: str) -> str:
    if not raw.strip():
        raise InputError(source, 1, "file is empty")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(source, raw.count(b"\n", 0, nul) + 1, "binary data (NUL byte), not a text document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(source, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    controls = len(raw) - len(raw.translate(None, _CONTROLS))  # counted in the bytes: quicker
    if controls > max(8, len(text) // 20):
        raise InputError(source, 1, "binary data (control characters), not a text document")
    return text


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    """The text's lines with spaces folded, and as written."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    # Spaces are folded in the whole text at once (no run of them crosses a line end), and
    # only when there is something to fold: most documents have no such run.
    if "  " in text or any(space in text for space in _OTHER_SPACES):
        text = _SPACE_RE.sub(" ", text)
    return [t.strip(" ") for t in text.split("\n")], raw


class Unit(NamedTuple):
    """A non-blank line of a section, and whether a blank line came before it."""

    number: int
    text: str
    blank_before: bool


def _join(units: list[Unit]) -> str:
    """Lines of one text: paragraphs (blank-separated) keep a blank line between them."""
    parts = [units[0].text] if units else []
    for unit in units[1:]:
        parts.append("\n\n" if unit.blank_before else "\n")
        parts.append(unit.text)
    return "".join(parts)


def _unquote(text: str) -> str | None:
    """The text inside a fully quoted line, or None when the line is not quoted."""
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in (_QUOTES[text[0]], '"', "”"):
        return text[1:-1].strip()
    return None


class _DocumentParser:
    def __init__(self, source: str, sha256: str, texts: list[str], raws: list[str], split: bool = True) -> None:
        self.source = source
        self.sha256 = sha256
        self.texts = texts  # line i + 1 with spaces folded
        self.raws = raws  # and as written
        self.split = split
        self.warnings: list[ParseWarning] = []

    def error(self, line: int, problem: str) -> InputError:
        return InputError(self.source, line, problem)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(self.source, line, message))

    # -- structure -----------------------------------------------------------------

    def parse(self) -> Document:
        header, parts = self._cut_sections()
        doc = self._parse_header(header)
        doc.warnings = self.warnings
        units: list[Unit] = []
        for key, heading, units in parts:
            if not units:
                raise self.error(heading.number, f"section '{heading.text}' is empty (document truncated?)")
            if key == "motifs":
                doc.motifs = self._parse_motifs(units)
            elif key == "questions":
                doc.questions = self._parse_questions(units)
            else:
                doc.core_meaning = Text(_join(units), units[0].number)
            end = units[-1].number
            doc.sections.append(Section(key, heading.text, heading.number, end))
        if not parts:
            self.warn(doc.sections[0].end_line, "no analysis sections (symbols, questions, core meaning)")
        else:
            last = units[-1]  # of the last section
            if not last.text.endswith(_SENTENCE_ENDS):
                self.warn(last.number, f"the text ends mid-sentence ('...{last.text[-40:]}'): "
                                       "is the document cut short?")
        return doc

    def _cut_sections(self) -> tuple[list[Line], list[tuple[str, Line, list[Unit]]]]:
        """The header's lines, and each section's key, heading and non-blank lines."""
        header: list[Line] = []
        parts: list[tuple[str, Line, list[Unit]]] = []
        seen: dict[str, int] = {}
        blank = True  # whether the line before was blank (or the section's heading)
        for number, text in enumerate(self.texts, 1):
            # casefold never shortens a text: a longer line is no heading (the usual case)
            key = _SECTION_HEADINGS.get(text.casefold()) if len(text) <= _LONGEST_HEADING else None
            if key and (parts or header):
                if key in seen:
                    raise self.error(number, f"section '{text}' appears twice (first on line {seen[key]})")
                seen[key] = number
                parts.append((key, Line(number, text, self.raws[number - 1]), []))
                blank = True
            elif parts:
                if text:
                    parts[-1][2].append(Unit(number, text, blank))
                blank = not text
            elif header and _philosophy_heading(text):
                continue  # "<Title> - Symbolism & Philosophy" only introduces the sections
            else:
                header.append(Line(number, text, self.raws[number - 1]))
        return header, parts

    # -- header --------------------------------------------------------------------

    def _parse_header(self, header: list[Line]) -> Document:
        """Read the header by its place in the seed layout.

        Line 1 is the title. The metadata line is found among the lines before the
        first labelled line ("Director:", "Cast:", ...): it is the line that reads
        wholly as metadata (a date, countries, a runtime, a rating) and repeats no
        title, so a title or logline that starts with a number is never taken for it.
        Before it stand the logline, the title lines and the tagline; after it the
        labelled lines, the genre line and the theme line.
        """
        filled = [line for line in header if line.text]
        if not filled:
            raise self.error(1, "missing title: the document has no header lines")
        first, rest = filled[0], filled[1:]
        if _unquote(first.text) is not None or _field(first.text):
            raise self.error(first.number, f"missing title: line {first.number} is not a title")
        doc = Document(self.source, self.sha256, Text(first.text, first.number))
        labelled = next((i for i, line in enumerate(rest) if _field(line.text)), len(rest))
        meta_index = self._find_metadata(first.text, rest[:labelled], rest[labelled] if rest[labelled:] else None)
        self._parse_titles(doc, rest[:meta_index])
        self._parse_metadata(doc, rest[meta_index])
        after = rest[meta_index + 1 :]
        self._parse_fields(doc, after)
        end = (after or [rest[meta_index]])[-1].number
        doc.sections.append(Section("facts", "Film facts", first.number, end))
        return doc

    def _find_metadata(self, title: str, lines: list[Line], labelled: Line | None) -> int:
        """Index of the metadata line among the lines before the labelled ones."""
        best: tuple[int, int, int] | None = None
        problem: tuple[int, str] | None = None
        after_tagline = {i + 1 for i, line in enumerate(lines) if _unquote(line.text) is not None}
        for i, line in enumerate(lines):
            if line.text.casefold() == title.casefold() or _unquote(line.text) is not None:
                continue
            score, why = _metadata_strength(line.text)
            if why and problem is None:
                problem = (line.number, why)
            if score:
                rank = (score, i in after_tagline, i)
                best = rank if best is None or rank > best else best
        if best is not None:
            return best[2]
        if problem:
            raise self.error(*problem)
        expected = "missing metadata line (release date, countries, runtime, ⭐ rating)"
        if labelled is not None:
            raise self.error(labelled.number, f"{expected} before '{labelled.text[:40]}'")
        at = lines[-1].number if lines else 1
        raise self.error(at, f"{expected} after the title lines")

    def _parse_titles(self, doc: Document, lines: list[Line]) -> None:
        """Logline, tagline and the extra title lines between the title and metadata.

        The layout is: logline, title as displayed, original title, quoted tagline,
        each of which may be missing; a line equal to the title is a title line.
        """
        rest: list[Line] = []
        for line in lines:
            quoted = _unquote(line.text)
            if quoted is not None and doc.tagline is None:
                doc.tagline = Text(quoted, line.number)
            else:
                rest.append(line)
        title = doc.title.value.casefold()
        is_title = [line.text.casefold() == title for line in rest]
        if len(rest) >= 3 or (rest and not is_title[0] and _sentence_like(rest[0].text)):
            doc.logline = Text(rest[0].text, rest[0].number)
            rest = rest[1:]
        if rest:
            doc.display_title = Text(rest[0].text, rest[0].number)
        if len(rest) > 1:
            doc.original_title = Text(rest[1].text, rest[1].number)
        for line in rest[2:]:
            self._unrecognised(doc, line)

    def _unrecognised(self, doc: Document, line: Line) -> None:
        doc.source_lines.append(SourceLine("unrecognised", line.number, line.raw))
        self.warn(line.number, f"unrecognised header line, kept as unrecognised text: '{line.text[:60]}'")

    def _parse_metadata(self, doc: Document, line: Line) -> None:
        doc.source_lines.append(SourceLine("metadata", line.number, line.raw))
        text = _META_SEPARATORS.sub(" ", line.text)
        if _STAR in text:
            text, rating_text = (part.strip() for part in text.split(_STAR, 1))
            doc.rating = self._parse_rating(rating_text, line.number)
        runtime = _runtime(text)
        if runtime:
            hours, minutes = runtime.groups()
            doc.runtime_minutes = int(hours or 0) * 60 + int(minutes or 0)
            doc.runtime_line = line.number
            text = text[: runtime.start()].strip()
        if _DATE_LIKE.match(text):
            date, text = self._parse_date(text, line.number)
            doc.release_date, doc.release_line = date, line.number
        if text:
            resolved, unknown = resolve_countries(text)
            doc.countries = [Country(label, code, line.number) for label, code in resolved]
            for name in unknown:
                self.warn(line.number, f"unknown country '{name}': kept without an ISO 3166 code")

    def _parse_date(self, text: str, number: int) -> tuple[dt.date, str]:
        found = _leading_date(text)
        if found is None:
            raise self.error(number, f"malformed release date '{' '.join(text.split(' ')[:3])}'")
        date, written, rest = found
        if date is None:
            raise self.error(number, f"malformed release date '{written}'")
        return date, rest

    def _parse_rating(self, text: str, number: int) -> Rating:
        m = _RATING_RE.match(text)
        if not m:
            raise self.error(number, f"malformed rating '{_STAR} {text}': expected '{_STAR} 7.8 (14,844)'")
        value = Decimal(m.group(1))
        if value > BEST_RATING:
            raise self.error(number, f"malformed rating '{text}': above {BEST_RATING}")
        votes = None
        if m.group(2):
            digits = m.group(2).replace(" ", "")
            if m.group(3):  # "(1.2K)": thousands, as the page rounds them
                if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
                    raise self.error(number, f"malformed vote count '({m.group(2)}{m.group(3)})'")
                votes = int(Decimal(digits) * _SCALES[m.group(3).casefold()])
            elif not re.fullmatch(r"\d{1,3}(?:[,.]\d{3})*|\d+", digits):
                raise self.error(number, f"malformed vote count '({m.group(2)})'")
            else:
                votes = int(re.sub(r"[,.]", "", digits))
        return Rating(value, votes, BEST_RATING, number)

    def _parse_fields(self, doc: Document, lines: list[Line]) -> None:
        """The labelled lines, then the genre line and the theme line.

        The genre and theme lines are the last two unlabelled lines before the money
        lines, in that order, when the first of them is made mostly of genre names;
        else the last one is the theme line (a lone line of genre names is the genre
        line). Any other line is kept as unrecognised text.
        """
        unlabelled: list[Line] = []
        seen: dict[str, int] = {}
        extra: list[Line] = []  # unlabelled lines after the money lines, where no genre or theme line stands
        for line in lines:
            field_ = _field(line.text)
            if field_ is None:
                if _OTHER_LABEL_RE.match(line.text):
                    self._unrecognised(doc, line)
                else:
                    (extra if "budget" in seen or "box_office" in seen else unlabelled).append(line)
                continue
            key, label, value = field_
            first = seen.setdefault(key, line.number)
            if key in _IDENTIFIER_FORMS:
                if not _IDENTIFIER_FORMS[key].match(value):
                    raise self.error(line.number, f"malformed {label} identifier '{value}'")
                if first != line.number:
                    raise self.error(line.number, f"a second '{label}' line (the first is line {first})")
                doc.source_lines.append(SourceLine("identifier", line.number, line.raw))
                doc.identifiers.append(Identifier(key, value, line.number))
                continue
            if first != line.number and key not in ("director", "cast"):
                raise self.error(line.number, f"a second '{label}' line (the first is line {first})")
            doc.source_lines.append(SourceLine(_LINE_ROLES[key], line.number, line.raw))
            if key in ("director", "cast"):
                names = [Text(n, line.number) for n in _names(value)]
                if first != line.number:
                    self.warn(line.number, f"a second '{label}' line (the first is line {first}): its names are added")
                if key == "director":
                    doc.directors += names
                else:
                    doc.cast += names
            elif key in ("budget", "box_office"):
                setattr(doc, key, self._parse_money(value, line.number, label))
            elif key == "genres":
                self._set_genres(doc, Line(line.number, value, line.raw))
            else:
                self._set_themes(doc, Line(line.number, value, line.raw))
        genre_at: int | None = None
        theme_at: int | None = None
        if doc.genres or doc.theme_line is not None:
            pass  # labelled genre or theme lines: the unlabelled ones are extra
        elif len(unlabelled) >= 2 and _mostly_genres(unlabelled[-2].text):
            genre_at, theme_at = len(unlabelled) - 2, len(unlabelled) - 1
        elif len(unlabelled) == 1 and _mostly_genres(unlabelled[0].text):
            genre_at = 0
            if _one_genre(unlabelled[0].text):
                self.warn(unlabelled[0].number, f"'{unlabelled[0].text}' is read as the genre line, "
                          "so the film has no themes; if it is the theme line, write 'Themes: ...'")
        elif unlabelled:
            theme_at = len(unlabelled) - 1
        for i, line in enumerate(unlabelled):
            if i == genre_at:
                doc.source_lines.append(SourceLine("genres", line.number, line.raw))
                self._set_genres(doc, line)
            elif i == theme_at and doc.theme_line is None:
                doc.source_lines.append(SourceLine("themes", line.number, line.raw))
                self._set_themes(doc, line)
            else:
                self._unrecognised(doc, line)
        for line in extra:
            self._unrecognised(doc, line)

    def _set_genres(self, doc: Document, line: Line) -> None:
        genres, unknown = split_genres(line.text)
        doc.genres = [Text(g, line.number) for g in genres]
        for word in unknown:
            self.warn(line.number, f"'{word}' is no TMDB genre name: kept as a genre of its own")

    def _set_themes(self, doc: Document, line: Line) -> None:
        doc.theme_line = Text(line.text, line.number)
        if self.split:
            apply_theme_split(doc, split_themes(line.text), self.warnings)

    def _parse_money(self, text: str, number: int, label: str) -> Money | None:
        if _UNKNOWN_AMOUNT.match(text.strip()):
            self.warn(number, f"{label}: '{text}' states no amount: left out")
            return None
        m = _MONEY_RE.match(text.replace(" ", ""))
        if not m:
            raise self.error(number, f"malformed amount in '{label}: {text}'")
        symbol = m.group("pre") or ""
        currency = _CURRENCY_SYMBOLS.get(symbol) or m.group("post") or symbol or "USD"
        if m.group("pre") and m.group("post") and _CURRENCY_SYMBOLS.get(symbol, symbol) != m.group("post"):
            raise self.error(number, f"malformed amount in '{label}: {text}': two currencies")
        amount = Decimal(m.group("num").replace(",", "") + (m.group("dec") or ""))
        if m.group("scale"):
            amount = (amount * _SCALES[m.group("scale").casefold()]).normalize()
            amount = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount
        if amount == 0:
            self.warn(number, f"{label} of 0 means unknown on the source site: left out")
            return None
        return Money(amount, currency.upper(), number)

    # -- analysis sections ---------------------------------------------------------

    def _parse_motifs(self, units: list[Unit]) -> list[MotifReading]:
        # each unit's marker ("meaning" or "context", the text after it), and None past the last
        markers = [_marker(unit.text) for unit in units] + [None]

        def starts_motif(i: int) -> bool:
            nxt = markers[i + 1]
            return markers[i] is None and nxt is not None and nxt[0] == "meaning"

        def text_after(i: int, inline: str) -> tuple[Text | None, int]:
            """Text after the marker at i, up to the next marker or motif name."""
            parts = [Unit(units[i].number, inline, False)] if inline else []
            i += 1
            while i < len(units) and markers[i] is None and not starts_motif(i):
                parts.append(units[i])
                i += 1
            return (Text(_join(parts), parts[0].number) if parts else None), i

        readings: list[MotifReading] = []
        seen: dict[str, int] = {}
        i = 0
        while i < len(units):
            name = units[i]
            if markers[i] is not None:
                raise self.error(name.number, f"'{name.text.split(':')[0]}:' without a motif name before it")
            nxt = markers[i + 1]
            if nxt is None or nxt[0] != "meaning":
                raise self.error(name.number, f"motif '{name.text[:60]}' has no 'Meaning:'")
            key = name.text.casefold()
            if key in seen:
                raise self.error(name.number, f"motif '{name.text}' appears twice (first on line {seen[key]})")
            seen[key] = name.number
            meaning, i = text_after(i + 1, nxt[1])
            if meaning is None:
                raise self.error(units[i - 1].number, f"motif '{name.text}': 'Meaning:' has no text (document truncated?)")
            context = None
            m = markers[i]
            if m is not None and m[0] == "context":
                at = units[i].number
                context, i = text_after(i, m[1])
                if context is None:
                    raise self.error(at, f"motif '{name.text}': 'Context:' has no text (document truncated?)")
            elif m is not None:
                raise self.error(units[i].number, f"motif '{name.text}': a second 'Meaning:'")
            else:
                self.warn(name.number, f"motif '{name.text}' has no 'Context:'")
            readings.append(MotifReading(Text(name.text, name.number), meaning, context, units[i - 1].number))
        return readings

    def _parse_questions(self, units: list[Unit]) -> list[QuestionDiscussion]:
        found: list[tuple[Unit, list[Unit]]] = []
        seen: dict[str, int] = {}
        for unit in units:
            after_discussion = not found or bool(found[-1][1])
            is_question = after_discussion and (
                (unit.text.endswith("?") and len(unit.text.split(" ")) <= 30)
                or (unit.blank_before and _short_heading(unit.text) and not found)
            )
            if is_question:
                key = unit.text.casefold()
                if key in seen:
                    raise self.error(unit.number, f"question '{unit.text}' appears twice (first on line {seen[key]})")
                seen[key] = unit.number
                found.append((unit, []))
            elif not found:
                raise self.error(unit.number, "discussion text before the first question")
            else:
                found[-1][1].append(unit)
        result = []
        for question, body in found:
            if not body:
                raise self.error(question.number, f"question '{question.text[:60]}' has no discussion (document truncated?)")
            discussion = Text(_join(body), body[0].number)
            result.append(QuestionDiscussion(Text(question.text, question.number), discussion, body[-1].number))
        return result


def _philosophy_heading(text: str) -> bool:
    """Whether a line is "<Title> - Symbolism & Philosophy" (a line without a dash is not: the
    usual case, told without the regular expression, which tries every place in the line)."""
    return ("-" in text or "–" in text or "—" in text) and _PHILOSOPHY_RE.match(text) is not None


def _marker(text: str) -> tuple[str, str] | None:
    """("meaning" or "context", the text after it) of a marker line ("Meaning: ..."), or None."""
    m = _MARKER_RE.match(text)
    return (m.group(1).casefold(), m.group(2).strip()) if m else None


def _metadata_strength(text: str) -> tuple[int, str | None]:
    """How surely a line is the metadata line (0: it does not read wholly as one), and
    what is malformed in a line that has a ⭐ rating and so can be nothing else."""
    score = 0
    text = _META_SEPARATORS.sub(" ", text)
    if _STAR in text:
        text, rating = (part.strip() for part in text.split(_STAR, 1))
        if not _RATING_RE.match(rating):
            return 0, f"malformed rating '{_STAR} {rating}': expected '{_STAR} 7.8 (14,844)'"
        score += 4
    runtime = _runtime(text)
    if runtime:
        score += 2
        text = text[: runtime.start()].strip()
    dated = False
    found = _leading_date(text)
    if found is not None:
        date, written, text = found
        if date is None:
            return 0, (f"malformed release date '{written}'" if score >= 4 else None)
        score, dated = score + 3, True
    else:
        partial = _PARTIAL_DATE.match(text)
        if score >= 2 and partial:
            return 0, (f"release date '{partial.group(0)}' is not a whole date: write the day, month and year, "
                       "as in '18 December 2013'")
        if score >= 4 and _DATE_LIKE.match(text):
            return 0, f"malformed release date '{' '.join(text.split(' ')[:3])}'"
    if text:
        unknown = not only_countries(text)
        if unknown and not (dated or score >= 4):
            return 0, None
        score += 0 if unknown else 1
    return score, None


def _leading_date(text: str) -> tuple[dt.date | None, str, str] | None:
    """The date a text starts with in one of the accepted forms: (the date, or None when it
    is no real day such as 31 February; the date as written; the rest of the text), or None."""
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, m.groups()))
            month = parts["m"]
            month_no = int(month) if month.isdigit() else _MONTHS[month.rstrip(".").casefold()]
            try:
                date: dt.date | None = dt.date(int(parts["y"]), month_no, int(parts["d"]))
            except ValueError:
                date = None
            return date, m.group(0), text[m.end() :].strip()
    return None


def _sentence_like(text: str) -> bool:
    """A logline reads as a sentence: it ends like one, or runs long (a title seldom
    has twelve words)."""
    return text.endswith((".", "!", "?", "…")) or len(text.split(" ")) >= 12


def _field(text: str) -> tuple[str, str, str] | None:
    """(key, label as written, value) of a labelled line, or None."""
    m = _FIELD_RE.match(text)
    if m is None:
        return None
    label = m.group(1) or m.group(3)
    return _FIELD_KEYS[label.casefold()], label, (m.group(2) if m.group(1) else m.group(4)).strip()


def _runtime(text: str) -> re.Match[str] | None:
    """The runtime at the end of the metadata text ("126 min", "2h 6m", "1 hr 30 min", "2h")."""
    m = _RUNTIME_RE.search(text)
    return m if m and (m.group(1) or m.group(2)) else None


def _one_genre(text: str) -> bool:
    """A line that is one genre name ("Family", "War"): a theme line could say that too."""
    genres, unknown = split_genres(text)
    return len(genres) == 1 and not unknown


def _short_heading(text: str) -> bool:
    return len(text.split(" ")) <= 20 and not text.endswith((".", "!", ":", ";", ","))


def _names(value: str) -> list[str]:
    parts = re.split(r",|\s&\s|;", value)
    return [p.strip() for p in parts if p.strip()]


def _mostly_genres(text: str) -> bool:
    genres, unknown = split_genres(text)
    return len(unknown) * 2 <= len(genres)


def apply_theme_split(doc: Document, result: SplitResult, warnings: list[ParseWarning] | None = None) -> None:
    """Set a document's themes from a split of its theme line, and warn when unsure.

    Called by the parser with the line split alone, and again by a corpus build with
    the corpus's evidence; a warning from an earlier split of the line is replaced.
    """
    line = doc.theme_line
    assert line is not None
    doc.themes = [Text(t, line.line) for t in result.names]
    doc.theme_split = Split(result.method, result.uncertain, result.alternatives, result.confidence)
    warnings = doc.warnings if warnings is None else warnings
    warnings[:] = [w for w in warnings if not (w.line == line.line and w.message.startswith(_UNCERTAIN))]
    if result.uncertain:
        warnings.append(ParseWarning(doc.source, line.line, f"{_UNCERTAIN} ({result.method}): "
                                     f"{' | '.join(result.names)}; separate the themes with '|' to make it explicit"))
        warnings.sort(key=lambda w: w.line)  # in the order of the document


_UNCERTAIN = "uncertain theme split"
