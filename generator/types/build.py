"""Build the type model (IR) of one root schema, in explicit passes.

1. **Index**: every schema node of every document gets its URI, pointer and base URI.
2. **Declare**: walk from the root's ``$defs`` (and whatever their ``$ref``\\ s reach) and
   collect a :class:`~generator.types.naming.Claim` for each schema that needs a type name:
   components, then inline objects, enums and unions. Names are then assigned once.
3. **Resolve**: turn each named schema into an immutable IR value; uses of named schemas
   become :class:`~generator.types.ir.Ref`, so recursive types need no placeholders.
4. **Order**: dependencies first, so that runtime-evaluated annotations find their types
   (:mod:`generator.types.selection`, which also keeps the ``--only`` selection).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic, SchemaError
from generator.schema.loader import Document, Workspace, resolve
from generator.schema.vocabulary import walk_with_base
from generator.types import ir
from generator.types.naming import (
    NUMBER_WORDS,
    Claim,
    assign_names,
    camel,
    field_identifiers,
    member_identifiers,
    module_stem,
    pascal,
    spelled,
    type_name,
)
from generator.types.selection import alias_cycles, dependency_order, select
from generator.types.shapes import (
    NAMED_SHAPES,
    SCALARS,
    all_of_parts,
    declared_types,
    description_of,
    examples_of,
    is_null,
    item_schemas,
    ranked_keys,
    shape,
    tuple_parts,
    union_members,
    unique_values,
    without_null,
)

_CONSTRAINTS = (
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "const",
)  # fmt: skip


TUPLE_VARIANTS = 4
"""A tuple whose last positions may be missing is a union of its lengths (``tuple[A, B] | tuple[A]``);
with this many optional positions or more, it is a list of the union of its item types instead."""
NEST_LIMIT = 12
"""Anonymous containers nested this deep (arrays of maps of unions ...) get a type name of their own."""
_CONTAINERS = ("array", "map", "nullable", "single", "union")
_DEFINITIONS = re.compile(r"/(?:\$defs|definitions)/")
"""Where named schemas live: ``$defs`` (2019-09 on) and ``definitions`` (draft-04 to -07, and by custom)."""


@dataclass(frozen=True)
class _Where:
    uri: str
    pointer: str
    base: str


def build_module(workspace: Workspace, root: Document, *, only: Sequence[str] = ()) -> ir.Module:
    """The IR of the types that ``root`` defines and reaches, optionally limited to ``only``."""
    builder = _Builder(workspace, root)
    types = builder.run()
    stem = module_stem(root.display)
    module = ir.Module(root.display, stem, types, builder.root_name)
    return select(module, only, root) if only else module


_UNREACHED = 1 << 20


def union_of_one(node: dict[str, Any]) -> bool:
    """A ``oneOf``/``anyOf`` with one branch, not null, that is a reference or needs a name itself:
    Speakeasy documents it as a union of one (``FineTuningJobIntegrations``); a lone primitive is that primitive."""
    members = union_members(node)
    if members is None or len(members) != 1 or not isinstance(members[0], dict) or is_null(members[0]):
        return False
    return "$ref" in members[0] or shape(members[0]) in NAMED_SHAPES


class _Builder:
    def __init__(self, workspace: Workspace, root: Document) -> None:
        self.workspace = workspace
        self.root = root
        self.where: dict[int, _Where] = {}
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
                    self.where[id(node)] = _Where(doc.uri, pointer, base)

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
                self.walk(target, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope)

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
            own = type_name(spelled(plain))
            if scope:
                wanted: tuple[str, ...] = (
                    own,
                    spelled(pascal(scope) + plain),
                    root + pascal(scope) + plain,
                    root + plain,
                )
            else:
                wanted = (own, root + plain, root + pascal(parent) + plain)
            self.claim_inline(node, rank, depth + 1, tuple(dict.fromkeys(wanted)))
        if named or is_component:
            nest = 0
        inner_depth = depth + 1 if named else depth
        if kind in ("model", "allof", "object"):
            for prop, sub in self.properties(node).items():
                self.walk(sub, rank, root, base, prop, depth=inner_depth, scope=scope)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                self.walk(extra, rank, root, parent, base, depth=inner_depth, nest=1, scope=scope)
        elif kind == "map":
            self.walk(node["additionalProperties"], rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope)
        elif kind == "array":
            for item in item_schemas(node):
                self.walk(item, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope)
        elif one:
            self.visit_members(
                node, rank, root, base, depth=inner_depth, is_component=is_component, nest=nest, scope=scope
            )
        elif kind in ("nullable", "single"):
            for part in self.non_null_parts(node):
                self.walk(part, rank, root, parent, base, depth=depth, nest=nest + 1, scope=scope)
        elif kind == "union":
            self.visit_members(
                node, rank, root, base, depth=inner_depth, is_component=is_component, nest=nest, scope=scope
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
        for index, member in enumerate(members, start=1):
            if not isinstance(member, dict) or is_null(member):
                continue
            title = member.get("title")
            target = self.anonymous_items(member)
            if isinstance(title, str) and (target is None or target is member):  # an array's title names nothing
                self.walk(member, rank, root, base, title, depth=depth, nest=nest + 1, scope=inner_scope)
                continue
            if target is not None and id(target) not in self.claimed:
                if is_component:
                    candidates: tuple[str, ...] = (f"{base}{index}",)
                else:
                    stem = spelled(pascal(base))
                    word = NUMBER_WORDS[index - 1] if index <= len(NUMBER_WORDS) else f"{stem}{index}"
                    candidates = tuple(dict.fromkeys((word, f"{stem}{index}", f"{root}{pascal(base)}{index}")))
                self.claim_inline(target, rank, depth + 1, candidates)
                own = base if is_component or target is member else str(index)
                self.walk(target, rank, root, base, own, depth=depth + 1, scope=inner_scope)  # claimed: no new claim
                if target is not member:
                    self.walk(member, rank, root, base, own, depth=depth, nest=nest + 1, scope=inner_scope)
            else:
                self.walk(member, rank, root, base, base, depth=depth, nest=nest + 1, scope=inner_scope)

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

    # ---- pass 3: resolve -----------------------------------------------------------
    def run(self) -> tuple[ir.NamedType, ...]:
        self.index()
        self.declare()
        if self.diagnostics:
            raise SchemaError(sorted(set(self.diagnostics)))
        self.names = assign_names(self.claims)  # colliding names become X, X2, ... in declaration order
        contents = self.root.contents
        if isinstance(contents, dict):
            if id(contents) in self.names:
                self.root_name = self.names[id(contents)]
            elif "$ref" in contents:
                target = self.deref(contents)
                if target is not None and id(target) in self.names:
                    self.root_name = self.names[id(target)]
        order = sorted(self.claims, key=lambda c: (not c.component, c.order))
        types = [self.named(self.claimed[c.key]) for c in order]  # type: ignore[index]
        self.check_alias_cycles(types)
        if self.diagnostics:
            raise SchemaError(sorted(set(self.diagnostics)))
        return dependency_order(types)

    def check_alias_cycles(self, types: list[ir.NamedType]) -> None:
        """A chain of aliases that only name each other describes no value at all."""
        nodes = {name: node for key, node in self.claimed.items() if (name := self.names.get(key))}
        for cycle in alias_cycles(types):
            self.diag(nodes[cycle[0]], f"$ref cycle with no structure: {' -> '.join([*cycle, cycle[0]])}", "/$ref")

    def deref(self, node: dict[str, Any]) -> Any | None:
        """Follow a chain of pure references to the schema with structure."""
        seen: list[int] = []
        current: Any = node
        while isinstance(current, dict) and "$ref" in current:
            if id(current) in seen:
                self.diag(node, f"$ref cycle with no structure: {node['$ref']!r} refers back to itself", "/$ref")
                return None
            seen.append(id(current))
            if id(current) in self.names and current is not node:
                return current
            current = self.follow(current)
            if current is None:
                return None
        return current

    def named(self, node: dict[str, Any]) -> ir.NamedType:
        name = self.names[id(node)]
        description = description_of(node.get("description"))
        deprecated = node.get("deprecated") is True
        examples = examples_of(node)
        kind = shape(node)
        if kind in ("model", "allof", "object"):
            return self.model(node, name, description, deprecated, examples)
        if kind == "enum":
            values = unique_values(list(node.get("enum", [node.get("const")])))
            if not values:
                self.diag(node, "an empty enum matches no value at all", "/enum")
            members = tuple(ir.EnumMember(py, v) for py, v in zip(member_identifiers(values), values, strict=True))
            return ir.Enum(name, description, members, deprecated, examples)
        return ir.Alias(name, description, self.expr(node, top=True), deprecated, examples)

    def model(
        self, node: dict[str, Any], name: str, description: str | None, deprecated: bool, examples: tuple[Any, ...]
    ) -> ir.Model:
        props = self.properties(node)
        required = self.required(node)
        py_names = field_identifiers(list(props))
        fields = []
        for (wire, sub), py in zip(props.items(), py_names, strict=True):
            own = description_of(sub.get("description")) if isinstance(sub, dict) else None
            if own is None and isinstance(sub, dict) and "$ref" in sub:
                target = self.deref(sub)
                own = description_of(target.get("description")) if isinstance(target, dict) else None
            fields.append(
                ir.Field(
                    wire_name=wire,
                    py_name=py,
                    camel_name=camel(wire),
                    type=self.expr(sub),
                    required=wire in required,
                    description=own,
                    deprecated=isinstance(sub, dict) and sub.get("deprecated") is True,
                    examples=examples_of(sub) if isinstance(sub, dict) else (),
                )
            )
        additional = (
            node.get("additionalProperties", True) is not False and node.get("unevaluatedProperties", True) is not False
        )
        return ir.Model(name, description, tuple(fields), additional, deprecated, examples)

    def expr(self, node: Any, *, top: bool = False) -> ir.TypeExpr:
        """The type expression of a schema in a type position."""
        if not isinstance(node, dict):
            return ir.Primitive("any")
        if not top and id(node) in self.names:
            return ir.Ref(self.names[id(node)])
        kind = shape(node)
        if kind == "ref":
            target = self.deref(node)
            if target is None:
                return ir.Primitive("any")
            if id(target) in self.names:
                return ir.Ref(self.names[id(target)])
            return self.expr(target)
        if kind == "nullable":
            return ir.Nullable(self.expr_non_null(node))
        if kind == "single":
            rest = [m for m in union_members(node) or [] if not is_null(m)]
            if not rest:
                return ir.Primitive("null")
            inner = self.expr(rest[0])
            # A named oneOf/anyOf of one named type stays a union of one (Speakeasy documents it as a union).
            return ir.Union((inner,)) if top and isinstance(inner, ir.Ref) else inner
        if kind == "union":
            members = union_members(node)
            if members is None:
                return ir.Union(tuple(ir.Primitive(t) for t in declared_types(node) if t in SCALARS))  # type: ignore[arg-type]
            return ir.Union(tuple(self.expr(m) for m in members if not is_null(m)))
        if kind == "map":
            return ir.Map(self.expr(node["additionalProperties"]))
        if kind == "object":
            return ir.Map(ir.Primitive("any"))
        if kind == "array":
            parts = tuple_parts(node)
            if parts is None:
                return ir.Array(self.expr(node.get("items", True)))
            prefix, rest = parts
            rest_type = None if rest is False else self.expr(rest)
            if not prefix:
                return ir.Array(rest_type or ir.Primitive("any"))
            least = node.get("minItems", 0)
            least = least if isinstance(least, int) and not isinstance(least, bool) else 0
            least = max(0, min(least, len(prefix)))
            items = tuple(self.expr(p) for p in prefix)
            if len(prefix) - least >= TUPLE_VARIANTS:  # too many optional positions: a list of their union
                return ir.Array(ir.Union(items if rest_type is None else (*items, rest_type)))
            return ir.Tuple(items, rest_type, least)
        if kind == "primitive":
            types = declared_types(node)
            constraints = tuple((k, node[k]) for k in _CONSTRAINTS if k in node)
            fmt = node.get("format") if isinstance(node.get("format"), str) else None
            return ir.Primitive(types[0], fmt, constraints)  # type: ignore[arg-type]
        return ir.Primitive("any")

    def expr_non_null(self, node: dict[str, Any]) -> ir.TypeExpr:
        parts = self.non_null_parts(node)
        if len(parts) == 1:
            return self.expr(parts[0])
        return ir.Union(tuple(self.expr(p) for p in parts))
