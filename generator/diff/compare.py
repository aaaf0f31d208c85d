"""Walk OLD and NEW side by side and record every difference that can change which payloads are valid.

Subschemas are found through the one vocabulary (:mod:`generator.schema.vocabulary`), keyword
groups are compared by :mod:`generator.diff.keywords`, and the applicators (properties, items,
unions, ``not``, conditionals, ``$ref``) here. A change's per-direction inclusion is *proved* or
not; the context tracks what makes a local proof invalid globally: an odd number of ``not``
(directions swap), ``oneOf`` / ``if`` / ``maxContains`` (no local proof holds), and
``unevaluated*`` (declaring or dropping a property changes what is evaluated).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.diff.compare_support import Ctx, Index, Side, pure_ref, rename_refs
from generator.diff.keywords import ANNOTATIONS, HANDLED, canonical, findings, same, trivially_true
from generator.diff.kinds import DIRECTIONS, Change, Site
from generator.diff.load import Version
from generator.schema import pointer
from generator.schema.loader import resolve
from generator.schema.vocabulary import walk_with_base

_APPLICATORS = frozenset(
    {
        "properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "propertyNames",
        "prefixItems", "items", "additionalItems", "unevaluatedItems", "contains", "allOf", "anyOf", "oneOf",
        "not", "if", "then", "else", "dependentSchemas", "dependencies", "$ref", "$dynamicRef",
    }
)  # fmt: skip
_UNEVAL = ("unevaluatedProperties", "unevaluatedItems")
_DEFS = ("$defs", "definitions")


def _search(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return True


class Comparator:
    def __init__(self, old: Version, new: Version) -> None:
        self.old, self.new = old, new
        self.index = {id(old): Index(old), id(new): Index(new)}
        self.records: dict[tuple[str, str, str], Change] = {}
        self.visited: dict[tuple[Any, ...], list[Change] | None] = {}
        self.same_memo: dict[tuple[str, str], bool] = {}
        self.renames: dict[str, str] = {}

    # ---- records -----------------------------------------------------------------
    def record(
        self, kind: str, ctx: Ctx, where: tuple[Side, Side], message: str, proof: tuple[bool, bool], *,
        o_suffix: tuple[str | int, ...] = (), n_suffix: tuple[str | int, ...] = (), reason: str = "",
        hints_back: list[Any] | None = None, hints_fwd: list[Any] | None = None,
        parts: list[Change] | None = None, local: bool = True,
    ) -> None:  # fmt: skip
        """Record a change at ``where`` (OLD and NEW place) with ``proof`` = (OLD ⊆ NEW, NEW ⊆ OLD) proved locally."""
        (o, n), (back, fwd) = where, proof
        hb, hf = list(hints_back or ()), list(hints_fwd or ())
        if local:
            if ctx.exact and not (back and fwd):
                back, fwd, reason = False, False, ctx.exact
            if ctx.negated:
                back, fwd, hb, hf = fwd, back, hf, hb
        o_ptr, n_ptr = pointer.join(o.ptr, *o_suffix), pointer.join(n.ptr, *n_suffix)
        new_doc = self.new.workspace.documents.get(n.uri)
        shown = new_doc.source_pointer(n_ptr) if new_doc is not None else n_ptr
        old_at, new_at = self.old.at(o.uri, o_ptr), self.new.at(n.uri, n_ptr)
        change = Change(
            kind=kind, pointer=shown, old_at=_spell(old_at), new_at=_spell(new_at), message=message,
            proved={"backward": back, "forward": fwd},
            reason={d: reason for d, ok in zip(DIRECTIONS, (back, fwd), strict=True) if not ok},
            hints={"backward": hb, "forward": hf},
            sites=[Site(ctx.entry, ctx.path, o.ref, n.ref, ctx.negated)],
            parts=list(parts or ()),
            new_file=new_at.file, new_line=new_at.line, new_col=new_at.col,
        )  # fmt: skip
        self.add(change)

    def add(self, change: Change) -> None:
        found = self.records.get(change.key())
        if found is None:
            self.records[change.key()] = change
        elif found is not change:
            found.merge(change)

    def collect(self, run: Callable[[], None]) -> list[Change]:
        saved, self.records = self.records, {}
        try:
            run()
            return list(self.records.values())
        finally:
            self.records = saved

    def aggregate(self, kind: str, ctx: Ctx, where: tuple[Side, Side], message: str, parts: list[Change]) -> None:
        """One record standing for the changes found between two places (their verdicts combined)."""
        proved = {d: all(p.proved[d] for p in parts) for d in DIRECTIONS}
        reasons = {d: next((p.reason.get(d) or p.message for p in parts if not p.proved[d]), "") for d in DIRECTIONS}
        detail = "; ".join(sorted({p.message for p in parts}))[:200]
        self.record(
            kind, ctx, where, f"{message}: {detail}" if detail else message, (proved["backward"], proved["forward"]),
            reason=reasons["backward"] or reasons["forward"], parts=parts, local=False,
        )  # fmt: skip

    # ---- entry points --------------------------------------------------------------
    def root(self, version: Version) -> Side:
        doc = version.root
        return Side(version, doc.contents, doc.uri, "", doc.uri)

    def run(self, entries: list[str]) -> list[Change]:
        for entry in entries:
            o, n = self.root(self.old), self.root(self.new)
            if entry:
                o, n = o.definition(entry), n.definition(entry)
            self.pair(o, n, Ctx(entry), "")
        return list(self.records.values())

    def definitions(self) -> None:
        """Definitions added, removed or renamed (a rename: equal bodies, references followed)."""
        od, nd = self.root(self.old).defs(), self.root(self.new).defs()
        gone, came = [k for k in od if k not in nd], [k for k in nd if k not in od]
        for x in gone:
            for y in came:
                if y not in self.renames.values() and canonical(rename_refs(od[x], x, y)) == canonical(nd[y]):
                    self.renames[x] = y
                    break

    def definition_records(self) -> None:
        o, n = self.root(self.old), self.root(self.new)
        od, nd = o.defs(), n.defs()
        ctx = Ctx("")
        for x, y in self.renames.items():
            self.record(
                "type-renamed",
                ctx,
                (o.definition(x), n.definition(y)),
                f"type {x} renamed to {y}",
                (True, True),
            )
        for x in od:
            if x not in nd and x not in self.renames:
                self.record(
                    "definition-removed",
                    ctx,
                    (o.definition(x), n.definition(x)),
                    f"definition {x} removed (its generated class and validators are gone)",
                    (True, True),
                )
        for y in nd:
            if y not in od and y not in self.renames.values():
                self.record(
                    "definition-added",
                    ctx,
                    (o.definition(y), n.definition(y)),
                    f"definition {y} added",
                    (True, True),
                )

    # ---- the walk ------------------------------------------------------------------
    def pair(self, o: Side, n: Side, ctx: Ctx, role: str) -> None:
        """Compare two places once per context; a place met again contributes the same records."""
        key = (o.ref, n.ref, ctx.negated, ctx.exact, ctx.uneval, role)
        if key in self.visited:
            for change in self.visited[key] or ():
                self.add(change)
            return
        self.visited[key] = None
        found = self.collect(lambda: self.compare(o, n, ctx, role))
        self.visited[key] = found
        for change in found:
            self.add(change)

    def resolve(self, side: Side) -> Side | None:
        try:
            target = resolve(side.version.workspace.registry, side.base, side.node["$ref"])
        except (TypeError, KeyError, ValueError):  # a pointer through a value its dialect does not allow
            return None
        if target is None:
            return None
        return self.index[id(side.version)].side(target.uri, target.contents)

    def same_place(self, a: Side, b: Side) -> bool:
        if self.old.relative(a.uri) != self.new.relative(b.uri):
            return False
        if a.ptr == b.ptr:
            return True
        tokens_a, tokens_b = pointer.split(a.ptr), pointer.split(b.ptr)
        return (
            len(tokens_a) == 2 == len(tokens_b) and tokens_a[0] in _DEFS and tokens_b[0] in _DEFS
            and self.renames.get(tokens_a[1]) == tokens_b[1]
        )  # fmt: skip

    def deref(self, o: Side, n: Side, ctx: Ctx, role: str) -> tuple[Side, Side] | None:
        for _ in range(64):
            ro, rn = pure_ref(o), pure_ref(n)
            if not ro and not rn:
                return o, n
            to = self.resolve(o) if ro else o
            tn = self.resolve(n) if rn else n
            if to is None or tn is None:
                self.record("keyword-changed", ctx, (o, n), "a $ref cannot be resolved", (False, False),
                            reason="unresolvable $ref")  # fmt: skip
                return None
            if ro and rn:
                if self.same_place(to, tn):
                    self.pair(to, tn, ctx, role)
                else:
                    parts = self.collect(lambda: self.pair(to, tn, ctx, role))  # noqa: B023
                    message = f"$ref {o.node['$ref']} -> {n.node['$ref']}"
                    if parts:
                        self.aggregate("ref-target-changed", ctx, (o, n), message, parts)
                    else:
                        self.record("ref-target-changed", ctx, (o, n), message + " (equal definitions)", (True, True),
                                    local=False)  # fmt: skip
                return None
            o, n = to, tn
        return o, n

    def compare(self, o: Side, n: Side, ctx: Ctx, role: str) -> None:
        found = self.deref(o, n, ctx, role)
        if found is None:
            return
        o, n = found
        on = True if o.node is None else o.node
        nn = True if n.node is None else n.node
        if isinstance(on, bool) or isinstance(nn, bool):
            self.booleans((o, n), ctx, role)
            return
        if not isinstance(on, dict) or not isinstance(nn, dict):
            return
        if same(on, nn) and self.same_refs(o, n):
            return
        if any(k in on or k in nn for k in _UNEVAL):
            ctx = replace(ctx, uneval=True)
        for key in ("anyOf", "oneOf"):
            if (key in on) != (key in nn) and not any(k in (nn if key in on else on) for k in ("anyOf", "oneOf")):
                self.lifted(key, o, n, ctx)
                return
        self.body(o, n, ctx)

    def body(self, o: Side, n: Side, ctx: Ctx) -> None:
        from generator.diff import applicators

        on, nn = o.node, n.node
        for f in findings(on, nn):
            self.record(
                f.kind, ctx, (o, n), f.message, (f.back, f.fwd), o_suffix=tuple(f.keyword.split("/", 1)),
                n_suffix=tuple(f.keyword.split("/", 1)), reason=f.reason, hints_back=f.hints_back,
                hints_fwd=f.hints_fwd,
            )  # fmt: skip
        applicators.objects(self, o, n, ctx)
        applicators.arrays(self, o, n, ctx)
        applicators.logic(self, o, n, ctx)
        for key in dict.fromkeys([*on, *nn]):
            if key in HANDLED or key in _APPLICATORS or key in ANNOTATIONS or key.startswith("x-"):
                continue
            if canonical(on.get(key)) != canonical(nn.get(key)):
                self.record("keyword-changed", ctx, (o, n), f"keyword {key} changed", (False, False),
                            o_suffix=(key,), n_suffix=(key,), reason=f"keyword {key!r} is not compared")  # fmt: skip

    def lifted(self, key: str, o: Side, n: Side, ctx: Ctx) -> None:
        """One side is a union, the other is not: compare the other as a union of one branch."""
        from generator.diff import applicators

        if key in o.node:
            rest = {k: v for k, v in o.node.items() if k != key}
            applicators.union(self, key, (o.branches(key), [n]), ctx, (o, n))
            self.body(replace(o, node=rest), replace(n, node={}), ctx)
        else:
            rest = {k: v for k, v in n.node.items() if k != key}
            applicators.union(self, key, ([o], n.branches(key)), ctx, (o, n))
            self.body(replace(o, node={}), replace(n, node=rest), ctx)

    def booleans(self, where: tuple[Side, Side], ctx: Ctx, role: str) -> None:
        o, n = where
        on = True if o.node is None else o.node
        nn = True if n.node is None else n.node
        if trivially_true(on) and trivially_true(nn):
            return
        if on is False and nn is False:
            return
        if on is False or trivially_true(nn):
            back, fwd = True, False
        else:
            back, fwd = False, nn is False or trivially_true(on)
        if role in ("additionalProperties", "unevaluatedProperties"):
            kind = "additional-opened" if back else "additional-closed"
        elif role in ("items", "prefixItems", "unevaluatedItems", "additionalItems"):
            kind = "items-changed"
        elif role == "property":
            kind = "property-added" if not back else "property-removed"
        else:
            kind = "keyword-changed"
        spell = {True: "true (anything)", False: "false (nothing)"}
        text_o = spell.get(on, "a schema") if isinstance(on, bool) else "a schema"
        text_n = spell.get(nn, "a schema") if isinstance(nn, bool) else "a schema"
        self.record(kind, ctx, (o, n), f"{role or 'schema'} {text_o} -> {text_n}", (back, fwd))

    def includes(self, a: Side, b: Side, ctx: Ctx) -> bool:
        """Proved locally: every instance valid under ``a`` is valid under ``b``."""
        if b.node is None or trivially_true(b.node) or a.node is False:
            return True
        plain = replace(ctx, negated=False, exact="")
        parts = self.collect(lambda: self.compare(a, b, plain, ""))
        return all(p.proved["backward"] for p in parts)

    def same_refs(self, o: Side, n: Side) -> bool:
        """Equal nodes whose references reach equal definitions (transitively)."""
        pairs = zip(walk_with_base(o.node, o.base, o.ptr), walk_with_base(n.node, n.base, n.ptr), strict=False)
        for (_, xo, bo), (_, xn, bn) in pairs:
            if not isinstance(xo, dict):
                continue
            if "$dynamicRef" in xo:
                return False
            ref = xo.get("$ref")
            if not isinstance(ref, str):
                continue
            to = self.resolve(Side(o.version, xo, o.uri, "", bo))
            tn = self.resolve(Side(n.version, xn, n.uri, "", bn))
            if to is None or tn is None or not self.same_place(to, tn):
                return False
            key = (to.ref, tn.ref)
            if key in self.same_memo:
                if not self.same_memo[key]:
                    return False
                continue
            mark = len(self.same_memo)
            self.same_memo[key] = True
            result = same(to.node, tn.node) and self.same_refs(to, tn)
            if not result:
                for stale in list(self.same_memo)[mark:]:
                    del self.same_memo[stale]
                self.same_memo[key] = False
                return False
        return True


def _spell(where: Any) -> str:
    return f"{where.file}:{where.line}:{where.col}" if where.line else where.file
