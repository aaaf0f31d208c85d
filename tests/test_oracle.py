"""datamodel-code-generator as an oracle for our dataclasses, and the jsonschema / pydantic targets.

For every corpus schema, our dataclasses and datamodel-code-generator's dataclasses (made from
our bundled schema) must agree on each shared model's field names, required-ness and types.
Where we differ on purpose, the difference is listed in DELIBERATE with the reason.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import types
import typing
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema

from generator.api import render_files
from generator.schema.source import read_source
from tests.conftest import CORPUS, REPO

dmcg = pytest.importorskip("datamodel_code_generator")
CASES = sorted([*CORPUS.glob("*.yaml"), CORPUS / "cross_file" / "main.yaml"])

DELIBERATE: dict[str, str] = {
    # An object with no properties that allows any keys is dict[str, Any] here; an empty dataclass there.
    "aliases.Holder.free": "free-form object is a dict alias",
    # `enum: [matte, gloss, null]`: they keep None as an enum member; we drop it and make the field nullable.
    "enums.Paint.finish": "null is not an enum member here",
    # We keep schema order (kw_only) and snake_case every name, numbering collisions (foo_bar, foo_bar_2) and
    # suffixing names that would shadow (str_, to_dict_); they move required fields first and keep fooBar, str.
    "keywords.Awkward": "field order and identifiers",
    # Enum and const of any JSON value (issue 12 item 3): they drop `true` beside `1`, spell floats and
    # containers as Literal members (mypy --strict rejects Literal[0.5]); we keep every value and type
    # what a Literal cannot hold by its kind (float, list[Any], dict[str, Any]).
    "json_values.Holder": "enum and const of any JSON value",
    "openapi_nullable.ApiAppResponse.mode": "null is not an enum member here",
    # OpenAPI discriminator members whose tag is `type: string` (issue 16 item 1): they narrow each dataclass
    # field to one union's tag (Canine only "dog", though Working tags it "hound"; Bird "falcon", though
    # Owner.favourite takes any string); our dataclasses keep the schema's str and dispatch on the mapping,
    # and our TypedDicts narrow to every tag where that holds for every use (test_discriminated_unions.py).
    **{f"openapi_discriminator.{m}.pet_type": "tag kept as str" for m in ("Bird", "Canine", "Feline", "Lizard")},
    # A property that an allOf part narrows (base `kind: string`, member `kind: {const: round}`): our dataclass
    # field keeps the first declaration's type (str; from_dict dispatches on the tag), their merge takes the const.
    "tagged_unions.RoundTile.kind": "allOf-narrowed tag kept as str",
    "tagged_unions.SquareTile.kind": "allOf-narrowed tag kept as str",
    # prefixItems are tuple types here (issue 11 item 3), lists of the union there.
    "tuples.Plot": "tuple types",
    # A property named `l` is the attribute `l_` here (ruff E741 refuses `l` as a name).
    "tuples.Shape": "ambiguous identifier renamed",
}


def canon(tp: Any) -> Any:
    """A comparable form of a type: models by their field names, enums by their values, unions as sets.

    Classes are compared by structure, not by name: the two tools name inline types differently
    on purpose (we follow Speakeasy's rules, so ``Batch.errors.data[]`` is ``BatchData``).
    """
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = {canon(a) for a in typing.get_args(tp)}
        return "Any" if "Any" in members else ("union", tuple(sorted(members, key=repr)))
    if origin is typing.Literal:
        return ("enum", tuple(sorted(str(v) for v in typing.get_args(tp))))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return ("model", tuple(f.name for f in dataclasses.fields(tp)))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return ("enum", tuple(sorted(str(m.value) for m in tp)))
    if origin is not None:
        return (getattr(origin, "__name__", repr(origin)), tuple(canon(a) for a in typing.get_args(tp)))
    if tp is type(None):
        return "None"
    if tp is typing.Any:
        return "Any"
    return getattr(tp, "__name__", repr(tp))


def shape(module: ModuleType) -> dict[str, dict[str, tuple[bool, Any]]]:
    found = {}
    for name, cls in vars(module).items():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__:
            hints = typing.get_type_hints(cls, vars(module))
            found[name] = {
                f.name: (
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                    canon(hints[f.name]),
                )
                for f in dataclasses.fields(cls)
            }
    return found


def theirs(bundle: dict[str, Any], tmp: Path, name: str, import_from: Callable[[Path, str], ModuleType]) -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = dmcg.generate(
            json.dumps(bundle),
            input_file_type=dmcg.InputFileType.JsonSchema,
            output_model_type=dmcg.DataModelType.DataclassesDataclass,
            target_python_version=dmcg.PythonVersion.PY_311,
            strict_nullable=True,
            disable_timestamp=True,
            use_union_operator=True,
            use_standard_collections=True,
            formatters=[dmcg.Formatter.BUILTIN],
        )
    (tmp / f"{name}.py").write_text(code)
    return import_from(tmp, name)


@pytest.mark.parametrize("schema", CASES, ids=lambda p: p.stem)
def test_our_dataclasses_agree_with_datamodel_code_generator(
    schema: Path, tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    files = render_files([schema], targets=("dataclasses", "jsonschema"), root=schema.parent)
    stem = schema.stem
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    ours = shape(import_from(tmp_path, f"{stem}.models"))
    oracle = shape(theirs(json.loads(files[f"{stem}/schema.json"]), tmp_path, f"oracle_{stem}", import_from))
    shared = sorted(set(ours) & set(oracle))
    assert shared or not ours, f"no model in common: ours {sorted(ours)}, theirs {sorted(oracle)}"
    problems = []
    for model in shared:
        if f"{stem}.{model}" in DELIBERATE:
            continue
        our_fields, their_fields = ours[model], oracle[model]
        if list(our_fields) != list(their_fields):
            problems.append(f"{model}: fields {list(our_fields)} != {list(their_fields)}")
            continue
        for field, (required, tp) in our_fields.items():
            if f"{stem}.{model}.{field}" in DELIBERATE:
                continue
            their_required, their_tp = their_fields[field]
            if required != their_required:
                problems.append(f"{model}.{field}: required {required} != {their_required}")
            if tp != their_tp:
                problems.append(f"{model}.{field}: type {tp} != {their_tp}")
    assert not problems, "\n".join(problems)


def test_bundled_schema_judges_like_the_original() -> None:
    schema = CORPUS / "cross_file" / "main.yaml"
    bundle = json.loads(render_files([schema], targets=("jsonschema",), root=schema.parent)["main/schema.json"])
    assert "Address" in bundle["$defs"]
    assert "common.yaml" not in json.dumps(bundle)
    resources = []
    for name in ("main.yaml", "common.yaml"):
        contents = read_source(CORPUS / "cross_file" / name).value
        resources.append(
            ((CORPUS / "cross_file" / name).as_uri(), referencing.jsonschema.DRAFT202012.create_resource(contents))
        )
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    customer_original = {"$ref": (CORPUS / "cross_file" / "main.yaml").as_uri() + "#/$defs/Customer"}
    original = jsonschema.Draft202012Validator(customer_original, registry=registry)
    bundled = jsonschema.Draft202012Validator({**bundle, "$ref": "#/$defs/Customer"})
    for payload in (
        {"name": "a", "address": {"street": "s", "country": "NL"}},
        {"name": "a", "address": {"street": "s", "country": "BE"}},
        {"name": "a", "address": {}},
        {"name": 1},
    ):
        assert original.is_valid(payload) == bundled.is_valid(payload), payload


def test_pydantic_target_keeps_required_nullable_fields_nullable(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    pytest.importorskip("pydantic")
    for schema in (CORPUS / "nullable.yaml", REPO / "schemas" / "batch.yaml"):
        for path, text in render_files([schema], targets=("pydantic",), root=schema.parent).items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    nullable = import_from(tmp_path, "nullable.pydantic_models")
    note = nullable.Note.model_validate({"required_plain": "x", "required_nullable": None})
    assert note.required_nullable is None
    with pytest.raises(Exception, match="required_nullable"):
        nullable.Note.model_validate({"required_plain": "x"})
    batch = import_from(tmp_path, "batch.pydantic_models")
    example = json.loads((REPO / "tests" / "fixtures" / "batch_example.json").read_text())
    model = batch.Batch.model_validate(example)
    assert model.request_counts.total == 100
    assert model.failed_at is None


def test_kept_unknown_keys_agree_with_pydantic_extra_allow(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """extra = "keep": our to_dict and pydantic's extra="allow" models (datamodel-code-generator's
    ``extra_fields="allow"``) dumped with ``exclude_unset`` give the same keys in the same order:
    the fields in schema order (explicit nulls kept), then the unknown keys in theirs, at every depth."""
    pytest.importorskip("pydantic")
    schema = REPO / "schemas" / "batch.yaml"
    files = render_files([schema], targets=("dataclasses", "pydantic"), root=schema.parent, extra="keep")
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    ours = import_from(tmp_path, "batch.models").Batch
    oracle = import_from(tmp_path, "batch.pydantic_models").Batch
    example = json.loads((REPO / "tests" / "fixtures" / "batch_example.json").read_text())
    failed = dict(example, status="failed", errors={"object": "list", "data": [{"param": None, "line": 3, "x": 1}]})
    usage = {"input_tokens": 3, "output_tokens_details": {"reasoning_tokens": 0}}
    for payload in (
        example,
        {**example, "model": "gpt-4o", "usage": usage},
        {**failed, "request_counts": {"total": 1, "completed": 0, "failed": 1, "cancelled": 0}, "model": "o3"},
    ):
        theirs = oracle.model_validate(payload).model_dump(mode="json", by_alias=True, exclude_unset=True)
        assert json.dumps(ours.from_dict(payload).to_dict()) == json.dumps(theirs) == json.dumps(payload)


# ---- typed formats and the user's own types (issue 16), against datamodel-code-generator's
# output_datetime_class (date-time, date and time as datetime classes in its dataclasses) and type_overrides.
TYPED_CASES = {
    "format_types": ({"format_types": ("date-time", "date", "time", "duration")}, {}),
    "type_map": ({"format_types": ("date-time",)}, {"type_overrides": {"Ratio": "fractions.Fraction"}}),
}
TYPED_DELIBERATE = {
    # A duration in years or months (P1M) has no exact timedelta: ours keeps it a str; theirs has no str.
    "format_types.Event.timeout": "timedelta | str",
    # A field named `datetime` is `datetime_` here (it would shadow the module the annotations use);
    # theirs keeps it (postponed annotations). The nested model compares unequal by field names only.
    "format_types.Event.related": "datetime_ field",
    # `format: decimal` strings: theirs are Decimal without asking; ours only by the type-map entry (same type).
}


@pytest.mark.parametrize("name", sorted(TYPED_CASES))
def test_typed_formats_agree_with_datamodel_code_generator(
    name: str, tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    from generator.api import render
    from generator.config import read_config

    project = CORPUS / "options" / name
    ours_options, their_options = TYPED_CASES[name]
    config = read_config(project / "pyproject.toml")
    settings = config.replace(targets=("dataclasses", "jsonschema"), root=project, **ours_options)
    files = render(settings)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    stem = settings.schemas[0].stem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = dmcg.generate(
            files[f"{stem}/schema.json"],
            input_file_type=dmcg.InputFileType.JsonSchema,
            output_model_type=dmcg.DataModelType.DataclassesDataclass,
            target_python_version=dmcg.PythonVersion.PY_311,
            strict_nullable=True,
            disable_timestamp=True,
            use_union_operator=True,
            use_standard_collections=True,
            output_datetime_class=dmcg.DatetimeClassType.Datetime,
            formatters=[dmcg.Formatter.BUILTIN],
            **their_options,
        )
    (tmp_path / f"oracle_{name}.py").write_text(code)
    ours, theirs = shape(import_from(tmp_path, f"{stem}.models")), shape(import_from(tmp_path, f"oracle_{name}"))
    compared = 0
    for model in sorted(set(ours) & set(theirs)):
        for field, (_, tp) in ours[model].items():
            if field in theirs[model] and f"{name}.{model}.{field}" not in TYPED_DELIBERATE:
                assert tp == theirs[model][field][1], f"{model}.{field}: {tp} != {theirs[model][field][1]}"
                compared += 1
    assert compared >= 5
    typed = {repr(tp) for fields in ours.values() for _, tp in fields.values()}
    assert any("datetime" in t for t in typed)
    assert name != "type_map" or any("Fraction" in t for t in typed)


@pytest.mark.parametrize("schema", CASES, ids=lambda p: p.stem)
def test_layout_modules_has_the_single_modules_models(
    schema: Path, tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """``layout = "modules"``: the same dataclasses (fields, required-ness, types) as the single module, which
    the test above holds against datamodel-code-generator (it has no one-module-per-type layout of its own)."""
    from generator.api import render
    from generator.settings import Settings

    stem = schema.stem
    for layout, folder in (("module", "single"), ("modules", "split")):
        settings = Settings(schemas=(schema,), targets=("dataclasses",), root=schema.parent, layout=layout)
        for path, text in render(settings).items():
            (tmp_path / folder / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / folder / path).write_text(text)
    single = shape(import_from(tmp_path / "single", f"{stem}.models"))
    for name in [m for m in sys.modules if m == stem or m.startswith(f"{stem}.")]:
        del sys.modules[name]  # the same package name, from the other folder
    package = import_from(tmp_path / "split", f"{stem}.models")
    namespace = {name: getattr(package, name) for name in package.__all__}  # every module, through the lazy __init__
    split = {}
    for name, cls in namespace.items():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            hints = typing.get_type_hints(cls, dict(namespace))
            split[name] = {
                f.name: (
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                    canon(hints[f.name]),
                )
                for f in dataclasses.fields(cls)
            }
    assert split == single
    assert all(cls.__module__ != package.__name__ for cls in namespace.values() if isinstance(cls, type))
