"""Target ``typeddicts``: ``<stem>/typeddicts.py`` (or the package ``<stem>/typeddicts/``): TypedDicts of raw JSON."""

from __future__ import annotations

from generator.render import pytypes
from generator.render.environment import render as render_template
from generator.targets import Job
from generator.targets.layout import package, wants_modules
from generator.targets.package import package_files
from generator.types import ir


def imports(module: ir.Module) -> list[str]:
    """The typing names the module uses, on one sorted import line."""
    names: set[str] = set()
    for named in module.types:
        if isinstance(named, ir.Model) and not pytypes.is_free_form(named):
            names.add("TypedDict")
            if any(not f.required for f in named.fields):
                names.add("NotRequired")
            if any("Any" in pytypes.py_type(f.type, {}, "typeddicts") for f in named.fields):
                names.add("Any")
            if any(f.tags for f in named.fields):
                names.add("Literal")
        else:
            names.add("TypeAlias")
            if isinstance(named, ir.Enum):
                names.update(pytypes.literal_names(named))
            if isinstance(named, ir.Model) or (
                isinstance(named, ir.Alias) and "Any" in pytypes.py_type(named.target, {}, "typeddicts")
            ):
                names.add("Any")
    return ["from typing import " + ", ".join(sorted(names))] if names else []


def render(job: Job) -> dict[str, str]:
    module = job.module
    if wants_modules(job):  # layout = "modules": the package <stem>/typeddicts/, one module per type
        files = package(job, "typeddicts", "typeddicts.py.jinja", imports(module), kind="TypedDicts")
        return {**files, **package_files(job)}
    text = render_template(
        job.env,
        "typeddicts.py.jinja",
        module=module,
        types=job.types,
        names=[t.name for t in module.types],
        imports=imports(module),
    )
    return {f"{module.stem}/typeddicts.py": text, **package_files(job)}
