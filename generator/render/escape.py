"""Escaping: how text and JSON values from a schema are spelled where they land in generated output.

Anything from a schema that lands in generated text goes through one of these functions,
chosen by where it lands: a Python string literal, a Python literal, a docstring, a ``#``
comment, a Markdown table cell, or pretty JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any


def _escaped(text: str) -> str:
    r"""``text`` with every character spelled as a Python string literal needs it, quotes left alone.

    ``repr``'s own escaping, done in C: ``\\``, ``\n``, ``\r``, ``\t``, and ``\xNN`` / ``\uNNNN`` /
    ``\UNNNNNNNN`` for what ``str.isprintable`` refuses (``U+2028``, ``U+2029`` and lone surrogates
    included); everything else as it is. Without a ``"`` in the text, ``repr`` quotes with the quote
    the text does not hold, so the inside of its result escapes no quote. tests/test_render_escape.py
    checks this against the character-by-character definition on arbitrary Unicode.
    """
    if '"' in text:
        return '"'.join(_escaped(part) for part in text.split('"'))
    return repr(text)[1:-1]


def quote_for(value: str) -> str:
    """The quote ruff format would put around ``value``: double, unless single needs fewer escapes."""
    return "'" if value.count('"') > value.count("'") else '"'


def str_body(value: str, quote: str) -> str:
    """The inside of a string literal quoted with ``quote`` that evaluates to exactly ``value``."""
    if quote == '"':
        return '\\"'.join(_escaped(part) for part in value.split('"'))
    return _escaped(value).replace("'", "\\'")  # _escaped leaves every quote as it is


@lru_cache(maxsize=1 << 16)  # names and keys come back field after field, type after type
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
    """A complete triple-quoted docstring holding exactly ``text`` without its trailing line breaks
    (escaped, never executed). Line breaks at the end are no content: YAML's block scalars add one,
    and ``inspect.cleandoc`` (``help()``) drops them; kept, ruff format would need them as ``\\n``.

    Single-line text stays on one line; longer text has its continuation lines at ``indent``
    spaces and the closing quotes on their own line, as ruff format lays them out. Whatever ruff
    format would change is escaped instead, so that the value is exactly recoverable with
    :func:`docstring_text` and the file is already formatted: whitespace at the start of the text and
    at the end of a line (``\x20``, ``\t``), continuation lines that all start with whitespace (one of
    them then starts with an escape), a quote at either end, and ``\"\"\"``.
    """
    lines = ["\t".join(map(_escaped, line.split("\t"))) for line in text.rstrip("\n").split("\n")]
    if any('"""' in line for line in lines) or lines[-1].endswith('"') or lines[0].startswith('"'):
        lines = [line.replace('"', '\\"') for line in lines]  # backslashes are already doubled: unambiguous
    lines = [_escape_edges(line, first=i == 0) for i, line in enumerate(lines)]
    rest = [i for i, line in enumerate(lines) if i > 0 and line]
    if rest and all(lines[i][0] == " " for i in rest):
        # ruff format would take the common indentation away: one line keeps it as an escape
        lines[rest[0]] = "\\x20" + lines[rest[0]][1:]
    if len(lines) == 1:  # its value has no line break (see docstring_text)
        return f'"""{lines[0]}"""'
    pad = " " * indent
    body = "".join(f"\n{pad}{line}" if line else "\n" for line in lines[1:])
    return f'"""{lines[0]}{body}\n{pad}"""'


def _escape_edges(line: str, *, first: bool) -> str:
    """Escape the whitespace ruff format strips or re-indents: a line's last character, a first line's
    first one, and tabs in a line's indentation."""
    if line and line[-1] in " \t":
        line = line[:-1] + ("\\x20" if line[-1] == " " else "\\t")
    if first and line and line[0] in " \t":
        line = ("\\x20" if line[0] == " " else "\\t") + line[1:]
    lead = len(line) - len(line.lstrip(" \t"))
    if "\t" in line[:lead]:
        line = line[:lead].replace("\t", "\\t") + line[lead:]
    return line


def docstring_text(value: str, indent: int = 0) -> str:
    """The text a :func:`docstring` made with ``indent`` holds, from its runtime value (``__doc__``)."""
    if "\n" not in value:  # the one-line layout
        return value
    lines = value.split("\n")[:-1]  # the last line holds only the closing quotes' indentation
    pad = " " * indent
    return "\n".join([lines[0], *(line.removeprefix(pad) for line in lines[1:])])


def comment(text: str) -> str:
    """One line of text safe inside a ``#`` comment."""
    return " ".join("\\".join(map(_escaped, text.split("\\"))).split())


def first_line(text: str | None) -> str:
    """The first line of a description, for one-line summaries."""
    if not text:
        return ""
    return text.strip().split("\n", 1)[0].strip()


def md_escape(text: str) -> str:
    """Speakeasy's table-cell escaping: pipes escaped, line breaks (``\\n``, ``\\r\\n``, ``\\r``) as ``<br/>``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("|", "\\|").replace("\n", "<br/>")


def md_code(text: str) -> str:
    """``text`` as one Markdown code span (CommonMark): fenced by more backticks than any run in it, padded
    with a space where it starts or ends with a backtick, or with a space at both ends (one would be stripped).
    Line breaks are shown escaped (``\\n``): a code span never ends its line."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    edge = text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip() != "")
    pad = " " if edge else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
