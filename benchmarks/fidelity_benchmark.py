#!/usr/bin/env python3
"""Benchmark: how much of what the documents state comes back out of the graph, field by field.

    .venv/bin/python benchmarks/fidelity_benchmark.py [N] [--seed S] [--vs REV | --no-vs]
                                                      [--show-mismatches K] [--keep DIR]
                                                      (default: 3000 documents, --vs 62871aa)

Writes N synthetic documents and their ground truth (filmgraph.synthetic.truth), builds
them with `filmgraph build FOLDER -o corpus.trig --skip-bad` as its own process, loads
the TriG into pyoxigraph and reads every field back with SPARQL per document graph
(each document is a named graph named by the document's IRI, with fg:fileName). Each
field is compared with the truth exactly: themes, genres, countries, directors, motifs
and questions as sets, the cast as a list in billing order, and a field the document
leaves out must be missing. A skipped document is wrong in every field.

With --vs REV (default: 62871aa, the code before this round's parser change) the same
corpus is also built with that git revision's code, unpacked into a
temporary folder by `git archive` (the repository is left as it is) and run by the same Python, so the table has a
"before" and a "now" column. The first K mismatches per field of the current build
go to stderr with the document's line, so that one can see what goes wrong.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from filmgraph.synthetic import TRUTH_FIELDS, write_corpus, write_truth

ROOT = Path(__file__).resolve().parent.parent
FILMGRAPH = Path(sys.executable).with_name("filmgraph")
DEFAULT_BEFORE = "62871aa"

PREFIXES = """
PREFIX fg: <https://w3id.org/filmgraph/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
#: The part of every query that finds a document's graph, its file name and its film.
DOC = "GRAPH ?g { ?g fg:fileName ?name ; schema:about ?f . %s }"

#: Field -> the graph pattern binding ?v (and, for the cast, ?o; for money, ?c).
PATTERNS: dict[str, str] = {
    "title": "?f schema:name ?v",
    "directors": "?f schema:director ?p . ?p schema:name ?v",
    "cast": "?f schema:actor ?r . ?r fg:billingOrder ?o ; schema:actor ?p . ?p schema:name ?v",
    "genres": "?f schema:genre ?c . ?c skos:prefLabel ?v",
    "themes": "?f fg:theme ?c . ?c skos:prefLabel ?v",
    "motifs": "?f fg:hasMotifReading ?r . ?r fg:motif ?c . ?c skos:prefLabel ?v",
    "questions": "?f fg:hasDiscussion ?r . ?r fg:question ?c . ?c skos:prefLabel ?v",
    "date": "?f schema:datePublished ?v",
    "countries": "?f schema:countryOfOrigin ?v",
    "runtime": "?f schema:duration ?v",
    "rating": "?f schema:aggregateRating ?r . ?r schema:ratingValue ?v",
    "votes": "?f schema:aggregateRating ?r . ?r schema:ratingCount ?v",
    "budget": "?f fg:budget ?m . ?m schema:value ?v . OPTIONAL { ?m schema:currency ?c }",
    "box_office": "?f fg:boxOffice ?m . ?m schema:value ?v . OPTIONAL { ?m schema:currency ?c }",
    "tagline": "?f fg:tagline ?v",
}
assert tuple(PATTERNS) == TRUTH_FIELDS
SET_FIELDS = {"directors", "genres", "themes", "motifs", "questions", "countries"}
_COUNTRY_IRI = re.compile(r"/country/([A-Z]{2})$")
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _minutes(text: str) -> int | str:
    m = _DURATION.match(text)
    if not m or not any(m.groups()):
        return text
    hours, minutes, seconds = m.groups()
    total = int(hours or 0) * 60 + int(minutes or 0) + Decimal(seconds or 0) / 60
    return int(total) if total == int(total) else text


def _country(iri: str) -> str:
    m = _COUNTRY_IRI.search(iri)
    return m.group(1) if m else f"<{iri.rsplit('/', 1)[-1]}>"


#: How a value read from the graph is put in the truth's terms.
READ: dict[str, Callable[[Any], Any]] = {
    "countries": lambda row: _country(row["v"].value),
    "runtime": lambda row: _minutes(row["v"].value),
    "rating": lambda row: _number(row["v"].value),
    "votes": lambda row: _number(row["v"].value),
    "budget": lambda row: (_number(row["v"].value), row["c"].value if row["c"] else None),
    "box_office": lambda row: (_number(row["v"].value), row["c"].value if row["c"] else None),
    "cast": lambda row: (int(row["o"].value), row["v"].value),
}


