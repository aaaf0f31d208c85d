"""``layout = "modules"``: a package of one module per type instead of one module for every type.

The package (``<stem>/models/`` for dataclasses, ``<stem>/typeddicts/`` for TypedDicts) holds:

- one module per type, rendered by the target's own template (``dataclasses.py.jinja``, ...) with a
  ``module`` that holds that one type, the ``types`` of the whole schema, and a ``layout`` context that
  says which names the module has at run time and what each function imports on call;
- ``_runtime.py`` (dataclasses): the decode runtime and ``DecodeError``, which every type's module imports;
- ``__init__.py``: re-exports every public name. Lazily (PEP 562 ``__getattr__``): importing a package's
  submodule runs its ``__init__`` first, so an ``__init__`` importing every module would make
  ``from pkg.models.batch import Batch`` cost as much as the single module.

No import cycle at run time. The modules' references (which type's module names which other type,
read off the rendered text with ``ast``, so they follow whatever the templates spell) form a graph; its
strongly connected components (:func:`generator.graphs.components`, Tarjan) come dependencies first,
and inside a component the types keep the schema's module order. A reference to a type that comes
earlier in that order (another component, or earlier in the same one) is a module-level import: the
module-level imports then point only backwards, a DAG. A reference to a later type of the same
component (it closes a cycle: mutually recursive types) is never imported at module level: the
annotations that name it are quoted and imported under ``TYPE_CHECKING`` for the type checker, and
the functions that call it (``_decode``) import it when they run, when every module can be imported.
So each module is importable on its own, in any order, and the annotations that can be real types
at run time are (``typing.get_type_hints`` works, except on names that close a cycle).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key
from typing import Any

from generator.diagnostics import UsageError
from generator.graphs import components
from generator.render import LINE_WIDTH
from generator.render.environment import render as render_template
from generator.render.fit import import_sorted, isort_sorted, natural_order
from generator.render.pytypes import TypeTable, top_level_refs
from generator.settings import LAYOUTS
from generator.targets import Job
from generator.targets.module_names import RUNTIME, module_names
from generator.types import ir


def wants_modules(job: Job) -> bool:
    """Whether ``job`` asks for one module per type (and a known layout at all)."""
    if job.settings.layout not in LAYOUTS:
        raise UsageError(f"unknown layout {job.settings.layout!r} (known: {', '.join(LAYOUTS)})")
    return job.settings.layout == "modules"


# ---- what a rendered module uses ----------------------------------------------------------------------
@dataclass(frozen=True)
class Usage:
    """The names one rendered module defines and uses, by where they are needed."""

    defines: frozenset[str]
    at_import: frozenset[str]
    """Names evaluated when the module runs: bases, decorators, unquoted annotations, signatures, values."""
    in_strings: frozenset[str]
    """Names inside quoted annotations: only a type checker needs them."""
    functions: Mapping[str, tuple[int, frozenset[str]]]
    """Qualified function name -> (its body's indent, the global names its body uses when called)."""

    @property
    def names(self) -> frozenset[str]:
        return self.at_import | self.in_strings | frozenset().union(*(names for _, names in self.functions.values()))


class _Scanner:
    def __init__(self) -> None:
        self.at_import: set[str] = set()
        self.in_strings: set[str] = set()
        self.functions: dict[str, tuple[int, frozenset[str]]] = {}

    def annotation(self, node: ast.expr | None, into: set[str]) -> None:
        """A type expression: its names, and those of the string annotations inside it (not inside ``Literal``)."""
        todo = [node] if node is not None else []
        while todo:
            current = todo.pop()
            if isinstance(current, ast.Name):
                into.add(current.id)
            elif isinstance(current, ast.Constant) and isinstance(current.value, str):
                self.in_strings.update(_string_annotation(current.value))
            elif (
                isinstance(current, ast.Subscript)
                and isinstance(current.value, ast.Name)
                and current.value.id
                in (
                    "Literal",
                    "Annotated",
                )
            ):
                into.add(current.value.id)
                if current.value.id == "Annotated" and isinstance(current.slice, ast.Tuple) and current.slice.elts:
                    todo.append(current.slice.elts[0])
            else:
                todo.extend(ast.iter_child_nodes(current))  # type: ignore[arg-type]

    def value(self, node: ast.AST | None) -> None:
        for sub in ast.walk(node) if node is not None else ():
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                self.at_import.add(sub.id)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str) -> None:
        for decorator in node.decorator_list:
            self.value(decorator)
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]:
            if arg is not None:
                self.annotation(arg.annotation, self.at_import)
        self.annotation(node.returns, self.at_import)
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            self.value(default)
        local = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
        local.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
        loads: set[str] = set()
        for statement in node.body:
            for sub in ast.walk(statement):
                if isinstance(sub, ast.Name):
                    (loads if isinstance(sub.ctx, ast.Load) else local).add(sub.id)
                elif isinstance(sub, ast.arg):  # a lambda's
                    local.add(sub.arg)
        self.functions[qualname] = (node.body[0].col_offset, frozenset(loads - local))

    def statement(self, node: ast.stmt, scope: str) -> None:
        if isinstance(node, ast.ClassDef):
            for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self.value(expr)
            for statement in node.body:
                self.statement(statement, f"{scope}{node.name}.")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node, scope + node.name)
        elif isinstance(node, ast.AnnAssign):
            self.annotation(node.annotation, self.at_import)
            if isinstance(node.annotation, ast.Name) and node.annotation.id == "TypeAlias":
                self.annotation(node.value, self.at_import)
            else:
                self.value(node.value)
        elif isinstance(node, ast.Assign) and _is_typeddict_call(node.value):
            assert isinstance(node.value, ast.Call)
            self.value(node.value.func)
            for argument in node.value.args[1:]:
                if isinstance(argument, ast.Dict):
                    for item in argument.values:
                        self.annotation(item, self.at_import)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            self.value(node)


