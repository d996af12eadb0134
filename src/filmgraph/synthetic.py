"""Synthetic documents in the seed layout, for benchmarks and scale tests.

People, genres, themes, motifs and questions recur across documents from fixed
pools, as they do in a real corpus, so that building exercises node sharing.
"""

from __future__ import annotations

import random
from pathlib import Path

from .splitting import TMDB_GENRES

_FIRST = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "June", "Kofi", "Lena",
          "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Vik", "Wen", "Yara"]
_LAST = ["Abara", "Berg", "Costa", "Dimitrov", "Eriksen", "Fontaine", "García", "Haddad", "Ito", "Jensen",
         "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka"]
_NOUNS = ["Memory", "Grief", "Freedom", "Loyalty", "Ambition", "Identity", "Exile", "Faith", "Power",
          "Solitude", "Innocence", "Justice", "Desire", "Time", "Family", "Betrayal", "Redemption", "Fear"]
_THINGS = ["Red Door", "Broken Clock", "Empty Chair", "Paper Crane", "Open Window", "Old Radio",
           "Flooded Road", "Blue Scarf", "Lighthouse Beam", "Cracked Mirror", "Train Whistle", "Locked Box"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_COUNTRIES = ["United States of America", "France", "Japan", "United Kingdom", "Germany", "Mexico",
              "South Korea", "India", "Nigeria", "Brazil"]


def _themes(rng: random.Random) -> list[str]:
    a, b, c, d = rng.sample(_NOUNS, 4)
    return [f"{a} and {b}", f"The Cost of {c}", f"{d} and Its Limits"][: rng.randint(2, 3)]


def document(index: int, seed: int = 0) -> str:
    """The text of synthetic document number ``index`` (deterministic)."""
    rng = random.Random(seed * 1_000_003 + index)
    title = f"{rng.choice(_NOUNS)} of the {rng.choice(_THINGS)} {index}"
    people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(6)]
    genres = rng.sample(TMDB_GENRES, rng.randint(1, 3))
    countries = rng.sample(_COUNTRIES, rng.randint(1, 2))
    lines = [
        title,
        f"A story of {rng.choice(_NOUNS).lower()} told through the {rng.choice(_THINGS).lower()}.",
        title,
        title,
        "",
        f'"Every {rng.choice(_THINGS).lower()} has a story."',
        "",
        f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(1950, 2025)} {' '.join(countries)} "
        f"{rng.randint(75, 190)} min ⭐ {rng.randint(10, 95) / 10} ({rng.randint(1, 50000):,})",
        f"Director: {people[0]}",
        f"Cast: {', '.join(people[1:])}",
        " ".join(genres),
        " ".join(_themes(rng)),
        f"Budget: ${rng.randint(1, 200) * 1_000_000:,}",
        f"Box Office: ${rng.randint(1, 900_000_000):,}",
        "",
        f"{title} - Symbolism & Philosophy",
        "",
        "Symbols & Motifs",
        "",
    ]
    for thing in rng.sample(_THINGS, 3):
        lines += [f"The {thing}", "", "Meaning:", "",
                  f"The {thing.lower()} stands for {rng.choice(_NOUNS).lower()} and what it costs the hero.", "",
                  "Context:", "", "It appears in the first and the last scene, each time in a new light.", ""]
    lines += ["Philosophical Questions", ""]
    for noun in rng.sample(_NOUNS, 3):
        lines += [f"Can {noun.lower()} survive the truth?", "",
                  f"The film weighs {noun.lower()} against honesty and leaves the answer open.", ""]
    lines += ["Core Meaning", "", f"In the end, {title} is about {rng.choice(_NOUNS).lower()}."]
    return "\n".join(lines)


def write_corpus(folder: str | Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic documents into folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"film_{i:06d}.txt"
        path.write_text(document(i, seed), encoding="utf-8")
        paths.append(path)
    return paths
