"""Targets: each one turns a view of a loaded schema into files (relative path -> text).

A target module exposes ``render(job: Job) -> dict[str, str]``. Paths are POSIX and
relative to the output directory. Targets are imported lazily, by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.settings import Settings

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
    settings: Settings = field(default_factory=Settings)
    examples: Mapping[str, Any] = field(default_factory=dict)
    """The examples file's values (type name -> value), read once per run."""

    @property
    def docs_flavor(self) -> str:
        return self.settings.docs_flavor

    @property
    def only(self) -> tuple[str, ...]:
        return self.settings.only

    @property
    def types(self) -> dict[str, ir.NamedType]:
        return {t.name: t for t in self.module.types}


def renderer(name: str) -> Callable[[Job], dict[str, str]]:
    module = importlib.import_module(TARGETS[name])
    render: Callable[[Job], dict[str, str]] = module.render
    return render


def shaped_by(name: str) -> Callable[[Job], object] | None:
    """A target's ``shaped_by(job)``, when its files depend on less than the whole input: that part, for
    the render memo (:func:`generator.memo.memoized_part`); None: the target has none."""
    found: Callable[[Job], object] | None = getattr(importlib.import_module(TARGETS[name]), "shaped_by", None)
    return found
