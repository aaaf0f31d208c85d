"""Every walker finds properties by schema structure: a property called ``default``, ``enum``,
``examples`` or ``const`` is a property (a key of the *value* of ``properties``), not a data keyword.

One test per walker: the loader (external references and their positions), the OpenAPI translation
and its rank order, the type model, and the bundler.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SchemaError
from generator.schema.bundle import bundle
from generator.schema.loader import load
from generator.schema.openapi import component_order, translate
from generator.schema.source import parse_bytes
from generator.types import ir
from generator.types.build import build_module
from generator.types.naming import type_name

ROOT = """
$schema: https://json-schema.org/draft/2020-12/schema
title: Root
type: object
properties:
  default: {$ref: "other.yaml#/$defs/Thing"}
  enum:
    type: object
    properties:
      const: {$ref: "other.yaml#/$defs/Thing"}
  examples: {type: array, items: {$ref: "#/$defs/Local"}}
  const: {type: string}
$defs:
  Local: {type: object, properties: {n: {type: integer}}}
"""
OTHER = """
$defs:
  Thing: {type: object, properties: {x: {type: string}}}
"""


def write(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path / "root.yaml"


def test_loader_follows_references_under_properties_named_like_data_keywords(tmp_path: Path) -> None:
    workspace = load([write(tmp_path, **{"root.yaml": ROOT, "other.yaml": OTHER})], base=tmp_path)
    assert sorted(doc.display for doc in workspace.documents.values()) == ["other.yaml", "root.yaml"]


def test_loader_reports_a_missing_file_at_the_reference_under_default(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        load([write(tmp_path, **{"root.yaml": ROOT})], base=tmp_path)
    # Both references (properties/default and properties/enum/properties/const) are reported where they are.
    assert [(d.line, d.message) for d in caught.value.diagnostics] == [
        (6, "cannot resolve $ref 'other.yaml#/$defs/Thing': no such file other.yaml"),
        (10, "cannot resolve $ref 'other.yaml#/$defs/Thing': no such file other.yaml"),
    ]


def test_the_type_model_sees_properties_named_like_data_keywords(tmp_path: Path) -> None:
    workspace = load([write(tmp_path, **{"root.yaml": ROOT, "other.yaml": OTHER})], base=tmp_path)
    module = build_module(workspace, workspace.roots[0])
    types = {t.name: t for t in module.types}
    root = types["Root"]
    assert isinstance(root, ir.Model)
    fields = {f.wire_name: f.type for f in root.fields}
    assert fields["default"] == ir.Ref("Thing")
    assert fields["examples"] == ir.Array(ir.Ref("Local"))
    assert fields["const"] == ir.Primitive("string")
    inline = fields["enum"]
    assert isinstance(inline, ir.Ref)
    enum_model = types[inline.name]
    assert isinstance(enum_model, ir.Model)
    assert [(f.wire_name, f.type) for f in enum_model.fields] == [("const", ir.Ref("Thing"))]


def test_the_bundler_rewrites_references_under_properties_named_like_data_keywords(tmp_path: Path) -> None:
    workspace = load([write(tmp_path, **{"root.yaml": ROOT, "other.yaml": OTHER})], base=tmp_path)
    bundled = bundle(workspace, workspace.roots[0], name=type_name)
    assert bundled["properties"]["default"] == {"$ref": "#/$defs/Thing"}
    assert bundled["properties"]["enum"]["properties"]["const"] == {"$ref": "#/$defs/Thing"}
    assert bundled["properties"]["examples"]["items"] == {"$ref": "#/$defs/Local"}
    assert list(bundled["$defs"]) == ["Local", "Thing"]
    assert bundled["$defs"]["Thing"] == {"type": "object", "properties": {"x": {"type": "string"}}}


def test_the_bundler_escapes_defs_names(tmp_path: Path) -> None:
    other = {"$defs": {"a/b~c": {"type": "string"}}}
    (tmp_path / "other.json").write_text(json.dumps(other))
    root = {"type": "object", "properties": {"p": {"$ref": "other.json#/$defs/a~1b~0c"}}}
    (tmp_path / "root.json").write_text(json.dumps(root))
    workspace = load([tmp_path / "root.json"], base=tmp_path)
    bundled = bundle(workspace, workspace.roots[0], name=type_name)
    assert bundled["properties"]["p"] == {"$ref": "#/$defs/a~1b~0c"}
    assert bundled["$defs"] == {"a/b~c": {"type": "string"}}


OPENAPI = """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Holder'}
components:
  schemas:
    Holder:
      type: object
      properties:
        default: {$ref: '#/components/schemas/ViaDefault', nullable: true}
        examples:
          type: object
          nullable: true
          properties: {enum: {$ref: '#/components/schemas/ViaEnum'}}
    ViaDefault: {type: object, description: reached through a property called default}
    ViaEnum: {type: string, enum: [a]}
"""


def translated() -> dict[str, Any]:
    contents, _ = translate(parse_bytes(textwrap.dedent(OPENAPI).encode(), "api.yaml"))
    return contents


def test_openapi_translates_properties_named_like_data_keywords() -> None:
    props = translated()["$defs"]["Holder"]["properties"]
    assert props["default"] == {
        "anyOf": [{"$ref": "#/$defs/ViaDefault"}, {"type": "null"}],
        "description": "reached through a property called default",
    }
    assert props["examples"] == {
        "type": ["object", "null"],
        "properties": {"enum": {"$ref": "#/$defs/ViaEnum"}},
    }


def test_openapi_rank_order_walks_properties_named_like_data_keywords() -> None:
    document = parse_bytes(textwrap.dedent(OPENAPI).encode(), "api.yaml").value
    assert isinstance(document, dict)
    assert component_order(document) == ["ViaDefault", "ViaEnum", "Holder"]
