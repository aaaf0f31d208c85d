"""Settings: ``[tool.schemagen]`` in ``pyproject.toml``, overridden by command-line flags."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import UsageError

DEFAULT_TARGETS = ("dataclasses", "typeddicts", "validators", "docs")
DOCS_FLAVORS = ("python", "typescript")
_KEYS = {"schemas", "out", "targets", "only", "docs-flavor", "docs_flavor", "templates", "examples"}


@dataclass(frozen=True)
class Settings:
    """One run's resolved settings; paths are absolute or relative to ``root``."""

    root: Path
    schemas: tuple[Path, ...] = ()
    out: Path = Path("generated")
    targets: tuple[str, ...] = DEFAULT_TARGETS
    only: tuple[str, ...] = ()
    docs_flavor: str = "python"
    templates: tuple[Path, ...] = ()
    examples: Path | None = None
    config_file: Path | None = field(default=None)


def _paths(value: Any, key: str, base: Path, where: str) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise UsageError(f"{where}: [tool.schemagen] {key} must be a path or a list of paths")
    return tuple(base / v for v in items)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise UsageError(f"{where}: [tool.schemagen] {key} must be a string or a list of strings")
    return tuple(items)


def read_config(config: Path | None) -> Settings:
    """Settings from ``config`` (or ./pyproject.toml when present); defaults otherwise."""
    explicit = config is not None
    path = config if config is not None else Path("pyproject.toml")
    if not path.is_file():
        if explicit:
            raise UsageError(f"{path}: config file not found")
        return Settings(root=Path.cwd())
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{where}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: cannot read config: {exc}") from None
    table = data.get("tool", {}).get("schemagen")
    root = path.resolve().parent
    if table is None:
        if explicit:
            raise UsageError(f"{where}: no [tool.schemagen] table")
        return Settings(root=root)
    if not isinstance(table, dict):
        raise UsageError(f"{where}: [tool.schemagen] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown [tool.schemagen] key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    settings = Settings(root=root, config_file=path.resolve())
    values: dict[str, Any] = {}
    if "schemas" in table:
        values["schemas"] = _paths(table["schemas"], "schemas", root, where)
    if "out" in table:
        values["out"] = _paths(table["out"], "out", root, where)[0]
    if "targets" in table:
        values["targets"] = _strings(table["targets"], "targets", where)
    if "only" in table:
        values["only"] = _strings(table["only"], "only", where)
    flavor = table.get("docs-flavor", table.get("docs_flavor"))
    if flavor is not None:
        values["docs_flavor"] = _strings(flavor, "docs-flavor", where)[0]
    if "templates" in table:
        values["templates"] = _paths(table["templates"], "templates", root, where)
    if "examples" in table:
        values["examples"] = _paths(table["examples"], "examples", root, where)[0]
    return _replace(settings, **values)


def _replace(settings: Settings, **values: Any) -> Settings:
    from dataclasses import replace

    return replace(settings, **values)


def override(
    settings: Settings,
    *,
    schemas: Sequence[str] = (),
    out: str | None = None,
    targets: Sequence[str] = (),
    only: Sequence[str] = (),
    docs_flavor: str | None = None,
    templates: Sequence[str] = (),
    examples: str | None = None,
) -> Settings:
    """Command-line flags win over the config file; their paths are relative to the cwd."""
    values: dict[str, Any] = {}
    if schemas:
        values["schemas"] = tuple(Path(s) for s in schemas)
    if out is not None:
        values["out"] = Path(out)
    if targets:
        values["targets"] = tuple(targets)
    if only:
        values["only"] = tuple(only)
    if docs_flavor is not None:
        values["docs_flavor"] = docs_flavor
    if templates:
        values["templates"] = tuple(Path(t) for t in templates)
    if examples is not None:
        values["examples"] = Path(examples)
    result = _replace(settings, **values)
    validate_settings(result)
    return result


def validate_settings(settings: Settings) -> None:
    from generator.targets import TARGETS

    for target in settings.targets:
        if target not in TARGETS:
            raise UsageError(f"unknown target {target!r} (known: {', '.join(TARGETS)})")
    if settings.docs_flavor not in DOCS_FLAVORS:
        raise UsageError(f"unknown docs flavor {settings.docs_flavor!r} (known: {', '.join(DOCS_FLAVORS)})")
    if not settings.schemas:
        raise UsageError("no schema given: pass SCHEMA paths or set [tool.schemagen] schemas")
    for folder in settings.templates:
        if not folder.is_dir():
            raise UsageError(f"{folder}: templates directory not found")
