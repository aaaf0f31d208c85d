"""The generated Batch code, exercised on real payloads."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest

from generator.schema.source import read_source
from tests.conftest import FIXTURES, REPO

EXAMPLE = json.loads((FIXTURES / "batch_example.json").read_text())
SCHEMA = read_source(REPO / "schemas" / "batch.yaml").value


@pytest.fixture
def models(import_from: Callable[[Path, str], ModuleType]) -> ModuleType:
    return import_from(REPO / "generated", "batch.models")


@pytest.fixture
def typeddicts(import_from: Callable[[Path, str], ModuleType]) -> ModuleType:
    return import_from(REPO / "generated", "batch.typeddicts")


def valid(payload: Any) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(payload)


def test_the_documented_example_is_valid_under_the_schema() -> None:
    assert valid(EXAMPLE)


def test_from_dict_reads_the_documented_example(models: ModuleType) -> None:
    batch = models.Batch.from_dict(EXAMPLE)
    assert batch.id == "batch_abc123"
    assert batch.object is models.BatchObject.BATCH
    assert batch.status is models.BatchStatus.COMPLETED
    assert batch.errors is None
    assert batch.failed_at is None
    assert batch.request_counts == models.RequestCounts(total=100, completed=95, failed=5)
    assert batch.metadata == {"customer_id": "user_123456789", "batch_description": "Nightly eval job"}


def test_round_trip_stays_valid_and_equal(models: ModuleType) -> None:
    batch = models.Batch.from_dict(EXAMPLE)
    wire = batch.to_dict()
    assert valid(wire)
    assert models.Batch.from_dict(wire) == batch
    # Explicit nulls on optional fields read as None and are written back as absent.
    assert "failed_at" not in wire
    assert wire["request_counts"] == {"total": 100, "completed": 95, "failed": 5}
    assert wire["status"] == "completed"


def test_nested_errors_round_trip(models: ModuleType) -> None:
    payload = copy.deepcopy(EXAMPLE)
    payload["status"] = "failed"
    payload["errors"] = {
        "object": "list",
        "data": [{"code": "invalid_json", "message": "bad line", "param": None, "line": 3}],
    }
    batch = models.Batch.from_dict(payload)
    assert batch.errors.data[0] == models.BatchData(code="invalid_json", message="bad line", param=None, line=3)
    assert models.Batch.from_dict(batch.to_dict()) == batch
    assert valid(batch.to_dict())


def test_unknown_keys_are_ignored(models: ModuleType) -> None:
    payload = dict(EXAMPLE, model="gpt-4o", usage={"input_tokens": 3})
    assert valid(payload)
    assert models.Batch.from_dict(payload) == models.Batch.from_dict(EXAMPLE)


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda p: p.pop("id"), "", "missing required property 'id'"),
        (lambda p: p.update(created_at="yesterday"), "/created_at", "expected integer, got string"),
        (lambda p: p.update(status="paused"), "/status", "expected one of"),
        (lambda p: p["request_counts"].pop("total"), "/request_counts", "missing required property 'total'"),
        (lambda p: p["metadata"].update(n=1), "/metadata/n", "expected string, got integer"),
        (lambda p: p.update(errors={"data": [{"line": "x"}]}), "/errors/data/0/line", "expected integer"),
        (lambda p: p.update(endpoint=None), "/endpoint", "expected string, got null"),
    ],
)
def test_wrong_shapes_raise_one_error_with_the_json_path(
    models: ModuleType, mutate: Callable[[dict[str, Any]], object], path: str, message: str
) -> None:
    payload = copy.deepcopy(EXAMPLE)
    mutate(payload)
    with pytest.raises(models.DecodeError) as caught:
        models.Batch.from_dict(payload)
    assert caught.value.path == path
    assert message in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_not_an_object(models: ModuleType) -> None:
    with pytest.raises(models.DecodeError, match=r"^/: expected object, got array$"):
        models.Batch.from_dict([])


def test_dataclasses_are_keyword_only_and_slotted(models: ModuleType) -> None:
    with pytest.raises(TypeError):
        models.RequestCounts(1, 2, 3)
    assert not hasattr(models.RequestCounts(total=1, completed=1, failed=0), "__dict__")


def test_docstrings_come_from_descriptions(models: ModuleType) -> None:
    assert models.RequestCounts.__doc__ == "The request counts for different statuses within the batch."
    assert models.BatchStatus.__doc__ == "The current status of the batch."


def test_typeddict_required_keys_are_right_at_runtime(typeddicts: ModuleType) -> None:
    batch = typeddicts.Batch
    assert batch.__required_keys__ == {
        "id", "object", "endpoint", "input_file_id", "completion_window", "status", "created_at",
    }  # fmt: skip
    assert "errors" in batch.__optional_keys__
    assert typeddicts.RequestCounts.__required_keys__ == {"total", "completed", "failed"}
    assert typeddicts.BatchData.__required_keys__ == frozenset()
