"""``isort_sorted`` orders ``__all__`` exactly as ruff's RUF022 fix does, with ruff itself as the oracle."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from generator.render.fit import isort_sorted

ALPHABET = "0123456789abcdefAZ_"


def _names(rng: random.Random) -> list[str]:
    """Identifiers shaped like generated type names: hashes, numbered duplicates, constants."""
    found: set[str] = set()
    while len(found) < rng.randint(2, 12):
        head = rng.choice(["T", "M", "X", "MAX_", "v", "Item"])
        found.add(head + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 7))))
    return sorted(found, key=lambda _: rng.random())


def test_known_case_from_a_schemastore_schema() -> None:
    # digit runs with a leading zero compare left-aligned; others by value
    names = ["T4f5d5", "T4f043", "T011dc", "T0fe8c", "T1f18c", "T16f8a", "T9d153"]
    assert isort_sorted(names) == ["T0fe8c", "T011dc", "T1f18c", "T4f043", "T4f5d5", "T9d153", "T16f8a"]


def test_same_order_as_ruff_fix(tmp_path: Path) -> None:
    rng = random.Random(20261207)
    cases = [_names(rng) for _ in range(300)]
    for number, names in enumerate(cases):
        (tmp_path / f"m{number}.py").write_text(f"__all__ = {names!r}\n")
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "RUF022", "--fix", "-q",
         str(tmp_path)],
        capture_output=True,
        check=False,
    )  # fmt: skip
    for number, names in enumerate(cases):
        fixed = (tmp_path / f"m{number}.py").read_text()
        namespace: dict[str, list[str]] = {}
        exec(fixed, namespace)
        assert isort_sorted(names) == namespace["__all__"], names
