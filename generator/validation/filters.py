"""Layout filters for the validator templates: block nesting and instance-path expressions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any


def nest(text: str, width: int = 4) -> str:
    """Indent a rendered block one level; an empty block becomes ``pass``."""
    lines = [line for line in str(text).split("\n") if line.strip()]
    if not lines:
        return " " * width + "pass\n"
    return "".join(" " * width + line + "\n" for line in lines)


def pexpr(parts: Sequence[str]) -> str:
    """The instance-path expression for a child: ``p`` or ``(*p, "key", i2)``."""
    if not parts:
        return "p"
    return "(*p, " + ", ".join(parts) + ")"


def plus(parts: Sequence[str], part: str) -> list[str]:
    """``parts`` with one more path element (templates cannot append in place)."""
    return [*parts, part]


_IS = re.compile(r"^(type\(\w+\)|\w+) is (\w+)$")
_IN = re.compile(r"^(\w+) in (\w+)$")


def negate(expr: str) -> str:
    """The negation of a boolean expression, spelled as ruff wants (``is not``, ``not in``)."""
    expr = str(expr)
    if expr == "True":
        return "False"
    if expr == "False":
        return "True"
    match = _IS.match(expr)
    if match:
        return f"{match[1]} is not {match[2]}"
    match = _IN.match(expr)
    if match:
        return f"{match[1]} not in {match[2]}"
    if expr.startswith("not ") and " " not in expr[4:].replace(", ", ""):
        return expr[4:]
    if re.fullmatch(r"[\w.]+\([^()]*\)|\([^()]*\)", expr) and not _has_top_level_op(expr):
        return "not " + expr
    return f"not ({expr})" if not (expr.startswith("(") and _closes_at_end(expr)) else "not " + expr


def _closes_at_end(expr: str) -> bool:
    depth = 0
    for i, ch in enumerate(expr):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(expr) - 1:
            return False
    return True


def _has_top_level_op(expr: str) -> bool:
    depth = 0
    for i, ch in enumerate(expr):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch == " " and i < len(expr) - 1:
            return True
    return False


FILTERS: dict[str, Callable[..., Any]] = {"nest": nest, "pexpr": pexpr, "plus": plus, "negate": negate}


def install(env: Any) -> Any:
    """Register the validator filters in a Jinja environment (idempotent)."""
    env.filters.update(FILTERS)
    return env
