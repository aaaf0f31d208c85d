"""Hostile payloads (issue 12 item 8): deep nesting, NaN, line breaks in keys, closed stdin, costly patterns."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.api import generate
from generator.cli import main
from generator.targets.validators import compile_validator

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TREE = {
    "$defs": {
        "Node": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
        }
    },
    "$ref": "#/$defs/Node",
}


def deep(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    for _ in range(levels):
        node = {"children": [node]}
    return node


@pytest.mark.parametrize("levels", [sys.getrecursionlimit(), 20 * sys.getrecursionlimit()])
def test_a_deep_payload_is_invalid_never_a_recursion_error(levels: int) -> None:
    validator = compile_validator(TREE)
    payload = deep(levels)
    assert validator.is_valid(payload) is False
    errors = list(validator.iter_errors(payload))
    assert [e.keyword for e in errors] == ["depth"]
    assert errors[0].message == "nested too deeply to validate"
    with pytest.raises(validator.ValidationError, match="nested too deeply"):
        validator.validate(payload)
    assert validator.is_valid(deep(50))


def test_the_generated_module_too(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    generate([FIXTURES / "corpus" / "tree.yaml"], tmp_path, targets=["validators", "dataclasses"])
    validators = import_from(tmp_path, "tree.validators")
    models = import_from(tmp_path, "tree.models")
    node: dict[str, Any] = {"value": "leaf"}
    for _ in range(5 * sys.getrecursionlimit()):
        node = {"value": "x", "children": [node]}
    assert validators.is_valid(node) is False
    assert validators.is_valid_node(node) is False
    with pytest.raises(validators.ValidationError, match="nested too deeply"):
        validators.validate(node)
    with pytest.raises(models.DecodeError, match="too deep"):
        models.Node.from_dict(node)
    assert models.Node.from_dict({"value": "a", "children": [{"value": "b"}]}).children[0].value == "b"


def test_validate_cli_on_deep_payloads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "tree.json"
    schema.write_text(json.dumps(TREE), encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    nested = '{"children": [' * 900 + "{}" + "]}" * 900
    lines.write_text(nested + "\n" + '{"children": []}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    assert main(["validate", "--schema", str(schema), str(lines)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all("too deep" in line for line in out), out
    assert out[0].startswith(f"{lines}:1: ") and out[1].startswith(f"{lines}:3: ")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_treated_alike_in_json_and_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], constant: str
) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object"}', encoding="utf-8")
    verdicts = []
    for suffix in (".json", ".jsonl"):
        payload = tmp_path / f"p{suffix}"
        payload.write_text(f'{{"a": {constant}}}\n', encoding="utf-8")
        verdicts.append(main(["validate", "--schema", str(schema), str(payload)]))
        assert f"{constant.lstrip('-')} is not JSON" in capsys.readouterr().out
    assert verdicts == [1, 1]
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "validate", "--schema", str(schema), "-"],
            input=f'{{"a": {constant}}}\n',
            capture_output=True,
            text=True,
            check=False,
        ).returncode
        == 1
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_one_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"additionalProperties": {"type": "string"}}', encoding="utf-8")
    keys = ["a\nb", "c\rd", "e\u2028f", "g\u2029h", "i\x0bj", "k\x85l", "\ud800"]
    payload = tmp_path / "p.json"
    payload.write_text(json.dumps(dict.fromkeys(keys, 1)), encoding="utf-8")
    (tmp_path / "p.jsonl").write_text(json.dumps(dict.fromkeys(keys, 1)) + "\n", encoding="utf-8")
    assert main(["validate", "--schema", str(schema), "--format", fmt, str(payload), str(tmp_path / "p.jsonl")]) == 1
    out = capsys.readouterr().out
    assert out.encode("utf-8")  # no lone surrogate reaches the stream
    assert len(out.splitlines()) == 2 * len(keys), out
    if fmt == "json":
        assert [json.loads(line)["path"] for line in out.splitlines()][: len(keys)] == ["/" + k for k in keys]


def test_a_closed_stdin_is_a_usage_error(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object"}', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--schema", str(schema), "-"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "stdin" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_nested_quantifiers_warn_at_generate_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEMAGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SCHEMAGEN_NO_CACHE", raising=False)
    schema = tmp_path / "redos.yaml"
    schema.write_text(
        "type: object\nproperties:\n  a:\n    type: string\n    pattern: '^(a+)+$'\n"
        "  b: {type: string, pattern: '^a+$'}\n",
        encoding="utf-8",
    )
    for _ in range(2):  # the second run is served by the memo: the warning is replayed
        assert main(["generate", str(schema), "--out", str(tmp_path / "out")]) == 0
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1, err
        assert re.match(
            rf"^{re.escape(str(schema))}:5:14: warning: pattern '\^\(a\+\)\+\$': nested quantifiers", err[0]
        )


class _Counting:
    def __init__(self, search: Callable[[str], Any]) -> None:
        self.search = search
        self.calls: list[str] = []

    def __call__(self, value: str) -> Any:
        self.calls.append(value)
        return self.search(value)


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"a": {"pattern": "^x"}}},
        {"$defs": {"X": {"type": "string", "pattern": "^x"}}, "properties": {"a": {"$ref": "#/$defs/X"}}},
        {"patternProperties": {"^x": {"type": "integer"}}, "properties": {"a": {"pattern": "^x"}}},
    ],
)
def test_a_pattern_runs_once_per_value(schema: dict[str, Any]) -> None:
    validator = compile_validator(schema)
    counters = []
    for name, value in validator.namespace.items():
        if re.fullmatch(r"_P\d+", name):
            counter = _Counting(value._search)
            value._search = counter
            counters.append(counter)
    with pytest.raises(validator.ValidationError):
        validator.validate({"a": "y"})
    assert validator.is_valid({"a": "y"}) is False  # what `schemagen validate` does: check, then describe
    assert [e.path for e in validator.iter_errors({"a": "y"})] == ["/a"]
    assert sorted(v for c in counters for v in c.calls) == sorted(
        {"a", "y"} if "patternProperties" in schema else {"y"}
    )
