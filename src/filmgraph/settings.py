"""The endpoint's settings, declared once: each one's name, default and help make the
`filmgraph serve` options, the defaults of ServerSettings and the table of settings
the query page shows. The defaults are the safe ones: loopback only, no CORS, a time,
row and size limit on every query.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, make_dataclass
from typing import Any


def default_worker_count() -> int:
    """Worker processes by default: twice the cores, at least 2 and at most 8 (they share the data's
    memory, and while one waits for the GIL between its HTTP and its queries another runs)."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


@dataclass(frozen=True)
class Setting:
    #: The option's name, without "--".
    name: str
    default: Any
    help: str
    #: What values it takes: text, port, seconds, count, flag, or origins (repeatable text).
    kind: str = "text"
    #: The smallest value a number may have.
    minimum: float | None = None
    #: How the help shows the default, when the value depends on the machine.
    shown_default: str | None = None

    @property
    def attribute(self) -> str:
        return self.name.replace("-", "_")


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address to listen on (beyond loopback only with --public)."),
    Setting("port", 8000, "Port to listen on (0: any free port).", "port", 0),
    Setting("base-url", "", "The URL clients reach the endpoint at, when it is not the address it listens on "
            "(behind a proxy): the service description names it, and queries are parsed with its /sparql as base IRI."),
    Setting("id-base", "https://w3id.org/filmgraph/id/", "The base of the data's instance IRIs: /id/PATH answers "
            "for the IRI BASE+PATH (a page for browsers, its description for RDF clients)."),
    Setting("public", False, "Allow a --host beyond loopback (anyone who can reach it can query).", "flag"),
    Setting("timeout", 10.0, "Seconds a query may run before it is stopped (503).", "seconds", 0.1),
    Setting("queue-timeout", 30.0, "Seconds a request may wait for one of its worker process's query threads "
            "before it gets 503.", "seconds", 0.1),
    Setting("max-rows", 10_000, "Rows or triples a response holds at most (more are cut; a header says so).",
            "count", 1),
    Setting("max-query-bytes", 64 * 1024, "Size a query may have; a larger request gets 413.", "count", 64),
    Setting("workers", default_worker_count(), "Worker processes, each answering requests and running up to four "
            "queries at once (forked from the loaded data and sharing it, or each opening --store read-only); one "
            "whose query passes --timeout is ended and replaced.", "count", 1, "twice the cores, from 2 to 8"),
    Setting("no-links", False, "Leave out the links the build derived (the graph graph/links: themes a reading "
            "evokes, similar films ...): only what the documents state.", "flag"),
    Setting("cors-origin", (), "Allow browsers on ORIGIN to query (repeatable; no CORS unless given).", "origins"),
)

_TYPES = {"text": str, "port": int, "seconds": float, "count": int, "flag": bool, "origins": tuple}

#: The settings an endpoint runs with: one attribute per setting (max_rows for --max-rows ...).
ServerSettings = make_dataclass(
    "ServerSettings",
    [(s.attribute, _TYPES[s.kind], field(default=s.default)) for s in SETTINGS],
    frozen=True,
    namespace={"__module__": __name__},
)
ServerSettings.__doc__ = "Everything that shapes what the endpoint accepts; the defaults are the safe ones."


def described(settings: Any) -> list[tuple[str, str, str]]:
    """(option, value, help) of each setting, for the query page."""
    rows = []
    for s in SETTINGS:
        value = getattr(settings, s.attribute)
        shown = ", ".join(value) or "none" if s.kind == "origins" else ("yes" if value else "no") \
            if s.kind == "flag" else f"{value:g} s" if s.kind == "seconds" else f"{value}"
        rows.append((f"--{s.name}", shown, s.help))
    return rows
