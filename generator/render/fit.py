"""Fitting generated Python to the line width the way ruff format lays it out, and ordering names as ruff wants.

``fit`` and ``fit_alias`` split one generated line at its brackets; :func:`top_level` is the one
scanner they share (it knows brackets and string literals).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cmp_to_key
from typing import Any

from generator.render import LINE_WIDTH

_SPECIAL = re.compile(r"[\"'()\[\]{}\\]")
"""What the scanner must look at; the runs of other characters between them are taken whole."""


def top_level(text: str) -> Iterator[int]:
    """Indexes of the characters outside brackets and string literals (opening brackets included).

    A backslash inside a literal escapes the next character; closing brackets and quotes are
    never yielded. The regex finds the next character that matters, so plain runs cost no loop.
    """
    depth = 0
    quote = ""
    i = 0
    n = len(text)
    while True:
        found = _SPECIAL.search(text, i)
        end = found.start() if found is not None else n
        if not quote and depth == 0:
            yield from range(i, end)
        if found is None:
            return
        ch = text[end]
        i = end + 1
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            if depth == 0:
                yield end
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:  # a backslash outside a literal
            yield end


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` where it stands outside brackets and strings."""
    parts: list[str] = []
    start = 0
    for i in top_level(text):
        if i >= start and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    parts.append(text[start:])
    return parts


def _call_parts(expr: str) -> tuple[str, list[str], str] | None:
    """``head(args)`` -> (``head(``, args, ``)``): the bracket group that ends the expression."""
    if not expr or expr[-1] not in ")]}":
        return None
    opened = max((i for i in top_level(expr) if expr[i] in "([{"), default=-1)
    if opened < 0:
        return None
    args = [arg.strip() for arg in split_top_level(expr[opened + 1 : -1])]
    return expr[: opened + 1], [arg for arg in args if arg], expr[-1]


def _call_like(expr: str) -> bool:
    """``name(...)``, ``a.b[...]``: one bracket group after a plain name (ruff splits inside it, not around)."""
    parts = _call_parts(expr)
    return parts is not None and bool(parts[1]) and all(parts[0][i] != " " for i in top_level(parts[0]))


def _fit(expr: str, indent: int, trailer: str) -> str:
    """Lay out ``expr`` + ``trailer`` at ``indent`` the way ruff format splits calls."""
    if indent + len(expr) + len(trailer) <= LINE_WIDTH:
        return expr + trailer
    pad = " " * indent
    assign = next((i for i in top_level(expr) if expr.startswith(" = ", i)), None)
    if assign is not None and not trailer and not _call_like(expr[assign + 3 :]):
        # ``target = value`` whose value is no plain call: the value is parenthesized, then split inside
        value = _fit(expr[assign + 3 :], indent + 4, "")
        return f"{expr[:assign]} = (\n{pad}    {value}\n{pad})"
    if expr.startswith("return ") and not trailer and not _call_like(expr[7:]):
        # ``return value`` whose value is no plain call: parenthesized, then split inside (as for ``=``)
        value = _fit(expr[7:], indent + 4, "")
        return f"return (\n{pad}    {value}\n{pad})"
    condition = split_top_level(expr, " if ")
    if len(condition) == 2 and len(branches := split_top_level(condition[1], " else ")) == 2:
        # ``a if c else b``: one part a line (inside the parentheses the caller opened)
        lines = [condition[0], "if " + branches[0], "else " + branches[1]]
        return f"\n{pad}".join(_fit(line, indent, "") for line in lines) + trailer
    members = split_top_level(expr, " | ")
    if len(members) > 1:  # a union is split before its members' brackets: one member a line
        return f"\n{pad}| ".join(_fit(m, indent, "") for m in members) + trailer
    parts = _call_parts(expr)
    if parts is None or not parts[1]:
        return expr + trailer
    head, args, close = parts
    inner = " " * (indent + 4)
    joined = ", ".join(args)
    if indent + 4 + len(joined) <= LINE_WIDTH:
        return f"{head}\n{inner}{joined}\n{pad}{close}{trailer}"
    if len(args) == 1 and head != "(":  # a sole argument is split in place, without a magic comma
        return f"{head}\n{inner}{_fit(args[0], indent + 4, '')}\n{pad}{close}{trailer}"
    lines = [f"{inner}{_fit(arg, indent + 4, ',')}" for arg in args]
    return head + "\n" + "\n".join(lines) + f"\n{pad}{close}{trailer}"


def fit(line: str, indent: int) -> str:
    """Fit one generated line (``name=call(...),`` or a statement) within the line width."""
    trailer = "," if line.endswith(",") else ""
    return _fit(line[: len(line) - len(trailer)], indent, trailer)


