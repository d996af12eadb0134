"""Publishing to a triple store, and querying it: SPARQL 1.1 Graph Store Protocol, Update and Protocol.

``push`` makes the store mirror the data pushed: each graph of the data is replaced
(never added to), a union graph holds the merge of them all, and a catalog graph
lists what filmgraph published, so that graphs dropped from the data are deleted on
the next push. ``RemoteStore`` queries the store over the SPARQL 1.1 Protocol with
the union as default graph and the published graphs as named graphs, the dataset a
local query sees; values the store changes on the way (Virtuoso returns
xsd:duration as a number of seconds) are put back in their canonical form.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pyoxigraph as ox

from . import terms as T
from .bindings import bind_values, typed_bindings
from .catalog import resolve_query
from .errors import FilmgraphError, QueryError
from .rdfio import FORMATS, data_files, format_for, syntax_error
from .results import QueryResult
from .safety import check_query, code_of

if TYPE_CHECKING:  # imported where it is used: a command that does not talk to a store starts without it
    import httpx

UNION_GRAPH = T.DEFAULT_BASE + "graph/union"
CATALOG_GRAPH = T.DEFAULT_BASE + "graph/catalog"
DEFAULT_GRAPH = T.DEFAULT_BASE + "graph/default"
#: Triples sent in one request; larger graphs go as a PUT then POSTs (Graph Store) or several INSERT DATA.
CHUNK_TRIPLES = 20_000
#: Triples in one SPARQL Update request (Virtuoso's parser runs out of memory near 5,000 long literals).
UPDATE_TRIPLES = 2_000
#: Seconds to wait for the store on any one request.
REQUEST_TIMEOUT = 300.0
#: Requests of one batch in flight at once to Oxigraph's server, each on its own connection: its
#: turn-around on one request (parsing, indexing, a loaded machine's scheduling) overlaps the others'.
CONCURRENT_REQUESTS = 4
#: Oxigraph's server loads a Graph Store request of at least this many triples with its bulk
#: loader when asked (``no_transaction``): some 100 ms more a request, far less a triple.
BULK_TRIPLES = 2_000
_PUBLISHED = T.SD + "NamedGraph"


class RemoteError(FilmgraphError):
    """The store refused or could not be reached."""


@dataclass
class PushReport:
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples
    deleted: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(n for g, n in self.graphs.items() if g != UNION_GRAPH)


def _auth(user: str | None, password: str | None, scheme: str) -> httpx.Auth | None:
    import httpx

    if user is None:
        return None
    if scheme == "basic":
        return httpx.BasicAuth(user, password or "")
    return httpx.DigestAuth(user, password or "")


def _quads(paths: Sequence[str | os.PathLike[str]]) -> Iterator[tuple[Path, Iterator[ox.Quad]]]:
    """Each data file with its quads, parsed as they are read (never the whole file in memory)."""
    for file in data_files(paths):
        yield file, ox.parse(path=str(file), format=FORMATS[format_for(file)].oxigraph)


def graph_names(paths: Sequence[str | os.PathLike[str]], default_graph: str) -> list[str]:
    """The data's graphs in the order first met (triples outside any graph go to default_graph).

    Reads every file through (a syntax error is FilmgraphError before anything is sent)
    keeping only the names.
    """
    names: dict[str, None] = {}
    default_seen = False
    for file, quads in _quads(paths):
        try:
            for quad in quads:
                graph = quad.graph_name
                if isinstance(graph, ox.DefaultGraph):
                    if not default_seen:
                        names.setdefault(default_graph, None)
                        default_seen = True
                elif graph.value not in names:
                    names[graph.value] = None
        except SyntaxError as exc:
            raise syntax_error(file, exc) from None
    return list(names)


def read_lines(paths: Sequence[str | os.PathLike[str]], default_graph: str) -> Iterator[tuple[str, str]]:
    """(graph, N-Triples line) for each quad of the data, file by file as the parser gives them."""
    for file, quads in _quads(paths):
        try:
            for quad in quads:
                graph = quad.graph_name
                yield (default_graph if isinstance(graph, ox.DefaultGraph) else graph.value,
                       f"{quad.subject} {quad.predicate} {quad.object} .")
        except SyntaxError as exc:
            raise syntax_error(file, exc) from None


def _opening(response: httpx.Response, length: int) -> str:
    """The start of a response's text, its whitespace squeezed (for error messages)."""
    return " ".join(response.text.split())[:length]


