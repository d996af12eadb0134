"""Ask HermiT and Openllet (through the OWL API, in a JVM of this process) whether RDF files
are consistent together, and which classes are unsatisfiable; prints JSON.

    python tests/reason.py JAR_FOLDER FILE...

Run as its own process by tests/test_reasoners.py, so that the JVM stays out of the test
process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jpype
import jpype.imports  # noqa: F401 -- lets Java packages be imported

folder, files = Path(sys.argv[1]), sys.argv[2:]
jpype.startJVM(classpath=[str(p) for p in sorted(folder.glob("*.jar"))], convertStrings=True)

from java.io import File  # noqa: E402
from openllet.owlapi import OpenlletReasonerFactory  # noqa: E402
from org.semanticweb.HermiT import ReasonerFactory  # noqa: E402
from org.semanticweb.owlapi.apibinding import OWLManager  # noqa: E402

manager = OWLManager.createOWLOntologyManager()
ontology = manager.createOntology()
for file in files:
    manager.addAxioms(ontology, manager.loadOntologyFromOntologyDocument(File(file)).axioms())
answers = {}
for name, factory in (("HermiT", ReasonerFactory()), ("Openllet", OpenlletReasonerFactory.getInstance())):
    reasoner = factory.createReasoner(ontology)
    consistent = bool(reasoner.isConsistent())
    unsatisfiable = sorted(str(c) for c in reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) \
        if consistent else []
    answers[name] = {"consistent": consistent, "unsatisfiable": unsatisfiable}
    reasoner.dispose()
print(json.dumps(answers))
