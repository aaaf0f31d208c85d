"""The one schema vocabulary: which keywords hold subschemas, which hold data, the dialect URIs.

Every stage that walks a schema (loader, OpenAPI translation, type model, validation plan, bundler)
walks it through :func:`children` / :func:`walk`. Properties are found by schema structure, never by
key name: a property called ``default``, ``enum`` or ``examples`` is a property, because only the
*value* of ``properties`` is a map of subschemas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin

from generator.schema import pointer

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_2019_09 = "https://json-schema.org/draft/2019-09/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema"
DRAFT_06 = "http://json-schema.org/draft-06/schema"
DRAFT_04 = "http://json-schema.org/draft-04/schema"
DRAFT_03 = "http://json-schema.org/draft-03/schema"
DEFAULT_DIALECT = DRAFT_2020_12
"""The dialect of a document that declares no ``$schema`` (unless ``default-dialect`` says otherwise)."""
DIALECTS = {
    DRAFT_04: "draft-04",
    DRAFT_06: "draft-06",
    DRAFT_07: "draft-07",
    DRAFT_2019_09: "2019-09",
    DRAFT_2020_12: "2020-12",
}
"""The dialects schemagen reads: canonical metaschema URI (no trailing ``#``) -> short name."""
ACCEPTED = "JSON Schema draft-04, draft-06, draft-07, 2019-09 and 2020-12 (their official metaschema URIs)"
"""What schemagen reads, for messages about an unknown dialect."""


def dialect_uri(value: object) -> str | None:
    """The canonical URI of a ``$schema`` value (``#`` optional) or short name (``draft-07``), else None."""
    if not isinstance(value, str):
        return None
    bare = value[:-1] if value.endswith("#") else value
    if bare in DIALECTS:
        return bare
    for uri, name in DIALECTS.items():
        if value == name:
            return uri
    return None


def schema_value(dialect: str) -> str:
    """How a document declares ``dialect`` in ``$schema``: draft-04 to -07 with their customary ``#``."""
    return dialect + "#" if dialect in (DRAFT_04, DRAFT_06, DRAFT_07) else dialect


def id_keyword(dialect: str) -> str:
    """The keyword that sets a base URI in ``dialect``: ``id`` in draft-04, ``$id`` after."""
    return "id" if dialect == DRAFT_04 else "$id"


OWN_KEY_PREFIX = "x-schemagen-"
"""Keys that schemagen's own translation adds to a document; they are not part of the user's contract."""
ORDER_KEY = OWN_KEY_PREFIX + "order"
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

ANNOTATIONS = frozenset(
    {"title", "description", "$comment", "examples", "example", "default", "deprecated", "readOnly", "writeOnly",
     "externalDocs", "xml", "x-oaiMeta"}
)  # fmt: skip
"""Keywords that never change whether an instance is valid, in any dialect (and that no ``$ref`` may
point into: their values are data or text, never a schema)."""

_ONE: Literal["one"] = "one"
_LIST: Literal["list"] = "list"
_MAP: Literal["map"] = "map"


def is_schema(value: Any) -> bool:
    """A subschema is an object or a boolean."""
    return isinstance(value, (dict, bool))


def holds(key: str, value: Any) -> Literal["one", "list", "map"] | None:
    """How the value of keyword ``key`` holds subschemas: one, a list, a map, or not at all."""
    return _holds(key, value)


def _holds(key: str, value: Any) -> Literal["one", "list", "map"] | None:
    """How the value of ``key`` holds subschemas: one, a list, a map, or not at all."""
    if key not in SUBSCHEMA_KEYWORDS:
        return None
    if isinstance(value, list) and key in SCHEMA_LISTS:
        return _LIST
    if isinstance(value, dict) and key in SCHEMA_MAPS:
        return _MAP
    if key in SCHEMA_ONE and is_schema(value):
        return _ONE
    return None


def children(schema: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """(tokens, subschema) for every direct subschema of ``schema``, in keyword order.

    ``tokens`` are the unescaped reference tokens from ``schema`` to the child, for
    :func:`generator.schema.pointer.join`.
    """
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        held = _holds(key, value)
        if held == _LIST:
            for i, sub in enumerate(value):
                if is_schema(sub):
                    yield (key, i), sub
        elif held == _MAP:
            for name, sub in value.items():
                if is_schema(sub):
                    yield (key, name), sub
        elif held == _ONE:
            yield (key,), value


def map_children(schema: dict[str, Any], change: Callable[[Any], Any]) -> dict[str, Any]:
    """A shallow copy of ``schema`` in which every direct subschema ``s`` is replaced by ``change(s)``.

    Keys keep their order; lists and maps of subschemas are new containers; data is shared.
    """
    out: dict[str, Any] = {}
    for key, value in schema.items():
        held = _holds(key, value)
        if held == _LIST:
            out[key] = [change(sub) if is_schema(sub) else sub for sub in value]
        elif held == _MAP:
            out[key] = {name: change(sub) if is_schema(sub) else sub for name, sub in value.items()}
        elif held == _ONE:
            out[key] = change(value)
        else:
            out[key] = value
    return out


def without_annotations(schema: Any) -> Any:
    """A copy of ``schema`` without :data:`ANNOTATIONS` at any schema position (properties named
    ``title`` or ``default`` stay: only the values of ``properties`` are subschemas). Validation
    reads nothing else, so it is what a validator's output depends on."""
    done: dict[int, Any] = {}

    def strip(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        if id(node) not in done:  # a YAML alias shares one object between places: one copy
            kept = {k: v for k, v in node.items() if k not in ANNOTATIONS}
            done[id(node)] = map_children(kept, strip)
        return done[id(node)]

    return strip(schema)  # depth: the reader accepts 150 levels, well within the recursion limit


def walk(schema: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON pointer, subschema) for ``schema`` and every subschema below it, depth first, in order.

    Iterative, so that deeply nested documents never hit the recursion limit.
    """
    for where, node, _ in walk_with_base(schema, "", at):
        yield where, node


def walk_with_base(
    schema: Any, base: str, at: str = "", *, once: bool = False, dialect: str = DEFAULT_DIALECT
) -> Iterator[tuple[str, Any, str]]:
    """As :func:`walk`, with the base URI in effect at each subschema (its own id applied, no fragment).

    ``base`` is the retrieval URI of the document and ``dialect`` its dialect: it says which keyword
    sets a base URI (``id`` in draft-04, ``$id`` after, as ``referencing`` reads them), and a nested
    ``$schema`` switches it. With ``once``, a subschema object met again (a YAML alias shares one
    object between places) is neither yielded nor descended into a second time.
    """
    import referencing.jsonschema

    specs: dict[str, Any] = {}

    def spec_of(uri: str) -> Any:
        if uri not in specs:
            specs[uri] = referencing.jsonschema.specification_with(uri)
        return specs[uri]

    stack: list[tuple[str, Any, str, str]] = [(at, schema, base, dialect)]
    seen: set[int] = set()
    while stack:
        where, node, scope, current = stack.pop()
        if isinstance(node, dict):
            if once:
                if id(node) in seen:
                    continue
                seen.add(id(node))
            if "$schema" in node:
                current = dialect_uri(node["$schema"]) or current
            own_id = spec_of(current).id_of(node)
            if isinstance(own_id, str):
                scope = urldefrag(urljoin(scope, own_id))[0]
        yield where, node, scope
        if isinstance(node, dict):
            below = _below(node, where, scope)
            if below:
                stack.extend((w, n, s, current) for w, n, s in reversed(below))


def _below(schema: dict[str, Any], where: str, scope: str) -> list[tuple[str, Any, str]]:
    """:func:`children` with their pointers spelled out (the walk's inner loop, kept cheap)."""
    below: list[tuple[str, Any, str]] = []
    for key, value in schema.items():
        held = _holds(key, value)
        if held is None:
            continue
        at = f"{where}/{pointer.escape(key)}"
        if held == _LIST:
            below.extend((f"{at}/{i}", sub, scope) for i, sub in enumerate(value) if is_schema(sub))
        elif held == _MAP:
            below.extend((f"{at}/{pointer.escape(name)}", sub, scope) for name, sub in value.items() if is_schema(sub))
        else:
            below.append((at, value, scope))
    return below
