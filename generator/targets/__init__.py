"""Targets: each one turns a view of a loaded schema into files (relative path -> text).

A target module exposes ``render(job: Job) -> dict[str, str]``. Paths are POSIX and
relative to the output directory. Targets are imported lazily, by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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


class Options(Protocol):
    """What a target reads of the run's settings.

    :class:`generator.settings.Settings` is what the API passes. It sits in the top stage, above
    the targets, so they name the part they read instead of importing it.
    """

    @property
    def docs_flavor(self) -> str: ...

    @property
    def only(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class _Defaults:
    """The defaults of :class:`generator.settings.Settings`, for a Job built without settings (tests)."""

    docs_flavor: str = "python"
    only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """Everything a target may use for one root schema."""

    workspace: Workspace
    document: Document
    module: ir.Module
    env: jinja2.Environment
    settings: Options = field(default_factory=_Defaults)
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
