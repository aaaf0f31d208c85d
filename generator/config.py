"""``[tool.schemagen]`` in ``pyproject.toml``, overridden by command-line flags: where :class:`Settings` are built.

The options themselves are declared once, as the fields of :class:`generator.settings.Settings`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.diagnostics import ConfigError, Diagnostic, UsageError
from generator.schema.vocabulary import ACCEPTED, dialect_uri
from generator.settings import (
    COMPAT_MODES,
    DEFAULT_TARGETS,
    DOCS_FLAVORS,
    EXTRA_MODES,
    LAYOUTS,
    Settings,
    config_keys,
    options,
)

__all__ = ["DEFAULT_TARGETS", "DOCS_FLAVORS", "KEYS", "Settings", "load_settings", "override", "read_config"]

KEYS = frozenset(key for option in options() for key in config_keys(option))
"""Every key ``[tool.schemagen]`` accepts."""


def _value(option: dataclasses.Field[Any], value: Any, base: Path, what: str) -> Any:
    """A config or flag value (a string, a list of strings, a table, a boolean) as the option's field value."""
    kind = option.metadata["kind"]
    if kind == "flag":
        if not isinstance(value, bool):
            raise UsageError(f"{what} must be true or false")
        return value
    if kind == "map":
        return _mapping(value, base, what)
    if kind in ("formats", "types"):
        from generator.targets import typed

        return typed.format_types(value, what) if kind == "formats" else typed.type_map(value, what)
    paths, several = kind in ("paths", "path"), kind.endswith("s")
    items = [value] if isinstance(value, str) else value
    expected = (
        ("a path or a list of paths" if paths else "a string or a list of strings")
        if several
        else ("a path (one string)" if paths else "one string")
    )
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items) or not (items or several):
        raise UsageError(f"{what} must be {expected}, not {_shown(value)}")
    if not several and len(items) != 1:
        raise UsageError(f"{what} must be {expected}, not a list of {len(items)}")
    for item in items:
        if not item.strip():
            raise UsageError(f"{what} must not be an empty string")
        if "\0" in item:
            raise UsageError(f"{what} must not contain a NUL character: {item!r}")
    converted = [base / v for v in items] if paths else items
    return tuple(converted) if several else converted[0]


