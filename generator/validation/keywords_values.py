"""Builders of the keywords on values: ``type``, ``enum``, ``const``, numbers, strings, ``format``."""

from __future__ import annotations

import math
from typing import Any

from generator.validation import formats as _formats
from generator.validation.plan import (
    JSON_TYPES,
    TYPE_KIND,
    BoundOp,
    ConstOp,
    EnumOp,
    FormatOp,
    LengthOp,
    MultipleOfOp,
    Op,
    PatternOp,
    TypeOp,
)
from generator.validation.site import Site, fmt

_LONG_LITERAL = 40
"""A ``const`` scalar longer than this becomes a module-level constant."""


def number_text(value: float) -> str:
    """A number as the messages show it (Python's spelling, exponent without ``+``)."""
    if isinstance(value, float):
        return repr(value).replace("e+", "e") if math.isfinite(value) else f'float("{value}")'
    return repr(value)


def _long(value: Any) -> bool:
    """Whether a JSON value is hoisted into a module-level constant rather than spelled in line."""
    if isinstance(value, (list, dict)):
        return True
    if isinstance(value, str):
        return len(repr(value)) > _LONG_LITERAL  # the literal's length, up to the choice of quotes
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return len(number_text(value)) > _LONG_LITERAL
    return False


def k_type(site: Site, value: Any) -> list[Op]:
    types = [value] if isinstance(value, str) else value
    if not isinstance(types, list) or not types or not all(t in JSON_TYPES for t in types):
        raise site.bad("type", f"type must be a JSON type name or a list of them, not {value!r}")
    if "number" in types:
        types = [t for t in types if t != "integer"]
    types = list(dict.fromkeys(types))
    kinds = tuple(sorted({TYPE_KIND[t] for t in types}))
    shown = ", ".join(repr(t) for t in types)
    return [TypeOp(site.loc("type", "%r is not of type " + fmt(shown)), tuple(types), kinds)]


def k_enum(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, list):
        raise site.bad("enum", "enum must be an array")
    message = "%r is not one of " + fmt(repr(value))
    strs = [v for v in value if isinstance(v, str)]
    has_null = None in value
    if value and len(strs) + has_null == len(value):
        name = site.p.const_set(strs) if strs else None
        return [EnumOp(site.loc("enum", message), strs=name, null=has_null, general=None)]
    site.p.uses.add("eq")
    return [EnumOp(site.loc("enum", message), strs=None, null=False, general=site.p.const_tuple(value))]


def k_const(site: Site, value: Any) -> list[Op]:
    message = fmt(repr(value)) + " was expected"
    if value is None or isinstance(value, bool):
        test = "is"
    elif isinstance(value, str):
        test = "str"
    else:
        test = "eq"
        site.p.uses.add("eq")
    name = site.p.const(value) if _long(value) else None
    return [ConstOp(site.loc("const", message), test=test, value=value, name=name)]


# ---- numbers ----------------------------------------------------------------------------------
def bound(site: Site, keyword: str, value: Any, op: str, message: str) -> list[Op]:
    number = site.number(keyword, value)
    return [BoundOp(site.loc(keyword, "%r " + message + " " + fmt(number_text(number))), op, number)]


def k_minimum(site: Site, value: Any) -> list[Op]:
    return bound(site, "minimum", value, "<", "is less than the minimum of")


def k_maximum(site: Site, value: Any) -> list[Op]:
    return bound(site, "maximum", value, ">", "is greater than the maximum of")


def k_exclusive_minimum(site: Site, value: Any) -> list[Op]:
    return bound(site, "exclusiveMinimum", value, "<=", "is less than or equal to the minimum of")


def k_exclusive_maximum(site: Site, value: Any) -> list[Op]:
    return bound(site, "exclusiveMaximum", value, ">=", "is greater than or equal to the maximum of")


def k_multiple_of(site: Site, value: Any) -> list[Op]:
    number = site.number("multipleOf", value)
    if number <= 0:
        raise site.bad("multipleOf", "multipleOf must be greater than 0")
    integral = isinstance(number, int)
    if not integral:
        site.p.uses.update(("multiple", "fractions", "math"))
    message = "%r is not a multiple of " + fmt(number_text(number))
    return [MultipleOfOp(site.loc("multipleOf", message), number, integral)]


# ---- lengths (strings, arrays, objects) ---------------------------------------------------------
def length(site: Site, keyword: str, value: Any, op: str, message: str) -> list[Op]:
    """``len(x) <op> n`` fails: the one builder of the six ``min*``/``max*`` size keywords."""
    n = site.count(keyword, value)
    if n == 0 and op == "<":
        return []
    return [LengthOp(site.loc(keyword, message), op, n)]


def k_min_length(site: Site, value: Any) -> list[Op]:
    return length(site, "minLength", value, "<", "%r is too short")


def k_max_length(site: Site, value: Any) -> list[Op]:
    return length(site, "maxLength", value, ">", "%r is too long")


def k_pattern(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, str):
        raise site.bad("pattern", "pattern must be a string")
    name = site.p.pattern(value, site.ctx, "pattern")
    return [PatternOp(site.loc("pattern", "%r does not match " + fmt(repr(value))), name)]


def k_format(site: Site, value: Any) -> list[Op]:
    if not site.p.asserts_formats(site.ctx.vocab) or not isinstance(value, str):
        return []
    checker = site.ctx.dialect.formats.get(value)
    if checker is None:
        return []  # formats the dialect does not define are annotations only (2020-12 section 7.2.3)
    for module in checker.requires:
        try:
            __import__(module)
        except ImportError:
            raise site.bad(
                "format", f"format {value!r} needs the {module!r} package: install schemagen[formats]"
            ) from None
    uses = site.p.uses
    uses.add("fmt_" + checker.helper)
    uses.update("fmt_" + dep for dep in checker.deps)
    uses.update(checker.stdlib)
    for dep in checker.deps:
        dep_checker = next((c for c in _formats.CHECKERS.values() if c.helper == dep), None)
        if dep_checker is not None:
            uses.update(dep_checker.stdlib)
    return [FormatOp(site.loc("format", "%r is not a " + fmt(repr(value))), "_fmt_" + checker.helper)]
