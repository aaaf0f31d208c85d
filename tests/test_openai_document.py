"""The whole OpenAI OpenAPI document (600 KB, duplicate anchors, inline schemas) through the Python targets:
the output imports, and passes ruff check, ruff format --check and mypy --strict."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from generator.api import render_files
from tests.conftest import FIXTURES, REFERENCE, REPO

DOCUMENT = REFERENCE / "openapi" / "openai-openapi.yaml"
TARGETS = ("dataclasses", "typeddicts", "jsonschema")
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the OpenAI document is not at {DOCUMENT}")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("openai")
    for path, text in render_files([DOCUMENT], targets=TARGETS, root=DOCUMENT.parent).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def check(*cmd: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def test_ruff_and_mypy_are_clean(out: Path) -> None:
    config = str(REPO / "tests" / "generated-ruff.toml")
    check(str(BIN / "ruff"), "check", "--no-cache", "--config", config, str(out))
    check(str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", config, str(out))
    check(sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out / "openai_openapi"))


def test_the_batch_example_decodes_through_the_whole_document_models(
    out: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    models = import_from(out, "openai_openapi.models")
    example = json.loads((FIXTURES / "batch_example.json").read_text())
    # The spec does not mark these fields nullable, so OpenAI's own example is not valid under it:
    # the reason schemas/batch.yaml follows real payloads instead.
    with pytest.raises(models.DecodeError, match=r"^/errors: expected object, got null$"):
        models.Batch.from_dict(example)
    without_nulls = {k: v for k, v in example.items() if v is not None}
    batch = models.Batch.from_dict(without_nulls)
    assert batch.request_counts.total == 100
    assert models.Batch.from_dict(batch.to_dict()) == batch
    assert {"Errors", "BatchData", "BatchObject", "BatchStatus", "RequestCounts"} <= set(models.__all__)


def test_the_bundle_is_the_translated_document(out: Path) -> None:
    bundle = json.loads((out / "openai_openapi" / "schema.json").read_text())
    assert "Batch" in bundle["$defs"]
    assert not [k for k in bundle if k.startswith("x-schemagen")]


@pytest.fixture(scope="module")
def out_keep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("openai_keep")
    for path, text in render_files([DOCUMENT], targets=TARGETS, root=DOCUMENT.parent, extra="keep").items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_with_extra_keep_ruff_and_mypy_are_clean(out_keep: Path) -> None:
    config = str(REPO / "tests" / "generated-ruff.toml")
    check(str(BIN / "ruff"), "check", "--no-cache", "--config", config, str(out_keep))
    check(str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", config, str(out_keep))
    check(sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out_keep / "openai_openapi"))


def test_with_extra_keep_the_documented_examples_round_trip(
    out_keep: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """Every component's ``x-oaiMeta.example`` that is JSON: from_dict then to_dict gives it back (same keys,
    same values, nulls and keys the spec does not declare included); in the same key order wherever the
    example lists the keys in schema order. An example that does not decode is invalid under the spec."""
    import jsonschema

    from generator.schema.source import read_source

    models = import_from(out_keep, "openai_openapi.models")
    bundle = json.loads((out_keep / "openai_openapi" / "schema.json").read_text())
    counts = {"exact": 0, "reordered": 0, "invalid": 0}
    for name, schema in read_source(DOCUMENT).value["components"]["schemas"].items():
        example = (schema.get("x-oaiMeta") or {}).get("example")
        try:
            example = json.loads(example)
        except (TypeError, ValueError):
            continue  # no example, or documentation text with comments and ellipses
        try:
            back = getattr(models, name).from_dict(example).to_dict()
        except models.DecodeError:
            validator = jsonschema.Draft202012Validator({**bundle, "$ref": f"#/$defs/{name}"})
            assert not validator.is_valid(example), name
            counts["invalid"] += 1
            continue
        assert back == example, name
        counts["exact" if json.dumps(back) == json.dumps(example) else "reordered"] += 1
    assert counts == {"exact": 15, "reordered": 8, "invalid": 7}
