"""Bad input: one clear line per problem with file:line:col, exit 2, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import tree

CASES: dict[str, tuple[str, str]] = {
    # name: (file content, expected stderr line)
    "duplicate-key.yaml": (
        "$defs:\n  A:\n    type: object\n  A:\n    type: string\n",
        "duplicate-key.yaml:4:3: duplicate key 'A' (first defined at line 2, column 3)",
    ),
    "tabs.yaml": ("$defs:\n\tA: {}\n", "tabs.yaml:2:1: invalid YAML: found character that cannot start any token"),
    "unclosed.yaml": ("$defs: {A: [1, 2\n", "unclosed.yaml:2:1: invalid YAML: did not find expected ',' or ']'"),
    "trailing-comma.json": ('{"$defs": {"A": {},}}', "trailing-comma.json:1:20: invalid JSON: Expecting property name"),
    "empty.yaml": ("", "empty.yaml:1:1: file is empty"),
    "scalar.yaml": ("42\n", "scalar.yaml:1:1: a schema must be a mapping or a boolean, not a int scalar"),
    "wrong-type.yaml": (
        "$defs:\n  A:\n    type: object\n    required: id\n",
        "wrong-type.yaml:4:15: invalid schema at /$defs/A/required: 'id' is not of type 'array'",
    ),
    "negative.yaml": (
        "$defs:\n  A:\n    type: string\n    maxLength: -3\n",
        "negative.yaml:4:16: invalid schema at /$defs/A/maxLength: -3 is less than the minimum of 0",
    ),
    "unknown-type.yaml": (
        "$defs:\n  A:\n    type: strng\n",
        "unknown-type.yaml:3:11: invalid schema at /$defs/A/type: 'strng' is not one of ['array', 'boolean', "
        "'integer', 'null', 'number', 'object', 'string']",
    ),
    "bad-regex.yaml": (
        "$defs:\n  A:\n    type: string\n    pattern: '(['\n",
        "bad-regex.yaml:4:14: invalid schema at /$defs/A/pattern: '([' is not a 'regex'",
    ),
    "dialect.yaml": (
        "$schema: http://example.com/my-dialect\n$defs: {}\n",
        "dialect.yaml:1:10: unsupported $schema dialect 'http://example.com/my-dialect'",
    ),
    "missing-ref.yaml": (
        "$defs:\n  A:\n    type: object\n    properties:\n      b: {$ref: '#/$defs/Nope'}\n",
        "missing-ref.yaml:5:17: unresolvable $ref '#/$defs/Nope'",
    ),
    "missing-file.yaml": (
        "$defs:\n  A:\n    $ref: 'nowhere.yaml#/$defs/B'\n",
        "missing-file.yaml:3:11: $ref to a missing file nowhere.yaml",
    ),
    "cycle.yaml": (
        "$defs:\n  A: {$ref: '#/$defs/B'}\n  B: {$ref: '#/$defs/A'}\n",
        "cycle.yaml:2:13: $ref cycle with no structure: A -> B -> A",
    ),
    "deep.yaml": (
        "a: " + "[" * 10000 + "]" * 10000 + "\n",
        "deep.yaml:1:1003: invalid YAML: exceeded maximum nesting depth",
    ),
    "deep300.yaml": ("a: " + "[" * 300 + "]" * 300 + "\n", "deep300.yaml:1:203: nesting deeper than 200 levels"),
    "deep.json": ('{"a": ' + "[" * 10000 + "]" * 10000 + "}", "deep.json:1:1: nesting deeper than 200 levels"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_schema_gives_one_line_exit_2_and_writes_nothing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, expected = CASES[name]
    (tmp_path / name).write_text(content)
    out = tmp_path / "out"
    (out / "x").mkdir(parents=True)
    (out / "x" / "keep.py").write_text("precious\n")
    before = tree(out)
    monkeypatch.chdir(tmp_path)
    code = main(["generate", name, "--out", "out", "--target", "dataclasses"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert tree(out) == before


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
        capsys.readouterr().err.strip()
        == "schemagen: error: unknown target 'cobol' (known: dataclasses, typeddicts, validators, docs)"
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
