# ruff: noqa: E501 -- one case a line reads best as a table
"""`schemagen diff`, table-driven: hand-written change cases covering every change kind in both directions.

Each case gives OLD and NEW, the kind of the change it makes, and the expected verdict per
direction: ``c`` compatible, ``b`` breaking, ``u`` unknown. Every breaking verdict carries a witness,
and python-jsonschema (the oracle) must agree with it: valid under one version, invalid under the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.diff import diff
from generator.diff.kinds import KINDS

S, INT, N, B, NUL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}
OBJ = {"type": "object"}


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def defs(root: dict[str, Any], **named: Any) -> dict[str, Any]:
    return {**root, "$defs": named}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


STATUS = {"type": "string", "enum": ["a", "b", "c"]}
TAG_A = {"type": "object", "properties": {"kind": {"const": "a"}, "x": S}, "required": ["kind"]}
TAG_B = {"type": "object", "properties": {"kind": {"enum": ["b", "c"]}, "y": INT}, "required": ["kind"]}
BATCH = {"type": "object", "properties": {"id": S, "status": ref("Status")}, "required": ["id"]}

CASES: list[tuple[str, Any, Any, str | None, str, str]] = [
    # type
    ("type-widened", S, {"type": ["string", "integer"]}, "type-widened", "c", "b"),
    ("type-narrowed", {"type": ["string", "integer"]}, S, "type-narrowed", "b", "c"),
    ("number-to-integer", N, INT, "type-narrowed", "b", "c"),
    ("integer-to-number", INT, N, "type-widened", "c", "b"),
    ("type-replaced", S, INT, "type-changed", "b", "b"),
    ("any-to-object", {}, OBJ, "type-narrowed", "b", "c"),
    ("boolean-to-any", B, {}, "type-widened", "c", "b"),
    ("number-list-same", {"type": ["number", "integer"]}, N, None, "c", "c"),
    ("type-added-to-string-enum", {"enum": ["a", "b"]}, {"type": "string", "enum": ["a", "b"]}, None, "c", "c"),
    ("type-added-to-mixed-enum", {"enum": ["a", 1]}, {"type": "string", "enum": ["a", 1]}, "type-narrowed", "b", "c"),
    # properties
    ("property-removed-open", obj(a=S), obj(), "property-removed", "c", "b"),
    ("property-added-open", obj(), obj(a=S), "property-added", "b", "c"),
    ("property-removed-closed", {**obj(a=S), "additionalProperties": False}, {**obj(), "additionalProperties": False}, "property-removed", "b", "c"),
    ("property-added-closed", {**obj(), "additionalProperties": False}, {**obj(a=S), "additionalProperties": False}, "property-added", "c", "b"),
    ("property-added-anything", obj(), obj(a={"description": "any"}), "property-added", "c", "c"),
    ("property-retyped", obj(a=S), obj(a=INT), "type-changed", "b", "b"),
    ("nested-property-retyped", obj(a=obj(b=S)), obj(a=obj(b=INT)), "type-changed", "b", "b"),
    ("property-removed-additional-typed", {**obj(a=S), "additionalProperties": S}, {**obj(), "additionalProperties": S}, "property-removed", "c", "c"),
    # required
    ("required-added", obj(a=S), {**obj(a=S), "required": ["a"]}, "required-added", "b", "c"),
    ("required-removed", {**obj(a=S), "required": ["a"]}, obj(a=S), "required-removed", "c", "b"),
    ("required-added-undeclared", OBJ, {**OBJ, "required": ["z"]}, "required-added", "b", "c"),
    # enum
    ("enum-value-added", {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]}, "enum-value-added", "c", "b"),
    ("enum-value-removed", {"enum": ["a", "b", "c"]}, {"enum": ["a", "b"]}, "enum-value-removed", "b", "c"),
    ("enum-numbers-equal", {"enum": [1, 2]}, {"enum": [1.0, 2]}, None, "c", "c"),
    ("enum-null-added", {"enum": ["a"]}, {"enum": ["a", None]}, "nullability-changed", "c", "b"),
    ("enum-int-not-bool", {"enum": [1]}, {"enum": [True]}, "enum-value-removed", "b", "c"),
    # const
    ("const-changed", {"const": "a"}, {"const": "b"}, "const-changed", "b", "b"),
    ("const-added", S, {**S, "const": "a"}, "const-changed", "b", "c"),
    ("const-removed", {**S, "const": "a"}, S, "const-changed", "c", "b"),
    # numeric, length, count bounds
    ("maximum-tightened", {**INT, "maximum": 10}, {**INT, "maximum": 5}, "bound-tightened", "b", "c"),
    ("maximum-loosened", {**INT, "maximum": 5}, {**INT, "maximum": 10}, "bound-loosened", "c", "b"),
    ("minimum-tightened", {**N, "minimum": 0}, {**N, "minimum": 1}, "bound-tightened", "b", "c"),
    ("exclusive-to-inclusive", {**N, "exclusiveMinimum": 0}, {**N, "minimum": 0}, "bound-loosened", "c", "b"),
    ("minimum-removed", {**N, "minimum": 3}, N, "bound-loosened", "c", "b"),
    ("minLength-tightened", {**S, "minLength": 1}, {**S, "minLength": 3}, "bound-tightened", "b", "c"),
    ("maxLength-loosened", {**S, "maxLength": 10}, {**S, "maxLength": 20}, "bound-loosened", "c", "b"),
    ("minItems-tightened", {"type": "array"}, {"type": "array", "minItems": 2}, "bound-tightened", "b", "c"),
    ("maxItems-tightened", {"type": "array", "maxItems": 5}, {"type": "array", "maxItems": 2}, "bound-tightened", "b", "c"),
    ("minProperties-removed", {**OBJ, "minProperties": 1}, OBJ, "bound-loosened", "c", "b"),
    ("maxProperties-tightened", {**OBJ, "maxProperties": 3}, {**OBJ, "maxProperties": 1}, "bound-tightened", "b", "c"),
    ("multipleOf-tightened", {**INT, "multipleOf": 2}, {**INT, "multipleOf": 4}, "bound-tightened", "b", "c"),
    ("multipleOf-loosened", {**INT, "multipleOf": 4}, {**INT, "multipleOf": 2}, "bound-loosened", "c", "b"),
    ("uniqueItems-added", {"type": "array"}, {"type": "array", "uniqueItems": True}, "bound-tightened", "b", "c"),
    # pattern, format
    ("pattern-added", S, {**S, "pattern": "^a"}, "pattern-changed", "b", "c"),
    ("pattern-removed", {**S, "pattern": "^a"}, S, "pattern-changed", "c", "b"),
    ("pattern-narrowed", {**S, "pattern": "^[a-z]+$"}, {**S, "pattern": "^[a-z]{3}$"}, "pattern-changed", "b", "u"),
    ("pattern-replaced", {**S, "pattern": "^a"}, {**S, "pattern": "^[0-9]"}, "pattern-changed", "b", "b"),
    ("format-changed", {**S, "format": "date"}, {**S, "format": "date-time"}, "format-changed", "u", "u"),
    ("format-added", S, {**S, "format": "email"}, "format-changed", "u", "c"),
    # additionalProperties / unevaluatedProperties
    ("additional-closed", OBJ, {**OBJ, "additionalProperties": False}, "additional-closed", "b", "c"),
    ("additional-opened", {**OBJ, "additionalProperties": False}, OBJ, "additional-opened", "c", "b"),
    ("additional-retyped", {**OBJ, "additionalProperties": S}, {**OBJ, "additionalProperties": INT}, "type-changed", "b", "b"),
    ("additional-false-to-schema", {**OBJ, "additionalProperties": False}, {**OBJ, "additionalProperties": S}, "additional-opened", "c", "b"),
    ("unevaluated-closed", obj(a=S), {**obj(a=S), "unevaluatedProperties": False}, "additional-closed", "b", "c"),
    ("unevaluated-opened", {**obj(a=S), "unevaluatedProperties": False}, obj(a=S), "additional-opened", "c", "b"),
    ("unevaluated-property-dropped", {**obj(a=S), "unevaluatedProperties": False}, {**obj(), "unevaluatedProperties": False}, "property-removed", "b", "u"),
    # unions
    ("anyOf-branch-added", {"anyOf": [S, INT]}, {"anyOf": [S, INT, B]}, "union-branch-added", "c", "b"),
    ("anyOf-branch-removed", {"anyOf": [S, INT, B]}, {"anyOf": [S, INT]}, "union-branch-removed", "b", "c"),
    ("oneOf-branch-added", {"oneOf": [S, INT]}, {"oneOf": [S, INT, B]}, "union-branch-added", "u", "b"),
    ("oneOf-branch-removed", {"oneOf": [S, INT, B]}, {"oneOf": [S, INT]}, "union-branch-removed", "b", "u"),
    ("anyOf-branch-tightened", {"anyOf": [{**S, "maxLength": 5}, INT]}, {"anyOf": [{**S, "maxLength": 3}, INT]}, "bound-tightened", "b", "c"),
    ("oneOf-branch-tightened", {"oneOf": [{**S, "maxLength": 5}, INT]}, {"oneOf": [{**S, "maxLength": 3}, INT]}, "bound-tightened", "b", "u"),
    ("oneOf-discriminated-widened", {"oneOf": [TAG_A, TAG_B]}, {"oneOf": [{**TAG_A, "properties": {**TAG_A["properties"], "x": {"type": ["string", "integer"]}}}, TAG_B]}, "type-widened", "c", "b"),
    ("oneOf-discriminated-tightened", {"oneOf": [TAG_A, TAG_B]}, {"oneOf": [{**TAG_A, "properties": {**TAG_A["properties"], "x": {**S, "maxLength": 1}}}, TAG_B]}, "bound-tightened", "b", "c"),
    ("oneOf-overlapping-widened", {"oneOf": [{**TAG_A, "required": ["x"]}, {**OBJ, "properties": {"x": S}}]}, {"oneOf": [{**TAG_A, "required": ["x"], "properties": {**TAG_A["properties"], "x": {"type": ["string", "integer"]}}}, {**OBJ, "properties": {"x": S}}]}, "type-widened", "u", "b"),
    ("anyOf-removed-branch-covered", {"anyOf": [INT, N]}, {"anyOf": [N]}, "union-branch-removed", "c", "c"),
    # nullability
    ("null-added-to-type", S, {"type": ["string", "null"]}, "nullability-changed", "c", "b"),
    ("null-removed-from-type", {"type": ["string", "null"]}, S, "nullability-changed", "b", "c"),
    ("null-branch-added", defs(ref("X"), X=S), defs({"anyOf": [ref("X"), NUL]}, X=S), "nullability-changed", "c", "b"),
    ("null-branch-removed", defs({"anyOf": [ref("X"), NUL]}, X=S), defs(ref("X"), X=S), "nullability-changed", "b", "c"),
    # $ref
    ("ref-retargeted", defs(obj(v=ref("A")), A=S, B=INT), defs(obj(v=ref("B")), A=S, B=INT), "ref-target-changed", "b", "b"),
    ("ref-retargeted-equal", defs(obj(v=ref("A")), A=S, B=S), defs(obj(v=ref("B")), A=S, B=S), "ref-target-changed", "c", "c"),
    ("ref-retargeted-wider", defs(obj(v=ref("A")), A=S, B={"type": ["string", "null"]}), defs(obj(v=ref("B")), A=S, B={"type": ["string", "null"]}), "ref-target-changed", "c", "b"),
    ("ref-target-edited", defs(obj(v=ref("A")), A=S), defs(obj(v=ref("A")), A=INT), "type-changed", "b", "b"),
    # items / prefixItems
    ("items-widened", {"type": "array", "items": S}, {"type": "array", "items": {"type": ["string", "integer"]}}, "type-widened", "c", "b"),
    ("prefix-item-added", {"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S, INT]}, "items-changed", "b", "c"),
    ("prefix-item-removed", {"type": "array", "prefixItems": [S, INT]}, {"type": "array", "prefixItems": [S]}, "items-changed", "c", "b"),
    ("items-closed", {"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S], "items": False}, "items-changed", "b", "c"),
    ("items-opened", {"type": "array", "prefixItems": [S], "items": False}, {"type": "array", "prefixItems": [S]}, "items-changed", "c", "b"),
    ("prefix-item-retyped", {"type": "array", "prefixItems": [S, S]}, {"type": "array", "prefixItems": [S, INT]}, "type-changed", "b", "b"),
    # definitions
    ("type-renamed", defs(obj(v=ref("A")), A=obj(x=S)), defs(obj(v=ref("B")), B=obj(x=S)), "type-renamed", "c", "c"),
    ("definition-added", defs(OBJ, A=S), defs(OBJ, A=S, C=INT), "definition-added", "c", "c"),
    ("definition-removed", defs(OBJ, A=S, C=INT), defs(OBJ, A=S), "definition-removed", "c", "c"),
    ("batch-status-value-removed", defs(ref("Batch"), Batch=BATCH, Status=STATUS),
     defs(ref("Batch"), Batch=BATCH, Status={**STATUS, "enum": ["a", "b"]}), "enum-value-removed", "b", "c"),
    # not, conditionals, other applicators
    ("not-widened", {"not": S}, {"not": {"type": ["string", "integer"]}}, "type-widened", "b", "c"),
    ("not-added", {}, {"not": S}, "keyword-changed", "b", "c"),
    ("then-required-added", {"if": obj(a={"const": 1}), "then": {"required": ["b"]}},
     {"if": obj(a={"const": 1}), "then": {"required": ["b", "c"]}}, "required-added", "b", "c"),
    ("dependentRequired-added", {"dependentRequired": {"a": ["b"]}}, {"dependentRequired": {"a": ["b", "c"]}}, "keyword-changed", "b", "c"),
    ("contains-tightened", {"type": "array", "contains": S}, {"type": "array", "contains": {**S, "minLength": 2}}, "bound-tightened", "b", "c"),
    ("propertyNames-tightened", {**OBJ, "propertyNames": {"maxLength": 5}}, {**OBJ, "propertyNames": {"maxLength": 3}}, "bound-tightened", "b", "c"),
    ("allOf-added", OBJ, {**OBJ, "allOf": [{"required": ["a"]}]}, "keyword-changed", "b", "c"),
]  # fmt: skip


def _write(path: Path, schema: Any) -> Path:
    path.write_text(json.dumps(schema, indent=1), encoding="utf-8")
    return path


def _oracle(schema: Any, entry: str | None) -> Draft202012Validator:
    target = schema if not entry else {**schema, "$ref": f"#/$defs/{entry}"}
    if entry:
        target = {"$defs": schema["$defs"], "$ref": f"#/$defs/{entry}"}
    return Draft202012Validator(target)


def test_the_table_covers_every_kind_in_both_directions() -> None:
    assert len(CASES) >= 60
    covered = {case[3] for case in CASES}
    assert covered >= set(KINDS)
    for kind in KINDS:
        verdicts = {(case[4], case[5]) for case in CASES if case[3] == kind}
        assert any("b" in v or "u" in v for v in verdicts) or kind in (
            "type-renamed",
            "definition-added",
            "definition-removed",
        ), kind


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_change_case(tmp_path: Path, case: tuple[str, Any, Any, str | None, str, str]) -> None:
    _, old, new, kind, backward, forward = case
    report = diff(str(_write(tmp_path / "old.json", old)), str(_write(tmp_path / "new.json", new)))
    if kind is None:
        assert report.changes == ()
        return
    found = [c for c in report.changes if c.kind == kind]
    assert found, f"no {kind} among {[(c.kind, c.message) for c in report.changes]}"
    change = found[0]
    spell = {"compatible": "c", "breaking": "b", "unknown": "u"}
    got = (spell[change.verdicts["backward"].status], spell[change.verdicts["forward"].status])
    assert got == (backward, forward), change.message
    for direction, verdict in change.verdicts.items():
        if verdict.status == "unknown":
            assert verdict.reason
        if verdict.status != "breaking":
            assert direction not in change.witness
            continue
        witness = change.witness[direction]
        valid, invalid = (old, new) if witness["valid"] == "old" else (new, old)
        assert (witness["valid"], witness["invalid"]) == (("old", "new") if direction == "backward" else ("new", "old"))
        payload = witness["payload"]
        assert _oracle(valid, witness["type"]).is_valid(payload), payload
        assert not _oracle(invalid, witness["type"]).is_valid(payload), payload
    assert change.new_at.startswith(str(tmp_path / "new.json")) or change.new_at.startswith("new.json")
