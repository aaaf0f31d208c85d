"""Cycles with no structure: subschemas that apply to the same instance in a loop.

``$ref``, ``$dynamicRef``, ``$recursiveRef``, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if``/``then``/``else``
and ``dependentSchemas`` apply their subschemas to the very instance they are given. A loop of them
never reaches a smaller instance, so validating anything recurses forever: such a schema describes
no value and is refused, with its place. A loop through ``properties``, ``items`` and the like
is an ordinary recursive type and is fine.

The check is linear in the size of the documents: one walk to index the subschemas, one
resolution per reference, and Tarjan's strongly connected components, iteratively.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import referencing
import referencing.exceptions

from generator.diagnostics import Diagnostic
from generator.graphs import cyclic_components
from generator.schema import pointer as ptr
from generator.schema.vocabulary import walk_with_base

_REFS = ("$ref", "$dynamicRef", "$recursiveRef")
_LISTS = ("allOf", "anyOf", "oneOf")
_ONES = ("not", "if", "then", "else")

Place = tuple[str, str]
"""(document URI, JSON pointer) of a subschema."""


def structureless_cycles(
    documents: Iterable[tuple[str, Any]],
    registry: referencing.Registry[Any],
    diagnostic: Callable[[str, str, str], Diagnostic],
) -> list[Diagnostic]:
    """One diagnostic per cycle of in-place applicators; ``diagnostic(uri, pointer, message)`` places it."""
    place: dict[int, Place] = {}
    nodes: list[tuple[int, dict[str, Any], str]] = []
    for uri, contents in documents:
        for where, node, base in walk_with_base(contents, uri, once=True):
            if isinstance(node, dict) and id(node) not in place:
                place[id(node)] = (uri, where)
                nodes.append((id(node), node, base))
    edges: dict[int, list[tuple[int, str]]] = {}
    for key, node, base in nodes:
        out: list[tuple[int, str]] = []
        for keyword, value in _in_place(node):
            sub = value
            if keyword in _REFS:
                sub = _lookup(registry, base, value) if isinstance(value, str) else None
            if isinstance(sub, dict) and id(sub) in place:
                out.append((id(sub), keyword))
        if out:
            edges[key] = out
    problems = []
    for component in _components(edges):
        inside = set(component)
        keywords = sorted({kw for n in component for m, kw in edges.get(n, ()) if m in inside})
        first = min(component, key=lambda n: place[n])
        uri, where = place[first]
        if keywords == ["$ref"]:
            problems.append(diagnostic(uri, where + "/$ref", _ref_message(first, component, edges, place)))
            continue
        chain = _shorten([_show(place[n]) for n in _cycle_from(first, inside, edges)])
        problems.append(
            diagnostic(
                uri,
                where,
                f"cycle with no structure through {', '.join(keywords)}: {chain}; every instance would"
                " recurse forever (a recursive type needs a properties or items step in the loop)",
            )
        )
    return problems


def _lookup(registry: referencing.Registry[Any], base: str, ref: str) -> Any:
    try:
        return registry.resolver(base).lookup(ref).contents
    except referencing.exceptions.Unresolvable:
        return None  # the loader and the views report it


def _in_place(node: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for keyword in _REFS:
        if keyword in node:
            yield keyword, node[keyword]
    for keyword in _LISTS:
        value = node.get(keyword)
        if isinstance(value, list):
            yield from ((keyword, sub) for sub in value)
    for keyword in _ONES:
        if keyword in node:
            yield keyword, node[keyword]
    value = node.get("dependentSchemas")
    if isinstance(value, dict):
        yield from (("dependentSchemas", sub) for sub in value.values())


def _show(place: Place) -> str:
    return "#" + place[1]


def _ref_message(
    first: int, component: list[int], edges: dict[int, list[tuple[int, str]]], place: dict[int, Place]
) -> str:
    """The message of a loop of plain ``$ref``\\ s (the wording the type model used for it)."""
    if len(component) == 1:
        return f"$ref cycle with no structure: {_show(place[first])!r} refers back to itself"
    names = [ptr.unescape(place[n][1].rpartition("/")[2]) for n in _cycle_from(first, set(component), edges)]
    return "$ref cycle with no structure: " + _shorten(names)


def _shorten(names: list[str]) -> str:
    """``a -> b -> ... -> a``, with the middle of a long loop left out (one line stays readable)."""
    if len(names) > 12:
        names = [*names[:6], f"... ({len(names) - 9} more)", *names[-3:]]
    return " -> ".join(names)


def _cycle_from(first: int, inside: set[int], edges: dict[int, list[tuple[int, str]]]) -> list[int]:
    """A path from ``first`` around the component and back to it (breadth first, so it is short)."""
    parent: dict[int, int] = {}
    queue = [first]
    for node in queue:
        for target, _ in edges.get(node, ()):
            if target == first:
                path = [node]
                while path[-1] != first:
                    path.append(parent[path[-1]])
                return [*reversed(path), first]
            if target in inside and target not in parent:
                parent[target] = node
                queue.append(target)
    return [first, first]  # pragma: no cover - a component always leads back


def _components(edges: dict[int, list[tuple[int, str]]]) -> list[list[int]]:
    """The strongly connected components that hold a cycle."""
    return cyclic_components({node: [target for target, _ in out] for node, out in edges.items()})
