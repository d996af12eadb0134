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
import math
from importlib import resources
from typing import Any

import networkx as nx

from .kinds import KINDS, OTHER
from .network import property_label
from .terms import expand

# Kinds that record how the graph was made; shown when their box is ticked.
HIDDEN_AT_START = frozenset(k.key for k in KINDS if not k.shown)
# Above this many nodes, positions are computed here and physics is off.
FIXED_LAYOUT_ABOVE = 500
# Above this many nodes, `viz` warns that a browser will be slow to open the page
# (1,000 films, about 21,000 nodes, take 3 s to become interactive).
LARGE_GRAPH_NODES = 50_000
LABEL_LENGTH = 48
FILM_SPACING = 260.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _asset(name: str) -> str:
    return resources.files("filmgraph").joinpath(name).read_text(encoding="utf-8")


def vis_network_js() -> str:
    """vis-network as shipped inside the pyvis package (no network needed)."""
    return resources.files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


def fixed_layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for large graphs, computed in linear time and the same on every run.

    Films lie on a sunflower spiral; the nodes of one film (cast entries, readings,
    rating, ...) ring it; nodes shared by films sit at the mean of their films.
    """
    kind = nx.get_node_attributes(graph, "kind")
    undirected = graph.to_undirected(as_view=True)
    films = sorted(n for n in graph if kind[n] == "film")
    pos: dict[str, tuple[float, float]] = {}
    for i, film in enumerate(films):
        radius, angle = FILM_SPACING * math.sqrt(i + 0.5), i * GOLDEN_ANGLE
        pos[film] = (radius * math.cos(angle), radius * math.sin(angle))
    film_set = set(films)
    anchors = {n: sorted(m for m in undirected[n] if m in film_set) for n in graph if n not in film_set}
    for n, linked in list(anchors.items()):  # second hop: a document's sections, a person's cast entries
        if not linked:
            anchors[n] = sorted({f for m in undirected[n] for f in anchors.get(m, ()) if m not in film_set})
    rings: dict[str, list[str]] = {}
    shared: list[str] = []
    for n in sorted(anchors):
        (rings.setdefault(anchors[n][0], []) if len(anchors[n]) == 1 else shared).append(n)
    for film, members in rings.items():
        fx, fy = pos[film]
        for j, n in enumerate(members):
            angle = 2 * math.pi * j / len(members)
            r = 70.0 + 12.0 * (j % 3)
            pos[n] = (fx + r * math.cos(angle), fy + r * math.sin(angle))
    for j, n in enumerate(shared):
        points = [pos[f] for f in anchors[n]] or [(0.0, 0.0)]
        cx, cy = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        r, angle = 40.0 * math.sqrt(j % 50 + 1), j * GOLDEN_ANGLE
        pos[n] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def page_data(graph: nx.MultiDiGraph, title: str) -> dict[str, Any]:
    """What the page script draws: kinds for the legend, nodes with their texts, edges."""
    ids = {n: i for i, n in enumerate(sorted(graph))}
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    fixed = graph.number_of_nodes() > FIXED_LAYOUT_ABOVE
    positions = fixed_layout(graph) if fixed else {}
    nodes = []
    for node in sorted(graph):
        data = graph.nodes[node]
        attrs = [[property_label(expand(k)), v] for k, v in sorted(data.items()) if ":" in k]
        item: dict[str, Any] = {"id": ids[node], "label": data["label"], "kind": data["kind"], "iri": data["iri"],
                                "attrs": attrs}
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = [{"from": ids[u], "to": ids[v], "label": d["label"], "iri": d["iri"]}
             for u, v, d in sorted(graph.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]["iri"]))]
    # Plumbing starts hidden, unless it is all the graph holds (as with --kinds section).
    hide = HIDDEN_AT_START & set(counts) if set(counts) - HIDDEN_AT_START else frozenset()
    kinds: list[dict[str, Any]] = []
    for kind in [*KINDS, OTHER]:
        if kind.key in counts and kind.key not in {k["key"] for k in kinds}:
            kinds.append({"key": kind.key, "label": kind.label, "color": kind.fill, "border": kind.border,
                          "shape": kind.shape, "count": counts[kind.key], "hidden": kind.key in hide})
    return {"title": title, "kinds": kinds, "nodes": nodes, "edges": edges, "layout": "fixed" if fixed else "physics",
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


_SEARCH = ('<div class="find"><input id="search" type="search" placeholder="Find a node by label, then Enter" '
           'autocomplete="off" aria-label="Find a node by label"><ul id="results"></ul></div>')


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
{_SEARCH}
<span id="status"></span>
<span class="panels"><button id="show-legend" aria-controls="legend-panel" aria-expanded="false">Kinds</button>
<button id="show-details" aria-controls="details" aria-expanded="false">Details</button></span>
</header>
<nav id="legend-panel">
<h2>Kinds</h2>
<div id="legend"></div>
<p class="hint">Unticked at first: {html.escape(hidden)}.</p>
<h2>Focus</h2>
<label>Depth <input id="depth" type="number" min="0" max="9" value="1" style="width:4em"></label>
<p><button id="focus">Focus on the selected node</button> <button id="reset">Whole graph</button></p>
</nav>
<main id="graph"></main>
<aside id="details"><p class="hint">Click a node, or find one by its label, to see everything known about it.</p></aside>
<script type="application/json" id="filmgraph-data">{script_json(page_data(graph, title))}</script>
<script>{vis_js}</script>
<script>{viewer_js}</script>
</body>
</html>
"""
    return page.encode("utf-8")

