"""A read-only SPARQL 1.1 endpoint over filmgraph data (uvicorn; pages by Starlette).

``/sparql`` speaks the SPARQL 1.1 Protocol (GET, POST urlencoded, POST direct) with
content negotiation, and describes itself (SPARQL 1.1 Service Description) when
asked without a query. A request may bind variables of its query with parameters
``$NAME=VALUE`` (RDF4J's protocol names them so): the value is read as ``filmgraph query
--bind`` reads it and added as a VALUES block of typed terms, never pasted into the
query. ``/`` is an offline page with a query editor and the bundled queries;
``/viewer`` is the HTML graph viewer. Everything ``filmgraph query`` refuses is
refused here too.

``/sparql`` is a plain ASGI callable (no framework between uvicorn and the query); the
pages are Starlette routes. Worker processes forked from the loaded data each answer
HTTP and run queries in threads (see workers): a query past the time limit ends its
process, and a fresh one takes its place.
"""

from __future__ import annotations

import binascii
import html
import ipaddress
import re
import socket
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import terms as T
from .bindings import bind_values, parse_binding, typed_bindings
from .catalog import named_queries
from .errors import FilmgraphError, QueryError
from .formats import choose_media
from .network import project_store
from .ntriples import integer, iri
from .pages import POLICY as PAGE_POLICY
from .pages import as_quads, describe
from .pages import page as resource_page
from .rdfio import serialize as serialize_rdf
from .safety import with_dataset
from .settings import ServerSettings, described
from .stats import dataset_stats, void_quads
from .store import QueryStore, open_store
from .viewer import csp_hash, render_html, script_json
from .workers import GRAPH_MEDIA, RESULT_MEDIA, QueryRunner, WorkersBusy, WorkerTimeout, end_soon, supervise

