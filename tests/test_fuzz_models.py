"""Fuzzing the generated dataclasses: random JSON never escapes as anything but DecodeError,
and instances of the schema round-trip: from_dict(to_dict(x)) == x, and to_dict stays valid."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.api import render_files
from generator.schema.loader import load
from generator.schema.source import read_source
from generator.types.build import build_module
from tests.conftest import CORPUS, REPO
from tests.strategies import JSON, named

SCHEMAS = [REPO / "schemas" / "batch.yaml", *(CORPUS / n for n in ("nested.yaml", "maps.yaml", "enums.yaml",
           "nullable.yaml", "unions.yaml", "tree.yaml", "keywords.yaml", "aliases.yaml", "allof.yaml",
           "tuples.yaml"))]  # fmt: skip
FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz")
    for schema in SCHEMAS:
        for path, text in render_files([schema], targets=("dataclasses",), root=schema.parent).items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_text(text)
    return out


def cases() -> list[tuple[Path, str]]:
    found = []
    for schema in SCHEMAS:
        workspace = load([schema])
        module = build_module(workspace, workspace.roots[0])
        found.extend((schema, t.name) for t in module.types if hasattr(t, "fields") and t.fields)
    return found


CASES = cases()


def model_and_validator(
    schema: Path, name: str, generated: Path, import_from: Callable[[Path, str], ModuleType]
) -> tuple[Any, Any, Any]:
    workspace = load([schema])
    module = build_module(workspace, workspace.roots[0])
    types = {t.name: t for t in module.types}
    contents = read_source(schema).value
    where = next((kw for kw in ("$defs", "definitions") if name in contents.get(kw, {})), None)
    if where is None:
        pytest.skip(f"{name} is an inline type; the oracle needs a $defs entry")
    validator = jsonschema.Draft202012Validator({**contents, "$ref": f"#/{where}/{name}"}, registry=workspace.registry)
    models = import_from(generated, f"{module.stem}.models")
    return getattr(models, name), validator, named(types[name], types)


@pytest.mark.parametrize(("schema", "name"), CASES, ids=[f"{s.stem}.{n}" for s, n in CASES])
def test_random_json_only_raises_decode_error(
    schema: Path, name: str, generated: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    workspace = load([schema])
    module = build_module(workspace, workspace.roots[0])
    models = import_from(generated, f"{module.stem}.models")
    cls = getattr(models, name)

    @FUZZ
    @given(JSON | st.dictionaries(st.sampled_from([f.wire_name for f in module.get(name).fields]), JSON))  # type: ignore[union-attr]
    def run(payload: Any) -> None:
        with contextlib.suppress(models.DecodeError):
            cls.from_dict(payload)

    run()


@pytest.mark.parametrize(("schema", "name"), CASES, ids=[f"{s.stem}.{n}" for s, n in CASES])
def test_valid_instances_round_trip(
    schema: Path, name: str, generated: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    cls, validator, strategy = model_and_validator(schema, name, generated, import_from)

    valid = []

    @FUZZ
    @given(strategy)
    def run(payload: Any) -> None:
        assume(validator.is_valid(payload))
        valid.append(payload)
        value = cls.from_dict(payload)
        wire = value.to_dict()
        assert validator.is_valid(wire), list(validator.iter_errors(wire))
        assert cls.from_dict(wire) == value

    run()
    # Small types (Cat has one boolean) have only a few distinct instances; none at all means a broken strategy.
    assert len(valid) >= 2, f"only {len(valid)} generated instances were valid: the strategy needs work"
