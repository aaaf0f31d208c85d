"""Output is byte-identical under other hash seeds, locales, working directories and checkout paths;
two runs at once corrupt nothing; big and deep schemas generate without RecursionError."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.api import render_files
from tests.conftest import REPO, tree

TARGETS = ["--target", "dataclasses", "--target", "typeddicts", "--target", "jsonschema"]


def copy_project(dest: Path) -> Path:
    (dest / "schemas").mkdir(parents=True)
    shutil.copy(REPO / "schemas" / "batch.yaml", dest / "schemas" / "batch.yaml")
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    return dest


def generate(project: Path, cwd: Path, **env: str) -> dict[str, str]:
    out = project / "out"
    shutil.rmtree(out, ignore_errors=True)
    full_env = dict(os.environ, SCHEMAGEN_NO_CACHE="1", **env)
    cmd = [sys.executable, "-m", "generator.cli", "generate", "--config", str(project / "pyproject.toml"),
           "--out", str(out), *TARGETS]  # fmt: skip
    subprocess.run(cmd, cwd=cwd, env=full_env, check=True, capture_output=True)
    return tree(out)


def test_same_bytes_across_seeds_locales_cwds_and_checkout_paths(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "a" / "checkout")
    second = copy_project(tmp_path / "somewhere" / "else" / "entirely")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    runs = [
        generate(first, first, PYTHONHASHSEED="1", LC_ALL="C"),
        generate(first, elsewhere, PYTHONHASHSEED="2", LC_ALL="C.UTF-8"),
        generate(second, second, PYTHONHASHSEED="3", LANG="C.UTF-8"),
        generate(second, tmp_path, PYTHONHASHSEED="random"),
    ]
    assert all(run == runs[0] for run in runs[1:])
    assert runs[0]["batch/models.py"] == (REPO / "generated" / "batch" / "models.py").read_text()
    assert not any(str(tmp_path) in text for text in runs[0].values())  # no absolute paths in output


def test_two_generate_runs_at_once_corrupt_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = project / "out"
    expected = render_files([project / "schemas" / "batch.yaml"], targets=("dataclasses", "typeddicts", "jsonschema"),
                            root=project)  # fmt: skip
    cmd = [sys.executable, "-m", "generator.cli", "generate", "--config", str(project / "pyproject.toml"),
           "--out", str(out), *TARGETS]  # fmt: skip
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        procs = [subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
        codes = [p.wait() for p in procs]
        for p in procs:
            assert p.stdout is not None and p.stderr is not None
            p.stdout.close()
            p.stderr.close()
        assert codes == [0, 0, 0, 0]
        assert tree(out) == expected
        assert not list(out.rglob("*.tmp"))


def wide_and_deep_schema(count: int, depth: int) -> str:
    lines = ["$defs:"]
    for i in range(count):
        lines += [
            f"  T{i}:",
            "    type: object",
            "    properties:",
            "      id: {type: string}",
            f"      next: {{$ref: '#/$defs/T{(i + 1) % count}'}}",
            "      tags: {type: array, items: {type: string}}",
        ]
    nested = "{type: string}"
    for _ in range(depth):
        nested = f"{{type: object, properties: {{child: {nested}}}}}"
    lines += ["  Deep:", f"    {nested[1:-1].replace(', ', chr(10) + '    ', 1)}"]
    lines += ["  Chain:", "    type: object", "    properties:", "      self: {$ref: '#/$defs/Chain'}"]
    return "\n".join(lines) + "\n"


def test_two_thousand_types_and_deep_nesting_generate(tmp_path: Path) -> None:
    schema = tmp_path / "big.yaml"
    schema.write_text(wide_and_deep_schema(2000, 60))
    files = render_files([schema], targets=("dataclasses", "typeddicts"), root=tmp_path)
    models = files["big/models.py"]
    assert models.count("@dataclass(kw_only=True, slots=True)") > 2000
    compile(models, "big/models.py", "exec")
    compile(files["big/typeddicts.py"], "big/typeddicts.py", "exec")
