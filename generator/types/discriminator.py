"""Discriminated unions: the one place that decides whether a union's members are told apart by a tag.

A ``oneOf`` / ``anyOf`` is *discriminated* (:class:`~generator.types.ir.Discriminator`) when

* it carries an OpenAPI ``discriminator`` (``propertyName``, optional ``mapping``): the mapping's tags name
  members (its values are references, translated to ``#/$defs/X`` by :mod:`generator.schema.openapi`), and
  a member no mapping value names is tagged by its component name (OpenAPI's implicit mapping), or by the
  value it fixes itself (``const``, a one-value ``enum``: the only one valid for it). A
  discriminator that cannot be honoured (a mapping value that names no member, a member that is not an
  object declaring the property, a member with no tag) is a schema error: the user asked for dispatch;
* or every non-null member (through ``$ref`` and ``allOf``, as the type model sees it) is an object that
  fixes the same property with ``const`` or a one-value ``enum`` of a string, or is itself a union tagged
  that way on that property (its tags then lead to it: two O(1) lookups), the tags all different.

**A member that does not require its tag.** When the tag is present, its value picks the one member whose
tag it is, whether or not the members require it: every other member fixes a different value, so no other
member can accept the payload (with an OpenAPI discriminator, the user has said so). When the tag is
absent, a member that requires it cannot match, but one that does not require it may: those members are
kept in ``untagged`` and tried in schema order, one by one, as an undiscriminated union is. If every
member requires the tag, a missing tag is an error naming the tag's path and its allowed values. So the
decoder accepts what trial decoding of the same members accepts, at O(1) for a tagged value, and picks the
member the tag names; it refuses a tag no member allows, which trial decoding may take through a member
whose decoder does not check it (a tag fixed through ``allOf``, an OpenAPI mapping's plain string).

Tags are strings: JSON ``1`` and ``true`` would collide as Python dict keys, and real tags are strings.
The validators never look at any of this: a discriminator changes how ``from_dict`` decodes, not what is valid.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from generator.schema import pointer
from generator.schema.loader import Document, Workspace, resolve
from generator.types import ir
from generator.types.declare import Where
from generator.types.selection import expr_refs
from generator.types.shapes import is_null, shape, union_members


class Declarer(Protocol):
    """What detection needs of the type model's builder (:class:`generator.types.build._Builder`)."""

    workspace: Workspace
    root: Document
    where: dict[int, Where]

    def deref(self, node: dict[str, Any]) -> Any | None: ...
    def all_of_parts(self, node: dict[str, Any]) -> list[dict[str, Any]]: ...
    def properties(self, node: dict[str, Any]) -> dict[str, Any]: ...
    def required(self, node: dict[str, Any]) -> set[str]: ...
    def diag(self, node: Any, message: str, suffix: str = "") -> None: ...


_OBJECTS = ("model", "allof")


def detect(declarer: Declarer, node: dict[str, Any], members: list[Any]) -> ir.Discriminator | None:
    """The discriminator of the union ``node`` whose non-null member schemas are ``members``, or None."""
    explicit = node.get("discriminator")
    if isinstance(explicit, dict) and isinstance(explicit.get("propertyName"), str):
        return _explicit(declarer, node, explicit, members)
    if isinstance(explicit, dict):  # an OpenAPI discriminator that does not say how: never guess (any other
        # value is some other vocabulary's keyword, which JSON Schema ignores)
        message = "discriminator must be an object with a string propertyName (and an optional mapping)"
        declarer.diag(node, message, "/discriminator")
        return None
    return _by_const(declarer, members)


def _target(declarer: Declarer, member: Any) -> Any:
    """The schema a member stands for: references followed, and a ``oneOf`` of one schema unwrapped
    (``ThreadStreamEvent``: the type model names its one object)."""
    for _ in range(64):  # a chain of wrappers; a cycle of them describes nothing worth tagging
        if isinstance(member, dict) and "$ref" in member:
            member = declarer.deref(member)
        if not isinstance(member, dict) or shape(member) != "single":
            return member
        inner = [m for m in union_members(member) or [] if not is_null(m)]
        if len(inner) != 1 or len(inner) != len(union_members(member) or []):
            return member
        member = inner[0]
    return None


def _objects(declarer: Declarer, members: list[Any]) -> list[dict[str, Any]] | None:
    """Each member's object schema (references followed), or None when one is not an object."""
    out = []
    for member in members:
        target = _target(declarer, member)
        if not isinstance(target, dict) or shape(target) not in _OBJECTS:
            return None
        out.append(target)
    return out


