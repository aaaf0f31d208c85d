"""The programmatic entry point that the CLI is a thin layer over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, SchemaError
from generator.settings import DEFAULT_TARGETS, Settings
from generator.write import Change, apply, compare


@dataclass(frozen=True)
class Result:
    """What a generate (or check) run found and did."""

    out: Path
    changes: tuple[Change, ...]
    counts: Mapping[str, int]
    written: bool

    @property
    def stale(self) -> tuple[Change, ...]:
        """Files that differ from what the schemas produce (changed, missing or extra)."""
        return tuple(c for c in self.changes if c.kind not in ("unchanged", "foreign"))

    def summary(self) -> str:
        n = self.counts
        where = self.out.as_posix()
        if self.written:
            parts = [f"{n['new']} new", f"{n['changed']} updated", f"{n['unchanged']} unchanged"]
            if n["removed"]:
                parts.append(f"{n['removed']} stale removed")
            if n["kept"]:
                parts.append(f"{n['kept']} extra kept")
            return f"schemagen: {where}: " + ", ".join(parts)
        if not self.stale:
            return f"schemagen: {where}: up to date ({len(self.changes)} files)"
        kinds = {k: sum(1 for c in self.stale if c.kind == k) for k in ("changed", "new", "extra")}
        return (
            f"schemagen: {where} is stale: {kinds['changed']} changed, {kinds['new']} missing, "
            f"{kinds['extra']} extra; run `schemagen generate`"
        )


def render_files(
    schemas: Sequence[Path],
    *,
    targets: Sequence[str] = DEFAULT_TARGETS,
    only: Sequence[str] = (),
    docs_flavor: str = "python",
    templates: Sequence[Path] = (),
    examples: Path | None = None,
    root: Path | None = None,
    extra: str = "ignore",
) -> dict[str, str]:
    """Render every target for every schema in memory: relative path -> text (see :func:`render`)."""
    return render(
        Settings(
            schemas=tuple(schemas),
            targets=tuple(targets),
            only=tuple(only),
            docs_flavor=docs_flavor,
            templates=tuple(templates),
            examples=examples,
            root=root,
            extra=extra,
        )
    )


def render(settings: Settings) -> dict[str, str]:
    """Render every target for every schema of ``settings`` in memory: relative path -> text.

    The result is memoized on disk (see :mod:`generator.memo`); it is the same either way.
    """
    from generator.memo import memoized
    from generator.resources import packaged_templates

    return memoized(settings, [*settings.templates, packaged_templates()], lambda: _render(settings))


def _render(settings: Settings) -> tuple[dict[str, str], list[Path]]:
    from generator.targets.typed import OptionError

    try:
        return _render_files(settings)
    except RecursionError:
        raise too_deep(settings) from None
    except OptionError as error:  # a type-map / format-types value this schema cannot take: at its line
        from generator.config import place

        raise place(error, error.option, settings) from None


def too_deep(settings: Settings) -> SchemaError:
    """A schema nested so deeply that a walker (ours or jsonschema's) ran out of stack: at its deepest node."""
    from generator.schema.loader import display_path
    from generator.schema.source import read_source

    problems = []
    for path in settings.schemas:
        source = read_source(path, display_path(path, settings.root))
        deepest = max(source.positions, key=lambda p: (p.count("/"), p), default="")
        levels = deepest.count("/")
        problems.append(source.diagnostic(deepest, f"schema nested too deeply to process ({levels} levels here)"))
    return SchemaError(problems)


def _render_files(settings: Settings) -> tuple[dict[str, str], list[Path]]:
    from generator.render.environment import environment
    from generator.resources import packaged_templates
    from generator.schema.loader import load
    from generator.schema.remote import Sources
    from generator.targets import Job
    from generator.types.build import build_module

    sources = Sources.create(settings.root, settings.ref_map, settings.vendor_dir, settings.fetch)
    workspace = load(settings.schemas, base=settings.root, default_dialect=settings.default_dialect, sources=sources)
    if "validators" in settings.targets:
        from generator.diagnostics import warn
        from generator.validation.patterns import pattern_warnings

        for warning in pattern_warnings(workspace.documents.values()):
            warn(warning)
    env = environment(settings.templates)
    template_dirs = [*settings.templates, packaged_templates()]
    examples = settings.examples
    example_values = _examples(examples, settings.root) if examples else {}
    files: dict[str, str] = {}
    owners: dict[str, str] = {}
    problems: list[Diagnostic] = []
    names: set[str] = set()
    for document in workspace.roots:
        module = build_module(workspace, document, only=settings.only)
        names.update(t.name for t in module.types)
        job = Job(workspace, document, module, env, settings, example_values)
        for target in settings.targets:
            for path, text in _render_target(target, job, template_dirs).items():
                problems.extend(_name_too_long(document, path))
                owner = owners.setdefault(path, document.display)
                if owner != document.display and files[path] != text:
                    problems.append(
                        document.diagnostic("", f"output {path} is also generated from {owner}; rename one schema")
                    )
                files[path] = text
    if problems:
        raise SchemaError(dict.fromkeys(problems))
    if not settings.only:
        from generator.targets.typed import check_names

        check_names(settings.type_map, names)
    read = [doc.path for doc in workspace.documents.values() if doc.path is not None]
    if examples:
        read.append(examples)
    return files, read


def _render_target(target: str, job: Any, template_dirs: list[Path]) -> dict[str, str]:
    """One target's files for one schema; memoized by the part of the input they depend on, if smaller."""
    from generator.memo import memoized_part
    from generator.targets import renderer, shaped_by

    render, part = renderer(target), shaped_by(target)
    if part is None:
        return render(job)
    return memoized_part(target, part(job), template_dirs, lambda: render(job))


_NAME_MAX = 255
"""The longest file name (in bytes) that common file systems hold."""


def _name_too_long(document: Any, path: str) -> list[Diagnostic]:
    """A diagnostic at the schema key a too-long file name comes from (before anything is written)."""
    long = [part for part in path.split("/") if len(part.encode("utf-8", "surrogateescape")) > _NAME_MAX]
    if not long:
        return []

    def squash(text: str) -> str:
        return "".join(c for c in text.lower() if c.isalnum())

    stem = squash(long[0].rpartition(".")[0] or long[0])
    keys = [
        p
        for p in document.source.positions
        if p and squash(p.rpartition("/")[2]) and squash(p.rpartition("/")[2]) in stem
    ]
    pointer = max(keys, key=lambda p: (len(squash(p.rpartition("/")[2])), -len(p)), default="")
    size = len(long[0].encode("utf-8", "surrogateescape"))
    message = f"the name {long[0][:40]}... makes a file name longer than {_NAME_MAX} bytes ({size}); shorten it"
    return [document.source.diagnostic(pointer, message)]


def _examples(path: Path, root: Path | None) -> dict[str, Any]:
    from generator.schema.loader import display_path
    from generator.schema.source import read_source

    source = read_source(path, display_path(path, root))
    if not isinstance(source.value, dict):
        raise SchemaError([source.diagnostic("", "an examples file maps type names to example values")])
    return source.value


def generate(
    schemas: Sequence[str | Path],
    out: str | Path = "generated",
    *,
    targets: Sequence[str] = DEFAULT_TARGETS,
    only: Sequence[str] = (),
    docs_flavor: str = "python",
    templates: Sequence[str | Path] = (),
    examples: str | Path | None = None,
    root: str | Path | None = None,
    check: bool = False,
    default_dialect: str | None = None,
    ref_map: Mapping[str, str | Path] | None = None,
    fetch: bool = False,
    vendor_dir: str | Path | None = None,
    extra: str = "ignore",
    format_types: bool | Sequence[str] = False,
    type_map: Mapping[str, Any] | None = None,
    layout: str = "module",
) -> Result:
    """Render ``schemas`` into ``out``; with ``check=True`` compare only and write nothing (see :func:`run`).

    ``default_dialect``, ``ref_map`` (URI prefix -> directory), ``fetch``, ``vendor_dir``, ``extra``,
    ``format_types``, ``type_map`` (key -> ``"module:Class"`` or {type, decode, encode}) and ``layout`` are the
    options of the same names in ``[tool.schemagen]``.
    """
    from generator.targets import typed

    settings = Settings(
        schemas=tuple(Path(s) for s in schemas),
        out=Path(out),
        targets=tuple(targets),
        only=tuple(only),
        docs_flavor=docs_flavor,
        templates=tuple(Path(t) for t in templates),
        examples=Path(examples) if examples is not None else None,
        root=Path(root) if root is not None else None,
        default_dialect=default_dialect,
        ref_map=tuple((prefix, Path(folder)) for prefix, folder in (ref_map or {}).items()),
        fetch=fetch,
        vendor_dir=Path(vendor_dir) if vendor_dir is not None else None,
        extra=extra,
        format_types=typed.format_types(
            format_types if isinstance(format_types, bool) else list(format_types), "format_types"
        ),
        type_map=typed.type_map(dict(type_map or {}), "type_map"),
        layout=layout,
    )
    return run(settings, check=check)


def run(settings: Settings, *, check: bool = False) -> Result:
    """Render the schemas of ``settings`` into ``settings.out``; with ``check=True`` compare only.

    Raises SchemaError (every problem, with file:line:col) before anything is written.
    """
    files = render(settings.replace(fetch=False) if check else settings)  # check never downloads
    out_dir = settings.out
    changes = compare(out_dir, files)
    if check:
        found = {k: sum(1 for c in changes if c.kind == k) for k in ("new", "changed", "unchanged", "extra")}
        return Result(out_dir, tuple(changes), found, written=False)
    counts: dict[str, int] = {str(k): v for k, v in apply(out_dir, changes).items()}
    return Result(out_dir, tuple(changes), counts, written=True)
