"""Filters for the docs templates: Markdown tables, type cells and example snippets per flavor.

Two flavors share one format (``speakeasy-format.md``):

* ``typescript``: Speakeasy's TypeScript model docs, byte for byte;
* ``python``: the same tables with Python names and types, spelled as Speakeasy's Python
  SDK docs spell them (``*Optional[int]*``, ``List[*str*]``, ``[models.X](../models/x.md)``),
  and Example Usage snippets that build the value with the generated dataclasses.

Example values reach the templates as a small tree of :data:`Value` nodes (built by the
docs target); the snippet filters here only spell them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.types import ir

LINE_WIDTH = 80
"""dprint-plugin-typescript's line width, which Speakeasy's snippets are formatted with."""

FILE_URL = "https://developer.mozilla.org/en-US/docs/Web/API/File"
BLOB_URL = "https://developer.mozilla.org/en-US/docs/Web/API/Blob"
NEWLINE = "\n"
_TS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


# ---- example value tree --------------------------------------------------------------
@dataclass(frozen=True)
class Scalar:
    """A string, number, boolean or null. ``placeholder`` floats print with two decimals."""

    value: str | int | float | bool | None
    placeholder: bool = False


@dataclass(frozen=True)
class EnumValue:
    """A member of a named enum; ``member`` is the Python member name (None: a Literal alias)."""

    type_name: str
    member: str | None
    value: str | int | float | bool | None


@dataclass(frozen=True)
class Entry:
    """One key of an object value: the wire name and its spellings per flavor."""

    wire: str
    camel: str
    py: str | None
    """The dataclass attribute, or None for a key the model does not declare."""
    value: Value


@dataclass(frozen=True)
class Obj:
    """An object value: a model instance when ``type_name`` is set, else a plain mapping."""

    type_name: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Arr:
    """An array value."""

    items: tuple[Value, ...]


@dataclass(frozen=True)
class Raw:
    """Text inserted as it is: Speakeasy's raw use of a union-level example in a member's snippet (§3.1)."""

    text: str


Value = Scalar | EnumValue | Obj | Arr | Raw


# ---- tables (§5.3) -------------------------------------------------------------------
def md_escape(text: str) -> str:
    """Speakeasy's cell escaping; a carriage return is a line break too, so it becomes ``<br/>`` as well."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return filters.md_cell(text)


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Every column as wide as the longest RAW cell (measured before escaping); no trailing newline."""
    width = max(len(cell) for row in [header, *rows] for cell in row)

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


# ---- what a type expression is, for docs ---------------------------------------------
def unwrap(expr: ir.TypeExpr) -> ir.Primitive | ir.Array | ir.Map | ir.Union | ir.Ref:
    """The type without its nullability (which the docs do not show, in TypeScript)."""
    while isinstance(expr, ir.Nullable):
        expr = expr.inner
    return expr


def doc_kind(named: ir.NamedType, flavor: str = "typescript") -> str | None:
    """``object``, ``enum``, ``union`` or ``binary`` for a type that gets a doc; None for an inlined alias."""
    if isinstance(named, ir.Model):
        if flavor == "python" and filters.is_free_form(named):
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


# ---- TypeScript type cells and headings (§6, §7) -------------------------------------
_TS_PRIMITIVES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}


def ts_cell(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType]) -> str:
    """The RAW Type cell of a field (pipes are escaped later, by the table)."""
    expr = unwrap(expr)
    if isinstance(expr, ir.Primitive):
        if is_binary(expr):
            return f"[File]({FILE_URL}) | [Blob]({BLOB_URL})"
        return "*" + _TS_PRIMITIVES.get(expr.kind, expr.kind) + "*"
    if isinstance(expr, ir.Array):
        return ts_cell(expr.items, types) + "[]"
    if isinstance(expr, ir.Map):
        return "Record<string, " + ts_cell(expr.values, types) + ">"
    if isinstance(expr, ir.Union):
        return " | ".join(dict.fromkeys(ts_cell(m, types) for m in expr.members))
    named = types.get(expr.name)
    kind = doc_kind(named) if named is not None else "object"
    link = f"[components.{expr.name}](../../models/components/{expr.name.lower()}.md)"
    if kind == "union":
        return f"*components.{expr.name}*"
    if kind == "binary":
        return f"[File]({FILE_URL}) | [Blob]({BLOB_URL}) | {link}"
    if kind is None and isinstance(named, ir.Alias):
        return ts_cell(named.target, types)
    return link


def ts_heading(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType]) -> str:
    """A union member's heading, which is also its snippet's type annotation."""
    expr = unwrap(expr)
    if isinstance(expr, ir.Primitive):
        return _TS_PRIMITIVES.get(expr.kind, expr.kind)
    if isinstance(expr, ir.Array):
        return ts_heading(expr.items, types) + "[]"
    if isinstance(expr, ir.Map):
        return "Record<string, " + ts_heading(expr.values, types) + ">"
    if isinstance(expr, ir.Union):
        return " | ".join(dict.fromkeys(ts_heading(m, types) for m in expr.members))
    named = types.get(expr.name)
    if isinstance(named, ir.Alias) and doc_kind(named) is None:
        return ts_heading(named.target, types)
    return f"components.{expr.name}"


def ts_enum_values(enum: ir.Enum) -> str:
    """The one ``## Values`` line: every value JSON-quoted, joined by `` | ``."""
    return " | ".join(json.dumps(m.value, ensure_ascii=False) for m in enum.members)


