"""Type spelling in Python, per flavor, and the tests templates dispatch on.

``py_type`` is the one spelling of an IR type expression in Python. The flavor says how a
reference to a named type is spelled: by its name in the generated modules (``dataclasses``,
``typeddicts``), or as ``models.X`` in the docs' Example Usage snippets (``docs``).
"""

from __future__ import annotations

import functools
import keyword
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from generator.render.escape import py_literal, py_str
from generator.types import ir
from generator.types.naming import AMBIGUOUS_NAMES
from generator.types.selection import cyclic, expr_refs

PY_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None", "any": "Any"}
"""The Python builtin for each IR primitive kind."""

FLAVORS = ("dataclasses", "typeddicts", "docs")


def _ref(expr: ir.Ref, types: Mapping[str, ir.NamedType], flavor: str, quoted: Collection[str]) -> str:
    if flavor != "docs":
        return py_str(expr.name) if expr.name in quoted else expr.name
    named = types.get(expr.name)
    if isinstance(named, ir.Model) and is_free_form(named):
        return "dict[str, Any]"
    return f"models.{expr.name}"


def py_type(
    expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], flavor: str = "dataclasses", quoted: Collection[str] = ()
) -> str:
    """Spell a type expression in Python for ``flavor`` (one of :data:`FLAVORS`).

    A union lists each member once, ``Any`` absorbs the rest, and ``None`` comes last (ruff RUF036).
    The names in ``quoted`` are spelled as strings (forward references).
    """
    if isinstance(expr, ir.Primitive):
        return expr.custom.spelled if expr.custom and flavor == "dataclasses" else PY_PRIMITIVES[expr.kind]
    if isinstance(expr, ir.Ref):
        return _ref(expr, types, flavor, quoted)
    if isinstance(expr, ir.Array):
        return f"list[{py_type(expr.items, types, flavor, quoted)}]"
    if isinstance(expr, ir.Tuple):
        return tuple_type(expr, types, flavor, quoted)
    if isinstance(expr, ir.Map):
        return f"dict[str, {py_type(expr.values, types, flavor, quoted)}]"
    if isinstance(expr, ir.Nullable):
        spelled = py_type(expr.inner, types, flavor, quoted)
        return spelled if spelled in ("Any", "None") or spelled.endswith("| None") else f"{spelled} | None"
    parts: list[str] = []
    nullable = False
    for member in expr.members:
        inner = member.inner if isinstance(member, ir.Nullable) else member
        nullable = nullable or inner is not member
        if isinstance(inner, ir.Primitive) and inner.kind == "null":
            nullable = True
            continue
        parts.extend(
            py_type(inner, types, flavor, quoted).split(" | ")
            if _custom(inner)
            else [py_type(inner, types, flavor, quoted)]
        )
    members = list(dict.fromkeys(parts))
    if "Any" in members:
        return "Any"
    return " | ".join(members) + (" | None" if nullable else "")


def _custom(expr: ir.TypeExpr) -> bool:
    """A primitive the dataclasses spell as another class (typed formats, ``type-map``); see targets/typed.py."""
    return isinstance(expr, ir.Primitive) and expr.custom is not None


def tuple_type(
    expr: ir.Tuple, types: Mapping[str, ir.NamedType], flavor: str = "dataclasses", quoted: Collection[str] = ()
) -> str:
    """``tuple[A, B]``; ``tuple[A, B, *tuple[R, ...]]`` with a rest; ``tuple[A, B] | tuple[A]`` when B may be missing.

    TypedDicts describe the raw JSON, where an array is a list: ``list[A | B | R]`` there.
    """
    spelled = [py_type(m, types, flavor, quoted) for m in expr.items]
    if flavor == "typeddicts":
        return f"list[{py_type(ir.Union(expr.members), types, flavor, quoted)}]"
    variants = []
    for length in range(len(spelled), expr.min_items - 1, -1):
        inner = spelled[:length]
        if length == len(spelled) and expr.rest is not None:
            inner.append(f"*tuple[{py_type(expr.rest, types, flavor, quoted)}, ...]")
        variants.append("tuple[" + (", ".join(inner) or "()") + "]")
    return " | ".join(variants)


def top_level_refs(expr: ir.TypeExpr) -> set[str]:
    """The names a type expression spells outside any brackets (``X``, ``X | None``, ``X | Y``)."""
    if isinstance(expr, ir.Ref):
        return {expr.name}
    if isinstance(expr, ir.Nullable):
        return top_level_refs(expr.inner)
    if isinstance(expr, ir.Union):
        return set().union(*(top_level_refs(m) for m in expr.members))
    return set()


