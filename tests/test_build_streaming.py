"""build to TriG and N-Quads a graph at a time, and to Turtle and N-Triples (the union) a
subject at a time: the same bytes, messages and summary as the in-memory build, nothing
half-written, and memory that does not grow with the corpus."""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import _MEASURED, DOCUMENTS, ROOT, SEED, filmgraph_peak
from filmgraph import builder
from filmgraph.api import build as build_graph
from filmgraph.synthetic import write_corpus
from filmgraph.terms import DEFAULT_BASE, SIMILAR_TO
from filmgraph.union import UNIONS, SortedRuns, UnionWriter, read_range

STREAMED = ("trig", "nquads", *UNIONS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """About 200 generated documents (more than builder.PARALLEL_FROM: --jobs 2 uses processes)."""
    folder = tmp_path_factory.mktemp("generated") / "docs"
    write_corpus(folder, 200)
    return folder


def summary(graph, output) -> str:
    skipped = f", {len(graph.skipped)} skipped" if graph.skipped else ""
    return (f"built {graph.documents} document(s): {graph.triple_count} triples, "
            f"{len(graph.warnings)} warning(s){skipped} -> {output}")


def expected_stderr(graph, output) -> list[str]:
    return ([f"warning: {w}" for w in graph.warnings] + [f"skipped: {bad}" for bad in graph.skipped]
            + [summary(graph, output)])


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("corpus", ["documents", "generated"])
def test_same_bytes_messages_and_summary_as_the_in_memory_build(invoke, tmp_path, generated, fmt, jobs, corpus):
    sources = [SEED, DOCUMENTS] if corpus == "documents" else [generated]
    graph = build_graph(sources, jobs=int(jobs))
    out = tmp_path / f"corpus.{fmt}"
    result = invoke("build", *sources, "--format", fmt, "--jobs", jobs, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == graph.serialize(fmt)
    assert result.stderr.splitlines() == expected_stderr(graph, out)


@pytest.mark.parametrize("fmt", STREAMED)
def test_stdout_gets_the_same_bytes(invoke, fmt):
    result = invoke("build", SEED, DOCUMENTS, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout_bytes == build_graph([SEED, DOCUMENTS]).serialize(fmt)


@pytest.mark.parametrize("fmt", STREAMED)
def test_skip_bad_and_a_shared_graph_name_as_in_memory(invoke, tmp_path, fmt):
    folder = tmp_path / "docs"
    shutil.copytree(DOCUMENTS, folder)
    (folder / "broken.txt").write_bytes(b"")
    # two file names with one document IRI: their statements share a graph
    text = SEED.read_text(encoding="utf-8")
    (folder / "a b.txt").write_text(text, encoding="utf-8")
    (folder / "a-b.txt").write_text(text.replace("Her", "Him", 1), encoding="utf-8")
    graph = build_graph([folder], skip_bad=True)
    assert graph.skipped
    out = tmp_path / f"out.{fmt}"
    result = invoke("build", folder, "--skip-bad", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == graph.serialize(fmt)
    assert result.stderr.splitlines() == expected_stderr(graph, out)


@pytest.mark.parametrize("fmt", STREAMED)
def test_a_bad_document_leaves_the_output_alone(invoke, tmp_path, fmt):
    folder = tmp_path / "docs"
    shutil.copytree(DOCUMENTS, folder)
    (folder / "broken.txt").write_bytes(b"")
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"previous content\n")
    result = invoke("build", folder, "--format", fmt, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {folder / 'broken.txt'}:1: file is empty"]
    assert out.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", out.name]


def test_a_document_changed_between_the_passes_is_an_error(tmp_path):
    doc = tmp_path / "her.txt"
    shutil.copy(SEED, doc)
    prepared = builder.prepare([doc])
    doc.write_text(SEED.read_text(encoding="utf-8").replace("Her", "Hers", 1), encoding="utf-8")
    out = tmp_path / "out.nq"
    with pytest.raises(builder.InputError, match="changed while the build read it"):
        prepared.write("nquads", out)
    assert list(tmp_path.iterdir()) == [doc]


@pytest.mark.parametrize("fmt", STREAMED)
def test_nested_document_iris_same_bytes_and_count(tmp_path, fmt):
    """a.txt and a/b.txt: one document's IRI lies below the other's (every triple is counted in one set)."""
    folder = tmp_path / "docs"
    (folder / "her").mkdir(parents=True)
    shutil.copy(SEED, folder / "her.txt")
    for doc in DOCUMENTS.glob("*.txt"):
        shutil.copy(doc, folder / "her" / doc.name)
    graph = build_graph([folder])
    prepared = builder.prepare([folder], union=fmt in UNIONS)
    out = tmp_path / f"out.{fmt}"
    assert prepared.write(fmt, out) == graph.triple_count
    assert out.read_bytes() == graph.serialize(fmt)


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("jobs", [1, 2])
def test_corpus_graphs_merged_from_runs_on_disk(monkeypatch, tmp_path, generated, fmt, jobs):
    """The derived and links graphs sorted a few quads at a time, the runs merged (three at a time
    as they are written, and all when read): the same bytes and count."""
    monkeypatch.setattr(builder._SortedLines, "RUN", 97)
    monkeypatch.setattr(builder._SortedLines, "FAN_IN", 3)
    monkeypatch.setattr(SortedRuns, "RUN", 97)
    monkeypatch.setattr(UnionWriter, "RANGE", 300)
    monkeypatch.setattr(UnionWriter, "INDEX_RUN", 500)
    graph = build_graph([generated], jobs=jobs)
    prepared = builder.prepare([generated], builder.BuildOptions(jobs=jobs), union=fmt in UNIONS)
    assert len(prepared.extra.runs) > 2
    if fmt not in UNIONS:
        assert max(prepared.extra.sizes) >= 3  # runs merged as they were written
    out = tmp_path / f"out.{fmt}"
    assert prepared.write(fmt, out) == graph.triple_count
    assert out.read_bytes() == graph.serialize(fmt)


@pytest.mark.parametrize("fmt", UNIONS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_union_s_owned_subjects_are_rendered_where_they_are_mapped(monkeypatch, tmp_path, generated, fmt, jobs):
    """Most of a union's subjects come rendered from the processes that map their documents,
    the evocations' nodes among them, and the bytes are the same; films the links graph names
    (similar films) are merged here."""
    written: list[UnionWriter] = []
    monkeypatch.setattr(UnionWriter, "close", lambda self: written.append(self))
    prepared = builder.prepare([generated], builder.BuildOptions(jobs=jobs), union=True)
    out = tmp_path / f"out.{fmt}"
    count = prepared.write(fmt, out)
    prepared.close()
    graph = build_graph([generated], jobs=jobs)
    assert out.read_bytes() == graph.serialize(fmt) and count == graph.triple_count
    rendered = {subject for subject, _, _ in written[0].index}
    quads = list(graph.quads())
    assert len(rendered) > len({q[0] for q in quads}) / 2
    evoking = {q[0] for q in quads if q[0].startswith(f"<{DEFAULT_BASE}link/evokes/")}
    assert evoking and evoking <= rendered
    similar = {q[0] for q in quads if q[1] == f"<{SIMILAR_TO}>"}
    assert similar and not rendered & (similar | prepared.named)  # what a corpus graph names too is merged here


def test_two_analyses_of_one_film_to_turtle_as_in_memory(invoke, tmp_path):
    """A film two documents describe: its analyses own their own nodes of it, not the film."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / "her.txt")
    shutil.copy(ROOT / "tests" / "documents" / "lighthouse_keeper.txt", folder / "lighthouse.txt")
    shutil.copy(SEED, folder / "her-again.txt")
    graph = build_graph([folder])
    out = tmp_path / "out.ttl"
    result = invoke("build", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == graph.serialize("turtle")
    assert result.stderr.splitlines()[-1] == summary(graph, out)


@pytest.mark.parametrize("fmt", UNIONS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_shared_film_or_nested_iris_leave_the_other_documents_their_subjects(monkeypatch, tmp_path, generated,
                                                                               fmt, jobs):
    """A second analysis of one film and a document below another's IRI: the documents
    concerned render what is theirs alone (none of it, when nested), the others all theirs,
    and the bytes and count are the same."""
    written: list[UnionWriter] = []
    monkeypatch.setattr(UnionWriter, "close", lambda self: written.append(self))
    folder = tmp_path / "docs"
    shutil.copytree(generated, folder)
    shutil.copy(folder / "film_000001.txt", folder / "film_000001-again.txt")
    (folder / "film_000002").mkdir()
    shutil.copy(DOCUMENTS / "quiet_orbit.txt", folder / "film_000002" / "orbit.txt")
    graph = build_graph([folder], jobs=jobs)
    prepared = builder.prepare([folder], builder.BuildOptions(jobs=jobs), union=True)
    out = tmp_path / f"out.{fmt}"
    assert prepared.write(fmt, out) == graph.triple_count
    prepared.close()
    assert out.read_bytes() == graph.serialize(fmt)
    rendered = {subject for subject, _, _ in written[0].index}
    quads = list(graph.quads())
    about = {q[0]: q[2] for q in quads if q[1] == "<https://schema.org/about>"}

    def subjects(start: str) -> set[str]:
        return {q[0] for q in quads if q[0] == f"{start}>" or q[0].startswith(f"{start}/")}

    document = f"<{DEFAULT_BASE}document/film_00000"
    shared, again = about[f"{document}1>"], subjects(f"{document}1-again")
    assert about[f"{document}1-again>"] == shared and shared not in rendered
    assert again - prepared.named <= rendered and subjects(f"{shared[:-1]}/by/film_000001-again") <= rendered
    nested = subjects(f"{document}2") | subjects(about[f"{document}2>"][:-1])
    assert len(nested) > 20 and not nested & rendered
    assert subjects(f"{document}3") - prepared.named <= rendered
    assert len(rendered) > len({q[0] for q in quads}) / 2


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_a_shared_film_or_nested_iris_leave_the_other_graphs_their_subjects(monkeypatch, tmp_path, generated, fmt):
    """TriG and N-Quads: a second analysis of one film owns its own nodes (not the film), the
    graphs nested in another's IRI own nothing, the others all theirs, so that the triples
    counted in one set stay the vocabulary and not the corpus; the bytes and count are the same."""
    folder = tmp_path / "docs"
    shutil.copytree(generated, folder)
    shutil.copy(folder / "film_000001.txt", folder / "film_000001-again.txt")
    (folder / "film_000002").mkdir()
    shutil.copy(DOCUMENTS / "quiet_orbit.txt", folder / "film_000002" / "orbit.txt")
    written: list[tuple[int, int]] = []  # each graph's owned triples and those sent to the set
    graphs = builder.StreamedBuild._graphs

    def noted(self, setup, tasks, pool):
        for done in graphs(self, setup, tasks, pool):
            written.append((done[2], len(done[3])))
            yield done

    monkeypatch.setattr(builder.StreamedBuild, "_graphs", noted)
    graph = build_graph([folder], jobs=2)
    prepared = builder.prepare([folder], builder.BuildOptions(jobs=2))
    out = tmp_path / f"out.{fmt}"
    assert prepared.write(fmt, out) == graph.triple_count
    assert out.read_bytes() == graph.serialize(fmt)
    owned = dict(zip(prepared._graph_names(), written))
    document = f"<{DEFAULT_BASE}document/film_00000"
    assert owned[f"{document}2>"][0] == 0 and owned[f"{document}2/orbit>"][0] == 0
    again, first = owned[f"{document}1-again>"], owned[f"{document}1>"]
    assert again[0] > 20 and first[0] > 20 and again[0] < owned[f"{document}3>"][0]
    assert sum(mine for mine, _ in written) > 5 * sum(sent for _, sent in written)  # measured: 36,847 and 5,873


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
def test_a_build_leaves_no_temporary_files(tmp_path, fmt):
    """What a streamed build spools (runs, index, summaries) is gone when it ends, written or failed."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    folder = tmp_path / "docs"
    write_corpus(folder, 80)  # more than PARALLEL_FROM: worker processes
    env = {**os.environ, "TMPDIR": str(temporary)}
    out = tmp_path / f"out.{'ttl' if fmt == 'turtle' else 'nq'}"
    done = subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", str(folder), "-o", str(out), "--jobs", "2"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0 and list(temporary.iterdir()) == []
    (folder / "zz-broken.txt").write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "filmgraph.cli", "build", str(folder), "-o", str(out), "--jobs", "2"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("error: ")
    assert list(temporary.iterdir()) == []


def test_what_a_killed_build_left_is_removed_by_the_next(tmp_path, generated):
    """A build killed (SIGKILL, no chance to clean up) leaves its named temporary files and
    folders; the next build removes them, and leaves those of a build still running."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    command = [sys.executable, "-m", "filmgraph.cli", "build", str(generated), "--jobs", "2"]
    out = tmp_path / "out" / "corpus.ttl"
    out.parent.mkdir()
    killed = subprocess.Popen([*command, "-o", str(out)], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # until it has written its first runs
            if any(f"filmgraph-{killed.pid}-runs." in p.parent.name for p in temporary.rglob("*")):
                break
            assert killed.poll() is None, "the build ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    left = {p.name for p in temporary.iterdir()}
    assert left and all(name.startswith(f"filmgraph-{killed.pid}-") for name in left)
    [beside] = [p.name for p in out.parent.iterdir()]  # the output as far as it was written
    assert beside.startswith(f".corpus.ttl.filmgraph-{killed.pid}-write.")
    running = temporary / f"filmgraph-{os.getpid()}-spool.kept"  # this process's: it runs
    running.write_bytes(b"")
    done = subprocess.run([*command, "-o", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in temporary.iterdir()] == [running.name]
    assert [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.parametrize("fmt", UNIONS)
def test_a_document_changed_while_a_union_is_written_leaves_nothing_behind(monkeypatch, tmp_path, generated, fmt):
    """A failure in the second pass (a document changed since the first): an error naming it,
    no output, and every temporary file and folder gone (the processes' too)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    folder = tmp_path / "docs"
    shutil.copytree(generated, folder)
    prepared = builder.prepare([folder], builder.BuildOptions(jobs=2), union=True)
    changed = sorted(folder.glob("*.txt"))[-1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Drama", "Comedy", 1) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    with pytest.raises(builder.InputError, match="changed"):
        prepared.write(fmt, out)
    prepared.close()
    assert not out.exists() and list(temporary.iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.text(max_size=6)), max_size=300),
       st.integers(1, 40), st.integers(1, 9), st.integers(1, 50))
def test_sorted_runs_give_each_triple_once_in_order_a_range_at_a_time(rows, run, step, lines):
    """Any runs, chunk size and range size: every triple once, in order, and no subject in two ranges."""
    triples = [(f"<http://example.org/s{s}>", f"<http://example.org/p{p}>", '"' + o.replace("\\", "").replace('"', "")
                .replace("\n", "").replace("\r", "") + '"') for s, p, o in rows]
    runs = SortedRuns()
    runs.RUN, runs.STEP = run, step
    try:
        for triple in triples:
            runs.add(*triple)
        ranges = [read_range(part) for part in runs.ranges(lines)]
    finally:
        runs.close()
    assert [t for part in ranges for t in part] == sorted(set(triples))
    subjects = [{t[0] for t in part} for part in ranges]
    assert all(not (a & b) for i, a in enumerate(subjects) for b in subjects[i + 1:])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30), st.integers(0, 20)), max_size=400),
       st.integers(1, 9), st.integers(2, 4), st.booleans())
def test_sorted_lines_merge_their_runs_as_they_go(tmp_path_factory, rows, run, fan_in, named):
    """Any run length and fan-in: every quad once, in order; never fan_in runs of one size
    left unmerged (the files open at once stay few); named runs' files are only those open."""
    quads = [(f"<http://example.org/s{s}>", "<http://example.org/p>", f'"{o}"', f"<http://example.org/g{g}>")
             for g, s, o in rows]
    folder = tmp_path_factory.mktemp("runs") if named else None
    lines = builder._SortedLines(str(folder) if folder else None)
    lines.RUN, lines.FAN_IN = run, fan_in
    try:
        lines.extend(quads)
        assert all(count < fan_in for count in Counter(lines.sizes).values())
        assert len(lines.runs) <= (fan_in - 1) * (1 + math.log(max(1, len(quads) // run), fan_in)) + 1
        if folder:
            assert sorted(p.name for p in folder.iterdir()) == sorted(Path(r.name).name for r in lines.runs)
        assert list(lines) == sorted(set(quads), key=lambda q: (q[3], q[0], q[1], q[2]))
    finally:
        lines.close()


def test_graphs_nested_in_another_s_iri_are_found_whatever_sorts_between_them():
    """<a> and <a/x> nest though <a-b> and <a.b> sort between them ('-' and '.' before '/',
    and '>' after both, as the names sorted with their brackets would have put <a> last)."""
    base = "http://example.org/document/"
    graphs = [f"<{base}{name}>" for name in ("a/x", "a-b", "a.b", "a", "ab", "b/c/d", "b/c", "c")]
    assert builder._nesting(graphs) == {f"<{base}{name}>" for name in ("a", "a/x", "b/c", "b/c/d")}


@given(st.lists(st.lists(st.sampled_from("ab-./"), min_size=1, max_size=5).map("".join), unique=True, max_size=30))
def test_nesting_is_every_graph_below_or_above_another(names):
    """Any names: the graphs found are exactly those whose IRI begins another's, up to a '/', or
    begins with another's so."""
    graphs = [f"<http://example.org/document/{name}>" for name in names]
    iris = [g[1:-1] for g in graphs]
    expected = {f"<{a}>" for a in iris for b in iris if a != b and (b.startswith(a + "/") or a.startswith(b + "/"))}
    assert builder._nesting(graphs) == expected


@given(st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 200)), max_size=60), st.integers(1, 300))
def test_the_union_s_spool_reader_gives_the_bytes_asked_for(reads, window):
    """Any reads, backwards or forwards, longer or shorter than the window, up to the end."""
    from filmgraph.union import _Reader

    data = bytes(range(256)) * 12
    with tempfile.TemporaryFile() as spool:
        spool.write(data)
        spool.flush()
        reader = _Reader(spool.fileno())
        reader.WINDOW = window
        for offset, length in reads:
            length = min(length, len(data) - offset)
            assert reader.read(offset, length) == data[offset:offset + length]


def test_sorted_runs_keep_every_character_a_literal_may_hold(tmp_path):
    """Lines are cut at line ends only: a literal's U+2028, U+0085 or form feed stays in it."""
    runs = SortedRuns()
    runs.RUN = 3
    triples = [(f"<http://example.org/s{i % 7}>", "<http://example.org/p>", f'"line\u2028{i}\x85 \x0c end"')
               for i in range(40)]
    triples = [(s, p, o.encode().decode("unicode_escape")) for s, p, o in triples]
    for triple in reversed(triples):
        runs.add(*triple)
    runs.add(*triples[0])  # a repeat
    read = [t for part in runs.ranges(5) for t in read_range(part)]
    folder = Path(runs.folder)
    runs.close()
    assert read == sorted(triples) and not folder.exists()


def _peak_mib(*args: str) -> float:
    """Peak resident memory of one filmgraph process (its own high-water mark)."""
    return filmgraph_peak(*args)[0]


@pytest.mark.slow
def test_nquads_of_2000_documents_in_bounded_memory(tmp_path):
    """Written a graph at a time, 2,000 documents stay far below what holding all their quads
    takes (the in-memory build needed about 600 MiB for them; the streaming one about 170)."""
    folder = tmp_path / "docs"
    write_corpus(folder, 2000)
    peak = _peak_mib("build", str(folder), "--jobs", "1", "--format", "nquads", "--no-links", "-o", str(tmp_path / "c.nq"))
    assert peak < 300, f"peak {peak:.0f} MiB"


#: Said at exit by the measured process: the largest peak of the processes it started and waited for.
_CHILDREN = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write(
    "\\nfilmgraph-children-peak-kib %d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def _tree_peak_mib(*args: str) -> float:
    """Peak resident memory of a filmgraph process or of the largest of the processes it started."""
    done = subprocess.run([sys.executable, "-c", _CHILDREN + _MEASURED, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("filmgraph-")]
    assert len(peaks) == 2, done.stderr
    return max(peaks) / 1024


#: What a streamed build may grow by from 1,000 to 10,000 documents (the vocabulary they share).
_GROWTH = 60


@pytest.mark.slow
def test_a_streaming_build_does_not_grow_from_1000_to_10000_documents(tmp_path):
    """--jobs 2: the main process, the parsing and writing processes and the one that learns
    the theme lines each stay about as small at 10,000 documents as at 1,000: they grow by the
    vocabulary the documents share, some 40 MiB, not by the documents (measured: about 75 and
    115 MiB since the build imports only what it uses, 105 and 140 before, 145 and 206 before
    that; holding the graph took 1.4 GiB at 10,000). As real corpora are: one film two
    documents describe, and one document's name below another's (before, either made every
    triple go through one set: 441 MiB at 10,000 documents and one film described twice,
    and 1.2 GiB to TriG with the links graph)."""
    peaks = []
    for count in (1000, 10000):
        folder = tmp_path / str(count)
        write_corpus(folder, count)
        shutil.copy(folder / "film_000001.txt", folder / "film_000001-again.txt")
        (folder / "film_000002").mkdir()
        shutil.copy(DOCUMENTS / "quiet_orbit.txt", folder / "film_000002" / "orbit.txt")
        peaks.append(_tree_peak_mib("build", str(folder), "--jobs", "2", "--format", "nquads", "--no-links",
                                    "-o", str(tmp_path / f"{count}.nq")))
        shutil.rmtree(folder)
    small, large = peaks
    assert large < small + _GROWTH and large < 250, f"peaks {small:.0f} and {large:.0f} MiB"


@pytest.mark.slow
def test_the_links_graph_keeps_every_process_small_from_1000_to_10000_documents(tmp_path):
    """--jobs 2 with the links graph (the default): the evocations are made in the processes
    that map the documents and the other links in a process of their own, so no process holds
    the corpus's texts or its links (before: the main process derived them, 351 MiB at 10,000
    documents, 997 at 100,000)."""
    peaks = []
    for count in (1000, 10000):
        folder = tmp_path / str(count)
        write_corpus(folder, count)
        peaks.append(_tree_peak_mib("build", str(folder), "--jobs", "2", "--format", "nquads",
                                    "-o", str(tmp_path / f"{count}.nq")))
        shutil.rmtree(folder)
    small, large = peaks
    assert large < small + _GROWTH and large < 250, f"peaks {small:.0f} and {large:.0f} MiB"


def _spool_name(path: str) -> tuple[int, str]:
    built = builder.prepare([path])
    try:
        return os.getpid(), built.spool.file.name
    finally:
        built.close()


def test_a_build_in_a_process_forked_after_import_names_its_files_for_that_process():
    """A notebook that imported filmgraph and forks a process to build: the build's files are
    named for the process that builds, so that once it is killed the next build removes them
    (not only once the notebook ends)."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        pid, name = pool.apply(_spool_name, (str(SEED),))
    assert pid != os.getpid() and Path(name).name.startswith(f"filmgraph-{pid}-spool.")


def test_the_sweep_removes_only_what_builds_make(tmp_path):
    """Names that only look like a build's (a user's folder, a number too large for a pid) are
    left alone, and none stops the sweep; a dead build's spool is removed."""
    from filmgraph import scratch

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    theirs = [tmp_path / "filmgraph-2026-results", tmp_path / f"filmgraph-{pid}-backup.ttl",
              tmp_path / "filmgraph-99999999999999999999-spool.abcdefgh"]
    theirs[0].mkdir()
    (theirs[0] / "notes.txt").write_text("mine")
    for path in theirs[1:]:
        path.write_text("mine")
    left = tmp_path / f"filmgraph-{pid}-spool.k2j_x9ab"
    left.write_bytes(b"")
    assert scratch.sweep(str(tmp_path)) == [str(left)]
    assert all(path.exists() for path in theirs) and (theirs[0] / "notes.txt").exists()
