"""Validate a chunk of JSONL lines: the one loop that ``--jobs 1``, the worker processes and Dask share.

A chunk is whole lines of one file (the last one may lack its newline: the end of the file).
The result names each problem by its line's index in the chunk; whoever knows how many lines
came before (the parent, in order) makes it a line number. Blank lines are skipped, a line
that is not JSON is one invalid payload, a payload nested too deeply to validate is invalid.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.payloads import parse

Problem = tuple[int, str | None, str, str, str]
"""(line index in the chunk, instance pointer or None when unparsable, message, keyword, schema path)."""


@dataclass
class ChunkResult:
    """What one chunk gave: how many lines it had, how many payloads were invalid, and the problems."""

    lines: int = 0
    invalid: int = 0
    problems: list[Problem] = field(default_factory=list)


def json_reason(exc: ValueError | RecursionError) -> str:
    """The reason a line is not JSON, as the dialect words it."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.pos + 1})"
    return str(exc)


def check_chunk(
    data: bytes,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    *,
    fast: bool = True,
) -> ChunkResult:
    """Parse and validate every line of ``data``; see the module docstring."""
    result = ChunkResult()
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the chunk ends with a newline, else the file's last line
    newlines = len(lines)  # the lines before this index end with a newline
    if tail:
        lines.append(tail)
    result.lines = len(lines)
    problems = result.problems
    fast = fast and parse.orjson is not None
    loads = parse.orjson.loads if fast else parse.pure_loads  # not called when not fast
    decode_error = parse.orjson.JSONDecodeError if fast else ValueError
    big = fast and parse.RUN in data.translate(parse.TABLE)  # some line may hold an integer beyond 64 bits
    long = 2 * parse.DEEP
    needs_dialect = parse.needs_dialect
    invalid = 0
    for index, raw in enumerate(lines):
        try:
            if not fast or ((big or len(raw) >= long) and needs_dialect(raw)):
                raise parse.Slow
            payload = loads(raw)
        except (decode_error, parse.Slow, RecursionError):
            # the dialect's own verdict and message, on the line as it was read (with its newline)
            line = raw + b"\n" if index < newlines else raw
            try:
                payload = parse.pure_loads(line)
            except (ValueError, RecursionError) as exc:
                if not line.strip():
                    continue
                invalid += 1
                problems.append((index, None, f"not valid JSON: {json_reason(exc)}", "json", ""))
                continue
        try:
            ok = is_valid(payload)
            if not ok:
                for error in iter_errors(payload):
                    problems.append((index, error.path, error.message, error.keyword, error.schema_path))
        except RecursionError:
            ok = False
            problems.append((index, None, "payload nested too deeply to validate", "depth", ""))
        if not ok:
            invalid += 1
    result.invalid = invalid
    return result
