"""Country names as film pages write them, resolved to ISO 3166 codes with pycountry."""

from __future__ import annotations

from functools import lru_cache

import pycountry

#: Names the source site uses that pycountry does not know by that name.
ALIASES: dict[str, str] = {
    "russia": "RU", "turkey": "TR", "macedonia": "MK", "north macedonia": "MK",
    "palestine": "PS", "micronesia": "FM", "korea": "KR", "usa": "US", "uk": "GB",
    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "the netherlands": "NL", "holland": "NL", "ivory coast": "CI", "swaziland": "SZ",
    "cape verde": "CV", "vatican": "VA", "east timor": "TL", "burma": "MM",
    # Former countries (ISO 3166-3 alpha-4 codes).
    "soviet union": "SUHH", "ussr": "SUHH", "yugoslavia": "YUCS", "czechoslovakia": "CSHH",
    "east germany": "DDDE", "west germany": "DE", "serbia and montenegro": "CSXX", "zaire": "ZRCD",
}


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], int]:
    """Casefolded country name -> ISO code (alpha-2; alpha-4 for former countries)."""
    names: dict[str, str] = {}
    for country in pycountry.historic_countries:
        names.setdefault(country.name.casefold(), country.alpha_4)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = country.alpha_2
    names.update(ALIASES)
    longest = max(len(n.split(" ")) for n in names)
    return names, longest


def country_name(code: str) -> str:
    """A readable English name for an ISO code (common name where pycountry has one)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        country = pycountry.historic_countries.get(alpha_4=code)
        return country.name if country else code
    return getattr(country, "common_name", None) or country.name


def resolve_countries(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Resolve one or more countries written on a line (see _resolve)."""
    resolved, unknown = _resolve(text)
    return list(resolved), list(unknown)


@lru_cache(maxsize=1 << 14)  # a corpus names the same few countries again and again
def _resolve(text: str) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    """Resolve one or more countries written on a line.

    Comma-separated names are taken as given; otherwise the words are matched
    longest-first against the country names. Returns ([(label, code or None)],
    unknown labels); runs of unknown words stay together as one unresolved label.
    """
    names, longest = _index()
    if "," in text and text.replace(",", "").casefold() not in names:
        chunks = [c.strip() for c in text.split(",") if c.strip()]
        chunked = tuple((c, names.get(c.casefold())) for c in chunks)
        return chunked, tuple(c for c, code in chunked if code is None)
    words = [w for w in text.split(" ") if w]
    resolved: list[tuple[str, str | None]] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            label = " ".join(words[i : i + n])
            code = names.get(label.casefold())
            if code:
                if pending:
                    resolved.append((" ".join(pending), None))
                    pending = []
                resolved.append((label, code))
                i += n
                break
        else:
            pending.append(words[i])
            i += 1
    if pending:
        resolved.append((" ".join(pending), None))
    return tuple(resolved), tuple(label for label, code in resolved if code is None)
