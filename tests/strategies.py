"""Hypothesis strategies: JSON values in general, and instances shaped by a schema's type model."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from generator.types import ir

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _primitive(expr: ir.Primitive) -> st.SearchStrategy[Any]:
    limits = dict(expr.constraints)
    if expr.kind == "string":
        return st.text(max_size=min(int(limits.get("maxLength", 20)), 20))
    if expr.kind == "integer":
        return st.integers(min_value=0, max_value=2**40)
    if expr.kind == "number":
        return st.integers(min_value=0, max_value=1000) | st.floats(min_value=0, max_value=1e6)
    if expr.kind == "boolean":
        return st.booleans()
    if expr.kind == "null":
        return st.none()
    return JSON


def shaped(expr: ir.TypeExpr, types: dict[str, ir.NamedType], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values with the shape the type model describes (the oracle filters out rule violations)."""
    if isinstance(expr, ir.Primitive):
        return _primitive(expr)
    if isinstance(expr, ir.Array):  # deep down, empty: no strategy for the items (a required recursion ends here)
        return st.just([]) if depth > 3 else st.lists(shaped(expr.items, types, depth + 1), max_size=3)
    if isinstance(expr, ir.Tuple):
        lengths = range(expr.min_items, len(expr.items) + 1)
        prefixes = [st.tuples(*(shaped(m, types, depth + 1) for m in expr.items[:n])).map(list) for n in lengths]
        if expr.rest is not None and depth <= 3:
            full = prefixes[-1]
            tail = st.lists(shaped(expr.rest, types, depth + 1), max_size=2)
            prefixes[-1] = st.tuples(full, tail).map(lambda parts: parts[0] + parts[1])
        return st.one_of(prefixes)
    if isinstance(expr, ir.Map):
        keys = st.text(max_size=10)
        return st.just({}) if depth > 3 else st.dictionaries(keys, shaped(expr.values, types, depth + 1), max_size=3)
    if isinstance(expr, ir.Nullable):
        return st.none() | shaped(expr.inner, types, depth)
    if isinstance(expr, ir.Union):
        return st.one_of([shaped(m, types, depth) for m in expr.members])
    return named(types[expr.name], types, depth)


def named(value: ir.NamedType, types: dict[str, ir.NamedType], depth: int = 0) -> st.SearchStrategy[Any]:
    if isinstance(value, ir.Enum):
        return st.sampled_from([m.value for m in value.members])
    if isinstance(value, ir.Alias):
        return shaped(value.target, types, depth)
    if not value.fields:
        return st.dictionaries(st.text(max_size=5), JSON, max_size=3)
    if depth > 8:  # a recursion through required fields (Add.left: Num | Add) ends in the union's other members
        return st.nothing()
    required = {f.wire_name: shaped(f.type, types, depth + 1) for f in value.fields if f.required}
    optional = (
        {} if depth > 3 else {f.wire_name: shaped(f.type, types, depth + 1) for f in value.fields if not f.required}
    )
    return st.fixed_dictionaries(required, optional=optional)
