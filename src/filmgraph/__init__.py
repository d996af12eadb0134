"""filmgraph: film-analysis documents as a validated, queryable RDF knowledge graph.

    import filmgraph
    g = filmgraph.build(["seeds/"])       # documents; or filmgraph.load(["data/"]), filmgraph.connect(URL)
    g.query("cast", film="https://w3id.org/filmgraph/id/film/her-2013").to_dicts()

See filmgraph.Graph for everything a graph does.
"""

__version__ = "0.1.0"

from .api import Graph, build, connect, load  # noqa: E402
from .errors import FilmgraphError, InputError, QueryError  # noqa: E402
from .results import QueryResult  # noqa: E402
from .stats import DatasetStats  # noqa: E402
from .validate import ValidationReport  # noqa: E402

__all__ = ["DatasetStats", "FilmgraphError", "Graph", "InputError", "QueryError", "QueryResult", "ValidationReport",
           "__version__", "build", "connect", "load"]
