"""`schemagen diff` on the command line: exit codes, formats, REV:PATH, the hook, check --compat, bad input."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import REPO

OLD = """\
$defs:
  Status:
    type: string
    enum: [validating, completed, cancelled]
  Batch:
    type: object
    properties:
      id: {type: string}
      status: {$ref: "#/$defs/Status"}
    required: [id]
$ref: "#/$defs/Batch"
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    return write(tmp_path / "old.yaml", OLD), write(tmp_path / "new.yaml", OLD.replace(", cancelled]", "]"))


def test_breaking_change_exits_1_with_a_witness(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["diff", *pair], capsys)
    assert status == 1, err
    first = out.splitlines()[0]
    assert first.startswith("new.yaml:4:11: enum-value-removed:")
    assert "affects Status, Batch.status" in first
    assert '"status": "cancelled"' in first
    assert out.splitlines()[-1] == "schemagen diff: 1 change(s); backward: breaking, forward: compatible"


def test_modes(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", *pair, "--mode", "forward"], capsys)[0] == 0
    assert run(["diff", *pair, "--mode", "full"], capsys)[0] == 1
    assert run(["diff", pair[1], pair[0]], capsys)[0] == 0  # adding a value is backward compatible
    assert run(["diff", pair[1], pair[0], "--mode", "forward"], capsys)[0] == 1
    assert run(["diff", pair[0], pair[0], "--mode", "full"], capsys)[0] == 0


def test_the_config_sets_the_mode(pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "pyproject.toml", '[tool.schemagen]\ncompat = "forward"\n')
    assert run(["diff", *pair], capsys)[0] == 0
    assert run(["diff", *pair, "--mode", "backward"], capsys)[0] == 1
    write(tmp_path / "pyproject.toml", '[tool.schemagen]\ncompat = "sideways"\n')
    status, _, err = run(["diff", *pair], capsys)
    assert status == 2
    assert "unknown compat mode 'sideways'" in err


def test_unknown_counts_as_breaking_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    old = write(tmp_path / "a.yaml", "type: string\nformat: date\n")
    new = write(tmp_path / "b.yaml", "type: string\nformat: date-time\n")
    status, out, _ = run(["diff", old, new], capsys)
    assert status == 1
    assert "unknown (format is asserted only when format validation is on" in out
    assert run(["diff", old, new, "--unknown", "allow"], capsys)[0] == 0


def test_json_format(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["diff", *pair, "--format", "json", "--type", "Batch"], capsys)
    assert status == 1
    document = json.loads(out)
    assert document["backward"] == "breaking" and document["forward"] == "compatible"
    (change,) = document["changes"]
    assert set(change) == {"pointer", "kind", "backward", "forward", "old", "new", "affects", "message", "witness"}
    assert change["pointer"] == "/$defs/Status/enum"
    assert change["old"] == "old.yaml:4:11" and change["new"] == "new.yaml:4:11"
    assert change["witness"]["backward"]["type"] == "Batch"
    assert change["witness"]["backward"]["payload"]["status"] == "cancelled"


def test_github_format(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["diff", *pair, "--format", "github"], capsys)
    assert status == 1
    (line,) = out.splitlines()
    assert line.startswith("::error file=new.yaml,line=4,col=11,title=schemagen diff enum-value-removed::")
    status, out, _ = run(["diff", *pair, "--format", "github", "--mode", "forward"], capsys)
    assert status == 0 and out.startswith("::notice file=new.yaml,line=4,col=11")


def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t"
    )
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose schema $refs a second file; the second file changes after the first commit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(
        root / "contract" / "batch.yaml", 'type: object\nproperties:\n  status: {$ref: "common.yaml#/$defs/Status"}\n'
    )
    write(root / "contract" / "common.yaml", "$defs:\n  Status: {enum: [a, b, c]}\n")
    write(root / "pyproject.toml", '[tool.schemagen]\nschemas = ["contract/batch.yaml"]\nout = "generated"\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1")
    write(root / "contract" / "common.yaml", "$defs:\n  Status: {enum: [a, b]}\n")
    monkeypatch.chdir(root)
    return root


def test_revision_reads_its_own_refs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["diff", "HEAD:contract/batch.yaml", "contract/batch.yaml"], capsys)
    assert status == 1, err
    assert "contract/common.yaml:2:18: enum-value-removed" in out
    assert '"status": "c"' in out
    status, out, _ = run(["diff", "HEAD:contract/batch.yaml", "HEAD:./contract/batch.yaml", "--format", "json"], capsys)
    assert status == 0 and json.loads(out)["changes"] == []
    (repo / "sub").mkdir()
    os.chdir(repo / "sub")
    args = ["diff", "HEAD:../contract/batch.yaml", "../contract/batch.yaml", "--format", "json"]
    status, out, _ = run([*args, "--config", "../pyproject.toml"], capsys)  # the project root: the config's folder
    assert status == 1
    assert json.loads(out)["changes"][0]["old"] == "HEAD:contract/common.yaml:2:18"


