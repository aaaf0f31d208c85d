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
    # every line is checked against the dialect's guards when some line may hold a long digit run (rare: the
    # chunk is sampled first); otherwise only lines long enough to nest too deeply are
    each = not fast or parse.may_hold_runs(data)
    long, size = 2 * parse.DEEP, len
    needs_dialect, slow = parse.needs_dialect, parse.Slow
    invalid = 0
    for index, raw in enumerate(lines):
        try:
            if (each or size(raw) >= long) and (not fast or needs_dialect(raw)):
                raise slow
            payload = loads(raw)
        except (decode_error, slow, RecursionError):
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
            if is_valid(payload):
                continue
            for error in iter_errors(payload):
                problems.append((index, error.path, error.message, error.keyword, error.schema_path))
        except RecursionError:
            problems.append((index, None, "payload nested too deeply to validate", "depth", ""))
        invalid += 1
    result.invalid = invalid
    return result


SLICE = 1 << 16
""":func:`check_piece` checks a large piece a slice of about this many bytes at a time: the line objects of a
slice stay in the CPU's cache (a megabyte at once is slower than reading line by line)."""


def check_piece(
    data: bytes,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    *,
    fast: bool = True,
) -> ChunkResult:
    """:func:`check_chunk` over a large piece of whole lines, a slice at a time; one result for the piece."""
    total = ChunkResult()
    start = 0
    while start < len(data):
        cut = data.find(b"\n", start + SLICE)
        end = len(data) if cut < 0 else cut + 1
        result = check_chunk(data[start:end], is_valid, iter_errors, fast=fast)
        before = total.lines
        total.problems += [(before + p[0], *p[1:]) for p in result.problems] if before else result.problems
        total.lines += result.lines
        total.invalid += result.invalid
        start = end
    return total
