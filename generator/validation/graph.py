"""Facts about plans and schemas: one traversal of a plan, its rewriting, and schema measures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from generator.schema.vocabulary import children
from generator.validation.ctx import Ctx
from generator.validation.plan import (
    ALL_KINDS,
    TYPE_KIND,
    AllOfOp,
    Ann,
    AnyOfOp,
    ConstOp,
    EnumOp,
    PlanError,
    RefOp,
    Sub,
)
from generator.validation.site import kind_of

T = TypeVar("T")


# ---- plans ------------------------------------------------------------------------------------
_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _fields(node: Any) -> tuple[str, ...]:
    """The field names of a plan class (empty for anything else), cached per class."""
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()
        _FIELDS[cls] = names
    return names


def nodes(value: Any) -> Iterator[Any]:
    """Every plan object (op, body, sub, annotation collection...) in ``value``, itself included."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
        elif type(node) not in _LEAVES:
            names = _fields(node)
            if names:
                yield node
                stack.extend(getattr(node, name) for name in names)


def called(value: Any) -> Iterator[int]:
    """Every variant number ``value`` calls: ``_v``/``_e`` of its called subs, ``_a`` of its collections."""
    for node in nodes(value):
        if isinstance(node, Sub) and node.n is not None:
            yield node.n
        elif isinstance(node, Ann):
            yield from node.calls


def remap(value: T, fn: Callable[[Sub], Sub]) -> T:
    """``value`` with ``fn`` applied to every :class:`Sub` in it (bottom up); unchanged parts are shared."""
    if isinstance(value, tuple):
        items = tuple(remap(item, fn) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items  # type: ignore[return-value]
    names = () if isinstance(value, (str, int, float, bool)) or value is None else _fields(value)
    if not names:
        return value
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = remap(old, fn)
        if new is not old:
            changes[name] = new
    result = replace(value, **changes) if changes else value  # type: ignore[type-var]
    return fn(result) if isinstance(result, Sub) else result  # type: ignore[return-value]


def as_names(sub: Sub) -> Sub:
    """A child applied to property names: an inlined body knows its instance is a string."""
    body = sub.body
    if body is None or body.known is not None:
        return sub
    first = tuple(replace(op, known="string") for op in body.first)
    return replace(sub, body=replace(body, known="string", first=first))


def accepts_none(sub: Sub) -> bool:
    """Whether the child surely accepts null (so a missing key may be read as None)."""
    body = sub.body
    if body is None or body.false is not None or body.groups:
        return False
    if body.type is not None and "null" not in body.type.types:
        return False
    for check in body.first:
        if isinstance(check, EnumOp) and not check.null:
            return False
        if isinstance(check, ConstOp) and check.value is not None:
            return False
    for op in body.generic:
        if isinstance(op, AnyOfOp) and any(s.body is not None and accepts_none(s) for s in op.subs):
            continue
        if isinstance(op, RefOp) and accepts_none(op.sub):
            continue
        if isinstance(op, AllOfOp) and all(accepts_none(s) for s in op.subs):
            continue
        return False
    return True


# ---- schemas ----------------------------------------------------------------------------------
def size(schema: Any, limit: int) -> int:
    """The number of subschemas under ``schema``, counted up to ``limit``."""
    count = 0
    stack = [schema]
    while stack and count < limit:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(child for _, child in children(node))
            count += len(node.get("enum", ())) // 8 if isinstance(node.get("enum"), list) else 0
    return count


def has_refs(schema: Any) -> bool:
    """Whether ``schema`` or a subschema under it holds ``$ref`` / ``$dynamicRef`` / ``$recursiveRef``."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node or "$dynamicRef" in node or "$recursiveRef" in node:
                return True
            stack.extend(child for _, child in children(node))
    return False


Resolve = Callable[[str, Ctx], tuple[Any, str]]
KINDS_DEPTH = 64
"""How deep :func:`kinds` looks through subschemas and references before it assumes any kind."""


def kinds(resolve: Resolve, schema: Any, ctx: Ctx, seen: frozenset[int]) -> frozenset[str]:
    """The JSON kinds of instance a schema can possibly accept (a safe over-approximation).

    Bounded: past :data:`KINDS_DEPTH` nested schemas (a long ``$ref`` / ``anyOf`` chain) it answers every kind.
    """
    if schema is True:
        return ALL_KINDS
    if schema is False:
        return frozenset()
    if not isinstance(schema, dict) or id(schema) in seen or len(seen) >= KINDS_DEPTH:
        return ALL_KINDS
    seen = seen | {id(schema)}
    out = ALL_KINDS
    if ctx.dialect.ref_overrides and isinstance(schema.get("$ref"), str):
        schema = {"$ref": schema["$ref"]}  # before 2019-09, $ref's siblings are ignored
    value = schema.get("type")
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        out &= frozenset(TYPE_KIND.get(t, "null") for t in value)
    if "const" in schema:
        out &= {kind_of(schema["const"])}
    if isinstance(schema.get("enum"), list):
        out &= frozenset(kind_of(v) for v in schema["enum"])
    for sub in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []:
        out &= kinds(resolve, sub, ctx, seen)
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            union: frozenset[str] = frozenset()
            for sub in schema[keyword]:
                union |= kinds(resolve, sub, ctx, seen)
            out &= union
    if isinstance(schema.get("$ref"), str):
        try:
            target, base = resolve(schema["$ref"], ctx)
        except PlanError:
            return out
        out &= kinds(resolve, target, replace(ctx, base=base), seen)
    return out
