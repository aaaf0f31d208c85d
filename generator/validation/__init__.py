"""Validators: JSON Schema 2020-12 validation code emitted from templates, and a runtime API over it.

``validator_source`` renders ``templates/validators.py.jinja`` for a schema; ``compile_validator``
renders the same source and executes it. Both go through the validation plan
(:mod:`generator.validation.plan`), which is where the 2020-12 semantics live.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import referencing
import referencing.jsonschema

from generator.diagnostics import Diagnostic, SchemaError
from generator.validation.plan import Plan, PlanError, Planner

__all__ = ["PlanError", "Validator", "compile_validator", "plan_schema", "render_plan", "validator_source"]


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
        from generator.loader import display_path, load

        workspace = load([Path(schema)])
        doc = workspace.roots[0]
        reg = workspace.registry
        if registry is not None:
            reg = registry.combine(reg)
        contents = doc.contents
        own = referencing.jsonschema.DRAFT202012.create_resource(contents).id()
        root = own or doc.uri
        defs = tuple(contents.get("$defs", {})) if isinstance(contents, dict) else ()
        return Prepared(reg, root, display_path(Path(schema)), defs, doc.diagnostic)
    resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
    uri = resource.id() or ""
    reg = (registry or referencing.Registry()).with_resource(uri, resource)
    defs = tuple(schema.get("$defs", {})) if isinstance(schema, Mapping) else ()
    return Prepared(reg, uri, "<schema>", defs)


def plan_schema(prepared: Prepared, *, formats: bool = False, types: Sequence[str] = ()) -> Plan:
    """Plan the root and the named ``$defs`` entries; raise SchemaError (files) or PlanError (mappings)."""
    entries = [("", "")]
    for name in types:
        entries.append((name, "#/$defs/" + name.replace("~", "~0").replace("/", "~1")))
    try:
        return Planner(prepared.registry, formats=formats).plan(prepared.root_uri, entries)
    except PlanError as exc:
        if prepared.diagnose is None or "#" in exc.where:
            raise
        raise SchemaError([prepared.diagnose(exc.where, f"cannot generate a validator: {exc.message}")]) from None


@lru_cache(maxsize=1)
def _environment() -> Any:
    """The packaged-templates environment of the runtime API, built once per process."""
    from generator.render import environment
    from generator.validation.filters import install

    return install(environment())


def _function_names(types: Sequence[str]) -> list[str]:
    from generator.naming import snake

    names: list[str] = []
    for name in types:
        base = snake(name) or "type"
        candidate, i = base, 2
        while candidate in names:
            candidate, i = f"{base}_{i}", i + 1
        names.append(candidate)
    return names


def render_plan(plan: Plan, *, source: str, types: Sequence[str] = (), env: Any = None) -> str:
    """Render the validators template for a plan (entries: the root, then ``types`` in order)."""
    from generator.render import render
    from generator.validation.filters import install

    env = install(env) if env is not None else _environment()
    entries = [("", "", plan.entries[0][1])]
    for (name, n), fn in zip(plan.entries[1:], _function_names(types), strict=True):
        entries.append((name, fn, n))
    exports = ["TYPES", "ValidationError"]
    for _, fn, _ in entries:
        exports += [f"{verb}_{fn}" if fn else verb for verb in ("is_valid", "iter_errors", "validate")]
    return render(env, "validators.py.jinja", plan=plan, entries=entries, source=source, exports=exports)


def validator_source(
    schema: Mapping[str, Any] | bool | str | Path,
    *,
    registry: referencing.Registry[Any] | None = None,
    formats: bool = False,
    types: Sequence[str] | None = None,
) -> str:
    """The Python source of a validator module for ``schema`` (all ``$defs`` entries by default)."""
    return _build(schema, registry, formats, types)[2]


def _build(
    schema: Mapping[str, Any] | bool | str | Path,
    registry: referencing.Registry[Any] | None,
    formats: bool,
    types: Sequence[str] | None,
) -> tuple[tuple[str, ...], Plan, str]:
    """The type names, the plan and the rendered source, shared by both entry points."""
    prepared = prepare(schema, registry)
    names = prepared.defs if types is None else tuple(types)
    plan = plan_schema(prepared, formats=formats, types=names)
    return names, plan, render_plan(plan, source=prepared.source, types=names)


class Validator:
    """A compiled validator: ``is_valid`` short-circuits, ``iter_errors`` yields all errors, ``validate`` raises."""

    def __init__(self, namespace: Mapping[str, Any], source: str, name: str | None = None) -> None:
        self.source = source
        self.namespace = namespace
        suffix = "" if name is None else "_" + namespace["_FUNCTIONS"][name]
        # the generated check itself, one call less than the public wrapper
        number = namespace["_ROOT"] if name is None else namespace["_NUMBERS"][name]
        self.is_valid: Callable[[Any], bool] = namespace[f"_v{number}"]
        self.iter_errors: Callable[[Any], Iterator[Any]] = namespace["iter_errors" + suffix]
        self.validate: Callable[[Any], None] = namespace["validate" + suffix]
        self.ValidationError: type[Exception] = namespace["ValidationError"]

    @property
    def types(self) -> tuple[str, ...]:
        """The ``$defs`` names this module has validators for."""
        return tuple(self.namespace["TYPES"])

    def for_type(self, name: str) -> Validator:
        """The validator of one ``$defs`` entry."""
        if name not in self.namespace["TYPES"]:
            raise KeyError(name)
        return Validator(self.namespace, self.source, name)


_COUNTER = [0]


def compile_validator(
    schema: Mapping[str, Any] | bool | str | Path,
    *,
    registry: referencing.Registry[Any] | None = None,
    formats: bool = False,
    types: Sequence[str] | None = None,
) -> Validator:
    """Render the validator template for ``schema`` (exactly as :func:`validator_source`) and execute it."""
    names, plan, source = _build(schema, registry, formats, types)
    _COUNTER[0] += 1
    filename = f"<schemagen validator {_COUNTER[0]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"__name__": f"schemagen_validator_{_COUNTER[0]}"}
    exec(compile(source, filename, "exec"), namespace)
    namespace["_FUNCTIONS"] = dict(zip(names, _function_names(names), strict=True))
    namespace["_NUMBERS"] = dict(plan.entries[1:])
    namespace["_ROOT"] = plan.entries[0][1]
    return Validator(namespace, source)
