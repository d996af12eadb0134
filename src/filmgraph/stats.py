"""Dataset statistics: counts by class and property, per document and in total, and VoID."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from . import terms as T
from .ntriples import integer, iri, literal
from .rdfio import serialize
from .store import QueryStore
from .terms import curie


@dataclass
class Counts:
    triples: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)


@dataclass
class DatasetStats:
    total: Counts
    graphs: dict[str, Counts]
    #: Resources named by an IRI that something is said about (void:entities).
    entities: int = 0
    #: What the data says of its void:Dataset and void:Linkset nodes (licence, URI space, links).
    described: list[tuple[str, str, str]] = field(default_factory=list)


def _pairs(store: QueryStore, query: str) -> dict[str, int]:
    return {row[0].value: int(row[1].value) for row in store.query(query)}


def _counts(store: QueryStore, graph: str | None) -> Counts:
    wrap = (lambda p: f"GRAPH <{graph}> {{ {p} }}") if graph else (lambda p: p)
    triples = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) {{ {wrap('?s ?p ?o')} }}")))[0].value)
    classes = _pairs(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) {{ {wrap('?s a ?c')} }} GROUP BY ?c")
    properties = _pairs(store, f"SELECT ?p (COUNT(*) AS ?n) {{ {wrap('?s ?p ?o')} }} GROUP BY ?p")
    return Counts(triples, dict(sorted(classes.items())), dict(sorted(properties.items())))


def dataset_stats(store: QueryStore, per_graph: bool = True) -> DatasetStats:
    """Counts for the merged default graph and (per_graph) for each named graph (source document)."""
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)) if per_graph else []
    entities = int(next(iter(store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o FILTER(isIRI(?s)) }")))[0].value)
    described = sorted({(str(r[0]), str(r[1]), str(r[2])) for r in store.query(
        f"SELECT ?s ?p ?o {{ VALUES ?c {{ <{T.VOID}Dataset> <{T.VOID}Linkset> }} ?s a ?c ; ?p ?o }}")})
    return DatasetStats(_counts(store, None), {g: _counts(store, g) for g in graphs}, entities, described)


def stats_table(stats: DatasetStats) -> str:
    lines = [f"triples: {stats.total.triples}", "", "by class (distinct instances):"]
    lines += [f"  {n:>8}  {curie(c)}" for c, n in sorted(stats.total.classes.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", "by property (triples):"]
    lines += [f"  {n:>8}  {curie(p)}" for p, n in sorted(stats.total.properties.items(), key=lambda kv: (-kv[1], kv[0]))]
    if stats.graphs:
        lines += ["", "by source document (named graph):"]
        for graph, counts in stats.graphs.items():
            lines.append(f"  {graph}: {counts.triples} triples")
            lines.append("    classes: " + ", ".join(f"{curie(c)} {n}" for c, n in counts.classes.items()))
            lines.append("    properties: " + ", ".join(f"{curie(p)} {n}" for p, n in counts.properties.items()))
    return "\n".join(lines) + "\n"


def void_turtle(stats: DatasetStats, dataset: str = T.DEFAULT_BASE + "dataset", endpoint: str | None = None,
                dump: str | None = None) -> bytes:
    """A VoID description of the data: what the data says of itself (licence, URI space,
    vocabularies, a linkset per target dataset), sizes, class and property partitions,
    one subset per document; and, when served, its SPARQL endpoint and dump."""
    return serialize(void_quads(stats, dataset, endpoint, dump), "turtle")


def void_quads(stats: DatasetStats, dataset: str = T.DEFAULT_BASE + "dataset", endpoint: str | None = None,
               dump: str | None = None) -> list[tuple[str, str, str, str]]:
    quads = [(s, p, o, "") for s, p, o in stats.described]

    def add(s: str, p: str, o: str) -> None:
        quads.append((iri(s), iri(p), o, ""))

    def describe(node: str, counts: Counts) -> None:
        add(node, T.RDF_TYPE, iri(T.VOID + "Dataset"))
        add(node, T.VOID + "triples", integer(counts.triples))
        add(node, T.VOID + "classes", integer(len(counts.classes)))
        add(node, T.VOID + "properties", integer(len(counts.properties)))

    describe(dataset, stats.total)
    add(dataset, T.VOID + "entities", integer(stats.entities))
    if not any(s == iri(dataset) and p == iri(T.DCTERMS + "title") for s, p, _ in stats.described):
        add(dataset, T.DCTERMS + "title", literal("filmgraph dataset"))
    if endpoint:
        add(dataset, T.VOID + "sparqlEndpoint", iri(endpoint))
    if dump:
        add(dataset, T.VOID + "dataDump", iri(dump))
    for i, (cls, n) in enumerate(stats.total.classes.items(), 1):
        part = f"{dataset}/class/{i:03d}"
        add(dataset, T.VOID + "classPartition", iri(part))
        add(part, T.VOID + "class", iri(cls))
        add(part, T.VOID + "entities", integer(n))
    for i, (prop, n) in enumerate(stats.total.properties.items(), 1):
        part = f"{dataset}/property/{i:03d}"
        add(dataset, T.VOID + "propertyPartition", iri(part))
        add(part, T.VOID + "property", iri(prop))
        add(part, T.VOID + "triples", integer(n))
    for i, (graph, counts) in enumerate(stats.graphs.items(), 1):
        subset = f"{dataset}/graph/{i:03d}"
        add(dataset, T.VOID + "subset", iri(subset))
        describe(subset, counts)
        add(subset, T.SD + "name", iri(graph))
    return quads
