"""``cyclic_components``: the one cycle finder (``$ref`` chains in the loader, alias chains in the type model)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.graphs import components, cyclic_components

GRAPHS = st.dictionaries(st.integers(0, 12), st.lists(st.integers(0, 14), max_size=4), max_size=12)


def _on_a_cycle(graph: dict[int, list[int]], node: int) -> bool:
    """Brute force: ``node`` reaches itself through one edge or more (edges to unknown nodes ignored)."""
    seen: set[int] = set()
    todo = [t for t in graph[node] if t in graph]
    while todo:
        current = todo.pop()
        if current == node:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(t for t in graph[current] if t in graph)
    return False


@given(GRAPHS)
def test_components_are_exactly_the_nodes_on_cycles(graph: dict[int, list[int]]) -> None:
    components = cyclic_components(graph)
    members = [node for component in components for node in component]
    assert len(members) == len(set(members))
    assert set(members) == {node for node in graph if _on_a_cycle(graph, node)}
    for component in components:  # each component is strongly connected: every member reaches the first
        assert all(_on_a_cycle(graph, node) for node in component)


def test_a_long_chain_meets_no_recursion_limit() -> None:
    n = 50_000
    graph = {i: [i + 1] for i in range(n)} | {n: [0]}
    assert [sorted(c) for c in cyclic_components(graph)] == [list(range(n + 1))]


def _reaches(graph: dict[int, list[int]], start: int, goal: int) -> bool:
    seen: set[int] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(t for t in graph[current] if t in graph)
    return False


@given(GRAPHS)
def test_components_partition_the_graph_dependencies_first(graph: dict[int, list[int]]) -> None:
    found = components(graph)
    members = [node for component in found for node in component]
    assert sorted(members) == sorted(graph)
    where = {node: i for i, component in enumerate(found) for node in component}
    for node, edges in graph.items():
        for target in (t for t in edges if t in graph):
            assert where[target] <= where[node]  # an edge never points to a later component
            same = _reaches(graph, node, target) and _reaches(graph, target, node)
            assert (where[target] == where[node]) == same
