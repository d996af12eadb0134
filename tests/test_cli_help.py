"""Every command's --help has an example, and every example runs; docs/cli.md is the help as it is."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from conftest import DOCUMENTS, ROOT, SEED, free_port
from filmgraph.cli import cli


def _help(invoke, name: str) -> str:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    return result.stdout


def _examples(text: str) -> list[str]:
    """The command lines after 'Example:' in a help text, without their comments."""
    lines = text.split("Example:", 1)[1].split("\nOptions:", 1)[0].splitlines()
    return [line.split("  #", 1)[0].strip() for line in lines if line.strip().startswith("filmgraph ")]


@pytest.fixture
def workdir(tmp_path, monkeypatch, corpus_trig):
    """A folder laid out as the examples expect: seeds/, data/her.ttl, corpus.trig, new-docs/, docs/."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "her.ttl", tmp_path / "data" / "her.ttl")
    (tmp_path / "corpus.trig").write_bytes(corpus_trig)
    shutil.copytree(DOCUMENTS, tmp_path / "new-docs")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_has_examples_that_survive_wrapping(invoke):
    for name in cli.commands:
        examples = _examples(_help(invoke, name))
        assert examples, f"{name} --help has no example"
        assert all(e.startswith(f"filmgraph {name}") for e in examples), examples


@pytest.mark.parametrize("name", sorted(set(cli.commands) - {"serve", "push"}))
def test_every_example_runs(invoke, workdir, name):
    for example in _examples(_help(invoke, name)):
        args = shlex.split(example)[1:]
        result = invoke(*args)
        assert result.exit_code == 0, f"{example}: {result.stderr}"
        if "-o" in args:
            assert (workdir / args[args.index("-o") + 1]).stat().st_size > 0, example


def test_the_serve_example_serves(invoke, workdir):
    [example] = _examples(_help(invoke, "serve"))
    port = free_port()
    args = [a.replace("8000", str(port)) for a in shlex.split(example)[1:]]
    process = subprocess.Popen([sys.executable, "-m", "filmgraph.cli", *args], cwd=workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert response.status_code == 200 and b"SPARQL" in response.content
    finally:
        process.terminate()
        process.wait(15)


def test_the_push_example_pushes(invoke, workdir, virtuoso):
    [example] = _examples(_help(invoke, "push"))
    args = [a.replace("http://127.0.0.1:8890", virtuoso.base) for a in shlex.split(example)[1:]]
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert "pushed 544 triples" in result.stderr


def test_docs_cli_reference_is_what_the_command_writes(invoke, tmp_path):
    out = tmp_path / "cli.md"
    assert invoke("commands", "--format", "markdown", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), \
        "docs/cli.md is stale: run 'filmgraph commands --format markdown -o docs/cli.md'"
    text = out.read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## filmgraph {name}\n" in text
    assert SEED.name in text  # the examples are in it
