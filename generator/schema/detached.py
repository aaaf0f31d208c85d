"""Detached subschemas: objects that only a ``$ref`` makes schemas.

SchemaStore schemas group definitions under keywords no dialect knows (travis.json:
``#/definitions/notificationObject/irc``, where ``notificationObject`` is a schema and ``irc`` its unknown
keyword). No walk of the schema vocabulary reaches them, and no metaschema checks them, yet a validator
that follows the ``$ref`` uses them as schemas. The loader checks each as a schema of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from generator.schema import pointer, vocabulary


def detached_subschemas(contents: Any, uri: str, dialect: str) -> list[str]:
    """The pointers of subschemas that only a ``$ref`` makes schemas: targets of this document's own
    fragment references that lie under a keyword no dialect knows (``#/definitions/group/irc``, where
    ``group`` is a schema and ``irc`` its unknown keyword). No walk reaches them, so the loader checks
    them as schemas of their own (metaschema, references), as a validator following the reference uses
    them. Found until none is new (a detached subschema may refer to another)."""
    roots, found = [""], []
    while roots:
        at = roots.pop()
        for _, node, base in vocabulary.walk_with_base(pointer.resolve(contents, at), uri, at, dialect=dialect):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str) or base != uri or not ref.startswith("#/"):
                continue
            fragment = unquote(ref[1:])
            if fragment not in found and under_unknown_keyword(contents, fragment):
                found.append(fragment)
                roots.append(fragment)
    return found


def under_unknown_keyword(contents: Any, fragment: str) -> bool:
    """Whether the JSON pointer ``fragment`` resolves in ``contents`` to an object or boolean through a
    keyword that holds no subschema and no data in any dialect (an extension, a grouping object)."""
    node, expect, unknown = contents, "schema", False
    try:
        for token in pointer.split(fragment):
            child = node[int(token)] if isinstance(node, list) else node[token]
            if expect == "schema" and isinstance(node, dict):
                held = vocabulary.holds(token, child)
                if (
                    held is None
                    and token not in vocabulary.DATA_KEYWORDS
                    and token not in vocabulary.SUBSCHEMA_KEYWORDS
                ):
                    unknown = True
                expect = "member" if held in ("list", "map") else "schema"
            else:
                expect = "schema"
            node = child
    except (KeyError, IndexError, ValueError, TypeError):
        return False
    return unknown and vocabulary.is_schema(node)


def schema_nodes(contents: Any, detached: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """(pointer, subschema) of the whole document and of its detached subschemas, each once, outer first."""
    seen: set[str] = set()
    for at in ["", *sorted(detached, key=len)]:
        for where, node in vocabulary.walk(pointer.resolve(contents, at), at):
            if where not in seen:
                seen.add(where)
                yield where, node
