"""Diagnostics are values: collected during a run, reported together, then the run fails."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
            return one_line(f"{self.file}:{self.line}:{self.col}: {self.message}")
        return one_line(f"{self.file}: {self.message}")


_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    return _NAMED.get(match.group()) or f"\\u{ord(match.group()):04x}"


def one_line(text: str) -> str:
    """``text`` with line breaks, control characters and lone surrogates escaped: one problem, one line."""
    return _BREAKS.sub(_escape, text) if _BREAKS.search(text) else text


class SchemaError(Exception):
    """Raised with every diagnostic of a run; the CLI prints one line each and exits 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class UsageError(Exception):
    """A bad command line or configuration: one line, exit code 2."""


class ConfigError(SchemaError, UsageError):
    """A bad ``[tool.schemagen]`` value: a usage error that knows its file:line:col."""


_COLLECTORS: list[list[Diagnostic]] = []


def warn(diagnostic: Diagnostic) -> None:
    """A problem that does not stop the run: one ``file:line:col: warning: ...`` line on stderr.

    Inside :func:`collecting_warnings` it is collected instead (the memo stores and replays them).
    """
    if _COLLECTORS:
        _COLLECTORS[-1].append(diagnostic)
    else:
        print(
            one_line(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.col}: warning: {diagnostic.message}"),
            file=sys.stderr,
        )


@contextmanager
def collecting_warnings() -> Iterator[list[Diagnostic]]:
    """Collect the warnings raised inside the block, in order and without duplicates, instead of printing them."""
    found: list[Diagnostic] = []
    _COLLECTORS.append(found)
    try:
        yield found
    finally:
        _COLLECTORS.pop()
        unique = list(dict.fromkeys(found))
        found[:] = unique
