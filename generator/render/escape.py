"""Escaping: how text and JSON values from a schema are spelled where they land in generated output.

Anything from a schema that lands in generated text goes through one of these functions,
chosen by where it lands: a Python string literal, a Python literal, a docstring, a ``#``
comment, a Markdown table cell, or pretty JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

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


def quote_for(value: str) -> str:
    """The quote ruff format would put around ``value``: double, unless single needs fewer escapes."""
    return "'" if value.count('"') > value.count("'") else '"'


def str_body(value: str, quote: str) -> str:
    """The inside of a string literal quoted with ``quote`` that evaluates to exactly ``value``."""
    other = "'" if quote == '"' else '"'
    return "".join("\\" + ch if ch == quote else ch if ch == other else _escape_char(ch) for ch in value)


def py_str(value: str) -> str:
    """A Python string literal that evaluates to exactly ``value``, quoted as ruff format quotes it."""
    quote = quote_for(value)
    return quote + str_body(value, quote) + quote


def py_literal(value: object) -> str:
    """A Python literal for a JSON value, spelled as ruff format spells it.

    Strings are quoted as :func:`py_str` quotes them; a float's exponent has no ``+`` (``1e16``).
    """
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value).replace("e+", "e")
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def docstring(text: str, indent: int = 0) -> str:
    """A complete triple-quoted docstring holding ``text`` verbatim (escaped, never executed).

    Single-line text stays on one line; longer text is laid out as ruff format would,
    with continuation lines at ``indent`` spaces and the closing quotes on their own line.
    """
    body = "".join(_escape_char(ch, keep='\n\t"') for ch in text.rstrip("\n"))
    lines = _docstring_lines(body)
    # A quote next to the closing quotes ends the string early (also once trailing blanks are stripped).
    if '"""' in body or body.endswith('"') or (len(lines) == 1 and lines[0].strip().endswith('"')):
        body = body.replace('"', '\\"')  # backslashes are already doubled, so this is unambiguous
        lines = _docstring_lines(body)
    if not lines:
        return '""""""'
    if len(lines) == 1:
        return f'"""{lines[0].strip() or lines[0]}"""'
    pad = " " * indent
    # Continuation lines lose their common indentation (as ruff format and inspect.cleandoc do).
    common = min((len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()), default=0)
    rest = [f"{pad}{line[common:]}" if line else "" for line in lines[1:]]
    return '"""' + lines[0].strip() + "\n" + "\n".join(rest) + "\n" + pad + '"""'


def _docstring_lines(body: str) -> list[str]:
    lines = [line.rstrip() for line in body.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def comment(text: str) -> str:
    """One line of text safe inside a ``#`` comment."""
    return " ".join("".join(_escape_char(ch, keep='"\\') for ch in text).split())


def first_line(text: str | None) -> str:
    """The first line of a description, for one-line summaries."""
    if not text:
        return ""
    return text.strip().split("\n", 1)[0].strip()


def md_escape(text: str) -> str:
    """Speakeasy's table-cell escaping: pipes escaped, line breaks (``\\n``, ``\\r\\n``, ``\\r``) as ``<br/>``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("|", "\\|").replace("\n", "<br/>")


def json_pretty(value: object) -> str:
    """JSON with two-space indentation, keys in schema order, non-ASCII kept."""
    return json.dumps(value, indent=2, ensure_ascii=False)


FILTERS: dict[str, Callable[..., Any]] = {
    "py_str": py_str,
    "py_literal": py_literal,
    "docstring": docstring,
    "comment": comment,
    "first_line": first_line,
    "md_escape": md_escape,
    "json_pretty": json_pretty,
}