def _shown(value: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", dict: "a table", list: "a list"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), type(value).__name__)


def _position(text: str, key: str) -> tuple[int, int]:
    """Where ``key = ...`` is written inside ``[tool.schemagen]`` (1, 1 when it cannot be found)."""
    import re

    lines = text.splitlines()
    inside = False
    pattern = re.compile(r"\s*(?:" + re.escape(key) + r"|\"" + re.escape(key) + r"\"|'" + re.escape(key) + r"')\s*=\s*")
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.replace(" ", "") in (f"[tool.schemagen.{key}]", f'[tool.schemagen."{key}"]'):
            return number, 1  # the option is a table of its own: [tool.schemagen.type-map]
        if stripped.startswith("["):
            inside = stripped.replace(" ", "").startswith(("[tool.schemagen]", '[tool."schemagen"]'))
            continue
        match = pattern.match(line) if inside else None
        if match:
            return number, match.end() + 1
    return 1, 1


def _mapping(value: Any, base: Path, what: str) -> tuple[tuple[str, Path], ...]:
    """A table ``{PREFIX = DIR}`` (config) or ``PREFIX=DIR`` strings (flags) as (prefix, path) pairs."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        pairs = [tuple(v.rsplit("=", 1)) if "=" in v else (v,) for v in value]
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = [()]
    if not all(len(p) == 2 and isinstance(p[1], str) and p[0] and p[1] for p in pairs):
        raise UsageError(f"{what} must map URI prefixes to directories (PREFIX=DIR, or a table)")
    if any("\0" in str(part) for pair in pairs for part in pair):
        raise UsageError(f"{what} must not contain a NUL character")
    return tuple((str(prefix), base / str(folder)) for prefix, folder in pairs)


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
        import re

        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) if at else str(exc)
        line, col = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        raise ConfigError([Diagnostic(where, line, col, f"invalid TOML: {message}")]) from None
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
    unknown = sorted(set(table) - KEYS)
    if unknown:
        line, col = _position(path.read_text(encoding="utf-8"), unknown[0])
        message = f"unknown [tool.schemagen] key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})"
        raise ConfigError([Diagnostic(where, line, col, message)])
    values: dict[str, Any] = {}
    for option in options():
        keys = config_keys(option)
        given = next((key for key in keys if key in table), None)
        if given is not None:
            try:
                values[option.name] = _value(option, table[given], root, f"[tool.schemagen] {given}")
                _check_choice(option.name, values[option.name])
            except UsageError as exc:
                line, col = _position(path.read_text(encoding="utf-8"), given)
                raise ConfigError([Diagnostic(where, line, col, str(exc))]) from None
    return Settings(config_file=path.resolve(), **{"root": root, **values})


def override(settings: Settings, flags: Mapping[str, Any]) -> Settings:
    """Command-line flags win over the config file; their paths are relative to the cwd.

    ``flags`` maps option names to what the command line gave (``None`` or ``[]``: not given).
    """
    values: dict[str, Any] = {}
    for option in options():
        value = flags.get(option.name)
        if value is not None and value != []:
            values[option.name] = _value(option, value, Path(), f"--{option.name.replace('_', '-')}")
    result = settings.replace(**values)
    validate_settings(result)
    if result.default_dialect is not None:
        result = result.replace(default_dialect=dialect_uri(result.default_dialect))
    return result


def load_settings(config: Path | None, flags: Mapping[str, Any]) -> Settings:
    """The settings of a command-line run: ``config`` (or ./pyproject.toml), then ``flags``, validated."""
    return override(read_config(config), flags)


def _check_choice(name: str, value: Any) -> None:
    """The options whose values come from a fixed list."""
    if name == "targets":
        from generator.targets import TARGETS

        for target in value:
            if target not in TARGETS:
                raise UsageError(f"unknown target {target!r} (known: {', '.join(TARGETS)})")
    if name == "docs_flavor" and value not in DOCS_FLAVORS:
        raise UsageError(f"unknown docs flavor {value!r} (known: {', '.join(DOCS_FLAVORS)})")
    if name == "layout" and value not in LAYOUTS:
        raise UsageError(f"unknown layout {value!r} (known: {', '.join(LAYOUTS)})")
    if name == "compat" and value not in COMPAT_MODES:
        raise UsageError(f"unknown compat mode {value!r} (known: {', '.join(COMPAT_MODES)})")
    if name == "extra" and value not in EXTRA_MODES:
        raise UsageError(f"unknown extra mode {value!r} (known: {', '.join(EXTRA_MODES)})")
    if name == "default_dialect" and value is not None and dialect_uri(value) is None:
        raise UsageError(f"unknown default dialect {value!r}: schemagen reads {ACCEPTED}")


def validate_settings(settings: Settings) -> None:
    _check_choice("targets", settings.targets)
    _check_choice("docs_flavor", settings.docs_flavor)
    _check_choice("default_dialect", settings.default_dialect)
    _check_choice("compat", settings.compat)
    _check_choice("extra", settings.extra)
    _check_choice("layout", settings.layout)
    if not settings.schemas:
        raise UsageError("no schema given: pass SCHEMA paths or set [tool.schemagen] schemas")
    if not settings.targets:
        raise UsageError("no target given: name at least one with --target or [tool.schemagen] targets")
    for option in options():
        value = getattr(settings, option.name)
        for item in value if isinstance(value, tuple) else (value,):
            path = item[1] if isinstance(item, tuple) else item  # a ref-map pair: its directory
            if isinstance(path, Path):
                try:
                    path.resolve()
                except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
                    raise UsageError(f"{path}: cannot follow its symlinks (they loop)") from None
    if settings.out.exists() and not settings.out.is_dir():
        raise UsageError(f"{settings.out}: the output directory is a file")
    for folder in settings.templates:
        if not folder.is_dir():
            raise UsageError(f"{folder}: templates directory not found")


def place(error: UsageError, option: str, settings: Settings) -> UsageError:
    """``error`` about ``option`` (a ``[tool.schemagen]`` key) at its line in the config file, when the
    value came from there and not from a flag; else ``error`` as it is."""
    path = settings.config_file
    if path is None:
        return error
    field = next((o for o in options() if option in config_keys(o)), None)
    try:
        from_file = read_config(path)
    except UsageError:
        return error
    if field is None or getattr(from_file, field.name) != getattr(settings, field.name):
        return error
    text = path.read_text(encoding="utf-8")
    line, col = next((p for p in (_position(text, k) for k in config_keys(field)) if p != (1, 1)), (1, 1))
    try:
        shown = str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return ConfigError([Diagnostic(shown, line, col, str(error))])
