"""SHACL shapes pass on real data and fail, with a clear message, on graphs that break them."""

from __future__ import annotations

import pytest
import rdflib
from conftest import HER_TTL, SPARQL_PREFIXES

from filmgraph.validate import load_graph, validate_graph


def test_her_conforms(her_graph):
    report = validate_graph(her_graph)
    assert report.conforms, [str(v) for v in report.violations]
    assert report.violations == []


def test_corpus_conforms(corpus_trig):
    graph = rdflib.Graph().parse(data=corpus_trig, format="trig")
    dataset = rdflib.Dataset()
    dataset.parse(data=corpus_trig, format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    report = validate_graph(union)
    assert report.conforms, [str(v) for v in report.violations]
    assert len(union) > len(graph)


BREAKAGES = {
    "film without title": ("DELETE { ?f schema:name ?n } WHERE { ?f a schema:Movie ; schema:name ?n }",
                           "a film needs exactly one title"),
    "film with two release dates": ('INSERT { ?f schema:datePublished "2014-01-01"^^xsd:date } WHERE { ?f a schema:Movie }',
                                    "the release date must be one xsd:date"),
    "release date as a string": ('DELETE { ?f schema:datePublished ?d } INSERT { ?f schema:datePublished "18 December 2013" } '
                                 "WHERE { ?f schema:datePublished ?d }", "the release date must be one xsd:date"),
    "graph without its build": ("DELETE { ?d prov:wasGeneratedBy ?a } WHERE { ?d prov:wasGeneratedBy ?a }",
                                "a source document's graph records the build"),
    "section rule with a section and a method": (
        'INSERT { ?r fg:ruleMethod "made up" } WHERE { ?r fg:ruleSection "motifs" }',
        "a section rule names either a section or a method"),
    "person without name": ("DELETE { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }",
                            "a person needs exactly one non-empty name"),
    "cast entry without actor": ("DELETE { ?r schema:actor ?p } WHERE { ?r a schema:PerformanceRole ; schema:actor ?p }",
                                 "a cast entry needs exactly one actor"),
    "cast entry without billing order": ("DELETE { ?r fg:billingOrder ?o } WHERE { ?r fg:billingOrder ?o }",
                                         "a cast entry needs one billing order"),
    "motif reading without meaning": ("DELETE { ?r fg:meaning ?m } WHERE { ?r fg:meaning ?m }",
                                      "a motif reading needs exactly one meaning text"),
    "motif reading without motif": ("DELETE { ?r fg:motif ?m } WHERE { ?r fg:motif ?m }",
                                    "a motif reading reads exactly one fg:Motif"),
    "question discussion without text": ("DELETE { ?d fg:discussion ?t } WHERE { ?d fg:discussion ?t }",
                                         "a question discussion needs exactly one discussion text"),
    "question discussion without film": ("DELETE { ?d fg:film ?f } WHERE { ?d a fg:QuestionDiscussion ; fg:film ?f }",
                                         "a question discussion belongs to exactly one film"),
    "source document without hash": ("DELETE { ?d fg:sha256 ?h } WHERE { ?d fg:sha256 ?h }",
                                     "a source document needs exactly one SHA-256"),
    "source document with a bad hash": ('DELETE { ?d fg:sha256 ?h } INSERT { ?d fg:sha256 "xyz" } WHERE { ?d fg:sha256 ?h }',
                                        "a source document needs exactly one SHA-256"),
    "section without document": ("DELETE { ?s dcterms:isPartOf ?d } WHERE { ?s dcterms:isPartOf ?d }",
                                 "a section is part of exactly one source document"),
    "amount without currency": ("DELETE { ?m schema:currency ?c } WHERE { ?m schema:currency ?c }",
                                "an amount needs one ISO 4217 currency code"),
    "rating above nothing": ("DELETE { ?r schema:bestRating ?b } WHERE { ?r schema:bestRating ?b }",
                             "a rating needs its scale"),
    "concept without label": ("DELETE { ?c skos:prefLabel ?l } WHERE { ?c a fg:Theme ; skos:prefLabel ?l }",
                              "a concept needs exactly one preferred label"),
    "undeclared fg term": ('INSERT { ?f fg:madeUpProperty "x" } WHERE { ?f a schema:Movie }',
                           "fg: term not declared in the ontology"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_graph_fails_with_a_clear_message(her_graph, name):
    update, message = BREAKAGES[name]
    graph = rdflib.Graph()
    for triple in her_graph:
        graph.add(triple)
    before = set(graph)
    graph.update(SPARQL_PREFIXES + update)
    assert set(graph) != before, "the breakage changed nothing"
    report = validate_graph(graph)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [str(v) for v in report.violations]


def test_validate_command_reports_violations_in_words(invoke, tmp_path, her_graph):
    graph = rdflib.Graph()
    for triple in her_graph:
        graph.add(triple)
    graph.update(SPARQL_PREFIXES + BREAKAGES["motif reading without meaning"][0])
    bad = tmp_path / "bad.ttl"
    graph.serialize(bad, format="turtle")
    result = invoke("validate", bad)
    assert result.exit_code == 1
    assert "a motif reading needs exactly one meaning text" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in result.stderr


def test_validate_command_accepts_her(invoke):
    result = invoke("validate", "data/her.ttl")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid: data/her.ttl")


def test_validate_command_takes_folders_as_the_other_commands_do(invoke, tmp_path, her_graph):
    folder = tmp_path / "data"
    (folder / "films").mkdir(parents=True)
    (folder / "films" / "her.ttl").write_bytes(HER_TTL.read_bytes())
    (folder / "notes.md").write_text("not RDF, and not read\n")
    result = invoke("validate", folder)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"valid: {folder} ({len(her_graph)} triples conform to the filmgraph shapes)\n"
    (folder / "films" / "broken.nt").write_text("<http://example.org/a> <http://example.org/b> .\n")
    result = invoke("validate", folder)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {folder / 'films' / 'broken.nt'}:1: not valid RDF")


def test_validate_command_rejects_broken_syntax(invoke, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n')
    result = invoke("validate", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}:2: not valid RDF")
    assert result.stderr.endswith("Unexpected end of file\n")  # not followed by "(broken.ttl, line 2)" again


@pytest.mark.parametrize("case", ["missing", "folder", "not utf-8"])
def test_validate_command_names_a_file_it_cannot_read(invoke, tmp_path, case):
    path = {"missing": tmp_path / "gone.ttl", "folder": tmp_path, "not utf-8": tmp_path / "latin1.ttl"}[case]
    if case == "not utf-8":
        path.write_bytes('<http://example.org/a> <http://example.org/b> "caf\xe9" .\n'.encode("latin-1"))
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}")
    assert "os error" not in result.stderr and "Traceback" not in result.stderr


def test_loaded_graph_keeps_plain_strings_plain_and_blank_nodes_apart(tmp_path):
    """Two files may use the same blank node label for different nodes."""
    for name in ("one", "two"):
        (tmp_path / f"{name}.ttl").write_text(f'_:b <http://example.org/p> "{name}" ; '
                                              f'<http://example.org/q> "{name}"@en .\n')
    graph = load_graph([tmp_path / "one.ttl", tmp_path / "two.ttl"])
    assert len(set(graph.subjects())) == 2
    assert rdflib.Literal("one") in set(graph.objects()) and rdflib.Literal("two", lang="en") in set(graph.objects())
    assert all(o.datatype is None for o in graph.objects() if isinstance(o, rdflib.Literal))
