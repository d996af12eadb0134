"""Errors and warnings that point at a place in an input file."""

from __future__ import annotations

from dataclasses import dataclass


class FilmgraphError(Exception):
    """Base class of the errors filmgraph reports to users (never a traceback)."""


class InputError(FilmgraphError):
    """Bad input: names the file, the 1-based line (0 when none applies) and the problem."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class ParseWarning:
    """A note about input that was accepted but deserves a look."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class QueryError(FilmgraphError):
    """A query that is refused, malformed, failed or ran out of time."""
