"""Runtime helpers included verbatim: ``{{ runtime("formats", "_DATE", "_fmt_date") }}`` in a template.

The generated code carries helpers written as real Python in ``generator/runtime/`` (linted, typed
and unit-tested there). ``runtime(module, *names)`` returns the exact source text of the named
top-level definitions of that module (functions, classes, assignments, each with the comment lines
right above it), found with ``ast``. The template keeps the conditions (``{% if ... in plan.uses %}``)
and the separators around a block; inside a block, each definition after the first is preceded by
the blank lines that precede it in the module. So the module's layout is the generated layout.

The sources are read as package data (``importlib.resources``), so this works from an installed
wheel (whose templates are precompiled) as from the checkout; each module is parsed once per process.
"""

from __future__ import annotations

import ast
import functools
from importlib import resources
from typing import NamedTuple

PACKAGE = "generator.runtime"


class Definition(NamedTuple):
    """One top-level definition: its source lines (leading comments included) and the blank lines before it."""

    text: str
    blank_before: int


def _names(node: ast.stmt) -> list[str]:
    """The names a top-level definition binds; empty for anything that is not a definition."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _is_preamble(node: ast.stmt, index: int) -> bool:
    """The module docstring and the imports: what the generated module spells itself."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    return index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def parse(module: str, source: str) -> dict[str, Definition]:
    """Every top-level definition of ``source`` by name, in module order.

    A line between two definitions must be blank or a comment right above the next one;
    anything else (a statement that is no definition, a stray comment) is refused, since it
    would silently go missing from the generated code.
    """
    lines = source.splitlines()
    found: dict[str, Definition] = {}
    previous_end = 0  # the last line (1-based) already accounted for
    for index, node in enumerate(ast.parse(source, filename=f"{module}.py").body):
        if _is_preamble(node, index):
            previous_end = node.end_lineno or node.lineno
            continue
        names = _names(node)
        if not names:
            raise ValueError(f"{module}.py line {node.lineno}: not a definition; runtime modules hold only definitions")
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        while start - 1 > previous_end and lines[start - 2].startswith("#"):
            start -= 1  # the comment lines right above belong to the definition
        gap = lines[previous_end : start - 1]
        if any(line.strip() for line in gap):
            raise ValueError(f"{module}.py line {previous_end + 1}: text between definitions that belongs to none")
        end = node.end_lineno or node.lineno
        definition = Definition("\n".join(lines[start - 1 : end]), len(gap))
        for name in names:
            if name in found:
                raise ValueError(f"{module}.py line {node.lineno}: {name} is defined twice")
            found[name] = definition
        previous_end = end
    return found


@functools.cache
def definitions(module: str) -> dict[str, Definition]:
    """The definitions of ``generator/runtime/<module>.py``, parsed once."""
    source = resources.files(PACKAGE).joinpath(f"{module}.py").read_text(encoding="utf-8")
    return parse(module, source)


def runtime(module: str, *names: str) -> str:
    """The source of the named definitions of a runtime module, in the order named; none named: all of them.

    No leading or trailing newline: the template places the block. A name that is not defined
    there is an error (the template would otherwise emit code calling a missing helper).
    """
    defined = definitions(module)
    chosen: list[Definition] = []
    for name in names or tuple(defined):
        try:
            definition = defined[name]
        except KeyError:
            raise ValueError(f"generator/runtime/{module}.py defines no {name!r}") from None
        if not chosen or chosen[-1] is not definition:  # `a = b = ...` binds two names with one text
            chosen.append(definition)
    parts = [chosen[0].text] if chosen else []
    parts += ["\n" * (d.blank_before + 1) + d.text for d in chosen[1:]]
    return "".join(parts)
