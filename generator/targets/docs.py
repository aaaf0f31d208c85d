"""Target ``docs``: Markdown model docs in Speakeasy's format, one file per type, plus an index.

* ``typescript`` flavor: ``docs/models/components/<name>.md``, byte-identical to Speakeasy's
  TypeScript SDK docs (``speakeasy-format.md``); links are ``../../models/components/x.md``.
* ``python`` flavor (the default): ``docs/models/<name>.md``, the same tables with Python
  attribute names and types; links are ``../models/x.md``.
* ``docs/README.md``: every type with its one-line description.
* Several schemas in one run: each one's docs (and index) in ``docs/<stem>/``, and ``docs/README.md``
  lists the schemas, so that types of the same name never collide.

The value shown in a type's Example Usage comes from ``--examples`` (type name -> value,
wire names), else from the schema (``examples``, enum values), else from deterministic
placeholders: ``"<id>"`` for id-like strings, ``"<value>"`` for other strings, and numbers
derived from the field path.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from generator.render import pytypes
from generator.render.docs import doc_file, doc_kind, is_binary, unwrap
from generator.render.docs_values import Arr, Entry, EnumValue, Obj, Raw, Scalar, Value
from generator.render.environment import render as render_template
from generator.targets import Job
from generator.types import ir
from generator.types.naming import module_stem

TS_PACKAGE = "argot-open-ai"
"""The npm package the TypeScript snippets import from (``<package>/models/components``)."""

EXAMPLE_DEPTH = 12
"""How many named types deep a generated example goes; deeper ones are shown empty (docs stay small)."""

_TEMPLATES = {"typescript": "docs_typescript.md.jinja", "python": "docs_python.md.jinja"}


def render(job: Job) -> dict[str, str]:
    flavor = job.docs_flavor if job.docs_flavor in _TEMPLATES else "python"
    types = job.types
    examples = Examples(types, job.examples)
    files: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    stems = [module_stem(root.display) for root in job.workspace.roots]
    # One schema: docs/README.md and docs/models/. Several: each its own docs/<stem>/ (so that types of the
    # same name never collide), and docs/README.md lists the schemas (every job renders the same text).
    folder = "docs/" if len(stems) <= 1 else f"docs/{job.module.stem}/"
    for named in job.module.types:
        kind = doc_kind(named, flavor)
        path = folder + doc_file(named.name, flavor)[len("docs/") :] if kind is not None else None
        entries.append({"named": named, "kind": kind, "link": path[len(folder) :] if path else None})
        if path is None or kind is None:
            continue
        files[path] = render_template(
            job.env,
            _TEMPLATES[flavor],
            named=named,
            kind=kind,
            types=types,
            example=None if flavor == "typescript" and _no_examples(named, types) else examples.for_type(named.name),
            members=examples.members(named, flavor) if kind == "union" else [],
            package=TS_PACKAGE,
            stem=job.module.stem,
        )
    files[folder + "README.md"] = render_template(
        job.env,
        "docs_index.md.jinja",
        entries=sorted(entries, key=lambda e: (e["named"].name.lower(), e["named"].name)),
        module=job.module,
        flavor=flavor,
    )
    if len(stems) > 1:
        schemas = sorted(zip(stems, (root.display for root in job.workspace.roots), strict=True))
        files["docs/README.md"] = render_template(job.env, "docs_schemas.md.jinja", schemas=schemas)
    return files


def _no_examples(named: ir.NamedType, types: Mapping[str, ir.NamedType]) -> bool:
    """Speakeasy shows "No examples available" for a model with a binary upload field."""
    if isinstance(named, ir.Alias):
        return is_binary(named.target)
    return isinstance(named, ir.Model) and any(is_binary(f.type, types) for f in named.fields)


class Examples:
    """Example values per type, as :data:`~generator.render.docs_values.Value` trees."""

    def __init__(self, types: Mapping[str, ir.NamedType], overrides: Mapping[str, Any]) -> None:
        self.types = types
        self.overrides = overrides

    # -- entry points
    def for_type(self, name: str) -> Value:
        return self.named(name, name, frozenset())

    def members(self, named: ir.NamedType, flavor: str) -> list[tuple[ir.TypeExpr, Value]]:
        """Each member of a union alias with a value for it.

        A value given for the union (``--examples``, else the schema's example) is used for every member
        it fits. In the TypeScript flavor a schema example is also forced into the members it does not fit,
        inserted raw, as Speakeasy does (§3.1: ``input.md``).
        """
        assert isinstance(named, ir.Alias)
        union = unwrap(named.target)
        assert isinstance(union, ir.Union)
        given = self.overrides.get(named.name, _MISSING)
        raw = given is _MISSING and bool(named.examples) and flavor == "typescript"
        if given is _MISSING and named.examples:
            given = named.examples[0]
        stack = frozenset({named.name})
        out = []
        for index, member in enumerate(union.members):
            path = f"{named.name}[{index}]"
            if given is not _MISSING and self.fits(member, given):
                out.append((member, self.convert(member, given, path, stack)))
            elif raw:
                out.append((member, self.forced(member, given, path, stack)))
            else:
                out.append((member, _tagged(self.default(member, path, named.name, stack), union, index)))
        return out

    def forced(self, expr: ir.TypeExpr, value: Any, path: str, stack: frozenset[str]) -> Value:
        """A union-level example put into a member it does not fit: raw text in scalar places."""
        expr = unwrap(expr)
        if isinstance(expr, ir.Array):
            return Arr((self.forced(expr.items, value, path + "[0]", stack),))
        if isinstance(expr, ir.Primitive) and _is_scalar(value):
            if expr.kind == "string":
                return Scalar(value if isinstance(value, str) else json.dumps(value))
            return Raw(value if isinstance(value, str) else json.dumps(value))
        return self.default(expr, path, path, stack)

    # -- defaults from the schema
    def named(self, name: str, path: str, stack: frozenset[str]) -> Value:
        if name in self.overrides:
            return self.convert(ir.Ref(name), self.overrides[name], path, stack)
        named = self.types.get(name)
        if named is None:
            return Scalar(None)
        if named.examples:
            return self.convert_named(named, named.examples[0], path, stack)
        if name in stack or len(stack) >= EXAMPLE_DEPTH:
            return Obj(name if isinstance(named, ir.Model) else None, ())
        stack = stack | {name}
        if isinstance(named, ir.Enum):
            member = named.members[0]
            return EnumValue(name, _member_name(named, member.value), member.value)
        if isinstance(named, ir.Alias):
            return self.default(named.target, path, path.rpartition(".")[2], stack)
        fields = []
        for field in named.fields:
            if not (field.required or field.examples or self.has_example(field.type, frozenset())):
                continue
            here = f"{path}.{field.wire_name}"
            if field.examples:
                value = self.convert(field.type, field.examples[0], here, stack)
            elif field.tags:  # a discriminated union's tag (generator.types.discriminator.narrow)
                value = Scalar(field.tags[0])
            else:
                value = self.default(field.type, here, field.wire_name, stack)
            fields.append(Entry(field.wire_name, field.camel_name, field.py_name, value))
        return Obj(None if pytypes.is_free_form(named) else name, tuple(fields))

    def default(self, expr: ir.TypeExpr, path: str, leaf: str, stack: frozenset[str]) -> Value:
        if isinstance(expr, ir.Ref):
            return self.named(expr.name, path, stack)
        if isinstance(expr, ir.Nullable):
            return self.default(expr.inner, path, leaf, stack)
        if isinstance(expr, ir.Array):
            return Arr((self.default(expr.items, path + "[0]", leaf, stack),))
        if isinstance(expr, ir.Tuple):
            items = tuple(self.default(m, f"{path}[{i}]", leaf, stack) for i, m in enumerate(expr.items))
            return Arr(items, tuple=True)
        if isinstance(expr, ir.Map):
            return Obj(None, ())
        if isinstance(expr, ir.Union):
            return self.default(expr.members[0], path, leaf, stack) if expr.members else Scalar(None)
        return _placeholder(expr, path, leaf)

    def has_example(self, expr: ir.TypeExpr, seen: frozenset[str]) -> bool:
        """Whether the schema has an example inside: a ``$ref`` target, array items or union members."""
        if isinstance(expr, ir.Nullable):
            return self.has_example(expr.inner, seen)
        if isinstance(expr, ir.Array):
            return self.has_example(expr.items, seen)
        if isinstance(expr, ir.Tuple):
            return any(self.has_example(m, seen) for m in expr.members)
        if isinstance(expr, ir.Map):
            return self.has_example(expr.values, seen)
        if isinstance(expr, ir.Union):
            return any(self.has_example(m, seen) for m in expr.members)
        if isinstance(expr, ir.Ref) and expr.name not in seen and len(seen) < EXAMPLE_DEPTH:
            named = self.types.get(expr.name)
            if named is None:
                return False
            if named.examples:
                return True
            if isinstance(named, ir.Alias):
                return self.has_example(named.target, seen | {expr.name})
        return False

    # -- values given as JSON (examples file, schema examples)
    def convert(self, expr: ir.TypeExpr, value: Any, path: str, stack: frozenset[str]) -> Value:
        expr = pytypes.unalias(expr, self.types)  # iterative: a long alias chain costs no stack
        if isinstance(expr, ir.Ref):
            named = self.types.get(expr.name)
            return self.convert_named(named, value, path, stack) if named is not None else _generic(value)
        if isinstance(expr, ir.Nullable):
            return Scalar(None) if value is None else self.convert(expr.inner, value, path, stack)
        if isinstance(expr, ir.Array) and isinstance(value, list):
            return Arr(tuple(self.convert(expr.items, v, f"{path}[{i}]", stack) for i, v in enumerate(value)))
        if isinstance(expr, ir.Tuple) and isinstance(value, list):
            items = tuple(self.convert(_position(expr, i), v, f"{path}[{i}]", stack) for i, v in enumerate(value))
            return Arr(items, tuple=True)
        if isinstance(expr, ir.Map) and isinstance(value, dict):
            return Obj(
                None,
                tuple(Entry(str(k), str(k), None, self.convert(expr.values, v, path, stack)) for k, v in value.items()),
            )
        if isinstance(expr, ir.Union):
            member = next((m for m in expr.members if self.fits(m, value)), None)
            return self.convert(member, value, path, stack) if member is not None else _generic(value)
        return _generic(value)

    def convert_named(self, named: ir.NamedType, value: Any, path: str, stack: frozenset[str]) -> Value:
        if isinstance(named, ir.Enum):
            return EnumValue(named.name, _member_name(named, value), value) if _is_scalar(value) else _generic(value)
        if isinstance(named, ir.Alias):
            return self.convert(named.target, value, path, stack)
        if not isinstance(value, dict):
            return _generic(value)
        by_wire = {f.wire_name: f for f in named.fields}
        entries = []
        for key, item in value.items():
            field = by_wire.get(str(key))
            if field is None:
                entries.append(Entry(str(key), str(key), None, _generic(item)))
            else:
                converted = self.convert(field.type, item, f"{path}.{key}", stack)
                entries.append(Entry(field.wire_name, field.camel_name, field.py_name, converted))
        return Obj(None if pytypes.is_free_form(named) else named.name, tuple(entries))

    def fits(self, expr: ir.TypeExpr, value: Any, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a JSON value has the shape of a type (for choosing a union member)."""
        if isinstance(expr, ir.Nullable):
            return value is None or self.fits(expr.inner, value, seen)
        if isinstance(expr, ir.Primitive):
            return _PRIMITIVE_FITS[expr.kind](value)
        if isinstance(expr, ir.Array):
            return isinstance(value, list) and all(self.fits(expr.items, v, seen) for v in value)
        if isinstance(expr, ir.Tuple):
            return (
                isinstance(value, list)
                and expr.min_items <= len(value)
                and (expr.rest is not None or len(value) <= len(expr.items))
                and all(self.fits(_position(expr, i), v, seen) for i, v in enumerate(value))
            )
        if isinstance(expr, ir.Map):
            return isinstance(value, dict) and all(self.fits(expr.values, v, seen) for v in value.values())
        if isinstance(expr, ir.Union):
            return any(self.fits(m, value, seen) for m in expr.members)
        named = self.types.get(expr.name)
        if named is None or expr.name in seen or len(seen) >= EXAMPLE_DEPTH:
            return True
        if isinstance(named, ir.Enum):
            return any(m.value == value and type(m.value) is type(value) for m in named.members)
        if isinstance(named, ir.Alias):
            return self.fits(named.target, value, seen | {expr.name})
        if not isinstance(value, dict):
            return False
        wires = {f.wire_name for f in named.fields}
        return all(f.wire_name in value for f in named.fields if f.required) and (
            named.additional or set(value) <= wires
        )


_MISSING = object()


def _tagged(value: Value, union: ir.Union, index: int) -> Value:
    """A member's example with the tag an OpenAPI discriminator's mapping gives it in this union."""
    disc = union.discriminator
    tag = next((t for t, at in disc.tags if at == index), None) if disc is not None and disc.explicit else None
    if tag is None or not isinstance(value, Obj) or disc is None:
        return value
    entries = tuple(replace(e, value=Scalar(tag)) if e.wire == disc.property else e for e in value.entries)
    return replace(value, entries=entries)


_PRIMITIVE_FITS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "any": lambda v: True,
}


