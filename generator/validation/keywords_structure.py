"""Builders of the array and object keywords."""

from __future__ import annotations

from typing import Any

from generator.validation.graph import accepts_none, as_names
from generator.validation.keywords_values import length
from generator.validation.plan import (
    AdditionalPropertiesOp,
    ContainsOp,
    DependentRequiredOp,
    DependentSchemasOp,
    ItemsOp,
    NoItemsOp,
    Op,
    PatternPropertiesOp,
    PrefixItemsOp,
    PropertiesOp,
    PropertyNamesOp,
    RequiredOp,
    UniqueItemsOp,
)
from generator.validation.site import Site, fmt


# ---- arrays -----------------------------------------------------------------------------------
def k_min_items(site: Site, value: Any) -> list[Op]:
    return length(site, "minItems", value, "<", "%r is too short")


def k_max_items(site: Site, value: Any) -> list[Op]:
    return length(site, "maxItems", value, ">", "%r is too long")


def k_unique_items(site: Site, value: Any) -> list[Op]:
    if value is not True:
        return []
    site.p.uses.add("unique")
    return [UniqueItemsOp(site.loc("uniqueItems", "%r has non-unique elements"))]


def k_prefix_items(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, list) or not value:
        raise site.bad("prefixItems", "prefixItems must be a non-empty array")
    subs = [(i, site.child(s, "prefixItems", i)) for i, s in enumerate(value)]
    kept = tuple((i, s) for i, s in subs if not s.accepts_all)
    return [PrefixItemsOp(site.loc("prefixItems", ""), kept)] if kept else []


def k_items(site: Site, value: Any) -> list[Op]:
    prefix = site.sibling("prefixItems")
    start = len(prefix) if isinstance(prefix, list) else 0
    if value is True:
        return []
    if value is False:
        message = "%r has %s more items than the " + str(start) + " allowed"
        return [NoItemsOp(site.loc("items", message), start)]
    sub = site.child(value, "items")
    if sub.accepts_all:
        return []
    return [ItemsOp(site.loc("items", ""), sub, start)]


def k_contains(site: Site, value: Any) -> list[Op]:
    lo = site.count("minContains", site.sibling("minContains", 1))
    hi = site.sibling("maxContains")
    hi = site.count("maxContains", hi) if hi is not None else None
    sub = site.child(value, "contains", expr=True)
    if lo == 0 and hi is None:
        return []
    keyword_lo = "minContains" if lo == 0 or site.sibling("minContains") is not None else "contains"
    lo_loc = site.loc(
        keyword_lo,
        "%r does not contain items matching the given schema"
        if lo == 1
        else "Too few items match the given schema (expected at least " + str(lo) + " but only %s matched)",
    )
    hi_loc = (
        site.loc("maxContains", "Too many items match the given schema (expected at most " + str(hi) + ")")
        if hi is not None
        else lo_loc
    )
    return [ContainsOp(lo_loc, sub, lo, hi, hi_loc)]


