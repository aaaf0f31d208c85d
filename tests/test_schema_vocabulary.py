"""generator/schema/vocabulary.py: which keywords hold subschemas, and the one walk over them."""

from __future__ import annotations

from typing import Any

from generator.schema import vocabulary
from generator.schema.vocabulary import children, map_children, walk, walk_with_base


def pointers(schema: Any) -> list[str]:
    return [where for where, _ in walk(schema)]


def test_walk_is_depth_first_in_keyword_order_with_escaped_pointers() -> None:
    schema = {
        "properties": {"a/b": {"items": {"type": "string"}}, "m~n": True},
        "allOf": [{"not": {}}, False],
        "additionalProperties": {"$ref": "#/$defs/x"},
        "$defs": {"x": {}},
    }
    assert pointers(schema) == [
        "",
        "/properties/a~1b",
        "/properties/a~1b/items",
        "/properties/m~0n",
        "/allOf/0",
        "/allOf/0/not",
        "/allOf/1",
        "/additionalProperties",
        "/$defs/x",
    ]


def test_data_keywords_are_not_walked_but_properties_named_like_them_are() -> None:
    schema = {
        "default": {"type": "object", "properties": {"hidden": {}}},
        "enum": [{"type": "string"}],
        "examples": [{"$ref": "#/nowhere"}],
        "const": {"items": {}},
        "properties": {
            "default": {"$ref": "#/$defs/x"},
            "enum": {"type": "object", "properties": {"const": {}}},
            "examples": {"items": {"type": "string"}},
        },
    }
    assert pointers(schema) == [
        "",
        "/properties/default",
        "/properties/enum",
        "/properties/enum/properties/const",
        "/properties/examples",
        "/properties/examples/items",
    ]
    assert vocabulary.DATA_KEYWORDS.isdisjoint(vocabulary.SUBSCHEMA_KEYWORDS)


def test_draft_04_items_lists_and_dependencies() -> None:
    schema = {
        "items": [{"type": "string"}, {"type": "integer"}],
        "additionalItems": {"type": "boolean"},
        "dependencies": {"a": ["b", "c"], "d": {"required": ["e"]}},
        "definitions": {"x": {"not": True}},
    }
    assert pointers(schema) == [
        "",
        "/items/0",
        "/items/1",
        "/additionalItems",
        "/dependencies/d",
        "/definitions/x",
        "/definitions/x/not",
    ]


def test_booleans_are_schemas_and_other_values_are_not() -> None:
    assert [tokens for tokens, _ in children({"not": False, "items": True, "if": 3, "allOf": [1, True]})] == [
        ("not",),
        ("items",),
        ("allOf", 1),
    ]
    assert list(children(True)) == []
    assert list(children([{"type": "string"}])) == []
    assert pointers(False) == [""]


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    schema: dict[str, Any] = {}
    for _ in range(depth):
        schema = {"not": schema}
    found = pointers(schema)
    assert len(found) == depth + 1
    assert found[-1] == "/not" * depth


def test_walk_with_base_applies_each_id() -> None:
    schema = {
        "$id": "https://example.com/root.json",
        "$defs": {"a": {"$id": "a/", "properties": {"b": {"$id": "b.json"}}}, "c": {}},
    }
    assert [(where, base) for where, _, base in walk_with_base(schema, "file:///x.json")] == [
        ("", "https://example.com/root.json"),
        ("/$defs/a", "https://example.com/a/"),
        ("/$defs/a/properties/b", "https://example.com/a/b.json"),
        ("/$defs/c", "https://example.com/root.json"),
    ]


def test_walk_with_base_once_visits_a_shared_object_once() -> None:
    shared: dict[str, Any] = {"properties": {"x": {}}}
    schema = {"properties": {"a": shared, "b": shared}}
    assert len(list(walk_with_base(schema, ""))) == 5
    assert [where for where, _, _ in walk_with_base(schema, "", once=True)] == [
        "",
        "/properties/a",
        "/properties/a/properties/x",
    ]


def test_map_children_copies_structure_and_keeps_order() -> None:
    schema = {
        "type": "object",
        "properties": {"default": {"type": "string"}, "n": {"type": "integer"}},
        "default": {"type": "ignored"},
        "allOf": [{"type": "string"}, 3],
        "dependencies": {"a": ["b"], "c": {"type": "null"}},
        "not": True,
    }

    def tag(sub: Any) -> Any:
        return {"seen": sub}

    out = map_children(schema, tag)
    assert list(out) == list(schema)
    assert out["properties"] == {"default": {"seen": {"type": "string"}}, "n": {"seen": {"type": "integer"}}}
    assert out["default"] is schema["default"]
    assert out["allOf"] == [{"seen": {"type": "string"}}, 3]
    assert out["dependencies"] == {"a": ["b"], "c": {"seen": {"type": "null"}}}
    assert out["not"] == {"seen": True}
    assert out["properties"] is not schema["properties"]


def test_dialects_and_keys() -> None:
    assert vocabulary.DEFAULT_DIALECT == vocabulary.DRAFT_2020_12
    assert vocabulary.ORDER_KEY.startswith(vocabulary.OWN_KEY_PREFIX)