def _position(expr: ir.Tuple, index: int) -> ir.TypeExpr:
    """The type of the item at ``index`` of a tuple (the rest's past the positional ones)."""
    if index < len(expr.items):
        return expr.items[index]
    return expr.rest if expr.rest is not None else ir.Primitive("any")


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _member_name(enum: ir.Enum, value: Any) -> str | None:
    if pytypes.enum_base(enum) is None:
        return None
    for member in enum.members:
        if member.value == value and type(member.value) is type(value):
            return member.py_name
    return None


def _generic(value: Any) -> Value:
    if isinstance(value, dict):
        return Obj(None, tuple(Entry(str(k), str(k), None, _generic(v)) for k, v in value.items()))
    if isinstance(value, list):
        return Arr(tuple(_generic(v) for v in value))
    return Scalar(value if _is_scalar(value) else str(value))


def _placeholder(expr: ir.TypeExpr, path: str, leaf: str) -> Value:
    """Deterministic stand-ins for values the schema does not give."""
    kind = expr.kind if isinstance(expr, ir.Primitive) else "any"
    seed = zlib.crc32(path.encode("utf-8"))
    if kind == "string":
        return Scalar("<id>" if leaf == "id" or leaf.endswith("_id") else "<value>")
    if kind == "integer":
        return Scalar(100000 + seed % 900000)
    if kind == "number":
        return Scalar((100000 + seed % 900000) / 100, placeholder=True)
    if kind == "boolean":
        return Scalar(False)
    if kind == "null":
        return Scalar(None)
    return Obj(None, ())
