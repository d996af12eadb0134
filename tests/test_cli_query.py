"""filmgraph query and queries: names, paths, inline SPARQL, bindings, limits, stores, errors."""

from __future__ import annotations

from conftest import HER_TTL, ROOT

HER = "https://w3id.org/filmgraph/id/film/her-2013"


def test_queries_lists_every_bundled_query(invoke):
    out = invoke("queries").stdout
    for name in ("film-card", "cast", "film-themes", "film-motifs", "film-questions", "motif-readings",
                 "similar-films", "people-roles", "concept-counts", "box-office", "provenance", "film-subgraph",
                 "sanity"):
        assert f"{name}: " in out


def test_name_path_and_inline_give_the_same_rows(invoke):
    by_name = invoke("query", "cast", "-d", HER_TTL, "--format", "csv").stdout_bytes
    by_path = invoke("query", ROOT / "queries" / "cast.rq", "-d", HER_TTL, "--format", "csv").stdout_bytes
    inline = invoke("query", (ROOT / "queries" / "cast.rq").read_text(), "-d", HER_TTL, "--format", "csv").stdout_bytes
    assert by_name == by_path == inline
    assert by_name.count(b"\r\n") == 6


def test_default_data_folder(invoke, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert invoke("query", "sanity").stdout == "yes\n"


def test_bind_typed_values_safely(invoke):
    out = invoke("query", "cast", "-d", HER_TTL, "--bind", f"film={HER}", "--format", "csv").stdout
    assert out.count("Her,") == 5
    other = invoke("query", "cast", "-d", HER_TTL, "--bind", "film=<https://example.org/nothing>", "--format", "csv")
    assert other.stdout_bytes == b"film,title,order,person,name\r\n"
    # A value that tries to break out of the query is one literal, not SPARQL.
    sneaky = invoke("query", "SELECT ?n WHERE { ?p <https://schema.org/name> ?n }", "-d", HER_TTL,
                    "--bind", 'n=x" } UNION { ?s ?p ?o } #', "--format", "csv")
    assert sneaky.exit_code == 0 and sneaky.stdout_bytes == b"n\r\n"
    typed = invoke("query", "SELECT ?r ?o WHERE { ?r <https://w3id.org/filmgraph/billingOrder> ?o }", "-d", HER_TTL,
                   "--bind", "o=3", "--format", "csv")
    assert typed.stdout.splitlines()[1].endswith("/cast/3,3")
    unprojected = invoke("query", "SELECT ?r WHERE { ?r <https://w3id.org/filmgraph/billingOrder> ?o }", "-d", HER_TTL,
                         "--bind", "o=3")
    assert unprojected.exit_code == 0
    assert unprojected.stdout.splitlines()[2].endswith("/cast/3")
    lang = invoke("query", "SELECT ?f ?t WHERE { ?f <https://schema.org/name> ?t }", "-d", HER_TTL,
                  "--bind", 't="Her"@en', "--format", "csv")
    assert lang.stdout.splitlines()[1] == f"{HER},Her"


def test_limit(invoke):
    out = invoke("query", "cast", "-d", HER_TTL, "--limit", "2", "--format", "csv").stdout
    assert len(out.splitlines()) == 3


def test_persistent_store_is_loaded_once(invoke, tmp_path):
    data = tmp_path / "her.ttl"
    data.write_bytes(HER_TTL.read_bytes())
    store = tmp_path / "store"
    first = invoke("query", "cast", "-d", data, "--store", store, "--format", "csv")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.count("Her,") == 5
    stamp = (store / "filmgraph-files.json").stat().st_mtime_ns
    again = invoke("query", "cast", "-d", data, "--store", store, "--format", "csv")
    assert again.stdout == first.stdout
    assert (store / "filmgraph-files.json").stat().st_mtime_ns == stamp
    data.write_bytes(HER_TTL.read_bytes().replace(b'"Gabe Gomez"', b'"Gabe G."'))
    changed = invoke("query", "cast", "-d", data, "--store", store, "--format", "csv")
    assert "Gabe G." in changed.stdout and "Gabe Gomez" not in changed.stdout


def test_persistent_store_is_not_written_among_other_files(invoke, tmp_path):
    folder = tmp_path / "data"  # --store data, say, where -d data was meant
    folder.mkdir()
    (folder / "her.ttl").write_bytes(HER_TTL.read_bytes())
    result = invoke("query", "cast", "-d", folder, "--store", folder)
    assert result.exit_code == 1
    assert result.stderr == (f"error: {folder}: holds 'her.ttl' and is no filmgraph store; "
                             "give --store a new or empty folder\n")
    assert sorted(p.name for p in folder.iterdir()) == ["her.ttl"]
    # an empty folder is fine, and so is a store whose loading was cut short (no stamp yet)
    store = tmp_path / "store"
    store.mkdir()
    assert invoke("query", "sanity", "-d", HER_TTL, "--store", store).exit_code == 0
    (store / "filmgraph-files.json").unlink()
    again = invoke("query", "sanity", "-d", HER_TTL, "--store", store)
    assert again.exit_code == 0 and again.stdout.startswith("yes")


def test_errors_are_one_line(invoke, tmp_path):
    broken_rq = tmp_path / "broken.rq"
    broken_rq.write_text("# a query with a mistake on line 2\nSELEC ?s WHERE {\n  ?s ?p ?o }\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        (("query", "no-such-query", "-d", HER_TTL), "error: no-such-query: no bundled query of that name"),
        (("query", "SELECT * WHERE {\n ?s ?p }", "-d", HER_TTL), "error: SPARQL syntax error at line 2, column "),
        (("query", broken_rq, "-d", HER_TTL), f"error: {broken_rq}:2: SPARQL syntax error at column "),
        (("query", broken_rq, "-d", HER_TTL, "--bind", "s=1"), f"error: {broken_rq}:2: SPARQL syntax error "),
        (("query", "cast", "-d", tmp_path / "missing.ttl"), f"error: {tmp_path / 'missing.ttl'}: no such file"),
        (("query", "cast", "-d", HER_TTL, "--format", "turtle"), "error: --format turtle is for CONSTRUCT"),
        (("query", "cast", "-d", HER_TTL, "--bind", "nonsense"), "error: --bind takes VAR=VALUE"),
        # a typo in a variable's name would otherwise bind nothing and answer for every film
        (("query", "cast", "-d", HER_TTL, "--bind", "flim=1"), "error: --bind flim: the query has no variable ?flim"),
        (("query", "SELECT ?s WHERE { ?s ?p ?o } # ?o2", "-d", HER_TTL, "--bind", "o2=1"),
         "error: --bind o2: the query has no variable ?o2"),
        (("query", "cast", "-d", HER_TTL, "--bind", 'film="x'), "error: --bind film: not an RDF term: '\"x' "
         "(Unexpected end of file)"),
        (("query", "", "-d", HER_TTL), "error: the query is empty"),
        (("query", "cast", "-d", empty), f"error: {empty}: no RDF files in this folder"),
        (("stats", empty), f"error: {empty}: no RDF files in this folder"),
        # the query and its bindings are checked before any data is read
        (("query", "no-such-query", "-d", tmp_path / "missing.ttl"), "error: no-such-query: no bundled query"),
        (("query", "cast", "-d", tmp_path / "missing.ttl", "--bind", "flim=1"), "error: --bind flim: "),
        # a failed write names the file asked for, not the temporary file beside it
        (("query", "cast", "-d", HER_TTL, "-o", tmp_path / "no" / "such" / "folder.csv"),
         f"error: {tmp_path / 'no' / 'such' / 'folder.csv'}: No such file or directory"),
    ]
    for args, start in cases:
        result = invoke(*args)
        assert result.exit_code == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(start), lines
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/s> <http://x/p> .\n")
    result = invoke("query", "cast", "-d", bad)
    assert result.exit_code == 1
    assert result.stderr == f"error: {bad}:1: not valid RDF: Parser error at line 1 column 27: . is not a valid RDF object\n"
    assert invoke("query", "cast", "--format", "yaml").exit_code == 2
    for seconds in ("nan", "inf", "1e400", "-1"):  # click's FloatRange lets nan and inf through
        result = invoke("query", "cast", "-d", HER_TTL, "--timeout", seconds)
        assert result.exit_code == 2 and "Invalid value for '--timeout'" in result.stderr, seconds
