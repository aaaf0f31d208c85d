"""Small valid-looking instances of a subschema: the raw material of witness payloads.

The values are *candidates*: nothing here promises validity. The witness search checks every
payload it builds with both versions' validators before it is printed.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import referencing
import referencing.jsonschema
from referencing.exceptions import Unresolvable

from generator.diff.kinds import Drop, Dup, Size
from generator.diff.regex_sample import examples

Lookup = Any
"""A ``referencing`` resolver (``Registry.resolver()``; its class is not part of the public API)."""
LIMIT = 8
STRINGS = (
    "x", "", "a", "abc", "A", "0", "12", "a1", "a-b", "a_b", "a.b", "a b", "ABC", "x" * 70,
    "https://example.com", "a@example.com", "2024-01-01", "2024-01-01T00:00:00Z", "00:00:00Z",
    "00000000-0000-0000-0000-000000000000", "127.0.0.1", "::1", "example.com", "P1D", "/a", "{}", "#",
)  # fmt: skip
FORMATS = {
    "date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01", "time": "00:00:00Z", "email": "a@example.com",
    "idn-email": "a@example.com", "uri": "https://example.com", "iri": "https://example.com",
    "uri-reference": "a", "iri-reference": "a", "uuid": "00000000-0000-0000-0000-000000000000",
    "ipv4": "127.0.0.1", "ipv6": "::1", "hostname": "example.com", "idn-hostname": "example.com",
    "duration": "P1D", "json-pointer": "/a", "relative-json-pointer": "0", "regex": "a", "uri-template": "a",
}  # fmt: skip
_OBJECT = ("properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
           "propertyNames", "dependentRequired", "unevaluatedProperties")  # fmt: skip
_ARRAY = ("items", "prefixItems", "minItems", "maxItems", "contains", "uniqueItems", "unevaluatedItems")
_STRING = ("minLength", "maxLength", "pattern", "format")
_NUMBER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
ANY = ["x", 0, None, True, {}, [], 1.5]


def _search(pattern: Any, text: str) -> bool:
    try:
        return isinstance(pattern, str) and re.search(pattern, text) is not None
    except re.error:
        return False


class Sampler:
    def __init__(self, registry: referencing.Registry[Any]) -> None:
        self.registry = registry

    def at(self, ref: str) -> list[Any]:
        """Candidates for the subschema at ``uri#pointer``."""
        try:
            resolved = self.registry.resolver().lookup(ref)
        except (Unresolvable, TypeError, KeyError, ValueError):  # also a pointer through a value of another dialect
            return list(ANY)
        return self.sample(resolved.contents, resolved.resolver, 0)

    def sample(self, node: Any, resolver: Lookup, depth: int) -> list[Any]:
        if node is None or node is True:
            return list(ANY)
        if not isinstance(node, dict):
            return []
        if depth > 8:
            return [None, "x", 0, {}, []]
        if isinstance(node.get("$id"), str):
            resolver = resolver.in_subresource(referencing.jsonschema.DRAFT202012.create_resource(node))
        if "const" in node:
            return [node["const"]]
        if isinstance(node.get("enum"), list):
            return list(node["enum"])[:LIMIT]
        values: list[Any] | None = self.own(node, resolver, depth)
        given = [*node.get("examples", [])] if isinstance(node.get("examples"), list) else []
        if "default" in node:
            given.append(node["default"])
        if given:
            values = given[:3] + (values or [])
        conj: list[Any] = []
        if isinstance(node.get("$ref"), str):
            try:
                found = resolver.lookup(node["$ref"])
                conj.append(self.sample(found.contents, found.resolver, depth + 1))
            except (Unresolvable, TypeError, KeyError, ValueError):
                pass
        for sub in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
            conj.append(self.sample(sub, resolver, depth + 1))
        for more in conj:
            values = more if values is None else _merge(values, more)
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                branches = [v for sub in node[key] for v in self.sample(sub, resolver, depth + 1)[:3]]
                values = branches if values is None else _merge(values, branches)
        return (values if values is not None else list(ANY))[:LIMIT]

    def own(self, node: dict[str, Any], resolver: Lookup, depth: int) -> list[Any] | None:
        declared = node.get("type")
        if isinstance(declared, str):
            types = [declared]
        elif isinstance(declared, list):
            types = [t for t in declared if isinstance(t, str)]
        else:
            types = [
                t for t, keys in (("object", _OBJECT), ("array", _ARRAY), ("string", _STRING), ("number", _NUMBER))
                if any(k in node for k in keys)
            ]  # fmt: skip
            if not types:
                return None
        out: list[Any] = []
        for t in types:
            out.extend(self.typed(t, node, resolver, depth))
        return out

    def typed(self, t: str, node: dict[str, Any], resolver: Lookup, depth: int) -> list[Any]:
        if t == "null":
            return [None]
        if t == "boolean":
            return [True, False]
        if t in ("integer", "number"):
            return _numbers(node, integer=t == "integer")
        if t == "string":
            return _strings(node)
        if t == "array":
            return self.array(node, resolver, depth)
        if t == "object":
            return self.object(node, resolver, depth)
        return []

    def first(self, node: Any, resolver: Lookup, depth: int) -> Any:
        found = self.sample(node, resolver, depth + 1)
        return found[0] if found else None

    def array(self, node: dict[str, Any], resolver: Lookup, depth: int) -> list[Any]:
        prefix = node.get("prefixItems") if isinstance(node.get("prefixItems"), list) else None
        items = node.get("items")
        if isinstance(items, list):
            prefix, items = items, node.get("additionalItems")
        head = [self.first(s, resolver, depth) for s in prefix or ()]
        low = int(node.get("minItems", 0)) if isinstance(node.get("minItems"), int) else 0
        out = [head]
        if items is not False:
            rest = self.first(items, resolver, depth)
            if isinstance(node.get("contains"), (dict, bool)) and items in (None, True):
                rest = self.first(node["contains"], resolver, depth)
            padded = head + [rest] * max(0, low - len(head))
            out = [padded, [*padded, rest]]
        return out

    def object(self, node: dict[str, Any], resolver: Lookup, depth: int) -> list[Any]:
        props: dict[str, Any] = node["properties"] if isinstance(node.get("properties"), dict) else {}
        required = (
            [r for r in node.get("required", []) if isinstance(r, str)]
            if isinstance(node.get("required"), list)
            else []
        )
        base: dict[str, Any] = {}
        for name in required:
            sub = props.get(name)
            if sub is None:
                patterns: dict[str, Any] = (
                    node["patternProperties"] if isinstance(node.get("patternProperties"), dict) else {}
                )
                sub = next((s for p, s in patterns.items() if _search(p, name)), node.get("additionalProperties"))
            base[name] = self.first(sub, resolver, depth)
        full = dict(base)
        for name, sub in props.items():
            if name not in full and sub is not False:
                full[name] = self.first(sub, resolver, depth)
        dependent = node.get("dependentRequired")
        if isinstance(dependent, dict):
            for key, names in dependent.items():
                full.setdefault(key, 0)
                for name in names if isinstance(names, list) else ():
                    full.setdefault(name, 0)
        low = node.get("minProperties")
        if isinstance(low, int):
            for i in range(low - len(base)):
                base[f"k{i}"] = full.get(f"k{i}", 0)
        return [base, full] if full != base else [base]


