"""End to end, the way another repository uses schemagen: from a built wheel, outside this checkout.

Builds the wheel, installs it into a fresh venv, creates a git repository with its own schema,
pyproject config and Makefile, and drives `make generate`, `schemagen check` and the
pre-commit hook. Slow (pre-commit builds the hook's own environment); it runs in `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

SCHEMA = """\
$schema: https://json-schema.org/draft/2020-12/schema
$defs:
  Book:
    type: object
    description: A book in the catalogue.
    required: [isbn, title, author]
    properties:
      isbn: {type: string}
      title: {type: string}
      author: {$ref: "#/$defs/Author"}
      pages: {type: integer, minimum: 1}
  Author:
    type: object
    required: [name]
    properties:
      name: {type: string}
      born: {type: [integer, "null"]}
"""

PYPROJECT = """\
[project]
name = "library"
version = "1.0"

[tool.schemagen]
schemas = ["contract/library.yaml"]
out = "src/library_models"
targets = ["dataclasses", "typeddicts"]
"""

MAKEFILE = """\
SCHEMAGEN ?= schemagen

generate:
\t$(SCHEMAGEN) generate
"""


def run(cmd: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with schemagen installed from its wheel; returns its bin directory."""
    root = tmp_path_factory.mktemp("consumer-venv")
    wheels = root / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if built.returncode != 0:
        pytest.skip(f"building the wheel is impossible here: {built.stderr.strip().splitlines()[-1:]}")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The runtime dependencies come from this suite's own environment, so no download is needed.
    site = Path(
        subprocess.check_output([str(python), "-c", "import site; print(site.getsitepackages()[0])"], text=True).strip()
    )
    (site / "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("schemagen-*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True)
    return env_dir / "bin"


def consumer_env(bin_dir: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "GIT_"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        SCHEMAGEN_CACHE_DIR=str(home / "cache"),
    )
    return env


@pytest.fixture
def consumer(tmp_path: Path, installed: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "library"
    (repo / "contract").mkdir(parents=True)
    (repo / "contract" / "library.yaml").write_text(SCHEMA)
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / "Makefile").write_text(MAKEFILE)
    env = consumer_env(installed, tmp_path / "home")
    run(["git", "init", "-q"], repo, env)
    return repo, env


def test_the_installed_tool_runs_from_its_wheel(installed: Path, tmp_path: Path) -> None:
    env = consumer_env(installed, tmp_path)
    where = run([str(installed / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path, env)
    assert str(installed.parent) in where.stdout
    assert run(["schemagen", "--version"], tmp_path, env).stdout.strip() == "schemagen 0.1.0"


def test_make_generate_then_check_then_a_stale_edit(consumer: tuple[Path, dict[str, str]]) -> None:
    repo, env = consumer
    run(["make", "generate"], repo, env)
    out = repo / "src" / "library_models" / "library"
    assert sorted(p.name for p in out.iterdir()) == ["__init__.py", "models.py", "typeddicts.py"]
    assert "class Book:" in (out / "models.py").read_text()
    assert run(["schemagen", "check"], repo, env).returncode == 0
    schema = repo / "contract" / "library.yaml"
    schema.write_text(schema.read_text().replace("pages: {type: integer, minimum: 1}", "pages: {type: number}"))
    stale = run(["schemagen", "check"], repo, env, check=False)
    assert stale.returncode == 1
    assert "-    pages: int | None = None\n+    pages: float | None = None" in stale.stdout
    run(["make", "generate"], repo, env)
    assert run(["schemagen", "check"], repo, env).returncode == 0


def test_validate_from_the_installed_tool(consumer: tuple[Path, dict[str, str]]) -> None:
    repo, env = consumer
    (repo / "good.json").write_text('{"isbn": "1", "title": "T", "author": {"name": "A"}}\n')
    (repo / "bad.json").write_text('{"isbn": "1", "author": {"name": 3}}\n')
    good = run(
        ["schemagen", "validate", "--schema", "contract/library.yaml", "--type", "Book", "good.json"],
        repo,
        env,
        check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(
        ["schemagen", "validate", "--schema", "contract/library.yaml", "--type", "Book", "bad.json"],
        repo,
        env,
        check=False,
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.json:1:" in bad.stdout + bad.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_fails_on_stale_output_then_passes(consumer: tuple[Path, dict[str, str]]) -> None:
    repo, env = consumer
    pre_commit = [sys.executable, "-m", "pre_commit"]
    run(["make", "generate"], repo, env)
    schema = repo / "contract" / "library.yaml"
    schema.write_text(schema.read_text().replace("A book in the catalogue.", "A book on the shelf."))
    run(["git", "add", "-A"], repo, env)
    first = run([*pre_commit, "try-repo", str(REPO), "schemagen-check", "--all-files"], repo, env, check=False)
    if first.returncode != 0 and "schemagen" not in first.stdout:
        pytest.skip(f"pre-commit could not build the hook environment here:\n{first.stdout[-2000:]}")
    assert first.returncode == 1, first.stdout
    assert "A book on the shelf." in first.stdout
    run(["make", "generate"], repo, env)
    run(["git", "add", "-A"], repo, env)
    second = run([*pre_commit, "try-repo", str(REPO), "schemagen-check", "--all-files"], repo, env, check=False)
    assert second.returncode == 0, second.stdout
    gen = run([*pre_commit, "try-repo", str(REPO), "schemagen-generate", "--all-files"], repo, env, check=False)
    assert gen.returncode == 0, gen.stdout


def test_pre_commit_config_with_all_three_hooks(consumer: tuple[Path, dict[str, str]]) -> None:
    """The README's .pre-commit-config.yaml snippet, pointed at this checkout's HEAD."""
    repo, env = consumer
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    if head.returncode != 0:
        pytest.skip("this checkout has no commit for pre-commit to pin")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {REPO}\n"
        f"    rev: {head.stdout.strip()}\n"
        "    hooks:\n"
        "      - id: schemagen-check\n"
        "      - id: schemagen-validate\n"
        "        args: [--schema, contract/library.yaml, --type, Book]\n"
        "        files: ^payloads/\n"
    )
    (repo / "payloads").mkdir()
    (repo / "payloads" / "good.json").write_text('{"isbn": "1", "title": "T", "author": {"name": "A"}}\n')
    (repo / "payloads" / "bad.json").write_text('{"isbn": "1", "title": 2, "author": {"name": "A"}}\n')
    run(["make", "generate"], repo, env)
    run(["git", "add", "-A"], repo, env)
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    failed = run(pre_commit, repo, env, check=False)
    if failed.returncode != 0 and "schemagen" not in failed.stdout:
        pytest.skip(f"pre-commit could not build the hook environment here:\n{failed.stdout[-2000:]}")
    assert failed.returncode == 1, failed.stdout
    assert "payloads/bad.json:1:" in failed.stdout
    assert "/title" in failed.stdout
    (repo / "payloads" / "bad.json").write_text('{"isbn": "1", "title": "fixed", "author": {"name": "A"}}\n')
    run(["git", "add", "-A"], repo, env)
    passed = run(pre_commit, repo, env, check=False)
    assert passed.returncode == 0, passed.stdout
