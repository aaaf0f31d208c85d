"""Generated code is product: mypy --strict, ruff check and ruff format clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, REPO

BIN = Path(sys.executable).parent
RUFF_CONFIG = REPO / "tests" / "generated-ruff.toml"
TREES = [REPO / "generated", GOLDEN]


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)


@pytest.mark.parametrize("root", TREES, ids=["generated", "golden"])
def test_ruff_check(root: Path) -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", "--config", str(RUFF_CONFIG), str(root))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("root", TREES, ids=["generated", "golden"])
def test_ruff_format(root: Path) -> None:
    result = run(str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", str(RUFF_CONFIG), str(root))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_generated() -> None:
    packages = [p for p in (REPO / "generated").iterdir() if (p / "__init__.py").exists()]
    result = run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, packages))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_corpus_goldens() -> None:
    # Each golden is its own package tree; check them in one mypy run via explicit files.
    files = sorted(str(p) for p in GOLDEN.rglob("*.py") if p.name != "__init__.py")
    result = run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--explicit-package-bases", *files)
    assert result.returncode == 0, result.stdout + result.stderr
