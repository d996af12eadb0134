"""Where the ontology and bundled queries are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _find(folder: str, name: str) -> Path:
    for root in (_PACKAGE / folder, _CHECKOUT / folder):
        if (root / name).exists():
            return root / name
    raise FileNotFoundError(f"{folder}/{name} is not installed with filmgraph")


def ontology_path(name: str) -> Path:
    """A file of the ontology folder (filmgraph.ttl, shapes.ttl)."""
    return _find("ontology", name)
