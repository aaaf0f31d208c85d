"""Dialects in the validators: each resource's ``$schema`` picks its keyword table, the default dialect,
cross-draft references, the well-known metaschemas with a user registry, and python-jsonschema as the
oracle for each draft's distinctive keywords."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema

from generator.schema import vocabulary
from generator.settings import Settings
from generator.targets.validators import compile_validator, validator_source
from generator.validation import PlanError
from generator.validation.table import DIALECTS, DRAFT_04, DRAFT_07, DRAFT_2019_09, DRAFT_2020_12

ORACLES: dict[str, Any] = {
    vocabulary.DRAFT_04: jsonschema.Draft4Validator,
    vocabulary.DRAFT_06: jsonschema.Draft6Validator,
    vocabulary.DRAFT_07: jsonschema.Draft7Validator,
    vocabulary.DRAFT_2019_09: jsonschema.Draft201909Validator,
    vocabulary.DRAFT_2020_12: jsonschema.Draft202012Validator,
}

# Schemas whose verdicts differ from draft to draft, with instances that tell the drafts apart.
DISTINCT: list[tuple[dict[str, Any], list[Any]]] = [
    ({"items": [{"type": "integer"}], "additionalItems": False}, [[1], [1, 2], ["a"], []]),
    ({"items": [{"type": "integer"}], "additionalItems": {"type": "string"}}, [[1, "a"], [1, 2]]),
    ({"prefixItems": [{"type": "integer"}], "items": False}, [[1], [1, 2], ["a"]]),
    ({"maximum": 5, "exclusiveMaximum": True}, [5, 4, 6]),
    ({"minimum": 5, "exclusiveMinimum": True}, [5, 6, 4]),
    ({"exclusiveMinimum": 3}, [3, 4, 2]),
    ({"type": "integer"}, [1, 1.0, 1.5]),
    ({"$ref": "#/definitions/s", "type": "integer", "definitions": {"s": {"type": "string"}}}, ["a", 1]),
    ({"const": 3}, [3, 4]),
    ({"contains": {"type": "string"}}, [[1], ["a"]]),
    ({"propertyNames": {"maxLength": 1}}, [{"a": 1}, {"ab": 1}]),
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, ["a", "ab", 1]),
    ({"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}, [{"a": 1}, {"a": 1, "b": 2}, {"c": 1}]),
    ({"dependentRequired": {"a": ["b"]}}, [{"a": 1}, {"a": 1, "b": 2}]),
    ({"minContains": 2, "contains": {"const": 1}}, [[1], [1, 1]]),
    ({"items": [{}], "unevaluatedItems": False}, [[1], [1, 2]]),
]
HONOURED = {"dependencies"}
"""Keywords schemagen honours in 2019-09 and 2020-12 although python-jsonschema does not: the suite's
``optional/dependencies-compatibility`` asks for it."""


def _cases() -> list[Any]:
    """Each (dialect, schema) whose schema is valid under that dialect's metaschema."""
    out = []
    for dialect, oracle in ORACLES.items():
        for i, (schema, instances) in enumerate(DISTINCT):
            if not oracle(oracle.META_SCHEMA).is_valid(schema):
                continue
            if dialect in (vocabulary.DRAFT_2019_09, vocabulary.DRAFT_2020_12) and schema.keys() & HONOURED:
                continue
            out.append(pytest.param(dialect, schema, instances, id=f"{dialect.split('/')[-2]}-{i}"))
    return out


@pytest.mark.parametrize(("dialect", "schema", "instances"), _cases())
def test_each_draft_agrees_with_python_jsonschema(dialect: str, schema: dict[str, Any], instances: list[Any]) -> None:
    """The same schema as each draft reads it (``default_dialect``, and a declared ``$schema``)."""
    oracle = ORACLES[dialect](schema)
    expected = [oracle.is_valid(x) for x in instances]
    by_default = compile_validator(schema, default_dialect=dialect)
    declared = compile_validator({"$schema": dialect, **schema})
    assert [by_default.is_valid(x) for x in instances] == expected
    assert [declared.is_valid(x) for x in instances] == expected
    assert [not list(declared.iter_errors(x)) for x in instances] == expected


