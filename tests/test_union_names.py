"""Speakeasy's names for union members and what sits inside anonymous unions (issue 17), on a small document.

The same shapes as the OpenAI document's moderation ``input``, message ``content``, fine-tuning
``integrations`` and the chunking strategies inside ``tool_resources``, with other property names.
"""

from __future__ import annotations

import pytest
import yaml

from generator.api import render_files

SPEC = {
    "openapi": "3.0.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Part": {"type": "object", "properties": {"text": {"type": "string"}}},
            "PartUnion": {"oneOf": [{"$ref": "#/components/schemas/Part"}]},
            "Request": {
                "type": "object",
                "properties": {
                    "payload": {
                        "oneOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "string"}},
                            {
                                "type": "array",
                                "items": {
                                    "oneOf": [
                                        {
                                            "type": "object",
                                            "properties": {
                                                "kind": {"type": "string", "enum": ["picture"]},
                                                "spot": {"type": "object", "properties": {"url": {"type": "string"}}},
                                            },
                                        },
                                        {
                                            "type": "object",
                                            "properties": {
                                                "kind": {"type": "string", "enum": ["words"]},
                                            },
                                        },
                                    ]
                                },
                            },
                        ]
                    },
                    "body": {
                        "oneOf": [
                            {"type": "string", "title": "Plain"},
                            {
                                "type": "array",
                                "title": "Array of parts",
                                "items": {"oneOf": [{"$ref": "#/components/schemas/Part"}, {"type": "integer"}]},
                            },
                        ]
                    },
                    "kind": {"type": "string", "enum": ["request"]},
                    "spot": {"type": "object", "properties": {"x": {"type": "integer"}}},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/PartUnion"}},
                    "hooks": {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/Part"}]}},
                    "flavor": {"oneOf": [{"type": "string", "enum": ["sweet"]}]},
                    "label": {"anyOf": [{"type": "string"}]},
                    "strategy": {
                        "type": "object",
                        "oneOf": [
                            {
                                "type": "object",
                                "title": "Auto Strategy",
                                "properties": {"kind": {"type": "string", "enum": ["auto"]}},
                            },
                            {
                                "type": "object",
                                "title": "Fixed Strategy",
                                "properties": {"kind": {"type": "string", "enum": ["fixed"]}},
                            },
                        ],
                    },
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("unions")
    spec = folder / "api.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for flavor, prefix in (("typescript", "docs/models/components/"), ("python", "docs/models/")):
        files = render_files([spec], targets=("docs",), docs_flavor=flavor, root=folder)
        out[flavor] = {
            p[len(prefix) : -3]: t for p, t in files.items() if p.startswith(prefix) and "/" not in p[len(prefix) :]
        }
    return out


def title(doc: str) -> str:
    return doc.split("\n", 1)[0]


def headings(doc: str) -> list[str]:
    return [line[5:-1] for line in doc.split("\n") if line.startswith("### `")]


def test_array_member_names_its_anonymous_items(docs: dict[str, dict[str, str]]) -> None:
    ts = docs["typescript"]
    # member 3 of ``payload`` is an array of an anonymous union: the items are ``Three``
    assert headings(ts["payload"]) == ["string", "string[]", "components.Three[]"]
    assert headings(ts["three"]) == ["components.Three1", "components.Three2"]
    # an array's title names nothing: member 2 of ``body`` -> ``Two``
    assert headings(ts["body"]) == ["string", "components.Two[]"]
    assert headings(ts["two"]) == ["components.Part", "number"]


def test_names_inside_a_numbered_member_start_with_its_index(docs: dict[str, dict[str, str]]) -> None:
    ts = docs["typescript"]
    # ``Kind`` and ``Spot`` are taken by Request's own fields: the index comes first, spelled, then after the root
    assert "[components.ThreeKind](../../models/components/threekind.md)" in ts["three1"]
    assert "[components.ThreeSpot](../../models/components/threespot.md)" in ts["three1"]
    assert "[components.Request3Kind](../../models/components/request3kind.md)" in ts["three2"]


def test_titled_members_of_an_anonymous_union_are_scoped_by_the_union(docs: dict[str, dict[str, str]]) -> None:
    ts = docs["typescript"]
    assert headings(ts["strategy"]) == ["components.AutoStrategy", "components.FixedStrategy"]
    assert "[components.StrategyKind](../../models/components/strategykind.md)" in ts["autostrategy"]
    assert "[components.RequestStrategyKind](../../models/components/requeststrategykind.md)" in ts["fixedstrategy"]


def test_unions_of_one(docs: dict[str, dict[str, str]]) -> None:
    ts = docs["typescript"]
    assert headings(ts["partunion"]) == ["components.Part"]  # a component
    assert headings(ts["hooks"]) == ["components.Part"]  # inline, of a reference
    assert headings(ts["flavor"]) == ["components.One"]  # inline, of an enum: the member is named too
    assert ts["one"].endswith('## Values\n\n```typescript\n"sweet"\n```')
    assert "label" not in ts and "| `label` " in ts["request"] and "| *string* " in ts["request"]  # a primitive


def test_python_flavor_uses_the_same_names(docs: dict[str, dict[str, str]]) -> None:
    ts, py = docs["typescript"], docs["python"]
    assert set(py) <= set(ts)
    for name in (
        "three",
        "three1",
        "three2",
        "threekind",
        "request3kind",
        "two",
        "autostrategy",
        "strategykind",
        "one",
    ):
        assert title(py[name]) == title(ts[name]), name
