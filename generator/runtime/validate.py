"""Runtime helpers of the generated validators: JSON equality, uniqueness, exact multiples, name lists.

Real Python, standard library only. The validators template includes these definitions verbatim
(``runtime("validate", ...)`` in templates/_validate_helpers.jinja), each only when the validation
plan uses it (``plan.uses``), so a definition here must be self-contained apart from the names its
template block emits with it and the imports the generated module carries (``Any``, ``fractions``,
``math``). The blank lines before a definition here are the blank lines before it in generated code.
"""

from __future__ import annotations

import fractions
import math
from typing import Any


def _eq(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True != 1; arrays and objects compared deeply."""
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if ta is list:
        return tb is list and len(a) == len(b) and all(_eq(i, j) for i, j in zip(a, b, strict=True))
    if ta is dict:
        return tb is dict and a.keys() == b.keys() and all(_eq(a[k], b[k]) for k in a)
    if ta in (int, float):
        return tb in (int, float) and bool(a == b)
    return ta is tb and bool(a == b)


def _in(v: Any, values: tuple[Any, ...]) -> bool:
    return any(_eq(v, c) for c in values)


def _key(v: Any) -> Any:
    """A hashable key such that two JSON values are equal exactly when their keys are."""
    t = type(v)
    if t is bool:
        return ("b", v)
    if t is int or t is float:
        return ("n", v)
    if t is list:
        return ("l", tuple(_key(i) for i in v))
    if t is dict:
        return ("d", frozenset((k, _key(i)) for k, i in v.items()))
    return (t.__name__, v)


def _unique(items: list[Any]) -> bool:
    return len({_key(v) for v in items}) == len(items)


def _multiple(v: Any, d: Any) -> bool:
    """Whether v is a multiple of d, exactly, on their decimal values."""
    if type(v) is float and not math.isfinite(v):
        return False
    return fractions.Fraction(repr(v)) % fractions.Fraction(repr(d)) == 0


def _names(keys: list[Any]) -> str:
    return ", ".join(repr(k) for k in keys) + (" was" if len(keys) == 1 else " were")