def _described(response: httpx.Response) -> str:
    """What a response holds, in a few words: its type and the start of its text."""
    return f"{response.headers.get('content-type', 'no content type')}: {_opening(response, 120)!r}"


class _Publisher:
    """Replace, add to and delete graphs over the Graph Store Protocol or SPARQL Update.

    A batch's requests go out from a pool of threads (four for Oxigraph's server, one for
    other stores), each with its own client (its keep-alive connection and its own digest
    authentication state), while the caller reads the next batch; a batch starts when the
    one before has ended, so a graph's later requests never overtake its first.
    """

    def __init__(self, new_client: Callable[[], httpx.Client], endpoint: str, protocol: str) -> None:
        self.endpoint, self.protocol = endpoint, protocol
        self._new_client = new_client
        self.client = new_client()
        self._clients = [self.client]
        self._local = threading.local()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        #: The store is Oxigraph's server (its Server header says so): it takes N-Quads and its bulk loader.
        self.oxigraph = False

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        for client in self._clients:
            client.close()

    def _in_thread(self, call: Callable[[httpx.Client], None]) -> None:
        """call made with this pool thread's client (made on its first call)."""
        if not hasattr(self._local, "client"):
            self._local.client = self._new_client()
            self._clients.append(self._local.client)
        call(self._local.client)

    def _together(self, calls: list[Callable[[httpx.Client], None]]) -> None:
        """The calls started, up to CONCURRENT_REQUESTS at once, once the previous ones are done:
        the caller reads the next batch meanwhile."""
        self.wait()
        if self._pool is None:
            # other stores one request at a time, as before: Virtuoso may fail concurrent writes (deadlocks)
            workers = CONCURRENT_REQUESTS if self.oxigraph else 1
            self._pool = ThreadPoolExecutor(workers, thread_name_prefix="filmgraph-push")
        self._pending = [self._pool.submit(self._in_thread, call) for call in calls]

    def wait(self) -> None:
        """Until the calls started are done; the first failure raised."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.exception()
        for future in pending:
            future.result()

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        if response.status_code >= 400:
            raise RemoteError(f"{self.endpoint}: {what} failed with HTTP {response.status_code}: "
                              f"{_opening(response, 200)}")
        return response

    def _update(self, text: str, what: str) -> None:
        response = self.client.post(self.endpoint, data={"update": text})
        self.oxigraph = response.headers.get("server", "").startswith("Oxigraph/")
        self._check(response, what)

    def replace(self, graph: str, lines: list[str]) -> None:
        """The graph replaced by these triples (a small graph: the catalog)."""
        for i in range(0, max(len(lines), 1), CHUNK_TRIPLES):
            self.write({graph: lines[i:i + CHUNK_TRIPLES]}, first={graph} if i == 0 else set(), union=False)

    def write(self, batch: dict[str, list[str]], first: set[str], union: bool) -> None:
        """One batch of triples by graph: the graphs in first replaced, the others added to;
        with union, the triples added to the union graph too.

        Graph Store: a PUT (replace) or POST (add) per graph and the union's triples as POSTs
        in CONCURRENT_REQUESTS parts; to Oxigraph's server, the graphs in first DELETEd, then
        everything as N-Quads POSTs to its dataset; Update: the graphs in CONCURRENT_REQUESTS
        groups, a request each with its own part of the union.
        """
        if self.protocol == "update":  # each group's request carries its own part of the union
            groups = _parts(list(batch), CONCURRENT_REQUESTS)
            self._together([self._update_call({graph: batch[graph] for graph in group}, first, union)
                            for group in groups])
            return
        every = _distinct(batch) if union else []
        if self.oxigraph:
            # the graphs met first deleted, then every triple as N-Quads to the dataset
            self._together([self._delete_call(graph) for graph in batch if graph in first])
            groups = _parts(list(batch), CONCURRENT_REQUESTS)
            unions = _parts(every, len(groups))
            self._together([self._dataset_call({**{graph: batch[graph] for graph in group}, UNION_GRAPH: part})
                            for group, part in zip(groups, unions + [[]] * len(groups))])
            return
        calls = [self._graph_call(graph, lines, graph in first) for graph, lines in batch.items()]
        calls += [self._graph_call(UNION_GRAPH, part, False) for part in _parts(every, CONCURRENT_REQUESTS) if part]
        self._together(calls)

    def _graph_call(self, graph: str, lines: list[str], replace: bool) -> Callable[[httpx.Client], None]:
        def call(client: httpx.Client) -> None:
            send = client.put if replace else client.post
            self._check(send(self.endpoint, params={"graph": graph}, content=_body(lines),
                             headers={"Content-Type": "application/n-triples"}), f"writing <{graph}>")
        return call

    def _delete_call(self, graph: str) -> Callable[[httpx.Client], None]:
        def call(client: httpx.Client) -> None:
            response = client.delete(self.endpoint, params={"graph": graph})
            if response.status_code != 404:
                self._check(response, f"deleting <{graph}>")
        return call

    def _dataset_call(self, graphs: dict[str, list[str]]) -> Callable[[httpx.Client], None]:
        """The graphs' triples POSTed to Oxigraph's store as N-Quads (made in the sending thread),
        with its bulk loader when there are many."""
        def call(client: httpx.Client) -> None:
            body = "".join(f"{line[:-1]}<{graph}> .\n" for graph, lines in graphs.items() for line in lines).encode()
            # not atomic: push is not, across graphs, anyway
            params = {"no_transaction": ""} if sum(map(len, graphs.values())) >= BULK_TRIPLES else {}
            self._check(client.post(self.endpoint, params=params, content=body,
                                    headers={"Content-Type": "application/n-quads"}), "writing quads")
        return call

    def _update_call(self, batch: dict[str, list[str]], first: set[str], union: bool) -> Callable[[httpx.Client], None]:
        def call(client: httpx.Client) -> None:
            # One body of bytes, sent as it is (POST of application/sparql-update): as a urlencoded
            # form, N-Triples' <, >, : and / would triple its size.
            # Several requests of at most UPDATE_TRIPLES triples each, the first dropping the graphs met first.
            pieces = list(batch.items())
            if union:
                pieces.append((UNION_GRAPH, _distinct(batch)))
            requests: list[list[tuple[str, list[str]]]] = [[]]
            size = 0
            for graph, lines in pieces:
                for start in range(0, len(lines), UPDATE_TRIPLES):
                    part = lines[start:start + UPDATE_TRIPLES]
                    if size and size + len(part) > UPDATE_TRIPLES:
                        requests.append([])
                        size = 0
                    requests[-1].append((graph, part))
                    size += len(part)
            what = f"writing <{next(iter(batch))}>" if len(batch) == 1 else f"writing {len(batch)} graphs"
            for number, request in enumerate(requests):
                parts = [f"DROP SILENT GRAPH <{graph}> ;\n".encode() for graph in batch if graph in first] \
                    if number == 0 else []
                parts.append(b"INSERT DATA {\n")
                for graph, lines in request:
                    parts += [f"GRAPH <{graph}> {{\n".encode(), _body(lines), b"}\n"]
                parts.append(b"}\n")
                self._check(client.post(self.endpoint, content=b"".join(parts),
                                        headers={"Content-Type": "application/sparql-update"}), what)
        return call

    def delete(self, graph: str) -> None:
        """The graph deleted (push deletes the union first: Graph Store answers tell it the server)."""
        self.wait()
        if self.protocol == "gsp":
            response = self.client.delete(self.endpoint, params={"graph": graph})
            self.oxigraph = response.headers.get("server", "").startswith("Oxigraph/")
            if response.status_code != 404:
                self._check(response, f"deleting <{graph}>")
        else:
            self._update(f"DROP SILENT GRAPH <{graph}>", f"deleting <{graph}>")

    def published(self, catalog: str, query_endpoint: str | None) -> set[str]:
        """Graphs an earlier push listed in the catalog."""
        if self.protocol == "gsp":
            response = self.client.get(self.endpoint, params={"graph": catalog},
                                       headers={"Accept": "application/n-triples"})
            if response.status_code == 404:
                return set()
            body = self._check(response, "reading the catalog").content
            try:
                return {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                        if t.object.value == _PUBLISHED}
            except SyntaxError:
                raise RemoteError(f"{self.endpoint}: reading the catalog <{catalog}> gave no N-Triples "
                                  f"({_described(response)}): is this a Graph Store endpoint?") from None
        if query_endpoint is None:
            return set()
        try:
            rows = RemoteStore(query_endpoint, self.client).select(
                f"SELECT ?g WHERE {{ GRAPH <{catalog}> {{ ?g a <{_PUBLISHED}> }} }}")
        except (QueryError, RemoteError) as exc:
            if query_endpoint != self.endpoint:
                raise
            # Stores that answer updates and queries at different URLs (Oxigraph: /update, /query)
            raise RemoteError(f"{exc}; if the store answers queries at another URL than updates, "
                              "give it with --query-endpoint") from None
        return {row[0].value for row in rows}


def push(
    paths: Sequence[str | os.PathLike[str]],
    endpoint: str,
    *,
    default_graph: str = DEFAULT_GRAPH,
    protocol: str = "gsp",
    user: str | None = None,
    password: str | None = None,
    auth_scheme: str = "digest",
    query_endpoint: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Publish the data's graphs, their union and the catalog; delete graphs no longer in the data.

    The data is read twice, as the parser gives it: once for the graphs' names (so a
    syntax error stops the push before the store is touched), then to send it in
    batches of at most CHUNK_TRIPLES triples, each graph replaced when first met and
    added to afterwards; every batch goes to the union graph too (emptied first). So
    memory holds one batch and the graphs' names, whatever the size of the data.
    Triple counts are of the triples sent, a triple repeated within a batch once.
    """
    if protocol not in ("gsp", "update"):
        raise FilmgraphError(f"unknown protocol {protocol!r}: use gsp or update")
    names = graph_names(paths, default_graph)
    if not names:
        raise FilmgraphError("no triples to push")
    report = PushReport()

    import httpx

    def new_client() -> httpx.Client:
        return httpx.Client(auth=_auth(user, password, auth_scheme), timeout=REQUEST_TIMEOUT)

    publisher = _Publisher(new_client, endpoint, protocol)
    try:
        before = publisher.published(CATALOG_GRAPH, query_endpoint)
        publisher.delete(UNION_GRAPH)
        written: set[str] = set()
        batch: dict[str, dict[str, None]] = {}
        size = 0

        def flush() -> None:
            nonlocal batch, size
            if not batch:
                return
            lines = {graph: list(graph_lines) for graph, graph_lines in batch.items()}
            publisher.write(lines, first=set(lines) - written, union=True)
            written.update(lines)
            for graph, graph_lines in lines.items():
                report.graphs[graph] = report.graphs.get(graph, 0) + len(graph_lines)
                if progress:
                    progress(graph, len(graph_lines))
            report.graphs[UNION_GRAPH] = report.graphs.get(UNION_GRAPH, 0) + len(
                set().union(*lines.values()))
            batch, size = {}, 0

        for graph, line in read_lines(paths, default_graph):
            lines = batch.setdefault(graph, {})
            if line not in lines:
                lines[line] = None
                size += 1
                if size >= CHUNK_TRIPLES:
                    flush()
        flush()
        for stale in sorted(before - set(names)):
            publisher.delete(stale)
            report.deleted.append(stale)
        publisher.replace(CATALOG_GRAPH, sorted(f"<{g}> <{T.RDF_TYPE}> <{_PUBLISHED}> ." for g in names))
        publisher.wait()
    except httpx.HTTPError as exc:
        raise RemoteError(f"{endpoint}: {type(exc).__name__}: {exc}") from None
    finally:
        publisher.close()
    return report


