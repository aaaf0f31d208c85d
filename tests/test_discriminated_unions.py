"""Discriminated unions (issue 16 item 1): detection in the type model, O(1) dispatch in ``from_dict``, the tag
as a ``Literal`` in TypedDicts, and validators that keep JSON Schema's semantics.

Fixtures: tests/fixtures/corpus/tagged_unions.yaml (2020-12, ``const`` tags, members that overlap in structure)
and tests/fixtures/corpus/openapi_discriminator.yaml (an OpenAPI ``discriminator`` with a ``mapping``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import jsonschema
import pytest
import yaml

from generator.api import render_files
from generator.diagnostics import SchemaError
from generator.schema.loader import load
from generator.schema.source import read_source
from generator.targets.validators import compile_validator
from generator.types import ir
from generator.types.build import build_module
from tests.conftest import CORPUS, REFERENCE, REPO

TAGGED = CORPUS / "tagged_unions.yaml"
BIN = Path(sys.executable).parent
OPENAPI = CORPUS / "openapi_discriminator.yaml"


def generate(tmp: Path, schema: Path, import_from: Callable[[Path, str], ModuleType], module: str) -> ModuleType:
    for path, text in render_files([schema], targets=("dataclasses", "typeddicts", "jsonschema"), root=CORPUS).items():
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_text(text)
    return import_from(tmp, f"{schema.stem}.{module}")


def module_of(schema: Path, text: str | None = None, tmp: Path | None = None) -> ir.Module:
    if text is not None:
        assert tmp is not None
        schema = tmp / "s.yaml"
        schema.write_text(text)
    workspace = load([schema], base=schema.parent)
    return build_module(workspace, workspace.roots[0])


def union_of(module: ir.Module, name: str) -> ir.Union:
    named = module.get(name)
    assert isinstance(named, ir.Alias)
    target = named.target.inner if isinstance(named.target, ir.Nullable) else named.target
    assert isinstance(target, ir.Union)
    return target


# ---------------------------------------------------------------- detection
def test_const_tags_are_detected_and_a_member_without_a_required_tag_is_untagged() -> None:
    module = module_of(TAGGED)
    shape = union_of(module, "Shape").discriminator
    assert shape == ir.Discriminator("kind", (("circle", 0), ("square", 1), ("triangle", 2)), ())
    event = union_of(module, "Event").discriminator
    assert event is not None and event.untagged == (1,)  # Ping does not require `kind`


def test_a_member_that_is_a_tagged_union_brings_its_tags() -> None:
    drawable = union_of(module_of(TAGGED), "Drawable").discriminator
    assert drawable is not None and drawable.tags == (("circle", 0), ("square", 0), ("triangle", 0), ("label", 1))


def test_the_openapi_mapping_gives_the_tags_and_unmapped_members_get_their_component_name() -> None:
    module = module_of(OPENAPI)
    pet = union_of(module, "Pet").discriminator
    assert pet == ir.Discriminator("pet_type", (("cat", 0), ("dog", 1), ("Lizard", 2)), (), explicit=True)
    working = union_of(module, "Working").discriminator
    assert working is not None and [t for t, _ in working.tags] == ["hound", "falcon"]  # bare names resolve too


def test_an_unmapped_member_that_fixes_its_tag_is_tagged_by_that_value(tmp_path: Path) -> None:
    text = """openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    U:
      oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]
      discriminator: {propertyName: kind}
    A: {type: object, required: [kind], properties: {kind: {const: a}}}
    B: {type: object, required: [kind], properties: {kind: {type: string}}}
