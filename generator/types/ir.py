"""The type model: an immutable IR of named types, built from a loaded schema.

It is lossy on purpose. It says what a value *is* (an object with these fields, an
enum, a map...), not every rule it must obey; the validation plan owns the rules.
Names and identifiers are already decided and sanitized here; how they are spelled in a
target language is the templates' and filters' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PrimitiveKind = Literal["string", "integer", "number", "boolean", "null", "any"]
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class Custom:
    """The Python class a value decodes to instead of its kind's builtin (``format-types``, ``type-map``).

    Only the dataclasses target sets it (generator/targets/typed.py): TypedDicts and docs describe the JSON.
    """

    spelled: str
    """The annotation: ``datetime.datetime``, ``datetime.timedelta | str``, ``Money``."""
    cls: str
    """The class a value of it is an instance of (what the generic encoder dispatches on)."""
    decoder: str
    """A decoder ``(value, path, key) -> value`` of the generated module."""
    encoder: str
    """A function ``value -> JSON`` of the generated module."""


@dataclass(frozen=True)
class Primitive:
    """A scalar (or ``any``), with the constraints that describe it."""

    kind: PrimitiveKind
    format: str | None = None
    constraints: tuple[tuple[str, JsonValue], ...] = ()
    custom: Custom | None = None
    """Set by the dataclasses target for a typed format or a ``type-map`` entry; None: the builtin of ``kind``."""


@dataclass(frozen=True)
class Array:
    """A JSON array whose items all have one type."""

    items: TypeExpr


@dataclass(frozen=True)
class Tuple:
    """A JSON array with a type per position (``prefixItems``, or array-form ``items`` before 2020-12).

    ``rest`` types the items after the positional ones (None: there are none, the tuple is closed).
    At least ``min_items`` items are present; the positions past it may be missing.
    """

    items: tuple[TypeExpr, ...]
    rest: TypeExpr | None
    min_items: int

    @property
    def members(self) -> tuple[TypeExpr, ...]:
        """Every item type: the positional ones, then the rest's."""
        return self.items if self.rest is None else (*self.items, self.rest)


@dataclass(frozen=True)
class Map:
    """A JSON object used as a dictionary from string keys to one value type."""

    values: TypeExpr


@dataclass(frozen=True)
class Discriminator:
    """How a union's members are told apart by one property (a *tag*): see :mod:`generator.types.discriminator`.

    Every member is an object that declares ``property``; each tag names exactly one member.
    """

    property: str
    """The tag's wire name."""
    tags: tuple[tuple[str, int], ...]
    """(tag, index into the union's members), in order; a member may have several tags."""
    untagged: tuple[int, ...] = ()
    """The members that do not require the tag: tried in order, one by one, when the tag is absent."""
    explicit: bool = False
    """From an OpenAPI ``discriminator`` (else: every member fixes the tag with ``const`` or a one-value ``enum``)."""


@dataclass(frozen=True)
class Union:
    """A value of one of several types, in schema order (anyOf / oneOf / type lists)."""

    members: tuple[TypeExpr, ...]
    discriminator: Discriminator | None = None
    """Set when a tag tells the members apart: decoders dispatch on it instead of trying each member."""


@dataclass(frozen=True)
class Nullable:
    """A value of ``inner`` or JSON null."""

    inner: TypeExpr


@dataclass(frozen=True)
class Ref:
    """A use of a named type, by its name."""

    name: str


TypeExpr = Primitive | Array | Tuple | Map | Union | Nullable | Ref


@dataclass(frozen=True)
class Field:
    """One property of a model."""

    wire_name: str
    """The JSON key."""
    py_name: str
    """A valid, non-keyword, unique Python identifier for the attribute."""
    camel_name: str
    """The camelCased key, as TypeScript SDKs spell it."""
    type: TypeExpr
    required: bool
    description: str | None = None
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()
    tags: tuple[str, ...] = ()
    """The tags discriminated unions give this (plain string) field, where they hold for every use of the model;
    TypedDicts spell it ``Literal[...]`` (:func:`generator.types.discriminator.narrow`)."""


@dataclass(frozen=True)
class Model:
    """A named object type with fields in schema order."""

    name: str
    description: str | None
    fields: tuple[Field, ...]
    additional: bool = True
    """Whether keys beyond the fields are allowed (they are ignored when decoding)."""
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()


@dataclass(frozen=True)
class EnumMember:
    """One enum value and its identifier."""

    py_name: str
    value: JsonValue
    """Any JSON value: arrays, objects and floats too (then the enum is spelled as a union of types)."""


@dataclass(frozen=True)
class Enum:
    """A named enumeration of values, duplicates removed (first occurrence kept)."""

    name: str
    description: str | None
    members: tuple[EnumMember, ...]
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()


@dataclass(frozen=True)
class Alias:
    """A name for any other type: a map, an array, a union or a primitive."""

    name: str
    description: str | None
    target: TypeExpr
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()


NamedType = Model | Enum | Alias


@dataclass(frozen=True)
class Module:
    """The named types generated from one root schema file, in dependency order."""

    source: str
    """The schema path as shown in headers: relative, POSIX."""
    stem: str
    """The Python module name for this schema."""
    types: tuple[NamedType, ...]
    root: str | None
    """The name of the type the whole document validates, when it is one of ``types``."""

    def get(self, name: str) -> NamedType:
        for named in self.types:
            if named.name == name:
                return named
        raise KeyError(name)
