"""Passes 1 and 2 of :mod:`generator.types.build`: index every schema node, then declare the named types.

**Index**: every schema node of every document gets its URI, pointer and base URI.
**Declare**: walk from the root's ``$defs`` (and whatever their ``$ref``\\ s reach) and collect a
:class:`~generator.types.naming.Claim` for each schema that needs a type name: components, then inline
objects, enums and unions, with Speakeasy's candidates (§9 of the format notes; README "Names of inline types").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic
from generator.schema.loader import Document, Workspace, resolve
from generator.schema.vocabulary import walk_with_base
from generator.types.naming import NUMBER_WORDS, Claim, pascal, spelled, type_name
from generator.types.shapes import (
    NAMED_SHAPES,
    all_of_parts,
    is_null,
    item_schemas,
    ranked_keys,
    shape,
    tuple_parts,
    union_members,
    without_null,
)

NEST_LIMIT = 12
"""Anonymous containers nested this deep (arrays of maps of unions ...) get a type name of their own."""
_CONTAINERS = ("array", "map", "nullable", "single", "union")
_DEFINITIONS = re.compile(r"/(?:\$defs|definitions)/")
"""Where named schemas live: ``$defs`` (2019-09 on) and ``definitions`` (draft-04 to -07, and by custom)."""


@dataclass(frozen=True)
class Where:
    uri: str
    pointer: str
    base: str


_UNREACHED = 1 << 20


def union_of_one(node: dict[str, Any]) -> bool:
    """A ``oneOf``/``anyOf`` with one branch, not null, that is a reference or needs a name itself:
    Speakeasy documents it as a union of one (``FineTuningJobIntegrations``); a lone primitive is that primitive."""
    members = union_members(node)
    if members is None or len(members) != 1 or not isinstance(members[0], dict) or is_null(members[0]):
        return False
    return "$ref" in members[0] or shape(members[0]) in NAMED_SHAPES


def index_word(base: str) -> str:
    """A member index as a name part: ``3`` -> ``Three`` (Speakeasy spells it where a name starts with it).
    Titles and property names are left to :func:`~generator.types.naming.type_name`."""
    return spelled(base) if base.isdigit() else base


class Declarer:
    """The index and the declared names; :class:`generator.types.build._Builder` adds pass 3."""

    def __init__(self, workspace: Workspace, root: Document) -> None:
        self.workspace = workspace
        self.root = root
        self.where: dict[int, Where] = {}
        self.diagnostics: list[Diagnostic] = []
        self.claims: list[Claim] = []
        self.claimed: dict[int, Any] = {}
        self.components: list[int] = []
        self.component_bases: dict[int, str] = {}
        self.names: dict[object, str] = {}
        self.root_name: str | None = None
        self._preorder = 0
        self.stripped: dict[int, dict[str, Any]] = {}
        self.followed: dict[int, Any] = {}
        self.walked: set[int] = set()
        self.active: set[int] = set()
        self.parts: dict[int, list[dict[str, Any]]] = {}

    # ---- pass 1: index -------------------------------------------------------------
    def index(self) -> None:
        for doc in self.workspace.documents.values():
            for pointer, node, base in walk_with_base(doc.contents, doc.uri, once=True, dialect=doc.dialect):
                if isinstance(node, dict) and id(node) not in self.where:
                    self.where[id(node)] = Where(doc.uri, pointer, base)

    def diag(self, node: Any, message: str, suffix: str = "") -> None:
        where = self.where.get(id(node))
        if where is None:
            self.diagnostics.append(self.root.diagnostic("", message))
        else:
            self.diagnostics.append(self.workspace.diagnostic(where.uri, where.pointer + suffix, message))

    def follow(self, node: dict[str, Any]) -> Any | None:
        """The target of ``node``'s ``$ref``, or None (with a diagnostic). Looked up once per node."""
        if id(node) in self.followed:
            return self.followed[id(node)]
        target = self._follow(node)
        self.followed[id(node)] = target
        return target

    def _follow(self, node: dict[str, Any]) -> Any | None:
        where = self.where.get(id(node))
        base = where.base if where else self.root.uri
        resolved = resolve(self.workspace.registry, base, node["$ref"])
        if resolved is None:
            self.diag(node, f"unresolvable $ref {self.written_ref(node)!r}", "/$ref")
            return None
        return resolved.contents

    def written_ref(self, node: dict[str, Any]) -> str:
        """The reference as its author wrote it (``#/components/schemas/X`` for OpenAPI input)."""
        ref: str = node["$ref"]
        where = self.where.get(id(node))
        doc = self.workspace.documents.get(where.uri) if where else None
        if doc is not None and ref.startswith("#/"):
            return "#" + doc.source_pointer(ref[1:])
        return ref

    # ---- pass 2: declare -----------------------------------------------------------
    def declare_component(self, node: Any, base: str) -> None:
        if not isinstance(node, dict):
            return
        if shape(node) in ("nullable", "single"):
            # A nullable object or enum (OpenAPI 3.0 ``nullable: true``) is named as its non-null part;
            # its uses become ``X | None``. Naming both would give ``X`` and a doubled ``XX``.
            parts = self.non_null_parts(node)
            if len(parts) == 1 and isinstance(parts[0], dict) and shape(parts[0]) in NAMED_SHAPES:
                node = parts[0]
        if id(node) in self.claimed:
            return
        rank = len(self.components)
        self.components.append(id(node))
        self.component_bases[id(node)] = base
        self.claimed[id(node)] = node
        self.claims.append(Claim(id(node), (type_name(base),), (0, rank, 0), component=True))

    def declare(self) -> None:
        contents = self.root.contents
        reached = 0
        if isinstance(contents, dict):
            for keyword in ("$defs", "definitions"):  # ``definitions``: draft-04 to -07 (and 2020-12 by custom)
                defs = contents.get(keyword)
                if isinstance(defs, dict):
                    ranked, ranked_count = ranked_keys(contents, defs)
                    reached = reached or ranked_count
                    for key in ranked:
                        self.declare_component(defs[key], key)
            if shape(contents) not in ("ref", "any") or ("$ref" not in contents and contents.get("properties")):
                title = contents.get("title")
                self.declare_component(
                    contents, title if isinstance(title, str) else PurePosixPath(self.root.display).stem
                )
        rank = 0
        while rank < len(self.components):
            node = self.claimed[self.components[rank]]
            root_base = type_name(self.component_bases[id(node)])
            self._preorder = 0
            self.walk(node, rank, root_base, "", root_base, depth=0, is_component=True)
            rank += 1
        if reached:
            # Components that no operation reaches come after every reached one, depth included.
            self.claims = [
                replace(c, order=(c.order[0] + _UNREACHED, c.order[1], c.order[2]))
                if not c.component and c.order[1] >= reached
                else c
                for c in self.claims
            ]

    def claim_inline(self, node: dict[str, Any], rank: int, depth: int, candidates: tuple[str, ...]) -> None:
        if id(node) in self.claimed:
            return
        self.claimed[id(node)] = node
        self._preorder += 1
        self.claims.append(Claim(id(node), candidates, (depth, rank, self._preorder)))

    def walk(
        self,
        node: Any,
        rank: int,
        root: str,
        parent: str,
        base: str,
        *,
        depth: int,
        is_component: bool = False,
        nest: int = 0,
        scope: str = "",
        path: tuple[str, ...] = (),
    ) -> None:
        """Visit a schema in a type position (each schema once) and claim names for what it needs.

        ``nest`` counts the anonymous containers (arrays, maps, unions, inlined ``$ref`` targets) since the
        last named type: at :data:`NEST_LIMIT`, and for an inlined target met again inside itself, the schema
        gets a name. So type expressions, and every recursive walk over them, stay shallow."""
        if not isinstance(node, dict) or id(node) in self.walked:
            return
        kind = shape(node)
        if kind != "ref":  # a reference is cheap, and its target decides
            self.walked.add(id(node))
            self.active.add(id(node))
            try:
                self.visit(
                    node,
                    rank,
                    root,
                    parent,
                    base,
                    kind=kind,
                    depth=depth,
                    is_component=is_component,
                    nest=nest,
                    scope=scope,
                    path=path,
                )
            finally:
                self.active.discard(id(node))
            return
        target = self.follow(node)
        if isinstance(target, dict) and id(target) not in self.claimed:
            where = self.where.get(id(target))
            title = target.get("title")
            if isinstance(title, str):
                target_base = title
            elif where and where.pointer:
                target_base = where.pointer.rpartition("/")[2]
            else:
                target_base = PurePosixPath(self.workspace.document(where.uri).display if where else "T").stem
            if (
                shape(target) in NAMED_SHAPES
                or (where and _DEFINITIONS.search(where.pointer))
                or id(target) in self.active  # met again inside itself: a cycle needs a name
                or nest >= NEST_LIMIT
            ):
                self.declare_component(target, target_base)
            else:
                self.walk(target, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope, path=path)

    def visit(
        self,
        node: dict[str, Any],
        rank: int,
        root: str,
        parent: str,
        base: str,
        *,
        kind: str,
        depth: int,
        is_component: bool,
        nest: int,
        scope: str,
        path: tuple[str, ...],
    ) -> None:
        """:meth:`walk`'s work on a schema that is not a reference.

        ``scope`` is the base name of the nearest anonymous union whose member subtree this is; names
        inside it try ``<Scope><Base>`` before ``<Root><Base>`` (``ThreeImageUrl``, ``FileSearchVectorStores``).
        """
        # A binary upload (``format: binary``) is a named type too: Speakeasy synthesizes one per field.
        one = kind == "single" and union_of_one(node)
        named = kind in NAMED_SHAPES or (kind == "primitive" and node.get("format") == "binary") or one
        title = node.get("title")
        if not named and not is_component and nest >= NEST_LIMIT and kind in _CONTAINERS:
            own = type_name(title) if isinstance(title, str) else type_name(base)
            self.claim_inline(node, rank, depth + 1, (own + "Inner", root + own + "Inner"))
            named, nest = True, 0
        elif named and not is_component:
            plain = pascal(title) if isinstance(title, str) else pascal(base)
            own = type_name(plain if isinstance(title, str) else index_word(plain))
            # More context after the root: the ancestors' segments (properties, member indexes) from the top.
            context = [root + pascal(scope) + "".join(pascal(p) for p in path[:k]) + plain for k in range(1, len(path))]
            if scope:
                wanted: tuple[str, ...] = (
                    own,
                    index_word(pascal(scope)) + plain,
                    root + pascal(scope) + plain,
                    *context,
                    root + plain,
                )
            else:
                wanted = (own, root + plain, root + pascal(parent) + plain, *context)
            self.claim_inline(node, rank, depth + 1, tuple(dict.fromkeys(type_name(w) for w in wanted)))
        if named or is_component:
            nest = 0
        inner_depth = depth + 1 if named else depth
        if kind in ("model", "allof", "object"):
            for prop, sub in self.properties(node).items():
                self.walk(sub, rank, root, base, prop, depth=inner_depth, scope=scope, path=(*path, prop))
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                self.walk(extra, rank, root, parent, base, depth=inner_depth, nest=1, scope=scope, path=path)
        elif kind == "map":
            extra = node["additionalProperties"]
            self.walk(extra, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope, path=path)
        elif kind == "array":
            for item in item_schemas(node):
                self.walk(item, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope, path=path)
        elif one:
            self.visit_members(
                node, rank, root, base, depth=inner_depth, is_component=is_component, nest=nest, scope=scope, path=path
            )
        elif kind in ("nullable", "single"):
            for part in self.non_null_parts(node):
                self.walk(part, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope, path=path)
        elif kind == "union":
            self.visit_members(
                node, rank, root, base, depth=inner_depth, is_component=is_component, nest=nest, scope=scope, path=path
            )

    def visit_members(
        self,
        node: dict[str, Any],
        rank: int,
        root: str,
        base: str,
        *,
        depth: int,
        is_component: bool,
        nest: int,
        scope: str,
        path: tuple[str, ...],
    ) -> None:
        """Name a union's members (Speakeasy §9, untitled union members) and walk them.

        An untitled member of an anonymous union is named by its 1-based index: the number word
        (``One``, ``Three``), then ``<Base><index>`` (``Content2``), then ``<Root><Base><index>``. An array
        member passes that name on to its anonymous items (moderation ``input`` member 3 is an array of a
        union: ``Three``). A named member's own base is then its index (``3``), so its members are
        ``Three1``, ``Three2`` and the names inside them ``ThreeType``, ``CreateModerationRequest3Type``.
        The members' subtrees are scoped by the union's base (``FileSearchVectorStores``).
        """
        members = union_members(node) or []
        inner_scope = base if not is_component else scope
        walk = self.walk
        for index, member in enumerate(members, start=1):
            if not isinstance(member, dict) or is_null(member):
                continue
            title = member.get("title")
            target = self.anonymous_items(member)
            if isinstance(title, str) and (target is None or target is member):  # an array's title names nothing
                at = (*path, str(index))
                walk(member, rank, root, base, title, depth=depth, nest=nest + 1, scope=inner_scope, path=at)
                continue
            if target is not None and id(target) not in self.claimed:
                if is_component:
                    candidates: tuple[str, ...] = (f"{base}{index}",)
                else:
                    stem = index_word(pascal(base))
                    word = NUMBER_WORDS[index - 1] if index <= len(NUMBER_WORDS) else f"{stem}{index}"
                    wanted = (word, f"{stem}{index}", f"{root}{pascal(base)}{index}")
                    candidates = tuple(dict.fromkeys(type_name(w) for w in wanted))
                self.claim_inline(target, rank, depth + 1, candidates)
                own = base if is_component or target is member else str(index)
                walk(target, rank, root, base, own, depth=depth + 1, scope=inner_scope, path=(*path, str(index)))
                if target is not member:
                    at = (*path, str(index))
                    walk(member, rank, root, base, own, depth=depth, nest=nest + 1, scope=inner_scope, path=at)
            else:
                at = (*path, str(index))
                walk(member, rank, root, base, base, depth=depth, nest=nest + 1, scope=inner_scope, path=at)

    def anonymous_items(self, member: dict[str, Any]) -> dict[str, Any] | None:
        """The schema a union member's name goes to: the member itself if it needs a name, else the
        anonymous named items of an array member (through nested arrays), else None."""
        node: Any = member
        while isinstance(node, dict):
            kind = shape(node)
            if kind in NAMED_SHAPES:
                return node
            if kind != "array" or tuple_parts(node) is not None:
                return None
            node = node.get("items")
        return None

    def non_null_parts(self, node: dict[str, Any]) -> list[Any]:
        """The non-null members of a nullable wrapper; ``type: [X, "null"]`` yields a copy without null.

        A copy is made once per node and kept, so that its identity is stable across passes.
        """
        members = union_members(node)
        if members is not None:
            return [m for m in members if not is_null(m)]
        cached = self.stripped.get(id(node))
        if cached is None:
            cached = self.stripped[id(node)] = without_null(node)
            where = self.where.get(id(node))
            if where is not None:
                self.where[id(cached)] = where
        return [cached]

    def properties(self, node: dict[str, Any]) -> dict[str, Any]:
        """Properties in schema order, including those merged in by ``allOf``."""
        merged: dict[str, Any] = {}
        for part in self.all_of_parts(node):
            props = part.get("properties")
            if isinstance(props, dict):
                for key, value in props.items():
                    merged.setdefault(key, value)
        return merged

    def required(self, node: dict[str, Any]) -> set[str]:
        names: set[str] = set()
        for part in self.all_of_parts(node):
            req = part.get("required")
            if isinstance(req, list):
                names.update(r for r in req if isinstance(r, str))
        return names

    def all_of_parts(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """``node`` and the schemas its ``allOf`` brings in (memoized: a long chain costs linear time)."""
        cached = self.parts.get(id(node))
        if cached is None:
            cached = self.parts[id(node)] = all_of_parts(node, self.follow)
        return cached
