"""Theme names known before a build: a vocabulary file, or the themes of a dataset.

``build --themes FILE`` reads a SKOS concept scheme (any RDF format) or a text file
with one theme per line; ``build --vocabulary DATA`` reuses the themes of an existing
filmgraph dataset, so that new documents are split the way the corpus already is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from . import terms as T
from .errors import InputError
from .rdfio import DATA_SUFFIXES, data_files, read_quads

_LABELS = (ox.NamedNode(T.SKOS + "prefLabel"), ox.NamedNode(T.SKOS + "altLabel"))
_TYPE = ox.NamedNode(T.RDF_TYPE)
#: More words than a theme name has (the longest in the seed has seven).
_LONGEST_THEME = 16


def _quads(path: Path) -> list[ox.Quad]:
    return list(read_quads([path]))


def _labels(quads: list[ox.Quad], classes: set[str]) -> list[str]:
    """skos:prefLabel and altLabel of the subjects typed with one of classes."""
    typed = {q.subject for q in quads if q.predicate == _TYPE and isinstance(q.object, ox.NamedNode)
             and q.object.value in classes}
    return sorted({q.object.value for q in quads
                   if q.subject in typed and q.predicate in _LABELS and isinstance(q.object, ox.Literal)})


def themes_file(path: str | os.PathLike[str]) -> list[str]:
    """Theme names from a SKOS concept scheme (every skos:Concept's labels) or a text file
    (one theme per line; blank lines and lines starting with '#' are skipped)."""
    path = Path(path)
    if path.suffix.lower() in DATA_SUFFIXES:
        quads = _quads(path)
        # A filmgraph dataset holds genres, motifs and questions as concepts too: take its themes.
        names = _labels(quads, {T.THEME}) or _labels(quads, {T.SKOS + "Concept"})
        if not names:
            raise InputError(str(path), 0, "no skos:Concept with a skos:prefLabel in this vocabulary")
        return names
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), 0, "not valid UTF-8: a theme list is a text file, one theme a line") from None
    names = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if len(name.split()) > _LONGEST_THEME or name.endswith((".", "!", "?")):
            raise InputError(str(path), number, f"not a theme name: '{name[:40]}...' (a theme list has one "
                             "short name a line)")
        names.append(name)
    if not names:
        raise InputError(str(path), 0, "no themes in this file (one theme a line)")
    return names


def dataset_themes(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The labels of every fg:Theme in a filmgraph dataset (RDF files or folders)."""
    names: set[str] = set()
    files = data_files(paths)
    for path in files:
        names.update(_labels(_quads(path), {T.THEME}))
    if not names:
        raise InputError(", ".join(map(str, paths)), 0, "no fg:Theme in this data: is it a filmgraph dataset?")
    return sorted(names)