# ---- objects ----------------------------------------------------------------------------------
def k_required(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise site.bad("required", "required must be an array of strings")
    names = list(dict.fromkeys(value))
    if not names:
        return []
    keys = tuple((k, site.loc("required", fmt(repr(k)) + " is a required property")) for k in names)
    return [RequiredOp(keys[0][1], site.p.const_set(names), keys)]


def k_min_properties(site: Site, value: Any) -> list[Op]:
    n = site.count("minProperties", value)
    message = "%r should be non-empty" if n == 1 else "%r does not have enough properties"
    return length(site, "minProperties", n, "<", message)


def k_max_properties(site: Site, value: Any) -> list[Op]:
    return length(site, "maxProperties", value, ">", "%r has too many properties")


def k_dependent_required(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, dict):
        raise site.bad("dependentRequired", "dependentRequired must be an object")
    deps = []
    at = site.ctx.at("dependentRequired")
    for key in sorted(value):
        if not isinstance(value[key], list) or not all(isinstance(n, str) for n in value[key]):
            raise site.bad("dependentRequired", f"the dependencies of {key!r} must be an array of property names")
        names = list(dict.fromkeys(value[key]))
        locs = tuple((n, site.p.loc(at, key, fmt(f"{n!r} is a dependency of {key!r}"))) for n in names)
        if locs:
            deps.append((key, locs))
    if not deps:
        return []
    return [DependentRequiredOp(deps[0][1][0][1], tuple(deps))]


def k_dependencies(site: Site, value: Any) -> list[Op]:
    """The draft-07 ``dependencies`` (still common in the wild): arrays as dependentRequired, schemas as
    dependentSchemas. 2020-12 dropped the keyword; honouring it is what its compatibility tests ask."""
    if not isinstance(value, dict):
        raise site.bad("dependencies", "dependencies must be an object")
    names = {k: v for k, v in value.items() if isinstance(v, list)}
    for key, listed in names.items():
        if not all(isinstance(n, str) for n in listed):
            raise site.bad(
                "dependencies", f"the dependencies of {key!r} must be a schema or an array of property names"
            )
    schemas = {k: v for k, v in value.items() if not isinstance(v, list)}
    ops: list[Op] = []
    if names:
        ops += k_dependent_required(site.at("dependencies"), names)
    if schemas:
        ops += k_dependent_schemas(site.at("dependencies"), schemas)
    return ops


def k_dependent_schemas(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, dict):
        raise site.bad("dependentSchemas", "dependentSchemas must be an object")
    deps = [(k, site.inplace(value[k], "dependentSchemas", k)) for k in sorted(value)]
    kept = tuple((k, s) for k, s in deps if not s.accepts_all)
    return [DependentSchemasOp(site.loc("dependentSchemas", ""), kept)] if kept else []


def k_properties(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, dict):
        raise site.bad("properties", "properties must be an object")
    required = site.sibling("required", [])
    props = []
    for name, schema in value.items():
        sub = site.child(schema, "properties", name)
        if sub.accepts_all:
            continue
        req = isinstance(required, list) and name in required
        props.append((name, sub, "required" if req else "nullable" if accepts_none(sub) else ""))
    return [PropertiesOp(site.loc("properties", ""), tuple(props))] if props else []


def k_pattern_properties(site: Site, value: Any) -> list[Op]:
    if not isinstance(value, dict):
        raise site.bad("patternProperties", "patternProperties must be an object")
    pats = []
    for pattern in sorted(value):
        sub = site.child(value[pattern], "patternProperties", pattern)
        name = site.p.pattern(pattern, site.ctx.at("patternProperties"), pattern)
        if not sub.accepts_all:
            pats.append((name, sub))
    return [PatternPropertiesOp(site.loc("patternProperties", ""), tuple(pats))] if pats else []


def k_additional_properties(site: Site, value: Any) -> list[Op]:
    props = site.sibling("properties", {})
    pats = site.sibling("patternProperties", {})
    known = site.p.const_set(list(props)) if isinstance(props, dict) and props else None
    at = site.ctx.at("patternProperties")
    patterns = tuple(site.p.pattern(p, at, p) for p in sorted(pats)) if pats else ()
    if value is True:
        return []
    if value is False:
        message = "Additional properties are not allowed (%s unexpected)"
        sub = None
        site.p.uses.add("names")
    else:
        message = ""
        sub = site.child(value, "additionalProperties")
        if sub.accepts_all:
            return []
    return [AdditionalPropertiesOp(site.loc("additionalProperties", message), sub, known, patterns)]


def k_property_names(site: Site, value: Any) -> list[Op]:
    sub = as_names(site.child(value, "propertyNames"))
    if sub.accepts_all:
        return []
    return [PropertyNamesOp(site.loc("propertyNames", ""), sub)]
