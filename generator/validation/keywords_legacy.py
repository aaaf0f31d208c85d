"""Builders of the keywords older drafts spell differently: array-form ``items`` with ``additionalItems``
(draft-04 to 2019-09), draft-04's boolean ``exclusiveMinimum`` / ``exclusiveMaximum`` and its ``type``
(``1.0`` is no ``integer``).

They build the same typed ops as their 2020-12 counterparts (an array-form ``items`` is a
``prefixItems``; ``additionalItems`` is an ``items`` after it), so the templates need no new macro.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.validation import keywords_structure as s
from generator.validation import keywords_values as val
from generator.validation.plan import ItemsOp, NoItemsOp, Op, PrefixItemsOp, TypeOp
from generator.validation.site import Site


def k_type_04(site: Site, value: Any) -> list[Op]:
    """draft-04 ``type``: an ``integer`` is an int; ``1.0`` is a number only."""
    return [replace(op, float_integers=False) if isinstance(op, TypeOp) else op for op in val.k_type(site, value)]


def k_items(site: Site, value: Any) -> list[Op]:
    """``items``: an array applies its schemas position by position (as ``prefixItems``); a schema, to all."""
    if not isinstance(value, list):
        return s.k_items(site, value)
    subs = [(i, site.child(schema, "items", i)) for i, schema in enumerate(value)]
    kept = tuple((i, sub) for i, sub in subs if not sub.accepts_all)
    return [PrefixItemsOp(site.loc("items", ""), kept)] if kept else []


def k_additional_items(site: Site, value: Any) -> list[Op]:
    """``additionalItems``: the items after an array-form ``items`` (ignored unless ``items`` is an array)."""
    items = site.sibling("items")
    if not isinstance(items, list) or value is True:
        return []
    start = len(items)
    if value is False:
        message = "Additional items are not allowed (%s more than the " + str(start) + " allowed)"
        return [NoItemsOp(site.loc("additionalItems", message), start)]
    sub = site.child(value, "additionalItems")
    if sub.accepts_all:
        return []
    return [ItemsOp(site.loc("additionalItems", ""), sub, start)]


def k_minimum_04(site: Site, value: Any) -> list[Op]:
    """draft-04 ``minimum``, made exclusive by a sibling ``exclusiveMinimum: true``."""
    if site.sibling("exclusiveMinimum") is True:
        return val.bound(site, "minimum", value, "<=", "is less than or equal to the minimum of")
    return val.k_minimum(site, value)


def k_maximum_04(site: Site, value: Any) -> list[Op]:
    """draft-04 ``maximum``, made exclusive by a sibling ``exclusiveMaximum: true``."""
    if site.sibling("exclusiveMaximum") is True:
        return val.bound(site, "maximum", value, ">=", "is greater than or equal to the maximum of")
    return val.k_maximum(site, value)
