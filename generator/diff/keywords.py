"""Assertion keywords compared one group at a time: each difference is a :class:`Finding`.

A finding says, for the local schemas, whether OLD ⊆ NEW (``back``) and NEW ⊆ OLD (``fwd``) is
*proved* for that keyword group, and offers candidate values that may lie in the difference
(tried first when a witness is built). Groups are independent conjuncts of a schema object, so
when every group is proved the whole object is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from generator.diff.kinds import Drop, Dup, Size
from generator.diff.regex_sample import examples

TYPES = ("null", "boolean", "object", "array", "number", "string", "integer")
TYPE_SAMPLES: dict[str, list[Any]] = {
    "null": [None],
    "boolean": [True, False],
    "object": [{}],
    "array": [[]],
    "number": [0.5, 1.5, 0, 1],
    "string": ["", "x"],
    "integer": [0, 1, -1],
}
ANNOTATIONS = frozenset(
    {
        "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly",
        "$comment", "$id", "$anchor", "$dynamicAnchor", "$schema", "$vocabulary", "$defs", "definitions",
        "contentMediaType", "contentEncoding", "contentSchema", "discriminator", "xml", "externalDocs", "id",
    }
)  # fmt: skip
"""Keywords that never change which instances are valid."""
_LOWER_INT = ("minLength", "minItems", "minProperties", "minContains")
_UPPER_INT = ("maxLength", "maxItems", "maxProperties", "maxContains")
HANDLED = frozenset(
    {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        *_LOWER_INT, *_UPPER_INT, "pattern", "format", "required", "dependentRequired", "uniqueItems",
    }
)  # fmt: skip


@dataclass
class Finding:
    kind: str
    keyword: str
    """The keyword (pointer suffix) the finding is about."""
    message: str
    back: bool
    fwd: bool
    reason: str = ""
    hints_back: list[Any] = field(default_factory=list)
    hints_fwd: list[Any] = field(default_factory=list)


def canonical(value: Any) -> str:
    """JSON equality as a string: 1 and 1.0 are equal, true and 1 are not."""

    def norm(v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return v

    return json.dumps(norm(value), sort_keys=True)


def same(a: Any, b: Any) -> bool:
    """JSON equality: Python's ``==`` (fast, and right about 1 == 1.0) then a walk that tells true from 1."""
    if a != b:
        return False
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if isinstance(x, bool) != isinstance(y, bool):
            return False
        if isinstance(x, dict):
            stack.extend((v, y[k]) for k, v in x.items())
        elif isinstance(x, list):
            stack.extend(zip(x, y, strict=True))
    return True


def trivially_true(schema: Any) -> bool:
    """True, or an object with annotations only."""
    if schema is True:
        return True
    return isinstance(schema, dict) and all(k in ANNOTATIONS or k.startswith("x-") for k in schema)


def _types(node: Mapping[str, Any]) -> set[str] | None:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return None


def _covered(a: set[str] | None, b: set[str] | None) -> bool:
    if b is None:
        return True
    if a is None:
        return set(TYPES) - {"integer"} <= b
    return all(t in b or (t == "integer" and "number" in b) for t in a)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _values_types(node: Mapping[str, Any]) -> set[str] | None:
    """The types of the values ``enum`` / ``const`` allow (None: no such limit)."""
    if "const" in node:
        return {_json_type(node["const"])}
    if isinstance(node.get("enum"), list):
        return {_json_type(v) for v in node["enum"]}
    return None


def _type_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    to, tn = _types(o), _types(n)
    vo, vn = _values_types(o), _values_types(n)
    back = _covered(to, tn) or (vo is not None and _covered(vo, tn))
    fwd = _covered(tn, to) or (vn is not None and _covered(vn, to))
    if back and fwd:
        return
    all_types = set(TYPES)
    left, right = to if to is not None else all_types, tn if tn is not None else all_types
    gone = sorted(t for t in left if not _covered({t}, right))
    came = sorted(t for t in right if not _covered({t}, left))
    kind = "type-changed"
    if set(gone) | set(came) <= {"null"}:
        kind = "nullability-changed"
    elif back:
        kind = "type-widened"
    elif fwd:
        kind = "type-narrowed"
    yield Finding(
        kind, "type", f"type {_types_text(to)} -> {_types_text(tn)}", back, fwd,
        hints_back=[v for t in gone for v in TYPE_SAMPLES[t]],
        hints_fwd=[v for t in came for v in TYPE_SAMPLES[t]],
    )  # fmt: skip


def _types_text(types: set[str] | None) -> str:
    return "any" if types is None else "/".join(sorted(types))


