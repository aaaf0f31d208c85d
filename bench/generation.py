"""Whole-process wall time of `schemagen generate` / `check` against datamodel-codegen.

Runs alternate (ours, theirs, ours, ...) so that machine noise hits both alike; each
figure is a ratio of medians measured in this one run, never a stored absolute time.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCHEMA = REPO / "schemas" / "batch.yaml"


COLD = dict(os.environ, SCHEMAGEN_NO_CACHE="1")


def wall(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternate(cases: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, case in cases.items():
            times[name].append(case())
    return times


def main(repeats: int = 15) -> list[tuple[str, float, float, float, float]]:
    """Rows: (case, median s, min s, max s, ratio to datamodel-codegen's median)."""
    work = Path(tempfile.mkdtemp(prefix="schemagen-bench-"))
    try:
        out = work / "out"
        ours = [str(BIN / "schemagen")]
        subprocess.run([*ours, "generate", str(SCHEMA), "--out", str(out)], cwd=REPO, check=True, capture_output=True)
        theirs = [
            str(BIN / "datamodel-codegen"), "--input", str(SCHEMA), "--input-file-type", "jsonschema",
            "--output-model-type", "dataclasses.dataclass", "--output", str(work / "dmcg.py"),
        ]  # fmt: skip
        fresh = work / "fresh"

        def generate() -> float:
            shutil.rmtree(fresh, ignore_errors=True)
            return wall([*ours, "generate", str(SCHEMA), "--out", str(fresh)], REPO)

        cases = {
            "datamodel-codegen (dataclasses)": lambda: wall(theirs, REPO),
            "schemagen generate (dataclasses + typeddicts, fresh dir)": generate,
            "schemagen check (up to date)": lambda: wall([*ours, "check", str(SCHEMA), "--out", str(out)], REPO),
            "schemagen generate, no cache (SCHEMAGEN_NO_CACHE=1)": lambda: wall(
                [*ours, "generate", str(SCHEMA), "--out", str(fresh)], REPO, COLD
            ),
            "schemagen check, no cache": lambda: wall([*ours, "check", str(SCHEMA), "--out", str(out)], REPO, COLD),
        }
        for case in cases.values():  # warm the OS caches once
            case()
        times = alternate(cases, repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    anchor = statistics.median(times["datamodel-codegen (dataclasses)"])
    rows = []
    for name, values in times.items():
        median = statistics.median(values)
        rows.append((name, median, min(values), max(values), median / anchor))
    return rows


if __name__ == "__main__":
    print("| case | median | min | max | ratio to datamodel-codegen |")
    print("| --- | --- | --- | --- | --- |")
    for name, median, low, high, ratio in main():
        print(f"| {name} | {median * 1000:.0f} ms | {low * 1000:.0f} ms | {high * 1000:.0f} ms | {ratio:.2f}x |")