def test_the_cases_tell_every_draft_apart() -> None:
    verdicts = {}
    for dialect, oracle in ORACLES.items():
        verdicts[dialect] = tuple(
            tuple(compile_validator(schema, default_dialect=dialect).is_valid(x) for x in instances)
            if oracle(oracle.META_SCHEMA).is_valid(schema)
            else None
            for schema, instances in DISTINCT
        )
    assert len(set(verdicts.values())) == len(ORACLES)


@pytest.mark.parametrize(
    ("dialect", "fmt", "value", "valid"),
    [
        (vocabulary.DRAFT_04, "hostname", "ab--cd.example", True),  # RFC 1123
        (vocabulary.DRAFT_06, "hostname", "ab--cd.example", True),
        (vocabulary.DRAFT_07, "hostname", "ab--cd.example", False),  # only an xn-- label holds "--" there
        (vocabulary.DRAFT_04, "hostname", "a_b", False),
        (vocabulary.DRAFT_04, "uri-reference", "a b", True),  # draft-06's format: an annotation in draft-04
        (vocabulary.DRAFT_06, "uri-reference", "a b", False),
        (vocabulary.DRAFT_06, "date", "nope", True),  # draft-07's
        (vocabulary.DRAFT_07, "date", "nope", False),
        (vocabulary.DRAFT_07, "uuid", "nope", True),  # 2019-09's
        (vocabulary.DRAFT_2019_09, "uuid", "nope", False),
        (vocabulary.DRAFT_2019_09, "duration", "P1D", True),
    ],
)
def test_formats_per_draft(dialect: str, fmt: str, value: str, valid: bool) -> None:
    """Each draft asserts (with ``formats=True``) the formats it defines, as it defines them."""
    assert compile_validator({"format": fmt}, default_dialect=dialect, formats=True).is_valid(value) is valid


def test_the_default_dialect_is_2020_12() -> None:
    schema = {"$ref": "#/$defs/s", "maxLength": 1, "$defs": {"s": {"type": "string"}}}
    assert not compile_validator(schema).is_valid("ab")
    assert compile_validator(schema, default_dialect=vocabulary.DRAFT_07 + "#").is_valid("ab")  # $ref overrides
    assert validator_source(schema) == validator_source(schema, default_dialect=vocabulary.DRAFT_2020_12)


def test_a_nested_resource_has_its_own_dialect() -> None:
    """A 2020-12 root with a draft-07 resource inside: ``$ref`` overrides its siblings only in there."""
    schema = {
        "$id": "https://example.com/root",
        "properties": {
            "new": {"$ref": "#/$defs/s", "maxLength": 2},
            "old": {"$ref": "https://example.com/old"},
        },
        "$defs": {
            "s": {"type": "string"},
            "old": {
                "$schema": vocabulary.DRAFT_07 + "#",
                "$id": "https://example.com/old",
                "properties": {"v": {"$ref": "#/definitions/s", "maxLength": 2}},
                "definitions": {"s": {"type": "string"}},
            },
        },
    }
    validator = compile_validator(schema)
    instances = [{"new": "abc"}, {"new": "ab"}, {"old": {"v": "abc"}}, {"old": {"v": 1}}]
    assert [validator.is_valid(x) for x in instances] == [False, True, True, False]
    oracle = jsonschema.Draft202012Validator(schema)
    assert [oracle.is_valid(x) for x in instances] == [False, True, True, False]


def test_a_reference_follows_the_dialect_of_its_target() -> None:
    """A draft-07 schema refers to a 2019-09 document: ``dependentRequired`` counts only there."""
    remote = {
        "$schema": vocabulary.DRAFT_2019_09,
        "$defs": {"dep": {"dependentRequired": {"a": ["b"]}}},
    }
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        "https://example.com/remote", referencing.Resource.from_contents(remote)
    )
    schema = {
        "$schema": vocabulary.DRAFT_07 + "#",
        "allOf": [{"$ref": "https://example.com/remote#/$defs/dep"}, {"dependentRequired": {"c": ["d"]}}],
    }
    validator = compile_validator(schema, registry=registry)
    assert not validator.is_valid({"a": 1})
    assert validator.is_valid({"c": 1})


