"""The validator API: compile_validator / validator_source, errors, refusals, hostile input, output quality."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import referencing
import referencing.jsonschema

from generator.diagnostics import SchemaError
from generator.targets.validators import compile_validator, validator_source
from generator.validation import PlanError

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "schemas" / "batch.yaml"
EXAMPLE = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text(encoding="utf-8"))
RUFF_CONFIG = ROOT / "tests" / "generated-ruff.toml"


def errors(schema: Any, instance: Any, **kw: Any) -> list[tuple[str, str, str]]:
    validator = compile_validator(schema, **kw)
    return [(e.path, e.keyword, e.message) for e in validator.iter_errors(instance)]


def test_batch_example_is_valid_and_errors_carry_their_locations() -> None:
    validator = compile_validator(BATCH)
    assert validator.is_valid(EXAMPLE)
    assert list(validator.iter_errors(EXAMPLE)) == []
    validator.validate(EXAMPLE)
    bad = {**EXAMPLE, "status": "done", "created_at": "soon"}
    found = list(validator.iter_errors(bad))
    assert [(e.path, e.keyword, e.schema_path) for e in found] == [
        ("/status", "enum", "/$defs/BatchStatus/enum"),
        ("/created_at", "type", "/$defs/Batch/properties/created_at/type"),
    ]
    assert found[0].message.startswith("'done' is not one of ['validating'")
    assert found[1].message == "'soon' is not of type 'integer'"
    assert found[0].instance == "done"
    assert not validator.is_valid(bad)
    with pytest.raises(ValueError, match="is not one of") as raised:
        validator.validate(bad)
    assert isinstance(raised.value, validator.ValidationError)
    assert str(raised.value) == found[0].message


def test_nullable_wrapper_reports_the_branch_errors_deep() -> None:
    bad = {**EXAMPLE, "request_counts": {"total": "100", "completed": 95}, "metadata": {"k": 5}}
    assert errors(BATCH, bad) == [
        ("/request_counts", "required", "'failed' is a required property"),
        ("/request_counts/total", "type", "'100' is not of type 'integer'"),
        ("/metadata/k", "type", "5 is not of type 'string'"),
    ]
    # A value no branch can take still gets the anyOf error.
    assert errors(BATCH, {**EXAMPLE, "metadata": 3}) == [
        ("/metadata", "anyOf", "3 is not valid under any of the given schemas")
    ]


def test_one_of_reports_the_type_matching_branch_and_ambiguity() -> None:
    schema = {"oneOf": [{"type": "integer", "minimum": 5}, {"type": "string"}, {"type": "number", "maximum": 100}]}
    assert errors(schema, [1]) == [("", "oneOf", "[1] is not valid under any of the given schemas")]
    assert errors(schema, "x") == []
    assert errors(schema, 50) == [("", "oneOf", "50 is valid under each of [0, 2]")]
    assert errors({"oneOf": [{"type": "string", "minLength": 3}, {"type": "null"}]}, "ab") == [
        ("", "minLength", "'ab' is too short")
    ]


def test_types_and_paths_with_escaping() -> None:
    validator = compile_validator(BATCH)
    assert validator.types == (
        "Batch",
        "BatchObject",
        "BatchStatus",
        "Errors",
        "BatchData",
        "RequestCounts",
        "BatchMetadata",
        "BatchRequestInput",
        "BatchRequestOutput",
        "BatchResponse",
        "BatchRequestError",
    )
    counts = validator.for_type("RequestCounts")
    assert counts.is_valid({"total": 1, "completed": 1, "failed": 0})
    assert not counts.is_valid({"total": 1})
    with pytest.raises(KeyError):
        validator.for_type("Nope")
    found = errors({"additionalProperties": {"type": "integer"}}, {"a/b": "x", "t~": 1.5, "ok": 1.0})
    assert found == [
        ("/a~1b", "type", "'x' is not of type 'integer'"),
        ("/t~0", "type", "1.5 is not of type 'integer'"),
    ]
    found = errors({"items": {"properties": {"q": {"type": "null"}}}}, [{}, {"q": 1}])
    assert found == [("/1/q", "type", "1 is not of type 'null'")]


def test_external_refs_through_a_registry() -> None:
    remote = referencing.jsonschema.DRAFT202012.create_resource({"$defs": {"n": {"type": "integer"}}})
    registry: referencing.Registry[Any] = referencing.Registry().with_resource("https://example.com/s", remote)
    validator = compile_validator({"$ref": "https://example.com/s#/$defs/n"}, registry=registry)
    assert validator.is_valid(3)
    assert not validator.is_valid("3")
    with pytest.raises(PlanError, match=re.escape("cannot resolve $ref 'https://example.com/missing'")):
        compile_validator({"$ref": "https://example.com/missing"})


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$schema": "http://json-schema.org/draft-03/schema#"}, "cannot honour \\$schema .*draft-03"),
        ({"$schema": "https://example.com/no-such-dialect"}, "/\\$schema: unknown \\$schema"),
        ({"pattern": "(unclosed"}, "invalid regular expression"),
        ({"type": "integr"}, "type must be a JSON type name"),
        ({"minLength": -1}, "minLength must be a non-negative integer"),
        ({"properties": {"a": {"$ref": "#/$defs/missing"}}}, "/properties/a: cannot resolve \\$ref"),
        ({"multipleOf": 0}, "multipleOf must be greater than 0"),
    ],
)
def test_what_cannot_be_honoured_is_refused_at_generation(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        validator_source(schema)


def test_an_unknown_required_vocabulary_is_refused() -> None:
    meta = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/meta",
        "$vocabulary": {
            "https://json-schema.org/draft/2020-12/vocab/core": True,
            "https://example.com/vocab/units": True,
        },
    }
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        "https://example.com/meta", referencing.jsonschema.DRAFT202012.create_resource(meta)
    )
    with pytest.raises(PlanError, match=re.escape("required vocabulary 'https://example.com/vocab/units'")):
        compile_validator({"$schema": "https://example.com/meta", "type": "string"}, registry=registry)


def test_schema_file_problems_have_file_line_col(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("type: object\nproperties:\n  a:\n    $ref: '#/$defs/nope'\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        compile_validator(path)
    shown = raised.value.diagnostics[0].file
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{shown}:4:11: cannot resolve $ref '#/$defs/nope': no such location in {shown}"
    ]


HOSTILE = [
    'q"uote',
    "sq'uote",
    "back\\slash",
    'tri"""ple',
    "new\nline",
    "{brace}",
    "50%",
    "~/slash",
    "\u2028sep",
    "__import__('os')",
]


