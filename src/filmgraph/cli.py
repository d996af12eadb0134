"""The filmgraph command line: a thin click layer over the library."""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from . import __version__, builder
from . import terms as T
from .bindings import parse_binding, typed_bindings
from .catalog import named_queries, resolve_query
from .errors import FilmgraphError, InputError
from .incremental import build_into
from .kinds import KIND_KEYS
from .links import check_iri
from .mapping import DEFAULT_LICENCE, check_base
from .query import DEFAULT_TIMEOUT
from .rdfio import FORMATS, STREAMED, format_for, write_atomic
from .remote import DEFAULT_GRAPH as DEFAULT_PUSH_GRAPH
from .resources import ontology_path
from .results import RESULT_FORMATS
from .settings import SETTINGS, ServerSettings, Setting
from .stats import stats_table, void_turtle
from .store import load_store, open_store
from .union import UNIONS
from .views import VIEWS
from .vocabulary import dataset_themes, themes_file

if TYPE_CHECKING:  # the modules a command needs are imported by that command: the others start fast
    from . import api
    from .remote import RemoteStore


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one 'error:' line and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except FilmgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            sys.exit(1)

    return wrapper


class Seconds(click.FloatRange):
    """A number of seconds: a finite float in range (click's FloatRange lets nan and inf through)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


def _emit(payload: bytes, output: str | None) -> None:
    """Write to the output file atomically, or to stdout."""
    if output:
        write_atomic(output, payload)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()


def _show_progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def default_jobs() -> int:
    return os.cpu_count() or 1


def _iri_option(value: str) -> str:
    try:
        return check_iri(value, "--license")
    except FilmgraphError as exc:
        raise click.BadParameter(exc.problem if isinstance(exc, InputError) else str(exc)) from None


def _base_option(value: str) -> str:
    try:
        return check_base(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (atomically) instead of stdout."
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)),
    help="RDF format (default: from the output's extension, else turtle)."
)

#: --no-links of the commands that read data; its help is the endpoint setting's.
no_links_option = click.option("--no-links", "no_links", is_flag=True,
                               help=next(s.help for s in SETTINGS if s.name == "no-links"))

endpoint_options = [
    click.option("--endpoint", metavar="URL", help="Work against a SPARQL endpoint where `filmgraph push` published "
                 "the data, instead of local files."),
    click.option("--user", help="User name for the endpoint (HTTP digest authentication unless --auth basic)."),
    click.option("--password", envvar="FILMGRAPH_PASSWORD", help="Password (or set FILMGRAPH_PASSWORD)."),
    click.option("--auth", "auth_scheme", type=click.Choice(["digest", "basic"]), default="digest", show_default=True),
]


def _remote(endpoint: str, user: str | None, password: str | None, auth_scheme: str) -> RemoteStore:
    from .remote import RemoteStore

    return RemoteStore(endpoint, user=user, password=password, auth_scheme=auth_scheme)


required_output_option = click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (atomically).")


def _projection(data: tuple[str, ...], kinds: tuple[str, ...] | None, focus: str | None, depth: int,
                view: str = "concept", no_links: bool = False, endpoint: str | None = None, user: str | None = None,
                password: str | None = None, auth_scheme: str = "digest") -> Any:
    """The graph from DATA files or from an --endpoint in a --view, cut to --kinds, then to --focus."""
    from . import api

    if endpoint and data:
        raise click.UsageError("give DATA files or --endpoint, not both")
    if endpoint and no_links:
        raise click.UsageError("--no-links works on DATA files; an endpoint serves what was pushed to it")
    if endpoint:
        graph = api.connect(endpoint, user=user, password=password, auth=auth_scheme)
    else:
        graph = api.load(_data_paths(data), with_links=not no_links)
    return graph.to_networkx(kinds, focus, depth, view)


def _write_graph(output: str, graph: Any, payload: bytes) -> None:
    write_atomic(output, payload)
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True)


def _kinds_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    kinds = tuple(k.strip() for k in value.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KIND_KEYS]
    if unknown or not kinds:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'} is no kind; kinds are {', '.join(KIND_KEYS)}")
    return kinds


focus_options = [
    click.option("--kinds", metavar="KIND,...", callback=_kinds_option,
                 help="Keep only nodes of these kinds, e.g. film,genre,theme for a whole corpus."),
    click.option("--focus", metavar="NODE", help="Keep only this node (IRI, prefixed name or label) and its neighbourhood."),
    click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
                 help="How many edges away from the --focus node to keep."),
    click.option("--view", type=click.Choice(sorted(VIEWS)), default="concept", show_default=True,
                 help="concept: films, people and concepts, with cast entries, motif readings and discussions "
                 "as edges and ratings and money as facts; rdf: every resource of the data."),
    no_links_option,
]


def _with(options: list[Callable[..., Any]]) -> Callable[..., Any]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command
    return decorate



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="filmgraph")
def cli() -> None:
    """filmgraph: film-analysis documents as a knowledge graph."""


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@output_option
@format_option
@click.option("--base", default=T.DEFAULT_BASE, show_default=True, callback=lambda c, p, v: _base_option(v),
              help="Base IRI of the instances (films, people, concepts).")
@click.option("--skip-bad", is_flag=True, help="Report bad documents and go on without them.")
@click.option("--themes", "themes", multiple=True, type=click.Path(), metavar="FILE",
              help="Known theme names that theme lines are split by: a SKOS concept scheme (RDF) or one theme a line.")
@click.option("--vocabulary", "vocabulary", multiple=True, type=click.Path(), metavar="DATA",
              help="Split theme lines the way an existing filmgraph dataset (RDF files or folders) names its themes.")
@click.option("--license", "licence", default=DEFAULT_LICENCE, show_default=True, metavar="IRI",
              callback=lambda c, p, v: _iri_option(v), help="The licence of the dataset (dcterms:license).")
@click.option("--links", "links", multiple=True, type=click.Path(), metavar="FILE",
              help="A link file (CSV: local IRI or label, external IRI) whose links become owl:sameAs.")
@click.option("--jobs", type=click.IntRange(min=1), default=default_jobs(), show_default="the cores",
              help="Processes that parse the documents (from 64 documents on); the output is the same.")
@click.option("--merge-concepts", "merges", multiple=True, type=click.Path(), metavar="FILE",
              help="A curator's merge file (CSV: the concept to keep, the one to merge into it, by IRI or label, "
              "as the concept-matches query proposes them): the merged name becomes an altLabel of the one kept.")
@click.option("--no-links", "no_links", is_flag=True,
              help="Leave out the graph of links the documents imply (themes a reading evokes, themes that travel "
              "together, similar films, concepts that may be one); the documents' graphs are the same.")
@click.option("--into", "into", type=click.Path(), metavar="DATA",
              help="Add the documents to (or replace them in) a TriG or N-Quads dataset a build wrote, without "
              "mapping its other documents again: the same bytes as a full build of them all with the same "
              "options. Written over DATA (atomically) unless -o is given.")
@_reports_errors
def build(sources: tuple[str, ...], output: str | None, fmt: str | None, base: str, skip_bad: bool,
          themes: tuple[str, ...], vocabulary: tuple[str, ...], licence: str, links: tuple[str, ...],
          jobs: int, merges: tuple[str, ...], no_links: bool, into: str | None) -> None:
    """Build RDF from documents (files or folders of .txt files).

    Example:

    \b
        filmgraph build seeds/her.txt -o data/her.ttl
        filmgraph build new-docs/ --vocabulary corpus.trig -o new.trig
        filmgraph build new-docs/ --into corpus.trig
    """
    given = click.get_current_context().get_parameter_source("base") != click.core.ParameterSource.DEFAULT
    known = [name for file in themes for name in themes_file(file)]
    options = builder.BuildOptions(base=base if given else None, skip_bad=skip_bad,
                                   vocabulary=known + (dataset_themes(list(vocabulary)) if vocabulary else []),
                                   licence=licence, links=links, jobs=jobs, derive=not no_links, merges=merges)
    if into is not None:
        _build_into(into, sources, output, fmt, options)
        return
    fmt = fmt or (format_for(output) if output else "turtle")
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label="Building", file=sys.stderr))
        bars[0].update(1)
        if done == total:
            bars[0].render_finish()

    graph: api.Graph | builder.StreamedBuild
    if fmt in STREAMED or fmt in UNIONS:  # written a graph (or a subject) at a time
        graph = builder.prepare(sources, options, progress if _show_progress() else None, union=fmt in UNIONS)
    else:
        from . import api

        graph = api.build(sources, base=base, skip_bad=skip_bad, themes=options.vocabulary, licence=licence,
                          links=links, jobs=jobs, progress=progress if _show_progress() else None,
                          derive=not no_links, merges=merges)
    for warning in graph.warnings:
        click.echo(f"warning: {warning}", err=True)
    for bad in graph.skipped:
        click.echo(f"skipped: {bad}", err=True)
    if isinstance(graph, builder.StreamedBuild):
        try:
            graph.write(fmt, output, None if output else sys.stdout.buffer)
        finally:
            graph.close()
    else:
        _emit(graph.serialize(fmt), output)
    where = f" -> {output}" if output else ""
    skipped = f", {len(graph.skipped)} skipped" if graph.skipped else ""
    click.echo(f"built {graph.documents} document(s): {graph.triple_count} triples, "
               f"{len(graph.warnings)} warning(s){skipped}{where}", err=True)


def _build_into(into: str, sources: tuple[str, ...], output: str | None, fmt: str | None,
                options: builder.BuildOptions) -> None:
    """build --into: the documents added to DATA (written over it, or to -o), in DATA's format."""
    if fmt and fmt != format_for(into, ""):
        raise click.UsageError(f"--format {fmt}: an incremental build writes the format of DATA ({into})")
    if output and format_for(output, "") != format_for(into, ""):
        raise click.UsageError(f"-o {output}: an incremental build writes the format of DATA ({into})")
    done = build_into(into, sources, output, options=options)
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
    for bad in done.skipped:
        click.echo(f"skipped: {bad}", err=True)
    skipped = f", {len(done.skipped)} skipped" if done.skipped else ""
    skipped += f" ({len(done.dropped)} of them left out of the dataset)" if done.dropped else ""
    again = f", {len(done.remapped)} mapped again" if done.remapped else ""
    click.echo(f"built into {output or into}: {len(done.added)} document(s) added, {len(done.replaced)} replaced"
               f"{again}, {done.kept} kept; {len(done.warnings)} warning(s){skipped}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(), metavar="DATA...")
@_reports_errors
def validate(files: tuple[str, ...]) -> None:
    """Validate RDF files (or folders of them) against the filmgraph SHACL shapes.

    Example:

    \b
        filmgraph validate data/her.ttl
    """
    from . import api

    report = api.load(files).validate()
    for violation in report.violations:
        click.echo(violation, err=not report.conforms)
    if not report.conforms:
        count = sum(1 for v in report.violations if v.severity == "Violation")
        click.echo(f"error: {', '.join(files)}: {count} SHACL violation(s)", err=True)
        sys.exit(1)
    click.echo(f"valid: {', '.join(files)} ({report.triples} triples conform to the filmgraph shapes)")


data_argument = click.argument("data", nargs=-1, type=click.Path())


def _data_paths(data: tuple[str, ...], option: tuple[str, ...] = ()) -> list[str]:
    return [*data, *option] or ["data"]


data_option = click.option("-d", "--data", "data_options", multiple=True, type=click.Path(),
                           help="RDF file or folder (repeatable; the same as giving DATA).")


@cli.command()
@click.argument("query")
@data_argument
@data_option
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="Result format: W3C SPARQL results (csv, tsv, json, xml), a table, or RDF for CONSTRUCT.")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind a variable to an IRI, a literal (\"text\"@en, 42, true) or text; repeatable.")
@click.option("--limit", type=click.IntRange(min=0), help="Return at most N rows or triples.")
@click.option("--timeout", type=Seconds(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop the query after this many seconds (0: no limit).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Keep a persistent Oxigraph store in DIR: loaded once, queried many times.")
@no_links_option
@_with(endpoint_options)
@output_option
@_reports_errors
def query(query: str, data: tuple[str, ...], data_options: tuple[str, ...], fmt: str, binds: tuple[str, ...],
          limit: int | None, timeout: float, store_dir: str | None, no_links: bool, endpoint: str | None,
          user: str | None, password: str | None, auth_scheme: str, output: str | None) -> None:
    """Run SPARQL: a bundled query name, a .rq file, or inline text.

    Example:

    \b
        filmgraph query cast --bind film=https://w3id.org/filmgraph/id/film/her-2013 --format csv
    """
    if endpoint and (data or data_options or store_dir or no_links):
        raise click.UsageError("give DATA (with --store or --no-links), or --endpoint, not both")
    # a wrong name or binding is reported before any data loads
    bindings = typed_bindings(resolve_query(query)[1], dict(parse_binding(b) for b in binds))
    from . import api

    if endpoint:
        graph = api.connect(endpoint, user=user, password=password, auth=auth_scheme)
    else:
        graph = api.load(_data_paths(data, data_options), store=store_dir, with_links=not no_links)
    result = graph.query(query, bindings, timeout=timeout or None, limit=limit)
    _emit(result.serialize(fmt), output)


@cli.command()
@data_argument
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="A short list, or a Markdown reference with each query's SPARQL (and, given DATA, "
              "the answer of its example there).")
@data_option
@output_option
@_reports_errors
def queries(data: tuple[str, ...], fmt: str, data_options: tuple[str, ...], output: str | None) -> None:
    """List the bundled named queries with their questions, parameters and examples.

    Example:

    \b
        filmgraph queries --format markdown -d corpus.trig -o docs/queries.md
    """
    data = (*data, *data_options)
    if fmt == "markdown":
        store = load_store(list(data)) if data else None
        label = " ".join(os.path.basename(d.rstrip("/")) for d in data)
        from .reference import queries_reference

        _emit(queries_reference(store, label).encode("utf-8"), output)
        return
    lines = []
    for item in named_queries().values():
        lines += [f"{item.name}: {item.title}", f"    {item.question}"]
        lines += [f"    param {param}" for param in item.params]
        lines += [f"    example: filmgraph query {item.name}" + "".join(f" --bind {b}" for b in item.examples)]
    _emit(("\n".join(lines) + "\n").encode("utf-8"), output)


@cli.command()
@data_argument
@click.option("--format", "fmt", type=click.Choice(["markdown", "turtle"]), default="markdown", show_default=True,
              help="A readable reference of every class and property (with, given DATA, an example of each "
              "from it), or the ontology itself.")
@data_option
@output_option
@_reports_errors
def ontology(data: tuple[str, ...], fmt: str, data_options: tuple[str, ...], output: str | None) -> None:
    """Print the filmgraph ontology: a Markdown reference, or its Turtle.

    Example:

    \b
        filmgraph ontology -d corpus.trig -o docs/ontology.md
    """
    path = ontology_path("filmgraph.ttl")
    if fmt == "turtle":
        _emit(path.read_bytes(), output)
        return
    data = (*data, *data_options)
    store = load_store(list(data)) if data else None
    label = " ".join(os.path.basename(d.rstrip("/")) for d in data)
    from .reference import ontology_reference

    _emit(ontology_reference(path, store, label).encode("utf-8"), output)


@cli.command()
@data_argument
@click.option("--format", "fmt", type=click.Choice(["table", "turtle"]), default="table", show_default=True,
              help="A readable table, or a VoID description in Turtle.")
@output_option
@_reports_errors
def stats(data: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Count triples by class and property, per source document and in total.

    Example:

    \b
        filmgraph stats data/ --format turtle
    """
    from . import api

    numbers = api.load(_data_paths(data)).stats()
    payload = void_turtle(numbers) if fmt == "turtle" else stats_table(numbers).encode("utf-8")
    _emit(payload, output)


@cli.command()
@data_argument
@required_output_option
@_with(focus_options)
@click.option("--title", help="The page title (default: the film's title, or the number of films).")
@_with(endpoint_options)
@_reports_errors
def viz(data: tuple[str, ...], output: str, kinds: tuple[str, ...] | None, focus: str | None, depth: int,
        view: str, no_links: bool, title: str | None, **remote: Any) -> None:
    """Draw the graph as one self-contained, offline HTML page.

    Example:

    \b
        filmgraph viz data/her.ttl -o her.html --focus "The Color Red" --depth 2
    """
    from . import viewer

    graph = _projection(data, kinds, focus, depth, view, no_links, **remote)
    if graph.number_of_nodes() > viewer.LARGE_GRAPH_NODES:
        click.echo(f"warning: {graph.number_of_nodes():,} nodes: a browser will be slow to open the page; "
                   "draw part of it with --kinds film,genre,theme or --focus NODE --depth N", err=True)
    _write_graph(output, graph, viewer.render_html(graph, title))


@cli.command()
@data_argument
@required_output_option
@_with(focus_options)
@_with(endpoint_options)
@_reports_errors
def export(data: tuple[str, ...], output: str, kinds: tuple[str, ...] | None, focus: str | None, depth: int,
           view: str, no_links: bool, **remote: Any) -> None:
    """Export the graph of resources as GraphML, GEXF (Gephi, Cytoscape) or node-link JSON.

    The format comes from the output's extension: .graphml, .gexf or .json.

    Example:

    \b
        filmgraph export corpus.trig -o films.gexf --kinds film,genre,theme
    """
    from .network import export as export_graph
    from .network import export_format_for

    fmt = export_format_for(output)
    graph = _projection(data, kinds, focus, depth, view, no_links, **remote)
    _write_graph(output, graph, export_graph(graph, fmt))


def _setting_option(setting: Setting) -> Callable[..., Any]:
    """The serve option of an endpoint setting: its name, default and help are the setting's."""
    flag = f"--{setting.name}"
    if setting.kind == "flag":
        return click.option(flag, setting.attribute, is_flag=True, help=setting.help)
    if setting.kind == "origins":
        return click.option(flag, setting.attribute, multiple=True, metavar="ORIGIN", help=setting.help)
    types: dict[str, Any] = {"text": str, "port": click.IntRange(0, 65535), "seconds": Seconds(min=setting.minimum),
                             "count": click.IntRange(min=int(setting.minimum or 0))}
    return click.option(flag, setting.attribute, type=types[setting.kind], default=setting.default,
                        show_default=setting.shown_default or True, help=setting.help)


@cli.command()
@data_argument
@_with([_setting_option(s) for s in SETTINGS])
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Load the data into a persistent store in DIR once; workers share it.")
@_reports_errors
def serve(data: tuple[str, ...], store_dir: str | None, **values: Any) -> None:
    """Serve a read-only SPARQL 1.1 endpoint, a query page and the graph viewer.

    Example:

    \b
        filmgraph serve data/ --port 8000      # then open http://127.0.0.1:8000/
    """
    settings = ServerSettings(**values)
    from .server import is_loopback
    from .server import serve as serve_endpoint

    if not is_loopback(settings.host) and not settings.public:
        raise click.UsageError(f"--host {settings.host} listens beyond this machine; add --public if that is meant")
    paths = _data_paths(data)
    store = load_store(paths, store_dir, links=not settings.no_links)
    if store_dir:  # the writable store closed before any process opens it read-only
        del store
        store = open_store(store_dir)

    def announce(url: str) -> None:
        click.echo(f"serving {', '.join(paths)} at {url} (SPARQL at {url}sparql, viewer at {url}viewer); "
                   "Ctrl-C stops", err=True)

    serve_endpoint(store, settings, store_dir, announce)


@cli.command()
@data_argument
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL (default protocol), or SPARQL Update URL with --protocol update.")
@click.option("--graph", "default_graph", default=DEFAULT_PUSH_GRAPH, show_default=True, metavar="IRI",
              help="Graph for triples the data holds outside any named graph (a Turtle file's).")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL 1.1 Update.")
@click.option("--query-endpoint", metavar="URL", help="With --protocol update: where to read the catalog of "
              "graphs an earlier push published (default: the --endpoint URL).")
@click.option("--user", help="User name (HTTP digest authentication unless --auth basic).")
@click.option("--password", envvar="FILMGRAPH_PASSWORD", help="Password (or set FILMGRAPH_PASSWORD).")
@click.option("--auth", "auth_scheme", type=click.Choice(["digest", "basic"]), default="digest", show_default=True)
@_reports_errors
def push(data: tuple[str, ...], endpoint: str, default_graph: str, protocol: str, query_endpoint: str | None,
         user: str | None, password: str | None, auth_scheme: str) -> None:
    """Publish the data to a triple store: each graph replaced, never duplicated.

    The store ends up mirroring the data: every graph is replaced, a union graph holds
    their merge (the default graph `query --endpoint` uses), and graphs an earlier push
    published that the data no longer has are deleted.

    Example:

    \b
        filmgraph push data/ --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba
    """
    from .remote import push as push_graphs

    report = push_graphs(_data_paths(data), endpoint, default_graph=default_graph, protocol=protocol, user=user,
                         password=password, auth_scheme=auth_scheme,
                         query_endpoint=query_endpoint or (endpoint if protocol == "update" else None))
    for graph in report.deleted:
        click.echo(f"deleted <{graph}> (no longer in the data)", err=True)
    click.echo(f"pushed {report.triples} triples in {len(report.graphs) - 1} graphs and their union to {endpoint}",
               err=True)


def _help(command: click.Command, name: str) -> str:
    """A command's --help as a terminal 100 columns wide shows it."""
    settings = {"terminal_width": 100, "max_content_width": 100, **(cli.context_settings or {})}
    root = click.Context(cli, info_name="filmgraph", **settings)
    context = root if command is cli else click.Context(command, info_name=name.split()[-1], parent=root, **settings)
    return command.get_help(context)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="A list of the commands, or a Markdown reference of every command's help.")
@output_option
@_reports_errors
def commands(fmt: str, output: str | None) -> None:
    """List the commands, or write the command-line reference (docs/cli.md).

    Example:

    \b
        filmgraph commands --format markdown -o docs/cli.md
    """
    names = sorted(cli.commands)
    if fmt == "text":
        lines = [f"{name:10} {cli.commands[name].get_short_help_str(80)}" for name in names]
        _emit(("\n".join(lines) + "\n").encode("utf-8"), output)
        return
    out = ["# Command-line reference", "",
           "Every command's `--help`, as `filmgraph commands --format markdown` writes it (a test keeps it current).",
           "", "```", _help(cli, "filmgraph").rstrip(), "```", ""]
    for name in names:
        out += [f"## filmgraph {name}", "", "```", _help(cli.commands[name], f"filmgraph {name}").rstrip(), "```", ""]
    _emit("\n".join(out).encode("utf-8"), output)


def main() -> None:
    cli(prog_name="filmgraph")


if __name__ == "__main__":
    main()