def test_draft4_id_sets_the_base_uri() -> None:
    schema = {
        "id": "https://example.com/root.json",
        "properties": {"x": {"$ref": "item.json"}},
        "definitions": {"item": {"id": "item.json", "type": "integer"}},
    }
    validator = compile_validator(schema, default_dialect=vocabulary.DRAFT_04)
    assert validator.is_valid({"x": 1})
    assert not validator.is_valid({"x": "a"})


def test_recursive_ref_rebinds_to_the_outermost_recursive_anchor() -> None:
    tree = {
        "$schema": vocabulary.DRAFT_2019_09,
        "$id": "https://example.com/tree",
        "$recursiveAnchor": True,
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$recursiveRef": "#"}}},
    }
    strict = {
        "$schema": vocabulary.DRAFT_2019_09,
        "$id": "https://example.com/strict-tree",
        "$recursiveAnchor": True,
        "$ref": "tree",
        "unevaluatedProperties": False,
    }
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        "https://example.com/tree", referencing.Resource.from_contents(tree)
    )
    validator = compile_validator(strict, registry=registry)
    assert validator.is_valid({"children": [{"children": []}]})
    assert not validator.is_valid({"children": [{"children": [], "extra": 1}]})  # the strict tree, all the way
    assert compile_validator(tree).is_valid({"children": [{"extra": 1}]})


def test_a_user_registry_still_resolves_the_metaschemas() -> None:
    registry: referencing.Registry[Any] = referencing.Registry()
    for uri, good, bad in (
        (vocabulary.DRAFT_2020_12, {"prefixItems": [{}]}, {"type": 12}),
        (vocabulary.DRAFT_07 + "#", {"items": [{}]}, {"minLength": -1}),
        (vocabulary.DRAFT_04 + "#", {"exclusiveMaximum": True, "maximum": 1}, {"exclusiveMaximum": 1}),
    ):
        for passed in (registry, None):
            validator = compile_validator({"$ref": uri}, registry=passed)
            assert validator.is_valid(good), uri
            assert not validator.is_valid(bad), uri


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"default_dialect": "https://example.com/d"}, "unknown default dialect 'https://example.com/d'"),
        ({"default_dialect": vocabulary.DRAFT_03}, "unknown default dialect"),
    ],
)
def test_an_unknown_default_dialect_is_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=re.escape(message)):
        compile_validator({}, **kwargs)


