"""The planner: the exact semantics of every subschema, keyword by keyword, as a typed :class:`Plan`.

The plan is built once per root schema and never loses information:

* every ``$ref`` and ``$dynamicRef`` is resolved through ``referencing`` at generation time, and each
  subschema is planned once per binding of the dynamic anchors in play (:mod:`.scope`);
* ``unevaluatedProperties`` / ``unevaluatedItems`` get annotation collectors (``_a`` functions)
  for the in-place applicators they depend on;
* each resource's ``$schema`` chooses its dialect's keyword table, and ``$vocabulary`` which of its
  keywords are active; an unknown ``$schema``, an unknown required vocabulary or an unresolvable
  reference is refused with :class:`PlanError`.

Which keywords exist, in what order and how each becomes ops is the dialect's keyword table
(:mod:`.table`); the few facts that are not one keyword's (``$ref`` overriding its siblings before
2019-09, array-form ``items``) are read here from the :class:`~.dialect.Dialect`. This module owns the
variants, the one inlining policy and the final pass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import referencing

from generator.validation.ctx import Ctx
from generator.validation.dialect import Dialect
from generator.validation.graph import called, has_refs, nodes, remap, size
from generator.validation.plan import (
    GROUP_KINDS,
    AllOfOp,
    Ann,
    AnnAll,
    AnnDep,
    AnnIf,
    Body,
    Constant,
    ConstOp,
    EnumOp,
    FalseOp,
    Group,
    Op,
    Pattern,
    Plan,
    PlanError,
    RefOp,
    Sub,
    TypeOp,
    UnevaluatedOp,
    Variant,
)
from generator.validation.regex import PatternError, translate
from generator.validation.scope import Scope
from generator.validation.site import Site, kind_of
from generator.validation.table import DIALECTS, DRAFT_2020_12, REFUSED

MAX_INLINE_DEPTH = 4
MAX_INLINE_SIZE = 80
_UNEVALUATED = frozenset({"unevaluatedProperties", "unevaluatedItems"})


def _evaluates_all_items(schema: dict[str, Any], keys: set[str], dialect: Dialect) -> bool:
    """``items`` (or, after an array-form ``items``, ``additionalItems``) evaluates every item."""
    if "items" not in keys:
        return False
    if dialect.legacy_items and isinstance(schema["items"], list):
        return "additionalItems" in keys
    return True


def _key(value: Any) -> str:
    """A JSON value's identity for sharing constants (``1``, ``1.0`` and ``true`` stay apart)."""
    return json.dumps(value, ensure_ascii=False)


