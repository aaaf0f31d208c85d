"""Fuzzing the validators: random JSON values into every schema's compiled validator.

Nothing escapes but the documented ValidationError (from validate()); is_valid and
iter_errors agree with each other and with python-jsonschema on every value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import compile_validator
from generator.schema import pointer
from generator.schema.loader import load
from generator.validation import named_types
from tests.conftest import CORPUS, REPO
from tests.strategies import JSON

SCHEMAS = [REPO / "schemas" / "batch.yaml", *sorted(CORPUS.glob("*.yaml"))]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.stem)
def test_random_json_against_the_oracle(schema: Path) -> None:
    validator = compile_validator(schema)
    workspace = load([schema])
    root = workspace.roots[0]
    oracle = jsonschema.Draft202012Validator(root.contents, registry=workspace.registry)
    containers = named_types(root.contents)  # $defs and definitions entries -> their keyword
    names = sorted(containers)
    assert set(names) == set(validator.types)
    keys = sorted({k for d in root.contents.get("$defs", {}).values() for k in d.get("properties", {})})
    objects = st.dictionaries(st.sampled_from(keys), JSON, max_size=6) if keys else JSON
    # each $defs entry alone, as a reference into the loaded document (not the root's keywords beside it)
    refs = [{"$ref": root.uri + "#" + pointer.join("", containers[n], n)} for n in names]
    typed = [
        (validator.for_type(n), jsonschema.Draft202012Validator(ref, registry=workspace.registry))
        for n, ref in zip(names, refs, strict=True)
    ]

    @FUZZ
    @given(JSON | objects)
    def run(value: Any) -> None:
        for ours, theirs in [(validator, oracle), *typed]:
            verdict = ours.is_valid(value)
            errors = list(ours.iter_errors(value))
            assert verdict == (not errors)
            assert verdict == theirs.is_valid(value), (value, [e.message for e in errors])
            if not verdict:
                with pytest.raises(validator.ValidationError):
                    ours.validate(value)

    run()
