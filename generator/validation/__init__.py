"""The validation view: the exact semantics of a loaded schema as a plan, keyword by keyword.

:func:`prepare` readies a schema (mapping or path) with its registry; :func:`plan_schema` plans the
root and its named types (:mod:`generator.validation.planner`, into the typed
:mod:`generator.validation.plan`). Rendering the plan is the
``validators`` target's job (:mod:`generator.targets.validators`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import referencing
import referencing.jsonschema

from generator.diagnostics import Diagnostic, SchemaError
from generator.schema import pointer
from generator.schema.remote import Sources
from generator.validation.dialect import Dialect
from generator.validation.plan import Plan, PlanError
from generator.validation.planner import Planner
from generator.validation.scope import ACCEPTED, bare_uri
from generator.validation.table import DIALECTS, DRAFT_2020_12

__all__ = [
    "PlanError",
    "Prepared",
    "dialect_for",
    "named_types",
    "plan_schema",
    "prepare",
    "root_resource",
    "with_specifications",
]


@dataclass(frozen=True)
class Prepared:
    """A schema ready to plan: its registry, root URI, default dialect and how to report problems."""

    registry: referencing.Registry[Any]
    root_uri: str
    source: str
    defs: tuple[str, ...]
    diagnose: Callable[[str, str], Diagnostic] | None = None
    dialect: Dialect = DRAFT_2020_12
    """The dialect of documents (the root, or one it refers to) that declare no ``$schema``."""
    containers: Mapping[str, str] = field(default_factory=dict)
    """Named type -> the keyword that holds it (``$defs`` unless listed; ``definitions`` before 2019-09)."""


def dialect_for(uri: str | None) -> Dialect:
    """The keyword table of a dialect URI (``None``: 2020-12); an unknown one is refused with one line."""
    if uri is None:
        return DRAFT_2020_12
    found = DIALECTS.get(bare_uri(uri))
    if found is None:
        raise PlanError("", f"unknown default dialect {uri!r}: schemagen validates {ACCEPTED}")
    return found


def with_specifications(registry: referencing.Registry[Any] | None) -> referencing.Registry[Any]:
    """The user's registry plus the well-known metaschemas, as python-jsonschema combines them."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

    specifications: referencing.Registry[Any] = SPECIFICATIONS
    return specifications if registry is None else specifications.combine(registry)


def root_resource(contents: Any, dialect: Dialect) -> referencing.Resource[Any]:
    """The document as a ``referencing`` resource: its own ``$schema``'s specification, else ``dialect``'s."""
    default = referencing.jsonschema.specification_with(dialect.uri)
    declared = contents.get("$schema") if isinstance(contents, Mapping) else None
    if declared is not None and not isinstance(declared, str):
        raise PlanError("/$schema", "$schema must be a string (a metaschema URI)")
    return referencing.Resource.from_contents(contents, default_specification=default)


def named_types(contents: Any) -> dict[str, str]:
    """The named types of a document (``$defs`` entries, then ``definitions`` ones) -> their container."""
    found: dict[str, str] = {}
    if isinstance(contents, Mapping):
        for container in ("$defs", "definitions"):
            entries = contents.get(container)
            if isinstance(entries, Mapping):
                for name in entries:
                    found.setdefault(name, container)
    return found


def prepare(
    schema: Mapping[str, Any] | bool | str | Path,
    registry: referencing.Registry[Any] | None = None,
    *,
    default_dialect: str | None = None,
    sources: Sources | None = None,
) -> Prepared:
    """Accept a mapping (or boolean) schema, or a path to a schema file (its references read from
    ``sources``: the project root and ``ref-map``; default: the working directory, nothing remote)."""
    dialect = dialect_for(default_dialect)
    if isinstance(schema, (str, Path)):
        from generator.schema.loader import display_path, load

        base = sources.root if sources is not None else None
        workspace = load([Path(schema)], base=base, default_dialect=default_dialect, sources=sources, registry=registry)
        doc = workspace.roots[0]
        reg = with_specifications(registry).combine(workspace.registry)
        contents = doc.contents
        root = root_resource(contents, dialect).id() or doc.uri
        containers = named_types(contents)
        locate = workspace.locator(doc)
        return Prepared(reg, root, display_path(Path(schema)), tuple(containers), locate, dialect, containers)
    resource = root_resource(schema, dialect)
    uri = resource.id() or ""
    reg = with_specifications(registry).with_resource(uri, resource)
    _refuse_structureless_cycles(uri, schema, reg)
    containers = named_types(schema)
    return Prepared(reg, uri, "<schema>", tuple(containers), None, dialect, containers)


def _refuse_structureless_cycles(uri: str, schema: Any, registry: referencing.Registry[Any]) -> None:
    """A mapping schema gets the loader's check too: a ``$ref``/applicator loop with no structure step
    would make every instance recurse forever (the first such cycle, as a PlanError at its place)."""
    from generator.schema.cycles import structureless_cycles

    problems = structureless_cycles(
        [(uri, schema)], registry, lambda _, where, message: Diagnostic(where, 0, 0, message)
    )
    if problems:
        raise PlanError(problems[0].file, problems[0].message)  # the diagnostic's file holds the JSON pointer


def plan_schema(prepared: Prepared, *, formats: bool = False, types: Sequence[str] = ()) -> Plan:
    """Plan the root and the named types; raise SchemaError (files) or PlanError (mappings)."""
    entries = [("", "")]
    for name in types:
        entries.append((name, "#" + pointer.join("", prepared.containers.get(name, "$defs"), name)))
    try:
        return Planner(prepared.registry, formats=formats, dialect=prepared.dialect).plan(prepared.root_uri, entries)
    except PlanError as exc:
        if prepared.diagnose is None:
            raise
        raise SchemaError([prepared.diagnose(exc.where, f"cannot generate a validator: {exc.message}")]) from None