def fit_alias(name: str, target: str) -> str:
    """``Name: TypeAlias = target`` at module level, split the way ruff format splits it.

    A union on the right-hand side is parenthesized (then one member a line if still too
    long); a subscript such as ``Literal[...]`` is split inside its brackets.
    """
    line = f"{name}: TypeAlias = {target}"
    if len(line) <= LINE_WIDTH:
        return line
    members = split_top_level(target, " | ")
    if len(members) > 1:
        if 4 + len(target) <= LINE_WIDTH:
            return f"{name}: TypeAlias = (\n    {target}\n)"
        return f"{name}: TypeAlias = (\n    " + "\n    | ".join(_fit(m, 4, "") for m in members) + "\n)"
    return fit(line, 0)


def fit_annotation(name: str, annotation: str, default: str = "", indent: int = 4) -> str:
    """``name: annotation`` (`` = default``) in a class body, split the way ruff format splits it:
    a union annotation too long for the line is parenthesized, then one member a line if still too long."""
    tail = f" = {default}" if default else ""
    line = f"{name}: {annotation}{tail}"
    if indent + len(line) <= LINE_WIDTH:
        return line
    pad = " " * indent
    if default and indent + len(f"{name}: {annotation} = (") <= LINE_WIDTH:  # the value is split first
        return f"{name}: {annotation} = (\n{pad}    {default}\n{pad})"
    members = split_top_level(annotation, " | ")
    if len(members) == 1 and _call_like(annotation):  # ``NotRequired[X]``: split inside the brackets
        return _fit(f"{name}: {annotation}", indent, "") + tail
    if len(members) == 1 or indent + 4 + len(annotation) <= LINE_WIDTH:
        return f"{name}: (\n{pad}    {annotation}\n{pad}){tail}"
    body = f"\n{pad}    | ".join(_fit(m, indent + 4, "") for m in members)
    return f"{name}: (\n{pad}    {body}\n{pad}){tail}"


def _digit(text: str, at: int) -> bool:
    return at < len(text) and "0" <= text[at] <= "9"


def _digits_by_value(a: str, i: int, b: str, j: int) -> int:
    """Two digit runs as numbers: the longer run is larger, else the first differing digit decides."""
    bias = 0
    while True:
        da, db = _digit(a, i), _digit(b, j)
        if not da and not db:
            return bias
        if not da or not db:
            return -1 if not da else 1
        if not bias and a[i] != b[j]:
            bias = -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1


def _digits_as_fraction(a: str, i: int, b: str, j: int) -> int:
    """Two digit runs that start with a zero, compared left-aligned (as decimal fractions)."""
    while True:
        da, db = _digit(a, i), _digit(b, j)
        if not da and not db:
            return 0
        if not da or not db:
            return -1 if not da else 1
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1


def _natural_order(a: str, b: str) -> int:
    """Natural order as ruff's RUF022 applies it (the ``natord`` rules): digit runs compare by value,
    except runs that start with a zero, which compare left-aligned; everything else by character."""
    i = j = 0
    while True:
        if _digit(a, i) and _digit(b, j):
            fraction = a[i] == "0" or b[j] == "0"
            found = (_digits_as_fraction if fraction else _digits_by_value)(a, i, b, j)
            if found:
                return found
        if i >= len(a) or j >= len(b):
            return (i < len(a)) - (j < len(b))
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1


def natural_order(a: str, b: str) -> int:
    """-1, 0 or 1: ``a`` before, with or after ``b`` in ruff's natural order (isort's module order too)."""
    return _natural_order(a, b)


def _group(name: str) -> int:
    if name.isupper() and len(name) > 1:
        return 0
    return 1 if name[:1].isupper() else 2


def isort_sorted(names: Iterable[str]) -> list[str]:
    """The order ruff's RUF022 wants for ``__all__``: CONSTANTS, then Classes, then the rest, naturally."""

    def order(a: str, b: str) -> int:
        return (_group(a) > _group(b)) - (_group(a) < _group(b)) or _natural_order(a, b)

    return sorted(names, key=cmp_to_key(order))


def import_sorted(names: Iterable[str]) -> list[str]:
    """The order ruff's isort wants for the names of one ``from x import ...``: CONSTANTS, Classes, the rest;
    inside each, natural order ignoring case."""

    def order(a: str, b: str) -> int:
        return (
            (_group(a) > _group(b)) - (_group(a) < _group(b))
            or _natural_order(a.casefold(), b.casefold())
            or _natural_order(a, b)
        )

    return sorted(names, key=cmp_to_key(order))


FILTERS: dict[str, Callable[..., Any]] = {
    "fit": fit,
    "fit_alias": fit_alias,
    "fit_annotation": fit_annotation,
    "isort_sorted": isort_sorted,
}