@functools.lru_cache(maxsize=4096)
def _string_annotation(text: str) -> frozenset[str]:
    """The names a quoted annotation uses (none when it is no expression: then it was no annotation)."""
    try:
        parsed = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return frozenset()
    scanner = _Scanner()
    scanner.annotation(parsed, scanner.in_strings)
    return frozenset(scanner.in_strings)


def _is_typeddict_call(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "TypedDict"


def _defines(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def scan(text: str) -> Usage:
    """What the module ``text`` defines at its top level and which names it uses where."""
    tree = ast.parse(text)
    scanner = _Scanner()
    defines: set[str] = set()
    for node in tree.body:
        defines.update(_defines(node))
        scanner.statement(node, "")
    return Usage(
        frozenset(defines - {"__all__"}),
        frozenset(scanner.at_import),
        frozenset(scanner.in_strings),
        scanner.functions,
    )


# ---- the import statements ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Import:
    """``from <module> import <names>``; without names, ``import <module>`` (``module`` may hold ``as``)."""

    module: str
    names: tuple[str, ...] = ()

    def binds(self, name: str) -> str:
        """The name one of ``names`` (or, without names, the statement) binds: ``field as _field`` -> _field."""
        if not self.names:
            return self.module.rpartition(" as ")[2] if " as " in self.module else self.module.partition(".")[0]
        return name.rpartition(" as ")[2]


def parse_imports(lines: Sequence[str]) -> list[list[Import]]:
    """The target's import lines for the single module, as values, in sections (an empty line between two)."""
    sections: list[list[Import]] = [[]]
    for line in lines:
        head, sep, names = line.partition(" import ")
        if not line.strip():
            sections.append([])
        elif line.startswith("import "):
            sections[-1].append(Import(line.removeprefix("import ").strip()))
        elif head.startswith("from ") and sep:
            sections[-1].append(Import(head.removeprefix("from ").strip(), tuple(n.strip() for n in names.split(","))))
        else:
            raise AssertionError(f"an import line layout cannot read: {line!r}")
    return [section for section in sections if section]


def _sorted_imports(imports: Mapping[str, Collection[str]]) -> list[Import]:
    """One import per module, modules and names in the order ruff's isort wants."""

    def order(a: str, b: str) -> int:
        return natural_order(a.casefold(), b.casefold()) or natural_order(a, b)

    modules = sorted(imports, key=cmp_to_key(order))
    return [Import(module, tuple(import_sorted(set(imports[module])))) for module in modules]


def render_imports(
    job: Job, sections: Sequence[Sequence[Import]], typing_only: Sequence[Import] = (), indent: int = 0
) -> str:
    """The import statements, as ``layout_imports.py.jinja`` lays them out (no trailing newline)."""
    if not any(sections) and not typing_only:
        return ""
    text = render_template(
        job.env, "layout_imports.py.jinja", sections=sections, typing_only=typing_only, indent=indent, width=LINE_WIDTH
    )
    return text.rstrip("\n")


# ---- one type's module --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModuleLayout:
    """The ``layout`` context of one type's module."""

    defined: frozenset[str] = frozenset()
    """The type names the module has at run time when its body runs (imported at module level)."""
    lazy_imports: Mapping[str, str] = field(default_factory=dict)
    """Qualified function name -> the import statements that open its body (with a blank line after)."""

    def defined_at(self, index: int) -> frozenset[str]:
        """The names an annotation may spell unquoted (the template's ``defined_at``; one type: any index)."""
        return self.defined

    def lazy(self, qualname: str) -> str:
        return self.lazy_imports.get(qualname, "")


@dataclass
class _Package:
    """What rendering one package's type modules needs and learns."""

    job: Job
    template: str
    external: list[list[Import]]
    """The single module's imports (standard library, the user's): each type's module takes the names it uses."""
    modules: dict[str, str]
    """Type name -> module name."""
    runtime: frozenset[str]
    """The names the runtime module defines."""
    context: Mapping[str, Any]
    """What else the target's template gets (as in the single module: ``keep``, ...)."""
    usage: dict[str, Usage] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    """Every top-level name a type's module defines -> that type's name."""
    types: TypeTable = field(default_factory=TypeTable)
    """Every type of the schema by name: the ``types`` of each render (computed once, not once per module)."""

    def __post_init__(self) -> None:
        self.types.update(self.job.types)

    def render(self, named: ir.NamedType, layout: ModuleLayout, imports: Sequence[str]) -> str:
        module = ir.Module(self.job.module.source, self.job.module.stem, (named,), None)
        return render_template(
            self.job.env,
            self.template,
            module=module,
            types=self.types,
            names=[named.name],
            imports=list(imports),
            layout=layout,
            **self.context,
        )


def _external_for(
    external: Sequence[Sequence[Import]], used: Collection[str], typing_only: bool = False
) -> list[list[Import]]:
    """The imports of the names ``used`` (and ``TYPE_CHECKING`` when ``typing_only``), section by section and
    line by line as the single module has them (ruff's isort keeps ``from x import a as b`` on its own line)."""
    sections: list[list[Import]] = []
    for section in external:
        found: list[Import] = []
        for item in section:
            if not item.names:
                if item.binds("") in used:
                    found.append(item)
                continue
            names = tuple(n for n in item.names if item.binds(n) in used)
            if names:
                found.append(Import(item.module, names))
        sections.append(found)
    if typing_only:
        first = sections[0] if sections else []
        typing = [i for i, item in enumerate(first) if item.module == "typing" and " as " not in item.names[0]]
        if typing:
            first[typing[0]] = Import("typing", tuple(import_sorted([*first[typing[0]].names, "TYPE_CHECKING"])))
        else:
            at = next((i for i, item in enumerate(first) if item.names and item.module > "typing"), len(first))
            first.insert(at, Import("typing", ("TYPE_CHECKING",)))
        sections[:1] = [first]
    return [section for section in sections if section]


def type_modules(
    job: Job, template: str, import_lines: Sequence[str], runtime: frozenset[str], context: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    """Every type's module: type name -> (module name, text). Two renders each: one to read what it uses,
    one to write. ``runtime``: the names the runtime module defines (none: no runtime module)."""
    order = list(job.module.types)
    public = [t.name for t in order] + (["DecodeError"] if runtime else [])
    names = module_names([t.name for t in order], public)
    package = _Package(job, template, parse_imports(import_lines), names, runtime, context)
    for named in order:
        usage = scan(package.render(named, ModuleLayout(), ()))
        package.usage[named.name] = usage
        for name in usage.defines:
            package.owner.setdefault(name, named.name)
    graph = {t.name: sorted(_references(package, t.name)) for t in order}
    position = {t.name: i for i, t in enumerate(order)}
    late: set[str] = set()
    texts: dict[str, str] = {}
    for component in components(graph):
        ordered = _needs_first(package, component, position)
        rank = {name: i for i, name in enumerate(ordered)}
        for name in ordered:
            texts[name] = _type_module(package, package.types[name], rank, late)
    return {t.name: (package.modules[t.name], texts[t.name]) for t in order}


def _needs_first(package: _Package, component: Sequence[str], position: Mapping[str, int]) -> list[str]:
    """The types of a component in the order their modules import each other at module level: a type whose
    module needs another's when it runs (a discriminated union's table names its members' decoders) comes
    after it; otherwise schema order. Needs that form a cycle themselves are left in schema order (then
    :func:`_type_module` reports the one that cannot be met)."""
    members = set(component)
    needs = {name: {package.owner.get(n, name) for n in package.usage[name].at_import} & members for name in component}
    for name in component:
        needs[name].discard(name)
    ordered: list[str] = []
    waiting = sorted(component, key=position.__getitem__)
    while waiting:
        ready = next((n for n in waiting if needs[n] <= set(ordered)), waiting[0])
        ordered.append(ready)
        waiting.remove(ready)
    return ordered


def _references(package: _Package, name: str) -> set[str]:
    """The other types whose modules ``name``'s module uses."""
    used = package.usage[name].names - package.usage[name].defines
    return {package.owner[n] for n in used if n in package.owner} - {name}


def _type_module(package: _Package, named: ir.NamedType, rank: Mapping[str, int], late: set[str]) -> str:
    """Render one type's module; ``rank`` orders its component, ``late`` gathers the aliases valued by a string."""
    layout, defined, header = _plan(package, named, rank, late)
    if isinstance(named, ir.Alias) and not top_level_refs(named.target) <= defined:
        late.add(named.name)  # its value is a string at run time (see pytypes.alias_value)
    return package.render(named, layout, header)


def _plan(
    package: _Package, named: ir.NamedType, rank: Mapping[str, int], late: set[str]
) -> tuple[ModuleLayout, frozenset[str], list[str]]:
    """What the module imports where: its ``layout`` context, the names it has at run time (for its
    annotations), and the import statements that open it."""
    usage = package.usage[named.name]
    at_module: dict[str, set[str]] = {}
    typing_only: dict[str, set[str]] = {}
    lazy: dict[str, dict[str, set[str]]] = {}
    for name in sorted(usage.names - usage.defines):
        if name in package.runtime:
            at_module.setdefault(f".{RUNTIME}", set()).add(name)
            continue
        owner = package.owner.get(name)
        if owner is None:
            continue
        where = "." + package.modules[owner]
        if owner not in rank or rank[owner] < rank[named.name]:  # an earlier type: imported when the module runs
            at_module.setdefault(where, set()).add(name)
            continue
        if name in usage.at_import:  # quoted where it is annotated (not in `defined`): a template used it outright
            raise UsageError(
                f"{package.template}: the module of {named.name} uses {name} when it is imported, but {name}"
                ' closes an import cycle with it (layout = "modules"): use it inside a function or quoted'
            )
        if name in usage.in_strings:
            typing_only.setdefault(where, set()).add(name)
        for qualname, (_, names) in usage.functions.items():
            if name in names:
                lazy.setdefault(qualname, {}).setdefault(where, set()).add(name)
    imported = {n for names in at_module.values() for n in names}
    defined = frozenset(n for n in imported if n in package.owner and n not in late)
    job = package.job
    external = _external_for(package.external, usage.names, bool(typing_only))
    local = _sorted_imports(at_module)
    header = render_imports(job, [*external, local], _sorted_imports(typing_only))
    lazy_text = {
        qualname: render_imports(job, [_sorted_imports(imports)], indent=usage.functions[qualname][0]) + "\n\n"
        for qualname, imports in lazy.items()
    }
    return ModuleLayout(defined, lazy_text), defined, [header] if header else []


# ---- the package ----------------------------------------------------------------------------------------
def package(
    job: Job,
    folder: str,
    template: str,
    import_lines: Sequence[str],
    *,
    kind: str,
    runtime: str | None = None,
    module: ir.Module | None = None,
    **context: Any,
) -> dict[str, str]:
    """Every file of the package ``<stem>/<folder>/``: path -> text. ``runtime``: the template of its runtime
    module; ``module``: the types to split when the target changed the job's (typed formats); ``context``: what
    else the templates get, as for the single module."""
    if module is not None:
        job = dataclasses.replace(job, module=module)
    where = f"{job.module.stem}/{folder}"
    files: dict[str, str] = {}
    runtime_names: frozenset[str] = frozenset()
    exports: dict[str, str] = {}
    if runtime is not None:
        types = TypeTable(job.types)
        usage = scan(render_template(job.env, runtime, module=job.module, types=types, imports=[], **context))
        imports = [render_imports(job, _external_for(parse_imports(import_lines), usage.names))]
        text = render_template(job.env, runtime, module=job.module, types=types, imports=imports, **context)
        files[f"{where}/{RUNTIME}.py"] = text
        runtime_names = usage.defines
        exports["DecodeError"] = RUNTIME
    for name, (file, text) in type_modules(job, template, import_lines, runtime_names, context).items():
        files[f"{where}/{file}.py"] = text
        exports[name] = file
    by_module: dict[str, set[str]] = {}
    for name, file in exports.items():
        by_module.setdefault(f".{file}", set()).add(name)
    init_imports = render_imports(job, [], _sorted_imports(by_module))
    files[f"{where}/__init__.py"] = render_template(
        job.env,
        "modules_init.py.jinja",
        module=job.module,
        kind=kind,
        exports=[(name, exports[name]) for name in isort_sorted(exports)],
        imports=[init_imports] if init_imports else [],
    )
    return dict(sorted(files.items()))
