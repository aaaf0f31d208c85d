"""The validation plan: the typed data model the validator templates render.

A :class:`Plan` holds :class:`Variant` s (a subschema planned in one context; it becomes ``_v<n>``,
``_e<n>`` and maybe ``_a<n>``). A variant's :class:`Body` holds one frozen op per keyword check; a
:class:`Sub` is a child schema, inlined (its body) or called (its variant number). Every class is
frozen: the planner builds final values, it never mutates them.

The plan holds no Python source text: values are JSON values (the templates spell them with the
``py_literal`` / ``py_str`` filters), module-level names (``_C_<n>`` constants, ``_P<n>`` patterns,
``_fmt_*`` helpers) and numbers. Each op class names its macros by ``kind``
(``VALID[op.kind]``, ``ERRORS[op.kind]``). This module is the ``plan`` template context: public API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

KINDS = ("null", "boolean", "object", "array", "string", "number")
"""The JSON kinds of instance (``integer`` is a ``number``)."""
ALL_KINDS = frozenset(KINDS)
TYPE_KIND = {
    "null": "null",
    "boolean": "boolean",
    "object": "object",
    "array": "array",
    "string": "string",
    "integer": "number",
    "number": "number",
}
JSON_TYPES = frozenset(TYPE_KIND)
GROUP_KINDS = ("object", "array", "string", "number")
"""The groups of type-specific keywords, in the order they are rendered."""
STDLIB = frozenset({"datetime", "fractions", "ipaddress", "math", "re", "uuid"})
THIRD_PARTY = frozenset({"regex", "idna", "rfc3987_syntax", "rfc3339_validator"})


class PlanError(ValueError):
    """A schema the generator cannot honour (or cannot make sense of); raised at generation time."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where or '/'}: {message}" if where is not None else message)


# ---- ops --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Op:
    """One keyword's check. ``kind`` picks the macros; ``loc`` is its entry in :attr:`Plan.locs`."""

    kind: ClassVar[str] = ""
    loc: int


@dataclass(frozen=True)
class FalseOp(Op):
    """Nothing is valid here (the ``false`` schema, or ``not: {}``)."""

    kind: ClassVar[str] = "false"


@dataclass(frozen=True)
class TypeOp(Op):
    """``type``: ``types`` as declared (``integer`` dropped next to ``number``); ``kinds`` their JSON kinds."""

    kind: ClassVar[str] = "type"
    types: tuple[str, ...]
    kinds: tuple[str, ...]
    float_integers: bool = True
    """A float with no fraction (``1.0``) is an ``integer`` (draft-06 on; draft-04: only ints are)."""


@dataclass(frozen=True)
class EnumOp(Op):
    """``enum``: strings and null (``strs``: a frozenset constant, ``null``), or any values (``general``)."""

    kind: ClassVar[str] = "enum"
    strs: str | None
    null: bool
    general: str | None
    """A tuple constant of every value, compared with ``_in`` (JSON equality)."""
    known: str | None = None
    """The single JSON type the instance has once ``type`` passed (see :attr:`Body.known`)."""


@dataclass(frozen=True)
class ConstOp(Op):
    """``const``: ``test`` is ``is`` (null, booleans), ``str`` or ``eq`` (``_eq``, JSON equality)."""

    kind: ClassVar[str] = "const"
    test: str
    value: Any
    """The JSON value (spelled by the template), unless ``name`` holds it."""
    name: str | None = None
    """A module-level constant holding ``value`` (lists, objects, long literals)."""
    known: str | None = None


@dataclass(frozen=True)
class BoundOp(Op):
    """``minimum`` & co: fails when ``x <op> value`` (``op`` is ``<``, ``>``, ``<=`` or ``>=``)."""

    kind: ClassVar[str] = "bound"
    op: str
    value: int | float


@dataclass(frozen=True)
class MultipleOfOp(Op):
    """``multipleOf``: ``integral`` values use ``%``, others the exact ``_multiple`` helper."""

    kind: ClassVar[str] = "multipleOf"
    value: int | float
    integral: bool


@dataclass(frozen=True)
class LengthOp(Op):
    """``minLength``/``maxLength``/``minItems``/``maxItems``/``minProperties``/``maxProperties``:
    fails when ``len(x) <op> value``."""

    kind: ClassVar[str] = "length"
    op: str
    value: int


@dataclass(frozen=True)
class PatternOp(Op):
    """``pattern``: ``re`` is the compiled pattern's module-level name."""

    kind: ClassVar[str] = "pattern"
    re: str


@dataclass(frozen=True)
class FormatOp(Op):
    """An asserted ``format``: ``helper`` is the checking function's name."""

    kind: ClassVar[str] = "format"
    helper: str


@dataclass(frozen=True)
class UniqueItemsOp(Op):
    kind: ClassVar[str] = "uniqueItems"


