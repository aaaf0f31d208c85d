"""A whole JSON or YAML payload document, and the problem records every path of ``validate`` reports.

``check_document`` is ``validate``'s check of a ``.json``/``.yaml`` file (or a stdin document):
parsed with positions, so that every error names the line of its value. The Dask engine runs
the same function on its workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Problem:
    """One reported error: where (file, line, instance pointer) and what."""

    file: str
    line: int
    pointer: str | None
    """The instance pointer; None for a payload that could not be parsed at all."""
    message: str
    keyword: str = ""
    schema_path: str = ""


class Sink(Protocol):
    """Where problems go (``validate``'s output, or a list on a Dask worker)."""

    def emit(self, problem: Problem) -> None: ...


def check_document(
    data: bytes,
    name: str,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: Sink,
    *,
    as_json: bool,
) -> int:
    """One JSON or YAML document, with the line of every error's value."""
    from generator.diagnostics import SchemaError
    from generator.schema.source import parse_bytes

    try:
        source = parse_bytes(data, name, as_json=as_json)
    except SchemaError as exc:
        for diagnostic in exc.diagnostics:
            out.emit(Problem(name, diagnostic.line or 1, None, _unparsable(diagnostic.message), "parse"))
        return 1
    payload = source.value
    try:
        if is_valid(payload):
            return 0
        for error in iter_errors(payload):
            line, _ = source.where(error.path)
            out.emit(Problem(name, line, error.path, error.message, error.keyword, error.schema_path))
    except RecursionError:
        out.emit(Problem(name, 1, None, "payload nested too deeply to validate", "depth"))
    return 1


def _unparsable(message: str) -> str:
    return message if message.startswith("invalid JSON") else f"not valid JSON/YAML: {message}"
