"""Docs tables: Markdown tables and the type cells and headings in them, per flavor.

Two flavors share one format (``speakeasy-format.md``):

* ``typescript``: Speakeasy's TypeScript model docs, byte for byte;
* ``python``: the same tables with Python names and types, spelled as Speakeasy's Python
  SDK docs spell them (``*Optional[int]*``, ``List[*str*]``, ``[models.X](../models/x.md)``).

The Example Usage snippets are spelled by :mod:`generator.render.docs_values`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from generator.render.escape import md_escape
from generator.render.pytypes import PY_PRIMITIVES, is_free_form
from generator.types import ir

FILE_URL = "https://developer.mozilla.org/en-US/docs/Web/API/File"
BLOB_URL = "https://developer.mozilla.org/en-US/docs/Web/API/Blob"


# ---- tables (§5.3) -------------------------------------------------------------------
PAD_LIMIT = 1200
"""Cells are padded to at most this width: a longer cell stands as it is, and never widens the others.

Speakeasy pads every column to the longest cell of the table (its OpenAI docs reach 1110, in
``createchatcompletionrequest.md``, and come out the same here); past this limit that would make a doc
grow with (longest cell x cells), so a 200 KB description would give a 42 MB doc. With the limit, a doc
stays proportional to its input."""


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Every column as wide as the longest RAW cell (measured before escaping), at most :data:`PAD_LIMIT`;
    no trailing newline."""
    width = min(PAD_LIMIT, max(len(cell) for row in [header, *rows] for cell in row))

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell in cells) + " |"

    out = [line(header), "| " + " | ".join("-" * width for _ in header) + " |"]
    out.extend(line([md_escape(cell) for cell in row]) for row in rows)
    return "\n".join(out)


def field_description(field: ir.Field, types: Mapping[str, ir.NamedType]) -> str | None:
    """A field's description; a field that only refers to a named type shows that type's (§5.5)."""
    if field.description is not None:
        return field.description
    expr = unwrap(field.type)
    named = types.get(expr.name) if isinstance(expr, ir.Ref) else None
    return named.description if named is not None else None


def field_deprecated(field: ir.Field, types: Mapping[str, ir.NamedType]) -> bool:
    """Whether a field is deprecated; a field that only refers to a named type takes that type's flag (§5.5)."""
    if field.deprecated:
        return True
    expr = unwrap(field.type)
    named = types.get(expr.name) if isinstance(expr, ir.Ref) else None
    return named is not None and named.deprecated


def example_cell(value: Any) -> str:
    """A property's example, unquoted: strings as they are, numbers and booleans as JSON writes them."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# ---- what a type is, for docs --------------------------------------------------------
def unwrap(expr: ir.TypeExpr) -> ir.Primitive | ir.Array | ir.Tuple | ir.Map | ir.Union | ir.Ref:
    """The type without its nullability (which the docs do not show, in TypeScript)."""
    while isinstance(expr, ir.Nullable):
        expr = expr.inner
    return expr


def doc_kind(named: ir.NamedType, flavor: str = "typescript") -> str | None:
    """``object``, ``enum``, ``union`` or ``binary`` for a type that gets a doc; None for an inlined alias."""
    if isinstance(named, ir.Model):
        if flavor == "python" and is_free_form(named):
            return None
        return "object"
    if isinstance(named, ir.Enum):
        return "enum"
    target = unwrap(named.target)
    if isinstance(target, ir.Union):
        return "union"
    if flavor == "typescript" and is_binary(target):
        return "binary"
    return None


def is_binary(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType] | None = None) -> bool:
    """A binary upload (``format: binary``), directly or through a named alias when ``types`` is given."""
    expr = unwrap(expr)
    if isinstance(expr, ir.Ref) and types is not None:
        named = types.get(expr.name)
        return isinstance(named, ir.Alias) and is_binary(named.target)
    return isinstance(expr, ir.Primitive) and expr.kind == "string" and expr.format == "binary"


def doc_file(name: str, flavor: str) -> str:
    """The path of a type's doc inside the output directory."""
    folder = "docs/models/components" if flavor == "typescript" else "docs/models"
    return f"{folder}/{name.lower()}.md"


# ---- TypeScript types (§6, §7) -------------------------------------------------------
_TS_PRIMITIVES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}