@dataclass(frozen=True)
class PrefixItemsOp(Op):
    """``prefixItems``: (index, child) pairs; children that accept everything are left out."""

    kind: ClassVar[str] = "prefixItems"
    subs: tuple[tuple[int, Sub], ...]


@dataclass(frozen=True)
class ItemsOp(Op):
    """``items`` from index ``start`` (the length of ``prefixItems``)."""

    kind: ClassVar[str] = "items"
    sub: Sub
    start: int


@dataclass(frozen=True)
class NoItemsOp(Op):
    """``items: false``: no items after ``start``."""

    kind: ClassVar[str] = "noItems"
    start: int


@dataclass(frozen=True)
class ContainsOp(Op):
    """``contains`` with ``minContains`` (``min``) and ``maxContains`` (``max``, its loc ``hi_loc``)."""

    kind: ClassVar[str] = "contains"
    sub: Sub
    min: int
    max: int | None
    hi_loc: int


@dataclass(frozen=True)
class RequiredOp(Op):
    """``required``: ``names`` is a frozenset constant; ``keys`` (property name, loc) in order."""

    kind: ClassVar[str] = "required"
    names: str
    keys: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DependentRequiredOp(Op):
    """``dependentRequired``: (property name, ((required name, loc), ...)) sorted by property name."""

    kind: ClassVar[str] = "dependentRequired"
    deps: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True)
class PropertiesOp(Op):
    """``properties``: (name, child, ``required`` | ``nullable`` | ``""``); ``nullable``: the child accepts
    null, so a missing key may be read as None."""

    kind: ClassVar[str] = "properties"
    props: tuple[tuple[str, Sub, str], ...]


@dataclass(frozen=True)
class PatternPropertiesOp(Op):
    """``patternProperties``: (pattern name, child)."""

    kind: ClassVar[str] = "patternProperties"
    pats: tuple[tuple[str, Sub], ...]


@dataclass(frozen=True)
class AdditionalPropertiesOp(Op):
    """``additionalProperties``: ``sub`` None for ``false``; ``known`` the frozenset constant of the
    ``properties`` names, ``patterns`` the ``patternProperties`` pattern names."""

    kind: ClassVar[str] = "additionalProperties"
    sub: Sub | None
    known: str | None
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class PropertyNamesOp(Op):
    kind: ClassVar[str] = "propertyNames"
    sub: Sub


@dataclass(frozen=True)
class DependentSchemasOp(Op):
    """``dependentSchemas``: (property name, child) sorted by name."""

    kind: ClassVar[str] = "dependentSchemas"
    deps: tuple[tuple[str, Sub], ...]


@dataclass(frozen=True)
class RefOp(Op):
    """``$ref`` / ``$dynamicRef``, resolved at generation time."""

    kind: ClassVar[str] = "ref"
    sub: Sub


@dataclass(frozen=True)
class AllOfOp(Op):
    kind: ClassVar[str] = "allOf"
    subs: tuple[Sub, ...]


@dataclass(frozen=True)
class AnyOfOp(Op):
    """``anyOf``. ``pick``: (kinds, branch index) for best-match errors; ``fast``: inline tests first.
    ``cheap``/``rest``: a nullable wrapper, the cheap branches tested before ``rest`` checked in line."""

    kind: ClassVar[str] = "anyOf"
    subs: tuple[Sub, ...]
    pick: tuple[tuple[tuple[str, ...], int], ...]
    fast: tuple[Sub, ...]
    cheap: tuple[Sub, ...] | None = None
    rest: Sub | None = None


@dataclass(frozen=True)
class OneOfOp(Op):
    """``oneOf``; ``many`` is the loc of "valid under more than one"."""

    kind: ClassVar[str] = "oneOf"
    subs: tuple[Sub, ...]
    pick: tuple[tuple[tuple[str, ...], int], ...]
    fast: tuple[Sub, ...]
    many: int


@dataclass(frozen=True)
class NotOp(Op):
    kind: ClassVar[str] = "not"
    sub: Sub


@dataclass(frozen=True)
class IfOp(Op):
    """``if`` / ``then`` / ``else`` (``otherwise``); at least one of the two is set."""

    kind: ClassVar[str] = "if"
    cond: Sub
    then: Sub | None
    otherwise: Sub | None


@dataclass(frozen=True)
class UnevaluatedOp(Op):
    """``unevaluatedProperties`` / ``unevaluatedItems``: ``sub`` in statement position, ``expr`` in
    expression position, ``ann`` what the rest of the subschema evaluates."""

    sub: Sub
    expr: Sub
    ann: Ann | None = None


@dataclass(frozen=True)
class UnevaluatedPropertiesOp(UnevaluatedOp):
    kind: ClassVar[str] = "unevaluatedProperties"


@dataclass(frozen=True)
class UnevaluatedItemsOp(UnevaluatedOp):
    kind: ClassVar[str] = "unevaluatedItems"


