"""Target ``validators``: ``<stem>/validators.py``, validators for the schema in its own dialect(s).

It is also the runtime API: ``validator_source`` renders the same template for a schema, and
``compile_validator`` executes what it renders.

One set of functions (``is_valid_<type>``, ``iter_errors_<type>``, ``validate_<type>``) per
named type that is a ``$defs`` (or ``definitions``) entry of the root schema, plus ``is_valid`` / ``iter_errors`` /
``validate`` for the document root. The code comes from ``validators.py.jinja`` through the
validation plan, exactly as ``generator.compile_validator`` renders it.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import referencing

from generator.diagnostics import SchemaError
from generator.schema.remote import Sources
from generator.schema.vocabulary import without_annotations
from generator.targets import Job
from generator.targets.package import package_files
from generator.validation import (
    Prepared,
    dialect_for,
    named_types,
    plan_schema,
    prepare,
    root_resource,
    with_specifications,
)
from generator.validation.plan import Plan, PlanError


def shaped_by(job: Job) -> object:
    """What this target's files depend on: every loaded document without its annotations (an edited
    description leaves the validators as they are), the module's names and the dialect option."""
    documents = job.workspace.documents
    return {
        "documents": {uri: without_annotations(documents[uri].contents) for uri in sorted(documents)},
        "module": [job.module.source, job.module.stem, [t.name for t in job.module.types]],
        "default_dialect": job.settings.default_dialect,
    }


def render(job: Job) -> dict[str, str]:
    doc = job.document
    contents = doc.contents
    containers = named_types(contents)
    named = {t.name for t in job.module.types}
    types = [name for name in containers if name in named]  # $defs order, as compile_validator has it
    try:
        dialect = dialect_for(job.settings.default_dialect)
    except PlanError as exc:
        raise SchemaError([doc.diagnostic("", exc.message)]) from None
    own = root_resource(contents, dialect).id()
    prepared = Prepared(
        registry=with_specifications(job.workspace.registry),
        root_uri=own or doc.uri,
        source=job.module.source,
        defs=tuple(types),
        diagnose=job.workspace.locator(doc),
        dialect=dialect,
        containers=containers,
    )
    plan = plan_schema(prepared, types=types)
    text = render_plan(plan, source=job.module.source, types=types, env=job.env)
    return {f"{job.module.stem}/validators.py": text, **package_files(job)}


@lru_cache(maxsize=1)
def _environment() -> Any:
    """The packaged-templates environment of the runtime API, built once per process."""
    from generator.render.environment import environment

    return environment()


def _function_names(types: Sequence[str]) -> list[str]:
    from generator.types.naming import snake

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
    from generator.render.environment import render

    env = env if env is not None else _environment()
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
    default_dialect: str | None = None,
) -> str:
    """The Python source of a validator module for ``schema`` (all ``$defs`` / ``definitions`` entries by
    default). ``default_dialect``: the ``$schema`` of documents that declare none (2020-12 when unset)."""
    return _build(schema, registry, formats, types, default_dialect=default_dialect)[2]


def _build(
    schema: Mapping[str, Any] | bool | str | Path,
    registry: referencing.Registry[Any] | None,
    formats: bool,
    types: Sequence[str] | None,
    *,
    default_dialect: str | None = None,
    sources: Sources | None = None,
) -> tuple[tuple[str, ...], Plan, str]:
    """The type names, the plan and the rendered source, shared by both entry points."""
    prepared = prepare(schema, registry, default_dialect=default_dialect, sources=sources)
    names = prepared.defs if types is None else tuple(types)
    plan = plan_schema(prepared, formats=formats, types=names)
    return names, plan, render_plan(plan, source=prepared.source, types=names)


class Validator:
    """A compiled validator: ``is_valid`` short-circuits, ``iter_errors`` yields all errors, ``validate`` raises."""

    def __init__(self, namespace: Mapping[str, Any], source: str, name: str | None = None) -> None:
        self.source = source
        self.namespace = namespace
        suffix = "" if name is None else "_" + namespace["_FUNCTIONS"][name]
        self.is_valid: Callable[[Any], bool] = namespace["is_valid" + suffix]
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
    default_dialect: str | None = None,
    root: str | Path | None = None,
    ref_map: Mapping[str, str | Path] | None = None,
) -> Validator:
    """Render the validator template for ``schema`` (exactly as :func:`validator_source`) and execute it.

    ``registry`` holds external ``$ref`` targets; the well-known metaschemas resolve either way.
    ``default_dialect`` is the ``$schema`` of documents that declare none (2020-12 when unset).
    For a schema file, ``root`` is the project root its local ``$ref``s must stay inside (default:
    the working directory) and ``ref_map`` maps URI prefixes to local folders (``--ref-map``)."""
    sources = None
    if root is not None or ref_map:
        pairs = tuple((prefix, Path(folder)) for prefix, folder in sorted((ref_map or {}).items()))
        sources = Sources.create(Path(root) if root is not None else None, pairs)
    names, plan, source = _build(schema, registry, formats, types, default_dialect=default_dialect, sources=sources)
    _COUNTER[0] += 1
    filename = f"<schemagen validator {_COUNTER[0]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"__name__": f"schemagen_validator_{_COUNTER[0]}"}
    exec(compile(source, filename, "exec"), namespace)
    namespace["_FUNCTIONS"] = dict(zip(names, _function_names(names), strict=True))
    namespace["_NUMBERS"] = dict(plan.entries[1:])
    namespace["_ROOT"] = plan.entries[0][1]
    return Validator(namespace, source)
