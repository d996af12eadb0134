"""Incremental builds (`build --into DATA`): documents added to or replaced in a TriG or
N-Quads dataset give the same bytes as a full build of them all; what cannot be updated, or
would come out otherwise, is refused with one error line and DATA left as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DOCUMENTS, SEED
from filmgraph.synthetic import write_corpus

ID = "https://w3id.org/filmgraph/id/"
SUFFIXES = {"trig": "trig", "nquads": "nq"}
#: Documents of the generated corpus, and how many of them a test adds to the others.
GENERATED = 40
HELD_OUT = 4


def _folder(path: Path, files: list[Path]) -> Path:
    path.mkdir(parents=True)
    for file in files:
        shutil.copyfile(file, path / file.name)
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    """Her, the hand-written test documents, and a generated corpus, each a list of files."""
    folder = tmp_path_factory.mktemp("generated")
    return sorted(write_corpus(folder, GENERATED))


@pytest.fixture(scope="module", params=["documents", "generated"])
def corpus(request, written) -> list[Path]:
    return [SEED, *sorted(DOCUMENTS.glob("*.txt"))] if request.param == "documents" else written


@pytest.fixture(params=sorted(SUFFIXES))
def suffix(request) -> str:
    return SUFFIXES[request.param]


def _build(invoke, sources: list[Path] | Path, output: Path, *options: str) -> bytes:
    result = invoke("build", *([sources] if isinstance(sources, Path) else sources), "-o", output, *options)
    assert result.exit_code == 0, result.stderr
    return output.read_bytes()


def _graph(data: bytes, suffix: str, name: str) -> set[ox.Quad]:
    """The quads of a document's graph (by its file name)."""
    fmt = ox.RdfFormat.TRIG if suffix == "trig" else ox.RdfFormat.N_QUADS
    graph = f"{ID}document/{name.removesuffix('.txt')}"
    return {q for q in ox.parse(data, format=fmt) if getattr(q.graph_name, "value", None) == graph}


def test_adding_documents_gives_the_bytes_of_a_full_build(invoke, corpus, suffix, tmp_path):
    """The last documents added to the others. In a small corpus the documents added may teach
    the splitter to cut a kept document's theme line otherwise: then the build names those
    documents (and the full build does cut them otherwise), and given their files too, it
    maps them again."""
    k = 1 if len(corpus) < 10 else HELD_OUT
    kept, added = corpus[:-k], corpus[-k:]  # the last names: their graphs come after the others
    full = _build(invoke, _folder(tmp_path / "all", corpus), tmp_path / f"full.{suffix}")
    data = tmp_path / f"data.{suffix}"
    before = _build(invoke, _folder(tmp_path / "kept", kept), data)
    result = invoke("build", _folder(tmp_path / "new", added), "--into", data)
    again: list[Path] = []
    if result.exit_code == 1:
        named = re.search(r"hold.*\): (.*); give their files too", result.stderr)
        assert named, result.stderr
        again = [f for f in kept if f.name in named.group(1).split(", ")]
        assert again and len(again) == len(named.group(1).split(", "))
        for file in again:
            assert _graph(before, suffix, file.name) != _graph(full, suffix, file.name)
        assert data.read_bytes() == before
        result = invoke("build", tmp_path / "new", *again, "--into", data)
    assert result.exit_code == 0, result.stderr
    remapped = f", {len(again)} mapped again" if again else ""
    assert f"{k} document(s) added, 0 replaced{remapped}, {len(kept) - len(again)} kept" in result.stderr
    assert data.read_bytes() == full


def test_documents_added_in_the_middle_and_written_elsewhere(invoke, written, suffix, tmp_path):
    """Documents whose graphs fall between the kept ones; -o leaves DATA as it was."""
    added = written[1::10]
    kept = [f for f in written if f not in added]
    full = _build(invoke, _folder(tmp_path / "all", written), tmp_path / f"full.{suffix}")
    before = _build(invoke, _folder(tmp_path / "kept", kept), tmp_path / f"data.{suffix}")
    result = invoke("build", *added, "--into", tmp_path / f"data.{suffix}", "-o", tmp_path / f"out.{suffix}")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / f"out.{suffix}").read_bytes() == full
    assert (tmp_path / f"data.{suffix}").read_bytes() == before


