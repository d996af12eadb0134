"""filmgraph: film-analysis documents as a validated, queryable RDF knowledge graph."""

__version__ = "0.1.0"