def _property_schemas(declarer: Declarer, target: dict[str, Any], name: str) -> list[Any]:
    """Every schema ``target`` (and its ``allOf`` parts) gives property ``name``, references followed."""
    found = []
    for part in declarer.all_of_parts(target):
        props = part.get("properties")
        if isinstance(props, dict) and name in props:
            sub = props[name]
            if isinstance(sub, dict) and "$ref" in sub:
                sub = declarer.deref(sub)
            found.append(sub)
    return found


def fixed_tag(schema: Any) -> str | None:
    """The one string a schema allows (``const``, or an ``enum`` of one value), or None."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"] if isinstance(schema["const"], str) else None
    values = schema.get("enum")
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
        return values[0]
    return None


def _by_const(declarer: Declarer, members: list[Any], active: frozenset[int] = frozenset()) -> ir.Discriminator | None:
    if len(members) < 2:
        return None
    taggings = [_tagging(declarer, member, active) for member in members]
    if any(t is None for t in taggings):
        return None
    found = [t for t in taggings if t is not None]
    candidates = [name for name in found[0][0] if all(name in t[0] for t in found[1:])]  # first member's order
    for name in candidates:
        every = [tag for tags, _ in found for tag in tags[name]]
        if len(set(every)) == len(every):
            return ir.Discriminator(
                name,
                tuple((tag, index) for index, (tags, _) in enumerate(found) for tag in tags[name]),
                tuple(index for index, (_, optional) in enumerate(found) if name in optional),
            )
    return None


_Tagging = tuple[dict[str, tuple[str, ...]], frozenset[str]]
"""How one member is tagged: property -> the tags it takes there, and the properties it may lack."""


def _tagging(declarer: Declarer, member: Any, active: frozenset[int]) -> _Tagging | None:
    """The tags a union member fixes: an object's ``const`` / one-value ``enum`` properties, or, for a member
    that is itself a union tagged that way (``AssistantStreamEvent``: ``RunStreamEvent | ...``), its tags."""
    target = _target(declarer, member)
    if not isinstance(target, dict):
        return None
    kind = shape(target)
    if kind in _OBJECTS:
        tags = {name: _fixed(declarer, target, name) for name in declarer.properties(target)}
        fixed = {name: tag for name, tag in tags.items() if tag is not None}
        required = declarer.required(target)
        return {name: (tag,) for name, tag in fixed.items()}, frozenset(n for n in fixed if n not in required)
    if kind == "union" and "discriminator" not in target and id(target) not in active:
        nested = _by_const(declarer, union_members(target) or [], active | {id(target)})
        if nested is None:
            return None
        optional = frozenset([nested.property] if nested.untagged else [])
        return {nested.property: tuple(tag for tag, _ in nested.tags)}, optional
    return None


def _fixed(declarer: Declarer, target: dict[str, Any], name: str) -> str | None:
    for schema in _property_schemas(declarer, target, name):
        tag = fixed_tag(schema)
        if tag is not None:
            return tag
    return None


def _untagged(declarer: Declarer, objects: list[dict[str, Any]], name: str) -> tuple[int, ...]:
    return tuple(i for i, target in enumerate(objects) if name not in declarer.required(target))


def _explicit(
    declarer: Declarer, node: dict[str, Any], keyword: dict[str, Any], members: list[Any]
) -> ir.Discriminator | None:
    name: str = keyword["propertyName"]
    objects = _objects(declarer, members)
    if objects is None:
        declarer.diag(node, f"discriminator {name!r}: every member of the union must be an object", "/discriminator")
        return None
    for member_schema in objects:
        schemas = _property_schemas(declarer, member_schema, name)
        if not schemas or any(not isinstance(s, dict) or shape(s) == "nullable" or is_null(s) for s in schemas):
            declarer.diag(
                node, f"discriminator {name!r}: a member does not declare it as a non-null property", "/discriminator"
            )
            return None
    where = declarer.where.get(id(node))
    base = where.base if where else declarer.root.uri
    by_target = {id(member_schema): index for index, member_schema in enumerate(objects)}
    tags: list[tuple[str, int]] = []
    named: set[int] = set()
    mapping = keyword.get("mapping")
    if mapping is not None and not isinstance(mapping, dict):
        declarer.diag(
            node, f"discriminator {name!r}: mapping must be an object of tag -> schema", "/discriminator/mapping"
        )
        return None
    for tag, ref in (mapping or {}).items():
        found = resolve(declarer.workspace.registry, base, ref) if isinstance(ref, str) else None
        target = found.contents if found is not None else None
        target = _target(declarer, target)
        index = by_target.get(id(target)) if target is not None else None
        if index is None:
            at = "/discriminator/mapping/" + pointer.escape(str(tag))
            declarer.diag(node, f"discriminator mapping {tag!r} names a schema that is not a member of the union", at)
            return None
        tags.append((str(tag), index))
        named.add(index)
    taken = {tag for tag, _ in tags}
    for index, member in enumerate(members):
        if index in named:
            continue
        # The value the member fixes itself, if it does (no other value is valid for it), else OpenAPI's
        # implicit mapping: the component name.
        implicit = _fixed(declarer, objects[index], name)
        implicit = _component_name(member) if implicit is None else implicit
        if implicit is None or implicit in taken:
            declarer.diag(
                node,
                f"discriminator {name!r}: member {index + 1} has no tag (map one to it, or $ref a named schema)",
                "/discriminator",
            )
            return None
        tags.append((implicit, index))
        taken.add(implicit)
    return ir.Discriminator(name, tuple(tags), _untagged(declarer, objects, name), explicit=True)


def _component_name(member: Any) -> str | None:
    """OpenAPI's implicit tag: the name of the schema a member references (``#/$defs/Dog`` -> ``Dog``)."""
    if not isinstance(member, dict) or not isinstance(member.get("$ref"), str):
        return None
    _, _, fragment = member["$ref"].partition("#")
    tokens = pointer.split(fragment) if fragment.startswith("/") else []
    return tokens[-1] if len(tokens) >= 2 and tokens[-2] in ("$defs", "definitions") else None