def expected(field: str, value: Any) -> Any:
    """The truth of one field in the form `read_back` gives: a set, a list or a set of one value."""
    if field == "cast":
        return list(value)
    if field in SET_FIELDS:
        return set(value)
    if value is None:
        return set()
    if field in ("rating", "votes"):
        return {Decimal(value)}
    if field in ("budget", "box_office"):
        return {(Decimal(value), "USD")}
    return {value}


def read_back(store: ox.Store) -> dict[str, dict[str, Any]]:
    """Field -> file name -> what the graph states, in the form `expected` gives."""
    out: dict[str, dict[str, Any]] = {}
    for field, pattern in PATTERNS.items():
        read = READ.get(field, lambda row: row["v"].value)
        values: dict[str, Any] = {}
        for row in store.query(PREFIXES + "SELECT * WHERE { " + DOC % pattern + " }"):
            values.setdefault(row["name"].value, []).append(read(row))
        if field == "cast":
            out[field] = {name: [v for _, v in sorted(set(items))] for name, items in values.items()}
        else:
            out[field] = {name: set(items) for name, items in values.items()}
    return out


def documents_in(store: ox.Store) -> set[str]:
    return {row["name"].value for row in store.query(PREFIXES + "SELECT DISTINCT ?name WHERE { " + DOC % "" + " }")}


def run_build(command: list[str], folder: Path, out: Path) -> dict[str, Any]:
    """Run one build; its seconds, exit status, skipped documents and summary line."""
    start = time.perf_counter()
    proc = subprocess.run([*command, "build", str(folder), "-o", str(out), "--skip-bad"], cwd=folder.parent,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    skipped = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"^skipped: (.*?\.txt):(\d+): (.*)$", line)
        if m:
            skipped[Path(m.group(1)).name] = f"line {m.group(2)}: {m.group(3)}"
    lines = proc.stderr.strip().splitlines()
    return {"seconds": seconds, "status": proc.returncode, "skipped": skipped,
            "summary": lines[-1] if lines else "", "stderr": proc.stderr, "out": out}


def score(build: dict[str, Any], truths: dict[str, dict]) -> dict[str, Any]:
    """Per field: documents exactly right, and the mismatches."""
    result: dict[str, Any] = {"right": {f: 0 for f in TRUTH_FIELDS}, "all": 0, "built": 0,
                              "mismatches": {f: [] for f in TRUTH_FIELDS}}
    if build["status"] != 0 or not build["out"].exists():
        return result
    store = ox.Store()
    store.bulk_load(path=str(build["out"]), format=ox.RdfFormat.TRIG)
    built = documents_in(store)
    graph = read_back(store)
    result["built"] = len(built & set(truths))
    for name, truth in truths.items():
        every = True
        for field in TRUTH_FIELDS:
            want = expected(field, truth[field])
            got = graph[field].get(name, [] if field == "cast" else set())
            if name in built and got == want:
                result["right"][field] += 1
            else:
                every = False
                result["mismatches"][field].append((name, want, got if name in built else None))
        result["all"] += every
    return result


def _show(value: Any) -> str:
    if isinstance(value, set):
        value = sorted(value, key=str)
        if len(value) == 1 and not isinstance(value[0], tuple):
            value = value[0]
    if isinstance(value, tuple):
        value = [str(v) for v in value]
    if isinstance(value, list):
        value = [str(v) if isinstance(v, (Decimal, tuple)) else v for v in value]
    return json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, Decimal) else str(value)


def source_line(lines: list[str], field: str, truth: dict) -> str:
    """The document line a field is written on (found from the truth, not by parsing)."""
    header = lines[: lines.index("Symbols & Motifs")] if "Symbols & Motifs" in lines else lines
    meta = next((l for l in header[4:] if "⭐" in l or re.search(r"\d+ min$", l)), None)
    find = {
        "title": lambda: lines[0],
        "directors": lambda: next((l for l in header if l.startswith("Director:")), "(no Director line)"),
        "cast": lambda: next((l for l in header if l.startswith("Cast:")), "(no Cast line)"),
        "genres": lambda: " ".join(truth["genres"]) if truth["genres"] else "(no genre line)",
        "themes": lambda: next((l for l in header if l in (" ".join(truth["themes"]),
                                                          " | ".join(truth["themes"]))), "?"),
        "budget": lambda: next((l for l in header if l.startswith("Budget:")), "(no Budget line)"),
        "box_office": lambda: next((l for l in header if l.startswith("Box Office:")), "(no Box Office line)"),
        "tagline": lambda: next((l for l in header[1:7] if l[:1] in '"“'), "(no tagline)"),
    }
    if field in ("motifs", "questions"):
        return f"title: {lines[0]}"
    return find[field]() if field in find else (meta or "(no metadata line found)")