class Planner:
    """Builds a :class:`Plan` from a root schema and a registry."""

    def __init__(
        self, registry: referencing.Registry[Any], *, formats: bool = False, dialect: Dialect = DRAFT_2020_12
    ) -> None:
        self.dialect = dialect
        """The dialect of documents that declare no ``$schema``."""
        self.scope = Scope(registry, DIALECTS, dialect, REFUSED)
        self.formats = formats
        self.wheres: list[str] = []
        self.bodies: dict[int, Body] = {}
        self.aliased: dict[int, int] = {}
        self.anns: dict[int, Ann] = {}
        self.keys: dict[tuple[Any, ...], int] = {}
        self.pending: list[tuple[int, Any, Ctx, bool, bool]] = []
        self.locs: list[tuple[str, str, str]] = []
        self.loc_index: dict[tuple[str, str, str], int] = {}
        self.consts: dict[tuple[str, str, tuple[str, ...]], Constant] = {}
        self.patterns: dict[tuple[str, bool], str] = {}
        self.uses: set[str] = set()

    # ---- entry point -----------------------------------------------------------------------------
    def plan(self, root_uri: str, entries: Sequence[tuple[str, str]]) -> Plan:
        """Plan the root resource at ``root_uri`` and the ``entries`` ((name, reference); ``""``: the root)."""
        root, ctx = self.scope.start(root_uri)
        numbers: list[tuple[str, int]] = []
        for name, ref in entries:
            if ref == "":
                numbers.append((name, self.variant(root, ctx, entered=True)))
                continue
            schema, base = self.scope.resolve(ref, ctx)
            target = self.scope.resource_ctx(schema, self.scope.located(schema, base, ctx), base)
            numbers.append((name, self.variant(schema, target, entered=True)))
        while self.pending:
            n, schema, vctx, entered, ann = self.pending.pop(0)
            self._build(n, schema, vctx, entered, ann)
        return self._finish([(name, self._alias(n)) for name, n in numbers])

    def _finish(self, numbers: list[tuple[str, int]]) -> Plan:
        """The last pass: calls of bare ``$ref`` variants go to their targets; unreached variants go."""

        moved = {n: to for n in self.bodies if (to := self._alias(n)) != n}

        def alias(sub: Sub) -> Sub:
            return replace(sub, n=moved[sub.n]) if sub.n in moved else sub

        def final(body: Body) -> Body:
            calls = (node.n for node in nodes(body) if isinstance(node, Sub))
            return remap(body, alias) if moved and any(n in moved for n in calls) else body

        variants = {n: Variant(n, final(body), self.anns.get(n), self.wheres[n]) for n, body in self.bodies.items()}
        reached: set[int] = set()
        stack = [n for _, n in numbers]
        while stack:
            n = stack.pop()
            if n not in reached:
                reached.add(n)
                stack.extend(called(variants[n]))
        consts = sorted(self.consts.values(), key=lambda c: int(c.name.rsplit("_", 1)[1]))
        patterns = sorted(
            (Pattern(name, source, needs) for (source, needs), name in self.patterns.items()),
            key=lambda p: int(p.name[2:]),
        )
        return Plan(
            variants=tuple(variants[n] for n in sorted(reached)),
            entries=tuple(numbers),
            locs=tuple(self.locs),
            consts=tuple(consts),
            patterns=tuple(patterns),
            uses=frozenset(self.uses),
        )

    def _alias(self, n: int) -> int:
        """A variant that only calls another one (a bare ``$ref``) stands for its target (memoized)."""
        seen, path = {n}, []
        while n not in self.aliased:
            body = self.bodies[n]
            if body.type or body.first or body.groups or body.false or len(body.generic) != 1:
                break
            op = body.generic[0]
            if not isinstance(op, RefOp) or op.sub.n is None or op.sub.n in seen:
                break
            path.append(n)
            n = op.sub.n
            seen.add(n)
        target = self.aliased.get(n, n)
        for m in [*path, n]:
            self.aliased[m] = target
        return target

    # ---- variants --------------------------------------------------------------------------------
    def variant(self, schema: Any, ctx: Ctx, *, entered: bool = False, ann: bool = False) -> int:
        key = (
            ("bool", schema) if isinstance(schema, bool) else id(schema),
            ctx.base,
            ctx.bindings,
            ctx.dialect,
            ctx.vocab,
            entered,
            ann,
        )
        if key in self.keys:
            return self.keys[key]
        self.scope.keep.append(schema)
        n = len(self.wheres)
        self.keys[key] = n
        self.wheres.append(ctx.where)
        self.pending.append((n, schema, ctx, entered, ann))
        return n

    def _build(self, n: int, schema: Any, ctx: Ctx, entered: bool, ann: bool) -> None:
        inner = ctx if entered else self.scope.enter(schema, ctx)
        self.bodies[n] = self.body(schema, inner, depth=0, chain=frozenset(), entered=True, ann=ann)
        if ann:
            self.anns[n] = self.ann(schema, inner) if isinstance(schema, dict) else Ann()

    # ---- subschemas ------------------------------------------------------------------------------
    def sub(
        self,
        schema: Any,
        ctx: Ctx,
        *,
        depth: int,
        chain: frozenset[int],
        expr: bool = False,
        ann: bool = False,
        ref_from: Ctx | None = None,
    ) -> Sub:
        """A child schema in statement (or, with ``expr``, boolean-expression) position.

        ``ref_from``: the child is a reference target (already entered), referenced from there.
        """
        entered = ref_from is not None
        if ann:
            return Sub(self.variant(schema, ctx, entered=entered, ann=True), None)
        if isinstance(schema, bool) or (entered and not isinstance(schema, dict)):
            return Sub(None, self.body(schema, ctx, depth=depth + 1, chain=chain, entered=entered))
        if not isinstance(schema, dict):
            raise PlanError(ctx.where, "a subschema must be an object or a boolean")
        if expr and not (schema.keys() & ctx.dialect.keywords.keys()) <= ctx.dialect.expr_keywords:
            return Sub(self.variant(schema, ctx), None)
        if not self._inlines(schema, ctx, depth, chain, ref_from):
            return Sub(self.variant(schema, ctx, entered=entered), None)
        body = self.body(schema, ctx, depth=depth + 1, chain=chain | {id(schema)}, entered=entered)
        if expr and not body.expr:
            return Sub(self.variant(schema, ctx), None)
        return Sub(None, body)

    def _inlines(
        self, schema: dict[str, Any], ctx: Ctx, depth: int, chain: frozenset[int], ref_from: Ctx | None
    ) -> bool:
        """The one inlining policy: small, shallow, acyclic children with no resource or annotation
        boundary are inlined; a reference target also must stay in its referrer's resource, ref-free."""
        if (
            ctx.dialect.id_keyword in schema
            or depth >= MAX_INLINE_DEPTH
            or id(schema) in chain
            or "unevaluatedProperties" in schema
            or "unevaluatedItems" in schema
            or size(schema, MAX_INLINE_SIZE) >= MAX_INLINE_SIZE
        ):
            return False
        return ref_from is None or (ctx.base == ref_from.base and not has_refs(schema))

    # ---- module-level names ----------------------------------------------------------------------
    def loc(self, ctx: Ctx, keyword: str, message: str) -> int:
        entry = (ctx.at(keyword).where, keyword, message)
        if entry not in self.loc_index:
            self.loc_index[entry] = len(self.locs)
            self.locs.append(entry)
        return self.loc_index[entry]

    def _const(self, kind: str, value: Any, items: tuple[Any, ...]) -> str:
        key = (kind, _key(value) if kind == "raw" else "", tuple(_key(i) for i in items))
        if key not in self.consts:
            self.consts[key] = Constant(f"_C_{len(self.consts)}", kind, value, items)
        return self.consts[key].name

    def const(self, value: Any) -> str:
        """A module-level constant holding one JSON value."""
        return self._const("raw", value, ())

    def const_set(self, values: Sequence[str]) -> str:
        """A module-level frozenset of strings."""
        return self._const("frozenset", None, tuple(sorted(set(values))))

    def const_tuple(self, values: Sequence[Any]) -> str:
        """A module-level tuple of JSON values."""
        return self._const("tuple", None, tuple(values))

    def pattern(self, source: str, ctx: Ctx, keyword: str) -> str:
        try:
            translated = translate(source)
        except PatternError as exc:
            raise PlanError(ctx.at(keyword).where, f"{exc} in {source!r}") from None
        key = (translated.source, translated.needs_regex)
        if key not in self.patterns:
            self.patterns[key] = f"_P{len(self.patterns)}"
        self.uses.add("regex" if translated.needs_regex else "re")
        return self.patterns[key]

    def asserts_formats(self, vocab: frozenset[str]) -> bool:
        return self.formats or "format-assertion" in vocab

    # ---- bodies ----------------------------------------------------------------------------------
    def body(
        self,
        schema: Any,
        ctx: Ctx,
        *,
        depth: int,
        chain: frozenset[int],
        entered: bool = False,
        ann: bool = False,
    ) -> Body:
        if schema is True:
            return Body(expr=True)
        if schema is False:
            return Body(false=FalseOp(self.loc(ctx, "false", "False schema does not allow %r")), expr=True)
        if not isinstance(schema, dict):
            raise PlanError(ctx.where, f"a schema must be an object or a boolean, not {kind_of(schema)}")
        if not entered:
            ctx = self.scope.enter(schema, ctx)
        dialect = ctx.dialect
        keys = dialect.active(schema, ctx.vocab)
        if dialect.ref_overrides and "$ref" in keys:
            keys = {"$ref"}  # before 2019-09, $ref's siblings are ignored
        needs_ann = ann or bool(keys & _UNEVALUATED)
        if "additionalProperties" in keys:
            keys.discard("unevaluatedProperties")
        if _evaluates_all_items(schema, keys, dialect):
            keys.discard("unevaluatedItems")
        site = Site(self, schema, ctx, depth, chain, needs_ann)
        type_op: TypeOp | None = None
        first: list[EnumOp | ConstOp] = []
        generic: list[Op] = []
        grouped: dict[str, list[Op]] = {}
        for row in dialect.ordered:
            if row.name not in keys or row.build is None:
                continue
            for op in row.build(site, schema[row.name]):
                if isinstance(op, TypeOp):
                    type_op = op
                elif isinstance(op, (EnumOp, ConstOp)):
                    first.append(op)
                elif row.group is None:
                    generic.append(op)
                else:
                    grouped.setdefault(row.group, []).append(op)
        for op in generic:
            if isinstance(op, FalseOp):
                return Body(false=op, expr=True)
        if type_op is None and not first and not grouped and len(generic) == 1:
            only = generic[0]
            subs = (only.sub,) if isinstance(only, RefOp) else only.subs if isinstance(only, AllOfOp) else ()
            if len(subs) == 1 and subs[0].body is not None:
                delegate: Body = subs[0].body
                return delegate  # a body that only delegates in place is its delegate
        known = type_op.types[0] if type_op is not None and len(type_op.kinds) == 1 else None
        if known is not None:
            first = [replace(op, known=known) for op in first]
        elif any(_strings_only(op) for op in first) and (type_op is None or "string" in type_op.kinds):
            # once such an enum/const passed (valid mode) the instance is a string: the other kinds'
            # groups are unreachable there (and mypy, narrowing on the test, would call their guards dead)
            known = "string"
        body_ann = self.ann(schema, ctx, keys) if keys & _UNEVALUATED else None
        groups = tuple(
            Group(kind, tuple(replace(op, ann=body_ann) if isinstance(op, UnevaluatedOp) else op for op in ops))
            for kind in GROUP_KINDS
            if (ops := grouped.get(kind))
        )
        expr = not groups and not generic
        return Body(None, type_op, tuple(first), tuple(generic), groups, known, expr, body_ann)

    def ann(self, schema: dict[str, Any], ctx: Ctx, keys: set[str] | None = None) -> Ann:
        """The annotation collection of one subschema (in-place applicators become ``_a`` calls)."""
        if keys is None:
            keys = ctx.dialect.active(schema, ctx.vocab)
        props = schema.get("properties") if "properties" in keys else None
        pats = schema.get("patternProperties") if "patternProperties" in keys else None
        if ctx.dialect.legacy_items:
            items = schema.get("items") if "items" in keys else None
            prefix = items if isinstance(items, list) else None
        else:
            prefix = schema.get("prefixItems") if "prefixItems" in keys else None
        at = ctx.at("patternProperties")
        names = self.const_set(list(props)) if isinstance(props, dict) and props else None
        patterns = tuple(self.pattern(p, at, p) for p in sorted(pats)) if isinstance(pats, dict) else ()
        contains = None
        if "contains" in keys and not ctx.dialect.legacy_items:  # 2019-09: contains evaluates no item
            contains = self.sub(schema["contains"], ctx.at("contains"), depth=9, chain=frozenset(), expr=True)

        def a(sub: Any, c: Ctx) -> int:
            return self.variant(sub, c, ann=True)

        inplace: list[AnnAll | AnnIf | AnnDep] = []
        for keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
            if keyword in keys:
                target, tctx = self.scope.target(keyword, schema[keyword], ctx)
                inplace.append(AnnAll((self.variant(target, tctx, entered=True, ann=True),)))
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in keys:
                inplace.append(AnnAll(tuple(a(s, ctx.at(keyword, i)) for i, s in enumerate(schema[keyword]))))
        if "if" in keys:
            then = a(schema["then"], ctx.at("then")) if "then" in keys else None
            other = a(schema["else"], ctx.at("else")) if "else" in keys else None
            inplace.append(AnnIf(a(schema["if"], ctx.at("if")), then, other))
        if "dependentSchemas" in keys:
            deps = schema["dependentSchemas"]
            inplace.append(AnnDep(tuple((k, a(deps[k], ctx.at("dependentSchemas", k))) for k in sorted(deps))))
        return Ann(
            props=names,
            patterns=patterns,
            all_props="additionalProperties" in keys,
            self_props="unevaluatedProperties" in keys,
            prefix=len(prefix) if isinstance(prefix, list) else 0,
            all_items=_evaluates_all_items(schema, keys, ctx.dialect),
            self_items="unevaluatedItems" in keys,
            contains=contains,
            inplace=tuple(inplace),
        )


def _strings_only(op: EnumOp | ConstOp) -> bool:
    """An ``enum`` / ``const`` that only strings pass."""
    if isinstance(op, EnumOp):
        return op.strs is not None and not op.null and op.general is None
    return op.test == "str"
