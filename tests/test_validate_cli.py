"""``schemagen validate``: JSON, JSONL, YAML and stdin payloads; text, json and github output; exit codes."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import validate_cli

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = str(ROOT / "schemas" / "batch.yaml")
EXAMPLE = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text(encoding="utf-8"))
BAD = {**EXAMPLE, "status": "done", "request_counts": {**EXAMPLE["request_counts"], "failed": "5"}}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    validate_cli.add_arguments(parser)
    code = validate_cli.run(parser.parse_args(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def payloads(tmp_path: Path) -> Path:
    (tmp_path / "good.json").write_text(json.dumps(EXAMPLE, indent=2), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(BAD, indent=2), encoding="utf-8")
    lines = [json.dumps(EXAMPLE), json.dumps(BAD), "{not json", "", json.dumps(EXAMPLE), "[1, 2"]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        "id: batch_1\nobject: batch\nendpoint: /v1/chat\ninput_file_id: f\ncompletion_window: 24h\n"
        "status: completed\ncreated_at: 1\nmetadata:\n  key: 5\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    return tmp_path


def test_a_good_payload_exits_0(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--schema", SCHEMA, str(payloads / "good.json")], capsys) == (0, "", "")


def test_errors_name_file_line_and_pointer(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--schema", SCHEMA, str(payloads / "bad.json"), str(payloads / "bad.yaml")], capsys)
    assert code == 1
    lines = out.splitlines()
    bad_json = str(payloads / "bad.json")
    status_line = 1 + json.dumps(BAD, indent=2).splitlines().index('  "status": "done",')
    failed_line = 1 + json.dumps(BAD, indent=2).splitlines().index('    "failed": "5"')
    assert lines[0] == f"{bad_json}:{status_line}: /status: " + (
        "'done' is not one of ['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired',"
        " 'cancelling', 'cancelled']"
    )
    assert lines[1] == f"{bad_json}:{failed_line}: /request_counts/failed: '5' is not of type 'integer'"
    assert lines[2] == f"{payloads / 'bad.yaml'}:9: /metadata/key: 5 is not of type 'string'"
    assert len(lines) == 3


def test_jsonl_is_reported_per_line_and_goes_on_after_bad_json(
    payloads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--schema", SCHEMA, str(payloads / "many.jsonl")], capsys)
    assert code == 1
    name = str(payloads / "many.jsonl")
    assert out.splitlines() == [
        f"{name}:2: /status: 'done' is not one of ['validating', 'failed', 'in_progress', 'finalizing',"
        " 'completed', 'expired', 'cancelling', 'cancelled']",
        f"{name}:2: /request_counts/failed: '5' is not of type 'integer'",
        f"{name}:3: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{name}:6: not valid JSON: Expecting ',' delimiter (column 7)",
    ]


def test_json_and_github_formats(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--schema", SCHEMA, "--format", "json", str(payloads / "bad.yaml")], capsys)
    assert code == 1
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "file": str(payloads / "bad.yaml"),
            "line": 9,
            "path": "/metadata/key",
            "message": "5 is not of type 'string'",
            "keyword": "type",
            "schema_path": "/$defs/BatchMetadata/additionalProperties/type",
        }
    ]
    code, out, _ = run(["--schema", SCHEMA, "--format", "github", str(payloads / "many.jsonl")], capsys)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"::error file={payloads / 'many.jsonl'},line=2::/status: 'done' is not one of")


def test_unparsable_documents_are_invalid_payloads(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--schema", SCHEMA, str(payloads / "broken.yaml"), str(payloads / "good.json")], capsys)
    assert code == 1
    assert out.startswith(f"{payloads / 'broken.yaml'}:")
    assert "not valid JSON/YAML" in out


def test_type_selects_a_defs_entry(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = payloads / "counts.json"
    counts.write_text('{"total": 1, "completed": "x"}', encoding="utf-8")
    code, out, _ = run(["--schema", SCHEMA, "--type", "RequestCounts", str(counts)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{counts}:1: /: 'failed' is a required property",
        f"{counts}:1: /completed: 'x' is not of type 'integer'",
    ]
    code, _, err = run(["--schema", SCHEMA, "--type", "Nope", str(counts)], capsys)
    assert code == 2
    assert "no $defs entry 'Nope'" in err
    assert "RequestCounts" in err


def test_usage_and_schema_errors_exit_2(payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--schema", SCHEMA, str(payloads / "missing.json")], capsys)
    assert (code, err.strip()) == (2, f"{payloads / 'missing.json'}: no such file")
    code, _, err = run(["--schema", SCHEMA, str(payloads)], capsys)
    assert (code, err.strip()) == (2, f"{payloads}: is a directory, not a payload file")
    broken = payloads / "schema.yaml"
    broken.write_text("type: object\nproperties:\n  a:\n    type: strin\n", encoding="utf-8")
    code, _, err = run(["--schema", str(broken), str(payloads / "good.json")], capsys)
    assert code == 2
    assert ":4:" in err.splitlines()[0], err
    assert len(err.strip().splitlines()) == 1


def test_stdin_jsonl_and_document(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.BytesIO((json.dumps(EXAMPLE) + "\n" + json.dumps(BAD) + "\n").encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    code, out, _ = run(["--schema", SCHEMA, "-"], capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("<stdin>:2: /status:")
    document = io.BytesIO(json.dumps(BAD, indent=2).encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(document))
    code, out, _ = run(["--schema", SCHEMA, "-"], capsys)
    assert code == 1
    assert out.splitlines()[1].startswith("<stdin>:")
    assert "/request_counts/failed" in out


def test_through_the_schemagen_command(payloads: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--schema", SCHEMA, str(payloads / "many.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr == ""


def test_a_large_jsonl_file_streams(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = json.dumps(EXAMPLE) + "\n"
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as f:
        for i in range(20000):
            f.write(line if i != 12345 else json.dumps({**EXAMPLE, "id": 1}) + "\n")
    code, out, err = run(["--schema", SCHEMA, str(big)], capsys)
    assert (code, err) == (1, "")
    assert out == f"{big}:12346: /id: 1 is not of type 'string'\n"


def test_progress_goes_to_a_terminal_stderr_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text((json.dumps(EXAMPLE) + "\n") * 5000, encoding="utf-8")
    monkeypatch.setattr(validate_cli, "_PROGRESS_BYTES", 1)
    code, out, err = run(["--schema", SCHEMA, str(big)], capsys)
    assert (code, out, err) == (0, "", "")  # stderr is not a terminal here: no progress
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(["--schema", SCHEMA, str(big)], capsys)
    assert (code, out) == (0, "")
    assert "payloads" in err
    assert err.startswith("\r")
    assert err.endswith("\r\x1b[K")


def test_the_schema_is_read_as_generate_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """default-dialect, ref-map and root from [tool.schemagen] or the flags, as for generate."""
    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    # no $schema: array-form items is draft-07 (2020-12's metaschema refuses it)
    (tmp_path / "tuple.json").write_text(json.dumps({"items": [{"type": "string"}], "additionalItems": False}))
    (tmp_path / "short.json").write_text('["a"]')
    (tmp_path / "long.json").write_text('["a", 1]')
    assert main(["validate", "--schema", "tuple.json", "short.json"]) == 2
    assert "tuple.json" in capsys.readouterr().err
    assert main(["validate", "--schema", "tuple.json", "--default-dialect", "draft-07", "short.json"]) == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemagen]\ndefault-dialect = "http://json-schema.org/draft-07/schema#"\n'
    )
    assert main(["validate", "--schema", "tuple.json", "short.json"]) == 0
    assert main(["validate", "--schema", "tuple.json", "long.json"]) == 1
    capsys.readouterr()
    # a remote $ref, read from a local copy
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "name.json").write_text('{"type": "string"}')
    (tmp_path / "remote.json").write_text('{"$ref": "https://example.com/schemas/name.json"}')
    (tmp_path / "one.json").write_text("1")
    assert main(["validate", "--schema", "remote.json", "short.json"]) == 2
    assert "cannot resolve $ref 'https://example.com/schemas/name.json'" in capsys.readouterr().err
    flags = ["--ref-map", "https://example.com/schemas/=vendor"]
    assert main(["validate", "--schema", "remote.json", *flags, "one.json"]) == 1
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemagen]\nref-map = {"https://example.com/schemas/" = "vendor"}\n'
    )
    assert main(["validate", "--schema", "remote.json", "one.json"]) == 1
    (tmp_path / "name.json").write_text('"x"')
    assert main(["validate", "--schema", "remote.json", "name.json"]) == 0
