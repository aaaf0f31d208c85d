"""The orjson fast path keeps the JSONL dialect (``json.loads``): one case per difference orjson has.

Each case is a JSONL line on which orjson on its own differs from ``json.loads`` (it rejects
what the dialect accepts, or it gives another value); the test proves the difference is real,
then that ``schemagen validate --jobs 1`` prints the same output and exits the same with the
fast path as with the pure-``json`` path (``SCHEMAGEN_PARSER=json``). The schema's ``enum``
message shows every value's ``repr``, so a changed value changes the output.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import validate_cli
from generator.payloads import parse

SCHEMA = {
    "type": "object",
    "properties": {"v": {"enum": [0]}, "k": {"maxLength": 1}},
    "additionalProperties": {"type": ["array", "object", "string"]},
}
DEEP_OK = b'{"d": ' + b"[" * 995 + b"]" * 995 + b"}\n"  # json.loads: too deep; orjson: fine (<= 1024)
DEEP_BOTH = b'{"d": ' + b"[" * 1030 + b"]" * 1030 + b"}\n"

# (id, line): orjson alone parses each of these to another verdict, value or message than json.loads
DIFFERENCES = [
    ("nan", b'{"v": NaN}\n'),
    ("infinity", b'{"v": Infinity}\n'),
    ("minus-infinity", b'{"v": -Infinity}\n'),
    ("float-overflow", b'{"v": 1e400}\n'),
    ("int-beyond-u64", b'{"v": 18446744073709551617}\n'),
    ("int-below-i64", b'{"v": -9223372036854775809}\n'),
    ("int-of-4301-digits", b'{"v": ' + b"7" * 4301 + b"}\n"),
    ("bare-big-int", b"123456789012345678901234567890\n"),
    ("lone-surrogate-escape", b'{"v": "\\ud800"}\n'),
    ("reversed-surrogate-pair", b'{"v": "\\udc00\\ud800"}\n'),
    ("lone-surrogate-key", b'{"\\udfff": "x"}\n'),
    ("utf8-encoded-surrogate", b'{"v": "\xed\xa0\x80"}\n'),
    ("utf8-bom", b'\xef\xbb\xbf{"v": 1}\n'),
    ("utf16-by-nul-bytes", b"\x001\n"),
    ("invalid-utf8", b'{"v": "\xff"}\n'),
    ("overlong-utf8", b'{"v": "\xc0\x80"}\n'),
    ("nesting-json-cannot-parse", DEEP_OK),
    ("nesting-neither-can-parse", DEEP_BOTH),
    ("syntax-error-message", b'{"v": 1,}\n'),
    ("syntax-error-column-at-newline", b'{"v":\n'),
    ("control-character", b'{"v": "a\tb"}\n'),
    ("blank-line", b"   \n"),
    ("form-feed-line", b"\x0c\n"),
    ("crlf-blank-line", b"\r\n"),
]
# (id, line): orjson agrees with json.loads here; pinned so that it stays so
AGREEMENTS = [
    ("duplicate-keys-last-wins", b'{"v": 1, "k": "ab", "v": "x"}\n'),
    ("crlf-line", b'{"v": 2}\r\n'),
    ("trailing-whitespace", b'{"v": 3} \t \r\n'),
    ("int-max-u64", b'{"v": 18446744073709551615}\n'),
    ("int-min-i64", b'{"v": -9223372036854775808}\n'),
    ("nineteen-digits-in-a-string", b'{"v": "1234567890123456789012"}\n'),
    ("negative-zero", b'{"v": -0, "w": [-0.0]}\n'),
    ("float-underflow", b'{"v": 1e-400}\n'),
    ("long-float", b'{"v": 0.1000000000000000055511151231257827021181583404541015625}\n'),
    ("surrogate-pair", b'{"v": "\\ud83d\\ude00"}\n'),
    ("nested-700", b'{"d": ' + b"[" * 700 + b"]" * 700 + b"}\n"),
    ("thirteen-digits-in-a-row", b'{"v": 1711652795000, "w": "id-1234567890123456"}\n'),
]


def _orjson(raw: bytes) -> tuple[str, object]:
    try:
        return "ok", orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return "error", str(exc)


def _json(raw: bytes) -> tuple[str, object]:
    """The dialect (``json.loads``, as ``parse.pure_loads`` calls it)."""
    try:
        return "ok", parse.pure_loads(raw)
    except (ValueError, RecursionError) as exc:
        return "error", str(exc)


def _same(a: tuple[str, object], b: tuple[str, object]) -> bool:
    # repr tells 1 from 1.0 and nan from an error; a RecursionError in repr means "too deep to compare"
    try:
        return a[0] == b[0] and repr(a[1]) == repr(b[1])
    except RecursionError:
        return a[0] == b[0] == "ok"


def _validate(tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch, parser: str) -> tuple[int, str]:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    payload = tmp_path / "lines.jsonl"
    # the case between two good lines, and again as the file's last line without its newline
    payload.write_bytes(b'{"v": 0}\n' + data + b'{"v": 0}\n' + data.rstrip(b"\n"))
    monkeypatch.setenv("SCHEMAGEN_PARSER", parser)
    parser_ = argparse.ArgumentParser()
    validate_cli.add_arguments(parser_)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    code = validate_cli.run(parser_.parse_args(["--schema", str(schema), "--jobs", "1", str(payload)]))
    return code, buffer.getvalue()


@pytest.mark.parametrize(("case", "line"), DIFFERENCES, ids=[c for c, _ in DIFFERENCES])
def test_orjson_differs_and_validate_does_not(
    case: str, line: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del case
    assert not _same(_orjson(line), _json(line)), "orjson no longer differs here: move the case to AGREEMENTS"
    assert parse.fast_available()
    fast = _validate(tmp_path, line, monkeypatch, "orjson")
    pure = _validate(tmp_path, line, monkeypatch, "json")
    assert fast == pure


@pytest.mark.parametrize(("case", "line"), AGREEMENTS, ids=[c for c, _ in AGREEMENTS])
def test_orjson_agrees_and_validate_too(
    case: str, line: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del case
    assert _same(_orjson(line), _json(line))
    assert _validate(tmp_path, line, monkeypatch, "orjson") == _validate(tmp_path, line, monkeypatch, "json")


@pytest.mark.parametrize(("case", "line"), DIFFERENCES + AGREEMENTS, ids=[c for c, _ in DIFFERENCES + AGREEMENTS])
def test_fast_loads_is_the_dialect(case: str, line: bytes) -> None:
    del case
    try:
        expected: tuple[str, object] = ("ok", parse.pure_loads(line))
    except (ValueError, RecursionError) as exc:
        expected = ("error", f"{type(exc).__name__}: {exc}")
    try:
        got: tuple[str, object] = ("ok", parse.fast_loads(line))
    except (ValueError, RecursionError) as exc:
        got = ("error", f"{type(exc).__name__}: {exc}")
    assert _same(got, expected)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\udfff"]), max_size=8),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([b"\n", b"\r\n", b" \n", b""]), st.booleans())
def test_fast_loads_is_the_dialect_on_generated_lines(value: object, end: bytes, ascii_only: bool) -> None:
    """json.dumps writes NaN, big ints and lone surrogates (escaped, or raw with surrogatepass)."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    line = text.encode("utf-8", "surrogatepass") + end
    try:
        expected: tuple[str, object] = ("ok", parse.pure_loads(line))
    except (ValueError, RecursionError) as exc:
        expected = ("error", str(exc))
    try:
        got: tuple[str, object] = ("ok", parse.fast_loads(line))
    except (ValueError, RecursionError) as exc:
        got = ("error", str(exc))
    assert _same(got, expected)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([b"1", b"0", b"9", b"x", b'"', b" ", b"5" * 7, b"12345678901234567"]), max_size=40))
def test_the_sampled_digit_run_test_is_exact(parts: list[bytes]) -> None:
    import re

    data = b"".join(parts)
    assert parse.may_hold_runs(data) == bool(re.search(rb"[0-9]{19}", data))
