"""Memoized rendering: the rendered files of a run, keyed by every input that shapes them.

Rendering is a pure function of the input files (schemas and what they reference, the
examples file, every template), the options, the generator's own code and the versions
of the libraries it renders with. A hit is checked by re-hashing every input file, and
avoids importing jinja2, jsonschema and referencing at all; that is what keeps
``schemagen check`` in a pre-commit hook fast. A miss renders as usual. The memo never
changes output: ``SCHEMAGEN_NO_CACHE=1`` gives byte-identical results.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cache import cache_dir, recording
from generator.diagnostics import Diagnostic, collecting_warnings, warn
from generator.settings import Settings

_LIBRARIES = ("jinja2", "yaml", "jsonschema", "referencing", "jsonschema_specifications")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _tree_files(folders: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
    return files


@functools.cache
def _environment_key() -> str:
    """The generator's own code and the installed libraries it renders with (once a process: neither
    changes under a running generator)."""
    package = Path(__file__).resolve().parent
    parts = [f"{p.relative_to(package)}:{_digest(p)}" for p in sorted(package.rglob("*.py"))]
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is not None:
            stat = origin.stat()
            parts.append(f"{name}:{origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _entry_key(settings: Settings) -> str:
    text = json.dumps({"options": settings.key(), "environment": _environment_key()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _entry_path(key: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    return root / "render" / key[:2] / f"{key}.json"


def _checksum(key: str, inputs: Mapping[str, str], files: Mapping[str, str], warnings: Sequence[Any] = ()) -> str:
    text = json.dumps({"key": key, "inputs": inputs, "files": files, "warnings": list(warnings)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def safe_relative(path: object) -> bool:
    """Whether ``path`` is a plain relative POSIX path that stays inside the output directory."""
    if not isinstance(path, str) or not path or "\\" in path or "\0" in path or path.startswith("/"):
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts) and PurePosixPath(path).as_posix() == path


def _valid_entry(entry: Any, key: str) -> dict[str, str] | None:
    """The files of a cache entry, when it is whole, written for ``key``, and confined; else None."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    inputs, templates, files = entry.get("inputs"), entry.get("templates"), entry.get("files")
    if not isinstance(inputs, dict) or not isinstance(templates, list) or not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in inputs.items()):
        return None
    if not all(isinstance(v, str) and safe_relative(k) for k, v in files.items()):
        return None
    warnings = entry.get("warnings", [])
    shapes = (str, int, int, str)
    if not isinstance(warnings, list) or not all(
        isinstance(w, list) and len(w) == 4 and all(isinstance(v, t) for v, t in zip(w, shapes, strict=True))
        for w in warnings
    ):
        return None
    if entry.get("checksum") != _checksum(key, inputs, files, warnings):
        return None
    return files


def memoized(
    settings: Settings,
    template_dirs: Sequence[Path],
    render: Callable[[], tuple[dict[str, str], list[Path]]],
) -> dict[str, str]:
    """``render()`` returns (files, input files read); its result is reused while no input changes.

    The entry is keyed by :meth:`Settings.key` (every setting that shapes the output) and the environment,
    and records the digest of every input as it was actually read. An entry is used only when it is
    whole (its checksum matches), was written for this key, names only paths inside the output
    directory, and every input still has the recorded digest; anything else renders afresh.
    """
    try:
        key = _entry_key(settings)
        entry_path = _entry_path(key)
    except OSError:
        key, entry_path = "", None
    template_files = _tree_files(template_dirs)
    if entry_path is not None:
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
            cached = _valid_entry(entry, key)
            if (
                cached is not None
                and sorted(str(p) for p in template_files) == sorted(entry["templates"])
                and all(_digest(Path(p)) == digest for p, digest in entry["inputs"].items())
            ):
                for file, line, col, message in entry.get("warnings", []):
                    warn(Diagnostic(file, line, col, message))
                return cached
        except (OSError, ValueError, KeyError, TypeError):
            pass
    before = {str(p): _digest(p) for p in template_files}
    with collecting_warnings() as warned, recording() as reads:
        files, read = render()
    for diagnostic in warned:
        warn(diagnostic)
    warnings = [[d.file, d.line, d.col, d.message] for d in warned]
    if entry_path is None:
        return files
    inputs = dict(reads)
    for path in read:
        if str(path.resolve()) not in inputs:
            return files  # an input read without a digest: nothing trustworthy to key the entry by
    after = {str(p): _digest(p) for p in _tree_files(template_dirs)}
    if before != after or any(v is None for v in after.values()):
        return files  # a template changed while rendering
    inputs.update({p: d for p, d in after.items() if d is not None})
    entry = {
        "key": key,
        "inputs": inputs,
        "templates": sorted(after),
        "files": files,
        "warnings": warnings,
        "checksum": _checksum(key, inputs, files, warnings),
    }
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, entry_path)
    except OSError:
        pass
    return files


def memoized_part(
    target: str,
    shaped_by: object,
    template_dirs: Sequence[Path],
    render: Callable[[], dict[str, str]],
) -> dict[str, str]:
    """One target's files for one schema, reused while ``shaped_by`` is the same.

    For a target whose output depends on less than the whole input (the validators ignore
    descriptions, titles and examples), ``shaped_by`` is that part: a run after such an edit misses
    :func:`memoized` but finds this. The key adds the generator's code and libraries and every
    template's digest; an entry is used only when whole (checksum) and confined, as in :func:`memoized`.
    """
    root = cache_dir()
    if root is None:
        return render()
    try:
        templates = {str(p): _digest(p) for p in _tree_files(template_dirs)}
        text = json.dumps(
            {"target": target, "shaped_by": shaped_by, "templates": templates, "environment": _environment_key()},
            sort_keys=True,
            separators=(",", ":"),
            default=repr,
        )
    except (OSError, ValueError, TypeError):
        return render()
    key = hashlib.sha256(text.encode()).hexdigest()
    path = root / "parts" / key[:2] / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        files = entry["files"]
        if (
            entry["key"] == key
            and isinstance(files, dict)
            and all(safe_relative(k) and isinstance(v, str) for k, v in files.items())
            and entry["checksum"] == _checksum(key, {}, files)
        ):
            return dict(files)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    files = render()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        entry = {"key": key, "files": files, "checksum": _checksum(key, {}, files)}
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return files
