"""Bad input beyond the corpus (tests/test_bad_corpus.py): several files, several problems, usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main


def test_binary_and_non_utf8_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"a: 1\n\x00\x01\x02")
    (tmp_path / "latin.yaml").write_bytes(b"description: caf\xe9\n")
    assert main(["generate", "bin.yaml", "latin.yaml", "--out", "out"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["bin.yaml:2:1: file is binary (it contains a NUL byte)", "latin.yaml:1:17: file is not UTF-8 text"]
    assert not (tmp_path / "out").exists()


def test_all_problems_are_reported_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.yaml").write_text("$defs:\n  A: {type: object, required: x}\n  B: {type: string, minLength: -1}\n")
    assert main(["generate", "two.yaml"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert [line.split(":")[1] for line in err] == ["2", "3"]


def test_redefined_yaml_anchor_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anchors.yaml").write_text(
        "$defs:\n  A: {type: string, description: &d first}\n  B: {type: string, description: *d}\n"
        "  C: {type: string, description: &d second}\n  D: {type: string, description: *d}\n"
    )
    assert main(["generate", "anchors.yaml", "--out", "out", "--target", "typeddicts"]) == 0
    text = (tmp_path / "out" / "anchors" / "typeddicts.py").read_text()
    assert text.count('"""first"""') == 2
    assert text.count('"""second"""') == 2


def test_usage_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text("$defs: {A: {type: string}}\n")
    assert main(["generate", "s.yaml", "--target", "cobol"]) == 2
    assert (
        capsys.readouterr().err.strip() == "schemagen: error: unknown target 'cobol' "
        "(known: dataclasses, typeddicts, validators, docs, jsonschema, pydantic)"
    )
    assert main(["generate", "s.yaml", "--only", "Nope"]) == 2
    assert "s.yaml:1:1: --only names unknown type 'Nope' (known: A)" in capsys.readouterr().err
    assert main(["generate", "missing.yaml"]) == 2
    assert capsys.readouterr().err.strip() == "missing.yaml: file not found"
    with pytest.raises(SystemExit) as caught:
        main(["generate", "--bogus"])
    assert caught.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_no_traceback_from_the_real_process(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("$defs:\n  A: {type: 12}\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", "bad.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("bad.yaml:2:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "loop", "--out", "out"],
        ["generate", "good.yaml", "--out", "loop/out"],
        ["generate", "good.yaml", "--out", "out", "--templates", "loop"],
        ["check", "loop"],
    ],
)
def test_symlink_loops_in_paths_are_one_line(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "good.yaml").write_text("type: object\n")
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "loop" in err[0] and "Traceback" not in err[0], err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("loop", "no such file loop"),
        ("a" * 300 + ".yaml", "cannot read " + "a" * 300 + ".yaml: file name too long"),
    ],
)
def test_unreadable_ref_targets_keep_their_position(
    ref: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "s.yaml").write_text(f"type: object\nproperties:\n  x:\n    $ref: '{ref}'\n")
    assert main(["generate", "s.yaml", "--out", "out"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"s.yaml:4:11: cannot resolve $ref '{ref}': {message}"]
    assert not (tmp_path / "out").exists()


CONFIGS_THAT_DO_NOTHING = [
    ('schemas = ["s.yaml"]\ntargets = []\n', "schemagen: error: no target given"),
    ('schemas = ["s.yaml"]\nout = "s.yaml"\n', "the output directory is a file"),
    ('schemas = ["."]\n', ".: is a directory, not a schema file"),
]


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize("case", CONFIGS_THAT_DO_NOTHING, ids=["no-targets", "out-is-a-file", "schema-is-a-dir"])
def test_configs_that_would_do_nothing_or_write_into_a_file_are_one_line(
    command: str,
    case: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config, message = case
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text("type: object\n")
    (tmp_path / "pyproject.toml").write_text("[tool.schemagen]\n" + config)
    assert main([command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml", "s.yaml"]
    assert (tmp_path / "s.yaml").read_text() == "type: object\n"