def alias_value(
    expr: ir.TypeExpr, types: Mapping[str, ir.NamedType], defined: Collection[str], flavor: str = "dataclasses"
) -> str:
    """The value of a type alias: names not defined yet are quoted one by one (``dict[str, "M"]``), so the
    alias is a real type at runtime and ``typing.get_type_hints`` works; quoted as a whole only when such a
    name stands outside brackets (``"X | None"``), where a string cannot be combined with ``|``."""
    late = {name for name in refs_in(expr) if name not in defined}
    if late & top_level_refs(expr):
        return py_str(py_type(expr, types, flavor))
    return py_type(expr, types, flavor, late)


def refs_in(expr: ir.TypeExpr) -> set[str]:
    """The names a type expression mentions."""
    return set(expr_refs(expr))


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
    if any(name not in defined for name in refs_in(expr)):
        return py_str(spelled)
    return spelled


class DefinedBefore(Collection[str]):
    """The names a module has defined, with a usable runtime value, before the type at ``index``.

    Aliases whose value is a string at runtime (``X: TypeAlias = "Y | None"``: their target names a type
    not defined before them outside brackets) are left out: an annotation that uses one is quoted as a whole.
    Membership costs O(1), so a module of thousands of types renders in linear time.
    """

    def __init__(self, position: Mapping[str, int], late: Collection[str], index: int) -> None:
        self._position = position
        self._late = late
        self._index = index

    def __contains__(self, name: object) -> bool:
        at = self._position.get(name) if isinstance(name, str) else None
        return at is not None and at < self._index and name not in self._late

    def __iter__(self) -> Iterator[str]:
        return (n for n, at in self._position.items() if at < self._index and n not in self._late)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def defined_before(types: Mapping[str, ir.NamedType]) -> Callable[[int], DefinedBefore]:
    """``defined_before(types)(i)``: the :class:`DefinedBefore` for the ``i``-th type of ``types`` (module order)."""
    position: dict[str, int] = {}
    late: set[str] = set()
    for index, (name, named) in enumerate(types.items()):
        if isinstance(named, ir.Alias) and any(r not in position or r in late for r in top_level_refs(named.target)):
            late.add(name)  # its value is a string (see alias_value)
        position[name] = index
    return lambda index: DefinedBefore(position, late, index)


def td_annotation(field: ir.Field, types: Mapping[str, ir.NamedType], defined: Collection[str]) -> str:
    """A TypedDict value annotation: ``NotRequired[...]`` outside, any forward quotes inside.

    ``NotRequired`` must stay unquoted, or ``__required_keys__`` is wrong at runtime.
    """
    inner = annotation(field.type, types, defined, "typeddicts")
    if field.tags:  # the tags of a discriminated union member (generator.types.discriminator.narrow)
        inner = "Literal[" + ", ".join(py_str(tag) for tag in field.tags) + "]"
    return inner if field.required else f"NotRequired[{inner}]"


def literal_type(enum: ir.Enum) -> str:
    """The type of an enum's values: ``Literal["a", 1, True, None]`` for what a Literal can hold,
    joined with the builtin of each other kind of value (``float``, ``list[Any]``, ``dict[str, Any]``).

    PEP 586 allows only str, int, bool, None (and enum members) in a Literal, so a float, an array or
    an object enum value is typed by its kind; the decoder still accepts exactly the listed values.
    """
    literals: list[str] = []
    others: list[str] = []
    for member in enum.members:
        value = member.value
        if value is None or isinstance(value, (str, int)):  # bool is an int
            literals.append(py_literal(value))
        elif isinstance(value, float):
            others.append("float")
        elif isinstance(value, list):
            others.append("list[Any]")
        else:
            others.append("dict[str, Any]")
    parts = (["Literal[" + ", ".join(literals) + "]"] if literals else []) + list(dict.fromkeys(others))
    return " | ".join(parts)


def literal_names(enum: ir.Enum) -> set[str]:
    """The ``typing`` names :func:`literal_type` spells for ``enum``: ``Literal`` and/or ``Any``."""
    names: set[str] = set()
    for member in enum.members:
        value = member.value
        names.add("Any" if isinstance(value, (list, dict)) else "" if isinstance(value, float) else "Literal")
    return names - {""}


def enum_base(enum: ir.Enum) -> str | None:
    """The stdlib enum base for an enum's values, or None when they are mixed (then: a Literal alias)."""
    values = [m.value for m in enum.members]
    if all(isinstance(v, str) for v in values):
        return "StrEnum"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "IntEnum"
    return None


def exact_type(expr: ir.TypeExpr) -> str:
    """The builtin a value of this type always has exactly (str, int, bool), or "" when there is none."""
    if isinstance(expr, ir.Primitive) and expr.kind in ("string", "integer", "boolean") and not expr.custom:
        return PY_PRIMITIVES[expr.kind]
    return ""


def expr_kind(expr: ir.TypeExpr) -> str:
    """``primitive``, ``array``, ``map``, ``union``, ``nullable`` or ``ref``, for template dispatch."""
    return type(expr).__name__.lower()


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


