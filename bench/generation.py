"""Whole-process wall time of `schemagen generate` / `check` against datamodel-codegen.

Two inputs: the Batch schema and the whole OpenAI document. Runs alternate (anchor, ours,
anchor, ...) so machine noise hits both alike; every figure is a ratio of medians measured
in this one run, never a stored absolute time. "warm" runs use schemagen's on-disk cache
(a fresh cache directory per input, filled by one untimed run); "cold" runs turn it off.
"""

from __future__ import annotations

import json
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
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
TARGETS = ("dataclasses", "typeddicts", "validators", "docs", "jsonschema")
INPUTS = {
    "Batch schema": (REPO / "schemas" / "batch.yaml", "jsonschema"),
    "whole OpenAI document": (REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml", "openapi"),
}

Row = tuple[str, str, float, float, float, float]  # input, case, median s, min s, max s, ratio to anchor


def wall(cmd: Sequence[str], env: dict[str, str], cwd: Path = REPO) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def built_wheel(work: Path) -> Path | None:
    """This checkout built as a wheel and unpacked (templates precompiled), or None if it cannot be built."""
    import zipfile

    wheels = work / "wheels"
    cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(wheels), str(REPO)]
    if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
        return None
    site = work / "site"
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as archive:
        archive.extractall(site)
    return site


def compare(label: str, schema: Path, kind: str, work: Path, *, repeats: int, site: Path | None) -> list[Row]:
    out, fresh = work / "out", work / "fresh"
    warm = dict(os.environ, SCHEMAGEN_CACHE_DIR=str(work / "cache"))
    cold = dict(os.environ, SCHEMAGEN_NO_CACHE="1")
    targets = [arg for t in TARGETS for arg in ("--target", t)]
    ours = [str(BIN / "schemagen")]
    generate = [*ours, "generate", str(schema), *targets]
    check = [*ours, "check", str(schema), *targets, "--out", str(out)]
    subprocess.run([*generate, "--out", str(out)], cwd=REPO, env=warm, check=True, capture_output=True)
    # datamodel-codegen's YAML loader refuses the OpenAI document's redefined anchors; it gets the
    # same document as JSON (anchors resolved), which is also the faster form for it to read.
    their_input = work / f"{schema.stem}.json"
    from generator.schema.source import read_source

    their_input.write_text(json.dumps(read_source(schema).value))
    theirs = [
        str(BIN / "datamodel-codegen"), "--input", str(their_input), "--input-file-type", kind,
        "--output-model-type", "dataclasses.dataclass", "--output", str(work / "dmcg.py"),
    ]  # fmt: skip

    def into_fresh(env: dict[str, str]) -> Callable[[], float]:
        def run() -> float:
            shutil.rmtree(fresh, ignore_errors=True)
            return wall([*generate, "--out", str(fresh)], env)

        return run

    anchor = "datamodel-codegen, dataclasses only"
    cases: dict[str, Callable[[], float]] = {
        anchor: lambda: wall(theirs, dict(os.environ)),
        "schemagen generate, 5 targets, fresh dir (warm cache)": into_fresh(warm),
        "schemagen check, up to date (warm cache)": lambda: wall(check, warm),
        "schemagen generate, 5 targets, fresh dir (no cache)": into_fresh(cold),
        "schemagen check, up to date (no cache)": lambda: wall(check, cold),
    }
    if site is not None:
        wheel_env = dict(cold, PYTHONPATH=str(site))
        from_wheel = [sys.executable, "-m", "generator.cli", "generate", str(schema), *targets, "--out", str(fresh)]

        def wheel_fresh() -> float:
            shutil.rmtree(fresh, ignore_errors=True)
            return wall(from_wheel, wheel_env, cwd=work)  # not the checkout: `-m` puts the cwd first on sys.path

        cases["schemagen generate, 5 targets, fresh dir (no cache, installed wheel)"] = wheel_fresh
    for case in cases.values():
        case()  # warm the OS caches once
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, case in cases.items():
            times[name].append(case())
    base = statistics.median(times[anchor])
    return [
        (label, name, statistics.median(v), min(v), max(v), statistics.median(v) / base) for name, v in times.items()
    ]


def main(repeats: int = 7) -> list[Row]:
    rows: list[Row] = []
    wheel_dir = Path(tempfile.mkdtemp(prefix="schemagen-wheel-"))
    site = built_wheel(wheel_dir)
    for label, (schema, kind) in INPUTS.items():
        if not schema.is_file():
            print(f"skipped {label}: {schema} not found", file=sys.stderr)
            continue
        work = Path(tempfile.mkdtemp(prefix="schemagen-bench-"))
        try:
            rows.extend(compare(label, schema, kind, work, repeats=repeats, site=site))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(wheel_dir, ignore_errors=True)
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| input | case | median | min | max | ratio to datamodel-codegen |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, name, median, low, high, ratio in rows:
        lines.append(f"| {label} | {name} | {median:.2f} s | {low:.2f} s | {high:.2f} s | {ratio:.2f}x |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)))