def print_mismatches(label: str, result: dict, build: dict, folder: Path, truths: dict, limit: int) -> None:
    if limit <= 0:
        return
    print(f"\n## First mismatches per field ({label})", file=sys.stderr)
    for field in TRUTH_FIELDS:
        misses = result["mismatches"][field]
        if not misses:
            continue
        print(f"\n{field}: {len(misses)} wrong", file=sys.stderr)
        for name, want, got in misses[:limit]:
            lines = (folder / name).read_text(encoding="utf-8").split("\n")
            print(f"  {name}: {source_line(lines, field, truths[name])}", file=sys.stderr)
            if got is None:
                print(f"    skipped: {build['skipped'].get(name, 'not in the graph')}", file=sys.stderr)
            else:
                print(f"    expected {_show(want)}\n    got      {_show(got)}", file=sys.stderr)


def checkout(rev: str, where: Path) -> Path:
    """The files of a revision, unpacked into a folder of where (git archive: the repository is not changed)."""
    path = where / f"filmgraph-{re.sub(r'[^A-Za-z0-9._-]', '_', rev)}"
    path.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(path, filter="data")
    return path


def old_command(source: Path) -> list[str]:
    """The same Python running the filmgraph CLI of another checkout's src/."""
    code = (f"import sys; sys.path.insert(0, {str(source)!r}); import filmgraph; "
            f"assert filmgraph.__file__.startswith({str(source)!r}), filmgraph.__file__; "
            "from filmgraph.cli import main; sys.argv[0] = 'filmgraph'; main()")
    return [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=3000, help="documents (default 3000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--vs", default=DEFAULT_BEFORE, metavar="REV",
                        help=f"also build with this git revision's code (default {DEFAULT_BEFORE})")
    parser.add_argument("--no-vs", action="store_true", help="build with the current code only")
    parser.add_argument("--show-mismatches", type=int, default=3, metavar="K",
                        help="first K mismatches per field of the current build, to stderr (default 3; 0: none)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the corpus, truth and outputs into DIR (kept) instead of a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        folder = work / "docs"
        if folder.exists() and any(folder.iterdir()):
            parser.error(f"{folder} is not empty: give --keep a new folder")
        start = time.perf_counter()
        write_corpus(folder, args.count, args.seed)
        truth_path = write_truth(work / "truth.json", args.count, args.seed)
        truths = json.loads(truth_path.read_text(encoding="utf-8"))
        print(f"{args.count:,} documents and their truth written in {time.perf_counter() - start:.1f} s",
              file=sys.stderr)

        columns: list[tuple[str, dict, dict]] = []
        if not args.no_vs:
            tree = checkout(args.vs, Path(tmp))
            before = run_build(old_command(tree / "src"), folder, work / "before.trig")
            columns.append((f"before ({args.vs})", before, score(before, truths)))
        now_command = [str(FILMGRAPH)] if FILMGRAPH.exists() else [sys.executable, "-m", "filmgraph.cli"]
        now = run_build(now_command, folder, work / "now.trig")
        columns.append(("now", now, score(now, truths)))

        for label, build, _ in columns:
            if build["status"] != 0:
                print(f"{label}: build failed (exit {build['status']}):\n{build['stderr'][-2000:]}", file=sys.stderr)
        label, build, result = columns[-1]
        print_mismatches(label, result, build, folder, truths, args.show_mismatches)

        n = args.count
        print(f"\nFidelity over {n:,} synthetic documents (seed {args.seed}): share of documents whose field "
              "reads back exactly as the document states it.\n")
        print("| field | " + " | ".join(label for label, _, _ in columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for field in TRUTH_FIELDS:
            print(f"| {field} | " + " | ".join(f"{r['right'][field] / n:.1%}" for _, _, r in columns) + " |")
        print("| **every field** | " + " | ".join(f"**{r['all'] / n:.1%}**" for _, _, r in columns) + " |")
        print("| documents built | " + " | ".join(f"{r['built']:,}" for _, _, r in columns) + " |")
        print("| documents skipped | " + " | ".join(f"{len(b['skipped']):,}" for _, b, _ in columns) + " |")
        print("| build seconds | " + " | ".join(f"{b['seconds']:.1f}" for _, b, _ in columns) + " |")
        for label, build, _ in columns:
            print(f"\n{label}: {build['summary']}", file=sys.stderr)


if __name__ == "__main__":
    main()
