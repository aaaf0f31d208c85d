"""Docs example values: the :data:`Value` tree a type's Example Usage shows, and its snippets per flavor.

The docs target builds the tree (from ``--examples``, the schema's examples, or placeholders);
the filters here only spell it: as a TypeScript statement laid out as dprint-plugin-typescript
lays it out, or as a Python expression that builds the value with the generated dataclasses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.render.escape import py_literal, py_str

TS_SNIPPET_WIDTH = 80
"""dprint-plugin-typescript's line width, which Speakeasy's snippets are formatted with (not LINE_WIDTH)."""

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
    value: Any
    """Any JSON value (an enum may list arrays and objects)."""


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
    """An array value; ``tuple``: of a tuple type (a Python tuple in the Python snippets)."""

    items: tuple[Value, ...]
    tuple: bool = False


@dataclass(frozen=True)
class Raw:
    """Text inserted as it is: Speakeasy's raw use of a union-level example in a member's snippet (§3.1)."""

    text: str


Value = Scalar | EnumValue | Obj | Arr | Raw


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
    if len(line) <= TS_SNIPPET_WIDTH or not line.endswith(","):
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
        if len(text) > TS_SNIPPET_WIDTH:
            text = f"{head}\n  {body};"
    elif len(f"{head} {body.partition(NEWLINE)[0]}") <= TS_SNIPPET_WIDTH:
        text = f"{head} {body};"
    else:
        text = f"{keyword} value:\n  {annotation} = {ts_value(value, 2)};"
    return "\n".join(_wrap_property(line) for line in text.split("\n"))


# ---- Python snippets -----------------------------------------------------------------
def py_value(value: Value, indent: int = 0) -> str:
    """A Python expression that builds the value with the generated dataclasses, expanded like ruff format."""
    pad = " " * (indent + 4)
    end = " " * indent
    if isinstance(value, Raw):
        return py_literal(value.text)
    if isinstance(value, Scalar):
        if value.placeholder and isinstance(value.value, float):
            return f"{value.value:.2f}"
        return py_literal(value.value)
    if isinstance(value, EnumValue):
        if value.member is None:
            return py_literal(value.value)
        return f"models.{value.type_name}.{value.member}"
    if isinstance(value, Arr):
        opening, closing = "()" if value.tuple else "[]"
        if not value.items:
            return opening + closing
        return opening + "\n" + "".join(f"{pad}{py_value(v, indent + 4)},\n" for v in value.items) + end + closing
    if value.type_name is None:
        if not value.entries:
            return "{}"
        body = "".join(f"{pad}{py_str(e.wire)}: {py_value(e.value, indent + 4)},\n" for e in value.entries)
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
    "ts_statement": ts_statement,
    "py_value": py_value,
    "py_imports": py_imports,
}
