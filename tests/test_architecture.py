"""The shape ARCHITECTURE.md promises: stage packages whose imports only point down, no cycles, small files.

Every ``generator`` module belongs to a stage; a module may import its own stage or a lower one,
never a higher one. Imports are read with ``ast`` (lazy imports inside functions count too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
TEMPLATES = ROOT / "templates"

# Lowest first. A module's stage is the first entry that is a prefix of its dotted name.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "generator.diagnostics",
            "generator.runtime",
            "generator.cache",
            "generator.resources",
            "generator.settings",
            "generator.graphs",
        ),
    ),
    ("schema", ("generator.schema",)),
    ("views", ("generator.types", "generator.validation")),
    ("render", ("generator.render",)),
    ("targets", ("generator.targets",)),
    # generator.diff compares two loaded versions (schema), names classes (types) and checks witnesses
    # with the generated validators (targets): it sits on top, beside api and cli.
    ("top", ("generator.diff", "generator")),
]
MAX_LINES = 500


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _stage(module: str) -> int:
    for level, (_, prefixes) in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return level
    raise AssertionError(f"{module} belongs to no stage")


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from generator.render import filters` imports the module generator.render.filters;
            # `from generator.render.docs import md_table` imports generator.render.docs
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name == "generator" or name.startswith("generator.")}


def _sources() -> list[Path]:
    """The package's Python files, without the templates precompiled by Jinja (``generator/_compiled``)."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "_compiled" not in p.relative_to(PACKAGE).parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in _sources()}


MODULES = frozenset(_modules())


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {target for target in _imports(path, name) if target in modules and target != name}
    return graph


def test_every_module_has_a_stage() -> None:
    for module in _graph():
        _stage(module)


def test_imports_only_point_down() -> None:
    upward = []
    for module, targets in sorted(_graph().items()):
        for target in sorted(targets):
            if target == "generator" or module == "generator":
                continue  # the package's lazy public re-exports
            if _stage(target) > _stage(module):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_cycle() -> None:
    graph = _graph()
    graph.pop("generator", None)  # the package's __init__ only re-exports lazily
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == "generator":
                continue
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize(
    "path",
    sorted([*_sources(), *TEMPLATES.glob("*.jinja")]),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_file_over_the_limit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.parent == PACKAGE / "schema" / "metaschemas" and text.startswith("# Generated by schemagen"):
        return  # schemagen's output shipped as data (the metaschema validators), not code anyone writes
    lines = text.count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (limit {MAX_LINES})"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The stage rule itself: a schema module importing a target is caught."""
    fake = tmp_path / "generator" / "schema" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from generator.targets import validators\n", encoding="utf-8")
    name = _module_name(fake, tmp_path)
    targets = _imports(fake, name)
    assert name == "generator.schema.x"
    assert "generator.targets.validators" in targets
    assert _stage("generator.targets.validators") > _stage(name)
