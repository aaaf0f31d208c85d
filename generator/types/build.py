"""Build the type model (IR) of one root schema, in explicit passes.

1. **Index**: every schema node of every document gets its URI, pointer and base URI.
2. **Declare**: walk from the root's ``$defs`` (and whatever their ``$ref``\\ s reach) and
   collect a :class:`~generator.types.naming.Claim` for each schema that needs a type name:
   components, then inline objects, enums and unions (:mod:`generator.types.declare`). Names are
   then assigned once.
3. **Resolve**: turn each named schema into an immutable IR value; uses of named schemas
   become :class:`~generator.types.ir.Ref`, so recursive types need no placeholders.
4. **Order**: dependencies first, so that runtime-evaluated annotations find their types
   (:mod:`generator.types.selection`, which also keeps the ``--only`` selection).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from generator.diagnostics import SchemaError
from generator.schema.loader import Document, Workspace
from generator.types import ir
from generator.types.declare import Declarer
from generator.types.discriminator import detect, narrow
from generator.types.naming import (
    assign_names,
    camel,
    field_identifiers,
    member_identifiers,
    module_stem,
)
from generator.types.selection import alias_cycles, dependency_order, select
from generator.types.shapes import (
    SCALARS,
    declared_types,
    description_of,
    examples_of,
    is_null,
    shape,
    tuple_parts,
    union_members,
    unique_values,
)

_CONSTRAINTS = (
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "const",
)  # fmt: skip


TUPLE_VARIANTS = 4
"""A tuple whose last positions may be missing is a union of its lengths (``tuple[A, B] | tuple[A]``);
with this many optional positions or more, it is a list of the union of its item types instead."""


def build_module(workspace: Workspace, root: Document, *, only: Sequence[str] = ()) -> ir.Module:
    """The IR of the types that ``root`` defines and reaches, optionally limited to ``only``."""
    builder = _Builder(workspace, root)
    types = builder.run()
    stem = module_stem(root.display)
    module = ir.Module(root.display, stem, types, builder.root_name)
    module = select(module, only, root) if only else module
    entry = frozenset([*only, *([module.root] if module.root else [])])
    return replace(module, types=narrow(module.types, entry))


class _Builder(Declarer):
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
        seen: set[int] = set()
        current: Any = node
        while isinstance(current, dict) and "$ref" in current:
            if id(current) in seen:
                self.diag(node, f"$ref cycle with no structure: {node['$ref']!r} refers back to itself", "/$ref")
                return None
            seen.add(id(current))
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
            kept = [m for m in members if not is_null(m)]
            return ir.Union(tuple(self.expr(m) for m in kept), detect(self, node, kept))
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
        return ir.Union(tuple(self.expr(p) for p in parts), detect(self, node, parts))
