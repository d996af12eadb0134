"""Positions for the viewer, computed here so that a page opens drawn, the same on every run.

A small graph is laid out whole with ForceAtlas2 (NetworkX, seeded). A corpus is cut into
communities (Louvain, seeded): the communities are laid out as one graph of their own,
each community's best-linked nodes (its hubs: shared genres, themes, people) with
ForceAtlas2 around its place, and every other node on a ring around the neighbour it hangs
on, so the time grows with the hubs, not the square of the nodes.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: A graph of at most this many nodes is laid out whole.
WHOLE_UP_TO = 400
#: Hubs laid out with ForceAtlas2 in each community.
HUBS_PER_COMMUNITY = 160
#: The mean distance between neighbours, in the viewer's canvas units.
SPACING = 110.0
SEED = 7
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Positions = dict[str, tuple[float, float]]


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph, with a weight per pair of nodes (how many links they share)."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    for u, v in graph.edges():
        if u != v:
            weight = simple[u][v]["weight"] + 1 if simple.has_edge(u, v) else 1
            simple.add_edge(u, v, weight=weight)
    return simple


def _fa2(graph: nx.Graph, iterations: int) -> dict:
    """ForceAtlas2, seeded, scaled so that neighbours lie about SPACING apart."""
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    raw = nx.forceatlas2_layout(graph, max_iter=iterations, seed=SEED, scaling_ratio=4.0, gravity=1.0,
                                strong_gravity=False, weight="weight")
    points = np.array([raw[n] for n in graph])
    points -= points.mean(axis=0)
    lengths = [math.dist(raw[u], raw[v]) for u, v in graph.edges()]
    unit = float(np.median(lengths)) if lengths else float(np.abs(points).max() or 1.0)
    points *= SPACING / (unit or 1.0)
    return {n: (float(x), float(y)) for n, (x, y) in zip(graph, points)}


def layout(graph: nx.MultiDiGraph) -> Positions:
    """A position for every node, rounded to 0.1, the same for the same graph."""
    simple = _simple(graph)
    if simple.number_of_nodes() == 0:
        return {}
    if simple.number_of_nodes() <= WHOLE_UP_TO:
        pos = _spread(_fa2(simple, 300), {n: graph.nodes[n].get("label", "") for n in simple})
    else:
        pos = _by_communities(simple)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in sorted(pos.items())}


#: Estimated size of a label at the viewer's font (canvas units), to give small graphs room.
_CHAR_WIDTH, _LABEL_HEIGHT, _LABEL_CHARS = 8.0, 24.0, 48


def _spread(pos: Positions, labels: dict[str, str]) -> Positions:
    """Stretch a small layout until few labels would overlap (at most 5 times its size)."""
    names = sorted(pos)

    def crowded(factor: float) -> int:
        boxes = []
        for n in names:
            x, y = pos[n][0] * factor, pos[n][1] * factor
            half = (_CHAR_WIDTH * min(len(labels[n]), _LABEL_CHARS) + 12) / 2
            boxes.append((x - half, x + half, y + 12, y + 12 + _LABEL_HEIGHT))
        return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3])

    factor = 1.0
    while factor < 5.0 and crowded(factor) > len(names) // 10:
        factor *= 1.2
    return {n: (x * factor, y * factor) for n, (x, y) in pos.items()}


def _by_communities(simple: nx.Graph) -> Positions:
    communities = sorted((sorted(c) for c in nx.community.louvain_communities(simple, weight="weight", seed=SEED)),
                         key=lambda c: (-len(c), c[0]))
    member = {n: i for i, c in enumerate(communities) for n in c}
    between = nx.Graph()
    between.add_nodes_from(range(len(communities)))
    for u, v, w in simple.edges(data="weight"):
        a, b = member[u], member[v]
        if a != b:
            between.add_edge(a, b, weight=between[a][b]["weight"] + w if between.has_edge(a, b) else w)
    centres = _fa2(between, 200) if len(communities) > 1 else {0: (0.0, 0.0)}
    degree = dict(simple.degree(weight="weight"))
    cores: list[Positions] = []
    radii: list[float] = []
    for community in communities:
        hubs = sorted(community, key=lambda n: (-degree[n], n))[:HUBS_PER_COMMUNITY]
        core = _fa2(simple.subgraph(hubs), 120)
        cores.append(core)
        # room for the hubs and for the nodes that will hang around them
        radii.append(max((math.hypot(x, y) for x, y in core.values()), default=0.0) + 2.5 * SPACING)
    places = _separate([centres[i] for i in range(len(communities))], radii)  # centres are keyed by number
    pos: Positions = {}
    for i, core in enumerate(cores):
        cx, cy = places[i]
        for n, (x, y) in core.items():
            pos[n] = (cx + x, cy + y)
    _hang_leaves(simple, pos, degree)
    return pos


def _separate(centres: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """The communities' places: their layout scaled to their sizes, then pushed apart pair by
    pair until no two discs overlap (or 200 rounds have passed)."""
    points = np.array(centres, dtype=float)
    if len(points) > 1:
        gaps = [math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1:]]
        points *= 2.0 * float(np.median(radii)) / (float(np.median(gaps)) or 1.0)
    for _ in range(200):
        moved = False
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                delta = points[j] - points[i]
                apart = float(np.hypot(*delta))
                need = 1.05 * (radii[i] + radii[j])
                if apart < need:
                    direction = delta / apart if apart > 1e-9 else np.array([math.cos(i + j), math.sin(i + j)])
                    shift = direction * (need - apart) / 2
                    points[i] -= shift
                    points[j] += shift
                    moved = True
        if not moved:
            break
    return [(float(x), float(y)) for x, y in points]


def _hang_leaves(simple: nx.Graph, pos: Positions, degree: dict[str, float]) -> None:
    """Each node not placed yet, on a ring around its best-linked placed neighbour."""
    rings: dict[str, int] = {}
    todo = sorted((n for n in simple if n not in pos), key=lambda n: (-degree[n], n))
    while todo:
        later = []
        for n in todo:
            placed = sorted((m for m in simple[n] if m in pos), key=lambda m: (-degree[m], m))
            if not placed:
                later.append(n)
                continue
            anchor = placed[0]
            k = rings.get(anchor, 0)
            rings[anchor] = k + 1
            r = SPACING * (0.9 + 0.35 * math.sqrt(k))
            ax, ay = pos[anchor]
            pos[n] = (ax + r * math.cos(k * GOLDEN_ANGLE), ay + r * math.sin(k * GOLDEN_ANGLE))
        if len(later) == len(todo):  # nodes linked to nothing placed: a spiral of their own
            for j, n in enumerate(later):
                r = SPACING * math.sqrt(j + 1)
                pos[n] = (r * math.cos(j * GOLDEN_ANGLE), r * math.sin(j * GOLDEN_ANGLE) - 0.0)
            break
        todo = later