def _merge(left: list[Any], right: list[Any]) -> list[Any]:
    """Conjunction of candidates: objects are merged key by key, anything else keeps the left value."""
    out: list[Any] = []
    for x in left:
        for y in right:
            if isinstance(x, dict) and isinstance(y, dict):
                out.append({**y, **x})
            elif x == y or not isinstance(y, dict) or isinstance(x, dict):
                out.append(x)
            else:
                out.append(y)
            if len(out) >= LIMIT:
                return out
    return out or list(left)


def _numbers(node: dict[str, Any], *, integer: bool) -> list[Any]:
    def num(key: str) -> Fraction | None:
        v = node.get(key)
        return Fraction(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None

    lo, hi = num("minimum"), num("maximum")
    xlo, xhi = num("exclusiveMinimum"), num("exclusiveMaximum")
    if node.get("exclusiveMinimum") is True and lo is not None:
        xlo, lo = lo, None
    if node.get("exclusiveMaximum") is True and hi is not None:
        xhi, hi = hi, None
    step = num("multipleOf") or (Fraction(1) if integer else Fraction(1, 2))
    start = lo if lo is not None else (xlo + step if xlo is not None else None)
    if start is None:
        start = hi if hi is not None else (xhi - step if xhi is not None else Fraction(0))
        start = min(start, Fraction(0))
    first = math.ceil(start / step) * step
    values = [first, first + step, first + 1]
    out: list[Any] = []
    for v in values:
        if (hi is not None and v > hi) or (xhi is not None and v >= xhi) or (xlo is not None and v <= xlo):
            continue
        out.append(int(v) if v.denominator == 1 else float(v))
    return out or [int(first) if first.denominator == 1 else float(first)]


def _strings(node: dict[str, Any]) -> list[Any]:
    low = node.get("minLength", 0) if isinstance(node.get("minLength"), int) else 0
    high = node.get("maxLength") if isinstance(node.get("maxLength"), int) else None
    pattern = node.get("pattern")
    seeds = [FORMATS[node["format"]]] if node.get("format") in FORMATS else []
    seeds += (
        [e for e in node.get("examples", []) if isinstance(e, str)] if isinstance(node.get("examples"), list) else []
    )
    if isinstance(node.get("default"), str):
        seeds.append(node["default"])
    if isinstance(pattern, str):
        seeds += examples(pattern)
    seeds += list(STRINGS)
    out: list[Any] = []
    for s in seeds:
        fitted = _fit(s, low, high)
        if (pattern is None or _search(pattern, fitted)) and fitted not in out:
            out.append(fitted)
        if len(out) >= 4:
            break
    return out or [_fit("x", low, high)]


def _fit(text: str, low: int, high: int | None) -> str:
    if len(text) < low:
        text = text + "a" * (low - len(text))
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def transform(value: Any, hint: Any, seed: Any) -> Any:
    """Apply a witness hint (:class:`Drop`, :class:`Size`, :class:`Dup`) to a valid value; None if it does not apply."""
    if isinstance(hint, Drop):
        return {k: v for k, v in value.items() if k != hint.name} if isinstance(value, dict) else None
    if isinstance(hint, Dup):
        return [*value, value[0]] if isinstance(value, list) and value else ([seed, seed] if seed is not None else None)
    if isinstance(hint, Size):
        if isinstance(value, str):
            return _fit(value or "a", hint.n, hint.n) if value else "a" * hint.n
        if isinstance(value, list):
            filler = value[-1] if value else seed
            return (value + [filler] * hint.n)[: hint.n]
        if isinstance(value, dict):
            out = dict(list(value.items())[: hint.n])
            i = 0
            while len(out) < hint.n:
                out.setdefault(f"k{i}", seed if seed is not None else 0)
                i += 1
            return out
        return None
    return hint
