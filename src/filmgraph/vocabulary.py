"""Theme names known before a build: a vocabulary file, or the themes of a dataset.

``build --themes FILE`` reads a SKOS concept scheme (any RDF format) or a text file
with one theme per line; ``build --vocabulary DATA`` reuses the themes of an existing
filmgraph dataset, so that new documents are split the way the corpus already is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from . import terms as T
from .errors import InputError
from .rdfio import DATA_SUFFIXES, FORMATS, data_files, format_for, syntax_error

_LABELS = (ox.NamedNode(T.SKOS + "prefLabel"), ox.NamedNode(T.SKOS + "altLabel"))
_TYPE = ox.NamedNode(T.RDF_TYPE)


def _quads(path: Path) -> list[ox.Quad]:
    try:
        return list(ox.parse(path=str(path), format=FORMATS[format_for(path)].oxigraph))
    except OSError as exc:
        reason = exc.strerror or re.sub(r"\s*\(os error \d+\)$", "", str(exc))
        raise InputError(str(path), 0, f"cannot read file: {reason}") from None
    except SyntaxError as exc:
        raise syntax_error(path, exc) from None


def _labels(quads: list[ox.Quad], classes: set[str]) -> list[str]:
    """skos:prefLabel and altLabel of the subjects typed with one of classes."""
    typed = {q.subject for q in quads if q.predicate == _TYPE and q.object.value in classes}
    return sorted({q.object.value for q in quads
                   if q.subject in typed and q.predicate in _LABELS and isinstance(q.object, ox.Literal)})


def themes_file(path: str | os.PathLike[str]) -> list[str]:
    """Theme names from a SKOS concept scheme (every skos:Concept's labels) or a text file
    (one theme per line; blank lines and lines starting with '#' are skipped)."""
    path = Path(path)
    if path.suffix.lower() in DATA_SUFFIXES:
        names = _labels(_quads(path), {T.SKOS + "Concept", T.THEME})
        if not names:
            raise InputError(str(path), 0, "no skos:Concept with a skos:prefLabel in this vocabulary")
        return names
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), 0, "not valid UTF-8: a theme list is a text file, one theme a line") from None
    names = [line.strip() for line in text.splitlines()]
    names = [n for n in names if n and not n.startswith("#")]
    if not names:
        raise InputError(str(path), 0, "no themes in this file (one theme a line)")
    return names


def dataset_themes(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The labels of every fg:Theme in a filmgraph dataset (RDF files or folders)."""
    names: set[str] = set()
    for path in data_files(paths):
        names.update(_labels(_quads(path), {T.THEME}))
    return sorted(names)
