"""Target ``dataclasses``: ``<stem>/models.py`` (or the package ``<stem>/models/``): ``from_dict`` / ``to_dict``."""

from __future__ import annotations

from generator.render import pytypes
from generator.render.environment import render as render_template
from generator.targets import Job
from generator.targets.layout import package, wants_modules
from generator.targets.package import package_files
from generator.targets.typed import apply, import_block
from generator.types import ir


def imports(module: ir.Module, *, keep: bool = False) -> list[str]:
    """The import lines the module needs, sorted as ruff's isort wants them (``keep``: extra = "keep")."""
    types = module.types
    models = [t for t in types if isinstance(t, ir.Model) and not pytypes.is_free_form(t)]
    enum_bases = {pytypes.enum_base(t) for t in types if isinstance(t, ir.Enum)}
    aliases = any(
        isinstance(t, ir.Alias)
        or (isinstance(t, ir.Model) and pytypes.is_free_form(t))
        or (isinstance(t, ir.Enum) and pytypes.enum_base(t) is None)
        for t in types
    )
    lines = ["from collections.abc import Callable"]
    if models:
        lines.append("from dataclasses import dataclass")
        if keep:  # aliased: a field named `field` would shadow it in the class body
            lines.append("from dataclasses import field as _field")
    lines.append("from enum import " + ", ".join(["Enum", *sorted(b for b in enum_bases if b)]))
    typing = ["Any", "TypeVar"]
    if models:
        typing.append("Self")
        if keep:
            typing.append("ClassVar")
    if aliases:
        typing.append("TypeAlias")
    if any(
        isinstance(t, ir.Enum) and pytypes.enum_base(t) is None and "Literal" in pytypes.literal_names(t) for t in types
    ):
        typing.append("Literal")
    lines.append("from typing import " + ", ".join(sorted(typing)))
    return lines


def render(job: Job) -> dict[str, str]:
    typed = apply(job.module, job.settings.format_types, job.settings.type_map)
    module = typed.module
    keep = job.settings.extra == "keep"
    lines = imports(module, keep=keep)
    if typed.encoders:
        lines = import_block([*typed.stdlib, *lines, *typed.user])
    if wants_modules(job):  # layout = "modules": the package <stem>/models/, one module per type
        runtime = "decode_runtime.py.jinja"
        files = package(
            job, "models", "dataclasses.py.jinja", lines, kind="Dataclasses", runtime=runtime, module=module, keep=keep,
            typed=typed,
        )  # fmt: skip
        return {**files, **package_files(job)}
    text = render_template(
        job.env,
        "dataclasses.py.jinja",
        module=module,
        types={t.name: t for t in module.types},
        names=[t.name for t in module.types],
        imports=lines,
        typed=typed,
        keep=keep,
    )
    return {f"{module.stem}/models.py": text, **package_files(job)}
