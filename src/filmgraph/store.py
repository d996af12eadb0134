"""The data loaded for querying: Oxigraph stores in memory or on disk (RocksDB)."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import terms as T
from .errors import FilmgraphError
from .rdfio import FORMATS, data_files, format_for, syntax_error
from .safety import WORD, code_of, per_text

_GRAPH_RE = re.compile(WORD.format("GRAPH|FROM"), re.I)


@per_text(256)
def _names_graphs(text: str) -> bool:
    """Whether a query has GRAPH or FROM (outside strings, IRIs and comments)."""
    return bool(_GRAPH_RE.search(code_of(text)))


class QueryStore:
    """The data loaded for querying, held in Oxigraph twice.

    ``merged`` holds the merge of every document's triples as its default graph
    (a set, as SPARQL defines it). ``graphs`` holds each document's named graph and,
    as its default graph, their merge; in memory it is loaded on first use. Oxigraph's
    in-memory store finds a subject's triples across every graph, so a lookup of a
    shared node (a motif's label, a person's films) in ``graphs`` wades through the
    copy each document states; in ``merged`` there is one. Queries that name no
    graph (no GRAPH, no FROM) run on ``merged``, the others on ``graphs``.
    """

    def __init__(self, merged: ox.Store, graphs: ox.Store | Callable[[], ox.Store]) -> None:
        self.merged = merged
        self._graphs = graphs
        self._lock = threading.Lock()
        #: The thread that loaded the data: Oxigraph is slower there (see query.run_query).
        self.loaded_in = threading.get_ident()

    @property
    def graphs(self) -> ox.Store:
        with self._lock:
            if not isinstance(self._graphs, ox.Store):
                self._graphs = self._graphs()
            return self._graphs

    def store_for(self, text: str) -> ox.Store:
        """The store that answers this query text."""
        return self.graphs if _names_graphs(text) else self.merged

    def query(self, text: str, **options: Any) -> Any:
        """Run SPARQL on the store that answers it (no safety checks: see run_query)."""
        return self.store_for(text).query(text, **options)

    def named_graphs(self) -> Iterable[ox.NamedNode | ox.BlankNode]:
        return self.graphs.named_graphs()


def is_links_graph(name: object) -> bool:
    """Whether a graph name is a build's links graph (BASE graph/links), which --no-links leaves out."""
    return isinstance(name, ox.NamedNode) and T.is_corpus_graph(name.value)


_TYPE, _DERIVED = ox.NamedNode(T.RDF_TYPE), ox.NamedNode(T.DERIVED_GRAPH)


def _load_files(store: ox.Store, files: list[Path], merge: bool, links: bool = True) -> None:
    """Each file into the store; with merge, the triples of named graphs into the default graph.

    Without links, the links graph is left out; a file of one graph (Turtle, say) that
    holds one cannot be told apart from what documents state, and FilmgraphError says so.
    """
    for file in files:
        fmt = FORMATS[format_for(file)].oxigraph
        assert fmt is not None  # every RDF format has Oxigraph's name
        try:
            if merge and fmt.supports_datasets:
                store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                  for q in ox.parse(path=str(file), format=fmt)
                                  if links or not is_links_graph(q.graph_name))
            else:
                store.bulk_load(path=str(file), format=fmt)
        except SyntaxError as exc:
            raise syntax_error(file, exc) from None
        if links:
            continue
        if fmt.supports_datasets:
            for name in [g for g in store.named_graphs() if is_links_graph(g)]:
                store.remove_graph(name)
        elif any(is_links_graph(q.subject) for q in store.quads_for_pattern(None, _TYPE, _DERIVED, ox.DefaultGraph())):
            raise FilmgraphError(f"{file}: holds derived links in its one graph, where they cannot be told apart "
                                 "from what the documents state; build it with --no-links, or as TriG or N-Quads")


def _is_dataset(file: Path) -> bool:
    fmt = FORMATS[format_for(file)].oxigraph
    return fmt is not None and fmt.supports_datasets


