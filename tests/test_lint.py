"""The source passes ruff and mypy as configured in pyproject.toml (run by the test command)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean_on_src():
    result = _run("ruff", "check", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_src():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_the_readme_s_architecture_names_every_module():
    """Each module of the package has its row in the README's table of modules (and no row
    names a module that is gone)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    named = {name for line in table.splitlines() if line.startswith("| `")
             for name in re.findall(r"`([a-z_]+\.py)`", line)}
    modules = {path.name for path in (ROOT / "src" / "filmgraph").glob("*.py")} - {"__init__.py", "__main__.py"}
    assert modules - named == set()
    assert {name for name in named if name.endswith(".py")} - modules == set()
