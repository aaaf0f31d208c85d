"""The applicator keywords compared: object and array shapes, unions, ``not``, conditionals, ``$ref``."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.diff.compare_support import Ctx, Side, Walker, pure_ref, signature
from generator.diff.keywords import canonical, same, trivially_true
from generator.types.shapes import is_null

_NOT_PROVED_UNEVAL = "unevaluated* sees which properties / items the subschemas evaluate"


def _search(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True


def objects(c: Walker, o: Side, n: Side, ctx: Ctx) -> None:
    po, pn = o.mapping("properties"), n.mapping("properties")
    ppo, ppn = o.mapping("patternProperties"), n.mapping("patternProperties")
    uneval = ctx.uneval
    names = list(dict.fromkeys([*pn, *po]))
    for name in names:
        so, sn = o.child("properties", name), n.child("properties", name)
        step = ctx.step("prop", name, so, sn)
        if name in po and name in pn:
            c.compare(so, sn, step, "property")
            continue
        if name in po:  # removed: the new version governs the key by patterns or additionalProperties
            governing = [n.child("patternProperties", p) for p in ppn if _search(p, name)] or [
                n.child("additionalProperties")
            ]
            back = not uneval and all(c.includes(so, g, ctx) for g in governing)
            fwd = not uneval and len(governing) == 1 and c.includes(governing[0], so, ctx)
            kind, message = "property-removed", f"property {name!r} removed"
        else:
            governing = [o.child("patternProperties", p) for p in ppo if _search(p, name)] or [
                o.child("additionalProperties")
            ]
            back = not uneval and len(governing) == 1 and c.includes(governing[0], sn, ctx)
            fwd = not uneval and all(c.includes(sn, g, ctx) for g in governing)
            kind, message = "property-added", f"property {name!r} added"
        reason = _NOT_PROVED_UNEVAL if uneval else ""
        c.record(kind, step, (so, sn), message, (back, fwd), reason=reason)
    named = set(names)
    ao, an = o.child("additionalProperties"), n.child("additionalProperties")
    for p in dict.fromkeys([*ppn, *ppo]):
        so, sn = o.child("patternProperties", p), n.child("patternProperties", p)
        step = ctx.step("pattern", p, so, sn)
        if p in ppo and p in ppn:
            c.compare(so, sn, step, "patternProperties")
            continue
        clash = any(_search(p, name) for name in named)
        if p in ppn:
            back = not uneval and not clash and trivially_true(sn.node)
            fwd = not uneval and c.includes(sn, ao, ctx)
            kind, message = "property-added", f"patternProperties {p!r} added"
        else:
            back = not uneval and c.includes(so, an, ctx)
            fwd = not uneval and not clash and trivially_true(so.node)
            kind, message = "property-removed", f"patternProperties {p!r} removed"
        c.record(kind, step, (so, sn), message, (back, fwd), reason=_NOT_PROVED_UNEVAL if uneval else "")
    avoid = (tuple(sorted(named)), tuple(dict.fromkeys([*ppo, *ppn])))
    for key in ("additionalProperties", "unevaluatedProperties"):
        so, sn = o.child(key), n.child(key)
        if so.node is None and sn.node is None:
            continue
        step = ctx.step("extra", avoid, so, sn)
        if key == "additionalProperties" and uneval and (so.node is None) != (sn.node is None):
            c.record("keyword-changed", step, (so, sn), f"{key} added or removed", (False, False),
                     reason=_NOT_PROVED_UNEVAL)  # fmt: skip
        c.compare(so, sn, step, key)
    so, sn = o.child("propertyNames"), n.child("propertyNames")
    if so.node is not None or sn.node is not None:
        c.compare(so, sn, ctx.step("key", None, so, sn), "propertyNames")


def _tuple(side: Side) -> tuple[str | None, int, str]:
    """(prefix keyword, prefix length, rest keyword) in 2020-12 or draft-07 spelling."""
    if isinstance(side.get("prefixItems"), list):
        return "prefixItems", len(side.get("prefixItems")), "items"
    if isinstance(side.get("items"), list):
        return "items", len(side.get("items")), "additionalItems"
    return None, 0, "items"


def arrays(c: Walker, o: Side, n: Side, ctx: Ctx) -> None:
    pko, lo, rko = _tuple(o)
    pkn, ln, rkn = _tuple(n)
    for i in range(max(lo, ln)):
        so = o.child(pko, i) if pko and i < lo else o.child(rko)
        sn = n.child(pkn, i) if pkn and i < ln else n.child(rkn)
        step = ctx.step("item", i, so, sn)
        if i < lo and i < ln:
            c.compare(so, sn, step, "prefixItems")
            continue
        parts = c.collect(lambda: c.compare(so, sn, step, "items"))  # noqa: B023
        if ctx.uneval or parts:
            c.aggregate("items-changed", step, (so, sn), f"tuple length {lo} -> {ln}, item {i}", parts)
    so, sn = o.child(rko), n.child(rkn)
    if so.node is not None or sn.node is not None:
        c.compare(so, sn, ctx.step("item", max(lo, ln), so, sn), "items")
    so, sn = o.child("unevaluatedItems"), n.child("unevaluatedItems")
    if so.node is not None or sn.node is not None:
        c.compare(so, sn, ctx.step("item", max(lo, ln), so, sn), "unevaluatedItems")
    so, sn = o.child("contains"), n.child("contains")
    if so.node is None and sn.node is None:
        return
    if so.node is not None and sn.node is not None:
        bounded = "maxContains" in o.node or "maxContains" in n.node
        inner = replace(ctx, exact=ctx.exact or "maxContains makes contains non-monotone") if bounded else ctx
        c.compare(so, sn, inner.step("item", 0, so, sn), "contains")
    else:
        added = sn.node is not None
        c.record("keyword-changed", ctx, (so, sn), f"contains {'added' if added else 'removed'}", (not added, added))


def _match(c: Walker, bo: list[Side], bn: list[Side]) -> tuple[list[tuple[Side, Side]], list[Side], list[Side]]:
    """Pair union branches: equal ones, then same reference or type, then the rest in order."""
    pairs: list[tuple[Side, Side]] = []
    left_o, left_n = list(bo), list(bn)

    def equal(a: Side, b: Side) -> bool:
        return same(a.node, b.node)

    def similar(a: Side, b: Side) -> bool:
        mark = signature(a, c.renames, old=True)
        return mark is not None and mark == signature(b, c.renames, old=False)

    for alike in (equal, similar):
        for a in list(left_o):
            match = next((b for b in left_n if alike(a, b)), None)
            if match is not None:
                pairs.append((a, match))
                left_o.remove(a)
                left_n.remove(match)
    if len(left_o) == len(left_n):
        pairs.extend(zip(left_o, left_n, strict=True))
        left_o, left_n = [], []
    return pairs, left_o, left_n


def _target(c: Walker, side: Side) -> Side | None:
    for _ in range(16):
        if not pure_ref(side):
            return side
        found = c.resolve(side)
        if found is None:
            return None
        side = found
    return None


def _conjuncts(c: Walker, branch: Side) -> list[Side]:
    """The branch and, through ``allOf`` and references, every schema it must also satisfy."""
    out: list[Side] = []
    stack = [branch]
    while stack and len(out) < 32:
        side = _target(c, stack.pop())
        if side is None or not isinstance(side.node, dict):
            continue
        out.append(side)
        stack.extend(side.branches("allOf"))
    return out


def _values(c: Walker, branch: Side, name: str) -> set[str] | None:
    """The values property ``name`` may take in an object-only branch that requires it (None: not limited)."""
    parts = _conjuncts(c, branch)
    if not any(p.node.get("type") in ("object", ["object"]) for p in parts):
        return None
    if not any(name in (p.node.get("required") or ()) for p in parts):
        return None
    for part in parts:
        prop = _target(c, part.child("properties", name))
        if prop is not None and isinstance(prop.node, dict):
            if "const" in prop.node:
                return {canonical(prop.node["const"])}
            if isinstance(prop.node.get("enum"), list):
                return {canonical(v) for v in prop.node["enum"]}
    return None


def disjoint(c: Walker, branches: list[Side]) -> bool:
    """The branches are objects told apart by one required property with disjoint values: at most one matches."""
    targets = [_target(c, b) for b in branches]
    if len(targets) < 2 or any(t is None or not isinstance(t.node, dict) for t in targets):
        return False
    names = dict.fromkeys(n for part in _conjuncts(c, branches[0]) for n in part.mapping("properties"))
    for name in names:
        seen: set[str] = set()
        for t in targets:
            values = _values(c, t, name) if t is not None else None
            if values is None or values & seen:
                break
            seen |= values
        else:
            return True
    return False


def union(c: Walker, key: str, branches: tuple[list[Side], list[Side]], ctx: Ctx, where: tuple[Side, Side]) -> None:
    (bo, bn), (o, n) = branches, where
    exclusive = key == "oneOf" and not (disjoint(c, bo) and disjoint(c, bn))
    pairs, gone, came = _match(c, bo, bn)
    inner = replace(ctx, exact=ctx.exact or "oneOf: a changed branch may break exclusivity") if exclusive else ctx
    for a, b in pairs:
        c.compare(a, b, inner, key)
    for a in gone:
        back = not exclusive and any(c.includes(a, b, ctx) for b in bn)
        kind = "nullability-changed" if is_null(a.node) else "union-branch-removed"
        message = "null no longer allowed" if kind == "nullability-changed" else f"{key} branch removed"
        c.record(kind, inner, (a, n), message, (back, not exclusive), n_suffix=(key,) if key in n.node else ())
    for b in came:
        fwd = not exclusive and any(c.includes(b, a, ctx) for a in bo)
        kind = "nullability-changed" if is_null(b.node) else "union-branch-added"
        message = "null now allowed" if kind == "nullability-changed" else f"{key} branch added"
        c.record(kind, inner, (o, b), message, (not exclusive, fwd), o_suffix=(key,) if key in o.node else ())


def _match_lists(bo: list[Side], bn: list[Side]) -> tuple[list[tuple[Side, Side]], list[Side], list[Side]]:
    """Pair allOf subschemas: equal ones first, then the rest in order."""
    pairs: list[tuple[Side, Side]] = []
    left_n = list(bn)
    left_o: list[Side] = []
    for a in bo:
        match = next((b for b in left_n if same(a.node, b.node)), None)
        if match is None:
            left_o.append(a)
        else:
            pairs.append((a, match))
            left_n.remove(match)
    count = min(len(left_o), len(left_n))
    pairs.extend(zip(left_o[:count], left_n[:count], strict=True))
    return pairs, left_o[count:], left_n[count:]


def _false_if_absent(side: Side) -> Side:
    """An absent ``not`` is ``not: false``: it excludes nothing."""
    return replace(side, node=False) if side.node is None else side


def logic(c: Walker, o: Side, n: Side, ctx: Ctx) -> None:
    on, nn = o.node, n.node
    for key in ("anyOf", "oneOf"):
        if key in on or key in nn:
            union(c, key, (o.branches(key), n.branches(key)), ctx, (o, n))
    pairs, gone, came = _match_lists(o.branches("allOf"), n.branches("allOf"))
    for a, b in pairs:
        c.compare(a, b, ctx, "allOf")
    for a in gone:
        c.record("keyword-changed", ctx, (a, n), "allOf subschema removed", (True, False), n_suffix=("allOf",))
    for b in came:
        c.record("keyword-changed", ctx, (o, b), "allOf subschema added", (False, True), o_suffix=("allOf",))
    so, sn = o.child("not"), n.child("not")
    if so.node is not None or sn.node is not None:
        so, sn = _false_if_absent(so), _false_if_absent(sn)
        c.compare(so, sn, replace(ctx, negated=not ctx.negated), "not")
    so, sn = o.child("if"), n.child("if")
    if (so.node is None) != (sn.node is None):
        added = sn.node is not None
        c.record(
            "keyword-changed", ctx, (so, sn), f"if/then/else {'added' if added else 'removed'}", (not added, added)
        )
    elif so.node is not None:
        c.compare(so, sn, replace(ctx, exact=ctx.exact or "the if condition changed"), "if")
        for key in ("then", "else"):
            c.compare(o.child(key), n.child(key), ctx, key)
    for key in ("dependentSchemas", "dependencies"):
        do, dn = o.mapping(key), n.mapping(key)
        for name in dict.fromkeys([*dn, *do]):
            so, sn = o.child(key, name), n.child(key, name)
            if isinstance(so.node, list) or isinstance(sn.node, list):
                continue  # name lists: compared with dependentRequired
            if so.node is not None and sn.node is not None:
                c.compare(so, sn, ctx, key)
            else:
                added = sn.node is not None
                c.record(
                    "keyword-changed",
                    ctx,
                    (so, sn),
                    f"{key} {name!r} {'added' if added else 'removed'}",
                    (not added, added),
                )
    ro, rn = on.get("$ref"), nn.get("$ref")
    if isinstance(ro, str) and isinstance(rn, str):
        c.compare(replace(o, node={"$ref": ro}), replace(n, node={"$ref": rn}), ctx, "$ref")
    elif isinstance(ro, str) or isinstance(rn, str):
        added = isinstance(rn, str)
        c.record("ref-target-changed", ctx, (o, n), f"$ref {'added' if added else 'removed'}", (not added, added),
                 o_suffix=("$ref",), n_suffix=("$ref",))  # fmt: skip
    if "$dynamicRef" in on or "$dynamicRef" in nn:
        c.record("keyword-changed", ctx, (o, n), "$dynamicRef is not compared", (False, False),
                 reason="dynamic references are not compared")  # fmt: skip
