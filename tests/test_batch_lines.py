"""The Batch API's JSONL line formats, as they are used: the request input and the output line.

The example lines are OpenAI's own, read from the reference document at test time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml

from generator.cli import main
from tests.conftest import REFERENCE, REPO

OPENAPI = REFERENCE / "openapi" / "openai-openapi.yaml"
SCHEMA = yaml.safe_load((REPO / "schemas" / "batch.yaml").read_text(encoding="utf-8"))


def _documented_example(component: str) -> dict[str, Any]:
    """The one-line example of a component, from its ``x-oaiMeta`` (found by text: the document is 600 KB)."""
    text = OPENAPI.read_text(encoding="utf-8")
    start = text.index(f"\n    {component}:\n")
    example = text.index("example: |\n", start)
    line = text[example:].splitlines()[1].strip()
    value: dict[str, Any] = json.loads(line)
    return value


INPUT = _documented_example("BatchRequestInput")
OUTPUT = _documented_example("BatchRequestOutput")


@pytest.fixture
def batch(import_from: Callable[[Path, str], ModuleType]) -> SimpleNamespace:
    return SimpleNamespace(
        models=import_from(REPO / "generated", "batch.models"),
        validators=import_from(REPO / "generated", "batch.validators"),
    )


def test_the_documented_lines_validate_and_round_trip(batch: Any) -> None:
    validators, models = batch.validators, batch.models
    assert validators.is_valid_batch_request_input(INPUT)
    assert validators.is_valid_batch_request_output(OUTPUT)
    request = models.BatchRequestInput.from_dict(INPUT)
    assert request.method == models.Method.POST and request.body["model"] == "gpt-4o-mini"
    assert request.to_dict() == INPUT
    result = models.BatchRequestOutput.from_dict(OUTPUT)
    assert result.response is not None and result.response.status_code == 200 and result.error is None
    assert result.to_dict() == OUTPUT


@pytest.mark.parametrize(
    ("component", "change"),
    [
        ("BatchRequestInput", lambda d: d.pop("body")),
        ("BatchRequestInput", lambda d: d.update(method="GET")),
        ("BatchRequestInput", lambda d: d.update(custom_id=1)),
        ("BatchRequestOutput", lambda d: d.pop("error")),
        ("BatchRequestOutput", lambda d: d.update(response={"status_code": "200"})),
        ("BatchRequestOutput", lambda d: d.update(error={"code": "x"})),
    ],
)
def test_broken_lines_are_invalid_as_python_jsonschema_says(batch: Any, component: str, change: Any) -> None:
    line = json.loads(json.dumps(INPUT if component == "BatchRequestInput" else OUTPUT))
    change(line)
    oracle = jsonschema.Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{component}"})
    assert not oracle.is_valid(line)
    check = getattr(batch.validators, "is_valid_batch_request_" + component.removeprefix("BatchRequest").lower())
    assert not check(line)


def test_validate_a_request_file_by_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "requests.jsonl"
    good.write_text(json.dumps(INPUT) + "\n" + json.dumps({**INPUT, "custom_id": "request-2"}) + "\n")
    schema = str(REPO / "schemas" / "batch.yaml")
    assert main(["validate", "--schema", schema, "--type", "BatchRequestInput", str(good)]) == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(INPUT) + "\n" + json.dumps({k: v for k, v in INPUT.items() if k != "url"}) + "\n")
    capsys.readouterr()
    assert main(["validate", "--schema", schema, "--type", "BatchRequestInput", str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [f"{bad}:2: /: 'url' is a required property"]
