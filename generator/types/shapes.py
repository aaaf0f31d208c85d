"""What kind of type a schema describes (model, enum, union, map, array, ...), as the type model sees it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.schema.vocabulary import ORDER_KEY

SCALARS = ("string", "integer", "number", "boolean")
NAMED_SHAPES = ("model", "enum", "union", "allof", "object")
"""Shapes that need a type name of their own (inline ones get Speakeasy's §9 names)."""


def json_key(value: object) -> object:
    """A hashable key under which two JSON values are equal exactly when JSON Schema says so.

    ``true`` and ``1`` differ, ``1`` and ``1.0`` are equal, arrays and objects compare by content.
    Iterative, so a deeply nested value cannot exhaust the stack.
    """
    out: list[object] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Close):
            out.append(item.tag)
        elif isinstance(item, bool) or item is None:
            out.append(("b", item))
        elif isinstance(item, int):
            out.append(("n", item))
        elif isinstance(item, float):
            out.append(("n", int(item)) if item.is_integer() else ("n", item))
        elif isinstance(item, str):
            out.append(("s", item))
        elif isinstance(item, list):
            out.append("[")
            stack.append(_Close("]"))
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append("{")
            stack.append(_Close("}"))
            for key in sorted(item, key=str, reverse=True):
                stack.append(item[key])
                stack.append(_Close("k:" + str(key)))
        else:
            out.append(("?", repr(item)))
    return tuple(out)


class _Close:
    """A marker in :func:`json_key`'s output: a container's end, or an object key."""

    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


def unique_values(values: list[Any]) -> list[Any]:
    """JSON values with duplicates removed (JSON Schema equality), first occurrence kept, in order."""
    seen: set[object] = set()
    out: list[Any] = []
    for value in values:
        key = json_key(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def tuple_parts(schema: Mapping[str, Any]) -> tuple[list[Any], Any] | None:
    """The positional item schemas of a tuple-like array and the schema of the items after them, or None.

    ``prefixItems`` with ``items`` (2020-12), or array-form ``items`` with ``additionalItems`` (draft-04 to
    2019-09). The rest is ``False`` when the tuple is closed, ``True`` when anything may follow.
    """
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list):
        rest = schema.get("items", True)
    elif isinstance(schema.get("items"), list):
        prefix, rest = schema["items"], schema.get("additionalItems", True)
    else:
        return None
    return prefix, rest if isinstance(rest, (dict, bool)) else True


def item_schemas(schema: Mapping[str, Any]) -> list[Any]:
    """Every schema that describes items of an array: the positional ones, then the rest."""
    parts = tuple_parts(schema)
    if parts is None:
        return [schema.get("items")]
    return [*parts[0], parts[1]]


def union_members(schema: Mapping[str, Any]) -> list[Any] | None:
    """The ``anyOf`` (else ``oneOf``) branches of a union that carries type information, or None."""
    for key in ("anyOf", "oneOf"):
        found = schema.get(key)
        if isinstance(found, list) and found and any(_has_type_info(m) for m in found):
            return found
    return None


def _has_type_info(schema: object) -> bool:
    if not isinstance(schema, dict):
        return True
    return any(
        k in schema
        for k in ("type", "$ref", "properties", "items", "prefixItems", "enum", "const", "anyOf", "oneOf", "allOf")
    )


def is_null(schema: object) -> bool:
    """A schema that admits only ``null``."""
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or ("const" in schema and schema["const"] is None) or schema.get("enum") == [None]
    )


def declared_types(schema: Mapping[str, Any]) -> list[str]:
    """The names in ``type`` (one or a list), in order."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def shape(schema: object) -> str:
    """What kind of type a schema describes, as the type model sees it."""
    if not isinstance(schema, dict) or not schema:
        return "any"
    if "$ref" in schema:
        return "ref"
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return "nullable" if None in values and len(values) > 1 else "enum"
    branches = union_members(schema)
    if branches is not None:
        non_null = [m for m in branches if not is_null(m)]
        if len(non_null) < len(branches) and non_null:
            return "nullable"
        return "union" if len(non_null) > 1 else "single"
    types = declared_types(schema)
    if "null" in types and len(types) > 1:
        return "nullable"
    if len(types) > 1:
        return "union"
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        return "allof"
    kind = types[0] if types else None
    if kind == "object" or (kind is None and ("properties" in schema or "additionalProperties" in schema)):
        if schema.get("properties"):
            return "model"
        extra = schema.get("additionalProperties")
        return "map" if isinstance(extra, dict) or extra is True else "object"
    if kind == "array" or (kind is None and ("items" in schema or "prefixItems" in schema)):
        return "array"
    if kind in SCALARS or kind == "null":
        return "primitive"
    return "any"


def ranked_keys(contents: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[list[str], int]:
    """``$defs`` keys in rank order (the ranked ones, then the rest in document order), and how many are ranked."""
    order = contents.get(ORDER_KEY)  # set by the OpenAPI translation: §9 rank order
    first = [k for k in dict.fromkeys(order) if isinstance(k, str) and k in defs] if isinstance(order, list) else []
    rest = set(first)
    return first + [key for key in defs if key not in rest], len(first)


def all_of_parts(node: dict[str, Any], follow: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    """``node`` and the schemas its ``allOf`` brings in (``follow`` resolves a ``$ref``), depth first, each once.

    Iterative: a long ``allOf`` chain never hits the recursion limit.
    """
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    stack: list[Any] = [node]
    while stack:
        part = stack.pop()
        if isinstance(part, dict) and "$ref" in part and part is not node:
            part = follow(part)
        if not isinstance(part, dict) or id(part) in seen:
            continue
        seen.add(id(part))
        out.append(part)
        below = part.get("allOf")
        if isinstance(below, list):
            stack.extend(reversed(below))
    return out


def description_of(value: object) -> str | None:
    """A description worth showing: a non-empty string."""
    return value if isinstance(value, str) and value != "" else None


def examples_of(node: Mapping[str, Any]) -> tuple[Any, ...]:
    """The ``examples`` of a schema, in order."""
    found = node.get("examples")
    if isinstance(found, list):
        return tuple(v for v in found)
    return ()


def without_null(node: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a nullable scalar, enum or object schema (``type: [X, "null"]``, a null enum value) without null."""
    if "enum" in node or "const" in node:
        values = [v for v in node.get("enum", [node.get("const")]) if v is not None]
        return {k: v for k, v in node.items() if k not in ("enum", "const")} | {"enum": values}
    types = [t for t in declared_types(node) if t != "null"]
    return {k: v for k, v in node.items() if k != "type"} | {"type": types[0] if len(types) == 1 else types}
