"""Write rendered files: compare with the disk, replace only what changed, atomically.

Everything is rendered in memory before this runs, so a bad input never writes anything.
Each file is written to a temporary sibling and moved into place with ``os.replace``, so a
crash leaves every file either entirely old or entirely new. Unchanged files are not
touched (their mtime is kept).
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.render import HEADER_MARKER

"""Files that carry this near their top are ours: a stale one may be removed."""

_IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}

ChangeKind = Literal["new", "changed", "unchanged", "extra"]


@dataclass(frozen=True)
class Change:
    """What one file needs, relative to the output directory."""

    path: str
    kind: ChangeKind
    old: str | None
    new: str | None

    def diff(self, out: Path) -> str:
        """A unified diff from the disk to the rendered text."""
        before = (self.old or "").splitlines(keepends=True)
        after = (self.new or "").splitlines(keepends=True)
        name = (out / self.path).as_posix()
        lines = difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _managed_files(out: Path, planned: Mapping[str, str]) -> Iterator[str]:
    """Files on disk in the directories the plan writes into, but not in the plan."""
    dirs = {Path(p).parent.as_posix() for p in planned}
    for rel_dir in sorted(dirs):
        folder = out / rel_dir
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.is_file() and not entry.name.startswith(".") and entry.suffix != ".pyc":
                rel = entry.relative_to(out).as_posix()
                if rel not in planned:
                    yield rel


def compare(out: Path, planned: Mapping[str, str]) -> list[Change]:
    """Every planned file's change, plus the extra files beside them, sorted by path."""
    changes: list[Change] = []
    for rel in sorted(planned):
        new = planned[rel]
        old = _read(out / rel)
        if old is None:
            kind: ChangeKind = "new"
        else:
            kind = "unchanged" if old == new else "changed"
        changes.append(Change(rel, kind, old, new))
    for rel in _managed_files(out, planned):
        changes.append(Change(rel, "extra", _read(out / rel), None))
    return sorted(changes, key=lambda c: c.path)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a same-directory temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply(out: Path, changes: list[Change]) -> dict[ChangeKind | Literal["removed", "kept"], int]:
    """Write new and changed files; remove extra files that schemagen generated. Returns counts."""
    counts: dict[ChangeKind | Literal["removed", "kept"], int] = {
        "new": 0, "changed": 0, "unchanged": 0, "removed": 0, "kept": 0, "extra": 0,
    }  # fmt: skip
    for change in changes:
        if change.kind in ("new", "changed"):
            assert change.new is not None
            atomic_write(out / change.path, change.new)
            counts[change.kind] += 1
        elif change.kind == "extra":
            if change.old is not None and HEADER_MARKER in change.old[:400]:
                (out / change.path).unlink()
                counts["removed"] += 1
            else:
                counts["kept"] += 1
        else:
            counts["unchanged"] += 1
    return counts
