"""The typed validation plan and the keyword table: frozen ops, no Python source text, derivable dialects."""

from __future__ import annotations

import dataclasses

import pytest

from generator.validation import plan_schema, prepare
from generator.validation.dialect import Keyword
from generator.validation.graph import nodes
from generator.validation.plan import ConstOp, EnumOp, LengthOp, Op, Plan
from generator.validation.table import DRAFT_2020_12

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 9},
        "tags": {"type": "array", "minItems": 1, "items": {"enum": ["a", "b", None]}},
        "kind": {"const": {"nested": [1, 2.5]}},
        "flag": {"const": None},
    },
    "required": ["name"],
    "minProperties": 1,
    "$defs": {"Other": {"anyOf": [{"type": "null"}, {"$ref": "#"}]}},
}


def _plan() -> Plan:
    return plan_schema(prepare(SCHEMA), types=["Other"])


def test_every_plan_object_is_frozen() -> None:
    plan = _plan()
    for node in nodes(plan):
        assert dataclasses.is_dataclass(node)
        params = type(node).__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, type(node).__name__


def test_every_op_has_a_kind() -> None:
    kinds = {type(node).__name__: node.kind for node in nodes(_plan()) if isinstance(node, Op)}
    assert all(kinds.values()), kinds


def test_values_are_json_not_source() -> None:
    plan = _plan()
    consts = [node for node in nodes(plan) if isinstance(node, ConstOp)]
    assert {type(op.value).__name__ for op in consts} == {"dict", "NoneType"}
    assert any(c.value == {"nested": [1, 2.5]} for c in plan.consts)
    enum = next(node for node in nodes(plan) if isinstance(node, EnumOp))
    assert enum.null and enum.strs is not None
    frozen = next(c for c in plan.consts if c.kind == "frozenset" and "a" in c.items)
    assert frozen.items == ("a", "b")  # the strings themselves, not their literals


def test_one_length_op_for_strings_arrays_and_objects() -> None:
    lengths = [node for node in nodes(_plan()) if isinstance(node, LengthOp)]
    assert sorted((op.op, op.value) for op in lengths) == [("<", 1), ("<", 1), ("<", 1), (">", 9)]


def test_the_table_orders_and_groups() -> None:
    ordered = [row.name for row in DRAFT_2020_12.ordered]
    assert ordered[:3] == ["type", "enum", "const"]
    assert ordered[-2:] == ["unevaluatedItems", "unevaluatedProperties"]
    assert DRAFT_2020_12.keywords["maxLength"].group == "string"
    assert DRAFT_2020_12.keywords["then"].build is None
    assert DRAFT_2020_12.expr_keywords == {"type", "enum", "const"}


def test_a_dialect_derives_from_another() -> None:
    derived = DRAFT_2020_12.derive(
        "http://example.com/dialect",
        "example",
        remove=["prefixItems"],
        add=[Keyword("additionalItems", "applicator", "array", order=165)],
    )
    assert "prefixItems" not in derived.keywords
    assert "additionalItems" in derived.keywords
    assert "prefixItems" in DRAFT_2020_12.keywords
    assert derived.keywords["type"] is DRAFT_2020_12.keywords["type"]


@pytest.mark.parametrize("keyword", ["minLength", "minItems", "minProperties"])
def test_a_zero_minimum_is_no_check(keyword: str) -> None:
    plan = plan_schema(prepare({keyword: 0}))
    assert plan.variants[0].body.empty
