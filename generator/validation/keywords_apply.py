"""Builders of the in-place applicators (``$ref``, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if``)
and of ``unevaluatedItems`` / ``unevaluatedProperties``."""

from __future__ import annotations

from typing import Any

from generator.validation.graph import kinds
from generator.validation.plan import (
    KINDS,
    AllOfOp,
    AnyOfOp,
    FalseOp,
    IfOp,
    NotOp,
    OneOfOp,
    Op,
    RefOp,
    Sub,
    UnevaluatedItemsOp,
    UnevaluatedPropertiesOp,
)
from generator.validation.site import Site, fmt


def _ref(site: Site, keyword: str, value: Any) -> list[Op]:
    target, tctx = site.p.scope.target(keyword, value, site.ctx)
    sub = site.p.sub(target, tctx, depth=site.depth, chain=site.chain, ann=site.ann, ref_from=site.ctx)
    if sub.accepts_all:
        return []
    return [RefOp(site.loc(keyword, ""), sub)]


def k_ref(site: Site, value: Any) -> list[Op]:
    return _ref(site, "$ref", value)


def k_dynamic_ref(site: Site, value: Any) -> list[Op]:
    return _ref(site, "$dynamicRef", value)


def k_recursive_ref(site: Site, value: Any) -> list[Op]:
    """2019-09's ``$recursiveRef`` (its target rebinds to the outermost ``$recursiveAnchor``, see :mod:`.scope`)."""
    return _ref(site, "$recursiveRef", value)


def k_all_of(site: Site, value: Any) -> list[Op]:
    subs = [site.inplace(s, "allOf", i) for i, s in enumerate(site.nonempty("allOf", value))]
    kept = tuple(s for s in subs if not s.accepts_all)
    return [AllOfOp(site.loc("allOf", ""), kept)] if kept else []


def _pick(site: Site, keyword: str, branches: list[Any]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """For each branch, the JSON kinds of instance only it can accept (for best-match errors)."""
    ctx = site.ctx.at(keyword)
    accepted = [kinds(site.p.scope.resolve, b, ctx.at(i), frozenset()) for i, b in enumerate(branches)]
    owner: dict[int, list[str]] = {}
    for kind in KINDS:
        accepting = [i for i, k in enumerate(accepted) if kind in k]
        if len(accepting) == 1:
            owner.setdefault(accepting[0], []).append(kind)
    return tuple((tuple(owner[i]), i) for i in sorted(owner))


def _branches(site: Site, keyword: str, value: Any) -> tuple[tuple[Sub, ...], Any, tuple[Sub, ...]]:
    """The branches as expressions, the best-match picks, and the branches inline-first."""
    branches = site.nonempty(keyword, value)
    subs = tuple(site.inplace(s, keyword, i, expr=True) for i, s in enumerate(branches))
    pick = _pick(site, keyword, branches)
    fast = tuple(sorted(subs, key=lambda sub: sub.body is None))  # inline tests before calls
    return subs, pick, fast


def k_any_of(site: Site, value: Any) -> list[Op]:
    subs, pick, fast = _branches(site, "anyOf", value)
    loc = site.loc("anyOf", "%r is not valid under any of the given schemas")
    if any(sub.accepts_all for sub in subs):
        return []  # one branch accepts everything
    calls = [i for i, sub in enumerate(subs) if sub.body is None]
    if len(calls) == 1 and len(subs) > 1 and not site.ann:
        # Nullable wrappers (anyOf: [X, {type: null}]): test the cheap branches, then check X in line.
        rest = site.child(value[calls[0]], "anyOf", calls[0])
        if rest.body is not None:
            cheap = tuple(sub for i, sub in enumerate(subs) if i != calls[0])
            return [AnyOfOp(loc, subs, pick, fast, cheap, rest)]
    return [AnyOfOp(loc, subs, pick, fast)]


def k_one_of(site: Site, value: Any) -> list[Op]:
    subs, pick, fast = _branches(site, "oneOf", value)
    loc = site.loc("oneOf", "%r is not valid under any of the given schemas")
    many = site.loc("oneOf", "%r is valid under each of %s")
    return [OneOfOp(loc, subs, pick, fast, many)]


def k_not(site: Site, value: Any) -> list[Op]:
    sub = site.child(value, "not", expr=True)
    if sub.body is not None and sub.body.false is not None:
        return []
    if sub.accepts_all:
        return [FalseOp(site.loc("not", "%r should not be valid under {}"))]
    return [NotOp(site.loc("not", "%r should not be valid under " + fmt(repr(value))), sub)]


def k_if(site: Site, value: Any) -> list[Op]:
    then = site.sibling("then")
    other = site.sibling("else")
    if then is None and other is None:
        return []
    cond = site.inplace(value, "if", expr=True)
    then_sub = site.inplace(then, "then") if then is not None else None
    else_sub = site.inplace(other, "else") if other is not None else None
    if then_sub is not None and then_sub.accepts_all:
        then_sub = None
    if else_sub is not None and else_sub.accepts_all:
        else_sub = None
    if then_sub is None and else_sub is None:
        return []
    if cond.accepts_all:
        return [AllOfOp(site.loc("then", ""), (then_sub,))] if then_sub is not None else []
    if cond.body is not None and cond.body.false is not None:
        return [AllOfOp(site.loc("else", ""), (else_sub,))] if else_sub is not None else []
    return [IfOp(site.loc("if", ""), cond, then_sub, else_sub)]


# ---- unevaluated ------------------------------------------------------------------------------
def k_unevaluated_properties(site: Site, value: Any) -> list[Op]:
    site.p.uses.add("names")
    sub = site.child(value, "unevaluatedProperties")
    if value is False:
        message = "Unevaluated properties are not allowed (%s unexpected)"
    else:
        message = "Unevaluated properties are not valid under the given schema (%s unevaluated and invalid)"
    if sub.accepts_all:
        return []
    expr = site.child(value, "unevaluatedProperties", expr=True)
    return [UnevaluatedPropertiesOp(site.loc("unevaluatedProperties", message), sub, expr)]


def k_unevaluated_items(site: Site, value: Any) -> list[Op]:
    site.p.uses.add("names")
    sub = site.child(value, "unevaluatedItems")
    if value is False:
        message = "Unevaluated items are not allowed (%s unexpected)"
    else:
        message = "Unevaluated items are not valid under the given schema (%s unevaluated and invalid)"
    if sub.accepts_all:
        return []
    expr = site.child(value, "unevaluatedItems", expr=True)
    return [UnevaluatedItemsOp(site.loc("unevaluatedItems", message), sub, expr)]