def test_a_replaced_document_gives_the_bytes_of_a_full_build_with_it(invoke, corpus, suffix, tmp_path):
    """A document edited (its logline and a genre less; a reading's words, so the links change too)."""
    data = tmp_path / f"data.{suffix}"
    original = _build(invoke, _folder(tmp_path / "all", corpus), data)
    source = corpus[len(corpus) // 2]
    lines = source.read_text(encoding="utf-8").split("\n")
    genres = next(i for i, line in enumerate(lines) if i > 4 and ("Drama" in line or "Thriller" in line))
    lines[1] = "An edited logline, about something else entirely."
    lines[genres] = lines[genres].replace("Drama", "").replace("Thriller", "").strip(" |") or "Comedy"
    text = next(i for i in range(12, len(lines)) if " the " in lines[i])  # a reading or discussion
    lines[text] = lines[text].replace(" the ", " the lonely ", 1)
    edited = tmp_path / "edited" / source.name
    edited.parent.mkdir()
    edited.write_text("\n".join(lines), encoding="utf-8")
    full = _build(invoke, _folder(tmp_path / "edited-all", [*[d for d in corpus if d != source], edited]),
                  tmp_path / f"full.{suffix}")
    assert full != original
    result = invoke("build", edited, "--into", data)
    assert result.exit_code == 0, result.stderr
    assert f"0 document(s) added, 1 replaced, {len(corpus) - 1} kept" in result.stderr
    assert data.read_bytes() == full


@pytest.mark.parametrize("base", ["http://example.org/films/", "http://example.org/films#"])
def test_the_datasets_base_is_kept(invoke, suffix, base, tmp_path):
    docs = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    full = _build(invoke, _folder(tmp_path / "all", docs), tmp_path / f"full.{suffix}", "--base", base)
    data = tmp_path / f"data.{suffix}"
    _build(invoke, _folder(tmp_path / "kept", docs[:-1]), data, "--base", base)
    result = invoke("build", docs[-1], "--into", data)
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == full


def test_unchanged_documents_given_again_are_kept(invoke, written, suffix, tmp_path):
    """Given a whole folder, only what changed is mapped: the others' graphs are copied."""
    folder = _folder(tmp_path / "all", written)
    data = tmp_path / f"data.{suffix}"
    full = _build(invoke, folder, data)
    result = invoke("build", folder, "--into", data)
    assert result.exit_code == 0, result.stderr
    assert f"0 document(s) added, 0 replaced, {GENERATED} kept" in result.stderr
    assert data.read_bytes() == full


def test_the_corpus_graphs_follow_the_options_given(invoke, suffix, tmp_path):
    """--no-links, --license: the links and derived graphs are made again, as the command says."""
    docs = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    folder = _folder(tmp_path / "all", docs)
    data = tmp_path / f"data.{suffix}"
    _build(invoke, folder, data, "--no-links")
    full = _build(invoke, folder, tmp_path / f"full.{suffix}")
    plain = _build(invoke, folder, tmp_path / f"plain.{suffix}", "--no-links", "--license", "http://example.org/l")
    result = invoke("build", folder, "--into", data)
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == full
    result = invoke("build", DOCUMENTS / "paper_moons.txt", "--into", data, "--no-links", "--license",
                    "http://example.org/l")
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == plain


@pytest.fixture
def splitting(tmp_path) -> tuple[list[Path], Path]:
    """The test corpus, and a document whose theme line ("Duty Solitude" stated as one theme)
    changes how the Lighthouse Keeper's run-together theme line is split."""
    docs = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    text = (DOCUMENTS / "paper_moons.txt").read_text(encoding="utf-8")
    changed = (text.replace("Sisterhood | The Passing of Time | Art as Memory | Family", "Duty Solitude | The Sea")
               .replace("Paper Moons\n", "Sea Moons\n"))
    new = tmp_path / "new" / "sea_moons.txt"
    new.parent.mkdir()
    new.write_text(changed, encoding="utf-8")
    return docs, new


def test_a_document_that_changes_a_kept_split_needs_that_documents_file(invoke, splitting, suffix, tmp_path):
    docs, new = splitting
    data = tmp_path / f"data.{suffix}"
    before = _build(invoke, _folder(tmp_path / "old", docs), data)
    full = _build(invoke, _folder(tmp_path / "all", [*docs, new]), tmp_path / f"full.{suffix}")
    assert full.count(b"Duty Solitude") > before.count(b"Duty Solitude")  # the split did change

    refused = invoke("build", new, "--into", data)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"error: {data}: ") and refused.stderr.count("\n") == 1
    assert "lighthouse_keeper.txt" in refused.stderr and "give their files too" in refused.stderr
    assert data.read_bytes() == before

    result = invoke("build", new, DOCUMENTS / "lighthouse_keeper.txt", "--into", data)
    assert result.exit_code == 0, result.stderr
    assert "1 document(s) added, 0 replaced, 1 mapped again, 3 kept" in result.stderr
    assert data.read_bytes() == full