# ---- annotations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnnAll:
    """In-place children whose annotations all count (``$ref``, ``allOf``, ``anyOf``, ``oneOf``)."""

    kind: ClassVar[str] = "all"
    calls: tuple[int, ...]


@dataclass(frozen=True)
class AnnIf:
    """``if``'s annotations, then ``then``'s when it passed, else ``else``'s (variant numbers)."""

    kind: ClassVar[str] = "if"
    cond: int
    then: int | None
    otherwise: int | None


@dataclass(frozen=True)
class AnnDep:
    """``dependentSchemas``: (property name, variant number)."""

    kind: ClassVar[str] = "dep"
    deps: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Ann:
    """What evaluates properties and items at one subschema, for ``unevaluated*`` and ``_a`` functions."""

    props: str | None = None
    """The frozenset constant of the ``properties`` names."""
    patterns: tuple[str, ...] = ()
    all_props: bool = False
    """``additionalProperties`` is present: every property is evaluated."""
    self_props: bool = False
    """``unevaluatedProperties`` is present (it evaluates the rest, once valid)."""
    prefix: int = 0
    all_items: bool = False
    self_items: bool = False
    contains: Sub | None = None
    inplace: tuple[AnnAll | AnnIf | AnnDep, ...] = ()
    """The in-place applicators whose ``_a`` functions contribute."""

    @property
    def calls(self) -> tuple[int, ...]:
        """Every ``_a`` variant number this collection calls."""
        out: list[int] = []
        for entry in self.inplace:
            if isinstance(entry, AnnAll):
                out += entry.calls
            elif isinstance(entry, AnnDep):
                out += [n for _, n in entry.deps]
            else:
                out += [n for n in (entry.cond, entry.then, entry.otherwise) if n is not None]
        return tuple(out)


# ---- structure --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    """The keywords that only apply to one JSON kind, rendered under one type guard."""

    kind: str
    ops: tuple[Op, ...]


@dataclass(frozen=True)
class Body:
    """The checks of one subschema."""

    false: FalseOp | None = None
    type: TypeOp | None = None
    first: tuple[EnumOp | ConstOp, ...] = ()
    """``enum`` / ``const``: cheap checks on any type, rendered right after ``type``."""
    generic: tuple[Op, ...] = ()
    """The in-place applicators, rendered after the type-specific groups."""
    groups: tuple[Group, ...] = ()
    known: str | None = None
    """The single JSON type an instance has once the ``type`` check passed (valid mode only)."""
    expr: bool = False
    """Renderable as one boolean expression (only ``type``/``enum``/``const``)."""
    ann: Ann | None = None
    """Set when the body itself needs its annotations (it has ``unevaluated*``)."""

    @property
    def empty(self) -> bool:
        return self.false is None and self.type is None and not self.first and not self.generic and not self.groups

    @property
    def ops(self) -> tuple[Op, ...]:
        """Every op, in rendering order."""
        head: tuple[Op, ...] = tuple(op for op in (self.false, self.type) if op is not None)
        return head + self.first + tuple(op for g in self.groups for op in g.ops) + self.generic


@dataclass(frozen=True)
class Sub:
    """A child schema: inlined (``body``) or called (variant ``n``)."""

    n: int | None
    body: Body | None

    @property
    def accepts_all(self) -> bool:
        """An inlined child with no check at all."""
        return self.body is not None and self.body.empty


@dataclass(frozen=True)
class Variant:
    """A subschema planned in one context; it becomes the functions ``_v<n>``, ``_e<n>`` and maybe ``_a<n>``."""

    n: int
    body: Body
    ann: Ann | None = None
    """Set when an ``_a<n>`` annotation function is needed."""
    where: str = ""


@dataclass(frozen=True)
class Constant:
    """A module-level constant ``name``: ``raw`` (``value``), ``frozenset`` or ``tuple`` (of ``items``)."""

    name: str
    kind: str
    value: Any
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern ``name``: ``source`` is the Python pattern, ``needs_regex`` picks ``regex`` over ``re``."""

    name: str
    source: str
    needs_regex: bool


@dataclass(frozen=True)
class Plan:
    """Everything the validators template needs."""

    variants: tuple[Variant, ...]
    entries: tuple[tuple[str, int], ...]
    """(public name, variant number), in the order asked for: the root first."""
    locs: tuple[tuple[str, str, str], ...]
    """(schema path, keyword, message format) per ``Op.loc``."""
    consts: tuple[Constant, ...]
    patterns: tuple[Pattern, ...]
    uses: frozenset[str]
    """Helpers and imports the generated module needs."""

    @property
    def needs_regex(self) -> bool:
        return any(p.needs_regex for p in self.patterns)

    @property
    def stdlib(self) -> list[str]:
        """The standard-library modules the generated code imports, sorted."""
        return sorted(m for m in self.uses if m in STDLIB)

    @property
    def third_party(self) -> list[str]:
        """The other modules it imports (``regex``, format libraries), sorted."""
        return sorted(m for m in self.uses if m in THIRD_PARTY)