ALIAS_INLINE_DEPTH = 8
"""How many aliases deep a decoder is spelled inline before an alias gets a decoder function of its own."""


_R = TypeVar("_R")


class TypeTable(dict[str, ir.NamedType]):
    """The named types by name, for templates rendered many times over the same types (``layout = "modules"``
    renders a module per type): what a filter derives from all of them is computed once (``derived``).
    Filled once, never changed after."""

    @functools.cached_property
    def _derived(self) -> dict[Callable[..., Any], Any]:
        return {}

    def derived(self, compute: Callable[[Mapping[str, ir.NamedType]], _R]) -> _R:
        """``compute(self)``, once."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        result: _R = self._derived[compute]
        return result


def derived(types: Mapping[str, ir.NamedType], compute: Callable[[Mapping[str, ir.NamedType]], _R]) -> _R:
    """``compute(types)``, computed once per :class:`TypeTable` (every time for another mapping)."""
    return types.derived(compute) if isinstance(types, TypeTable) else compute(types)


def decoder_functions(types: Mapping[str, ir.NamedType]) -> list[str]:
    """The aliases that get a module-level decoder function instead of being decoded inline.

    Those on a cycle (``M = dict[str, M]``: spelling the decoder inline would never end), and
    those whose inline decoder would nest more than :data:`ALIAS_INLINE_DEPTH` aliases deep (a long
    chain). Linear, and iterative: a chain of thousands of aliases is fine. In ``types`` order.
    """
    return list(derived(types, _decoder_functions))


def _decoder_functions(types: Mapping[str, ir.NamedType]) -> list[str]:
    graph = {
        name: [r for r in sorted(refs_in(t.target)) if isinstance(types.get(r), ir.Alias)]
        for name, t in types.items()
        if isinstance(t, ir.Alias)
    }
    chosen = cyclic(graph)
    depth: dict[str, int] = {}
    for start in graph:  # post-order over the acyclic rest; the chosen ones count as depth 0 for their users
        stack = [start]
        while stack:
            name = stack[-1]
            if name in depth or name in chosen:
                stack.pop()
                continue
            pending = [r for r in graph[name] if r not in depth and r not in chosen]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            deepest = 1 + max((depth.get(r, 0) for r in graph[name]), default=0)
            if deepest > ALIAS_INLINE_DEPTH:
                chosen.add(name)
            else:
                depth[name] = deepest
    return [name for name in graph if name in chosen]


def all_identifiers(names: Iterable[str]) -> bool:
    """Whether every key can be a TypedDict class attribute (else: the functional form)."""
    return all(name.isidentifier() and not keyword.iskeyword(name) for name in names)


# ---- tests (``is model``, ``is free_form``, ...) --------------------------------------
def is_free_form(model: ir.Model) -> bool:
    """An object with no declared fields that allows any keys: a plain dict in Python."""
    return not model.fields and model.additional


def is_model(value: object) -> bool:
    return isinstance(value, ir.Model)


def is_enum(value: object) -> bool:
    return isinstance(value, ir.Enum)


def is_alias(value: object) -> bool:
    return isinstance(value, ir.Alias)


def needs_here(model: ir.Model, types: Mapping[str, ir.NamedType]) -> bool:
    """Whether a model's decoder uses ``here``: not when every field is optional and takes any value."""
    for field in model.fields:
        inner = unalias(strip_null(unalias(field.type, types)), types)
        if (
            field.required
            or not fast_name(field.py_name)
            or not (isinstance(inner, ir.Primitive) and inner.kind == "any" and not inner.custom)
        ):
            return True
    return False


def ambiguous_name(name: str) -> bool:
    """``l``, ``O`` or ``I``: a TypedDict key spelled as an attribute needs ``# noqa: E741`` (ruff)."""
    return name in AMBIGUOUS_NAMES


def fast_name(py_name: str) -> bool:
    """Whether a field's decoding fits the straight-line form within the line width."""
    return len(py_name) <= 28


FILTERS: dict[str, Callable[..., Any]] = {
    "py_type": py_type,
    "annotation": annotation,
    "td_annotation": td_annotation,
    "literal_type": literal_type,
    "enum_base": enum_base,
    "exact_type": exact_type,
    "expr_kind": expr_kind,
    "strip_null": strip_null,
    "unalias": unalias,
    "all_identifiers": all_identifiers,
    "decoder_functions": decoder_functions,
    "defined_before": defined_before,
    "alias_value": alias_value,
    "needs_here": needs_here,
}

TESTS: dict[str, Callable[..., bool]] = {
    "model": is_model,
    "enum": is_enum,
    "alias": is_alias,
    "free_form": is_free_form,
    "fast_name": fast_name,
    "ambiguous_name": ambiguous_name,
}
