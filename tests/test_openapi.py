"""OpenAPI input: the 3.0 -> 2020-12 translation, §9 rank order and names, the whole OpenAI document."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SchemaError
from generator.schema.loader import Workspace, load
from generator.schema.openapi import component_order, rewrite_ref, translate
from generator.schema.source import parse_bytes
from generator.schema.vocabulary import ORDER_KEY
from generator.targets import TARGETS
from generator.types.build import build_module
from generator.types.ir import Module
from generator.types.naming import type_name
from generator.types.selection import select

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
OPENAI = REFERENCE / "openapi" / "openai-openapi.yaml"
needs_openai = pytest.mark.skipif(not OPENAI.is_file(), reason=f"shared reference not found: {OPENAI}")


def translated(text: str) -> dict[str, Any]:
    contents, pointer_map = translate(parse_bytes(textwrap.dedent(text).encode(), "api.yaml"))
    assert pointer_map == (("/$defs", "/components/schemas"),)
    return contents


def schemas(body: str, version: str = "3.0.3") -> dict[str, Any]:
    text = f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n"
    return translated(text + textwrap.indent(textwrap.dedent(body), "    "))["$defs"]


# ---- translation -----------------------------------------------------------------------
def test_nullable_scalar_and_enum() -> None:
    defs = schemas(
        """
        A: {type: string, nullable: true, description: d}
        E: {type: string, enum: [a, b], nullable: true}
        N: {type: integer, nullable: false}
        """
    )
    assert defs["A"] == {"type": ["string", "null"], "description": "d"}
    assert defs["E"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert defs["N"] == {"type": "integer"}


def test_nullable_union_keeps_its_identity() -> None:
    defs = schemas(
        """
        U:
          description: a union
          nullable: true
          oneOf: [{type: string}, {type: integer}]
        """
    )
    assert defs["U"] == {
        "description": "a union",
        "anyOf": [{"description": "a union", "oneOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "null"}],
    }


def test_ref_siblings_are_ignored_and_nullable_ref_shows_the_target_description() -> None:
    defs = schemas(
        """
        T: {type: object, description: the target, properties: {x: {type: string}}}
        O:
          type: object
          properties:
            plain: {$ref: '#/components/schemas/T', description: ignored by 3.0, type: string}
            maybe: {$ref: '#/components/schemas/T', nullable: true, description: ignored}
        """
    )
    props = defs["O"]["properties"]
    assert props["plain"] == {"$ref": "#/$defs/T"}
    assert props["maybe"] == {"anyOf": [{"$ref": "#/$defs/T"}, {"type": "null"}], "description": "the target"}


def test_exclusive_bounds_and_examples() -> None:
    defs = schemas(
        """
        X: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false, example: 3}
        """
    )
    assert defs["X"] == {"type": "number", "exclusiveMinimum": 0, "maximum": 9, "examples": [3]}


def test_data_keywords_are_not_translated() -> None:
    defs = schemas(
        """
        X:
          type: object
          default: {nullable: true, $ref: '#/components/schemas/Y'}
          x-meta: {example: 1}
          properties: {a: {type: string, example: {nullable: true}}}
        """
    )
    assert defs["X"]["default"] == {"nullable": True, "$ref": "#/components/schemas/Y"}
    assert defs["X"]["x-meta"] == {"example": 1}
    assert defs["X"]["properties"]["a"] == {"type": "string", "examples": [{"nullable": True}]}


def test_openapi_31_passes_through_with_rewritten_refs() -> None:
    defs = schemas(
        """
        A: {type: [string, "null"], examples: [x], exclusiveMinimum: 3}
        B: {$ref: '#/components/schemas/A', description: kept in 3.1}
        """,
        version="3.1.0",
    )
    assert defs["A"] == {"type": ["string", "null"], "examples": ["x"], "exclusiveMinimum": 3}
    assert defs["B"] == {"$ref": "#/$defs/A", "description": "kept in 3.1"}


def test_required_fragments_become_a_union_of_whole_objects() -> None:
    """§8: ``oneOf`` branches that only add ``required`` distribute over the object (same instances valid)."""
    defs = schemas(
        """
        F:
          type: object
          description: one of two
          nullable: true
          properties: {a: {type: string}, b: {type: integer}}
          oneOf: [{required: [a]}, {required: [b]}]
        """
    )
    props = {"a": {"type": "string"}, "b": {"type": "integer"}}
    assert defs["F"] == {
        "description": "one of two",
        "anyOf": [
            {
                "description": "one of two",
                "oneOf": [
                    {"type": "object", "properties": props, "required": ["a"]},
                    {"type": "object", "properties": props, "required": ["b"]},
                ],
            },
            {"type": "null"},
        ],
    }
    branches = defs["F"]["anyOf"][0]["oneOf"]
    # each branch is its own copy, so that each gets its own inner type names (Speakeasy's FileSearch1/2 subtrees)
    assert branches[0]["properties"] == branches[1]["properties"]
    assert branches[0]["properties"] is not branches[1]["properties"]
    from jsonschema import Draft202012Validator

    check = Draft202012Validator(defs["F"])
    assert check.is_valid({"a": "x"}) and check.is_valid(None) and not check.is_valid({"a": "x", "b": 1})


def test_rewrite_ref() -> None:
    assert rewrite_ref("#/components/schemas/A~1B") == "#/$defs/A~1B"
    assert rewrite_ref("other.yaml#/components/schemas/A") == "other.yaml#/$defs/A"
    assert rewrite_ref("#/$defs/A") == "#/$defs/A"


def test_unsupported_version_is_one_positioned_error() -> None:
    with pytest.raises(SchemaError) as caught:
        translated("openapi: 2.0.0\ninfo: {title: t, version: '1'}\n")
    assert [str(d) for d in caught.value.diagnostics] == [
        "api.yaml:1:10: unsupported OpenAPI version '2.0.0': schemagen reads 3.0 and 3.1"
    ]


def test_schema_errors_point_at_the_openapi_lines(tmp_path: Path) -> None:
    api = tmp_path / "api.yaml"
    api.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A:\n      type: object\n      properties:\n        x:\n          type: 5\n"
    )
    with pytest.raises(SchemaError) as caught:
        load([api], base=tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.file, diagnostic.line) == ("api.yaml", 10)


# ---- §9 rank order ---------------------------------------------------------------------
def test_component_order_is_post_order_over_operations() -> None:
    document = {
        "openapi": "3.0.0",
        "paths": {
            "/a": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                },
            }
        },
        "components": {
            "parameters": {"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/Param"}}},
            "responses": {"R": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Res"}}}}},
            "schemas": {
                "Unused": {"type": "object"},
                "Res": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Leaf"}}},
                "Req": {"type": "array", "items": {"$ref": "#/components/schemas/Leaf"}},
                "Leaf": {"type": "string"},
                "Param": {"type": "string"},
            },
        },
    }
    assert component_order(document) == ["Param", "Leaf", "Req", "Res"]


# ---- the whole OpenAI document ---------------------------------------------------------
@pytest.fixture(scope="module")
def openai() -> tuple[Workspace, Module]:
    if not OPENAI.is_file():
        pytest.skip(f"shared reference not found: {OPENAI}")
    workspace = load([OPENAI], base=OPENAI.parent)
    return workspace, build_module(workspace, workspace.roots[0])


@needs_openai
def test_openai_translation_carries_the_rank_order(openai: tuple[Workspace, Module]) -> None:
    """Post-order: every component comes after the components it references."""
    workspace, _ = openai
    contents = workspace.roots[0].contents
    order = contents[ORDER_KEY]
    assert len(order) == len(set(order)) and set(order) <= set(contents["$defs"])
    assert 150 < len(order) < len(contents["$defs"])  # streaming events and the like are not reached
    rank = {name: i for i, name in enumerate(order)}
    for name in order:
        for ref in re.findall(r"'\$ref': '#/\$defs/([^']+)'", repr(contents["$defs"][name])):
            assert ref == name or rank[ref] < rank[name], (name, ref)


@needs_openai
def test_openai_batch_family_names(openai: tuple[Workspace, Module]) -> None:
    workspace, _ = openai
    module = build_module(workspace, workspace.roots[0], only=["Batch"])
    assert sorted(t.name for t in module.types) == sorted(
        ["Batch", "Errors", "BatchData", "BatchObject", "BatchStatus", "BatchMetadata", "RequestCounts"]
    )


@needs_openai
@pytest.mark.parametrize(
    "name",
    ["ErrorT", "CreateCompletionRequestModel", "CreateChatCompletionRequestModel", "FineTuningJobError",
     "AuditLogProject", "ListModelsResponseObject", "RunObjectMetadata", "Prompt", "JsonSchema", "TopLogprobs",
     "ChatCompletionToolChoiceOption1", "AssistantsApiResponseFormatOption1", "CodeInterpreter",
     "AssistantObjectCodeInterpreter", "Wandb",
     # issue 17: untitled union members and the names inside anonymous-union subtrees
     "One", "Two", "Three", "Three1", "Three2", "ThreeType", "ThreeImageUrl", "CreateModerationRequest3Type",
     "Content2", "ChunkingStrategyStatic", "ChunkingStrategyStaticChunkingStrategy",
     "ChunkingStrategyAutoChunkingStrategy", "FileSearchVectorStores", "FileSearchMetadata"],
)  # fmt: skip
def test_openai_names_from_the_format_notes(openai: tuple[Workspace, Module], name: str) -> None:
    _, module = openai
    assert name in {t.name for t in module.types}


@needs_openai
def test_openai_numbered_names_are_few(openai: tuple[Workspace, Module]) -> None:
    """datamodel-code-generator numbers 262 of 586 classes; Speakeasy numbers only untitled union members (§9):
    28 of its 585 docs (we have all but ``Type1``, a one-member union's member)."""
    workspace, module = openai
    document = workspace.roots[0]
    names = {t.name for t in module.types}
    reached = select(module, [type_name(n) for n in document.contents[ORDER_KEY] if type_name(n) in names], document)
    numbered = sorted(t.name for t in reached.types if re.search(r"[a-z][0-9]+$", t.name))
    assert len(reached.types) > 550
    assert len(numbered) <= 28, numbered
    speakeasy = ["Model2", "BatchSize1", "NEpochs1", "CreateImageRequestModel2", "FineTuningJobNEpochs1",
                 "ChatCompletionToolChoiceOption1", "AssistantsApiResponseFormatOption1", "FileSearch1",
                 "FileSearch2", "CreateThreadRequestFileSearch1", "Content2", "Three1", "Three2"]  # fmt: skip
    assert set(speakeasy) <= set(numbered)


@needs_openai
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_openai_generates_every_target(openai: tuple[Workspace, Module], target: str) -> None:
    from generator.render.environment import environment
    from generator.targets import Job, renderer

    workspace, module = openai
    try:
        render = renderer(target)
    except ModuleNotFoundError as exc:
        if exc.name != TARGETS[target]:
            raise
        pytest.skip(f"target {target} is not built yet ({exc.name})")
    files = render(Job(workspace, workspace.roots[0], module, environment()))
    assert files
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")


def test_a_ref_into_another_openapi_document(tmp_path: Path) -> None:
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    error = "    Error:\n      type: object\n      properties: {code: {type: integer}}\n"
    (tmp_path / "common.yaml").write_text(head + error)
    (tmp_path / "api.yaml").write_text(
        head + "    Thing:\n      type: object\n"
        "      properties: {error: {$ref: 'common.yaml#/components/schemas/Error', description: ignored}}\n"
    )
    workspace = load([tmp_path / "api.yaml"], base=tmp_path)
    module = build_module(workspace, workspace.roots[0])
    assert [t.name for t in module.types] == ["ErrorT", "Thing"]
