"""The one schema vocabulary: which keywords hold subschemas, which hold data, the dialect URIs.

Every stage that walks a schema (loader, OpenAPI translation, type model, validation plan, bundler)
walks it through :func:`children` / :func:`walk`. Properties are found by schema structure, never by
key name: a property called ``default``, ``enum`` or ``examples`` is a property, because only the
*value* of ``properties`` is a map of subschemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.schema import pointer

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema"
DRAFT_06 = "http://json-schema.org/draft-06/schema"
DRAFT_04 = "http://json-schema.org/draft-04/schema"
DRAFT_03 = "http://json-schema.org/draft-03/schema"
DEFAULT_DIALECT = DRAFT_2020_12
"""The dialect of a document that declares no ``$schema``."""

ORDER_KEY = "x-schemagen-order"
"""The key of a translated OpenAPI document that lists component names in Speakeasy's rank order."""

SCHEMA_ONE = (
    "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
    "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
)  # fmt: skip
"""Keywords whose value is one subschema (``items`` may also be a list: draft-04 to 2019-09)."""
SCHEMA_LISTS = ("prefixItems", "allOf", "anyOf", "oneOf", "items")
"""Keywords whose value may be a list of subschemas."""
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")
"""Keywords whose value is a map of subschemas (``dependencies`` values may also be name lists)."""
SUBSCHEMA_KEYWORDS = frozenset({*SCHEMA_ONE, *SCHEMA_LISTS, *SCHEMA_MAPS})

DATA_KEYWORDS = frozenset(
    {"const", "enum", "default", "examples", "example", "discriminator", "xml", "externalDocs", "x-oaiMeta"}
)
"""Keywords whose value is data, never a schema: no walk descends into them."""


def is_schema(value: Any) -> bool:
    """A subschema is an object or a boolean."""
    return isinstance(value, (dict, bool))


def children(schema: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """(tokens, subschema) for every direct subschema of ``schema``, in keyword order.

    ``tokens`` are the unescaped reference tokens from ``schema`` to the child, for
    :func:`generator.schema.pointer.join`.
    """
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key not in SUBSCHEMA_KEYWORDS:
            continue
        if isinstance(value, list) and key in SCHEMA_LISTS:
            for i, sub in enumerate(value):
                if is_schema(sub):
                    yield (key, i), sub
        elif isinstance(value, dict) and key in SCHEMA_MAPS:
            for name, sub in value.items():
                if is_schema(sub):
                    yield (key, name), sub
        elif key in SCHEMA_ONE and is_schema(value):
            yield (key,), value


def walk(schema: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON pointer, subschema) for ``schema`` and every subschema below it, depth first, in order.

    Iterative, so that deeply nested documents never hit the recursion limit.
    """
    stack: list[tuple[str, Any]] = [(at, schema)]
    while stack:
        where, node = stack.pop()
        yield where, node
        below = [(pointer.join(where, *tokens), child) for tokens, child in children(node)]
        stack.extend(reversed(below))