def _enum_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    eo, en = o.get("enum"), n.get("enum")
    if not isinstance(eo, list) and not isinstance(en, list):
        return
    if not isinstance(eo, list) or not isinstance(en, list):
        gained = isinstance(en, list)
        values = en if isinstance(en, list) else eo
        yield Finding(
            "keyword-changed", "enum", f"enum {'added' if gained else 'removed'}: {_show(values)}",
            back=not gained, fwd=gained,
        )  # fmt: skip
        return
    ko, kn = {canonical(v): v for v in eo}, {canonical(v): v for v in en}
    removed = [v for k, v in ko.items() if k not in kn]
    added = [v for k, v in kn.items() if k not in ko]
    if removed:
        kind = "nullability-changed" if removed == [None] else "enum-value-removed"
        yield Finding(kind, "enum", f"enum value removed: {_show(removed)}", False, True, hints_back=removed)
    if added:
        kind = "nullability-changed" if added == [None] else "enum-value-added"
        yield Finding(kind, "enum", f"enum value added: {_show(added)}", True, False, hints_fwd=added)


def _const_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    has_o, has_n = "const" in o, "const" in n
    if not has_o and not has_n:
        return
    if has_o and has_n:
        if canonical(o["const"]) != canonical(n["const"]):
            yield Finding(
                "const-changed", "const", f"const {_show(o['const'])} -> {_show(n['const'])}", False, False,
                hints_back=[o["const"]], hints_fwd=[n["const"]],
            )  # fmt: skip
        return
    if has_n:
        yield Finding("const-changed", "const", f"const added: {_show(n['const'])}", False, True)
    else:
        yield Finding("const-changed", "const", f"const removed: {_show(o['const'])}", True, False)


