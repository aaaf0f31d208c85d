"""Diagnostics are values: collected during a run, reported together, then the run fails."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in an input file, with a 1-based line and column (0 when unknown)."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}: {self.message}"
        return f"{self.file}: {self.message}"


class SchemaError(Exception):
    """Raised with every diagnostic of a run; the CLI prints one line each and exits 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class UsageError(Exception):
    """A bad command line or configuration: one line, exit code 2."""


class ConfigError(SchemaError, UsageError):
    """A bad ``[tool.schemagen]`` value: a usage error that knows its file:line:col."""
