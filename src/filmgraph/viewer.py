"""The HTML viewer: one self-contained, offline page drawing the graph with vis-network.

The page is built here, not from pyvis's template: vis-network comes from the copy
shipped inside the pyvis package, the data goes in as JSON that cannot close its
script element, and the page's own script builds every element with textContent.
A Content-Security-Policy lets only these two scripts run and forbids every request.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from typing import Any

import networkx as nx

from .kinds import KINDS, OTHER
from .layout import layout
from .network import property_label
from .terms import expand
from .views import RESERVED

# Kinds that record how the graph was made; shown when their box is ticked.
HIDDEN_AT_START = frozenset(k.key for k in KINDS if not k.shown)
# Above this many nodes, `viz` warns that a browser will be slow to open the page.
LARGE_GRAPH_NODES = 50_000
LABEL_LENGTH = 48
# Node attributes that are the node itself, not facts to list.
_RESERVED = frozenset(RESERVED)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def _asset(name: str) -> str:
    return resources.files("filmgraph").joinpath(name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network as shipped inside the pyvis package (no network needed)."""
    return resources.files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


def _facts(data: dict[str, Any]) -> list[list[str]]:
    """A node's facts as [name, text] pairs: ontology terms by their labels, facts in words as they
    are; a fact that only repeats the node's label (its name, its preferred label) is its heading."""
    return [[property_label(expand(k)) if ":" in k else k, v] for k, v in data.items()
            if k not in _RESERVED and isinstance(v, str) and v != data.get("label")]


def _year(data: dict[str, Any]) -> int | None:
    for key in ("Released", "schema:datePublished"):
        found = _YEAR_RE.search(data.get(key, ""))
        if found:
            return int(found.group(1))
    return None


def page_data(graph: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    """What the page script draws: kinds for the legend, nodes with their facts and
    positions (computed here: the page draws with physics off), edges with their details."""
    ids = {n: i for i, n in enumerate(sorted(graph))}
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    positions = layout(graph)
    degree = dict(graph.degree())
    nodes = []
    for node in sorted(graph):
        data = graph.nodes[node]
        x, y = positions[node]
        item: dict[str, Any] = {"id": ids[node], "label": data["label"], "kind": data["kind"], "iri": data["iri"],
                                "attrs": _facts(data), "x": x, "y": y, "degree": degree[node]}
        year = _year(data) if data["kind"] == "film" else None
        if year:
            item["year"] = year
        nodes.append(item)
    edges = []
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]["iri"])):
        details = [[k, val] for k, val in d.items() if k not in ("label", "iri", "derived") and isinstance(val, str)]
        edge = {"from": ids[u], "to": ids[v], "label": d["label"], "iri": d["iri"], "details": details}
        if d.get("derived"):
            edge["derived"] = True  # implied by the documents, not stated: drawn dashed, can be hidden
        edges.append(edge)
    # Plumbing starts hidden, unless it is all the graph holds (as with --kinds section).
    hide = HIDDEN_AT_START & set(counts) if set(counts) - HIDDEN_AT_START else frozenset()
    kinds: list[dict[str, Any]] = []
    for kind in [*KINDS, OTHER]:
        if kind.key in counts and kind.key not in {k["key"] for k in kinds}:
            kinds.append({"key": kind.key, "label": kind.label, "color": kind.fill, "border": kind.border,
                          "shape": kind.shape, "count": counts[kind.key], "hidden": kind.key in hide})
    return {"title": title, "kinds": kinds, "nodes": nodes, "edges": edges,
            "nested": [k.key for k in KINDS if k.nested], "labelLength": LABEL_LENGTH}


def script_json(value: Any) -> str:
    """JSON that is safe inside a script element: no '<', '>' or '&', no line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that lets exactly this inline script run."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def default_title(graph: nx.MultiDiGraph) -> str:
    films = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "film")
    return f"{films[0]} — filmgraph" if len(films) == 1 else f"{len(films)} films — filmgraph"


def render_html(graph: nx.MultiDiGraph, title: str | None = None) -> bytes:
    """The whole page as UTF-8 bytes: the same graph and title give the same bytes."""
    title = title or default_title(graph)
    vis_js, viewer_js = vis_network_js(), _asset("viewer.js")
    policy = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
              f"script-src '{csp_hash(vis_js)}' '{csp_hash(viewer_js)}'; "
              "connect-src 'none'; form-action 'none'; base-uri 'none'")
    labels = {k.key: k.label.lower() for k in [*KINDS, OTHER]}
    hidden = ", ".join(labels[k] for k in sorted(HIDDEN_AT_START))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="filmgraph">
<title>{html.escape(title)}</title>
<style>
{_asset("viewer.css")}</style>
</head>
<body>
<header>
<h1>{html.escape(title)}</h1>
<div class="find"><input id="search" type="search" placeholder="Find a node by its label" autocomplete="off"
 aria-label="Find a node by its label" aria-controls="results"><p id="found" role="status"></p><ul id="results"></ul></div>
<span id="status" role="status"></span>
<span class="panels"><button id="show-legend" aria-controls="legend-panel" aria-expanded="false">Kinds</button>
<button id="show-details" aria-controls="details" aria-expanded="false">Details</button></span>
</header>
<nav id="legend-panel" aria-label="Kinds, filters and focus">
<h2>Kinds</h2>
<div id="legend"></div>
<p class="hint" id="hidden-note">Unticked at first: {html.escape(hidden)}.</p>
<p><label><input type="checkbox" id="derived-links"> Derived links (dashed)</label></p>
<h2>Films</h2>
<p class="filter"><label for="film-filter">Film</label>
 <select id="film-filter"><option value="">All films</option></select></p>
<p class="filter"><label for="genre-filter">Genre</label>
 <select id="genre-filter"><option value="">All genres</option></select></p>
<p class="filter"><label for="year-from">Years</label> <input id="year-from" type="number" inputmode="numeric"
 aria-label="From the year"> to <input id="year-to" type="number" inputmode="numeric" aria-label="To the year"></p>
<h2>Focus</h2>
<p><label for="depth">Depth</label> <input id="depth" type="number" min="0" max="9" value="1"></p>
<p><button id="focus">Focus on the selected node</button> <button id="reset">Whole graph</button></p>
<h2>Save</h2>
<p><button id="save-png">Save the view as PNG</button></p>
</nav>
<main id="graph" tabindex="0" aria-label="The graph. With a node selected, the arrow keys move to its neighbours."
 aria-describedby="summary"></main>
<p id="summary" class="sr-only" aria-live="polite"></p>
<aside id="details" aria-live="polite" aria-label="Details"><p class="hint">Click a node, or find one by its label,
 to see everything known about it.</p></aside>
<script type="application/json" id="filmgraph-data">{script_json(page_data(graph, title))}</script>
<script>{vis_js}</script>
<script>{viewer_js}</script>
</body>
</html>
"""
    return page.encode("utf-8")