"""
    disc = union_of(module_of(tmp_path, text, tmp_path), "U").discriminator
    assert disc is not None and disc.tags == (("a", 0), ("B", 1))  # "A" would be invalid for A: only "a" is


@pytest.mark.parametrize(
    "members",
    [
        # same tag twice: not discriminated
        "[{properties: {k: {const: a}}, type: object}, {properties: {k: {const: a}}, type: object}]",
        # a member that fixes no tag
        "[{properties: {k: {const: a}}, type: object}, {properties: {k: {type: string}}, type: object}]",
        # a member that is not an object
        "[{properties: {k: {const: a}}, type: object}, {type: string}]",
        # tags that are not strings
        "[{properties: {k: {const: 1}}, type: object}, {properties: {k: {const: 2}}, type: object}]",
    ],
)
def test_unions_that_are_not_discriminated(members: str, tmp_path: Path) -> None:
    text = f"$schema: https://json-schema.org/draft/2020-12/schema\n$defs:\n  U:\n    oneOf: {members}\n"
    assert union_of(module_of(tmp_path, text, tmp_path), "U").discriminator is None


def test_a_discriminator_that_cannot_be_honoured_is_a_schema_error(tmp_path: Path) -> None:
    text = """openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    U:
      oneOf: [{$ref: "#/components/schemas/A"}]
      anyOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]
      discriminator: {propertyName: k, mapping: {x: "#/components/schemas/C"}}
    A: {type: object, properties: {k: {type: string}}}
    B: {type: object, properties: {k: {type: string}}}
    C: {type: object, properties: {k: {type: string}}}
