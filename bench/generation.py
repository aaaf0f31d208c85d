"""Whole-process wall time of `schemagen generate` / `check` against datamodel-codegen.

Two inputs: the Batch schema and the whole OpenAI document. Runs alternate (anchor, ours,
anchor, ...) so machine noise hits both alike; every figure is a ratio of medians measured
in this one run, never a stored absolute time. "warm" runs use schemagen's on-disk cache
(a fresh cache directory per input, filled by one untimed run); "cold" runs turn it off.
"after an edit" runs change one word of one schema description before each run (untimed), with
the cache on, as a user's `generate` or a pre-commit `check` runs after editing the schema.
The same runs are made from this checkout and from the installed wheel (templates precompiled).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# Every process runs as on a user's machine: bytecode is cached (this sandbox turns it off, which
# would charge every run with compiling each module of ours from source, and of no anchor's).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
TARGETS = ("dataclasses", "typeddicts", "validators", "docs", "jsonschema")
INPUTS = {
    "Batch schema": (REPO / "schemas" / "batch.yaml", "jsonschema"),
    "whole OpenAI document": (REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml", "openapi"),
}

Row = tuple[str, str, float, float, float, float]  # input, case, median s, min s, max s, ratio to anchor


def wall(cmd: Sequence[str], env: dict[str, str], cwd: Path = REPO, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    code = subprocess.run(cmd, cwd=cwd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if code.returncode not in ok:
        raise subprocess.CalledProcessError(code.returncode, cmd)
    return elapsed


_DESCRIPTION = re.compile(r"(description:[ \t]*(?:[|>][-+]?\s*)?)([A-Za-z]+)")


class Editor:
    """A copy of a schema whose first schema description gets a new first word before each run."""

    def __init__(self, schema: Path, work: Path) -> None:
        self.text = schema.read_text(encoding="utf-8")
        start = self.text.find("\ncomponents:")  # OpenAPI: a schema's description, not the API's
        self.match = _DESCRIPTION.search(self.text, max(start, 0))
        if self.match is None:
            raise ValueError(f"{schema}: no description to edit")
        self.path = work / "edited" / schema.name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def edit(self) -> None:
        assert self.match is not None
        self.count += 1
        start, end = self.match.span(2)
        self.path.write_text(self.text[:start] + f"Edited{self.count}" + self.text[end:], encoding="utf-8")


def help_first_line(cmd: Sequence[str], env: dict[str, str], cwd: Path = REPO) -> float:
    """Seconds from starting ``cmd`` until the first line of its output arrives."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.stdout.read()
    return elapsed


def help_times(site: Path | None, repeats: int) -> list[tuple[str, float, float, float]]:
    """(where, median, min, max) of the first line of `schemagen --help`: checkout, installed wheel."""
    cases = {"checkout (console script)": lambda: help_first_line([str(BIN / "schemagen"), "--help"], dict(os.environ))}
    if site is not None:
        cmd = [sys.executable, "-m", "generator.cli", "--help"]
        cases["installed wheel"] = lambda: help_first_line(cmd, dict(os.environ, PYTHONPATH=str(site)), cwd=site)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(max(repeats, 5) * 2):
        for name, case in cases.items():
            times[name].append(case())
    return [(name, statistics.median(v), min(v), max(v)) for name, v in times.items()]


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
    import compileall

    compileall.compile_dir(str(site), quiet=1)  # as pip install does
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
    editor = Editor(schema, work)
    edited_generate = [*ours, "generate", str(editor.path), *targets, "--out", str(work / "edit-out")]
    edited_check = [*ours, "check", str(editor.path), *targets, "--out", str(work / "edit-out")]
    editor.edit()
    subprocess.run(edited_generate, cwd=REPO, env=warm, check=True, capture_output=True)

    def after_edit(cmd: list[str], env: dict[str, str], cwd: Path = REPO) -> Callable[[], float]:
        def run() -> float:
            editor.edit()
            return wall(cmd, env, cwd, ok=(0, 1))  # check: 1, the output is stale after the edit

        return run

    cases["schemagen generate, 5 targets, after an edit"] = after_edit(edited_generate, warm)
    cases["schemagen check, after an edit"] = after_edit(edited_check, warm)
    if site is not None:
        wheel_warm = dict(warm, PYTHONPATH=str(site))
        edited_wheel = [sys.executable, "-m", "generator.cli", *edited_generate[1:]]
        cases["schemagen generate, 5 targets, after an edit (installed wheel)"] = after_edit(
            edited_wheel, wheel_warm, work
        )
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


HELP: list[tuple[str, float, float, float]] = []
"""The first line of `schemagen --help` (see :func:`help_times`), filled by :func:`main`."""


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
    HELP[:] = help_times(site, repeats)
    shutil.rmtree(wheel_dir, ignore_errors=True)
    return rows


def help_table() -> str:
    lines = ["| first line of `schemagen --help` | median | min | max |", "| --- | --- | --- | --- |"]
    lines += [f"| {w} | {m * 1000:.0f} ms | {lo * 1000:.0f} ms | {hi * 1000:.0f} ms |" for w, m, lo, hi in HELP]
    return "\n".join(lines)


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
    print()
    print(help_table())
