"""Validators of the dialects' metaschemas, compiled by schemagen (``generator/targets/metaschemas.py``).

Generated data for the loader: each module is ``schemagen``'s validator of one official metaschema,
standard library only. Do not edit them; ``make generate`` rewrites them.
"""

from __future__ import annotations

import copy
import importlib
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generator.schema import pointer, vocabulary

PACKAGE = Path(__file__).parent

MODULES = {
    vocabulary.DRAFT_04: "draft4",
    vocabulary.DRAFT_06: "draft6",
    vocabulary.DRAFT_07: "draft7",
    vocabulary.DRAFT_2019_09: "draft2019_09",
    vocabulary.DRAFT_2020_12: "draft2020_12",
}
"""Canonical dialect URI -> the module holding its metaschema's validator."""


@cache
def is_valid(dialect: str) -> Callable[[Any], bool]:
    """The compiled ``is_valid`` of ``dialect``'s metaschema (``format`` not asserted)."""
    module = importlib.import_module(f"{__name__}.{MODULES[dialect]}")
    check: Callable[[Any], bool] = module.is_valid
    return check


def known_valid(schema: Any, dialect: str) -> bool:
    """Whether ``schema`` is valid against ``dialect``'s metaschema, by schemagen's compiled validator of it.

    False means: ask python-jsonschema (for the verdict and the words). The compiled validators
    assert no ``format``; of the formats the metaschemas use, python-jsonschema asserts ``regex``
    (``pattern``, ``patternProperties`` names) with ``re.compile``, and ``uri`` / ``uri-reference``
    only when an RFC 3986/3987 package is installed. So a schema with a pattern ``re`` refuses,
    or any schema when such a package is there, goes the python-jsonschema way.
    """
    if _uri_formats_asserted():
        return False
    try:
        return is_valid(dialect)(schema) and _patterns_compile(schema)
    except RecursionError:  # nested deeper than the compiled checks go: python-jsonschema says what it says
        return False


@cache
def _uri_formats_asserted() -> bool:
    """Whether python-jsonschema's format checker would check ``uri`` / ``uri-reference`` (see its _format.py)."""
    from importlib.util import find_spec

    return any(find_spec(name) is not None for name in ("rfc3987", "rfc3986_validator"))


def _patterns_compile(value: Any) -> bool:
    """Whether every ``pattern`` string and ``patternProperties`` name anywhere in ``value`` compiles with ``re``.

    Every object is looked at, whatever keyword holds it: a superset of the places the metaschemas
    give ``format: regex``, so True means python-jsonschema's ``regex`` checks all pass.
    """
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found = node.get("pattern")
            names = node.get("patternProperties")
            if (isinstance(found, str) and not _compiles(found)) or (
                isinstance(names, dict) and not all(_compiles(name) for name in names if isinstance(name, str))
            ):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


@lru_cache(maxsize=4096)
def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def units(units: dict[str, str], contents: Any) -> Iterator[tuple[str, str, Any]]:
    """(pointer, dialect, schema) of each resource in ``units`` (pointer -> dialect, as the loader finds them),
    its nested resources replaced by ``{}``."""
    for at, dialect in units.items():
        inner = [other for other in units if other != at and other.startswith(at + "/")]
        yield at, dialect, _without(pointer.resolve(contents, at), [other[len(at) :] for other in inner])


def _without(schema: Any, places: list[str]) -> Any:
    """``schema`` with the subschemas at ``places`` (pointers below it) replaced by ``{}`` (copied along the way)."""
    if not places:
        return schema
    copied: dict[str, Any] = {"": copy.copy(schema)}
    for place in sorted(places, key=len):
        tokens = pointer.split(place)
        node, at = copied[""], ""
        for i, token in enumerate(tokens):
            key: Any = int(token) if isinstance(node, list) else token
            at = pointer.join(at, token)
            if i == len(tokens) - 1:
                node[key] = {}
                break
            if at not in copied:
                copied[at] = node[key] = copy.copy(node[key])
            node = copied[at]
    return copied[""]