def _manifest(files: list[Path]) -> list[list[Any]]:
    """What the files are now: path, size and modification time of each (None when gone)."""
    return [[str(f.resolve()), *((f.stat().st_size, f.stat().st_mtime_ns) if f.is_file() else (None, None))]
            for f in files]


def _load_graphs(store: ox.Store, files: list[Path], manifest: list[list[Any]] | None = None,
                 links: bool = True) -> ox.Store:
    """The files into store, their named graphs kept and merged into the default graph.

    With a manifest, the files must still be what it says (the merged store was
    loaded from them), or FilmgraphError says which one changed.
    """
    if manifest is not None:
        for file, then, now in zip(files, manifest, _manifest(files)):
            if then != now:
                raise FilmgraphError(f"{file}: changed since the data was loaded; load it again")
    _load_files(store, files, merge=False, links=links)
    # The merge into the default graph by Oxigraph's bulk loader, from the files parsed again as they
    # are read: an INSERT ... WHERE update would hold every triple in one transaction (1.3x the memory
    # and 3x the time at 1,000 films).
    _load_files(store, [f for f in files if _is_dataset(f)], merge=True, links=links)
    return store


_STORE_PARTS = frozenset({"graphs", "merged", "filmgraph-files.json"})


def load_store(paths: Sequence[str | os.PathLike[str]], store_dir: str | os.PathLike[str] | None = None,
               links: bool = True) -> QueryStore:
    """The data loaded into Oxigraph; with store_dir, persistent stores loaded once.

    GRAPH patterns see each document's graph; the default graph is the merge of all
    graphs, so a triple stated by two documents counts once. Without links, the
    links graph (what the build derived: themes a reading evokes, similar films ...)
    is left out.

    Persistent stores remember which files (by path, size and modification time)
    they hold, and whether with links, and are reloaded only when that changes.
    """
    files = data_files(paths)
    manifest = _manifest(files)
    if store_dir is None:
        merged = ox.Store()
        _load_files(merged, files, merge=True, links=links)
        return QueryStore(merged, lambda: _load_graphs(ox.Store(), files, manifest, links))
    folder = Path(store_dir)
    folder.mkdir(parents=True, exist_ok=True)
    others = sorted(p.name for p in folder.iterdir() if p.name not in _STORE_PARTS)
    if others:  # a folder of the user's (data/, say): the store would be written among their files
        raise FilmgraphError(f"{store_dir}: holds {others[0]!r} and is no filmgraph store; "
                             "give --store a new or empty folder")
    graphs, merged = ox.Store(str(folder / "graphs")), ox.Store(str(folder / "merged"))
    stamp = folder / "filmgraph-files.json"
    held = {"files": manifest, "links": links}
    if stamp.exists() and json.loads(stamp.read_text()) == held:
        return QueryStore(merged, graphs)
    stamp.unlink(missing_ok=True)
    graphs.clear()
    merged.clear()
    _load_graphs(graphs, files, links=links)
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                       for q in graphs.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    graphs.flush()
    merged.flush()
    # compacted now, not in the background later: a process that opens the store read-only
    # meanwhile would find the files its view names deleted
    graphs.optimize()
    merged.optimize()
    stamp.write_text(json.dumps(held))
    return QueryStore(merged, graphs)


def load_quads(quads: Iterable[tuple[str, str, str, str]]) -> QueryStore:
    """Quads of N-Triples terms (graph "" for the default graph) in Oxigraph, in memory:
    the same stores load_store makes from files."""
    data = "".join(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in quads).encode("utf-8")
    merged = ox.Store()
    merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS))

    def graphs() -> ox.Store:
        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store

    return QueryStore(merged, graphs)


def open_store(store_dir: str | os.PathLike[str]) -> QueryStore:
    """The persistent stores that load_store wrote in store_dir, opened read-only
    (several processes may hold them at once)."""
    if not (Path(store_dir) / "filmgraph-files.json").exists():
        raise FilmgraphError(f"{store_dir}: no filmgraph store here")
    return QueryStore(ox.Store.read_only(str(Path(store_dir) / "merged")),
                      ox.Store.read_only(str(Path(store_dir) / "graphs")))
