"""The validation view: the exact semantics of a loaded schema as a plan, keyword by keyword.

:func:`prepare` readies a schema (mapping or path) with its registry; :func:`plan_schema` plans the
root and its named types (:mod:`generator.validation.planner`, into the typed
:mod:`generator.validation.plan`). Rendering the plan is the
``validators`` target's job (:mod:`generator.targets.validators`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import referencing
import referencing.jsonschema

from generator.diagnostics import Diagnostic, SchemaError
from generator.schema import pointer
from generator.validation.plan import Plan, PlanError
from generator.validation.planner import Planner

__all__ = ["PlanError", "Prepared", "plan_schema", "prepare"]


@dataclass(frozen=True)
class Prepared:
    """A schema ready to plan: its registry, root URI and how to report problems."""

    registry: referencing.Registry[Any]
    root_uri: str
    source: str
    defs: tuple[str, ...]
    diagnose: Callable[[str, str], Diagnostic] | None = None


def prepare(
    schema: Mapping[str, Any] | bool | str | Path, registry: referencing.Registry[Any] | None = None
) -> Prepared:
    """Accept a mapping (or boolean) schema, or a path to a schema file."""
    if isinstance(schema, (str, Path)):
        from generator.schema.loader import display_path, load

        workspace = load([Path(schema)])
        doc = workspace.roots[0]
        reg = workspace.registry
        if registry is not None:
            reg = registry.combine(reg)
        contents = doc.contents
        own = referencing.jsonschema.DRAFT202012.create_resource(contents).id()
        root = own or doc.uri
        defs = tuple(contents.get("$defs", {})) if isinstance(contents, dict) else ()
        return Prepared(reg, root, display_path(Path(schema)), defs, workspace.locator(doc))
    resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
    uri = resource.id() or ""
    reg = (registry or referencing.Registry()).with_resource(uri, resource)
    defs = tuple(schema.get("$defs", {})) if isinstance(schema, Mapping) else ()
    return Prepared(reg, uri, "<schema>", defs)


def plan_schema(prepared: Prepared, *, formats: bool = False, types: Sequence[str] = ()) -> Plan:
    """Plan the root and the named ``$defs`` entries; raise SchemaError (files) or PlanError (mappings)."""
    entries = [("", "")]
    for name in types:
        entries.append((name, "#" + pointer.join("", "$defs", name)))
    try:
        return Planner(prepared.registry, formats=formats).plan(prepared.root_uri, entries)
    except PlanError as exc:
        if prepared.diagnose is None:
            raise
        raise SchemaError([prepared.diagnose(exc.where, f"cannot generate a validator: {exc.message}")]) from None
