"""Memoized rendering: the rendered files of a run, keyed by every input that shapes them.

Rendering is a pure function of the input files (schemas and what they reference, the
examples file, every template), the options, the generator's own code and the versions
of the libraries it renders with. A hit is checked by re-hashing every input file, and
avoids importing jinja2, jsonschema and referencing at all; that is what keeps
``schemagen check`` in a pre-commit hook fast. A miss renders as usual. The memo never
changes output: ``SCHEMAGEN_NO_CACHE=1`` gives byte-identical results.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from generator.cache import cache_dir
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


def _environment_key() -> str:
    """The generator's own code and the installed libraries it renders with."""
    package = Path(__file__).resolve().parent
    parts = [f"{p.relative_to(package)}:{_digest(p)}" for p in sorted(package.rglob("*.py"))]
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is not None:
            stat = origin.stat()
            parts.append(f"{name}:{origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _entry_path(settings: Settings) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    text = json.dumps({"options": settings.key(), "environment": _environment_key()}, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    return root / "render" / key[:2] / f"{key}.json"


def memoized(
    settings: Settings,
    template_dirs: Sequence[Path],
    render: Callable[[], tuple[dict[str, str], list[Path]]],
) -> dict[str, str]:
    """``render()`` returns (files, input files read); its result is reused while no input changes.

    The entry is keyed by :meth:`Settings.key` (every setting that shapes the output) and the environment.
    """
    try:
        entry_path = _entry_path(settings)
    except OSError:
        entry_path = None
    if entry_path is not None:
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
            inputs: dict[str, str | None] = entry["inputs"]
            templates = [str(p) for p in _tree_files(template_dirs)]
            if sorted(templates) == sorted(entry["templates"]) and all(
                _digest(Path(p)) == digest for p, digest in inputs.items()
            ):
                files: dict[str, str] = entry["files"]
                return files
        except (OSError, ValueError, KeyError, TypeError):
            pass
    files, read = render()
    if entry_path is not None:
        all_inputs = sorted({str(p.resolve()) for p in read} | {str(p) for p in _tree_files(template_dirs)})
        entry = {
            "inputs": {p: _digest(Path(p)) for p in all_inputs},
            "templates": [str(p) for p in _tree_files(template_dirs)],
            "files": files,
        }
        try:
            entry_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entry), encoding="utf-8")
            os.replace(tmp, entry_path)
        except OSError:
            pass
    return files
