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

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic, SchemaError
from generator.schema.loader import Document, Workspace, resolve
from generator.schema.vocabulary import ORDER_KEY, walk_with_base
from generator.types import ir
from generator.types.naming import (
    NUMBER_WORDS,
    Claim,
    assign_names,
    camel,
    field_identifiers,
    member_identifiers,
    pascal,
    snake,
    type_name,
)
from generator.types.selection import dependency_order, select
from generator.types.shapes import NAMED_SHAPES, SCALARS, declared_types, is_null, shape, union_members

_CONSTRAINTS = (
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "const",
)  # fmt: skip


@dataclass(frozen=True)
class _Where:
    uri: str
    pointer: str
    base: str


def build_module(workspace: Workspace, root: Document, *, only: Sequence[str] = ()) -> ir.Module:
    """The IR of the types that ``root`` defines and reaches, optionally limited to ``only``."""
    builder = _Builder(workspace, root)
    types = builder.run()
    stem = snake(PurePosixPath(root.display).stem) or "schema"
    module = ir.Module(root.display, stem, types, builder.root_name)
    return select(module, only, root) if only else module


_UNREACHED = 1 << 20


def _ranked_keys(contents: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[list[str], int]:
    """``$defs`` keys in rank order (the ranked ones, then the rest in document order), and how many are ranked."""
    order = contents.get(ORDER_KEY)  # set by the OpenAPI translation: §9 rank order
    first = [k for k in dict.fromkeys(order) if isinstance(k, str) and k in defs] if isinstance(order, list) else []
    rest = set(first)
    return first + [key for key in defs if key not in rest], len(first)


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
        """The target of ``node``'s ``$ref``, or None (with a diagnostic)."""
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
        if not isinstance(node, dict) or id(node) in self.claimed:
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
            defs = contents.get("$defs")
            if isinstance(defs, dict):
                ranked, reached = _ranked_keys(contents, defs)
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
        self, node: Any, rank: int, root: str, parent: str, base: str, *, depth: int, is_component: bool = False
    ) -> None:
        """Visit a schema in a type position and claim names for what it needs."""
        if not isinstance(node, dict):
            return
        kind = shape(node)
        if kind == "ref":
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
                if shape(target) in NAMED_SHAPES or (where and "/$defs/" in where.pointer):
                    self.declare_component(target, target_base)
                else:
                    self.walk(target, rank, root, parent, base, depth=depth)
            return
        # A binary upload (``format: binary``) is a named type too: Speakeasy synthesizes one per field.
        named = kind in NAMED_SHAPES or (kind == "primitive" and node.get("format") == "binary")
        if named and not is_component:
            title = node.get("title")
            own = type_name(title) if isinstance(title, str) else type_name(base)
            plain = pascal(title) if isinstance(title, str) else pascal(base)
            wanted = (own, root + plain, root + pascal(parent) + plain)
            self.claim_inline(node, rank, depth + 1, tuple(dict.fromkeys(wanted)))
        inner_depth = depth + 1 if named else depth
        if kind in ("model", "allof", "object"):
            for prop, sub in self.properties(node).items():
                self.walk(sub, rank, root, base, prop, depth=inner_depth)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                self.walk(extra, rank, root, parent, base, depth=inner_depth)
        elif kind == "map":
            self.walk(node["additionalProperties"], rank, root, parent, base, depth=depth)
        elif kind == "array":
            self.walk(node.get("items"), rank, root, parent, base, depth=depth)
        elif kind in ("nullable", "single"):
            for part in self.non_null_parts(node):
                self.walk(part, rank, root, parent, base, depth=depth)
        elif kind == "union":
            members = union_members(node) or []
            for index, member in enumerate(members, start=1):
                if not isinstance(member, dict) or is_null(member):
                    continue
                title = member.get("title")
                if isinstance(title, str):
                    self.walk(member, rank, root, base, title, depth=inner_depth)
                    continue
                if shape(member) in NAMED_SHAPES and id(member) not in self.claimed:
                    if is_component:
                        candidates: tuple[str, ...] = (f"{base}{index}",)
                    else:
                        word = NUMBER_WORDS[index - 1] if index <= len(NUMBER_WORDS) else f"{base}{index}"
                        candidates = (word, f"{pascal(base)}{index}", f"{root}{pascal(base)}{index}")
                    self.claim_inline(member, rank, inner_depth + 1, candidates)
                    self.walk(member, rank, root, base, base, depth=inner_depth + 1, is_component=True)
                else:
                    self.walk(member, rank, root, base, base, depth=inner_depth)

    def non_null_parts(self, node: dict[str, Any]) -> list[Any]:
        """The non-null members of a nullable wrapper; ``type: [X, "null"]`` yields a copy without null.

        A copy is made once per node and kept, so that its identity is stable across passes.
        """
        members = union_members(node)
        if members is not None:
            return [m for m in members if not is_null(m)]
        cached = self.stripped.get(id(node))
        if cached is None:
            if "enum" in node or "const" in node:
                values = [v for v in node.get("enum", [node.get("const")]) if v is not None]
                cached = {k: v for k, v in node.items() if k not in ("enum", "const")} | {"enum": values}
            else:
                types = [t for t in declared_types(node) if t != "null"]
                cached = {k: v for k, v in node.items() if k != "type"} | {
                    "type": types[0] if len(types) == 1 else types
                }
            self.stripped[id(node)] = cached
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

    def all_of_parts(self, node: dict[str, Any], seen: frozenset[int] = frozenset()) -> Iterator[dict[str, Any]]:
        if id(node) in seen:
            return
        seen = seen | {id(node)}
        yield node
        for part in node.get("allOf") or []:
            if isinstance(part, dict) and "$ref" in part:
                target = self.follow(part)
                if isinstance(target, dict):
                    yield from self.all_of_parts(target, seen)
            elif isinstance(part, dict):
                yield from self.all_of_parts(part, seen)

    # ---- pass 3: resolve -----------------------------------------------------------
    def run(self) -> tuple[ir.NamedType, ...]:
        self.index()
        self.declare()
        if self.diagnostics:
            raise SchemaError(sorted(set(self.diagnostics)))
        self.names = assign_names(self.claims)
        self.check_component_names()
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

    def check_component_names(self) -> None:
        """Two components whose names sanitize to the same type name are an error, not a silent rename."""
        owner: dict[str, Claim] = {}
        for claim in self.claims:
            if claim.component:
                owner.setdefault(claim.candidates[0].lower(), claim)
        for claim in self.claims:
            first = owner.get(claim.candidates[0].lower())
            if claim.component and first is not None and first is not claim:
                other = self.component_bases[first.key]  # type: ignore[index]
                mine = self.component_bases[claim.key]  # type: ignore[index]
                self.diag(
                    self.claimed[claim.key],  # type: ignore[index]
                    f"type names collide after sanitizing: {mine!r} and {other!r} both become {claim.candidates[0]!r}",
                )
        if self.diagnostics:
            raise SchemaError(sorted(set(self.diagnostics)))

    def check_alias_cycles(self, types: list[ir.NamedType]) -> None:
        """A chain of aliases that only name each other describes no value at all."""
        aliases = {t.name: t.target.name for t in types if isinstance(t, ir.Alias) and isinstance(t.target, ir.Ref)}
        nodes = {name: node for key, node in self.claimed.items() if (name := self.names.get(key))}
        reported: set[str] = set()
        for start, target in aliases.items():
            seen = [start]
            current = target
            while current in aliases and current not in seen:
                seen.append(current)
                current = aliases[current]
            if current == start and not reported.intersection(seen):
                reported.update(seen)
                chain = " -> ".join([*seen, start])
                self.diag(nodes[start], f"$ref cycle with no structure: {chain}", "/$ref")

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
        description = _text(node.get("description"))
        deprecated = node.get("deprecated") is True
        examples = _examples(node)
        kind = shape(node)
        if kind in ("model", "allof", "object"):
            return self.model(node, name, description, deprecated, examples)
        if kind == "enum":
            values = list(dict.fromkeys(v for v in node.get("enum", [node.get("const")])))
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
            own = _text(sub.get("description")) if isinstance(sub, dict) else None
            if own is None and isinstance(sub, dict) and "$ref" in sub:
                target = self.deref(sub)
                own = _text(target.get("description")) if isinstance(target, dict) else None
            fields.append(
                ir.Field(
                    wire_name=wire,
                    py_name=py,
                    camel_name=camel(wire),
                    type=self.expr(sub),
                    required=wire in required,
                    description=own,
                    deprecated=isinstance(sub, dict) and sub.get("deprecated") is True,
                    examples=_examples(sub) if isinstance(sub, dict) else (),
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
            return self.expr(rest[0]) if rest else ir.Primitive("null")
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
            return ir.Array(self.expr(node.get("items", True)))
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


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _examples(node: Mapping[str, Any]) -> tuple[Any, ...]:
    found = node.get("examples")
    if isinstance(found, list):
        return tuple(v for v in found)
    return ()
