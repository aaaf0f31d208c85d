"""Discriminated unions in generated code: the module-level dispatch tables (``_TAGS_<Name> = _Tagged(...)``).

A dataclasses module defines one table per discriminated union after all its classes (the tables hold
``Member._decode``); the decoders look their union's table up by :func:`union_key`.
See :mod:`generator.types.discriminator` for when a union is discriminated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from generator.render.escape import md_code
from generator.render.pytypes import derived
from generator.types import ir
from generator.types.discriminator import unions


def union_key(union: ir.Union) -> str:
    """The key of a union among a module's tables: equal unions share one table."""
    return repr(union)


def tagged_unions(types: Mapping[str, ir.NamedType]) -> dict[str, tuple[str, ir.Union]]:
    """key -> (table name, union) for every discriminated union in ``types``, in module order.

    A union that is an alias's value is ``_TAGS_<Alias>``; one inside a field type ``_TAGS_<Owner>_<n>``.
    Computed once per :class:`~generator.render.pytypes.TypeTable` (``layout = "modules"``: once, not per module).
    """
    return derived(types, _tagged_unions)


def _tagged_unions(types: Mapping[str, ir.NamedType]) -> dict[str, tuple[str, ir.Union]]:
    out: dict[str, tuple[str, ir.Union]] = {}
    taken: set[str] = set()
    for named in types.values():
        exprs: list[ir.TypeExpr] = []
        if isinstance(named, ir.Model):
            exprs = [f.type for f in named.fields]
        elif isinstance(named, ir.Alias):
            exprs = [named.target]
        count = 0
        for expr in exprs:
            for union in unions(expr):
                key = union_key(union)
                if key in out:
                    continue
                top = isinstance(named, ir.Alias) and union in (named.target, getattr(named.target, "inner", None))
                if top:
                    name = f"_TAGS_{named.name}"
                else:
                    count += 1
                    name = f"_TAGS_{named.name}_{count}"
                while name in taken:
                    name += "_"
                taken.add(name)
                out[key] = (name, union)
    return out


def member_tag(named: ir.NamedType, index: int) -> str:
    """For the docs: how the ``index``-th member of a discriminated union alias is tagged, as Markdown
    (``Tag: `pet_type` = `"cat"` ``); empty when the alias is not a discriminated union."""
    target = named.target if isinstance(named, ir.Alias) else None
    while isinstance(target, ir.Nullable):
        target = target.inner
    if not isinstance(target, ir.Union) or target.discriminator is None:
        return ""
    disc = target.discriminator
    tags = [md_code(json.dumps(tag)) for tag, at in disc.tags if at == index]
    if not tags:
        return f"Tag: {md_code(disc.property)} absent"
    absent = " or absent" if index in disc.untagged else ""
    return f"Tag: {md_code(disc.property)} = " + " or ".join(tags) + absent


def tagged_tables(types: Mapping[str, ir.NamedType], owners: Iterable[ir.NamedType]) -> list[tuple[str, ir.Union]]:
    """(table name, union) for the discriminated unions of ``owners`` (the types one module defines), named
    as among all ``types``."""
    everything = tagged_unions(types)
    mine = tagged_unions({named.name: named for named in owners})
    return [everything[key] for key in mine]


FILTERS: dict[str, Callable[..., Any]] = {
    "tagged_unions": tagged_unions,
    "tagged_tables": tagged_tables,
    "union_key": union_key,
    "member_tag": member_tag,
}