def ts_type(
    expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], cell: bool = False, seen: frozenset[str] = frozenset()
) -> str:
    """A type in the TypeScript docs' spelling.

    ``cell=True``: a field's RAW Type cell (pipes are escaped later, by the table): primitives in
    ``*emphasis*``, named types as links, binary uploads as ``[File](...) | [Blob](...)``.
    Otherwise: a union member's heading, which is also its snippet's type annotation.
    ``seen``: the aliases being spelled inline; one that refers to itself is spelled ``any`` there.
    """
    expr = unwrap(expr)
    while isinstance(expr, ir.Ref):  # aliases without a doc are spelled inline, unwrapped in a loop
        named = types.get(expr.name)
        if not isinstance(named, ir.Alias) or doc_kind(named) is not None:
            break
        if expr.name in seen:
            return "*any*" if cell else "any"
        seen = seen | {expr.name}
        expr = unwrap(named.target)
    if isinstance(expr, ir.Primitive):
        name = _TS_PRIMITIVES.get(expr.kind, expr.kind)
        if not cell:
            return name
        return f"[File]({FILE_URL}) | [Blob]({BLOB_URL})" if is_binary(expr) else f"*{name}*"
    if isinstance(expr, ir.Array):
        return ts_type(expr.items, types, cell, seen) + "[]"
    if isinstance(expr, ir.Tuple):
        spelled = [ts_type(m, types, cell, seen) for m in expr.items]
        spelled = [s if i < expr.min_items else s + "?" for i, s in enumerate(spelled)]
        rest = [f"...{ts_type(expr.rest, types, cell, seen)}[]"] if expr.rest is not None else []
        return "[" + ", ".join(spelled + rest) + "]"
    if isinstance(expr, ir.Map):
        return "Record<string, " + ts_type(expr.values, types, cell, seen) + ">"
    if isinstance(expr, ir.Union):
        return " | ".join(dict.fromkeys(ts_type(m, types, cell, seen) for m in expr.members))
    named = types.get(expr.name)
    kind = doc_kind(named) if named is not None else "object"
    if not cell:
        return f"components.{expr.name}"
    link = f"[components.{expr.name}](../../models/components/{expr.name.lower()}.md)"
    if kind == "union":
        return f"*components.{expr.name}*"
    if kind == "binary":
        return f"[File]({FILE_URL}) | [Blob]({BLOB_URL}) | {link}"
    return link


def ts_enum_values(enum: ir.Enum) -> str:
    """The one ``## Values`` line: every value JSON-quoted, joined by `` | ``."""
    return " | ".join(json.dumps(m.value, ensure_ascii=False) for m in enum.members)


# ---- Python type cells ---------------------------------------------------------------
def py_cell(
    expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], optional: bool = False, seen: frozenset[str] = frozenset()
) -> str:
    """The RAW Type cell in Speakeasy's Python spelling; ``optional`` wraps scalars and links in ``Optional[...]``.

    ``seen``: the aliases being spelled inline; one that refers to itself is spelled ``Any`` there.
    """
    while True:  # nullability and aliases without a doc are unwrapped in a loop: a long chain costs no stack
        if isinstance(expr, ir.Nullable):
            expr, optional = expr.inner, True
            continue
        named = types.get(expr.name) if isinstance(expr, ir.Ref) else None
        if not isinstance(named, ir.Alias) or doc_kind(named, "python") is not None:
            break
        if named.name in seen:
            expr = ir.Primitive("any")
            break
        seen = seen | {named.name}
        expr = named.target
    if isinstance(expr, ir.Primitive):
        inner = PY_PRIMITIVES[expr.kind]
        return "*" + (f"Optional[{inner}]" if optional else inner) + "*"
    if isinstance(expr, ir.Array):
        return "List[" + py_cell(expr.items, types, False, seen) + "]"
    if isinstance(expr, ir.Tuple):
        spelled = [py_cell(m, types, False, seen) for m in expr.items]
        if expr.rest is not None:
            spelled.append(py_cell(expr.rest, types, False, seen) + ", ...")
        inner = "Tuple[" + ", ".join(spelled) + "]"
        return f"Optional[{inner}]" if optional else inner
    if isinstance(expr, ir.Map):
        return "Dict[str, " + py_cell(expr.values, types, False, seen) + "]"
    if isinstance(expr, ir.Union):
        inner = ", ".join(dict.fromkeys(py_cell(m, types, False, seen) for m in expr.members))
        return f"Optional[Union[{inner}]]" if optional else f"Union[{inner}]"
    named = types.get(expr.name)
    if named is not None and doc_kind(named, "python") is None:
        return py_cell(ir.Map(ir.Primitive("any")), types, optional)
    text = f"Optional[models.{expr.name}]" if optional else f"models.{expr.name}"
    return f"[{text}](../models/{expr.name.lower()}.md)"


FILTERS: dict[str, Callable[..., Any]] = {
    "md_table": md_table,
    "example_cell": example_cell,
    "field_description": field_description,
    "field_deprecated": field_deprecated,
    "ts_type": ts_type,
    "ts_enum_values": ts_enum_values,
    "py_cell": py_cell,
}
