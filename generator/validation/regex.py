"""ECMA-262 regular expressions (as JSON Schema's ``pattern`` means them) translated for Python.

Python's ``re`` differs from ECMA-262 in a few places that matter to schemas:

* ``\\d`` and ``\\w`` are ASCII-only in ECMA-262, Unicode-aware in ``re``;
* ``\\s`` is a fixed set of whitespace characters in ECMA-262;
* ``$`` matches only at the very end of the input (``re``'s ``$`` also matches before a final newline);
* ``\\cX`` control escapes, ``\\u{...}`` code point escapes, ``(?<name>...)`` groups and ``\\k<name>``
  back-references are spelled differently;
* ``\\p{...}`` Unicode property escapes need the third-party ``regex`` module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_CLASS_ESCAPES = {"d": "0-9", "w": "a-zA-Z0-9_", "s": _SPACE}


class PatternError(ValueError):
    """A pattern that is not a valid ECMA-262 regular expression (or that we cannot translate)."""


@dataclass(frozen=True)
class Translated:
    """A Python pattern and whether it needs the ``regex`` module."""

    source: str
    needs_regex: bool


def translate(pattern: str) -> Translated:
    """Translate an ECMA-262 pattern (with the ``u`` flag) to Python ``re``/``regex`` syntax."""
    out: list[str] = []
    needs_regex = False
    i = 0
    n = len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise PatternError("pattern ends with a lone backslash")
            nxt = pattern[i + 1]
            i += 2
            if nxt in _CLASS_ESCAPES:
                body = _CLASS_ESCAPES[nxt]
                out.append(body if in_class else f"[{body}]")
            elif nxt.lower() in _CLASS_ESCAPES and not in_class:
                out.append(f"[^{_CLASS_ESCAPES[nxt.lower()]}]")
            elif nxt.lower() in _CLASS_ESCAPES:
                needs_regex = True
                out.append(f"[^{_CLASS_ESCAPES[nxt.lower()]}]")
            elif nxt in "pP":
                needs_regex = True
                out.append("\\" + nxt)
            elif nxt == "c" and i < n and pattern[i].isascii() and pattern[i].isalpha():
                out.append(f"\\x{ord(pattern[i]) % 32:02x}")
                i += 1
            elif nxt == "u" and i < n and pattern[i] == "{":
                end = pattern.find("}", i)
                if end < 0:
                    raise PatternError("unterminated \\u{...} escape")
                out.append(f"\\U{int(pattern[i + 1 : end], 16):08x}")
                i = end + 1
            elif nxt == "k" and i < n and pattern[i] == "<":
                end = pattern.find(">", i)
                out.append(f"(?P={pattern[i + 1 : end]})")
                i = end + 1
            elif nxt == "0" and not (i < n and pattern[i].isdigit()):
                out.append("\\x00")
            elif nxt == "/":
                out.append("/")
            elif nxt.isascii() and nxt.isalpha() and nxt not in "bBfnrtvxu" and not in_class:
                raise PatternError(f"unknown escape \\{nxt}")
            else:
                out.append("\\" + nxt)
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "[":
                out.append("\\[")
                i += 1
                continue
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            if pattern.startswith("[^]", i):
                out.append("[\\s\\S]")
                i += 3
                in_class = False
                continue
            if pattern.startswith("[]", i):
                out.append("(?!)")
                i += 2
                in_class = False
                continue
            out.append(ch)
            if i + 1 < n and pattern[i + 1] == "^":
                out.append("^")
                i += 1
            i += 1
            continue
        if ch == "$":
            out.append("\\Z")
            i += 1
            continue
        if ch == "(" and pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    source = "".join(out)
    if in_class:
        raise PatternError("unterminated character class")
    check(source, needs_regex)
    return Translated(source, needs_regex)


def check(source: str, needs_regex: bool) -> None:
    """Compile the translated pattern once, so a bad one fails at generation time."""
    try:
        if needs_regex:
            import regex

            regex.compile(source)
        else:
            re.compile(source)
    except ImportError:
        raise PatternError(
            "this pattern needs ECMA-262 features (such as \\p{...}) that only the `regex` package offers;"
            " install schemagen[formats]"
        ) from None
    except Exception as exc:  # re.error, regex.error
        raise PatternError(f"invalid regular expression: {exc}") from None
