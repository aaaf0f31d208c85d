"""Small pure filters the templates call: escaping per context and type spelling per flavor.

Anything from a schema that lands in generated text goes through one of the escaping
filters here, chosen by where it lands (Python string, docstring, comment, Markdown cell).
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from generator.render import LINE_WIDTH
from generator.types import ir

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str, *, keep: str = "") -> str:
    if ch in keep:
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable() and ch not in "\u2028\u2029":
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def py_str(value: str) -> str:
    """A Python string literal that evaluates to exactly ``value``.

    Double-quoted, unless single quotes need fewer escapes (ruff format's own preference).
    """
    if value.count('"') > value.count("'"):
        body = "".join("\\'" if ch == "'" else ch if ch == '"' else _escape_char(ch) for ch in value)
        return "'" + body + "'"
    return '"' + "".join(_escape_char(ch) for ch in value) + '"'


def py_literal(value: object) -> str:
    """A Python literal for a JSON value (strings double-quoted, as ruff format wants)."""
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def docstring(text: str, indent: int = 0) -> str:
    """A complete triple-quoted docstring holding ``text`` verbatim (escaped, never executed).

    Single-line text stays on one line; longer text is laid out as ruff format would,
    with continuation lines at ``indent`` spaces and the closing quotes on their own line.
    """
    body = "".join(_escape_char(ch, keep='\n\t"') for ch in text.rstrip("\n"))
    if '"""' in body or body.endswith('"'):
        body = body.replace('"', '\\"')  # backslashes are already doubled, so this is unambiguous
    lines = [line.rstrip() for line in body.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return '""""""'
    if len(lines) == 1:
        return f'"""{lines[0].strip() or lines[0]}"""'
    pad = " " * indent
    # Continuation lines lose their common indentation (as ruff format and inspect.cleandoc do).
    common = min((len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()), default=0)
    rest = [f"{pad}{line[common:]}" if line else "" for line in lines[1:]]
    return '"""' + lines[0].strip() + "\n" + "\n".join(rest) + "\n" + pad + '"""'


def comment(text: str) -> str:
    """One line of text safe inside a ``#`` comment."""
    return " ".join("".join(_escape_char(ch, keep='"\\') for ch in text).split())


def md_cell(text: str) -> str:
    """Speakeasy's table-cell escaping: pipes escaped, newlines as ``<br/>``."""
    return text.replace("|", "\\|").replace("\n", "<br/>")


def first_line(text: str | None) -> str:
    """The first line of a description, for one-line summaries."""
    if not text:
        return ""
    return text.strip().split("\n", 1)[0].strip()


# ---- type spelling -------------------------------------------------------------------
_PY_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None", "any": "Any"}


def py_type(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], flavor: str = "dataclasses") -> str:
    """Spell a type expression in Python for ``flavor`` (``dataclasses`` or ``typeddicts``)."""
    if isinstance(expr, ir.Primitive):
        return _PY_PRIMITIVES[expr.kind]
    if isinstance(expr, ir.Ref):
        return expr.name
    if isinstance(expr, ir.Array):
        return f"list[{py_type(expr.items, types, flavor)}]"
    if isinstance(expr, ir.Map):
        return f"dict[str, {py_type(expr.values, types, flavor)}]"
    if isinstance(expr, ir.Nullable):
        spelled = py_type(expr.inner, types, flavor)
        return spelled if spelled in ("Any", "None") or spelled.endswith("| None") else f"{spelled} | None"
    parts: list[str] = []
    nullable = False
    for member in expr.members:
        inner = member.inner if isinstance(member, ir.Nullable) else member
        nullable = nullable or inner is not member
        if isinstance(inner, ir.Primitive) and inner.kind == "null":
            nullable = True
            continue
        parts.append(py_type(inner, types, flavor))
    members = list(dict.fromkeys(parts))
    if "Any" in members:
        return "Any"
    return " | ".join(members) + (" | None" if nullable else "")  # None last, as ruff (RUF036) wants


def refs_in(expr: ir.TypeExpr) -> set[str]:
    """The names a type expression mentions."""
    if isinstance(expr, ir.Ref):
        return {expr.name}
    if isinstance(expr, ir.Array):
        return refs_in(expr.items)
    if isinstance(expr, ir.Map):
        return refs_in(expr.values)
    if isinstance(expr, ir.Nullable):
        return refs_in(expr.inner)
    if isinstance(expr, ir.Union):
        return set().union(*(refs_in(m) for m in expr.members))
    return set()


def annotation(
    expr: ir.TypeExpr,
    types: Mapping[str, ir.NamedType],
    defined: Collection[str],
    flavor: str = "dataclasses",
    *,
    optional: bool = False,
) -> str:
    """A runtime-safe annotation: quoted as a whole when it names a type defined later.

    ``optional`` adds ``| None`` (a field that may be left unset defaults to None).
    """
    spelled = py_type(ir.Nullable(expr) if optional else expr, types, flavor)
    if refs_in(expr) - set(defined):
        return py_str(spelled)
    return spelled


def literal_type(enum: ir.Enum) -> str:
    """``Literal["a", "b"]`` for an enum's values."""
    return "Literal[" + ", ".join(py_literal(m.value) for m in enum.members) + "]"


def enum_base(enum: ir.Enum) -> str | None:
    """The stdlib enum base for an enum's values, or None when they are mixed (then: a Literal alias)."""
    values = [m.value for m in enum.members]
    if all(isinstance(v, str) for v in values):
        return "StrEnum"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "IntEnum"
    return None


def is_free_form(model: ir.Model) -> bool:
    """An object with no declared fields that allows any keys: a plain dict in Python."""
    return not model.fields and model.additional


def kind_of(named: ir.NamedType) -> str:
    return type(named).__name__.lower()


def is_model(value: object) -> bool:
    return isinstance(value, ir.Model)


def is_enum(value: object) -> bool:
    return isinstance(value, ir.Enum)


def is_alias(value: object) -> bool:
    return isinstance(value, ir.Alias)


def expr_kind(expr: ir.TypeExpr) -> str:
    """``primitive``, ``array``, ``map``, ``union``, ``nullable`` or ``ref``, for template dispatch."""
    return type(expr).__name__.lower()


FILTERS: dict[str, Callable[..., Any]] = {
    "py_str": py_str,
    "py_literal": py_literal,
    "docstring": docstring,
    "comment": comment,
    "md_cell": md_cell,
    "first_line": first_line,
    "py_type": py_type,
    "annotation": annotation,
    "literal_type": literal_type,
    "enum_base": enum_base,
    "kind_of": kind_of,
    "expr_kind": expr_kind,
}

TESTS: dict[str, Callable[..., bool]] = {
    "model": is_model,
    "enum": is_enum,
    "alias": is_alias,
    "free_form": is_free_form,
}


# ---- line fitting --------------------------------------------------------------------


def _top_level(text: str) -> Iterator[int]:
    """Indexes of the characters outside brackets and string literals (opening brackets included)."""
    depth = 0
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            if depth == 0:
                yield i
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            yield i
        i += 1


def _split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` where it stands outside brackets and strings."""
    parts: list[str] = []
    start = 0
    for i in _top_level(text):
        if i >= start and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
    parts.append(text[start:])
    return parts


def _call_parts(expr: str) -> tuple[str, list[str], str] | None:
    """``head(args)`` -> (``head(``, args, ``)``): the bracket group that ends the expression."""
    if not expr or expr[-1] not in ")]}":
        return None
    opened = max((i for i in _top_level(expr) if expr[i] in "([{"), default=-1)
    if opened < 0:
        return None
    args = [arg.strip() for arg in _split_top_level(expr[opened + 1 : -1])]
    return expr[: opened + 1], [arg for arg in args if arg], expr[-1]


def _fit(expr: str, indent: int, trailer: str) -> str:
    """Lay out ``expr`` + ``trailer`` at ``indent`` the way ruff format splits calls."""
    if indent + len(expr) + len(trailer) <= LINE_WIDTH:
        return expr + trailer
    parts = _call_parts(expr)
    if parts is None or not parts[1]:
        return expr + trailer
    head, args, close = parts
    pad = " " * indent
    inner = " " * (indent + 4)
    joined = ", ".join(args)
    if indent + 4 + len(joined) <= LINE_WIDTH:
        return f"{head}\n{inner}{joined}\n{pad}{close}{trailer}"
    if len(args) == 1 and head != "(":  # a sole argument is split in place, without a magic comma
        return f"{head}\n{inner}{_fit(args[0], indent + 4, '')}\n{pad}{close}{trailer}"
    lines = [f"{inner}{_fit(arg, indent + 4, ',')}" for arg in args]
    return head + "\n" + "\n".join(lines) + f"\n{pad}{close}{trailer}"


def fit(line: str, indent: int) -> str:
    """Fit one generated line (``name=call(...),`` or a statement) within the line width."""
    trailer = "," if line.endswith(",") else ""
    return _fit(line[: len(line) - len(trailer)], indent, trailer)


def fit_alias(name: str, target: str) -> str:
    """``Name: TypeAlias = target`` at module level, split the way ruff format splits it.

    A union on the right-hand side is parenthesized (then one member a line if still too
    long); a subscript such as ``Literal[...]`` is split inside its brackets.
    """
    line = f"{name}: TypeAlias = {target}"
    if len(line) <= LINE_WIDTH:
        return line
    members = _split_top_level(target, " | ")
    if len(members) > 1:
        if 4 + len(target) <= LINE_WIDTH:
            return f"{name}: TypeAlias = (\n    {target}\n)"
        return f"{name}: TypeAlias = (\n    " + "\n    | ".join(members) + "\n)"
    return fit(line, 0)


def strip_null(expr: ir.TypeExpr) -> ir.TypeExpr:
    """The non-null part of a nullable type (where None was already ruled out)."""
    return expr.inner if isinstance(expr, ir.Nullable) else expr


def unalias(expr: ir.TypeExpr, types: Mapping[str, ir.NamedType]) -> ir.TypeExpr:
    """Follow references to aliases down to the type they name."""
    seen: set[str] = set()
    while isinstance(expr, ir.Ref) and isinstance(types.get(expr.name), ir.Alias) and expr.name not in seen:
        seen.add(expr.name)
        alias = types[expr.name]
        assert isinstance(alias, ir.Alias)
        expr = alias.target
    return expr


def fast_name(py_name: str) -> bool:
    """Whether a field's decoding fits the straight-line form within the line width."""
    return len(py_name) <= 28


def exact_type(expr: ir.TypeExpr) -> str:
    """The builtin a value of this type always has exactly (str, int, bool), or "" when there is none."""
    if isinstance(expr, ir.Primitive) and expr.kind in ("string", "integer", "boolean"):
        return _PY_PRIMITIVES[expr.kind]
    return ""


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def isort_sorted(names: Iterable[str]) -> list[str]:
    """The order ruff's RUF022 wants for ``__all__``: CONSTANTS, then Classes, then the rest, naturally."""

    def key(name: str) -> tuple[int, list[object]]:
        if name.isupper() and len(name) > 1:
            group = 0
        elif name[:1].isupper():
            group = 1
        else:
            group = 2
        return (group, _natural(name))

    return sorted(names, key=key)


FILTERS["fit"] = fit
FILTERS["isort_sorted"] = isort_sorted
FILTERS["fit_alias"] = fit_alias
FILTERS["exact_type"] = exact_type
FILTERS["unalias"] = unalias
TESTS["fast_name"] = fast_name
FILTERS["strip_null"] = strip_null


def all_identifiers(names: Iterable[str]) -> bool:
    """Whether every key can be a TypedDict class attribute (else: the functional form)."""
    return all(name.isidentifier() and not keyword.iskeyword(name) for name in names)


def td_annotation(field: ir.Field, types: Mapping[str, ir.NamedType], defined: Collection[str]) -> str:
    """A TypedDict value annotation: ``NotRequired[...]`` outside, any forward quotes inside.

    ``NotRequired`` must stay unquoted, or ``__required_keys__`` is wrong at runtime.
    """
    inner = annotation(field.type, types, defined, "typeddicts")
    return inner if field.required else f"NotRequired[{inner}]"


FILTERS["td_annotation"] = td_annotation
FILTERS["all_identifiers"] = all_identifiers
FILTERS.update(__import__("generator.render.docs", fromlist=["FILTERS"]).FILTERS)  # the docs filters


def json_pretty(value: object) -> str:
    """JSON with two-space indentation, keys in schema order, non-ASCII kept."""
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)


FILTERS["json_pretty"] = json_pretty