def _distinct(batch: dict[str, list[str]]) -> list[str]:
    """A batch's lines, each once, in the order first met: what it adds to the union graph."""
    return list(dict.fromkeys(line for lines in batch.values() for line in lines))


def _parts(items: list[str], count: int) -> list[list[str]]:
    """items cut into at most count runs of about equal length (none empty unless items is)."""
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def _body(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


# -- querying a remote store ------------------------------------------------------------

_FORM_RE = re.compile(r"(?<![\w?$])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w])", re.I)
_SECONDS_RE = re.compile(r"[+-]?\d+(\.\d+)?")


def canonical_duration(lexical: str) -> str:
    """An xsd:duration given as a number of seconds, in canonical ISO 8601 form (as Oxigraph writes it)."""
    if not _SECONDS_RE.fullmatch(lexical):
        return lexical
    try:
        total = Decimal(lexical)
    except InvalidOperation:
        return lexical
    sign, total = ("-" if total < 0 else ""), abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    seconds = seconds.normalize()
    text = f"{sign}P" + (f"{int(days)}D" if days else "")
    time_part = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "") + \
                (f"{seconds:f}S" if seconds else "")
    if time_part:
        text += "T" + time_part
    return text if text not in ("P", "-P") else "PT0S"


def _term(binding: dict[str, Any]) -> Any:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", value) or "b")
    if binding.get("xml:lang"):
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype == T.XSD + "duration":
        value = canonical_duration(value)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint queried over the dataset filmgraph published there."""

    def __init__(self, endpoint: str, client: httpx.Client | None = None, *, user: str | None = None,
                 password: str | None = None, auth_scheme: str = "digest") -> None:
        import httpx

        self.endpoint = endpoint
        self.client = client or httpx.Client(auth=_auth(user, password, auth_scheme), timeout=REQUEST_TIMEOUT)
        self._graphs: list[str] | None = None

    def _post(self, query: str, accept: str, dataset: bool) -> httpx.Response:
        import httpx

        form: list[tuple[str, str]] = [("query", query)]
        if dataset:
            form.append(("default-graph-uri", UNION_GRAPH))
            form.extend(("named-graph-uri", g) for g in self.graphs())
        try:
            response = self.client.post(self.endpoint, content=urlencode(form).encode("ascii"), headers={
                "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        except httpx.HTTPError as exc:
            raise RemoteError(f"{self.endpoint}: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 400:
            raise QueryError(f"{self.endpoint} answered HTTP {response.status_code}: "
                             f"{_opening(response, 300)}")
        return response

    def _results(self, query: str, dataset: bool) -> dict[str, Any]:
        """The SPARQL 1.1 JSON results the endpoint answers; RemoteError when the answer is something else."""
        response = self._post(query, "application/sparql-results+json", dataset)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict) or not ("boolean" in data or isinstance(data.get("results"), dict)):
            raise RemoteError(f"{self.endpoint}: the answer is not SPARQL JSON results ({_described(response)}): "
                              "is this a SPARQL endpoint?")
        return data

    def _rows(self, data: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Variable names and rows of terms from SPARQL 1.1 JSON results."""
        try:
            names = data.get("head", {}).get("vars", [])
            return names, [tuple(_term(b[v]) if v in b else None for v in names) for b in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise RemoteError(f"{self.endpoint}: malformed SPARQL JSON results ({type(exc).__name__}: {exc})") from None

    def select(self, query: str, dataset: bool = False) -> list[tuple[Any, ...]]:
        return self._rows(self._results(query, dataset))[1]

    def graphs(self) -> list[str]:
        """The graphs filmgraph published there (from its catalog graph)."""
        if self._graphs is None:
            rows = self.select(f"SELECT ?g WHERE {{ GRAPH <{CATALOG_GRAPH}> {{ ?g a <{_PUBLISHED}> }} }}")
            self._graphs = sorted(row[0].value for row in rows)
            if not self._graphs:
                raise RemoteError(f"{self.endpoint}: no filmgraph data published there (push some first)")
        return self._graphs

    def run(self, query: str, bindings: dict[str, Any] | None = None, limit: int | None = None,
            inline: bool = False) -> QueryResult:
        """Run a bundled name, .rq path or SPARQL text, with the same refusals and bindings as local queries.

        With ``inline``, ``query`` is SPARQL text and nothing else (as for ``run_query``).
        """
        text = query if inline else resolve_query(query)[1]
        check_query(text, self.graphs)
        text = bind_values(text, typed_bindings(text, bindings))
        form = _FORM_RE.search(code_of(text))
        if form is None:
            raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        if form.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
            body = self._post(text, "application/n-triples", dataset=True).content
            try:
                triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as exc:
                raise RemoteError(f"{self.endpoint}: the store sent triples that do not parse: {exc}") from None
            triples = [ox.Triple(t.subject, t.predicate, _fix_literal(t.object)) for t in triples]
            return QueryResult("graph", triples=triples[:limit] if limit is not None else triples)
        data = self._results(text, dataset=True)
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        if form.group(1).upper() == "ASK":  # Virtuoso answers an ASK with a dataset as one row of __ASK_RETVAL
            values = [v.get("value") for b in data["results"]["bindings"] for v in b.values()]
            return QueryResult("ask", boolean=values[:1] in (["1"], ["true"]))
        names, rows = self._rows(data)
        return QueryResult("select", names, rows[:limit] if limit is not None else rows)

    def triples(self) -> Iterable[ox.Triple]:
        """Every triple of the union graph (for the viewer and exports)."""
        return self.run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples


def _fix_literal(term: Any) -> Any:
    if isinstance(term, ox.Literal) and term.datatype.value == T.XSD + "duration":
        return ox.Literal(canonical_duration(term.value), datatype=term.datatype)
    return term
