"""Property-based tests: whatever the document, the parser raises only InputError,
and whatever it accepts maps to RDF that a strict parser reads back."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmgraph.countries import only_countries, resolve_countries
from filmgraph.errors import InputError
from filmgraph.mapping import DocumentMapper, IriMinter
from filmgraph.parser import _SPACE_RE, _split_lines, parse_document
from filmgraph.rdfio import serialize

HER = SEED.read_bytes()
HER_LINES = HER.decode("utf-8").split("\n")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_and_map(data: bytes) -> None:
    try:
        doc = parse_document(data, "generated.txt")
    except InputError as exc:
        assert exc.source == "generated.txt" and exc.line >= 0 and exc.problem
        return
    quads = DocumentMapper(IriMinter()).map(doc, "generated.txt")
    turtle = serialize(quads, "turtle", IriMinter().base)
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len({q[:3] for q in quads})


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    parse_and_map(data)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    parse_and_map(text.encode("utf-8", "replace"))


line_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["Meaning:", "Context:", "Symbols & Motifs", "Philosophical Questions", "Core Meaning",
                     "Budget: $", "Cast:", "Director:", "⭐", '""', "“”", "Her - Symbolism & Philosophy", "?"]),
)


@st.composite
def mutated_seed(draw) -> bytes:
    lines = list(HER_LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "insert", "truncate", "edit"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace":
            lines[i] = draw(line_text)
        elif op == "insert":
            lines.insert(i, draw(line_text))
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        elif op == "edit" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.text(max_size=5)) + lines[i][k:]
    data = "\n".join(lines).encode("utf-8", "replace")
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    return data


@SETTINGS
@given(mutated_seed())
def test_mutations_of_the_seed(data):
    parse_and_map(data)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list(" \t\u00a0\u1680\u2000\u2009\u200a\u200b\u202f\u3000\ufeffaé\n\r")),
               max_size=300))
def test_spaces_are_folded_as_in_each_line_alone(text):
    """The parser folds spaces in the whole text at once, and only when there is something to fold."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert _split_lines(text) == ([_SPACE_RE.sub(" ", t).strip(" ") for t in lines], lines)


_COUNTRY_WORDS = ["United", "States", "Kingdom", "of", "America", "Korea", "Korea,", "South", "Republic", "France",
                  "France,", "US", "GB", "DEU", "XX", "Germany", "West", "Soviet", "Union", "Côte", "d'Ivoire", "the",
                  "The", "Netherlands", "Iran", "(Islamic", "of)", "Bolivia", "New", "Zealand", "Papua", "Guinea",
                  "UK", "usa", "Love", "2013", "", "and", "Herzegovina", "Bosnia"]


@SETTINGS
@given(st.lists(st.sampled_from(_COUNTRY_WORDS), max_size=6).map(" ".join))
def test_a_text_is_only_countries_when_resolving_it_leaves_nothing_unknown(text):
    assert only_countries(text) == (not resolve_countries(text)[1])
