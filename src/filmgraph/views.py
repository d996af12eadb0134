"""Views of the projection: what a person means, or every resource.

The RDF keeps the n-ary nodes (cast entries, motif readings, question discussions,
ratings, amounts of money). The concept view draws what they stand for: a cast entry is
an edge film -> person with its billing order, a reading an edge film -> motif with its
meaning and context, a discussion an edge film -> question with its text; a rating and
the money are facts of the film, in words. The rdf view is the projection as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .errors import FilmgraphError
from .kinds import CONCEPT_VIEW_KINDS

if TYPE_CHECKING:
    import networkx as nx

#: Node attributes every view keeps as they are (not facts).
RESERVED = ("kind", "kind_label", "label", "iri", "types")

#: A film's literal facts in the concept view: attribute -> (name in words, how to write it).
_FILM_FACTS: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("schema:alternateName", "Also known as", str),
    ("fg:originalTitle", "Original title", str),
    ("schema:datePublished", "Released", lambda v: long_date(v)),
    ("schema:duration", "Runtime", lambda v: runtime(v)),
    ("schema:abstract", "Logline", str),
    ("fg:tagline", "Tagline", str),
)
_LATE_FACTS = (("fg:coreMeaning", "Core meaning"),)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DURATION_RE = re.compile(r"^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def long_date(value: str) -> str:
    """2013-12-18 -> 18 December 2013 (the text as it is when it is no date)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def runtime(value: str) -> str:
    """PT2H6M (or PT126M) -> 2 h 6 min."""
    m = _DURATION_RE.match(value)
    if not m or not value.startswith("P") or value in ("P", "PT"):
        return value
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups())
    total = round(days * 1440 + hours * 60 + minutes + seconds / 60)
    h, rest = divmod(total, 60)
    return f"{h} h {rest} min" if h and rest else f"{h} h" if h else f"{rest} min"


def _number(value: str, places: int | None = None) -> str:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    if places is None:
        places = 0 if amount == amount.to_integral_value() else 2
    return f"{amount:,.{places}f}"


def money(attrs: dict[str, str]) -> str:
    """$23,000,000 for US dollars; 1,000,000 EUR for another currency."""
    value, currency = attrs.get("schema:value", ""), attrs.get("schema:currency", "")
    return f"${_number(value)}" if currency == "USD" else f"{_number(value)} {currency}".strip()


def rating(attrs: dict[str, str]) -> str:
    """7.8 / 10 (14,844 votes)."""
    text = f"{attrs.get('schema:ratingValue', '?')} / {attrs.get('schema:bestRating', '10')}"
    votes = attrs.get("schema:ratingCount")
    return f"{text} ({_number(votes)} votes)" if votes else text


def _out(graph: nx.MultiDiGraph, node: str, key: str) -> list[str]:
    return sorted(v for _, v, k in graph.out_edges(node, keys=True) if k == key)


