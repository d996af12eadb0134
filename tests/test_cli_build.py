"""filmgraph build: outputs, summaries, and bad input reported in one line, nothing half-written."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import DOCUMENTS, ROOT, SEED

HER = SEED.read_bytes()
HER_TEXT = HER.decode("utf-8")
LINES = HER_TEXT.split("\n")


def replace_line(number: int, text: str) -> bytes:
    lines = list(LINES)
    lines[number - 1] = text
    return "\n".join(lines).encode("utf-8")


def drop_lines(*numbers: int) -> bytes:
    return "\n".join(l for i, l in enumerate(LINES, 1) if i not in numbers).encode("utf-8")


BAD_INPUTS = {
    "empty file": (b"", 1, "file is empty"),
    "only whitespace": (b"  \n\n \t\n", 1, "file is empty"),
    "binary data": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary data"),
    "not utf-8": (HER_TEXT.replace("Cast:", "Cast\xe9:").encode("latin-1", "replace"), 10, "not valid UTF-8"),
    "one line of prose": (b"Her is a film about a man who falls in love with his operating system.", 1,
                          "missing metadata line"),
    "missing title": (b'"A Spike Jonze love story."\n' + "\n".join(LINES[7:]).encode(), 1, "missing title"),
    "missing metadata line": (drop_lines(8), 8, "missing metadata line"),
    "malformed date": (replace_line(8, "31 February 2013 United States of America 126 min ⭐ 7.8 (14,844)"), 8,
                       "malformed release date '31 February 2013'"),
    "misspelt month": (replace_line(8, "18 Decembr 2013 United States of America 126 min ⭐ 7.8 (14,844)"), 8,
                       "malformed release date"),
    "malformed budget": (replace_line(13, "Budget: $23,000,00x"), 13, "malformed amount in 'Budget: $23,000,00x'"),
    "malformed box office": (replace_line(14, "Box Office: lots"), 14, "malformed amount"),
    "malformed rating": (replace_line(8, "18 December 2013 United States of America 126 min ⭐ 7.8.1 (14,844)"), 8,
                         "malformed rating"),
    "rating above scale": (replace_line(8, "18 December 2013 United States of America 126 min ⭐ 78 (14,844)"), 8,
                           "malformed rating"),
    "malformed votes": (replace_line(8, "18 December 2013 United States of America 126 min ⭐ 7.8 (14,84)"), 8,
                        "malformed vote count"),
    "motif without meaning": (drop_lines(22, 23, 24, 25), 20, "motif 'The Color Red' has no 'Meaning:'"),
    "truncated after meaning marker": ("\n".join(LINES[:22]).encode(), 22, "'Meaning:' has no text"),
    "truncated after a question": ("\n".join(LINES[:52]).encode(), 52, "has no discussion"),
    "truncated after a heading": ("\n".join(LINES[:18]).encode(), 18, "section 'Symbols & Motifs' is empty"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_error_line_and_leaves_output_alone(invoke, tmp_path, name):
    data, line, problem = BAD_INPUTS[name]
    source = tmp_path / "doc.txt"
    source.write_bytes(data)
    out = tmp_path / "out.ttl"
    out.write_bytes(b"previous content\n")
    result = invoke("build", source, "-o", out)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {source}:{line}: "), lines[0]
    assert problem in lines[0]
    assert out.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "out.ttl"]


def test_no_traceback_from_the_real_process(tmp_path):
    source = tmp_path / "bad.txt"
    source.write_bytes(b"\xff\xfe\x00binary")
    proc = subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", str(source)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"error: {source}:1: ") and "Traceback" not in proc.stderr


def test_missing_source_and_usage_errors(invoke, tmp_path):
    result = invoke("build", "no/such/file.txt")
    assert result.exit_code == 1 and result.stderr.strip() == "error: no/such/file.txt: no such file or folder"
    assert invoke("build").exit_code == 2
    # a folder with no documents (a mistyped path, say) is an error, not an empty dataset
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a document\n")
    result = invoke("build", empty, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 1 and result.stderr == f"error: {empty}: no documents (*.txt) in this folder\n"
    assert not (tmp_path / "out.ttl").exists()
    assert invoke("build", SEED, "--format", "yaml").exit_code == 2
    assert invoke("build", SEED, "--base", "not an iri").exit_code == 2


def test_folder_with_a_bad_document_stops_without_writing(invoke, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "her.txt").write_bytes(HER)
    (folder / "zz_bad.txt").write_bytes(drop_lines(8))
    out = tmp_path / "out.ttl"
    result = invoke("build", folder, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {folder / 'zz_bad.txt'}:8: missing metadata line (release date, countries, runtime, ⭐ rating) before 'Director: Spike Jonze'"
    assert not out.exists()


def test_skip_bad_goes_on_and_lists_them(invoke, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "her.txt").write_bytes(HER)
    (folder / "bad1.txt").write_bytes(b"")
    (folder / "bad2.txt").write_bytes(drop_lines(22, 23, 24, 25))
    out = tmp_path / "out.ttl"
    result = invoke("build", folder, "-o", out, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert f"skipped: {folder / 'bad1.txt'}:1: file is empty" in result.stderr
    assert f"skipped: {folder / 'bad2.txt'}:20: motif" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("built 1 document(s): 544 triples, 0 warning(s), 2 skipped")
    assert b"film/her-2013" in out.read_bytes()


def test_summary_line_and_warnings(invoke, tmp_path):
    result = invoke("build", DOCUMENTS, SEED, "-o", tmp_path / "all.trig")
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("built 4 document(s): ") and lines[-1].endswith(f"-> {tmp_path / 'all.trig'}")
    assert "2 warning(s)" in lines[-1]
    assert lines[0].startswith("warning: ") and "lighthouse_keeper.txt:10: uncertain theme split" in lines[0]
    assert lines[1].startswith("warning: ") and "Puppetry" in lines[1]
    assert (tmp_path / "all.trig").read_bytes().count(b" {\n") == 6  # four documents, derived, links


def test_stdout_by_default_and_format_from_extension(invoke, tmp_path):
    result = invoke("build", SEED)
    assert result.stdout.startswith("@base <https://w3id.org/filmgraph/id/> .")
    invoke("build", SEED, "-o", tmp_path / "her.nt")
    assert (tmp_path / "her.nt").read_text().startswith("<https://w3id.org/filmgraph/id/")


def test_base_option(invoke):
    result = invoke("build", SEED, "--base", "http://example.org/films/", "--format", "nt")
    assert "<http://example.org/films/film/her-2013>" in result.stdout
    assert "w3id.org/filmgraph/id/" not in result.stdout


def test_hostile_text_round_trips_as_the_same_literal(invoke, tmp_path):
    import pyoxigraph as ox
    import rdflib

    from filmgraph.rdfio import FORMATS
    nasty = 'He said "stop" \\ then """ and \'\'\' <script>alert(1)</script> \x01\x08\x7f\u2028 end'
    source = tmp_path / "nasty.txt"
    source.write_bytes(HER_TEXT.replace("A Spike Jonze love story.", nasty).encode("utf-8"))
    for fmt in ("turtle", "nt", "trig", "nquads", "jsonld", "xml"):
        result = invoke("build", source, "--format", fmt)
        if fmt == "xml":  # XML 1.0 has no U+0001 or U+0008, not even as a character reference
            assert result.exit_code == 1 and result.stdout == ""
            assert result.stderr.startswith("error: RDF/XML cannot hold the character U+0001 in the value of "
                                            "<https://w3id.org/filmgraph/id/film/her-2013> "
                                            "<https://w3id.org/filmgraph/tagline>; choose another format")
            continue
        assert result.exit_code == 0
        data = result.stdout_bytes
        ox_format = FORMATS[fmt].oxigraph
        taglines = [q.object.value for q in ox.parse(data, format=ox_format)
                    if q.predicate.value == "https://w3id.org/filmgraph/tagline"]
        assert taglines == [nasty], fmt
    ttl = invoke("build", source).stdout_bytes
    graph = rdflib.Graph().parse(data=ttl, format="turtle")
    assert [str(o) for o in graph.objects(None, rdflib.URIRef("https://w3id.org/filmgraph/tagline"))] == [nasty]


def test_every_command_help_has_an_example(invoke):
    from filmgraph.cli import cli
    for name in cli.commands:
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout and f"filmgraph {name}" in result.stdout


def test_a_parallel_build_gives_the_same_bytes_as_one_process(invoke, tmp_path):
    from filmgraph.builder import PARALLEL_FROM
    from filmgraph.synthetic import write_corpus

    write_corpus(tmp_path / "docs", PARALLEL_FROM + 16)
    (tmp_path / "docs" / "bad.txt").write_text("", encoding="utf-8")  # errors come back from the workers too
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"corpus-{jobs}.trig"
        result = invoke("build", tmp_path / "docs", "--jobs", jobs, "--skip-bad", "-o", out)
        assert result.exit_code == 0, result.stderr
        assert f"skipped: {tmp_path / 'docs' / 'bad.txt'}:1: file is empty" in result.stderr
        outputs.append((out.read_bytes(), result.stderr.replace(str(out), "OUT")))
    assert outputs[0] == outputs[1] == outputs[2]  # the same bytes, the same warnings
