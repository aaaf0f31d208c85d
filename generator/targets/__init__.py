"""Targets: each one turns a view of a loaded schema into files (relative path -> text).

A target module exposes ``render(job: Job) -> dict[str, str]``. Paths are POSIX and
relative to the output directory. Targets are imported lazily, by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept out of the import path: `schemagen check` may never need them
    import jinja2

    from generator.schema.loader import Document, Workspace
    from generator.types import ir

TARGETS: Mapping[str, str] = {
    "dataclasses": "generator.targets.dataclasses",
    "typeddicts": "generator.targets.typeddicts",
    "validators": "generator.targets.validators",
    "docs": "generator.targets.docs",
    "jsonschema": "generator.targets.jsonschema",
    "pydantic": "generator.targets.pydantic",
}


@dataclass(frozen=True)
class Job:
    """Everything a target may use for one root schema."""

    workspace: Workspace
    document: Document
    module: ir.Module
    env: jinja2.Environment
    docs_flavor: str = "python"
    examples: Mapping[str, Any] = field(default_factory=dict)
    only: tuple[str, ...] = ()

    @property
    def types(self) -> dict[str, ir.NamedType]:
        return {t.name: t for t in self.module.types}


def renderer(name: str) -> Callable[[Job], dict[str, str]]:
    module = importlib.import_module(TARGETS[name])
    render: Callable[[Job], dict[str, str]] = module.render
    return render
