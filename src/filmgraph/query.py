"""Running SPARQL over filmgraph data safely with Oxigraph.

A query reads only the data it is given (see safety); parameters are bound as typed
RDF terms (see bindings); a time limit stops waiting for a runaway query and reports
it (see threads).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from .bindings import bind_values, typed_bindings
from .catalog import resolve_query
from .errors import QueryError
from .results import QueryResult
from .safety import check_query, from_clauses, star_order
from .store import QueryStore, load_store
from .threads import in_worker

#: Default time limit of one query, in seconds.
DEFAULT_TIMEOUT = 5.0


def _graphs_of(store: QueryStore) -> set[str]:
    return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}


def _from_merge(store: QueryStore, text: str) -> ox.Store:
    """The dataset of a query with several FROM graphs, in a store of its own: their RDF
    merge as default graph (a triple two of them state counts once), the FROM NAMED
    graphs as named graphs. Oxigraph 0.5 counts such a triple once per graph
    (oxigraph/oxigraph#1919, fixed after 0.5), so it is queried with this store's
    default graph in place of the FROM clauses.
    """
    dataset = ox.Store()
    for named, iri in from_clauses(text):
        quads = store.graphs.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        dataset.bulk_extend(quads if named else (ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    return dataset


def _syntax_error(label: str, exc: SyntaxError) -> QueryError:
    """Oxigraph's SPARQL syntax error as one line naming the query's file (or name) and line."""
    message = " ".join(str(exc.msg or exc).split())
    m = re.fullmatch(r"error at (\d+):(\d+): (.*)", message)
    if m is None:
        return QueryError(f"SPARQL syntax error: {message}")
    line, column, problem = m.groups()
    if label == "<query>":
        return QueryError(f"SPARQL syntax error at line {line}, column {column}: {problem}")
    return QueryError(f"{label}:{line}: SPARQL syntax error at column {column}: {problem}")


def _evaluate(store: QueryStore, text: str, bindings: dict[str, Any], limit: int | None,
              label: str = "<query>", base_iri: str | None = None) -> QueryResult:
    try:
        bound = bind_values(text, bindings)  # bound values add no GRAPH or FROM
        if sum(1 for named, _ in from_clauses(text) if not named) > 1:
            answer = _from_merge(store, text).query(bound, default_graph=ox.DefaultGraph(), base_iri=base_iri)
        else:
            answer = store.store_for(text).query(bound, base_iri=base_iri)
    except SyntaxError as exc:  # the VALUES of the bindings go in without a line break: lines stay
        raise _syntax_error(label, exc) from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"cannot run the query with these bindings: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[tuple[Any, ...]] = []
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(tuple(solution))  # in the order of answer.variables
        order = star_order(text, variables)
        if order != variables:  # SELECT *: the columns in the order the query names them
            index = [variables.index(v) for v in order]
            rows = [tuple(row[i] for i in index) for row in rows]
        return QueryResult("select", order, rows)
    triples: list[ox.Triple] = []
    for triple in answer:
        if limit is not None and len(triples) >= limit:
            break
        triples.append(triple)
    return QueryResult("graph", triples=triples)


def run_query(
    store: QueryStore,
    query: str,
    bindings: dict[str, Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
    inline: bool = False,
    base_iri: str | None = None,
) -> QueryResult:
    """Run a SPARQL query (name, .rq path or text) safely over the store.

    With ``inline``, ``query`` is SPARQL text and nothing else: no name is looked up
    and no file is read (the endpoint runs what remote clients send this way). Relative
    IRIs in the query are resolved against ``base_iri``.

    ``bindings`` maps variable names to pyoxigraph terms or VALUE strings as for
    --bind. With a timeout, the query is evaluated in a worker thread (see ``in_worker``;
    Oxigraph releases the GIL) and QueryError is raised when the time is up. Without one it
    is evaluated in the calling thread (no hand-off: 20 µs or more, a query may take 70 µs),
    unless that thread loaded the data, where Oxigraph runs 1.3 to 2 times slower.
    """
    label, text = ("<query>", query) if inline else resolve_query(query)
    check_query(text, lambda: _graphs_of(store))
    terms = typed_bindings(text, bindings)
    if not timeout and threading.get_ident() != store.loaded_in:
        return _evaluate(store, text, terms, limit, label, base_iri)
    return in_worker(lambda: _evaluate(store, text, terms, limit, label, base_iri), timeout or None)


def query_files(
    query: str,
    data: Sequence[str | os.PathLike[str]],
    bindings: dict[str, Any] | None = None,
    **options: Any,
) -> QueryResult:
    """One call from a notebook: load the data files and run a query over them."""
    store_dir = options.pop("store_dir", None)
    return run_query(load_store(data, store_dir), query, bindings, **options)
