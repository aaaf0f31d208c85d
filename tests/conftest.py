"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.write import MANIFEST

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"

# The suite gets its own cache (compiled templates, meta-validation verdicts, render memo),
# so that runs never share state with the user's ~/.cache or with each other.
os.environ["SCHEMAGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="schemagen-test-cache-")


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (caches and schemagen's ownership manifest excluded): relative POSIX path -> text."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc") and p.name != MANIFEST
    }


@pytest.fixture
def import_from() -> Iterator[object]:
    """Import a generated module from a directory, and forget it afterwards."""
    added: list[str] = []
    before = set(sys.modules)

    def load(directory: Path, name: str) -> ModuleType:
        sys.path.insert(0, str(directory))
        added.append(str(directory))
        importlib.invalidate_caches()
        return importlib.import_module(name)

    yield load
    for entry in added:
        sys.path.remove(entry)
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        origins = [getattr(module, "__file__", None) or "", *getattr(module, "__path__", [])]
        if any(o.startswith(entry) for o in origins for entry in added):  # only what came from those directories
            del sys.modules[name]