#: The header that says a response was cut at the row limit (readable by CORS clients).
TRUNCATED_HEADER = "X-Filmgraph-Truncated"
_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_RAW_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=_SECURITY_HEADERS)


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (by q, then as written); q=0 dropped."""
    ranked = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


class _Request:
    """What the /sparql route reads of an ASGI request: method, query string, headers, body."""

    __slots__ = ("method", "query", "headers", "receive")

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self.method: str = scope["method"]
        self.query: str = scope["query_string"].decode("latin-1")
        self.headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            self.headers.setdefault(name.decode("latin-1"), value.decode("latin-1"))
        self.receive = receive


async def _body(request: _Request, limit: int, query_limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes."""
    too_big = BadRequest(413, f"the request is over the limit of {query_limit} bytes for a query")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise too_big
    chunks, size = [], 0
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            raise BadRequest(400, "the client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def form_pairs(raw: str, strict: bool) -> list[tuple[str, str]]:
    """``parse_qsl(raw, keep_blank_values=True, strict_parsing=strict, errors="strict")``, with the
    %XX escapes of an ASCII string decoded by binascii in C (urllib decodes each one in Python,
    and a query of a kilobyte has hundreds: about 0.1 ms a request)."""
    if not raw or not raw.isascii() or _BAD_ESCAPE.search(raw):
        return parse_qsl(raw, keep_blank_values=True, strict_parsing=strict, errors="strict")
    pairs = []
    for field in raw.split("&"):
        name, equals, value = field.partition("=")
        if not equals and (strict or field):
            if strict:
                raise ValueError(f"bad query field: {field!r}")
        elif not field:
            continue
        pairs.append((_unescape(name), _unescape(value)))
    return pairs


def _unescape(text: str) -> str:
    """A well-formed, ASCII form field decoded: + is a space, %XX a byte, the bytes UTF-8."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    # quoted-printable's =XX is %XX: a literal = is written =3D first, and binascii does the rest
    return binascii.a2b_qp(text.replace("=", "=3D").replace("%", "=")).decode("utf-8")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the request is not valid UTF-8") from None


def _one_query(pairs: Sequence[tuple[str, str]]) -> str | None:
    names = [name for name, _ in pairs]
    if "update" in names:
        raise BadRequest(403, "updates are refused: this endpoint is read-only")
    queries = [value for name, value in pairs if name == "query"]
    if len(queries) > 1:
        raise BadRequest(400, "give one query parameter, not several")
    return queries[0] if queries else None


def _dataset(query: str, pairs: Sequence[tuple[str, str]]) -> str:
    """The query with the protocol's default-graph-uri and named-graph-uri as its dataset."""
    defaults = [value for name, value in pairs if name == "default-graph-uri"]
    named = [value for name, value in pairs if name == "named-graph-uri"]
    if not defaults and not named:
        return query
    try:
        return with_dataset(query, defaults, named)
    except QueryError as exc:
        raise BadRequest(400, str(exc)) from None


def _bound(query: str, pairs: Sequence[tuple[str, str]]) -> str:
    """The query with the request's ``$NAME=VALUE`` parameters bound (a VALUES block of typed terms).

    VALUE is read as ``filmgraph query --bind`` reads it (<iri>, an absolute IRI, a Turtle
    literal, a number, true/false, or text); an empty VALUE leaves the variable unbound, as
    an empty form field. A name the query does not use is refused, as is a name given twice.
    """
    given: dict[str, str] = {}
    for name, value in pairs:
        if not name.startswith("$"):
            continue
        var = name[1:]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise BadRequest(400, f"not a variable name to bind: {name[:100]!r}")
        if var in given:
            raise BadRequest(400, f"give one value for ${var}, not several")
        given[var] = value
    wanted = {var: value for var, value in given.items() if value != ""}
    if not wanted:
        return query
    try:
        terms = typed_bindings(query, {var: parse_binding(f"{var}={value}")[1] for var, value in wanted.items()})
        return bind_values(query, terms)
    except QueryError as exc:
        raise BadRequest(400, str(exc).replace("--bind ", "$", 1)) from None


async def _query_from(request: _Request, limit: int) -> str | None:
    """The query text of a protocol request, or None when there is none (a GET for the description)."""
    if request.method in ("GET", "HEAD"):
        raw = request.query
        if len(raw.encode("utf-8")) > 3 * limit:
            raise BadRequest(414, f"the request is over the limit of {limit} bytes for a query")
        try:
            pairs = form_pairs(raw, strict=bool(raw))
        except (ValueError, UnicodeDecodeError):
            raise BadRequest(400, "the query string is malformed") from None
        query = _one_query(pairs)
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request, limit * 3 if media == "application/x-www-form-urlencoded" else limit, limit)
        if media == "application/x-www-form-urlencoded":
            try:
                pairs = form_pairs(_decode(body), strict=bool(body))
            except (ValueError, UnicodeDecodeError):
                raise BadRequest(400, "the form body is malformed") from None
            pairs = [*parse_qsl(request.query, keep_blank_values=True), *pairs]
            query = _one_query(pairs)
            if query is None:
                raise BadRequest(400, "the form has no query parameter")
        elif media == "application/sparql-query":
            pairs = parse_qsl(request.query, keep_blank_values=True)
            _one_query(pairs)
            query = _decode(body)
        elif media == "application/sparql-update":
            raise BadRequest(403, "updates are refused: this endpoint is read-only")
        else:
            raise BadRequest(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
    if query is not None:
        if len(query.encode("utf-8")) > limit:
            raise BadRequest(413, f"the request is over the limit of {limit} bytes for a query")
        if not query.strip():
            raise BadRequest(400, "the query is empty")
        query = _dataset(_bound(query, pairs), pairs)
    return query


def service_description(endpoint: str, store: QueryStore, triples: int) -> list[tuple[str, str, str, str]]:
    """SPARQL 1.1 Service Description of the endpoint, as quads of N-Triples terms."""
    quads = []

    def add(s: str, p: str, o: str) -> None:
        quads.append((iri(s), iri(p), o, ""))

    add(endpoint, T.RDF_TYPE, iri(T.SD + "Service"))
    add(endpoint, T.SD + "endpoint", iri(endpoint))
    add(endpoint, T.SD + "supportedLanguage", iri(T.SD + "SPARQL11Query"))
    add(endpoint, T.SD + "feature", iri(T.SD + "UnionDefaultGraph"))
    for fmt in (*RESULT_MEDIA.values(), *GRAPH_MEDIA.values()):
        add(endpoint, T.SD + "resultFormat", iri(fmt.w3c))
    dataset, default = f"{endpoint}#dataset", f"{endpoint}#default-graph"
    add(endpoint, T.SD + "defaultDataset", iri(dataset))
    add(dataset, T.RDF_TYPE, iri(T.SD + "Dataset"))
    add(dataset, T.SD + "defaultGraph", iri(default))
    add(default, T.RDF_TYPE, iri(T.SD + "Graph"))
    add(default, T.VOID + "triples", integer(triples))
    graphs = sorted(g.value for g in store.named_graphs() if hasattr(g, "value") and not g.value.startswith("_:"))
    for i, graph in enumerate(graphs, 1):
        node = f"{endpoint}#graph-{i}"
        add(dataset, T.SD + "namedGraph", iri(node))
        add(node, T.RDF_TYPE, iri(T.SD + "NamedGraph"))
        add(node, T.SD + "name", iri(graph))
    return quads


def home_page(settings: Any) -> bytes:
    """The query page: an editor, the bundled queries with a field per parameter, results as a
    sortable table with links to the resources' pages, downloads, and the view in the URL."""
    script = resources.files("filmgraph").joinpath("endpoint.js").read_text(encoding="utf-8")
    style = resources.files("filmgraph").joinpath("endpoint.css").read_text(encoding="utf-8")
    queries = [{"name": q.name, "title": q.title, "question": q.question, "params": list(q.params),
                "examples": list(q.examples), "text": q.text}
               for q in named_queries().values()]
    config = {"idBase": settings.id_base, "maxRows": settings.max_rows}
    # connect-src 'self': the page's own queries; nothing else loads or runs (downloads are
    # blob: URLs the page makes, which a download link may open under this policy)
    policy = (f"default-src 'none'; script-src '{csp_hash(script)}'; style-src 'unsafe-inline'; "
              "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")
    rows = "".join(f"<tr><td><code>{html.escape(o)}</code></td><td>{html.escape(v)}</td><td>{html.escape(h)}</td></tr>"
                   for o, v, h in described(settings))
    limits = (f"Each query may run {settings.timeout:g} s and return {settings.max_rows:,} rows; "
              "updates, SERVICE, LOAD and FROM outside the data are refused.")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<title>filmgraph SPARQL endpoint</title>
<style>
{style}</style>
</head>
<body>
<header><h1>filmgraph SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (its service description: <code>GET /sparql</code>);
<code>$NAME=VALUE</code> parameters bind a query's variables.
The graph viewer is at <a href="viewer">/viewer</a>. {html.escape(limits)}</p></header>
<main>
<section id="bundled" aria-labelledby="bundled-heading"><h2 id="bundled-heading">Bundled queries</h2>
<ul id="queries"></ul></section>
<section id="editor" aria-labelledby="editor-heading"><h2 id="editor-heading">Query</h2>
<label for="query">SPARQL</label>
<textarea id="query" rows="16" spellcheck="false"></textarea>
<fieldset id="params" hidden><legend>Parameters of <span id="params-name"></span></legend>
<p class="hint">Leave a field empty to leave its variable unbound. Values are sent as
<code>$NAME=VALUE</code> and bound as RDF terms: an IRI, a literal in Turtle syntax, a number, or text.
A field is off while the query in the editor does not use its variable.</p>
<div id="fields"></div></fieldset>
<p class="actions"><button type="button" id="run">Run</button>
<span id="downloads" hidden></span>
<span id="status" role="status"></span></p>
<p id="truncated" role="note" hidden></p>
<div id="result"></div>
</section>
<section id="settings" aria-labelledby="settings-heading"><h2 id="settings-heading">Settings</h2>
<div class="scroll" role="region" aria-label="Table of settings" tabindex="0">
<table><thead><tr><th scope="col">Option</th><th scope="col">Value</th><th scope="col">What it does</th></tr></thead>
<tbody>{rows}</tbody></table></div></section>
</main>
<script type="application/json" id="filmgraph-queries">{script_json(queries)}</script>
<script type="application/json" id="filmgraph-config">{script_json(config)}</script>
<script>{script}</script>
</body>
</html>
""".encode()


def create_app(store: QueryStore, settings: Any = None, public_url: str | None = None,
               retire: Callable[[], None] = lambda: None, triples: int | None = None) -> ASGIApp:
    """The endpoint over ``store``, as an ASGI application.

    ``public_url`` is where clients reach it (the --base-url setting, else the address it
    listens on): the service description names it, and queries are parsed with its
    /sparql as base IRI. Without one, the URL of each request stands in. ``retire`` is
    called when a query runs past the time limit: its thread cannot be stopped, so the
    process that runs it must end (see workers.supervise). ``triples`` is the size of the
    default graph (counted here when not given; serve counts it once, before it forks).

    The dump (/dump.nq), the viewer and the dataset's statistics are made on first request,
    in each worker process that is asked for them.
    """
    settings = settings or ServerSettings()
    public_url = settings.base_url or public_url
    runner = QueryRunner(store, settings.timeout, settings.queue_timeout, retire)
    if triples is None:
        triples = len(store.merged)
    page = home_page(settings)
    cache: dict[str, bytes] = {}
    numbers: dict[str, Any] = {}
    fixed_endpoint = f"{public_url.rstrip('/')}/sparql" if public_url else None

    async def home(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS)

    async def viewer(request: Request) -> Response:
        if "viewer" not in cache:
            cache["viewer"] = render_html(project_store(store))
        return Response(cache["viewer"], media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS)

    def description(endpoint: str, accept: list[str]) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
        chosen = choose_media(accept or ["text/turtle"], GRAPH_MEDIA)
        if chosen is None:
            offered = ", ".join(f.media_type for f in GRAPH_MEDIA.values())
            return _plain(406, f"the service description can be sent as {offered}")
        if "stats" not in numbers:
            numbers["stats"] = dataset_stats(store, per_graph=False)
        dump = f"{endpoint.rsplit('/sparql', 1)[0]}/dump.nq"
        void = void_quads(numbers["stats"], settings.id_base + "dataset", endpoint, dump)
        body = serialize_rdf([*service_description(endpoint, store, triples), *void], chosen.name)
        return 200, chosen.media_type, body, []

    async def sparql(request: _Request, endpoint: str) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
        """The reply to a SPARQL 1.1 Protocol request: status, media type, body, extra headers."""
        try:
            query = await _query_from(request, settings.max_query_bytes)
        except BadRequest as exc:
            return _plain(exc.status, str(exc))
        accept = _accepted(request.headers)
        if accept is None:
            return _plain(406, _NOTHING_ACCEPTED)
        if query is None:
            return description(endpoint, accept)
        try:
            reply = await runner.run(query, accept, settings.max_rows, endpoint)
        except WorkerTimeout:
            return _closing(_plain(503, f"query stopped after the time limit of {settings.timeout:g} s"))
        except WorkersBusy:
            busy = _plain(503, "the endpoint is busy; try again")
            return _closing(busy) if runner.retiring else busy
        extra = [(TRUNCATED_HEADER.lower().encode(), f"results cut at {settings.max_rows} rows".encode())] \
            if reply.truncated else []
        return reply.status, reply.media_type, reply.body, extra

    async def protocol(scope: Scope, receive: Receive, send: Send) -> None:
        """/sparql as a plain ASGI callable: the request read, the query run, one reply sent."""
        if scope["method"] not in ("GET", "HEAD", "POST"):
            status, media, body, extra = _plain(405, "Method Not Allowed")
            extra = [(b"allow", b"GET, HEAD, POST")]
        else:
            endpoint = fixed_endpoint or _request_url(scope)
            status, media, body, extra = await sparql(_Request(scope, receive), endpoint)
        headers = [(b"content-type", _content_type(media).encode()), (b"content-length", str(len(body)).encode()),
                   *_RAW_SECURITY_HEADERS, *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def dump(request: Request) -> Response:
        """The whole dataset, one named graph per document, as N-Quads (the VoID data dump)."""
        if "dump" not in cache:
            quads = [(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                     for q in store.graphs.quads_for_pattern(None, None, None)
                     if not isinstance(q.graph_name, ox.DefaultGraph)]
            cache["dump"] = serialize_rdf(quads or [(str(q.subject), str(q.predicate), str(q.object), "")
                                                    for q in store.merged], "nquads")
        return Response(cache["dump"], media_type="application/n-quads", headers=_SECURITY_HEADERS)

    async def resource(request: Request) -> Response:
        iri = settings.id_base + request.path_params["rest"]
        description = describe(store, iri)
        if description is None:
            return _text(404, f"nothing is known about <{iri[:300]}>")
        accept = _accepted(request.headers)
        if accept is None:
            return _text(406, _NOTHING_ACCEPTED)
        accept = accept or ["*/*"]
        headers = {**_SECURITY_HEADERS, "Vary": "Accept"}
        wants_html = next((m for m in accept if m in ("text/html", "application/xhtml+xml")), None)
        chosen = choose_media(accept, GRAPH_MEDIA)
        if wants_html and (chosen is None or accept.index(wants_html) <= accept.index(_asked(accept, chosen))):
            headers["Content-Security-Policy"] = PAGE_POLICY
            return Response(resource_page(store.merged, iri, description, settings.id_base),
                            media_type="text/html; charset=utf-8", headers=headers)
        if chosen is None:
            offered = ", ".join(["text/html", *(f.media_type for f in GRAPH_MEDIA.values())])
            return _text(406, f"<{iri}> can be sent as {offered}")
        try:
            body = serialize_rdf(as_quads(description), chosen.name, settings.id_base)
        except FilmgraphError as exc:
            return _text(406, str(exc))
        return Response(body, media_type=_content_type(chosen.media_type), headers=headers)

    pages = Starlette(routes=[
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/viewer", viewer, methods=["GET", "HEAD"]),
        Route("/id/{rest:path}", resource, methods=["GET", "HEAD"]),
        Route("/dump.nq", dump, methods=["GET", "HEAD"]),
    ])

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        # /sparql/ answers as /sparql, without a redirect: a POST client would lose its body
        if scope["type"] == "http" and scope["path"] in ("/sparql", "/sparql/"):
            await protocol(scope, receive, send)
        else:
            await pages(scope, receive, send)

    if settings.cors_origin:
        return CORSMiddleware(app, allow_origins=list(settings.cors_origin), allow_methods=["GET", "HEAD", "POST"],
                              allow_headers=["Accept", "Content-Type"], expose_headers=[TRUNCATED_HEADER])
    return app


_NOTHING_ACCEPTED = "the Accept header takes none of the formats this endpoint sends"


def _accepted(headers: Mapping[str, str]) -> list[str] | None:
    """A request's Accept list, best first ([] when it has none); None when every type it names has q=0."""
    header = headers.get("accept", "")
    accept = parse_accept(header)
    return None if header.strip() and not accept else accept


def _asked(accept: list[str], chosen: Any) -> str:
    """The entry of the Accept list that chose a format."""
    major = chosen.media_type.split("/")[0]
    return next(m for m in accept if m in chosen.asked_by or m == "*/*" or m == f"{major}/*")


def _closing(reply: tuple[int, str, bytes, list[tuple[bytes, bytes]]]) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
    """A reply from a process that retires, with Connection: close: the client's next request goes to another."""
    return reply[0], reply[1], reply[2], [*reply[3], (b"connection", b"close")]


def _plain(status: int, message: str) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
    return status, "text/plain", (message.rstrip("\n") + "\n").encode(), []


def _request_url(scope: Scope) -> str:
    """The URL a request was sent to, without its query string."""
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    if host is None:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}{scope['path']}"


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else media


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or FilmgraphError saying why there is none."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, and TCP_NODELAY set (accepted sockets inherit it): asyncio switches Nagle's
    # algorithm off only for sockets whose protocol says TCP, and with it on, a response written as
    # headers then body waited 40 ms for the client's delayed ACK (22 requests/s on one connection).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise FilmgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def serve(store: QueryStore, settings: Any, store_dir: str | None = None,
          announce: Callable[[str], None] | None = None) -> None:
    """Run the endpoint until interrupted; ``announce`` gets its base URL once it listens.

    ``settings.workers`` processes forked from this one answer on the listening socket,
    sharing the data loaded here (with ``store_dir``, each opens the store read-only).
    """
    import uvicorn

    sock = listen(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    if announce:
        announce(url)
    if not store_dir:
        store.graphs  # noqa: B018 -- loaded once, before the fork, and shared by every worker process
    triples = len(store.merged)  # once, not in each process forked (a walk of the data at 10,000 films)

    def worker(retire: Callable[[], None]) -> None:
        server: uvicorn.Server | None = None

        def stop_taking_requests() -> None:
            # a query ran past the time limit: a fresh process takes this one's place at once; this
            # one answers what it holds (its other queries get RETIRING_GRACE) and ends, the runaway
            # query's thread with it, RETIRING_END seconds from now at the latest
            retire()
            end_soon()
            if server is not None:
                for listening in server.servers:  # now: uvicorn would close them at its next tick (0.1 s)
                    listening.close()
                server.should_exit = True

        app = create_app(open_store(store_dir) if store_dir else store, settings, url, stop_taking_requests, triples)
        # proxy_headers off: nothing here reads the client's address, so X-Forwarded-For need not be parsed
        config = uvicorn.Config(app, loop="uvloop", http="httptools", lifespan="off", log_level="warning",
                                access_log=False, server_header=False, proxy_headers=False,
                                timeout_graceful_shutdown=5)
        server = uvicorn.Server(config)
        server.run(sockets=[sock])

    supervise(settings.workers, worker)
