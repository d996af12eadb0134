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


def queries_dir() -> Path:
    """The folder of bundled named queries (*.rq)."""
    for root in (_PACKAGE / "queries", _CHECKOUT / "queries"):
        if root.is_dir() and any(root.glob("*.rq")):
            return root
    raise FileNotFoundError("queries/ is not installed with filmgraph")
