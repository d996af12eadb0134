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


def _code(word: str) -> str | None:
    """The alpha-2 code of a country written as its ISO 3166-1 code in capitals ("US", "GBR")."""
    if not (word.isupper() and word.isalpha() and len(word) in (2, 3)):
        return None
    country = pycountry.countries.get(alpha_2=word) if len(word) == 2 else pycountry.countries.get(alpha_3=word)
    return country.alpha_2 if country else None


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


def only_countries(text: str) -> bool:
    """Whether a text names countries and nothing else: resolve_countries leaves nothing unknown."""
    names, _ = _index()
    if "," not in text and text.casefold() not in names:
        # Matched word by word (see _resolve), a word that is no ISO code and in no country's
        # name is left unknown: a line of other words (a logline, a title) is told at once.
        words = _name_words()
        if any(w.casefold() not in words and _code(w) is None for w in text.split(" ") if w):
            return False
    return not _resolve(text)[1]


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every word of a country name (casefolded)."""
    return frozenset(word for name in _index()[0] for word in name.split(" "))


@lru_cache(maxsize=1 << 14)  # a corpus names the same few countries again and again
def _resolve(text: str) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    """Resolve one or more countries written on a line.

    Comma-separated names are taken as given; otherwise the words are matched
    longest-first against the country names. Returns ([(label, code or None)],
    unknown labels); runs of unknown words stay together as one unresolved label.
    """
    names, longest = _index()
    if text.casefold() in names or text.replace(",", "").casefold() in names:
        label = text
        return ((label, names.get(text.casefold()) or names[text.replace(",", "").casefold()]),), ()
    if "," in text:
        chunks = [c.strip() for c in text.split(",") if c.strip()]
        joined: list[str] = []
        for chunk in chunks:  # "Korea, Republic of" is one name with a comma in it
            if joined and f"{joined[-1]}, {chunk}".casefold() in names:
                joined[-1] = f"{joined[-1]}, {chunk}"
            else:
                joined.append(chunk)
        chunked = tuple((c, names.get(c.casefold()) or _code(c)) for c in joined)
        return chunked, tuple(c for c, code in chunked if code is None)
    words = [w for w in text.split(" ") if w]
    resolved: list[tuple[str, str | None]] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        code = _code(words[i])
        if code:
            if pending:
                resolved.append((" ".join(pending), None))
                pending = []
            resolved.append((words[i], code))
            i += 1
            continue
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