def test_a_second_analysis_of_a_kept_film_needs_that_films_document(invoke, suffix, tmp_path):
    """Her's own nodes move below her document when a second document describes Her."""
    text = SEED.read_text(encoding="utf-8")
    second = tmp_path / "second" / "her-second-look.txt"
    second.parent.mkdir()
    second.write_text(text.replace("126 min", "120 min"), encoding="utf-8")
    data = tmp_path / f"data.{suffix}"
    _build(invoke, SEED, data)
    full = _build(invoke, _folder(tmp_path / "all", [SEED, second]), tmp_path / f"full.{suffix}")
    refused = invoke("build", second, "--into", data)
    assert refused.exit_code == 1 and "her.txt" in refused.stderr
    result = invoke("build", second, SEED, "--into", data)
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == full


def test_a_bad_new_version_skipped_leaves_the_document_out(invoke, suffix, tmp_path):
    """With --skip-bad, as in a full build: the bad document is reported and left out."""
    docs = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    data = tmp_path / f"data.{suffix}"
    _build(invoke, _folder(tmp_path / "all", docs), data)
    bad = tmp_path / "bad" / "quiet_orbit.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00")
    full = _build(invoke, [*[d for d in docs if d.name != bad.name], bad], tmp_path / f"full.{suffix}", "--skip-bad")
    result = invoke("build", bad, "--into", data, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert f"skipped: {bad}:1: binary data" in result.stderr
    assert "1 skipped (1 of them left out of the dataset)" in result.stderr
    assert data.read_bytes() == full


def test_the_curators_merges_must_be_those_of_the_dataset(invoke, suffix, tmp_path):
    docs = [SEED, *sorted(DOCUMENTS.glob("*.txt"))]
    merges = tmp_path / "merges.csv"
    merges.write_text(f"keep,merge\n{ID}genre/drama,{ID}genre/puppetry\n", encoding="utf-8")
    data = tmp_path / f"data.{suffix}"
    before = _build(invoke, _folder(tmp_path / "kept", docs[:-1]), data, "--merge-concepts", merges)
    full = _build(invoke, _folder(tmp_path / "all", docs), tmp_path / f"full.{suffix}", "--merge-concepts", merges)
    assert b"Puppetry" in full and b"genre/puppetry" not in full
    assert "merges" in _error(invoke, docs[-1], "--into", data)
    assert data.read_bytes() == before
    result = invoke("build", docs[-1], "--into", data, "--merge-concepts", merges)
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == full


def _error(invoke, *args) -> str:
    result = invoke("build", *args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_what_cannot_be_updated_is_refused(invoke, tmp_path):
    new = DOCUMENTS / "quiet_orbit.txt"
    assert "no such file" in _error(invoke, new, "--into", tmp_path / "missing.nq")
    assert "not a folder" in _error(invoke, new, "--into", tmp_path)
    turtle = tmp_path / "her.ttl"
    _build(invoke, SEED, turtle)
    assert "Turtle" in _error(invoke, new, "--into", turtle)
    other = tmp_path / "other.nq"
    other.write_text('<http://example.org/a> <http://example.org/b> "c" <http://example.org/g> .\n', encoding="utf-8")
    assert "not a filmgraph dataset" in _error(invoke, new, "--into", other)
    triples = tmp_path / "triples.nq"
    triples.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
    assert f"{triples}:1: not a line of N-Quads" in _error(invoke, new, "--into", triples)


def test_another_base_or_version_is_refused_and_data_kept(invoke, suffix, tmp_path):
    data = tmp_path / f"data.{suffix}"
    before = _build(invoke, SEED, data)
    new = DOCUMENTS / "quiet_orbit.txt"
    assert "base IRI" in _error(invoke, new, "--into", data, "--base", "http://example.org/id/")
    older = tmp_path / f"older.{suffix}"
    older.write_bytes(before.replace(b'"filmgraph 0.', b'"filmgraph 9.'))
    assert "built by filmgraph 9." in _error(invoke, new, "--into", older)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    assert f"{bad}:1: binary data" in _error(invoke, bad, "--into", data)
    assert "format of DATA" in invoke("build", new, "--into", data, "--format", "turtle").stderr
    assert data.read_bytes() == before


def _refused(invoke, data: Path, output: Path | None = None) -> str:
    """The one error line of adding a document to DATA (written to ``output`` if given); DATA
    left as it was and no output written."""
    before = data.read_bytes()
    stderr = _error(invoke, DOCUMENTS / "quiet_orbit.txt", "--into", data, *(["-o", output] if output else []))
    assert data.read_bytes() == before
    assert output is None or not output.exists()
    return stderr


#: A statement in a graph of its own after the links graph, as each format writes it.
FOREIGN = {"nq": b'<http://example.org/a> <http://example.org/b> "c" <http://example.org/g> .\n',
           "trig": b'\n<http://example.org/g> {\n\t<http://example.org/a> <http://example.org/b> "c" .\n}\n'}


def test_nothing_may_follow_the_links_graph(invoke, suffix, tmp_path):
    """A graph after the links graph (the last filmgraph writes), or a line of garbage, is
    refused at its line: it would have vanished from the dataset."""
    built = _build(invoke, SEED, tmp_path / f"her.{suffix}")
    assert built.rstrip(b"\n").rsplit(b"\n", 1)[-1].endswith(b"graph/links> ." if suffix == "nq" else b"}")
    lines = built.count(b"\n")
    links = f"<{ID}graph/links>"
    after = {"nq": f'<{ID}a> <{ID}b> "c" <{ID}graph/more> .\n'.encode(),
             "trig": b'\n<graph/more> {\n\t<a> <b> "c" .\n}\n'}
    extra = f'<{ID}a> <{ID}b> "c" {links} .\n'.encode()  # the links graph's own lines are not read
    for tail, line, problem in [
            (FOREIGN[suffix], lines + 1 + (suffix == "trig"), "<http://example.org/g> after the links graph"),
            (after[suffix], lines + 1 + (suffix == "trig"), f"<{ID}graph/more> after the links graph"),
            (b"garbage\n", lines + 1, "not valid RDF"),
            (b"\n\ngarbage <x> .\n" if suffix == "trig" else b"garbage <x> .\n", lines + 1 + 2 * (suffix == "trig"),
             "not valid RDF"),
            (b"\n", lines + 1, "not a line of N-Quads") if suffix == "nq" else (b"}\n", lines + 1, "not valid RDF")]:
        data = tmp_path / f"data.{suffix}"
        data.write_bytes(built + tail)
        stderr = _refused(invoke, data, tmp_path / f"out.{suffix}")
        assert stderr.startswith(f"error: {data}:{line}: ") and problem in stderr, stderr
        assert "not a filmgraph dataset" in stderr or "not valid RDF" in stderr
        _refused(invoke, data)
    if suffix == "nq":
        data = tmp_path / f"data.{suffix}"
        data.write_bytes(built + extra)
        result = invoke("build", DOCUMENTS / "quiet_orbit.txt", "--into", data, "-o", tmp_path / "out.nq")
        assert result.exit_code == 0, result.stderr
        full = _build(invoke, [SEED, DOCUMENTS / "quiet_orbit.txt"], tmp_path / "full.nq")
        assert (tmp_path / "out.nq").read_bytes() == full
    data = tmp_path / f"cut.{suffix}"  # the links graph cut short
    data.write_bytes(built[:built.rindex(b"\n", 0, -1) + 1] if suffix == "trig" else built[:-1])
    assert "cut short" in _refused(invoke, data) if suffix == "trig" else f"{data}:{lines}: " in _refused(invoke, data)


def _line_of(data: bytes, piece: bytes, nth: int = 0) -> int:
    """The 1-based line of the ``nth`` occurrence of ``piece`` in ``data``."""
    at = -1
    for _ in range(nth + 1):
        at = data.index(piece, at + 1)
    return data.count(b"\n", 0, at) + 1


def test_a_graph_name_not_utf8_or_unknown_is_refused_at_its_line(invoke, suffix, tmp_path):
    built = _build(invoke, SEED, tmp_path / f"her.{suffix}")
    data = tmp_path / f"data.{suffix}"
    if suffix == "nq":
        name = f"<{ID}document/her> .\n".encode()
        data.write_bytes(built.replace(name, name.replace(b"her", b"h\xe9r")))
        line = _line_of(built, name)
    else:
        line = _line_of(built, b"<document/her> {\n")
        data.write_bytes(built.replace(b"<document/her> {\n", b"<document/h\xe9r> {\n"))
    assert _refused(invoke, data).startswith(f"error: {data}:{line}: the graph name is not UTF-8")
    prefix = tmp_path / "prefix.trig"  # a non-UTF-8 IRI in the TriG head
    trig = _build(invoke, SEED, tmp_path / "her.trig")
    prefix.write_bytes(trig.replace(b"@prefix wd: <http://www.wikidata.org/", b"@prefix wd: <http://www.w\xffkidata.org/"))
    assert f"{prefix}:{_line_of(trig, b'@prefix wd:')}: the prefix's IRI is not UTF-8" in _refused(invoke, prefix)
    unknown = tmp_path / "unknown.trig"
    unknown.write_bytes(trig.replace(b"<document/her> {\n", b"zz:foo {\n"))
    assert _refused(invoke, unknown).startswith(
        f"error: {unknown}:{_line_of(trig, b'<document/her> {')}: the graph name zz:foo is not one filmgraph writes")


@pytest.mark.parametrize("nth", [0, 3])
def test_a_syntax_error_in_a_kept_graph_is_at_the_files_line(invoke, suffix, nth, tmp_path):
    """Not at a line of the statements the scan picked out of the graph."""
    built = _build(invoke, SEED, tmp_path / f"her.{suffix}")
    exact = b'oa#exact> "' if suffix == "nq" else b'oa:exact "'
    line = _line_of(built, exact, nth)
    assert line > nth + 1
    at = built.index(exact)
    for _ in range(nth):
        at = built.index(exact, at + 1)
    data = tmp_path / f"data.{suffix}"
    data.write_bytes(built[:at + len(exact)] + b"\xff" + built[at + len(exact):])
    stderr = _refused(invoke, data)
    assert stderr.startswith(f"error: {data}:{line}: not valid RDF: ") and "UTF-8" in stderr, stderr


@pytest.mark.parametrize("statement, problem", [
    ("date", 'the film\'s release date "2013-13-45" is not a date'),
    ("line", 'the line number of <https://w3id.org/filmgraph/id/document/her/line/11> "ten" is not a whole number'),
])
def test_values_of_a_kept_graph_that_cannot_be_read_back_are_refused(invoke, suffix, statement, problem, tmp_path):
    built = _build(invoke, SEED, tmp_path / f"her.{suffix}")
    if statement == "date":
        assert built.count(b'"2013-12-18"^^') == 1
        changed = built.replace(b'"2013-12-18"^^', b'"2013-13-45"^^')
    elif suffix == "nq":
        old = b'<https://w3id.org/filmgraph/lineNumber> "11"^^'
        changed = built.replace(old, old.replace(b'"11"', b'"ten"'))
    else:
        changed = built.replace(b"fg:lineNumber 11 ;", b'fg:lineNumber "ten"^^xsd:integer ;')
    assert changed != built
    data = tmp_path / f"data.{suffix}"
    data.write_bytes(changed)
    first = 1 if suffix == "nq" else _line_of(built, b"<document/her> {")
    stderr = _refused(invoke, data)
    assert stderr.startswith(f"error: {data}:{first}: the graph <{ID}document/her>: {problem}"), stderr


def test_the_links_graph_is_told_by_terms_is_corpus_graph(invoke, suffix, tmp_path, monkeypatch):
    """One test of a links graph's name (filmgraph.terms.is_corpus_graph); a document whose
    name ends in graph/links (in a folder graph/) is a document, not the links graph."""
    import filmgraph.incremental as incremental
    import filmgraph.terms as terms

    asked: list[tuple[str, str]] = []
    real = terms.is_corpus_graph

    def spy(iri: str, path: str = terms.LINKS_GRAPH_PATH) -> bool:
        asked.append((iri, path))
        return real(iri, path)

    monkeypatch.setattr(terms, "is_corpus_graph", spy)
    assert incremental._corpus_graph(f"<{ID}graph/links>", "links")
    assert (f"{ID}graph/links", "graph/links") in asked
    assert not incremental._corpus_graph(f"<{ID}document/graph/links>", "links")
    monkeypatch.undo()

    folder = tmp_path / "docs"
    (folder / "graph").mkdir(parents=True)
    shutil.copyfile(SEED, folder / "her.txt")
    shutil.copyfile(DOCUMENTS / "quiet_orbit.txt", folder / "graph" / "links.txt")
    full = _build(invoke, folder, tmp_path / f"full.{suffix}")
    data = tmp_path / f"data.{suffix}"
    _build(invoke, _folder(tmp_path / "her", [SEED]), data)
    (folder / "her.txt").unlink()
    result = invoke("build", folder, "--into", data)
    assert result.exit_code == 0, result.stderr
    assert data.read_bytes() == full
    result = invoke("build", folder, "--into", data)
    assert result.exit_code == 0 and "2 kept" in result.stderr, result.stderr
    assert data.read_bytes() == full


def test_the_python_api_builds_into_a_dataset_as_the_command_line_does(tmp_path, invoke, written):
    """filmgraph.build(..., into=DATA): a notebook's incremental build, the bytes of a full build,
    and a Graph of the result to query."""
    import filmgraph

    added = written[1::10]
    kept = [f for f in written if f not in added]
    full = _build(invoke, _folder(tmp_path / "all", written), tmp_path / "full.trig")
    data = tmp_path / "data.trig"
    before = _build(invoke, _folder(tmp_path / "kept", kept), data)
    graph = filmgraph.build(added, into=data, output=tmp_path / "out.trig")
    assert (tmp_path / "out.trig").read_bytes() == full
    assert data.read_bytes() == before  # written to output, DATA untouched
    assert graph.documents == GENERATED
    names = graph.query("SELECT (COUNT(DISTINCT ?name) AS ?n) WHERE { ?d <https://w3id.org/filmgraph/fileName> ?name }")
    assert names.to_dicts() == [{"n": GENERATED}]
    again = filmgraph.build(added, into=data)  # over DATA itself
    assert data.read_bytes() == full and again.documents == GENERATED
    with pytest.raises(filmgraph.InputError, match="base IRI"):
        filmgraph.build(added, into=data, base="https://example.org/other/")
    assert data.read_bytes() == full
    with pytest.raises(filmgraph.InputError, match="output"):
        filmgraph.build(added, output=tmp_path / "x.trig")
    with pytest.raises(filmgraph.InputError, match="the format of the dataset"):
        filmgraph.build(added, into=data, output=tmp_path / "x.nq")
    assert not (tmp_path / "x.nq").exists()


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_a_large_dataset_is_weighed_by_the_jobs_processes_with_the_same_bytes(invoke, fmt, tmp_path, monkeypatch):
    """From PARALLEL_FROM documents on, with --jobs 2, the texts' words are counted and the
    evocations scored by processes that read the kept documents themselves, and the links
    between films and concepts made in a process of their own: the bytes of a full build."""
    from filmgraph import builder, incremental

    started: list[int] = []
    forked = incremental.forked
    monkeypatch.setattr(incremental, "forked", lambda jobs: started.append(jobs) or forked(jobs))
    files = sorted(write_corpus(tmp_path / "generated", builder.PARALLEL_FROM + 16))
    suffix = SUFFIXES[fmt]
    full = _build(invoke, _folder(tmp_path / "all", files), tmp_path / f"full.{suffix}", "--jobs", "2")
    data = tmp_path / f"data.{suffix}"
    _build(invoke, _folder(tmp_path / "kept", files[:-3]), data, "--jobs", "2")
    result = invoke("build", tmp_path / "all", "--into", data, "--jobs", "2")  # those it holds given too
    assert result.exit_code == 0, result.stderr
    assert "3 document(s) added, 0 replaced" in result.stderr
    assert started == [2] and data.read_bytes() == full


def test_a_failed_build_into_leaves_no_spool_open(written, tmp_path, monkeypatch):
    """One job: the kept documents are read here; when the build fails after, the spool's
    file is closed (its space given back) and nothing of the scoring is left in this process."""
    from filmgraph import builder, incremental
    from filmgraph.api import build as build_graph
    from filmgraph.errors import InputError

    data = tmp_path / "data.nq"
    data.write_bytes(build_graph(written[:-2]).serialize("nquads"))

    def fail(self, extra):
        raise InputError("somewhere", 1, "no room left")

    monkeypatch.setattr(builder._Derivation, "finish", fail)
    with pytest.raises(InputError, match="no room left"):
        incremental.build_into(data, written[-2:], tmp_path / "out.nq")
    assert incremental._READING == {} and builder._WRITING == {}
    assert not (tmp_path / "out.nq").exists()
