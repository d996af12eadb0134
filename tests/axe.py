"""Accessibility checks with axe-core in a Playwright page.

`python3 tasks.py test` fetches axe-core's axe.min.js from the npm registry into
~/.cache/filmgraph/axe/VERSION/ (see ``ensure_axe`` in tasks.py); without it the test
is skipped, and in CI (CI set) it fails.

The pages filmgraph serves forbid every script their Content-Security-Policy does not
name, axe's included: open them in a browser context made with ``bypass_csp=True``
(``browser.new_context(bypass_csp=True)``), or the injection is refused. Bypassing the
policy only lets axe in: tests of the policy itself use a context without it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from conftest import IN_CI, ROOT


def axe_file() -> Path:
    """Where tasks.py puts axe.min.js (one place says so: tasks.AXE_FILE)."""
    spec = importlib.util.spec_from_file_location("filmgraph_tasks", ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return Path(tasks.AXE_FILE)


def need_axe() -> str:
    """axe.min.js's text; a missing file skips the test, or fails it in CI."""
    path = axe_file()
    if not path.exists():
        message = f"axe-core is not installed at {path} (python3 tasks.py test fetches it with npm)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def axe_violations(page: Any, context: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: each one's id, impact, help and failing nodes.

    The page's browser context must have been made with ``bypass_csp=True``. ``context``
    is a CSS selector to check only part of the page (the whole document by default).
    Each node is given by its ``target`` (CSS selectors) and axe's failure summary.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=need_axe())
    return page.evaluate(
        """async (context) => {
            const result = await window.axe.run(context ? document.querySelector(context) : document,
                                                {resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        context,
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations, one line each, for an assertion message."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
                     for v in violations)
