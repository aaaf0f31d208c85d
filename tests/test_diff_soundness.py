"""Soundness of `schemagen diff`: whenever it says "compatible" in a direction, no payload contradicts it.

Hypothesis mutates real schemas (the test corpus, a tagged union, and SchemaStore schemas from
../shared/reference/schemastore-sample: as published (draft-07/04, when the loader reads those
dialects and their refs are local) and read as 2020-12 (``definitions`` as ``$defs``, no
draft-only keywords)), runs ``diff`` on the pair, then checks payloads drawn from
several independent sources with python-jsonschema (the oracle):
SchemaStore's own valid and invalid instances, values shaped by the type model
(tests/strategies.py), arbitrary JSON, and perturbations of small instances of both versions.
Every witness printed for a breaking verdict is checked too.

Bounded for `make test`; ``SCHEMAGEN_DIFF_SOUNDNESS=N`` sets the number of schema pairs per
source (default 15), e.g. ``SCHEMAGEN_DIFF_SOUNDNESS=500 pytest tests/test_diff_soundness.py``.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import referencing
import referencing.jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from generator.diff import diff
from generator.diff.sample import Sampler
from generator.schema import pointer
from generator.schema.vocabulary import walk
from tests.conftest import CORPUS, REFERENCE
from tests.strategies import JSON

EXAMPLES = int(os.environ.get("SCHEMAGEN_DIFF_SOUNDNESS", "15"))
SAMPLE = REFERENCE / "schemastore-sample"
CHECKED = {"pairs": 0, "payloads": 0, "claims": 0}


def _convert(schema: Any) -> Any | None:
    """A draft-07/04 SchemaStore schema as 2020-12, or None when it uses what differs between them."""
    text = json.dumps(schema)
    if any(k in text for k in ('"additionalItems"', '"dependencies"', '"$recursiveRef"', '"exclusiveMinimum": true')):
        return None
    schema = copy.deepcopy(schema)
    if not isinstance(schema, dict):
        return None
    for key in ("$schema", "$id", "id"):
        schema.pop(key, None)
    if "definitions" in schema:
        schema["$defs"] = schema.pop("definitions")
    for _, node in walk(schema):
        if isinstance(node, dict) and (isinstance(node.get("items"), list) or isinstance(node.get("id"), str)):
            return None
    stack: list[Any] = [schema]  # every $ref, also those under keys that are no keyword
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if not ref.startswith("#"):
                    return None
                node["$ref"] = ref.replace("#/definitions/", "#/$defs/")
            stack.extend(v for k, v in node.items() if k != "$ref")
    try:
        Draft202012Validator.check_schema(schema)
    except Exception:
        return None
    return schema


def _local_refs_only(schema: Any) -> bool:
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return False
            stack.extend(node.values())
    return True


def _instances(name: str) -> list[Any]:
    found = []
    for folder in (SAMPLE / "test" / name, SAMPLE / "negative_test" / name):
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            try:
                text = path.read_text(encoding="utf-8")
                found.append(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))
            except (ValueError, yaml.YAMLError, UnicodeDecodeError):
                continue
    return found


def _reads_draft_07() -> bool:
    """Whether the loader accepts draft-07 documents as they are (the dialects work)."""
    from generator.diagnostics import SchemaError
    from generator.schema.loader import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d7.json"
        path.write_text('{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}', encoding="utf-8")
        try:
            load([path])
        except SchemaError:
            return False
    return True


TAGGED = {
    "$defs": {
        "Base": {"type": "object", "properties": {"note": {"type": "string", "maxLength": 3}}},
        "A": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "a"}, "x": {"type": "string"}}},
        "B": {
            "type": "object",
            "required": ["kind", "y"],
            "properties": {"kind": {"enum": ["b", "c"]}, "y": {"type": "integer"}},
        },
        "C": {
            "allOf": [
                {"$ref": "#/$defs/Base"},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "d"}}},
            ]
        },
    },
    "type": "object",
    "properties": {"item": {"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}, {"$ref": "#/$defs/C"}]}},
}
"""A union told apart by ``kind`` (diff judges changes inside it as in anyOf while the tags stay disjoint)."""


def _as_schema(path: Path) -> Any:
    """A corpus file as JSON Schema: an OpenAPI document as the loader translates it (the oracle reads schemas)."""
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(value, dict) and "openapi" in value:
        from generator.schema.loader import load

        return copy.deepcopy(load([path]).roots[0].contents)
    return value


def _sources() -> tuple[list[tuple[str, Any, list[Any]]], list[tuple[str, Any, list[Any]]]]:
    corpus = [(p.name, _as_schema(p), []) for p in sorted(CORPUS.glob("*.yaml"))]
    corpus.append(("tagged-union", TAGGED, [{"item": {"kind": k, "x": "s", "y": 1, "note": "abcd"}} for k in "abcdz"]))
    sample = []
    raw = _reads_draft_07()
    if (SAMPLE / "INDEX.json").is_file():
        for entry in json.loads((SAMPLE / "INDEX.json").read_text(encoding="utf-8"))["schemas"]:
            path = SAMPLE / "schemas" / f"{entry['name']}.json"
            original = json.loads(path.read_text(encoding="utf-8"))
            if len(path.read_bytes()) > 60_000:
                continue
            converted = _convert(original)
            if converted is not None:
                sample.append((entry["name"], converted, _instances(entry["name"])))
            if raw and _local_refs_only(original):  # draft-07 / draft-04 as they are
                sample.append((entry["name"] + " (as published)", original, _instances(entry["name"])))
    return corpus, sample


CORPUS_SCHEMAS, SAMPLE_SCHEMAS = _sources()
OTHER = ["zz", 0, 1.5, True, None, [], {}]
TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"]


@st.composite
def mutation(draw: st.DrawFn, schema: Any) -> Any:
    """``schema`` with one to three random edits at random subschemas."""
    new = copy.deepcopy(schema)
    for _ in range(draw(st.integers(1, 3))):
        places = [(at, node) for at, node in walk(new) if isinstance(node, dict)]
        at, node = draw(st.sampled_from(places))
        edit = draw(st.integers(0, 15))
        props = node.get("properties") if isinstance(node.get("properties"), dict) else None
        if edit == 0:
            node["type"] = draw(st.sampled_from(TYPES))
        elif edit == 1 and isinstance(node.get("type"), str):
            node["type"] = [node["type"], draw(st.sampled_from(TYPES))]
        elif edit == 2:
            node["enum"] = (
                [*node.get("enum", []), draw(st.sampled_from(OTHER))]
                if isinstance(node.get("enum"), list)
                else [draw(st.sampled_from(OTHER))]
            )
        elif edit == 3 and isinstance(node.get("enum"), list) and len(node["enum"]) > 1:
            node["enum"] = node["enum"][1:]
        elif edit == 4:
            names = [*list(props or ()), "zz"]
            node["required"] = list(dict.fromkeys([*node.get("required", []), draw(st.sampled_from(names))]))
        elif edit == 5 and node.get("required"):
            node["required"] = node["required"][1:]
        elif edit == 6:
            key = draw(
                st.sampled_from(
                    [
                        "minLength",
                        "maxLength",
                        "minimum",
                        "maximum",
                        "minItems",
                        "maxItems",
                        "maxProperties",
                        "exclusiveMaximum",
                    ]
                )
            )
            node[key] = draw(st.integers(0, 5))
        elif edit == 7 and props:
            del props[draw(st.sampled_from(sorted(props)))]
        elif edit == 8:
            node.setdefault("properties", {})["zz"] = {"type": draw(st.sampled_from(TYPES))}
        elif edit == 9:
            node["additionalProperties"] = draw(st.sampled_from([False, True, {"type": "string"}]))
        elif edit == 10:
            key = "anyOf" if "anyOf" in node or "oneOf" not in node else "oneOf"
            branches = node.get(key, [])
            node[key] = (
                [*branches, {"type": draw(st.sampled_from(TYPES))}] if branches or draw(st.booleans()) else branches[1:]
            )
            if not node[key]:
                del node[key]
        elif edit == 11:
            node["const"] = draw(st.sampled_from(OTHER))
        elif edit == 12:
            node["pattern"] = draw(st.sampled_from(["^a", "^[0-9]+$", "b"]))
        elif edit == 13 and at:
            parent_at, _, last = at.rpartition("/")
            parent = _get(new, parent_at)
            value = draw(st.sampled_from([True, False, {"not": node}]))
            if isinstance(parent, dict):
                parent[pointer.unescape(last)] = value
            elif isinstance(parent, list):
                parent[int(last)] = value
        elif edit == 14 and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        elif edit == 15:
            node["multipleOf"] = draw(st.sampled_from([2, 3, 0.5]))
    return new


def _get(schema: Any, at: str) -> Any:
    node = schema
    for token in pointer.split(at):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _perturb(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, dict):
        for key in list(value)[:6]:
            out.append({k: v for k, v in value.items() if k != key})
            for other in (None, "x", 0, [], {}):
                out.append({**value, key: other})
        out.append({**value, "zz": "x"})
    elif isinstance(value, list):
        out += [value[:-1], [*value, value[-1] if value else "x"], [*value, None]]
    elif isinstance(value, str):
        out += [value + "a", value[:-1], "a" * 6]
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out += [value + 1, value - 1, value + 0.5]
    return out


def _dialect(schema: Any) -> Any:
    return schema.get("$schema") if isinstance(schema, dict) else None


def _defs_key(schema: Any) -> str:
    return "definitions" if isinstance(schema, dict) and "$defs" not in schema and "definitions" in schema else "$defs"


def _entry(schema: Any, entry: str) -> str:
    return f"urn:s#{pointer.join('', _defs_key(schema), entry) if entry else ''}"


def _validator(schema: Any, entry: str) -> Any:
    cls = validator_for(schema, default=Draft202012Validator)
    return cls({"$ref": _entry(schema, entry)}, registry=_registry(schema))


def _check(data: st.DataObject, name: str, old: Any, instances: list[Any]) -> None:
    new = data.draw(mutation(old))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "old.json").write_text(json.dumps(old), encoding="utf-8")
        (Path(tmp) / "new.json").write_text(json.dumps(new), encoding="utf-8")
        try:
            report = diff(str(Path(tmp) / "old.json"), str(Path(tmp) / "new.json"))
        except Exception as exc:  # the mutated schema may be invalid: then diff must say so cleanly
            from generator.diagnostics import SchemaError

            assert isinstance(exc, SchemaError), f"{name}: {type(exc).__name__}: {exc}"
            return
    CHECKED["pairs"] += 1
    both = isinstance(new, dict) and isinstance(old, dict)
    defs = [k for k in new.get(_defs_key(new)) or {} if k in (old.get(_defs_key(old)) or {})][:4] if both else []
    compatible = {d for d in ("backward", "forward") if report.status(d) == "compatible"}
    for entry in ["", *defs]:
        vo, vn = _validator(old, entry), _validator(new, entry)
        payloads: list[Any] = list(instances) if not entry else []
        for schema in (old, new):
            for value in Sampler(_registry(schema)).at(_entry(schema, entry))[:4]:
                payloads += _perturb(value)
        payloads += data.draw(st.lists(JSON, max_size=4))
        for payload in payloads:
            CHECKED["payloads"] += 1
            in_old, in_new = vo.is_valid(payload), vn.is_valid(payload)
            if "backward" in compatible:
                CHECKED["claims"] += 1
                assert not (in_old and not in_new), (
                    f"{name}: backward compatible, yet {payload!r} breaks it\n{json.dumps(new)[:2000]}"
                )
            if "forward" in compatible:
                CHECKED["claims"] += 1
                assert not (in_new and not in_old), (
                    f"{name}: forward compatible, yet {payload!r} breaks it\n{json.dumps(new)[:2000]}"
                )
    for change in report.changes:
        for witness in change.witness.values():
            entry = witness["type"] or ""
            valid, invalid = (old, new) if witness["valid"] == "old" else (new, old)
            assert _validator(valid, entry).is_valid(witness["payload"])
            assert not _validator(invalid, entry).is_valid(witness["payload"])


def _registry(schema: Any) -> referencing.Registry[Any]:
    spec = referencing.jsonschema.specification_with(_dialect(schema) or "", default=referencing.jsonschema.DRAFT202012)
    return referencing.Registry().with_resource("urn:s", spec.create_resource(schema))


SOUNDNESS = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)  # fmt: skip


@SOUNDNESS
@given(st.data())
def test_compatible_verdicts_hold_on_corpus_mutations(data: st.DataObject) -> None:
    name, schema, instances = data.draw(st.sampled_from(CORPUS_SCHEMAS))
    _check(data, name, schema, instances)


@pytest.mark.skipif(not SAMPLE_SCHEMAS, reason="schemastore-sample not available")
@SOUNDNESS
@given(st.data())
def test_compatible_verdicts_hold_on_schemastore_mutations(data: st.DataObject) -> None:
    name, schema, instances = data.draw(st.sampled_from(SAMPLE_SCHEMAS))
    _check(data, name, schema, instances)


def test_the_sample_subset_is_substantial() -> None:
    assert len(CORPUS_SCHEMAS) >= 10
    assert len(SAMPLE_SCHEMAS) >= 30


def test_every_schema_against_a_copy_of_itself_has_no_change(tmp_path: Path) -> None:
    """No false alarm: the corpus, the SchemaStore subset and the OpenAI document, each against a copy."""
    pairs = [(p, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.yaml"))]
    pairs += [(Path(f"{name}.json"), json.dumps(schema)) for name, schema, _ in SAMPLE_SCHEMAS]
    openai = REFERENCE / "openapi" / "openai-openapi.yaml"
    if openai.is_file():
        pairs.append((openai, openai.read_text(encoding="utf-8")))
    for path, text in pairs:
        old, new = tmp_path / f"old{path.suffix}", tmp_path / f"new{path.suffix}"
        old.write_text(text, encoding="utf-8")
        new.write_text(text, encoding="utf-8")
        assert diff(str(old), str(new)).changes == (), path.name


@SOUNDNESS
@given(st.data())
def test_compatible_verdicts_hold_on_tagged_union_mutations(data: st.DataObject) -> None:
    """Mutations that keep or break the disjoint tags of a oneOf (the exclusivity shortcut must stay sound)."""
    _check(data, "tagged-union", TAGGED, CORPUS_SCHEMAS[-1][2])