def concept_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Films, people, genres, themes, motifs, questions and countries, with the n-ary nodes
    turned into the edges and facts they stand for (see the module's docstring)."""
    import networkx as nx

    kinds = nx.get_node_attributes(graph, "kind")
    view = nx.MultiDiGraph()
    for node in sorted(graph):
        if kinds[node] not in CONCEPT_VIEW_KINDS:
            continue
        attrs = graph.nodes[node]
        kept = {k: attrs[k] for k in RESERVED if k in attrs}
        if kinds[node] == "film":
            kept.update(_film_facts(graph, node))
        else:
            kept.update((k, v) for k, v in sorted(attrs.items()) if k not in RESERVED)
        view.add_node(node, **kept)
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in view and v in view and key not in _DERIVED_KEYS:  # derived links come with their evidence below
            view.add_edge(u, v, key=key, label=attrs["label"], iri=attrs["iri"])
    for film in sorted(n for n in view if kinds[n] == "film"):
        for role in _out(graph, film, "schema:actor"):
            for person in _out(graph, role, "schema:actor"):
                order = graph.nodes[role].get("fg:billingOrder", "")
                character = graph.nodes[role].get("schema:characterName")
                details = {"billing order": order, **({"character": character} if character else {})}
                label = f"cast #{order}" + (f" as {character}" if character else "")
                view.add_edge(film, person, key=f"cast/{order}", label=label, iri=role, **details)
        for key, concept_key, texts in (("fg:hasMotifReading", "fg:motif", ("fg:meaning", "fg:context")),
                                        ("fg:hasDiscussion", "fg:question", ("fg:discussion",))):
            for reading in _out(graph, film, key):
                for concept in _out(graph, reading, concept_key):
                    words = {t.split(":")[1]: graph.nodes[reading][t] for t in texts if t in graph.nodes[reading]}
                    view.add_edge(film, concept, key=f"{concept_key}/{reading.rsplit('/', 1)[1]}",
                                  label=concept_key.split(":")[1], iri=reading, **words)
    _derived_links(graph, view)
    return view


#: The direct triples of derived links: the concept view draws the links with their evidence instead.
_DERIVED_KEYS = frozenset({"fg:evokes", "fg:mayEvoke", "fg:similarTo", "skos:related", "skos:closeMatch"})
#: Derived link kinds in words, for edge labels.
_LINK_WORDS = {"evokes": "evokes", "may-evoke": "may evoke", "co-occurs": "travels with", "similar": "close to",
               "same-concept": "same concept?"}


def _derived_links(graph: nx.MultiDiGraph, view: nx.MultiDiGraph) -> None:
    """Each derived link as a dashed edge between the concepts it links (a reading's evocation
    from its motif or question to the theme), with its score and evidence."""
    import networkx as nx

    kinds = nx.get_node_attributes(graph, "kind")
    for link in sorted(n for n in graph if kinds[n] == "link"):
        attrs = graph.nodes[link]
        kind = attrs.get("fg:linkKind", "")
        target = next(iter(_out(graph, link, "oa:hasTarget")), None)
        body = next(iter(_out(graph, link, "oa:hasBody")), None)
        if target is None or body is None:
            continue
        details = {"score": attrs.get("fg:score", "")}
        source = target
        if kinds.get(target) == "evidence":  # a quoted sentence of a reading or discussion
            reading = next(iter(_out(graph, target, "oa:hasSource")), None)
            concepts = [c for c in (_out(graph, reading, "fg:motif") + _out(graph, reading, "fg:question"))] \
                if reading else []
            if not concepts:
                continue
            source = concepts[0]
            films = _out(graph, reading, "fg:film") if reading else []
            if films:
                details["film"] = graph.nodes[films[0]]["label"]
            quote = next(iter(_out(graph, target, "oa:hasSelector")), None)
            if quote:
                details["evidence"] = graph.nodes[quote].get("oa:exact", "")
            details["words"] = attrs.get("fg:matchedTerm", "").replace("\n", ", ")
        else:
            for key, name in (("fg:support", "films"), ("fg:lift", "lift"), ("fg:matchReason", "why")):
                if key in attrs:
                    details[name] = attrs[key].replace("\n", "; ")
            shared = _out(graph, link, "fg:sharedConcept")
            if shared:
                details["shared"] = "; ".join(graph.nodes[c]["label"] for c in shared)
        if source in view and body in view:
            view.add_edge(source, body, key=f"link/{link.rsplit('/', 1)[1]}", label=_LINK_WORDS.get(kind, kind),
                          iri=link, derived="true", **{k: v for k, v in details.items() if v})


def _film_facts(graph: nx.MultiDiGraph, film: str) -> dict[str, str]:
    attrs = graph.nodes[film]
    facts = {name: write(attrs[key]) for key, name, write in _FILM_FACTS if key in attrs}
    for node in _out(graph, film, "schema:aggregateRating"):
        facts["Rating"] = rating(graph.nodes[node])
    for key, name in (("fg:budget", "Budget"), ("fg:boxOffice", "Box office")):
        for node in _out(graph, film, key):
            facts[name] = money(graph.nodes[node])
    facts.update((name, attrs[key]) for key, name in _LATE_FACTS if key in attrs)
    return facts


def rdf_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Every resource of the data, as the projection made it."""
    return graph


#: The views, by name (--view): the concept view first, the default.
VIEWS: dict[str, Callable[[nx.MultiDiGraph], nx.MultiDiGraph]] = {"concept": concept_view, "rdf": rdf_view}


def apply_view(graph: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    if name not in VIEWS:
        raise FilmgraphError(f"unknown view {name!r}: views are {', '.join(VIEWS)}")
    return VIEWS[name](graph)
