"""The Python API: one object, Graph, for data built from documents, loaded from RDF
files, or held by a SPARQL store; the command line is a thin layer over it.

    import filmgraph
    g = filmgraph.build(["seeds/"])            # or filmgraph.load(["data/"]), filmgraph.connect(URL)
    g.query("cast", film="https://w3id.org/filmgraph/id/film/her-2013").to_dicts()
    g.validate().conforms
    g.serialize("turtle")                       # the bytes `filmgraph build -o x.ttl` writes
    g.to_networkx(kinds=["film", "theme"])
    g.write_html("her.html")

Nothing is written to disk unless a method that writes a file is called. Every query
goes through the same checks (no SERVICE, no update, no FROM beyond the data), locally
and against a store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from . import terms as T
from . import viewer
from .bindings import parse_binding
from .builder import BuildOptions, BuildResult
from .builder import build as build_documents
from .errors import FilmgraphError, InputError, ParseWarning, QueryError
from .incremental import IncrementalBuild, build_into
from .kinds import KIND_KEYS
from .mapping import DEFAULT_LICENCE
from .network import find_node, keep_kinds, neighbourhood, project, project_store
from .ntriples import Quad
from .query import DEFAULT_TIMEOUT, run_query
from .rdfio import FORMATS, format_for, read_quads, write_atomic
from .rdfio import serialize as serialize_rdf
from .remote import RemoteStore
from .results import QueryResult
from .stats import DatasetStats, dataset_stats
from .store import QueryStore, is_links_graph, load_quads, load_store
from .validate import ValidationReport, validate_files, validate_quads
from .views import VIEWS, apply_view
from .vocabulary import dataset_themes, themes_file

PathLike = str | os.PathLike[str]


class Graph:
    """A filmgraph dataset you can query, validate, write out and draw.

    Make one with ``build`` (documents), ``load`` (RDF files) or ``connect`` (a store
    that ``filmgraph push`` published to), not by hand.
    """

    def __init__(self, *, quads: Sequence[Quad] | None = None, paths: Sequence[PathLike] = (),
                 store_dir: PathLike | None = None, remote: RemoteStore | None = None,
                 base: str = T.DEFAULT_BASE, report: BuildResult | IncrementalBuild | None = None,
                 links: bool = True) -> None:
        self._links = links
        self._quads = list(quads) if quads is not None else None
        self._paths = [Path(p) for p in paths]
        self._store_dir = store_dir
        self._remote = remote
        self._store: QueryStore | None = None
        self._base = base
        self._report = report

    def __repr__(self) -> str:
        if self._remote is not None:
            return f"<filmgraph.Graph at {self._remote.endpoint}>"
        if isinstance(self._report, BuildResult):
            return f"<filmgraph.Graph of {len(self._report.documents)} document(s), {self._report.triple_count} triples>"
        return f"<filmgraph.Graph of {', '.join(map(str, self._paths))}>"

    # -- what a build noticed ----------------------------------------------------------

    @property
    def warnings(self) -> list[ParseWarning]:
        """What the build had to guess (an uncertain theme split, an unknown genre ...)."""
        return self._report.warnings if self._report else []

    @property
    def skipped(self) -> list[FilmgraphError]:
        """Documents a build with skip_bad left out, each with its error."""
        return list(self._report.skipped) if self._report else []

    @property
    def documents(self) -> int:
        """How many documents went into a build."""
        if isinstance(self._report, IncrementalBuild):
            return self._report.documents
        return len(self._report.documents) if self._report else 0

    @property
    def triple_count(self) -> int:
        """How many distinct triples the data states."""
        if isinstance(self._report, BuildResult):
            return self._report.triple_count
        return len({q[:3] for q in self.quads()})

    # -- data --------------------------------------------------------------------------

    def _local(self) -> QueryStore:
        """The data in Oxigraph (for a store: its union graph, fetched once)."""
        if self._store is None:
            if self._quads is not None:
                self._store = load_quads(self._quads)
            elif self._remote is not None:
                triples = self._remote.triples()
                self._store = load_quads([(str(t.subject), str(t.predicate), str(t.object), "") for t in triples])
            else:
                self._store = load_store(self._paths, self._store_dir, self._links)
        return self._store

    def quads(self) -> list[Quad]:
        """Every statement as a quad of N-Triples terms (graph "" for the default graph)."""
        if self._quads is not None:
            return list(self._quads)
        if self._remote is not None:
            return [(str(t.subject), str(t.predicate), str(t.object), "") for t in self._remote.triples()]
        if not self._links:
            self._local()  # a file of one graph whose links cannot be left out is refused
        # read from the files: a store would write literals in its canonical form ("PT2H6M" for "PT126M")
        return [(str(q.subject), str(q.predicate), str(q.object),
                 "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name))
                for q in read_quads(self._paths) if self._links or not is_links_graph(q.graph_name)]

    def query(self, query: str, bindings: dict[str, Any] | None = None, *, timeout: float | None = DEFAULT_TIMEOUT,
              limit: int | None = None, **params: Any) -> QueryResult:
        """Run a bundled query by name, a .rq file or SPARQL text.

        Parameters bind variables as typed terms: ``film="https://..."`` (an IRI),
        ``year=2013``, ``title='"Her"@en'``; or pass ``bindings`` as a dict. The
        result has ``rows``, ``to_dicts()``, ``to_dataframe()`` and ``serialize(fmt)``.
        """
        if not isinstance(query, str):
            raise QueryError(f"a query is text (a bundled name, a .rq path or SPARQL), not {query!r}")
        if bindings is not None and not isinstance(bindings, dict):
            raise QueryError(f"bindings are a dict of variable names to values, not {bindings!r}")
        values = {**(bindings or {}), **params}
        terms = {name: _term(name, value) for name, value in values.items()}
        if self._remote is not None:
            return self._remote.run(query, terms, limit=limit)
        return run_query(self._local(), query, terms, timeout=timeout, limit=limit)

    def validate(self) -> ValidationReport:
        """Check the data against the SHACL shapes and the ontology's terms."""
        if self._quads is None and self._remote is None and self._links:
            return validate_files(list(self._paths))
        return validate_quads(self.quads())

    def serialize(self, fmt: str = "turtle") -> bytes:
        """The data in an RDF format (turtle, nt, trig, nquads, jsonld, xml), deterministically."""
        if fmt not in FORMATS:
            raise FilmgraphError(f"unknown RDF format {fmt!r}: use one of {', '.join(FORMATS)}")
        return serialize_rdf(self.quads(), fmt, self._base)

    def write(self, path: PathLike, fmt: str | None = None) -> Path:
        """Write the data to a file (atomically); the format comes from fmt or the file's extension."""
        write_atomic(path, self.serialize(fmt or format_for(path)))
        return Path(path)

    def to_networkx(self, kinds: Iterable[str] | None = None, focus: str | None = None,
                    depth: int = 2, view: str = "concept") -> nx.MultiDiGraph:
        """The graph the viewer draws: nodes keyed by IRI with kind, label and literals (or, in
        the concept view, facts in words); edges keyed by property. ``view`` is "concept"
        (films, people and concepts; cast entries, readings and discussions as edges) or
        "rdf" (every resource). ``kinds`` keeps only nodes of those kinds; ``focus`` (an IRI,
        prefixed name or label) keeps its neighbourhood to ``depth``."""
        wanted = [kinds] if isinstance(kinds, str) else list(kinds) if kinds is not None else None
        unknown = [k for k in wanted or () if k not in KIND_KEYS]
        if unknown or wanted == []:
            raise FilmgraphError(f"{', '.join(map(repr, unknown)) or 'no kind'}: kinds are {', '.join(KIND_KEYS)}")
        if view not in VIEWS:
            raise FilmgraphError(f"unknown view {view!r}: views are {', '.join(VIEWS)}")
        if self._remote is not None:
            graph = apply_view(project(self._remote.triples()), view)
            graph = keep_kinds(graph, wanted) if wanted else graph
        elif view == "rdf":
            graph = project_store(self._local(), wanted)
        else:
            graph = apply_view(project_store(self._local()), view)
            graph = keep_kinds(graph, wanted) if wanted else graph
        if focus:
            graph = neighbourhood(graph, find_node(graph, focus), depth)
        return graph

    def html(self, *, kinds: Iterable[str] | None = None, focus: str | None = None, depth: int = 2,
             title: str | None = None, view: str = "concept") -> bytes:
        """The offline viewer page, as bytes."""
        return viewer.render_html(self.to_networkx(kinds, focus, depth, view), title)

    def write_html(self, path: PathLike, **options: Any) -> Path:
        """Write the viewer page to a file (atomically); options as for ``html``."""
        write_atomic(path, self.html(**options))
        return Path(path)

    def stats(self) -> DatasetStats:
        """Triples, instances per class and triples per property, in total and per document."""
        return dataset_stats(self._local())


