"""filmgraph: film-analysis documents as a validated, queryable RDF knowledge graph.

    import filmgraph
    g = filmgraph.build(["seeds/"])       # documents; or filmgraph.load(["data/"]), filmgraph.connect(URL)
    g.query("cast", film="https://w3id.org/filmgraph/id/film/her-2013").to_dicts()

See filmgraph.Graph for everything a graph does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .errors import FilmgraphError, InputError, QueryError  # noqa: E402

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