def _num(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return Fraction(value)


def _bound(node: Mapping[str, Any], side: str) -> tuple[Fraction, bool, str] | None:
    """The effective lower or upper bound: (value, open, keyword); draft-04 boolean exclusives honoured."""
    plain, strict = ("minimum", "exclusiveMinimum") if side == "lower" else ("maximum", "exclusiveMaximum")
    found: list[tuple[Fraction, bool, str]] = []
    closed, exclusive = _num(node.get(plain)), node.get(strict)
    if closed is not None:
        found.append((closed, exclusive is True, plain))
    open_bound = _num(exclusive)
    if open_bound is not None:
        found.append((open_bound, True, strict))
    if not found:
        return None
    tighter = (lambda b: (b[0], b[1])) if side == "lower" else (lambda b: (-b[0], b[1]))
    return max(found, key=tighter)


def _spell(bound: tuple[Fraction, bool, str] | None) -> str:
    if bound is None:
        return "none"
    value, _, keyword = bound
    return f"{keyword} {_show(int(value) if value.denominator == 1 else float(value))}"


def _within(inner: tuple[Fraction, bool, str] | None, outer: tuple[Fraction, bool, str] | None, side: str) -> bool:
    """Every number allowed by bound ``inner`` is allowed by ``outer``."""
    if outer is None:
        return True
    if inner is None:
        return False
    if inner[0] != outer[0]:
        return inner[0] > outer[0] if side == "lower" else inner[0] < outer[0]
    return inner[1] or not outer[1]


def _bound_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    for side in ("lower", "upper"):
        bo, bn = _bound(o, side), _bound(n, side)
        back, fwd = _within(bo, bn, side), _within(bn, bo, side)
        if back and fwd:
            continue
        points = [b[0] for b in (bo, bn) if b is not None]
        near = sorted({p + d for p in points for d in (Fraction(-1), Fraction(-1, 2), 0, Fraction(1, 2), 1)})
        hints = [int(p) if p.denominator == 1 else float(p) for p in near]
        keyword = (bn or bo or (0, False, "minimum"))[2]
        kind = "bound-loosened" if back else "bound-tightened"
        yield Finding(kind, keyword, f"{side} bound {_spell(bo)} -> {_spell(bn)}", back, fwd, "", hints, hints)
    mo, mn = _num(o.get("multipleOf")), _num(n.get("multipleOf"))
    if mo != mn:
        back = mn is None or (mo is not None and mn != 0 and (mo / mn).denominator == 1)
        fwd = mo is None or (mn is not None and mo != 0 and (mn / mo).denominator == 1)
        hints = [float(m * k) if (m * k).denominator != 1 else int(m * k) for m in (mo, mn) if m for k in (1, 2, 3)]
        kind = "bound-loosened" if back and not fwd else "bound-tightened" if fwd and not back else "keyword-changed"
        yield Finding(kind, "multipleOf", f"multipleOf {_show(o.get('multipleOf'))} -> {_show(n.get('multipleOf'))}",
                      back, fwd, "", hints, hints)  # fmt: skip
    for lower, upper in zip(_LOWER_INT, _UPPER_INT, strict=True):
        for keyword, is_lower in ((lower, True), (upper, False)):
            vo, vn = _num(o.get(keyword)), _num(n.get(keyword))
            if vo == vn:
                continue
            default = (Fraction(1) if keyword == "minContains" else Fraction(0)) if is_lower else None
            vo, vn = vo if vo is not None else default, vn if vn is not None else default
            if is_lower:
                back, fwd = (
                    vn is not None and vo is not None and vo >= vn,
                    vo is not None and vn is not None and vn >= vo,
                )
            else:
                back = vn is None or (vo is not None and vo <= vn)
                fwd = vo is None or (vn is not None and vn <= vo)
            if back and fwd:
                continue
            sizes = {int(v) + d for v in (vo, vn) if v is not None for d in (-1, 0, 1) if int(v) + d >= 0}
            sized: list[Any] = [Size(s) for s in sorted(sizes)]
            kind = "bound-loosened" if back else "bound-tightened"
            yield Finding(kind, keyword, f"{keyword} {_show(o.get(keyword))} -> {_show(n.get(keyword))}",
                          back, fwd, "", sized, sized)  # fmt: skip


def _string_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    po, pn = o.get("pattern"), n.get("pattern")
    if po != pn:
        back, fwd = pn is None, po is None
        reason = "the two patterns differ: inclusion of their languages is not decided" if po and pn else ""
        yield Finding(
            "pattern-changed", "pattern", f"pattern {_show(po)} -> {_show(pn)}", back, fwd, reason,
            hints_back=examples(po) if isinstance(po, str) else [],
            hints_fwd=examples(pn) if isinstance(pn, str) else [],
        )  # fmt: skip
    fo, fn = o.get("format"), n.get("format")
    if fo != fn:
        reason = "format is asserted only when format validation is on (an annotation by default)"
        yield Finding("format-changed", "format", f"format {_show(fo)} -> {_show(fn)}", fn is None, fo is None, reason)


def _required_findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> Iterator[Finding]:
    ro = [r for r in o.get("required", []) if isinstance(r, str)] if isinstance(o.get("required"), list) else []
    rn = [r for r in n.get("required", []) if isinstance(r, str)] if isinstance(n.get("required"), list) else []
    for name in rn:
        if name not in ro:
            yield Finding("required-added", f"required/{name}", f"property {name!r} became required",
                          False, True, hints_back=[Drop(name)])  # fmt: skip
    for name in ro:
        if name not in rn:
            yield Finding("required-removed", f"required/{name}", f"property {name!r} is no longer required",
                          True, False, hints_fwd=[Drop(name)])  # fmt: skip
    do, dn = _dependent(o), _dependent(n)
    if do != dn:
        back = all(set(names) <= set(do.get(key, ())) for key, names in dn.items())
        fwd = all(set(names) <= set(dn.get(key, ())) for key, names in do.items())
        yield Finding("keyword-changed", "dependentRequired", f"dependentRequired {do} -> {dn}", back, fwd,
                      hints_back=[Drop(x) for names in dn.values() for x in names],
                      hints_fwd=[Drop(x) for names in do.values() for x in names])  # fmt: skip
    uo, un = o.get("uniqueItems") is True, n.get("uniqueItems") is True
    if uo != un:
        kind = "bound-tightened" if un else "bound-loosened"
        yield Finding(kind, "uniqueItems", f"uniqueItems {uo} -> {un}", not un, not uo,
                      hints_back=[Dup()], hints_fwd=[Dup()])  # fmt: skip


def _dependent(node: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """``dependentRequired`` (and the name-list entries of draft-07 ``dependencies``)."""
    out: dict[str, tuple[str, ...]] = {}
    for key in ("dependentRequired", "dependencies"):
        table = node.get(key)
        if isinstance(table, dict):
            for name, names in table.items():
                if isinstance(names, list):
                    out[name] = tuple(sorted(set(out.get(name, ())) | {x for x in names if isinstance(x, str)}))
    return out


def findings(o: Mapping[str, Any], n: Mapping[str, Any]) -> list[Finding]:
    """Every assertion-keyword difference between two schema objects."""
    return [
        *_type_findings(o, n),
        *_enum_findings(o, n),
        *_const_findings(o, n),
        *_bound_findings(o, n),
        *_string_findings(o, n),
        *_required_findings(o, n),
    ]


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."
