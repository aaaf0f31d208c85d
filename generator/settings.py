"""The settings of one run: one frozen object that ``generate``, ``render_files``, the memo key and every target get.

Each option is declared once, as a field of :class:`Settings` whose metadata says how it is
spelled in ``[tool.schemagen]`` and what kind of value it takes. :mod:`generator.config` reads
the table and applies the command-line flags from these declarations; nothing else lists
the options again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DEFAULT_TARGETS = ("dataclasses", "typeddicts", "validators", "docs")
DOCS_FLAVORS = ("python", "typescript")
LAYOUTS = ("module", "modules")
"""``layout``: one module for all the types of a schema (``module``), or a package of one module per type."""
COMPAT_MODES = ("backward", "forward", "full")
"""``schemagen diff`` / ``check --compat`` modes: old data valid under new, new data valid under old, both."""
EXTRA_MODES = ("ignore", "keep")
"""What the dataclasses' ``from_dict`` does with keys a model does not declare: drop them, or keep them
on the instance (``_extra``) for ``to_dict`` to write back."""

Kind = Literal["paths", "path", "strings", "string", "map", "flag", "formats", "types"]
"""How an option's value is given: one or more paths, one path, one or more strings, one string,
a table of string -> path (``PREFIX=DIR`` flags), a boolean; ``formats``: true, false or a list of
formats; ``types``: a table of key -> ``module:Class`` or {type, decode, encode} (generator/targets/typed.py
reads both)."""


def _option(kind: Kind, *, key: str | None = None, shapes_output: bool = True) -> dict[str, Any]:
    return {"kind": kind, "key": key, "shapes_output": shapes_output}


@dataclass(frozen=True)
class Settings:
    """One run's resolved settings; relative paths are relative to the working directory.

    ``root`` is the project root: display paths start there and local ``$ref``s stay inside it
    (None: the working directory);
    ``config_file`` is the ``pyproject.toml`` they came from, if any.
    """

    schemas: tuple[Path, ...] = field(default=(), metadata=_option("paths"))
    out: Path = field(default=Path("generated"), metadata=_option("path", shapes_output=False))
    targets: tuple[str, ...] = field(default=DEFAULT_TARGETS, metadata=_option("strings"))
    only: tuple[str, ...] = field(default=(), metadata=_option("strings"))
    docs_flavor: str = field(default="python", metadata=_option("string", key="docs-flavor"))
    templates: tuple[Path, ...] = field(default=(), metadata=_option("paths"))
    examples: Path | None = field(default=None, metadata=_option("path"))
    layout: str = field(default="module", metadata=_option("string"))
    """``module``: ``<stem>/models.py``; ``modules``: the package ``<stem>/models/``, one module per type (LAYOUTS)."""
    default_dialect: str | None = field(default=None, metadata=_option("string", key="default-dialect"))
    """The dialect (metaschema URI) of documents that declare no ``$schema``; None: 2020-12."""
    compat: str = field(default="backward", metadata=_option("string", shapes_output=False))
    """The compatibility mode ``schemagen diff`` and ``check --compat`` enforce (one of COMPAT_MODES)."""
    ref_map: tuple[tuple[str, Path], ...] = field(default=(), metadata=_option("map", key="ref-map"))
    """(URI prefix, local directory): a ``$ref`` under the prefix is read from the directory."""
    fetch: bool = field(default=False, metadata=_option("flag", shapes_output=False))
    """Download each http(s) ``$ref`` once into ``vendor_dir`` (never in ``check``)."""
    vendor_dir: Path | None = field(default=None, metadata=_option("path", key="vendor-dir"))
    """Where fetched documents are kept (and read from); None: ``.schemagen/vendor`` under the root."""
    extra: str = field(default="ignore", metadata=_option("string"))
    """Unknown keys in the dataclasses: ``ignore`` them or ``keep`` them (one of EXTRA_MODES)."""
    root: Path | None = field(default=None, metadata=_option("path", shapes_output=False))
    """The project root: local ``$ref``s resolve only inside it. None: the working directory."""
    format_types: tuple[str, ...] = field(default=(), metadata=_option("formats", key="format-types"))
    """The formats whose strings the dataclasses decode to typed values (``true``: all of them)."""
    type_map: tuple[Any, ...] = field(default=(), metadata=_option("types", key="type-map"))
    """``TypeMapEntry``s (key, type, decode, encode): formats and named types the user's classes replace."""
    config_file: Path | None = None

    def replace(self, **values: Any) -> Settings:
        return dataclasses.replace(self, **values)

    def key(self) -> dict[str, Any]:
        """Every setting that shapes the rendered files, as JSON (paths resolved): the memo's options."""
        key: dict[str, Any] = {}
        for option in options():
            if option.metadata["shapes_output"]:
                key[option.name] = _jsonable(getattr(self, option.name))
        key["root"] = str((self.root or Path.cwd()).resolve())
        return key


def options() -> tuple[dataclasses.Field[Any], ...]:
    """The fields of :class:`Settings` that are options (set in ``[tool.schemagen]`` or by a flag)."""
    return tuple(f for f in dataclasses.fields(Settings) if "kind" in f.metadata)


def config_keys(option: dataclasses.Field[Any]) -> tuple[str, ...]:
    """The ``[tool.schemagen]`` keys of an option, the preferred spelling first (``docs-flavor``, ``docs_flavor``)."""
    preferred: str = option.metadata["key"] or option.name
    return tuple(dict.fromkeys((preferred, option.name)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
