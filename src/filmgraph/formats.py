"""Every format filmgraph writes, in one registry keyed by family and name.

Three families: RDF (datasets and graphs: build, CONSTRUCT results, the endpoint),
SPARQL results (SELECT and ASK: query, the endpoint) and networks (export). Each
format has its name (as --format takes it), the file extension that implies it, its
media type with the other media types that ask for it (the endpoint's content
negotiation), its W3C format IRI (the service description) and, for RDF, how Oxigraph
and rdflib call it. The modules that write a family register their writers here
(``@writer(family, name)``), so a format is declared once and written by one function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

RDF, RESULTS, NETWORK = "rdf", "results", "network"
_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    name: str
    family: str
    #: The file extension that implies the format ("" when none does).
    extension: str
    #: The media type it is sent as ("" when it is not sent).
    media_type: str = ""
    #: Other media types a client may ask for it by.
    aliases: tuple[str, ...] = ()
    #: The W3C format IRI (http://www.w3.org/ns/formats/), for the service description.
    w3c: str = ""
    #: RDF: other file extensions read as this format.
    reads: tuple[str, ...] = ()
    #: RDF: whether it holds named graphs.
    quads: bool = False
    #: RDF: whether a CONSTRUCT or DESCRIBE result is sent as it.
    construct: bool = False
    oxigraph: ox.RdfFormat | None = None
    rdflib: str = ""

    @property
    def asked_by(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases) if self.media_type else ()


REGISTRY: tuple[Format, ...] = (
    Format("turtle", RDF, ".ttl", "text/turtle", ("application/turtle", "application/x-turtle"), _W3C + "Turtle",
           (".n3",), False, True, ox.RdfFormat.TURTLE, "turtle"),
    Format("nt", RDF, ".nt", "application/n-triples", ("text/plain",), _W3C + "N-Triples",
           (), False, True, ox.RdfFormat.N_TRIPLES, "nt"),
    Format("trig", RDF, ".trig", "application/trig", (), _W3C + "TriG", (), True, False, ox.RdfFormat.TRIG, "trig"),
    Format("nquads", RDF, ".nq", "application/n-quads", (), _W3C + "N-Quads",
           (), True, False, ox.RdfFormat.N_QUADS, "nquads"),
    Format("jsonld", RDF, ".jsonld", "application/ld+json", (), _W3C + "JSON-LD",
           (), True, True, ox.RdfFormat.JSON_LD, "json-ld"),
    Format("xml", RDF, ".rdf", "application/rdf+xml", (), _W3C + "RDF_XML",
           (".owl", ".xml"), False, True, ox.RdfFormat.RDF_XML, "xml"),
    # SPARQL results: JSON first, as a client that takes anything gets it.
    Format("json", RESULTS, ".srj", "application/sparql-results+json", ("application/json",),
           _W3C + "SPARQL_Results_JSON"),
    Format("xml", RESULTS, ".srx", "application/sparql-results+xml", ("application/xml", "text/xml"),
           _W3C + "SPARQL_Results_XML"),
    Format("csv", RESULTS, ".csv", "text/csv", (), _W3C + "SPARQL_Results_CSV"),
    Format("tsv", RESULTS, ".tsv", "text/tab-separated-values", (), _W3C + "SPARQL_Results_TSV"),
    Format("table", RESULTS, ""),
    Format("graphml", NETWORK, ".graphml", "application/graphml+xml"),
    Format("gexf", NETWORK, ".gexf", "application/gexf+xml"),
    Format("json", NETWORK, ".json", "application/json"),
)


def formats(family: str) -> dict[str, Format]:
    """The formats of a family by name, in the registry's order."""
    return {f.name: f for f in REGISTRY if f.family == family}


def by_extension(family: str, reading: bool = False) -> dict[str, str]:
    """File extension -> format name for a family (with reading, every extension read as it)."""
    return {ext: f.name for f in REGISTRY if f.family == family
            for ext in (f.extension, *(f.reads if reading else ())) if ext}


#: Writers registered by the modules that write each family: (family, name) -> function.
WRITERS: dict[tuple[str, str], Callable[..., bytes]] = {}


def writer(family: str, name: str) -> Callable[[Callable[..., bytes]], Callable[..., bytes]]:
    """Register a function as the writer of a format (which must be in the registry)."""
    if name not in formats(family):
        raise KeyError(f"no {family} format {name!r} in the registry")

    def register(function: Callable[..., bytes]) -> Callable[..., bytes]:
        WRITERS[(family, name)] = function
        return function

    return register


def choose_media(accept: list[str], offered: dict[str, Format]) -> Format | None:
    """The first offered format (in registry order) that the Accept list, best first, takes."""
    for wanted in accept:
        for fmt in offered.values():
            major = wanted.split("/")[0]
            if fmt.media_type and (wanted in fmt.asked_by or wanted == "*/*"
                                   or (wanted.endswith("/*") and fmt.media_type.startswith(major + "/"))):
                return fmt
    return None


def negotiable(family: str) -> dict[str, Format]:
    """The formats of a family that the endpoint sends (those with a media type)."""
    return {name: f for name, f in formats(family).items() if f.media_type}


def construct_formats() -> dict[str, Format]:
    """The RDF formats a CONSTRUCT or DESCRIBE result is written in."""
    return {name: f for name, f in formats(RDF).items() if f.construct}
