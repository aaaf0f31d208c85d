"""The metaschema validators schemagen ships (generator/schema/metaschemas/): fresh, and of the same verdicts.

The loader trusts a compiled metaschema validator's "valid" and asks python-jsonschema otherwise, so
each compiled validator must agree with python-jsonschema on every schema: the bad-input corpus, every
schema of the official suite (in its folder's dialect) and the SchemaStore sample.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from generator.diagnostics import SchemaError
from generator.schema import metaschemas, vocabulary
from generator.schema.loader import _document, _resources
from generator.targets.metaschemas import expected
from tests.conftest import FIXTURES

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SUITE = REFERENCE / "json-schema-test-suite" / "tests"
STORE = REFERENCE / "schemastore-sample"
FOLDERS = {
    "draft4": vocabulary.DRAFT_04,
    "draft6": vocabulary.DRAFT_06,
    "draft7": vocabulary.DRAFT_07,
    "draft2019-09": vocabulary.DRAFT_2019_09,
    "draft2020-12": vocabulary.DRAFT_2020_12,
}


def test_the_shipped_modules_are_fresh() -> None:
    """What `make generate` writes is what is shipped (run it when this fails)."""
    for path, text in expected().items():
        assert path.is_file(), f"{path} is missing: run `make generate`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make generate`"


def test_every_dialect_has_a_module() -> None:
    assert set(metaschemas.MODULES) == set(vocabulary.DIALECTS)


def test_the_formats_the_metaschemas_use() -> None:
    """known_valid's reasoning: of the metaschemas' formats, python-jsonschema asserts only ``regex`` here,
    at ``pattern`` and the names of ``patternProperties``."""
    from jsonschema_specifications import REGISTRY

    used: set[str] = set()
    places: set[str] = set()

    def visit(node: Any, key: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                used.add(node["format"])
                if node["format"] == "regex":
                    places.add(key)
            for k, v in node.items():
                visit(v, f"{key}/{k}")
        elif isinstance(node, list):
            for v in node:
                visit(v, key)

    for uri in REGISTRY:
        if "draft3" not in uri and "draft-03" not in uri:
            visit(REGISTRY.contents(uri), "")
    assert used == {"regex", "uri", "uri-reference"}
    assert {p.rsplit("/", 2)[-2] if p.endswith("propertyNames") else p.rsplit("/", 1)[-1] for p in places} == {
        "pattern",
        "patternProperties",
    }
    if not metaschemas._uri_formats_asserted():
        for dialect in metaschemas.MODULES:
            checker = validator_for({"$schema": dialect}).FORMAT_CHECKER
            assert set(checker.checkers) & used == {"regex"}


def _verdicts(schema: Any, dialect: str) -> tuple[bool, bool, bool, bool]:
    """(compiled, jsonschema without formats, known_valid, jsonschema with formats)."""
    cls = validator_for({"$schema": dialect})
    plain = cls(cls.META_SCHEMA).is_valid(schema)
    full = cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER).is_valid(schema)
    return metaschemas.is_valid(dialect)(schema), plain, metaschemas.known_valid(schema, dialect), full


def _agree(schema: Any, dialect: str, what: str) -> None:
    compiled, plain, known, full = _verdicts(schema, dialect)
    assert compiled == plain, f"{what}: compiled says {compiled}, python-jsonschema {plain}"
    if known:
        assert full, f"{what}: taken as valid, python-jsonschema (with formats) says invalid"
    elif metaschemas._patterns_compile(schema):
        assert not full, f"{what}: python-jsonschema says valid, the loader would ask it for nothing"


def _bad_units() -> Iterator[tuple[str, Any, str]]:
    for path in sorted((FIXTURES / "bad").iterdir()):
        try:
            doc = _document(path, path.resolve().as_uri(), path.name, vocabulary.DEFAULT_DIALECT)
        except (SchemaError, RecursionError):
            continue  # not a schema at all: never meta-validated
        units, _ = _resources(doc)
        for at, dialect, schema in metaschemas.units(units, doc.contents):
            yield f"{path.name}#{at}", schema, dialect


@pytest.mark.parametrize(
    ("what", "schema", "dialect"), list(_bad_units()), ids=lambda v: v if isinstance(v, str) and "#" in v else ""
)
def test_the_bad_corpus(what: str, schema: Any, dialect: str) -> None:
    _agree(schema, dialect, what)


def test_the_bad_corpus_has_invalid_schemas() -> None:
    invalid = [what for what, schema, dialect in _bad_units() if not metaschemas.known_valid(schema, dialect)]
    assert len(invalid) >= 10


def _suite() -> Iterator[tuple[str, Any, str]]:
    for folder, dialect in FOLDERS.items():
        for path in sorted((SUITE / folder).rglob("*.json")):
            for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                yield f"{path.relative_to(SUITE)}[{i}]", case["schema"], dialect


@pytest.mark.skipif(not SUITE.is_dir(), reason="the official suite is not there")
def test_every_suite_schema() -> None:
    cases = list(_suite())
    assert len(cases) > 1500
    for what, schema, dialect in cases:
        _agree(schema, dialect, what)


@pytest.mark.skipif(not STORE.is_dir(), reason="the SchemaStore sample is not there")
def test_the_schemastore_sample() -> None:
    index = json.loads((STORE / "INDEX.json").read_text(encoding="utf-8"))
    seen = 0
    for entry in index["schemas"]:
        dialect = vocabulary.dialect_uri(entry["dialect"])
        path = STORE / "schemas" / f"{entry['name']}.json"
        if dialect is None or not path.is_file():
            continue
        _agree(json.loads(path.read_text(encoding="utf-8")), dialect, entry["name"])
        seen += 1
    assert seen >= 80


_WRONG: tuple[Any, ...] = ("x", -1, 1.5, [1, 1], [], {"a": 1}, None, True, {"$ref": 5})


def _mutations(schema: Any, seed: int) -> Iterator[Any]:
    """Copies of ``schema`` with one keyword's value replaced by a value of another kind (many are invalid)."""
    places: list[tuple[list[Any], Any]] = []

    def visit(node: Any, path: list[Any]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                places.append(([*path, k], v))
                visit(v, [*path, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                visit(v, [*path, i])

    visit(schema, [])
    for n, (path, _) in enumerate(places[:6]):
        copy = json.loads(json.dumps(schema))
        node = copy
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = _WRONG[(seed + n) % len(_WRONG)]
        yield copy


@pytest.mark.skipif(not SUITE.is_dir(), reason="the official suite is not there")
def test_mutated_suite_schemas() -> None:
    """The suite's schemas are all valid: one keyword each given a value of the wrong kind, many are not."""
    invalid = 0
    for seed, (what, schema, dialect) in enumerate(_suite()):
        for mutated in _mutations(schema, seed):
            _agree(mutated, dialect, f"{what} mutated")
            invalid += not metaschemas.is_valid(dialect)(mutated)
    assert invalid > 1000
