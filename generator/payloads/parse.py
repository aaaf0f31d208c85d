"""The JSONL line dialect of ``schemagen validate``, and the orjson fast path that keeps it exactly.

The dialect is ``json.loads`` of the line's bytes (:func:`pure_loads`), refusing ``NaN``,
``Infinity`` and ``-Infinity`` as the ``.json`` reader does. It accepts integers of any size (up
to Python's 4,300-digit limit), lone surrogate escapes, duplicate keys (the last one wins, at the
first one's place), a UTF-8 BOM, UTF-16/32 text, and whitespace ``' \\t\\r\\n'`` around the value.

orjson parses the same lines about four times faster, but not always to the same verdict.
Every difference, and how :func:`fast_loads` neutralizes it:

| input | ``json.loads`` | ``orjson.loads`` | neutralized by |
| --- | --- | --- | --- |
| ``NaN``, ``Infinity``, ``-Infinity`` | refused: "NaN is not JSON" | rejected, other words | the fallback |
| ``1e400`` (overflows a double) | ``inf`` | rejected | the fallback |
| integer beyond 64 bits | exact ``int`` | a rounded ``float`` (silently!) | 19 digits in a row: ``json.loads`` |
| lone surrogate escape ``"\\ud800"`` | a ``str`` with the surrogate | rejected | the fallback |
| UTF-8-encoded surrogate (``ED A0 80``) | accepted (``surrogatepass``) | rejected | the fallback |
| UTF-8 BOM, UTF-16/32 text (NUL bytes) | decoded | rejected | the fallback |
| invalid UTF-8 | ``UnicodeDecodeError`` | rejected, other message | the fallback (its message) |
| nesting deeper than ~990 levels | ``RecursionError`` | accepted to 1,024 | 700 ``[``/``{`` or more: ``json.loads`` |
| every syntax error | its message and column | other words | the fallback (the message is ``json``'s) |
| duplicate keys | last wins, first place | the same | nothing to do (pinned by a test) |
| empty or blank line | rejected, then skipped | rejected | the fallback, then the same skip |

So a line either parses with orjson to the value ``json.loads`` gives, or it is parsed by
``json.loads`` itself: the value, the verdict and the message are always the dialect's.
``SCHEMAGEN_PARSER=json`` turns the fast path off (the parity tests compare both).
"""

from __future__ import annotations

import json
import os
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the dialect does not need it
    orjson = None  # type: ignore[assignment]

__all__ = [
    "DEEP", "RUN", "TABLE", "Slow", "fast_available", "fast_loads", "may_hold_runs", "needs_dialect", "orjson",
    "pure_loads",
]  # fmt: skip

DEEP = 700
"""A line with this many ``[`` and ``{`` may nest deeper than ``json.loads`` can (about 1,000 levels less
the caller's stack): it takes the slow path. Only a line of ``2 * DEEP`` bytes or more can; only those are counted."""
RUN = b"0" * 19
"""19 digits in a row (after :data:`TABLE`): the shortest integer literal that can be beyond 64 bits."""
TABLE = bytes.maketrans(b"123456789", b"000000000")
"""Every digit to ``0``."""
STRIDE = 6
"""Any 19 consecutive bytes hold 3 consecutive multiples of 6: a 19-digit run shows as ``000`` in every 6th byte."""


def _not_json(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def pure_loads(raw: bytes) -> Any:
    """The dialect: ``json.loads`` of one line's bytes (with its newline, so columns are as always).

    ``NaN``, ``Infinity`` and ``-Infinity`` are refused ("NaN is not JSON"), as the ``.json`` reader
    refuses them: they are not JSON.
    """
    return json.loads(raw, parse_constant=_not_json)


def fast_available() -> bool:
    """Whether orjson is importable and not turned off with ``SCHEMAGEN_PARSER=json``."""
    return orjson is not None and os.environ.get("SCHEMAGEN_PARSER", "") != "json"


class Slow(Exception):
    """Raised by the fast path's guards: this line goes to :func:`pure_loads`."""


def may_hold_runs(data: bytes) -> bool:
    """Whether ``data`` may hold 19 digits in a row: a necessary test on every 6th byte, then the exact one.

    Translating every byte costs as much as a quarter of orjson's parse; the sample costs a sixth
    of that, and only data with 13 digits in a row (ids, millisecond times) needs the exact test.
    """
    return b"000" in data[::STRIDE].translate(TABLE) and RUN in data.translate(TABLE)


def needs_dialect(raw: bytes) -> bool:
    """Whether orjson might not give this line's :func:`pure_loads` value: a 19-digit run, or deep nesting."""
    return (len(raw) >= 2 * DEEP and raw.count(b"[") + raw.count(b"{") >= DEEP) or may_hold_runs(raw)


def fast_loads(raw: bytes) -> Any:
    """One line, parsed as :func:`pure_loads` would (orjson where that is provably the same).

    Raises what :func:`pure_loads` raises. The chunk loop in ``check`` applies the same guards,
    checking a whole chunk for digit runs at once; this is the one-line form.
    """
    if orjson is None or needs_dialect(raw):
        return pure_loads(raw)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return pure_loads(raw)