def test_hostile_names_and_values_stay_data(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {name: {"const": name} for name in HOSTILE},
        "required": HOSTILE[:3],
        "patternProperties": {"^x\\{\\d+\\}$": {"enum": ['"', "'", "%s", "{0}"]}},
        "additionalProperties": False,
        "$defs": {name: {"type": "string", "description": name} for name in HOSTILE},
    }
    source = validator_source(schema)
    module = tmp_path / "hostile.py"
    module.write_text(source, encoding="utf-8")
    _ruff_clean(module)
    validator = compile_validator(schema)
    good = {name: name for name in HOSTILE} | {"x{12}": "%s"}
    assert validator.is_valid(good), list(validator.iter_errors(good))
    found = [(e.path, e.keyword) for e in validator.iter_errors({**good, "~/slash": 1, "x{1}": "{1}"})]
    assert found == [("/~0~1slash", "const"), ("/x{1}", "enum")]
    messages = [e.message for e in validator.iter_errors({'q"uote': 1, "50%": 2})]
    assert messages == [
        '"sq\'uote" is a required property',
        "'back\\\\slash' is a required property",
        "'q\"uote' was expected",
        "'50%' was expected",
    ]
    for name in HOSTILE:
        assert validator.for_type(name).is_valid("x")


def _ruff_clean(path: Path) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed")
    config = (
        ["--config", str(RUFF_CONFIG)] if RUFF_CONFIG.is_file() else ["--select", "E,F,W,I,UP,B", "--ignore", "E501"]
    )
    check = subprocess.run(
        [ruff, "check", "--no-cache", *config, str(path)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + path.read_text(encoding="utf-8")
    formatted = subprocess.run(
        [ruff, "format", "--check", "--diff", *config[:2], str(path)], capture_output=True, text=True, check=False
    )
    assert formatted.returncode == 0, formatted.stdout


def test_regex_patterns_say_so_in_the_header() -> None:
    source = validator_source({"pattern": "^\\p{Letter}+$"})
    assert "# Needs the third-party `regex` package" in source
    assert "\nimport regex\n" in source
    plain = validator_source({"pattern": "^[a-z]+$"})
    assert "regex" not in plain.replace("re.compile", "")
    validator = compile_validator({"pattern": "^\\p{Letter}+$"})
    assert validator.is_valid("héllo")
    assert not validator.is_valid("h3llo")


def test_ecma_semantics_of_patterns() -> None:
    validator = compile_validator({"pattern": "^\\d+$"})
    assert validator.is_valid("123")
    assert not validator.is_valid("١٢٣")  # Arabic-Indic digits are not \\d in ECMA-262
    assert not validator.is_valid("123\n")  # $ is the very end


def test_output_is_deterministic_across_hash_seeds() -> None:
    code = (
        "import sys; from generator import validator_source; "
        "sys.stdout.write(validator_source('schemas/batch.yaml') + validator_source("
        "{'enum': ['b', 'a', 1, None], 'required': ['z', 'y'], 'properties': {'y': {}, 'z': {}}}))"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_generated_batch_validators_pass_mypy_strict_and_ruff(tmp_path: Path) -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy is not installed")
    files = []
    for name, schema in [
        ("batch_validators", BATCH),
        *((p.stem, p) for p in sorted(ROOT.glob("tests/fixtures/validators/*.json"))),
    ]:
        path = tmp_path / f"{name}.py"
        path.write_text(validator_source(schema), encoding="utf-8")
        _ruff_clean(path)
        files.append(str(path))
    result = subprocess.run(
        [mypy, "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), *files],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_validators_target_writes_the_module(tmp_path: Path) -> None:
    from generator.api import generate

    generate([BATCH], tmp_path, targets=["validators"], root=ROOT)
    text = (tmp_path / "batch" / "validators.py").read_text(encoding="utf-8")
    assert text.startswith("# Generated by schemagen from schemas/batch.yaml. Do not edit")
    assert text == validator_source(BATCH).replace(validator_source(BATCH).split("\n", 1)[0], text.split("\n", 1)[0], 1)
    namespace: dict[str, Any] = {}
    exec(compile(text, "validators.py", "exec"), namespace)
    assert namespace["is_valid"](EXAMPLE)
    assert namespace["is_valid_batch"](EXAMPLE)
    assert not namespace["is_valid_batch_status"]("done")
    assert [e.path for e in namespace["iter_errors_errors"]({"data": [{"line": "x"}]})] == ["/data/0/line"]
    assert set(namespace["TYPES"]) == {
        "Batch",
        "BatchObject",
        "BatchStatus",
        "Errors",
        "BatchData",
        "RequestCounts",
        "BatchMetadata",
        "BatchRequestInput",
        "BatchRequestOutput",
        "BatchResponse",
        "BatchRequestError",
    }


def test_formats_are_annotations_unless_asked_for() -> None:
    schema = {"properties": {"when": {"format": "date-time"}, "mail": {"format": "email"}, "x": {"format": "no-such"}}}
    bad = {"when": "yesterday", "mail": "nobody", "x": "anything"}
    assert compile_validator(schema).is_valid(bad)
    strict = compile_validator(schema, formats=True)
    assert [(e.path, e.keyword) for e in strict.iter_errors(bad)] == [("/when", "format"), ("/mail", "format")]
    assert strict.is_valid({"when": "1985-04-12T23:20:50.52Z", "mail": "joe@example.com", "x": 1})
    assert "# Needs the third-party `idna` package" not in validator_source(schema, formats=True)
    assert "# Needs the third-party `idna` package" in validator_source({"format": "idn-hostname"}, formats=True)


@pytest.mark.parametrize("text", ['a\\"b', '\\"', 'x"y"z\'w', "q\\'", "{brace}", "\u2028\x00\ud800"])
def test_hostile_text_in_keys_enums_consts_and_patterns_keeps_its_meaning(text: str) -> None:
    """A backslash before a quote used to lose its backslash in the validators (issue 12)."""
    import re

    import jsonschema

    schema = {
        "type": "object",
        "required": [text],
        "properties": {text: {"enum": [text, 1]}, "c": {"const": text}, "p": {"pattern": "^" + re.escape(text)}},
        "additionalProperties": False,
    }
    validator = compile_validator(schema)
    oracle = jsonschema.Draft202012Validator(schema)
    cases = [
        {text: text},
        {text: text, "c": text, "p": text + "tail"},
        {text: "other"},
        {"c": text},
        {text: 1, "c": text + "!"},
        {text: text, "p": "x" + text},
        {text: text, text + "x": 1},
    ]
    for case in cases:
        assert validator.is_valid(case) == oracle.is_valid(case), case
        errors = sorted((e.path, e.keyword) for e in validator.iter_errors(case))
        assert len(errors) == len(list(oracle.iter_errors(case))), case


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ({"$ref": "#"}, "/$ref"),
        ({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}, "/$defs/a/$ref"),
        ({"allOf": [{"$ref": "#"}]}, "/"),
        ({"$defs": {"n": {"not": {"$ref": "#/$defs/n"}}}}, "/$defs/n"),
    ],
)
def test_a_mapping_with_a_structureless_cycle_is_refused_as_a_file_is(schema: dict[str, Any], where: str) -> None:
    """The loader refuses these for files; a mapping gets the same check (it compiled, then judged every
    instance invalid, where python-jsonschema recurses forever)."""
    with pytest.raises(PlanError) as caught:
        compile_validator(schema)
    assert str(caught.value).startswith(f"{where}: ") and "no structure" in caught.value.message


def test_a_recursive_mapping_with_a_structure_step_still_compiles() -> None:
    tree = compile_validator({"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#"}}}})
    assert tree.is_valid({"kids": [{"kids": []}]}) and not tree.is_valid({"kids": [1]})


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ({"dependencies": {"a": [{"items": {}}]}}, "/dependencies"),
        ({"dependentRequired": {"a": [1]}}, "/dependentRequired"),
        ({"dependentRequired": {"a": "b"}}, "/dependentRequired"),
    ],
)
def test_dependencies_that_are_not_property_names_are_one_plan_error(schema: dict[str, Any], where: str) -> None:
    """A mutant (seed 20261207, 1374 of 1500) reached the planner with a list of schemas under `dependencies`
    and crashed with `unhashable type: 'dict'`."""
    with pytest.raises(PlanError) as caught:
        compile_validator(schema)
    assert str(caught.value).startswith(f"{where}: the dependencies of 'a' must be")
