"""The type graph: what a named type refers to, dependency order, and the ``--only`` selection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from generator.diagnostics import SchemaError
from generator.graphs import cyclic_components
from generator.schema.loader import Document
from generator.types import ir


def select(module: ir.Module, only: Sequence[str], root: Document) -> ir.Module:
    """Keep the named types and everything they reference."""
    known = {t.name: t for t in module.types}
    missing = [name for name in only if name not in known]
    if missing:
        listing = ", ".join(sorted(known)) or "none"
        raise SchemaError(
            [root.diagnostic("", f"--only names unknown type {name!r} (known: {listing})") for name in missing]
        )
    keep: set[str] = set()
    stack = list(only)
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        stack.extend(references(known[name]))
    types = tuple(t for t in module.types if t.name in keep)
    root_name = module.root if module.root in keep else None
    return ir.Module(module.source, module.stem, types, root_name)


def references(named: ir.NamedType) -> Iterator[str]:
    """Names of the types a named type refers to, in field order."""
    if isinstance(named, ir.Model):
        for f in named.fields:
            yield from expr_refs(f.type)
    elif isinstance(named, ir.Alias):
        yield from expr_refs(named.target)


def expr_refs(expr: ir.TypeExpr) -> Iterator[str]:
    """Names of the types a type expression mentions (repeats included), left to right."""
    if isinstance(expr, ir.Ref):
        yield expr.name
    elif isinstance(expr, ir.Array):
        yield from expr_refs(expr.items)
    elif isinstance(expr, ir.Tuple):
        for member in expr.members:
            yield from expr_refs(member)
    elif isinstance(expr, ir.Map):
        yield from expr_refs(expr.values)
    elif isinstance(expr, ir.Nullable):
        yield from expr_refs(expr.inner)
    elif isinstance(expr, ir.Union):
        for member in expr.members:
            yield from expr_refs(member)


def dependency_order(types: Sequence[ir.NamedType]) -> tuple[ir.NamedType, ...]:
    """Depth-first post-order from the schema order: a type comes after what it uses."""
    by_name = {t.name: t for t in types}
    done: set[str] = set()
    out: list[ir.NamedType] = []
    for start in types:
        if start.name in done:
            continue
        # Iterative DFS: (type, iterator over its references).
        stack: list[tuple[ir.NamedType, Iterator[str]]] = [(start, references(start))]
        done.add(start.name)
        while stack:
            current, children = stack[-1]
            child = next((c for c in children if c in by_name and c not in done), None)
            if child is None:
                stack.pop()
                out.append(current)
            else:
                done.add(child)
                stack.append((by_name[child], references(by_name[child])))
    return tuple(out)


def cyclic(graph: Mapping[str, Iterable[str]]) -> set[str]:
    """The nodes of ``graph`` that lie on a cycle (a self-loop included), in linear time; edges to
    nodes outside ``graph`` are ignored."""
    return {node for component in cyclic_components(graph) for node in component}


def alias_cycles(types: Sequence[ir.NamedType]) -> list[list[str]]:
    """Chains of aliases that only name each other (``A = B``, ``B = A``), each from its first alias, in linear time."""
    aliases = {t.name: t.target.name for t in types if isinstance(t, ir.Alias) and isinstance(t.target, ir.Ref)}
    looped = cyclic({name: (target,) for name, target in aliases.items()})
    reported: set[str] = set()
    cycles = []
    for start in (name for name in aliases if name in looped and name not in reported):
        cycle = [start]
        current = aliases[start]
        while current != start:  # each alias has one target: the cycle through ``start`` is a loop
            cycle.append(current)
            current = aliases[current]
        reported.update(cycle)
        cycles.append(cycle)
    return cycles
