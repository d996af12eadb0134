"""Links to other datasets, only where they can be verified.

A link comes from an identifier a document states (a `Wikidata:`, `IMDb:` or `TMDB:`
header line), from a link file a curator gives (`build --links FILE`), or from a rule
whose source is named here (a country's ISO 3166 code and the EU Publications Office's
country table); never from a name looking alike. Every link lives in the derived graph,
in a void:Linkset that says where it came from.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycountry

from .errors import InputError


@dataclass(frozen=True)
class Target:
    """A dataset filmgraph links to, and how an identifier there becomes an IRI."""

    key: str
    label: str
    #: The dataset's own IRI (void:objectsTarget).
    dataset: str
    #: The IRI of an identifier: the pattern with {} in place of the identifier.
    pattern: str
    #: Where the pattern is stated.
    source: str
    #: The property a link to it is made with: owl:sameAs for an IRI of the thing itself,
    #: schema:sameAs for a web page that identifies it (IMDb's, TMDB's pages about a film).
    predicate: str = "http://www.w3.org/2002/07/owl#sameAs"


#: The targets of stated identifiers. Sources: Wikidata's concept URIs (wikidata.org
#: "Wikidata:Identifiers"); the formatter URLs Wikidata gives its properties P345 (IMDb
#: ID) and P4947 (TMDb movie ID).
TARGETS: dict[str, Target] = {t.key: t for t in (
    Target("wikidata", "Wikidata", "http://www.wikidata.org/", "http://www.wikidata.org/entity/{}",
           "https://www.wikidata.org/wiki/Wikidata:Identifiers"),
    Target("imdb", "IMDb", "https://www.imdb.com/", "https://www.imdb.com/title/{}/",
           "https://www.wikidata.org/wiki/Property:P345", "https://schema.org/sameAs"),
    Target("tmdb", "TMDB", "https://www.themoviedb.org/", "https://www.themoviedb.org/movie/{}",
           "https://www.wikidata.org/wiki/Property:P4947", "https://schema.org/sameAs"),
)}

#: Countries: the EU Publications Office's Country authority table names each country by
#: its ISO 3166-1 alpha-3 code (source: the table itself, at its IRI).
EU_COUNTRIES = Target("eu-country", "EU Publications Office country table",
                      "http://publications.europa.eu/resource/authority/country",
                      "http://publications.europa.eu/resource/authority/country/{}",
                      "http://publications.europa.eu/resource/authority/country")


#: Countries in Wikidata: the item of each ISO 3166-1 alpha-2 code (Wikidata's P297) on
#: which two independent public tables agree; the file names both, with their commits.
WIKIDATA_COUNTRIES = Target("wikidata-country", "Wikidata", "http://www.wikidata.org/",
                            "http://www.wikidata.org/entity/{}", "https://www.wikidata.org/wiki/Property:P297")
#: The country tables, by linkset key, each linked with skos:exactMatch: the local
#: country was resolved from the document's name for it (by pycountry), so the link says
#: "the same country", not owl:sameAs's "the same resource, every statement shared".
COUNTRY_TARGETS: dict[str, Target] = {t.key: t for t in (EU_COUNTRIES, WIKIDATA_COUNTRIES)}
COUNTRY_SOURCES = {
    EU_COUNTRIES.key: "ISO 3166-1 alpha-3 codes, as " + EU_COUNTRIES.source + " names countries",
    WIKIDATA_COUNTRIES.key: "ISO 3166-1 alpha-2 codes (" + WIKIDATA_COUNTRIES.source + ") mapped to Wikidata items "
    "where two public tables agree: owid/owid-grapher at c7402d12e25bd1d45f5bd7d66cfc083342a1ed96 "
    "(CountriesRegions.ts) and dr5hn/countries-states-cities-database at "
    "7fda0afd3e75391d9480c22ed3a2b91f50e08eb6 (csv/countries.csv)",
}


def _wikidata_countries() -> dict[str, str]:
    text = resources.files("filmgraph").joinpath("country-wikidata.csv").read_text(encoding="utf-8")
    rows = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    next(rows)
    return {code: qid for code, qid in rows}


_WIKIDATA_COUNTRIES: dict[str, str] = {}


def country_wikidata(code: str) -> str | None:
    """The Wikidata item of a country with this ISO 3166-1 alpha-2 code, where the cited tables agree."""
    if not _WIKIDATA_COUNTRIES:
        _WIKIDATA_COUNTRIES.update(_wikidata_countries())
    qid = _WIKIDATA_COUNTRIES.get(code)
    return WIKIDATA_COUNTRIES.pattern.format(qid) if qid else None


def identifier_iri(scheme: str, value: str) -> str:
    return TARGETS[scheme].pattern.format(value)


def country_authority(code: str) -> str | None:
    """The EU authority IRI of a country with this ISO 3166-1 alpha-2 code (None for former countries)."""
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return EU_COUNTRIES.pattern.format(country.alpha_3) if country else None


@dataclass(frozen=True)
class LinkRow:
    """One line of a link file: a local IRI or label, and the IRI it is the same as."""

    local: str
    external: str
    line: int


_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def check_iri(value: object, what: str) -> str:
    """value if it is an absolute IRI, else InputError saying what it was meant to be."""
    if not isinstance(value, str) or not _IRI_RE.match(value):
        raise InputError(what, 0, f"not an absolute IRI: {value!r}")
    return value


#: Header rows a link file may start with.
_HEADERS = {(a, b) for a in ("local", "label", "local iri", "node", "subject")
            for b in ("external", "external iri", "iri", "same as", "sameas", "link", "object")}


def read_pairs(path: str | os.PathLike[str], what: str, columns: str,
               headers: set[tuple[str, str]]) -> tuple[list[tuple[int, str, str]], bytes]:
    """The two-column rows of a CSV file (line number and both cells, stripped; blank lines,
    `#` comments and a header row left out), and the file's bytes. ``what`` and ``columns``
    name the file and its columns in errors."""
    try:
        data = Path(path).read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), 0, f"not valid UTF-8: a {what} is CSV text") from None
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text)), 1):
        if not cells or not "".join(cells).strip() or cells[0].startswith("#"):
            continue
        if len(cells) != 2:
            raise InputError(str(path), number, f"expected two columns ({columns}), not {len(cells)}")
        first, second = (c.strip() for c in cells)
        if number == 1 and (first.casefold(), second.casefold()) in headers:
            continue  # a header row
        rows.append((number, first, second))
    return rows, data


def read_link_file(path: str | os.PathLike[str]) -> list[LinkRow]:
    """A CSV file of `local IRI or label, external IRI` rows (a header row is allowed)."""
    rows = []
    for number, local, external in read_pairs(path, "link file", "local IRI or label, external IRI", _HEADERS)[0]:
        if not _IRI_RE.match(external):
            raise InputError(str(path), number, f"not an absolute IRI: '{external}'")
        rows.append(LinkRow(local, external, number))
    return rows


def resolve(rows: list[LinkRow], path: str, labels: dict[str, set[str]], nodes: set[str]) -> list[tuple[str, str]]:
    """(local IRI, external IRI) for each row: the local side must be a node of the build,
    by IRI or by a label that names exactly one node."""
    links = []
    for row in rows:
        if row.local in nodes:
            links.append((row.local, row.external))
            continue
        found = labels.get(row.local, set())
        if len(found) != 1:
            problem = "names no film, person or concept of the build" if not found else \
                f"names {len(found)} nodes ({', '.join(sorted(found))}): give the IRI"
            raise InputError(path, row.line, f"'{row.local}' {problem}")
        links.append((next(iter(found)), row.external))
    return links
