"""The cycles of a directed graph, for every stage that checks one (``$ref`` chains, alias chains).

Tarjan's strongly connected components, iterative, so a chain of thousands of nodes never meets the
recursion limit, and linear in the nodes and edges.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def cyclic_components(graph: Mapping[N, Iterable[N]]) -> list[list[N]]:
    """The strongly connected components of ``graph`` that hold a cycle: more than one node, or a
    node with an edge to itself. Edges to nodes outside ``graph`` are ignored."""
    found, looped = _tarjan(graph)
    return [c for c in found if len(c) > 1 or c[0] in looped]


def components(graph: Mapping[N, Iterable[N]]) -> list[list[N]]:
    """Every strongly connected component of ``graph`` (single nodes too), dependencies first: a component
    comes after every component it has an edge to (Tarjan's order). Edges to nodes outside ``graph`` are ignored."""
    return _tarjan(graph)[0]


def _tarjan(graph: Mapping[N, Iterable[N]]) -> tuple[list[list[N]], set[N]]:
    """The strongly connected components in Tarjan's order, and the nodes with an edge to themselves."""
    looped: set[N] = set()
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    found: list[list[N]] = []
    for start in graph:
        if start in index:
            continue
        work: list[tuple[N, Iterator[N]]] = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            child = next(edges, None)
            if child is not None:
                if child not in graph:
                    continue
                if child == node:
                    looped.add(node)
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[N] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found, looped