def _term(name: str, value: Any) -> Any:
    """A binding value as an RDF term: terms pass, text is read as for --bind, numbers and
    booleans typed (a float as xsd:double); anything else is a QueryError."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(T.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(T.XSD + "integer"))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise QueryError(f"{name}: {value!r} is no number to bind")
        return ox.Literal(repr(value), datatype=ox.NamedNode(T.XSD + "double"))
    if not isinstance(value, str):
        raise QueryError(f"{name}: cannot bind a {type(value).__name__} (give text, a number, a boolean or "
                         "a pyoxigraph term)")
    return parse_binding(f"{name}={value}")[1]


def build(sources: PathLike | Sequence[PathLike], *, base: str | None = None, skip_bad: bool = False,
          themes: PathLike | Iterable[str] | None = None, vocabulary: Sequence[PathLike] = (),
          licence: str = DEFAULT_LICENCE, links: Sequence[PathLike] = (), jobs: int = 1,
          progress: Callable[[int, int], None] | None = None, derive: bool = True,
          merges: Sequence[PathLike] = (), into: PathLike | None = None, output: PathLike | None = None) -> Graph:
    """Build a Graph from documents (files or folders of .txt files), in memory.

    ``base`` is the instances' base IRI (https://w3id.org/filmgraph/id/ unless given).
    ``themes`` gives known theme names (an iterable of names, or a file: a SKOS concept
    scheme or one theme a line); ``vocabulary`` reuses the themes of existing filmgraph
    data. ``licence`` is the dataset's licence IRI (CC BY 4.0 unless given); ``links``
    are link files (CSV: a local IRI or label, the IRI of the same thing elsewhere).
    ``derive`` adds the links the documents imply (themes a reading evokes, themes that
    travel together, similar films, concepts that may be one) in the graph ``graph/links``;
    ``merges`` are a curator's merge files (CSV: the concept to keep, the one to merge into it).
    A bad document raises InputError, unless ``skip_bad``.

    With ``into`` (a TriG or N-Quads file a build wrote), the documents are added to that
    dataset, replacing those of the same name, as ``build --into`` does: it is written over
    (atomically), or to ``output``, and the Graph is of that file. ``base``, when given,
    must be the dataset's.
    """
    known = _theme_names(themes)
    if vocabulary:
        known += dataset_themes(list(vocabulary))
    options = BuildOptions(base=base, skip_bad=skip_bad, vocabulary=known, licence=licence,
                           links=_paths(links, "links"), jobs=jobs, derive=derive, merges=_paths(merges, "merges"))
    if into is not None:
        done = build_into(into, _paths(sources, "sources"), output, options=options, progress=progress)
        return Graph(paths=[output if output is not None else into], base=done.base, report=done)
    if output is not None:
        raise InputError("output", 0, "output is for a build into a dataset (into=...); write a Graph with write()")
    report = build_documents(_paths(sources, "sources"), options, progress)
    return Graph(quads=report.quads, base=options.base_iri, report=report)


def _paths(paths: PathLike | Sequence[PathLike], what: str) -> list[PathLike]:
    """A list of paths; one path (a str or Path) is taken as a list of one."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if not isinstance(paths, Sequence) or not all(isinstance(p, (str, os.PathLike)) for p in paths):
        raise InputError(what, 0, f"expected a path or a list of paths, not {paths!r}")
    return list(paths)


def _theme_names(themes: PathLike | Iterable[str] | None) -> list[str]:
    if themes is None:
        return []
    if isinstance(themes, (str, os.PathLike)):
        return themes_file(themes)
    return [name for name in themes]


def load(paths: PathLike | Sequence[PathLike], *, store: PathLike | None = None, base: str = T.DEFAULT_BASE,
         with_links: bool = True) -> Graph:
    """A Graph of RDF files or folders of them; with ``store``, kept in a persistent
    Oxigraph store in that folder and opened from it next time. ``with_links=False``
    leaves out the links a build derived (the graph ``graph/links``: themes a reading
    evokes, similar films ...), as ``--no-links`` does: only what documents state."""
    return Graph(paths=_paths(paths, "paths"), store_dir=store, base=base, links=with_links)


def connect(endpoint: str, *, user: str | None = None, password: str | None = None,
            auth: str = "digest") -> Graph:
    """A Graph of the data ``filmgraph push`` published to a SPARQL store at ``endpoint``
    (its catalog of graphs tells what to query: a store filmgraph did not push to, or
    ``filmgraph serve``, has none; query those with ``load`` on the files instead)."""
    return Graph(remote=RemoteStore(endpoint, user=user, password=password, auth_scheme=auth))