# ---- TypeScript snippets (§3.2) ------------------------------------------------------
def _ts_string(text: str, indent: int) -> str:
    pieces = text.split("\n")
    quoted = [json.dumps(p + "\n", ensure_ascii=False) for p in pieces[:-1]]
    quoted.append(json.dumps(pieces[-1], ensure_ascii=False))
    return ("\n" + " " * (indent + 2) + "+ ").join(quoted)


def _ts_scalar(value: Scalar) -> str | None:
    raw = value.value
    if isinstance(raw, str):
        return None
    if value.placeholder and isinstance(raw, float):
        return f"{raw:.2f}"
    return json.dumps(raw)


def _ts_key(entry: Entry) -> str:
    return entry.camel if _TS_IDENTIFIER.match(entry.camel) else json.dumps(entry.camel, ensure_ascii=False)


def ts_value(value: Value, indent: int = 0) -> str:
    """The expanded TypeScript literal; continuation lines carry their absolute indentation."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Scalar):
        spelled = _ts_scalar(value)
        return _ts_string(str(value.value), indent) if spelled is None else spelled
    if isinstance(value, EnumValue):
        if isinstance(value.value, str):
            return _ts_string(value.value, indent)
        return json.dumps(value.value)
    pad = " " * (indent + 2)
    if isinstance(value, Arr):
        if not value.items:
            return "[]"
        body = "".join(f"{pad}{ts_value(item, indent + 2)},\n" for item in value.items)
        return "[\n" + body + " " * indent + "]"
    if not value.entries:
        return "{}"
    body = "".join(f"{pad}{_ts_key(e)}: {ts_value(e.value, indent + 2)},\n" for e in value.entries)
    return "{\n" + body + " " * indent + "}"


def _wrap_property(line: str) -> str:
    """``key: "long",`` past the width -> ``key:`` and the value on the next line, 2 deeper."""
    if len(line) <= LINE_WIDTH or not line.endswith(","):
        return line
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    key, sep, rest = stripped.partition(": ")
    if not sep or rest[:1] in ("{", "[", "") or not (key.isidentifier() or key.startswith('"')):
        return line
    return f"{' ' * indent}{key}:\n{' ' * (indent + 2)}{rest}"


def ts_statement(keyword: str, annotation: str, value: Value) -> str:
    """``let value: T = <value>;`` laid out as dprint-plugin-typescript lays it out at 80 columns."""
    head = f"{keyword} value: {annotation} ="
    body = ts_value(value)
    if "\n" not in body:
        text = f"{head} {body};"
        if len(text) > LINE_WIDTH:
            text = f"{head}\n  {body};"
    elif len(f"{head} {body.partition(NEWLINE)[0]}") <= LINE_WIDTH:
        text = f"{head} {body};"
    else:
        text = f"{keyword} value:\n  {annotation} = {ts_value(value, 2)};"
    return "\n".join(_wrap_property(line) for line in text.split("\n"))


# ---- Python type cells and annotations -----------------------------------------------
_PY_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None", "any": "Any"}


def _py_named_kind(named: ir.NamedType | None) -> str | None:
    return doc_kind(named, "python") if named is not None else "object"


def py_cell(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], optional: bool = False) -> str:
    """The RAW Type cell in Speakeasy's Python spelling; ``optional`` wraps scalars and links in ``Optional[...]``."""
    if isinstance(expr, ir.Nullable):
        return py_cell(expr.inner, types, optional=True)
    if isinstance(expr, ir.Primitive):
        inner = _PY_PRIMITIVES[expr.kind]
        return "*" + (f"Optional[{inner}]" if optional else inner) + "*"
    if isinstance(expr, ir.Array):
        return "List[" + py_cell(expr.items, types) + "]"
    if isinstance(expr, ir.Map):
        return "Dict[str, " + py_cell(expr.values, types) + "]"
    if isinstance(expr, ir.Union):
        inner = ", ".join(dict.fromkeys(py_cell(m, types) for m in expr.members))
        return f"Optional[Union[{inner}]]" if optional else f"Union[{inner}]"
    named = types.get(expr.name)
    if _py_named_kind(named) is None:
        if isinstance(named, ir.Alias):
            return py_cell(named.target, types, optional)
        return py_cell(ir.Map(ir.Primitive("any")), types, optional)
    text = f"Optional[models.{expr.name}]" if optional else f"models.{expr.name}"
    return f"[{text}](../models/{expr.name.lower()}.md)"


