"""filmgraph: film-analysis documents as a validated, queryable RDF knowledge graph.

    import filmgraph
    g = filmgraph.build(["seeds/"])       # documents; or filmgraph.load(["data/"]), filmgraph.connect(URL)
    g.query("cast", film="https://w3id.org/filmgraph/id/film/her-2013").to_dicts()

See filmgraph.Graph for everything a graph does.
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

__version__ = "0.1.0"

from .errors import FilmgraphError, InputError, QueryError  # noqa: E402

if _TYPE_CHECKING:
    from .api import Graph, build, connect, load
    from .results import QueryResult
    from .stats import DatasetStats
    from .validate import ValidationReport

__all__ = ["DatasetStats", "FilmgraphError", "Graph", "InputError", "QueryError", "QueryResult", "ValidationReport",
           "__version__", "build", "connect", "load"]

#: The public names imported when first used (the API brings in SHACL, NetworkX and more, which
#: a command such as ``filmgraph build`` does without): name -> its module.
_LAZY = {"Graph": "api", "build": "api", "connect": "api", "load": "api", "QueryResult": "results",
         "DatasetStats": "stats", "ValidationReport": "validate"}


def __getattr__(name: str) -> _Any:
    """A public name (see _LAZY), or a submodule (filmgraph.api ...), imported when first used."""
    if name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
    else:
        try:
            value = _import_module(f".{name}", __name__)
        except ModuleNotFoundError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*(name for name in globals() if not name.startswith("_")), "__version__", *_LAZY})
