"""Concepts a curator says are one (``build --merge-concepts FILE``).

A merge file is CSV: each row names a concept to keep and one to merge into it, by IRI or
by label (a label must name a concept of one kind in the build; a header row is allowed).
A merged name keeps its place as the concept's skos:altLabel; the kept concept's IRI and
preferred label stand for both; the derived graph notes each merge and the file it came from.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .document import Document
from .errors import InputError
from .links import read_pairs
from .mapping import IriMinter

_HEADERS = {("concept", "same as"), ("keep", "merge"), ("concept", "merge")}
#: The concept kinds a document names, and how to read the names off it.
_NAMES = (("genre", lambda d: d.genres), ("theme", lambda d: d.themes),
          ("motif", lambda d: [m.name for m in d.motifs]), ("question", lambda d: [q.question for q in d.questions]))


def read_merges(path: str | os.PathLike[str], minter: IriMinter,
                documents: Iterable[tuple[Document, str]]) -> tuple[dict[str, str], list[tuple[str, str, str]], str]:
    """(alias IRI -> kept IRI, [(kept IRI, merged label, note)], SHA-256 of the file)."""
    pairs, data = read_pairs(path, "merge file", "the concept to keep, the one to merge into it", _HEADERS)
    by_iri: dict[str, tuple[str, str]] = {}  # IRI -> (kind, a label)
    by_label: dict[str, set[str]] = {}
    for doc, _ in documents:
        for kind, names in _NAMES:
            for name in names(doc):
                node = minter.concept(kind, name.value)
                by_iri.setdefault(node, (kind, name.value))
                by_label.setdefault(name.value.casefold(), set()).add(node)
    merged: dict[str, str] = {}
    notes: list[tuple[str, str, str]] = []
    sha256 = hashlib.sha256(data).hexdigest()
    for number, keep, merge in pairs:
        kept, alias = (_find(cell, by_iri, by_label, str(path), number) for cell in (keep, merge))
        if by_iri[kept][0] != by_iri[alias][0]:
            raise InputError(str(path), number, f"'{keep}' is a {by_iri[kept][0]} and '{merge}' a "
                             f"{by_iri[alias][0]}: only concepts of one kind are merged")
        if kept == alias:
            continue
        while kept in merged:
            kept = merged[kept]
        if kept == alias:
            raise InputError(str(path), number, f"'{merge}' is already merged into '{keep}' the other way round")
        merged[alias] = kept
        notes.append((kept, by_iri[alias][1], f"merged with '{by_iri[alias][1]}' by the curator's file "
                      f"{Path(path).name} (SHA-256 {sha256})"))
    for alias in list(merged):  # every alias straight to its final concept
        while merged[alias] in merged:
            merged[alias] = merged[merged[alias]]
    return merged, notes, sha256


def _find(cell: str, by_iri: dict[str, tuple[str, str]], by_label: dict[str, set[str]], path: str, line: int) -> str:
    """The concept a cell names: its IRI, or a label of exactly one concept."""
    if cell in by_iri:
        return cell
    found = by_label.get(cell.casefold(), set())
    if len(found) != 1:
        problem = "names no genre, theme, motif or question of the build" if not found else \
            f"names {len(found)} concepts ({', '.join(sorted(found))}): give the IRI"
        raise InputError(path, line, f"'{cell}' {problem}")
    return next(iter(found))
