"""The discriminators the ``pydantic`` target hands datamodel-code-generator: exactly those pydantic can honour.

datamodel-code-generator turns a ``discriminator`` into ``Field(discriminator=...)`` and rewrites each member's
tag field to ``Literal[<the mapping's tags for it>]``. Given our bundled schema as it is, that goes wrong
twice: a member in two unions gets the tags of one of them only, and a member also used outside any union gets
a ``Literal`` that rejects the plain strings its schema allows there. So, on a copy of the bundle:

* a union the type model finds discriminated (:mod:`generator.types.discriminator`), whose members are all
  ``$ref``\\ s to models that require their tag and whose tag holds for every use (``const`` / a one-value ``enum``,
  or ``Field.tags``), gets ``discriminator: {propertyName, mapping}`` with **every** tag of each member (also a
  2020-12 union tagged by ``const``, which datamodel-code-generator does not detect itself);
* any other ``discriminator`` is removed: pydantic then decodes a plain union (its smart mode), and the tag
  fields keep their schema's type.

Only the pydantic target sees this copy; the ``jsonschema`` target writes the bundle as it is.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from generator.schema import pointer
from generator.schema.vocabulary import walk
from generator.types import ir
from generator.types.naming import type_name
from generator.types.shapes import union_members

_ENTRIES = ("#/$defs/", "#/definitions/")


def prepared(schema: Any, types: Mapping[str, ir.NamedType]) -> Any:
    """A copy of a bundled schema with the discriminators pydantic can honour, and no others."""
    out = copy.deepcopy(schema)
    nodes = [node for _, node in walk(out) if isinstance(node, dict)]
    for node in nodes:
        members = union_members(node)
        found = _discriminator(members, types) if members is not None else None
        if found is not None:
            node["discriminator"] = found
        else:
            node.pop("discriminator", None)
    return out


def _model(member: Any, types: Mapping[str, ir.NamedType]) -> ir.Model | None:
    ref = member.get("$ref") if isinstance(member, dict) and len(member) == 1 else None
    if not isinstance(ref, str) or not ref.startswith(_ENTRIES):
        return None
    key = ref.partition("#")[2].split("/")
    if len(key) != 3:
        return None
    named = types.get(type_name(pointer.unescape(key[2])))
    return named if isinstance(named, ir.Model) else None


def _tags(model: ir.Model, name: str, types: Mapping[str, ir.NamedType]) -> tuple[str, ...]:
    """The tags field ``name`` of ``model`` takes wherever the model is used (none: it is not a tag)."""
    field = next((f for f in model.fields if f.wire_name == name), None)
    if field is None or not field.required:
        return ()
    if field.tags:
        return field.tags
    enum = types.get(field.type.name) if isinstance(field.type, ir.Ref) else None
    if isinstance(enum, ir.Enum) and len(enum.members) == 1 and isinstance(enum.members[0].value, str):
        return (enum.members[0].value,)
    return ()


def _discriminator(members: list[Any], types: Mapping[str, ir.NamedType]) -> dict[str, Any] | None:
    models = [_model(m, types) for m in members]
    if len(models) < 2 or any(m is None for m in models):
        return None
    first = models[0]
    assert first is not None
    for field in first.fields:
        tagged = [_tags(m, field.wire_name, types) for m in models if m is not None]
        every = [tag for tags in tagged for tag in tags]
        if all(tagged) and len(every) == len(set(every)):
            mapping = {tag: m["$ref"] for m, tags in zip(members, tagged, strict=True) for tag in tags}
            return {"propertyName": field.wire_name, "mapping": mapping}
    return None
