"""Names: type names (Speakeasy's rules for inline schemas) and sanitized Python identifiers.

Every function here is pure and deterministic; collisions are settled in a fixed order.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

_PARTS = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Names Speakeasy gives a ``T`` suffix (``Error`` -> ``ErrorT``, ``Object`` -> ``ObjectT``),
# widened with the names a generated Python module imports or defines itself.
RESERVED_TYPE_NAMES = frozenset(
    {
        "Object", "Function", "File", "Error", "Array", "Boolean", "Date", "Map", "Number",
        "Promise", "Record", "Set", "String", "Symbol", "Blob",
        "Any", "Enum", "IntEnum", "StrEnum", "Literal", "NotRequired", "TypedDict", "TypeAlias",
        "Mapping", "Self", "ClassVar", "DecodeError", "ValidationError", "Validator", "None",
        "True", "False",
    }
)  # fmt: skip

# Builtins that generated class bodies use in annotations; a field with a default and one
# of these names would shadow it for the fields after it.
_SHADOWING_FIELD_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict", "from_dict", "to_dict"})
AMBIGUOUS_NAMES = frozenset({"l", "O", "I"})
"""Names ruff refuses for variables (E741: they look like digits); a field so named gets a ``_`` suffix."""

NUMBER_WORDS = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def split_words(name: str) -> list[str]:
    """Split on every run of non-alphanumeric characters."""
    return [part for part in _PARTS.split(name) if part]


def pascal(name: str) -> str:
    """``request_counts`` -> ``RequestCounts``; ``api_key.created`` -> ``ApiKeyCreated``."""
    return "".join(part[0].upper() + part[1:] for part in split_words(name))


def camel(name: str) -> str:
    """Speakeasy's field names: the first part kept, later parts capitalized."""
    parts = split_words(name)
    if not parts:
        return name
    return parts[0] + "".join(part[0].upper() + part[1:] for part in parts[1:])


def snake(name: str) -> str:
    """``inputFileId`` -> ``input_file_id``; ``HTTPCode`` -> ``http_code``; ``a-b`` -> ``a_b``."""
    words: list[str] = []
    for part in split_words(name):
        words.extend(_CAMEL_BOUNDARY.split(part))
    return "_".join(word.lower() for word in words if word)


def module_stem(display: str) -> str:
    """The Python package name for a schema file shown as ``display`` (``schemas/batch.yaml`` -> ``batch``).

    It is importable and shadows nothing: a leading digit gets ``schema_`` before it (``3d`` -> ``schema_3d``),
    a keyword or a standard-library module name gets ``_`` after it (``class_``, ``enum_``, ``json_``).
    """
    stem = snake(PurePosixPath(display).stem) or "schema"
    if stem[0].isdigit():
        stem = "schema_" + stem
    if keyword.iskeyword(stem) or stem in sys.stdlib_module_names:
        stem += "_"
    return stem


def spelled(name: str) -> str:
    """A leading number from 1 to 10 as its word: ``3Type`` -> ``ThreeType``, ``31`` stays (Speakeasy's
    untitled union members are named by their index, spelled where a name would start with it)."""
    match = re.match(r"(10|[1-9])(?![0-9])", name)
    return NUMBER_WORDS[int(match.group(1)) - 1] + name[match.end() :] if match else name


def type_name(base: str) -> str:
    """A type name from a schema key or title; reserved names get Speakeasy's ``T`` suffix."""
    name = pascal(base) or "Model"
    if name[0].isdigit():
        name = "T" + name
    return name + "T" if name in RESERVED_TYPE_NAMES else name


def field_identifiers(wire_names: Sequence[str]) -> list[str]:
    """Python attribute names for the properties of one model, unique and never keywords."""
    taken: set[str] = set()
    result: list[str] = []
    for wire in wire_names:
        base = snake(wire) or "field"
        if base[0].isdigit():
            base = "field_" + base
        if (
            keyword.iskeyword(base)
            or (keyword.issoftkeyword(base) and base == "_")
            or base in _SHADOWING_FIELD_NAMES
            or base in AMBIGUOUS_NAMES
        ):
            base += "_"
        result.append(_unique(base, taken))
    return result


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... the first one not ``taken`` (which it then joins)."""
    name = base
    counter = 2
    while name in taken:
        name = f"{base}_{counter}"
        counter += 1
    taken.add(name)
    return name


def member_identifiers(values: Iterable[object]) -> list[str]:
    """UPPER_SNAKE enum member names, unique, never keywords; derived from the values."""
    taken: set[str] = set()
    result: list[str] = []
    for value in values:
        if value is None:
            base = "NULL"
        elif isinstance(value, bool):
            base = "TRUE" if value else "FALSE"
        elif isinstance(value, (int, float)):
            base = ("MINUS_" if value < 0 else "VALUE_") + snake(str(abs(value))).upper()
        else:
            base = snake(str(value)).upper() or "EMPTY"
        if base[0].isdigit():
            base = "VALUE_" + base
        if keyword.iskeyword(base) or base.startswith("_"):
            base = "VALUE" + base
        result.append(_unique(base, taken))
    return result


@dataclass(frozen=True)
class Claim:
    """A schema that needs a type name, with what the ordering rules look at.

    ``candidates`` are tried in order; the first name not taken (case-insensitively,
    since doc files are lower-case) wins. ``order`` is the sort key of §9: depth, the
    root component's rank, then position inside the component.
    """

    key: object
    candidates: tuple[str, ...]
    order: tuple[int, int, int]
    component: bool = False


def assign_names(claims: Iterable[Claim]) -> dict[object, str]:
    """Components take their names first, then inline schemas greedily in §9 order."""
    taken: set[str] = set()
    names: dict[object, str] = {}
    ordered = sorted(claims, key=lambda c: (not c.component, c.order))
    for claim in ordered:
        chosen = next((c for c in claim.candidates if c.lower() not in taken), None)
        if chosen is None:
            base = claim.candidates[-1]
            counter = 2
            while f"{base}{counter}".lower() in taken:
                counter += 1
            chosen = f"{base}{counter}"
        taken.add(chosen.lower())
        names[claim.key] = chosen
    return names
