"""Differential tests: our generated validators against python-jsonschema, on hypothesis instances.

Instances are generated (mostly) valid from the schema, then mutated: a value replaced by
arbitrary JSON, a key dropped or an unknown key added. For each one the verdict must equal
python-jsonschema's, and the failing instance locations must agree: every error we report
lies at or below a location python-jsonschema reports, and every location it reports has one
of our errors at or below it (we descend into the one branch of an ``anyOf``/``oneOf`` that
can apply, where python-jsonschema stops at the ``anyOf``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.schema.source import read_source
from generator.targets.validators import Validator, compile_validator

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validators"
SCHEMAS = [ROOT / "schemas" / "batch.yaml", *sorted(FIXTURES.glob("*.json"))]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(-1e3, 1e3, allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _resolve(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for token in ref.lstrip("#").split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def instances(root: dict[str, Any], schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that are usually valid against ``schema`` (the oracle decides, not this)."""
    if not isinstance(schema, dict) or depth > 4:
        return JSON
    if "$ref" in schema:
        return instances(root, _resolve(root, schema["$ref"]), depth + 1)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            rest = {k: v for k, v in schema.items() if k != keyword}
            return st.one_of([instances(root, {**rest, **b}, depth + 1) for b in schema[keyword]])
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for branch in schema["allOf"]:
            merged["properties"] = {**merged.get("properties", {}), **branch.get("properties", {})}
            merged["required"] = [*merged.get("required", []), *branch.get("required", [])]
        return instances(root, merged, depth + 1)
    types = schema.get("type", ["object"] if "properties" in schema else ["null", "integer", "string"])
    types = [types] if isinstance(types, str) else types
    return st.one_of([_typed(root, schema, t, depth) for t in types])


def _typed(root: dict[str, Any], schema: dict[str, Any], kind: str, depth: int) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -10))
        return st.integers(int(low), int(schema.get("maximum", 150)))
    if kind == "number":
        return st.integers(-10, 150) | st.floats(-10, 150, allow_nan=False)
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: len(s) < 70)
        return st.text("abcxyz", min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 8), 8))
    if kind == "array":
        if "prefixItems" in schema:
            return st.tuples(*(instances(root, s, depth + 1) for s in schema["prefixItems"])).map(list)
        items = instances(root, schema.get("items", True), depth + 1)
        return st.lists(items, max_size=min(schema.get("maxItems", 3), 3))
    properties = schema.get("properties", {})
    required = [k for k in schema.get("required", []) if k in properties]
    optional = {k: instances(root, v, depth + 1) for k, v in properties.items() if k not in required}
    if "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return st.dictionaries(
            st.text("abcdefgh", max_size=5), instances(root, schema["additionalProperties"], depth + 1), max_size=3
        )
    return st.fixed_dictionaries({k: instances(root, properties[k], depth + 1) for k in required}, optional=optional)


@st.composite
def mutated(draw: st.DrawFn, root: dict[str, Any]) -> Any:
    """A generated instance, then (usually) one mutation somewhere inside it."""
    value = draw(instances(root, root))
    if draw(st.integers(0, 4)) == 0:
        return value
    containers: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, (dict, list)):
            containers.append(node)
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(value)
    if not containers:
        return draw(JSON)
    target = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["replace", "drop", "add"]))
    if isinstance(target, dict):
        keys = sorted(target)
        if action == "add" or not keys:
            target[draw(st.text("abxyz-", min_size=1, max_size=4))] = draw(JSON)
        elif action == "drop":
            del target[draw(st.sampled_from(keys))]
        else:
            target[draw(st.sampled_from(keys))] = draw(JSON)
    elif target:
        index = draw(st.integers(0, len(target) - 1))
        if action == "drop":
            del target[index]
        else:
            target[index] = draw(JSON)
    else:
        target.append(draw(JSON))
    return value


def _pointer(path: Any) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def _under(pointer: str, ancestor: str) -> bool:
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def compare(ours: Validator, theirs: jsonschema.Draft202012Validator, instance: Any) -> None:
    expected = theirs.is_valid(instance)
    assert ours.is_valid(instance) == expected, json.dumps(instance)
    our_paths = sorted({e.path for e in ours.iter_errors(instance)})
    their_paths = sorted({_pointer(e.absolute_path) for e in theirs.iter_errors(instance)})
    assert bool(our_paths) == (not expected)
    for path in our_paths:
        assert any(_under(path, t) for t in their_paths), (path, their_paths, json.dumps(instance))
    for path in their_paths:
        assert any(_under(o, path) for o in our_paths), (path, our_paths, json.dumps(instance))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_agrees_with_python_jsonschema(path: Path) -> None:
    root = read_source(path).value
    assert isinstance(root, dict)
    ours = compile_validator(path)
    theirs = jsonschema.Draft202012Validator(root)

    verdicts: list[bool] = []

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(mutated(root))
    def check(instance: Any) -> None:
        compare(ours, theirs, instance)
        verdicts.append(ours.is_valid(instance))

    check()
    assert sum(verdicts) >= 10, "too few valid instances: the generator does not exercise the schema"
    assert len(verdicts) - sum(verdicts) >= 10, "too few invalid instances"


def test_documented_example_and_its_mutations_agree() -> None:
    root = read_source(ROOT / "schemas" / "batch.yaml").value
    assert isinstance(root, dict)
    ours = compile_validator(ROOT / "schemas" / "batch.yaml")
    theirs = jsonschema.Draft202012Validator(root)
    example = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text(encoding="utf-8"))
    compare(ours, theirs, example)
    for key in list(example):
        for replacement in (None, 1, 1.5, "x", [], {}, True):
            compare(ours, theirs, {**example, key: replacement})
        compare(ours, theirs, {k: v for k, v in example.items() if k != key})