def test_an_unknown_schema_is_one_line() -> None:
    with pytest.raises(PlanError) as info:
        compile_validator({"properties": {"a": {"$schema": "https://example.com/nope", "type": "string"}}})
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("/properties/a/$schema: unknown $schema 'https://example.com/nope'")
    assert "draft-04, draft-06, draft-07, 2019-09 and 2020-12" in text


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$schema": 5}, "/$schema: $schema must be a string"),
        ({"properties": {"a": {"$schema": ["x"]}}}, "is it valid under its metaschema?"),
        ({"$schema": vocabulary.DRAFT_07 + "#foo"}, "/$schema: unknown $schema"),
        ({"$schema": vocabulary.DRAFT_2019_09, "$recursiveRef": 5}, "/$recursiveRef: $recursiveRef must be a string"),
        ({"items": [{}]}, "is it valid under its metaschema?"),  # 2020-12: items holds one schema
    ],
)
def test_malformed_dialect_keywords_are_one_line(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as info:
        compile_validator(schema)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_metaschemas_that_name_no_known_dialect_are_refused() -> None:
    registry: referencing.Registry[Any] = referencing.Registry().with_contents(
        [("https://e.com/a", {"$schema": "https://e.com/b"}), ("https://e.com/b", {"$schema": "https://e.com/a"})],
        default_specification=referencing.jsonschema.DRAFT202012,
    )
    with pytest.raises(PlanError, match="declares no dialect schemagen knows"):
        compile_validator({"$schema": "https://e.com/a"}, registry=registry)


def test_the_tables_derive_from_2020_12() -> None:
    assert set(DIALECTS) == {
        vocabulary.DRAFT_04,
        vocabulary.DRAFT_06,
        vocabulary.DRAFT_07,
        vocabulary.DRAFT_2019_09,
        vocabulary.DRAFT_2020_12,
    }
    assert "additionalItems" in DRAFT_2019_09.keywords and "prefixItems" not in DRAFT_2019_09.keywords
    assert DRAFT_2019_09.keywords["unevaluatedItems"].vocabulary == "applicator"
    assert DRAFT_07.ref_overrides and not DRAFT_2019_09.ref_overrides
    assert DRAFT_04.id_keyword == "id" and "const" not in DRAFT_04.keywords
    assert DRAFT_04.keywords["exclusiveMaximum"].build is None  # read by maximum
    assert set(DRAFT_04.formats) < set(DRAFT_07.formats) < set(DRAFT_2019_09.formats) == set(DRAFT_2020_12.formats)
    for table in DIALECTS.values():
        assert table.keywords["type"].order == DRAFT_2020_12.keywords["type"].order


def test_generate_honours_the_default_dialect(tmp_path: Path) -> None:
    """``Settings.default_dialect`` reaches the validators target's plan."""
    from generator.api import render

    path = tmp_path / "doc.json"
    path.write_text(
        '{"$defs": {"A": {"$ref": "#/$defs/B", "maxLength": 2}, "B": {"type": "string"}}, "$ref": "#/$defs/A"}',
        encoding="utf-8",
    )
    verdicts = {}
    for dialect in (None, vocabulary.DRAFT_07):
        settings = Settings(schemas=(path,), targets=("validators",), default_dialect=dialect, root=tmp_path)
        source = render(settings)["doc/validators.py"]
        namespace: dict[str, Any] = {}
        exec(compile(source, "validators.py", "exec"), namespace)
        verdicts[dialect] = namespace["is_valid"]("abc")
    assert verdicts == {None: False, vocabulary.DRAFT_07: True}


def _generated(tmp_path: Path, text: str, **settings: Any) -> dict[str, Any]:
    """Generate the validators of one schema file through the loader; the executed module's names."""
    from generator.api import render

    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    files = render(Settings(schemas=(path,), targets=("validators",), root=tmp_path, **settings))
    namespace: dict[str, Any] = {}
    exec(compile(files["doc/validators.py"], "validators.py", "exec"), namespace)
    return namespace


def test_a_draft07_file_through_generate(tmp_path: Path) -> None:
    """A draft-07 document: ``$ref`` overrides its siblings, array-form ``items`` with ``additionalItems``."""
    module = _generated(
        tmp_path,
        "$schema: 'http://json-schema.org/draft-07/schema#'\n"
        "$ref: '#/definitions/Pair'\n"
        "definitions:\n"
        "  Pair:\n"
        "    type: array\n"
        "    items: [{type: string}, {$ref: '#/definitions/Short', maxLength: 1}]\n"
        "    additionalItems: false\n"
        "  Short: {type: string, maxLength: 3}\n",
    )
    assert module["is_valid"](["a", "abc"])
    assert not module["is_valid"](["a", "abcd"])  # Short's own maxLength holds
    assert not module["is_valid"](["a", "b", "c"])  # additionalItems
    assert set(module["TYPES"]) == {"Pair", "Short"}  # definitions are named types
    assert module["is_valid_short"]("abc")
    assert not module["is_valid_pair"](["a", "b", "c"])


def test_a_nested_schema_outside_defs_has_its_dialect(tmp_path: Path) -> None:
    """A 2020-12 document whose ``$ref`` target under a non-``$defs`` key declares draft-07."""
    module = _generated(
        tmp_path,
        "type: object\n"
        "properties:\n"
        "  x: {$ref: '#/components/X'}\n"
        "components:\n"
        "  X:\n"
        "    $schema: 'http://json-schema.org/draft-07/schema#'\n"
        "    $ref: '#/components/S'\n"
        "    maxLength: 1\n"
        "  S: {type: string}\n",
    )
    assert module["is_valid"]({"x": "abc"})  # draft-07: maxLength beside $ref is ignored
    assert not module["is_valid"]({"x": 1})