def test_the_pre_commit_hook_entry(repo: Path) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["schemagen-compat"]
    assert hook["pass_filenames"] is False
    command = [sys.executable, "-m", "generator.cli", *shlex.split(hook["entry"])[1:], "--against", "main"]
    failed = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert failed.returncode == 1, failed.stderr
    assert "enum-value-removed" in failed.stdout
    git(repo, "commit", "-qam", "v2")
    passed = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    write(repo / "contract" / "new.yaml", "type: string\n")  # new at the working tree: nothing to compare
    fresh = subprocess.run([*command, "contract/new.yaml"], cwd=repo, capture_output=True, text=True, check=False)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr


def test_check_compat(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["generate"], capsys)[0] == 0
    status, out, _ = run(["check", "--compat", "HEAD"], capsys)
    assert status == 1
    assert "enum-value-removed" in out
    write(repo / "pyproject.toml", '[tool.schemagen]\nschemas = ["contract/batch.yaml"]\ncompat = "forward"\n')
    assert run(["check", "--compat", "HEAD"], capsys)[0] == 0
    assert run(["check", "--compat", "HEAD", "--compat-mode", "backward"], capsys)[0] == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["diff", "old.yaml"], "diff takes OLD and NEW"),
        (["diff", "old.yaml", "missing.yaml"], "missing.yaml: file not found"),
        (["diff", "old.yaml", "broken.yaml"], "broken.yaml:2:"),
        (["diff", "old.yaml", "old.yaml", "--type", "Nope"], "old.yaml:2:3: no definition 'Nope' in $defs"),
        (["diff", "old.yaml", "invalid.yaml"], "invalid.yaml:1:7: invalid schema"),
        (["diff", "nope-rev:old.yaml", "old.yaml"], "schemagen: error: git"),
        (["diff", "old.yaml", "old.yaml", "--mode", "sideways"], "invalid choice"),
    ],
)
def test_bad_input(
    pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    write(tmp_path / "broken.yaml", "type: object\n  : [\n")
    write(tmp_path / "invalid.yaml", "type: 12\n")
    try:
        status, out, err = run(args, capsys)
    except SystemExit as exc:
        status, (out, err) = int(exc.code or 0), capsys.readouterr()
    assert status == 2
    assert out == ""
    (line,) = err.strip().splitlines()
    assert expected in line, line
    assert "Traceback" not in err


def test_ref_map_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both versions read remote $refs through [tool.schemagen] ref-map, as generate does."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "vendor" / "schemas" / "common.yaml", "$defs:\n  Status: {enum: [a, b, c]}\n")
    body = 'type: object\nproperties:\n  status: {$ref: "https://example.com/schemas/common.yaml#/$defs/Status"}\n'
    old = write(tmp_path / "old.yaml", body)
    new = write(tmp_path / "new.yaml", body + "required: [status]\n")
    status, _, err = run(["diff", old, new], capsys)
    assert status == 2
    assert "cannot resolve $ref 'https://example.com/schemas/common.yaml#/$defs/Status'" in err
    write(
        tmp_path / "pyproject.toml",
        '[tool.schemagen]\nref-map = {"https://example.com/schemas/" = "vendor/schemas/"}\n',
    )
    status, out, err = run(["diff", old, new], capsys)
    assert status == 1, err
    assert "required-added" in out
