"""schemas/batch.yaml against the seed: Speakeasy's Batch docs and OpenAI's documented example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator.schema.source import read_source
from generator.types.naming import camel
from tests.conftest import FIXTURES, REFERENCE, REPO

DOCS = REFERENCE / "speakeasy-batch-docs"
SCHEMA = read_source(REPO / "schemas" / "batch.yaml").value
ROW = re.compile(r"^\| `(?P<field>[^`]+)`\s*\| (?P<type>.*?)\s*\| (?P<required>:heavy_\w+:)\s*\| (?P<desc>.*?)\s*\|$")
DOC_OF = {
    "Batch": "batch.md",
    "Errors": "errors.md",
    "BatchData": "batchdata.md",
    "RequestCounts": "requestcounts.md",
    "BatchMetadata": "batchmetadata.md",
}

pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason=f"the shared reference docs are not at {DOCS}")


def rows(doc: Path) -> list[dict[str, str]]:
    return [m.groupdict() for line in doc.read_text().splitlines() if (m := ROW.match(line))]


def description(prop: dict[str, object]) -> str:
    if "description" in prop:
        return str(prop["description"])
    ref = prop.get("$ref") or next((m["$ref"] for m in prop.get("anyOf", []) if "$ref" in m), None)  # type: ignore[attr-defined]
    if ref:
        target = SCHEMA["$defs"][str(ref).rsplit("/", 1)[1]]
        return str(target.get("description", "N/A"))
    return "N/A"


@pytest.mark.parametrize("name", sorted(DOC_OF))
def test_field_order_descriptions_and_required_match_the_docs(name: str) -> None:
    definition = SCHEMA["$defs"][name]
    expected = rows(DOCS / DOC_OF[name])
    props = definition.get("properties", {})
    assert [camel(p) for p in props] == [r["field"] for r in expected]
    required = set(definition.get("required", []))
    for (wire, prop), row in zip(props.items(), expected, strict=True):
        assert (wire in required) == (row["required"] == ":heavy_check_mark:"), wire
        desc = description(prop).replace("\n", "<br/>")
        assert desc == (row["desc"] if row["desc"] != "N/A" else "N/A"), wire


@pytest.mark.parametrize(("name", "doc"), [("BatchStatus", "batchstatus.md"), ("BatchObject", "batchobject.md")])
def test_enum_values_match_the_docs(name: str, doc: str) -> None:
    text = (DOCS / doc).read_text()
    values = json.loads("[" + text.rsplit("```typescript\n", 1)[1].split("\n```")[0].replace(" | ", ", ") + "]")
    assert SCHEMA["$defs"][name]["enum"] == values


def test_descriptions_of_named_types_match_the_docs() -> None:
    for name, doc in {**DOC_OF, "BatchStatus": "batchstatus.md", "BatchObject": "batchobject.md"}.items():
        text = (DOCS / doc).read_text()
        body = text.split("\n\n", 1)[1].split("## Example Usage")[0]
        expected = body[:-2] if body.endswith("\n\n") else body
        assert SCHEMA["$defs"][name].get("description", "") == (expected if expected.strip() else ""), name


def test_metadata_limits_are_encoded() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA["$defs"]["BatchMetadata"])
    assert validator.is_valid({f"k{i}": "v" for i in range(16)})
    assert not validator.is_valid({f"k{i}": "v" for i in range(17)})
    assert not validator.is_valid({"k" * 65: "v"})
    assert not validator.is_valid({"k": "v" * 513})
    assert not validator.is_valid({"k": 1})


def test_root_validates_a_batch_and_allows_unknown_fields() -> None:
    example = json.loads((FIXTURES / "batch_example.json").read_text())
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert validator.is_valid(example)
    assert validator.is_valid(dict(example, model="gpt-4o", usage={"total_tokens": 1}))
    assert not validator.is_valid(dict(example, status="paused"))
    assert not validator.is_valid({k: v for k, v in example.items() if k != "id"})