def unions(expr: ir.TypeExpr) -> list[ir.Union]:
    """The discriminated unions inside a type expression, outermost first."""
    out: list[ir.Union] = []
    stack = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.Union):
            if item.discriminator is not None:
                out.append(item)
            stack.extend(reversed(item.members))
        elif isinstance(item, ir.Nullable):
            stack.append(item.inner)
        elif isinstance(item, ir.Array):
            stack.append(item.items)
        elif isinstance(item, ir.Map):
            stack.append(item.values)
        elif isinstance(item, ir.Tuple):
            stack.extend(reversed(item.members))
    return out


def _exprs(named: ir.NamedType) -> list[ir.TypeExpr]:
    if isinstance(named, ir.Model):
        return [f.type for f in named.fields]
    if isinstance(named, ir.Alias):
        return [named.target]
    return []


def narrow(types: tuple[ir.NamedType, ...], entry: frozenset[str]) -> tuple[ir.NamedType, ...]:
    """Give the tag field of each member of a discriminated union the tags it has (``Field.tags``), where the
    field's own type is a plain string.

    * A tag the member fixes itself (through ``allOf``: ``kind: string`` in a base, ``const`` in the member)
      holds wherever the model is used: always narrowed.
    * An OpenAPI mapping's tag holds only inside the union. It is narrowed where that is true of every use:
      when every reference to the model is a member position of an OpenAPI-discriminated union, and the model
      is not an ``entry`` (the root, an ``--only`` name). A model in two such unions gets the tags of both;
      a model also used anywhere else keeps its plain type.
    """
    intrinsic: dict[str, dict[str, list[str]]] = {}  # model -> property -> tags
    mapped: dict[str, dict[str, list[str]]] = {}
    member_uses: dict[str, int] = {}
    for named in types:
        for expr in _exprs(named):
            for union in unions(expr):
                disc = union.discriminator
                assert disc is not None
                found = mapped if disc.explicit else intrinsic
                for tag, index in disc.tags:
                    member = union.members[index]
                    if isinstance(member, ir.Ref):
                        found.setdefault(member.name, {}).setdefault(disc.property, []).append(tag)
                if disc.explicit:
                    for member in union.members:
                        if isinstance(member, ir.Ref):
                            member_uses[member.name] = member_uses.get(member.name, 0) + 1
    if not intrinsic and not mapped:
        return types
    all_uses: dict[str, int] = {}
    for named in types:
        for expr in _exprs(named):
            for name in expr_refs(expr):
                all_uses[name] = all_uses.get(name, 0) + 1
    out = []
    for named in types:
        own = dict(intrinsic.get(named.name, {}))
        if named.name not in entry and all_uses.get(named.name, 0) == member_uses.get(named.name, 0):
            for prop, tags in mapped.get(named.name, {}).items():
                own[prop] = [*own.get(prop, []), *tags]
        if not own or not isinstance(named, ir.Model):
            out.append(named)
            continue
        fields = tuple(
            replace(f, tags=tuple(dict.fromkeys(own[f.wire_name])))
            if f.wire_name in own and _plain_string(f.type)
            else f
            for f in named.fields
        )
        out.append(replace(named, fields=fields))
    return tuple(out)


def _plain_string(expr: ir.TypeExpr) -> bool:
    return isinstance(expr, ir.Primitive) and expr.kind == "string"
