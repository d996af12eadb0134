"""filmgraph stats: counts per class, property and document, and a VoID description."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from conftest import HER_TTL

from filmgraph import terms as T
from filmgraph.stats import dataset_stats
from filmgraph.store import load_store


def test_counts_on_her():
    stats = dataset_stats(load_store([HER_TTL]))
    assert stats.total.triples == 544
    assert stats.total.classes[T.SCHEMA + "Movie"] == 1
    assert stats.total.classes[T.SCHEMA + "PerformanceRole"] == 5
    assert stats.total.classes[T.FG + "MotifReading"] == 3
    assert stats.total.properties[T.FG + "billingOrder"] == 5
    assert stats.graphs == {}


def test_counts_per_document(corpus_file):
    stats = dataset_stats(load_store([corpus_file]))
    orbit = stats.graphs["https://w3id.org/filmgraph/id/document/quiet_orbit"]
    assert orbit.classes[T.FG + "MotifReading"] == 3 and orbit.classes[T.SCHEMA + "Person"] == 5
    assert sum(g.triples for g in stats.graphs.values()) > stats.total.triples  # shared triples count once in total
    assert stats.total.classes[T.SCHEMA + "Person"] == 17


def test_void_description(invoke, corpus_file, corpus_trig):
    result = invoke("stats", corpus_file, "--format", "turtle")
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout_bytes, format="turtle")
    void = rdflib.Namespace(T.VOID)
    dataset = rdflib.URIRef(T.DEFAULT_BASE + "dataset")
    assert (dataset, rdflib.RDF.type, void.Dataset) in graph
    total = int(graph.value(dataset, void.triples))
    assert total == len({(q.subject, q.predicate, q.object) for q in ox.parse(corpus_trig, format=ox.RdfFormat.TRIG)})
    assert len(list(graph.objects(dataset, void.subset))) == 8  # six graphs and two linksets
    movies = [p for p in graph.objects(dataset, void.classPartition)
              if graph.value(p, void["class"]) == rdflib.URIRef(T.SCHEMA + "Movie")]
    assert int(graph.value(movies[0], void.entities)) == 4


def test_table(invoke):
    out = invoke("stats", HER_TTL).stdout
    assert out.startswith("triples: 544\n")
    assert "         5  schema:PerformanceRole" in out


def test_void_says_licence_uri_space_vocabularies_entities_and_linksets(corpus_file):
    from filmgraph.stats import dataset_stats, void_turtle
    from filmgraph.store import load_store

    graph = rdflib.Graph().parse(data=void_turtle(dataset_stats(load_store([corpus_file]))), format="turtle")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/filmgraph/id/dataset")
    assert (dataset, rdflib.DCTERMS.license, rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    assert (dataset, VOID.uriSpace, rdflib.Literal("https://w3id.org/filmgraph/id/")) in graph
    assert rdflib.URIRef("https://schema.org/") in set(graph.objects(dataset, VOID.vocabulary))
    assert int(graph.value(dataset, VOID.entities)) > 100
    linksets = [s for s in graph.objects(dataset, VOID.subset) if (s, rdflib.RDF.type, VOID.Linkset) in graph]
    assert sorted(str(graph.value(s, VOID.objectsTarget)) for s in linksets) == [
        "http://publications.europa.eu/resource/authority/country", "http://www.wikidata.org/"]