"""
    with pytest.raises(SchemaError) as raised:
        module_of(tmp_path, text, tmp_path)
    message = str(raised.value)
    assert "s.yaml:9:" in message and "discriminator mapping 'x' names a schema that is not a member" in message


def test_a_member_selected_with_only_keeps_its_plain_tag(tmp_path: Path) -> None:
    workspace = load([OPENAPI], base=CORPUS)
    alone = build_module(workspace, workspace.roots[0], only=["Feline"])
    feline = alone.get("Feline")
    assert isinstance(feline, ir.Model) and [f.tags for f in feline.fields] == [(), ()]  # used on its own
    both = build_module(workspace, workspace.roots[0], only=["Pet"])
    feline = both.get("Feline")
    assert isinstance(feline, ir.Model) and feline.fields[0].tags == ("cat",)


# ---------------------------------------------------------------- dataclasses
def test_overlapping_members_decode_to_the_class_the_tag_names(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    m = generate(tmp_path, TAGGED, import_from, "models")
    data = {
        "shapes": [{"kind": "circle", "size": 1}, {"kind": "square", "size": 2}],
        "highlight": {"kind": "square", "size": 3},
    }
    drawing = m.Drawing.from_dict(data)
    assert [type(s).__name__ for s in drawing.shapes] == ["Circle", "Square"]
    assert type(drawing.highlight).__name__ == "Square"
    assert m.Drawing.from_dict(drawing.to_dict()) == drawing
    # Tiles fix their tag through allOf over a base whose `kind` is any string: trial decoding (the runtime's
    # `_union`, first member that decodes wins) decodes a square tile as a RoundTile; the tag does not.
    square = {"kind": "square", "size": 2}
    wrong = m._union(square, "", None, (m.RoundTile._decode, m.SquareTile._decode), "RoundTile | SquareTile")
    assert type(wrong).__name__ == "RoundTile"
    floor = m.Floor.from_dict({"tiles": [{"kind": "round", "size": 1}, square]})
    assert [type(t).__name__ for t in floor.tiles] == ["RoundTile", "SquareTile"]


def test_a_wrong_or_missing_tag_names_its_path_and_the_allowed_values(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    m = generate(tmp_path, TAGGED, import_from, "models")
    with pytest.raises(
        m.DecodeError, match=r"^/shapes/1/kind: expected one of 'circle', 'square', 'triangle', got 'hexagon'$"
    ):
        m.Drawing.from_dict({"shapes": [{"kind": "circle", "size": 1}, {"kind": "hexagon", "size": 2}]})
    with pytest.raises(
        m.DecodeError, match=r"^/shapes/0/kind: missing tag, expected one of 'circle', 'square', 'triangle'$"
    ):
        m.Drawing.from_dict({"shapes": [{"size": 2}]})
    with pytest.raises(m.DecodeError, match=r"^/shapes/0: expected object, got string$"):
        m.Drawing.from_dict({"shapes": ["circle"]})
    # After dispatch, the member's own errors come through with their paths.
    with pytest.raises(m.DecodeError, match=r"^/shapes/0/size: expected number, got string$"):
        m.Drawing.from_dict({"shapes": [{"kind": "square", "size": "big"}]})


def test_a_nested_tagged_union_dispatches_twice(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    m = generate(tmp_path, TAGGED, import_from, "models")
    assert type(m.Drawing.from_dict({"shapes": [], "top": {"kind": "square", "size": 1}}).top).__name__ == "Square"
    assert type(m.Drawing.from_dict({"shapes": [], "top": {"kind": "label", "text": "x"}}).top).__name__ == "Label"
    with pytest.raises(m.DecodeError, match=r"^/top/kind: expected one of 'circle', 'square', 'triangle', 'label'"):
        m.Drawing.from_dict({"shapes": [], "top": {"kind": "dot"}})


def test_a_member_that_may_lack_its_tag_is_tried_when_the_tag_is_absent(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    m = generate(tmp_path, TAGGED, import_from, "models")
    assert type(m.Drawing.from_dict({"shapes": [], "event": {"at": 1}}).event).__name__ == "Ping"
    assert type(m.Drawing.from_dict({"shapes": [], "event": {"kind": "pong", "at": 1}}).event).__name__ == "Pong"
    with pytest.raises(m.DecodeError, match=r"^/event/kind: missing tag, expected one of 'pong', 'ping'$"):
        m.Drawing.from_dict({"shapes": [], "event": {"at": "noon"}})


def test_openapi_mapping_tags_decode_real_payloads(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    m = generate(tmp_path, OPENAPI, import_from, "models")
    owner = m.Owner.from_dict(
        {
            "pet": {"pet_type": "dog", "name": "Rex"},
            "pets": [{"pet_type": "cat", "name": "Tom"}, {"pet_type": "Lizard", "scales": 9}],
            "helper": {"pet_type": "Lizard"},
        }
    )
    assert type(owner.pet).__name__ == "Canine"  # Feline has the same structure and comes first
    assert [type(p).__name__ for p in owner.pets] == ["Feline", "Lizard"]
    assert type(owner.helper).__name__ == "Lizard"
    assert m.Owner.from_dict(owner.to_dict()) == owner
    with pytest.raises(m.DecodeError, match=r"^/pet/pet_type: expected one of 'cat', 'dog', 'Lizard', got 'Canine'$"):
        m.Owner.from_dict({"pet": {"pet_type": "Canine", "name": "Rex"}})  # the mapping replaces the component name


# ---------------------------------------------------------------- TypedDicts
def test_typeddict_members_carry_their_tags_as_literals(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    td = generate(tmp_path, OPENAPI, import_from, "typeddicts")
    hint = lambda cls: typing.get_type_hints(cls)["pet_type"]  # noqa: E731
    assert hint(td.Feline) == Literal["cat"]
    assert hint(td.Canine) == Literal["dog", "hound", "Canine"]  # in three unions, tagged in each
    assert hint(td.Lizard) == Literal["Lizard"]
    assert hint(td.Bird) is str  # also used outside any union (Owner.favourite): any string is valid there
    shapes = generate(tmp_path, TAGGED, import_from, "typeddicts")
    assert typing.get_type_hints(shapes.Triangle)["kind"] == Literal["triangle"]
    assert typing.get_type_hints(shapes.SquareTile)["kind"] == Literal["square"]  # fixed by the member itself
    assert typing.get_type_hints(shapes.TileBase)["kind"] is str


# ---------------------------------------------------------------- validators
def test_validators_judge_as_json_schema_does_whatever_the_tag_says(tmp_path: Path) -> None:
    render = render_files([OPENAPI], targets=("jsonschema",), root=CORPUS)
    bundle = json.loads(render["openapi_discriminator/schema.json"])
    ours = compile_validator({**bundle, "$ref": "#/$defs/Working"})
    theirs = jsonschema.Draft202012Validator({**bundle, "$ref": "#/$defs/Working"})
    payloads: list[Any] = [
        {"pet_type": "hound", "wingspan": 2.5},  # tag says Canine; valid as a Bird: valid
        {"pet_type": "falcon", "name": "Rex"},  # tag says Bird; valid as both: oneOf fails
        {"pet_type": "nobody"},  # no such tag; a Bird all the same: valid
        {"name": "Rex"},  # no tag at all: invalid
    ]
    verdicts = [ours.is_valid(p) for p in payloads]
    assert verdicts == [theirs.is_valid(p) for p in payloads] == [True, False, True, False]


# ---------------------------------------------------------------- the OpenAI document
DOCUMENT = REFERENCE / "openapi" / "openai-openapi.yaml"


@pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the OpenAI document is not at {DOCUMENT}")
def test_the_openai_document_has_36_discriminated_unions_of_70() -> None:
    module = module_of(DOCUMENT)
    found: list[ir.Union] = []  # every union of two or more members, where it is written
    for named in module.types:
        exprs = [f.type for f in named.fields] if isinstance(named, ir.Model) else [getattr(named, "target", None)]
        stack = [e for e in exprs if e is not None]
        while stack:
            expr = stack.pop()
            if isinstance(expr, ir.Union):
                if len(expr.members) > 1:
                    found.append(expr)
                stack.extend(expr.members)
            elif isinstance(expr, (ir.Nullable, ir.Array, ir.Map, ir.Tuple)):
                stack.extend(
                    [expr.inner] if isinstance(expr, ir.Nullable) else
                    [expr.items] if isinstance(expr, ir.Array) else
                    [expr.values] if isinstance(expr, ir.Map) else list(expr.members)
                )  # fmt: skip
    tagged = [u for u in found if u.discriminator is not None]
    assert (len(tagged), len(found)) == (36, 70)
    roles = union_of(module, "ChatCompletionRequestMessage").discriminator
    assert roles is not None and roles.property == "role" and [t for t, _ in roles.tags][:2] == ["system", "user"]


# ---------------------------------------------------------------- pydantic
def test_the_pydantic_target_dispatches_on_the_mappings_tags(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    pytest.importorskip("datamodel_code_generator")
    pydantic = pytest.importorskip("pydantic")
    for schema in (OPENAPI, TAGGED):
        for path, text in render_files([schema], targets=("pydantic",), root=CORPUS).items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    pets = import_from(tmp_path, "openapi_discriminator.pydantic_models")
    assert 'discriminator="pet_type"' in (tmp_path / "openapi_discriminator" / "pydantic_models.py").read_text()
    owner = pets.Owner.model_validate({"pet": {"pet_type": "dog", "name": "Rex"}, "favourite": {"pet_type": "parrot"}})
    assert type(owner.pet.root).__name__ == "Canine"  # a real payload: the tag "dog", not the component name
    assert type(pets.Pet.model_validate({"pet_type": "cat", "name": "Tom"}).root).__name__ == "Feline"
    assert type(pets.Working.model_validate({"pet_type": "hound", "name": "Rex"}).root).__name__ == "Canine"
    with pytest.raises(pydantic.ValidationError, match="pet_type"):
        pets.Pet.model_validate({"pet_type": "Feline", "name": "Tom"})
    shapes = import_from(tmp_path, "tagged_unions.pydantic_models")
    floor = shapes.Floor.model_validate({"tiles": [{"kind": "round", "size": 1}, {"kind": "square", "size": 2}]})
    assert [type(t.root).__name__ for t in floor.tiles] == ["RoundTile", "SquareTile"]
    assert type(shapes.Drawing.model_validate({"shapes": [], "event": {"at": 1}}).event).__name__ == "Ping"


# ---------------------------------------------------------------- docs
def test_python_docs_show_each_members_tag_and_examples_carry_it() -> None:
    docs = render_files([OPENAPI, TAGGED], targets=("docs",), root=CORPUS)
    working = docs["docs/openapi_discriminator/models/working.md"]
    assert 'Tag: `pet_type` = `"hound"`' in working and 'pet_type="hound",' in working  # this union's tag
    assert 'Tag: `pet_type` = `"falcon"`' in working
    assert 'pet_type="cat",' in docs["docs/openapi_discriminator/models/feline.md"]  # narrowed: its one tag
    event = docs["docs/tagged_unions/models/event.md"]
    assert 'Tag: `kind` = `"pong"`' in event and 'Tag: `kind` = `"ping"` or absent' in event
    assert "Tag:" not in render_files([CORPUS / "unions.yaml"], targets=("docs",), root=CORPUS)["docs/models/pet.md"]


def documented_requests() -> list[tuple[str, Any]]:
    """(request schema name, body) for every JSON body in the OpenAI document's curl examples (x-oaiMeta)."""
    found = []
    for item in read_source(DOCUMENT).value["paths"].values():
        for operation in item.values():
            examples = operation.get("x-oaiMeta", {}).get("examples") if isinstance(operation, dict) else None
            for example in examples if isinstance(examples, list) else [examples]:
                curl = example.get("request", {}).get("curl") if isinstance(example, dict) else None
                body = re.search(r"-d '(\{.*\})'", curl, re.S) if isinstance(curl, str) else None
                content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                if body and "$ref" in content.get("schema", {}):
                    try:
                        value = json.loads(body.group(1))
                    except json.JSONDecodeError:
                        continue  # shell text that is not JSON (a few examples hold backslash escapes)
                    found.append((content["schema"]["$ref"].rpartition("/")[2], value))
    return found


@pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the OpenAI document is not at {DOCUMENT}")
def test_the_openai_documented_requests_decode_through_the_tags_and_round_trip(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    targets = ("dataclasses", "typeddicts", "jsonschema")  # as test_openai_document.py: one render, memoized
    for path, text in render_files([DOCUMENT], targets=targets, root=DOCUMENT.parent).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    models = import_from(tmp_path, "openai_openapi.models")
    requests = documented_requests()
    assert len(requests) == 42
    for name, body in requests:
        assert getattr(models, name).from_dict(body).to_dict() == body, name
    chat = next(body for name, body in requests if name == "CreateChatCompletionRequest")
    messages = models.CreateChatCompletionRequest.from_dict(chat).messages
    assert [type(m).__name__ for m in messages][:2] == [
        "ChatCompletionRequestSystemMessage",
        "ChatCompletionRequestUserMessage",
    ]
    with pytest.raises(
        models.DecodeError, match=r"^/messages/0/role: expected one of 'system', 'user', .*got 'robot'$"
    ):
        models.CreateChatCompletionRequest.from_dict({**chat, "messages": [{"role": "robot", "content": "hi"}]})


def test_long_tables_are_ruff_format_clean(tmp_path: Path) -> None:
    names = [f"AVeryLongMemberNameForTestingTheLineWidth{i}" for i in range(4)]
    defs: dict[str, Any] = {
        name: {"type": "object", "properties": {"kind": {"const": f"k{i}" * 40}, "x": {"type": "integer"}}}
        for i, name in enumerate(names)
    }
    defs["U"] = {"oneOf": [{"$ref": f"#/$defs/{name}"} for name in names]}  # no member requires its tag
    defs["One"] = {"oneOf": [{"$ref": f"#/$defs/{names[0]}"}, {"$ref": "#/$defs/Two"}]}
    defs["Two"] = {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "two"}}}
    defs["H"] = {"type": "object", "properties": {"u": {"$ref": "#/$defs/U"}, "one": {"$ref": "#/$defs/One"}}}
    schema = tmp_path / "long.json"
    schema.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}))
    models = render_files([schema], targets=("dataclasses",), root=tmp_path)["long/models.py"]
    assert "_TAGS_U = _Tagged(" in models and f"({names[0]}._decode,)," in models
    (tmp_path / "models.py").write_text(models)
    config = str(REPO / "tests" / "generated-ruff.toml")
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [str(BIN / "ruff"), *command, "--no-cache", "--config", config, str(tmp_path / "models.py")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


SAMPLE = REFERENCE / "schemastore-sample"


@pytest.mark.skipif(not SAMPLE.is_dir(), reason=f"the SchemaStore sample is not at {SAMPLE}")
def test_a_schemastore_payload_fails_at_its_own_path_not_at_the_union(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """monika's notifications are tagged by `type`: its negative test (a webhook without `url`) now names the
    missing property, where trying every member could only say that none of 20 decodes."""
    schema = SAMPLE / "schemas" / "monika-config-schema.json"
    for path, text in render_files([schema], targets=("dataclasses",), root=schema.parent).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    models = import_from(tmp_path, "monika_config_schema.models")
    payload = yaml.safe_load((SAMPLE / "negative_test" / "monika-config-schema" / "bad-notif-url.yml").read_text())
    with pytest.raises(models.DecodeError, match=r"^/notifications/1/data: missing required property 'url'$"):
        models.MonikaConfigSchema.from_dict(payload)
    for good in ("monika.json", "monika.yml"):
        data = yaml.safe_load((SAMPLE / "test" / "monika-config-schema" / good).read_text())
        config = models.MonikaConfigSchema.from_dict(data)
        assert models.MonikaConfigSchema.from_dict(config.to_dict()) == config
