"""The ontology is documented, aligned, and declares every fg: term the data uses."""

from __future__ import annotations

import re
import subprocess
import sys

import rdflib
from conftest import ROOT
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from filmgraph import terms as T
from filmgraph.reference import ontology_reference
from filmgraph.resources import ontology_path
from filmgraph.validate import undeclared_terms

FG = rdflib.Namespace(T.FG)
VANN = rdflib.Namespace(T.VANN)


def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("filmgraph.ttl"))


def alignments() -> rdflib.Graph:
    return ontology().parse(ontology_path("alignments.ttl"))


def test_header_metadata():
    g = ontology()
    onto = rdflib.URIRef(T.FG)
    assert (onto, RDF.type, OWL.Ontology) in g
    for prop in (OWL.versionIRI, OWL.versionInfo, OWL.priorVersion, DCTERMS.title, DCTERMS.description,
                 DCTERMS.license, DCTERMS.created, DCTERMS.issued, DCTERMS.modified, DCTERMS.creator,
                 DCTERMS.publisher, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert g.value(onto, prop) is not None, prop
    assert isinstance(g.value(onto, DCTERMS.license), rdflib.URIRef)
    assert str(g.value(onto, VANN.preferredNamespaceUri)) == T.FG


def test_every_term_has_english_label_and_comment():
    g = ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(T.FG)}
    assert len(terms) > 25
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            values = list(g.objects(term, prop))
            assert any(v.language == "en" for v in values), (term, prop)


def test_every_fg_term_used_in_data_is_declared(her_graph, corpus_trig):
    corpus = rdflib.Graph().parse(data=corpus_trig, format="trig")
    dataset = rdflib.Dataset()
    dataset.parse(data=corpus_trig, format="trig")
    for s, p, o, _ in dataset.quads():
        corpus.add((s, p, o))
    assert undeclared_terms(her_graph) == []
    assert undeclared_terms(corpus) == []
    used = {p for p in corpus.predicates() if str(p).startswith(T.FG)}
    assert len(used) >= 15


def test_alignments_from_design():
    g = alignments()
    schema = rdflib.Namespace(T.SCHEMA)
    dbo = rdflib.Namespace(T.DBO)
    wdt = rdflib.Namespace(T.WDT)
    assert (schema.Movie, OWL.equivalentClass, dbo.Film) in g
    assert (FG.theme, RDFS.subPropertyOf, wdt.P921) in g
    assert (FG.budget, RDFS.seeAlso, dbo.budget) in g
    assert (FG.boxOffice, RDFS.seeAlso, dbo.gross) in g
    assert (FG.Theme, RDFS.subClassOf, rdflib.URIRef(T.SKOS + "Concept")) in g
    # No SKOS mapping property on OWL terms: with SKOS's axioms it would make them skos:Concepts.
    skos_mappings = {rdflib.URIRef(T.SKOS + p) for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")}
    owl_terms = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k)}
    owl_terms |= {rdflib.URIRef(T.SCHEMA + n) for n in ("Movie", "director", "actor", "genre")}
    assert not [(s, p) for s, p, _ in g if p in skos_mappings and s in owl_terms]


def test_every_term_is_defined_by_the_ontology_and_has_a_status():
    g = ontology()
    vs = rdflib.Namespace("http://www.w3.org/2003/06/sw-vocab-status/ns#")
    terms = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k)
             if str(s).startswith(T.FG)}
    for term in terms:
        assert g.value(term, RDFS.isDefinedBy) == rdflib.URIRef(T.FG), term
        assert str(g.value(term, vs.term_status)) in ("stable", "testing", "unstable", "archaic"), term
    assert not list(g.objects(None, RDFS.range)) or rdflib.URIRef(T.RDF + "langString") not in set(
        g.objects(None, RDFS.range))  # OWL 2's datatype map has no rdf:langString: SHACL checks the tags


def test_docs_reference_is_what_the_command_writes(corpus_file, tmp_path):
    out = tmp_path / "ontology.md"
    subprocess.run([sys.executable, "-m", "filmgraph.cli", "ontology", "-d", str(corpus_file), "-o", str(out)],
                   check=True, cwd=ROOT)
    assert out.read_bytes() == (ROOT / "docs" / "ontology.md").read_bytes(), \
        "docs/ontology.md is stale: build corpus.trig as it says and run 'filmgraph ontology -d corpus.trig -o ...'"
    text = out.read_text(encoding="utf-8")
    # every term has an example, and each class and property defined is used by the test corpus
    assert text.count("- Example: ") == text.count("\n### ")
    unused = {m.group(1) for m in re.finditer(r"### \w+ `(fg:\w+)`\n\n[^#]*?- Example: not used in the example data", text)}
    # co-occurrence needs films that share two concepts more than chance says: four documents have none
    assert unused <= {"fg:lift", "fg:pmi", "fg:pValue", "fg:support", "fg:supportingFilm", "fg:mayEvoke"}, unused


def test_reference_has_a_section_per_term_and_its_links_resolve():
    g = ontology()
    text = ontology_reference()
    headings = re.findall(r"^### (.+)$", text, re.M)
    classes = {s for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(T.FG)}
    properties = {s for k in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k)
                  if str(s).startswith(T.FG)}
    expected = {f"Class `fg:{str(c)[len(T.FG):]}`" for c in classes}
    expected |= {f"Property `fg:{str(p)[len(T.FG):]}`" for p in properties}
    assert set(headings) == expected and len(headings) == len(expected)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and set(links) <= anchors
    # Each comment is there in full, and alignments to Wikidata and DBpedia are listed.
    for term in classes | properties:
        assert " ".join(str(g.value(term, RDFS.comment)).split()) in text
    assert "`fg:motif`" in text and "`wdt:P6962`" in text and "`dbo:Film`" in text


def test_turtle_format_is_the_ontology_file(invoke):
    result = invoke("ontology", "--format", "turtle")
    assert result.stdout_bytes == ontology_path("filmgraph.ttl").read_bytes()