def py_annotation(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType]) -> str:
    """A runtime-valid annotation for a snippet (``models.X``, ``list[str]``, ``X | None``)."""
    if isinstance(expr, ir.Nullable):
        inner = py_annotation(expr.inner, types)
        return inner if inner in ("Any", "None") else f"{inner} | None"
    if isinstance(expr, ir.Primitive):
        return _PY_PRIMITIVES[expr.kind]
    if isinstance(expr, ir.Array):
        return f"list[{py_annotation(expr.items, types)}]"
    if isinstance(expr, ir.Map):
        return f"dict[str, {py_annotation(expr.values, types)}]"
    if isinstance(expr, ir.Union):
        members = list(dict.fromkeys(py_annotation(m, types) for m in expr.members))
        return "Any" if "Any" in members else " | ".join(members)
    named = types.get(expr.name)
    if isinstance(named, ir.Model) and filters.is_free_form(named):
        return "dict[str, Any]"
    return f"models.{expr.name}"


# ---- Python snippets -----------------------------------------------------------------
def py_value(value: Value, indent: int = 0) -> str:
    """A Python expression that builds the value with the generated dataclasses, expanded like ruff format."""
    pad = " " * (indent + 4)
    end = " " * indent
    if isinstance(value, Raw):
        return filters.py_literal(value.text)
    if isinstance(value, Scalar):
        if value.placeholder and isinstance(value.value, float):
            return f"{value.value:.2f}"
        return filters.py_literal(value.value)
    if isinstance(value, EnumValue):
        if value.member is None:
            return filters.py_literal(value.value)
        return f"models.{value.type_name}.{value.member}"
    if isinstance(value, Arr):
        if not value.items:
            return "[]"
        return "[\n" + "".join(f"{pad}{py_value(v, indent + 4)},\n" for v in value.items) + end + "]"
    if value.type_name is None:
        if not value.entries:
            return "{}"
        body = "".join(f"{pad}{filters.py_str(e.wire)}: {py_value(e.value, indent + 4)},\n" for e in value.entries)
        return "{\n" + body + end + "}"
    entries = [e for e in value.entries if e.py is not None]
    if not entries:
        return f"models.{value.type_name}()"
    body = "".join(f"{pad}{e.py}={py_value(e.value, indent + 4)},\n" for e in entries)
    return f"models.{value.type_name}(\n" + body + end + ")"


def py_imports(stem: str, *code: str) -> str:
    """The import lines a snippet needs (each followed by a newline; a blank line after them)."""
    text = " ".join(code)
    lines = []
    if re.search(r"\bAny\b", text):
        lines.append("from typing import Any")
    if "models." in text:
        lines.append(f"from {stem} import models")
    return "".join(f"{line}\n" for line in lines) + ("\n" if lines else "")


FILTERS: dict[str, Callable[..., Any]] = {
    "md_table": md_table,
    "md_escape": md_escape,
    "example_cell": example_cell,
    "field_description": field_description,
    "field_deprecated": field_deprecated,
    "doc_kind": doc_kind,
    "doc_file": doc_file,
    "is_binary": is_binary,
    "ts_cell": ts_cell,
    "ts_heading": ts_heading,
    "ts_enum_values": ts_enum_values,
    "ts_statement": ts_statement,
    "py_cell": py_cell,
    "py_annotation": py_annotation,
    "py_value": py_value,
    "py_imports": py_imports,
}

# Imported last: ``generator.filters`` registers FILTERS above when it is imported, either way round.
from generator.render import filters  # noqa: E402
