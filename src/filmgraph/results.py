"""What a query returned, as plain Python values and in the result formats: the W3C
SPARQL 1.1 results in JSON, XML, CSV and TSV, a terminal table, and RDF for graphs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from . import terms as T
from .errors import QueryError
from .formats import RESULTS, WRITERS, construct_formats, formats, writer
from .rdfio import serialize as serialize_rdf
from .rdfio import xml_text

#: What a query's result can be written as: the SPARQL results formats (the W3C
#: SPARQL 1.1 formats and a terminal table), and RDF for CONSTRUCT and DESCRIBE.
RESULT_FORMATS = tuple(dict.fromkeys([*formats(RESULTS), *construct_formats()]))
_XSD_STRING = ox.NamedNode(T.XSD_STRING)


@dataclass
class QueryResult:
    """What a query returned: rows of a SELECT, the answer of an ASK, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (ready for pandas.DataFrame)."""
        return [{v: python_value(t) for v, t in zip(self.variables, row)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (pandas is not a filmgraph dependency: install it to use this)."""
        try:
            import pandas
        except ImportError:
            raise QueryError("to_dataframe needs pandas, which is not installed: pip install pandas") from None
        return pandas.DataFrame(self.to_dicts(), columns=self.variables)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def __iter__(self) -> Any:
        """The rows as dicts (a SELECT), or the triples (a CONSTRUCT)."""
        return iter(self.to_dicts() if self.kind == "select" else self.triples)

    def serialize(self, fmt: str = "table") -> bytes:
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format {fmt!r}")
        if self.kind == "graph":
            rdf = construct_formats()
            if fmt not in rdf and fmt != "table":
                raise QueryError(f"a CONSTRUCT or DESCRIBE gives RDF: use --format {', '.join(rdf)}, not {fmt}")
            quads = [(str(t.subject), str(t.predicate), str(t.object), "") for t in self.triples]
            return serialize_rdf(quads, "nt" if fmt == "table" else fmt)
        if fmt not in formats(RESULTS):
            article = "an" if self.kind == "ask" else "a"
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; {article} {self.kind.upper()} gives results")
        return WRITERS[(RESULTS, fmt)](self)


def python_value(term: Any) -> Any:
    """A plain Python value for a term: str for IRIs and text, int/float/Decimal/bool/date for typed literals."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    datatype = term.datatype.value
    try:
        if datatype in (T.XSD + "integer", T.XSD + "int", T.XSD + "long"):
            return int(term.value)
        if datatype == T.XSD + "decimal":
            return Decimal(term.value)
        if datatype in (T.XSD + "double", T.XSD + "float"):
            return float(term.value)
        if datatype == T.XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == T.XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {  # type: ignore[dict-item]
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


@writer(RESULTS, "json")
def _write_json(result: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results JSON, one solution to a line (readable, diff-friendly, quick)."""
    if result.kind == "ask":
        return f'{{"head": {{}}, "boolean": {json.dumps(bool(result.boolean))}}}\n'.encode()
    rows = [json.dumps({v: _json_term(t) for v, t in zip(result.variables, row) if t is not None},
                       ensure_ascii=False) for row in result.rows]
    bindings = "[\n  " + ",\n  ".join(rows) + "\n ]" if rows else "[]"
    head = json.dumps(result.variables, ensure_ascii=False)
    return f'{{"head": {{"vars": {head}}},\n "results": {{"bindings": {bindings}}}}}\n'.encode()


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    text = escape(xml_text(term.value))  # a literal may hold U+0001; XML 1.0 cannot
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{text}</literal>"
    if term.datatype != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{text}</literal>"
    return f"<literal>{text}</literal>"


@writer(RESULTS, "xml")
def _write_xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(result.variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode("utf-8")


def plain_text(term: Any) -> str:
    """A term as plain text: an IRI, a literal's value, _:label for a blank node, "" for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def one_line(term: Any, width: int) -> str:
    """A term's text on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(plain_text(term).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@writer(RESULTS, "csv")
def _write_csv(result: QueryResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["_askResult"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        writer.writerows([plain_text(t) for t in row] for row in result.rows)
    return buffer.getvalue().encode("utf-8")


@writer(RESULTS, "tsv")
def _write_tsv(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@writer(RESULTS, "table")
def _write_table(result: QueryResult, width: int = 60) -> bytes:
    if result.kind == "ask":
        return f"{'yes' if result.boolean else 'no'}\n".encode()

    header = result.variables
    body = [[one_line(t, width) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    footer = f"({len(body)} row{'s' if len(body) != 1 else ''})"
    return ("\n".join([line, rule, *rows, footer]) + "\n").encode("utf-8")


