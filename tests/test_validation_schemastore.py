"""Validators on real draft-07 and draft-04 schemas (``schemastore-sample``): every verdict on the
sample's instances agrees with python-jsonschema's, each schema read in the dialect it declares.

This exercises the validation plan alone (``compile_validator`` on the parsed schema); generating
the whole sample through the loader and every target is the corpus test's job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.targets.validators import compile_validator
from tests.test_schemastore_sample import REFUSED

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "schemastore-sample"
INDEX = SAMPLE / "INDEX.json"

UNRESOLVED = {name: why for name, (_fragment, why) in REFUSED.items()}
"""Schemas whose references name documents the sample does not hold (listed once, with the generate test)."""


def _entries() -> list[Any]:
    if not INDEX.is_file():
        return []
    return [
        pytest.param(
            e["name"],
            e["instances"],
            id=e["name"],
            marks=[pytest.mark.skip(reason=UNRESOLVED[e["name"]])] if e["name"] in UNRESOLVED else [],
        )
        for e in json.loads(INDEX.read_text(encoding="utf-8"))["schemas"]
    ]


def _instances(name: str) -> tuple[list[tuple[str, Any]], int]:
    """The parsed instances (where, value) and how many files are not JSON/YAML at all (an empty file)."""
    found = []
    unreadable = 0
    for kind in ("test", "negative_test"):
        folder = SAMPLE / kind / name
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            try:
                value = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            except (ValueError, yaml.YAMLError):
                unreadable += 1  # no payload: no verdict to compare
                continue
            found.append((f"{kind}/{path.name}", value))
    return found, unreadable


@pytest.mark.skipif(not INDEX.is_file(), reason=f"the schemastore sample is not at {SAMPLE}")
@pytest.mark.parametrize(("name", "count"), _entries())
def test_verdicts_agree_with_python_jsonschema(name: str, count: int) -> None:
    schema = json.loads((SAMPLE / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    validator = compile_validator(schema)
    oracle = jsonschema.validators.validator_for(schema)(schema)
    instances, unreadable = _instances(name)
    assert len(instances) + unreadable == count  # as INDEX.json lists them (some schemas come with none)
    assert unreadable <= 1
    for where, instance in instances:
        expected = oracle.is_valid(instance)
        assert validator.is_valid(instance) is expected, where
        assert (not list(validator.iter_errors(instance))) is expected, where
