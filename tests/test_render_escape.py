"""Escaping (generator.render.escape): every literal evaluates back to its value, spelled as ruff format wants."""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.render.escape import comment, docstring, md_code, md_escape, py_literal, py_str, str_body
from generator.render.layout import _body as layout_body

# Any text, weighted towards what escaping gets wrong: quotes, backslashes, line breaks, lone surrogates.
TEXT = st.text(max_size=16) | st.text(alphabet="\"'\\\n\r\tab\ud800\u2028\x00", max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _evaluate(literal: str) -> Any:
    return eval(literal, {"float": float})  # the literal is ours, built from plain data


@given(TEXT)
def test_py_str_evaluates_to_the_text(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


@given(TEXT)
def test_py_str_quotes_as_ruff_prefers(text: str) -> None:
    """Double quotes, unless the text has more double than single quotes."""
    assert py_str(text)[0] == ("'" if text.count('"') > text.count("'") else '"')


@given(JSON)
def test_py_literal_evaluates_to_the_value(value: Any) -> None:
    assert _same(_evaluate(py_literal(value)), value)


def test_py_literal_spells_exponents_as_ruff_format_does() -> None:
    assert py_literal(1e16) == "1e16"
    assert py_literal([-2.5e300, 1e-05]) == "[-2.5e300, 1e-05]"
    assert py_literal(float("nan")) == 'float("nan")'


@given(TEXT)
def test_docstring_and_comment_hold_the_text_inertly(text: str) -> None:
    source = f"def f():\n    {docstring(text, 4)}\n    # {comment(text)}\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1  # nothing escaped the docstring
    assert "\n" not in comment(text)


def test_md_escape_breaks_every_line_ending_and_escapes_pipes() -> None:
    assert md_escape("a|b\r\nc\rd\ne") == "a\\|b<br/>c<br/>d<br/>e"


def test_py_literal_is_ruff_format_stable(tmp_path: Path) -> None:
    ruff = Path(sys.executable).parent / "ruff"
    values: list[Any] = [1e16, -2.5e300, 1e-05, 'a"b', "it's", "both ' and \"", {'k\\"': [None, True, 1.5]}]
    source = "".join(f"x{i} = {py_literal(v)}\n" for i, v in enumerate(values))
    path = tmp_path / "values.py"
    path.write_text(source, encoding="utf-8")
    if not ruff.is_file():
        return
    result = subprocess.run(
        [str(ruff), "format", "--diff", "--no-cache", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


# ---- string bodies: plain literals with either quote, and f-string literal parts -----------------
@given(TEXT, st.sampled_from(["'", '"']))
def test_a_string_body_gives_back_the_text_with_either_quote(text: str, quote: str) -> None:
    assert ast.literal_eval(quote + str_body(text, quote) + quote) == text


@given(TEXT, st.sampled_from(["'", '"']))
def test_an_f_string_literal_part_gives_back_the_text(text: str, quote: str) -> None:
    """The instance paths of validator errors are f-strings: ``f"{p}/key"``; a key may hold anything."""
    code = "f" + quote + "{p}" + layout_body(text, quote) + quote
    assert eval(code, {"p": "P"}) == "P" + text


def test_a_backslash_before_a_quote_survives() -> None:
    for text in ['\\"', 'a\\"b', '"\\"', "x\\'\"", 'a"b"c\'d']:
        assert ast.literal_eval(py_str(text)) == text
        for quote in ("'", '"'):
            assert eval("f" + quote + "{p}" + layout_body(text, quote) + quote, {"p": ""}) == text


# The character-by-character definition the C-implemented escaping (repr based) must equal.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str, *, keep: str = "") -> str:
    if ch in keep:
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable() and ch not in "\u2028\u2029":
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _str_body_by_char(value: str, quote: str) -> str:
    other = "'" if quote == '"' else '"'
    return "".join("\\" + ch if ch == quote else ch if ch == other else _escape_char(ch) for ch in value)


# Every code point, surrogates and unassigned ones included, with the characters escaping treats apart.
UNICODE = (
    st.text(st.characters(codec=None, categories=None), max_size=40)
    | TEXT
    | st.text(
        st.sampled_from(
            "\"'\\\n\r\t\x00\x7f\x80\xa0\xad\u2028\u2029\ud800\udfff\ufeff\U0001f600\U000e0001\U0010ffff a"
        ),
        max_size=20,
    )
)


@given(UNICODE, st.sampled_from(['"', "'"]))
def test_str_body_is_the_per_character_escaping(text: str, quote: str) -> None:
    assert str_body(text, quote) == _str_body_by_char(text, quote)


@given(UNICODE)
def test_comment_and_docstring_escape_as_per_character(text: str) -> None:
    assert comment(text) == " ".join("".join(_escape_char(ch, keep='"\\') for ch in text).split())
    line = text.replace("\n", "")
    per_char = "".join(_escape_char(ch, keep='"\t') for ch in line)
    assert docstring(line) == docstring_by_char(per_char, line)


def docstring_by_char(escaped: str, line: str) -> str:
    """The one-line docstring of ``line`` whose characters were escaped as ``escaped`` (the old way)."""
    from generator.render.escape import _escape_edges

    if '"""' in escaped or escaped.endswith('"') or escaped.startswith('"'):
        escaped = escaped.replace('"', '\\"')
    return f'"""{_escape_edges(escaped, first=True)}"""'


CODE_TEXT = st.text(
    alphabet=st.sampled_from(["`", " ", "a", "|", "<", "*", "\\", "\n", "\r", "é"]), min_size=1, max_size=12
)


@given(CODE_TEXT)
def test_md_code_is_one_code_span_holding_the_text(text: str) -> None:
    """Discriminator tags and property names land in the docs as code spans: backticks, edge spaces and
    line breaks in them must neither end the span early nor change what it shows."""
    from markdown_it import MarkdownIt

    span = md_code(text)
    assert "\n" not in span and "\r" not in span
    tokens = MarkdownIt("commonmark").parseInline(f"Tag: {span} = x")[0].children or []
    codes = [t for t in tokens if t.type == "code_inline"]
    assert len(codes) == 1 and tokens[-1].content == " = x", (span, tokens)
    shown = text.replace("\r", "\\r").replace("\n", "\\n")
    assert codes[0].content == shown, (span, codes[0].content)
