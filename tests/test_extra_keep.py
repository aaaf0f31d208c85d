"""``extra = "keep"`` (issue 16 item 4): the dataclasses keep the keys a model does not declare and write them back.

Batch payloads from newer API versions (``model``, ``usage``) pass through an older contract unchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import keyword
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.api import render, render_files
from generator.cli import main
from generator.config import read_config
from generator.runtime.keep import _kept
from generator.schema.loader import load
from generator.schema.source import read_source
from generator.types.build import build_module
from tests.conftest import CORPUS, FIXTURES, REPO
from tests.strategies import JSON, named

BATCH = REPO / "schemas" / "batch.yaml"
SCHEMA = read_source(BATCH).value
VALID = jsonschema.Draft202012Validator(SCHEMA)
EXAMPLE = json.loads((FIXTURES / "batch_example.json").read_text())
PROJECT = CORPUS / "options" / "extra_keep"
# What OpenAI's Batch object carries today beyond schemas/batch.yaml.
NEWER = {
    "model": "gpt-4o-2024-08-06",
    "usage": {
        "input_tokens": 1520,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 3107,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 4627,
    },
}


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.none() | st.integers()),
    st.sampled_from([{}, {"a": False}, {"a": True, "b": False, "c": True}]),
)
def test_the_kept_entries_are_the_undeclared_keys_and_the_nulls_of_optional_fields(
    obj: dict[str, Any], keys: dict[str, bool]
) -> None:
    kept = _kept(obj, keys)
    assert list(kept.items()) == [(k, v) for k, v in obj.items() if k not in keys or (keys[k] and v is None)]
    assert kept is not _kept(obj, keys)  # a fresh dict every time: instances never share it


def write(files: dict[str, str], out: Path) -> Path:
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
    return out


@pytest.fixture(scope="module")
def keep_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("keep")
    write(render_files([BATCH], targets=("dataclasses",), root=REPO, extra="keep"), out)
    return out


@pytest.fixture
def models(keep_dir: Path, import_from: Callable[[Path, str], ModuleType]) -> ModuleType:
    return import_from(keep_dir, "batch.models")


def wire(value: Any) -> str:
    """The JSON text: equal only with the same keys in the same order at every depth."""
    return json.dumps(value, ensure_ascii=False)


def test_newer_batch_payloads_pass_through_unchanged(models: ModuleType) -> None:
    payload = {**copy.deepcopy(EXAMPLE), **NEWER}
    payload["status"] = "failed"
    payload["errors"] = {
        "object": "list",
        "data": [{"code": "invalid_json", "message": "bad line", "param": None, "line": 3, "hint": {"at": 17}}],
        "truncated": False,
    }
    payload["request_counts"]["cancelled"] = 0
    assert VALID.is_valid(payload)
    batch = models.Batch.from_dict(payload)
    assert batch._extra == {  # the explicit nulls of optional fields, and the newer keys, in order
        "failed_at": None, "expired_at": None, "cancelling_at": None, "cancelled_at": None, **NEWER,
    }  # fmt: skip
    assert batch.errors._extra == {"truncated": False}
    assert batch.errors.data[0]._extra == {"param": None, "hint": {"at": 17}}
    assert batch.request_counts._extra == {"cancelled": 0}
    assert batch.request_counts.total == 100
    assert wire(batch.to_dict()) == wire(payload)
    assert models.Batch.from_dict(batch.to_dict()) == batch


def test_the_documented_example_round_trips_with_its_nulls(models: ModuleType) -> None:
    assert wire(models.Batch.from_dict(EXAMPLE).to_dict()) == wire(EXAMPLE)


def test_known_fields_come_first_in_schema_order_then_the_kept_keys_in_theirs(models: ModuleType) -> None:
    payload = {"model": "gpt-4o", "created_at": 1, "id": "b", **{k: EXAMPLE[k] for k in ("object", "endpoint")}}
    payload |= {"input_file_id": "f", "usage": {"total_tokens": 2}, "completion_window": "24h", "status": "failed"}
    out = models.Batch.from_dict(payload).to_dict()
    assert out == payload
    assert list(out) == [
        "id", "object", "endpoint", "input_file_id", "completion_window", "status", "created_at", "model", "usage",
    ]  # fmt: skip


def test_kept_keys_never_duplicate_or_override_a_field(models: ModuleType) -> None:
    batch = models.Batch.from_dict({**EXAMPLE, **NEWER})
    batch.failed_at = 1711493200  # set a field that was read as null
    batch.metadata = None  # unset a field that had a value: left out, as without keep
    batch._extra["id"] = "not this one"  # a declared wire name in the kept keys: the field wins
    out = batch.to_dict()
    assert out["failed_at"] == 1711493200
    assert "metadata" not in out
    assert out["id"] == "batch_abc123"
    assert list(out).count("id") == 1
    assert list(out)[-3:] == ["request_counts", "model", "usage"]  # id stays in its place
    assert out["cancelled_at"] is None  # still null, as it was read


def test_kept_keys_take_part_in_equality_and_default_to_empty(models: ModuleType) -> None:
    plain = models.RequestCounts(total=1, completed=1, failed=0)
    assert plain._extra == {}
    assert plain.to_dict() == {"total": 1, "completed": 1, "failed": 0}
    assert models.RequestCounts(total=1, completed=1, failed=0, _extra={"x": 1}) != plain
    assert models.RequestCounts(total=1, completed=1, failed=0, _extra={"x": 1}).to_dict()["x"] == 1
    assert models.RequestCounts(total=1, completed=1, failed=0)._extra is not plain._extra
    assert not hasattr(plain, "__dict__")


def test_ignore_stays_the_default(import_from: Callable[[Path, str], ModuleType], tmp_path: Path) -> None:
    models = import_from(write(render_files([BATCH], targets=("dataclasses",), root=REPO), tmp_path), "batch.models")
    assert not hasattr(models.Batch.from_dict(EXAMPLE), "_extra")
    assert "_extra" not in (REPO / "generated" / "batch" / "models.py").read_text()


# Keys that look like Python keywords, soft keywords, names a generated class body uses or holds
# (py_names of Batch, the kept-keys attribute, the methods), or a JSON pointer's escapes.
AWKWARD_KEYS = st.sampled_from(
    [
        *keyword.kwlist, *keyword.softkwlist, "_extra", "__extra__", "extra", "_keys", "keys", "k", "v", "out",
        "self", "cls", "obj", "here", "from_dict", "to_dict", "_decode", "__slots__", "__dict__", "object_",
        "field", "_field", "dict", "None", "", " ", "~0", "a/b", "ключ", "\u0000", "\ud7ff", "🦉",
    ]
)  # fmt: skip
BATCH_MODULE = build_module(load([BATCH]), load([BATCH]).roots[0])
BATCH_TYPES = {t.name: t for t in BATCH_MODULE.types}
DECLARED = {t.name: [f.wire_name for f in t.fields] for t in BATCH_MODULE.types if hasattr(t, "fields")}


def extras() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(AWKWARD_KEYS | st.text(max_size=12), JSON, max_size=4)


def in_schema_order(value: dict[str, Any], model: str, kept: dict[str, Any]) -> dict[str, Any]:
    """A producer's payload: the declared keys in schema order, then unknown keys."""
    fields = DECLARED[model]
    return {**{k: value[k] for k in fields if k in value}, **{k: v for k, v in kept.items() if k not in fields}}


def test_any_valid_batch_with_any_unknown_keys_round_trips(models: ModuleType) -> None:
    seen: list[dict[str, Any]] = []

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        derandomize=True,  # the counts below are about coverage: the same examples every run, never flaky
    )
    @given(named(BATCH_TYPES["Batch"], BATCH_TYPES), st.data())
    def run(base: dict[str, Any], data: st.DataObject) -> None:
        payload = in_schema_order(base, "Batch", data.draw(extras(), "top"))
        if isinstance(payload.get("request_counts"), dict):
            payload["request_counts"] = in_schema_order(payload["request_counts"], "RequestCounts", data.draw(extras()))
        if isinstance(payload.get("errors"), dict):
            errors = in_schema_order(payload["errors"], "Errors", data.draw(extras(), "errors"))
            if isinstance(errors.get("data"), list):
                errors["data"] = [in_schema_order(item, "BatchData", data.draw(extras())) for item in errors["data"]]
            payload["errors"] = errors
        assume(VALID.is_valid(payload))
        seen.append(payload)
        batch = models.Batch.from_dict(payload)
        assert batch.to_dict() == payload
        assert wire(batch.to_dict()) == wire(payload)
        assert models.Batch.from_dict(batch.to_dict()) == batch

    run()
    # It ran on payloads with everything keep is for: unknown keys at the top and nested, explicit nulls.
    declared = set(DECLARED["Batch"])
    assert len(seen) >= 50
    assert sum(bool(set(p) - declared) for p in seen) >= 25
    assert sum(any(p.get(k, 0) is None for k in declared) for p in seen) >= 10
    assert sum(isinstance(p.get("errors"), dict) and bool(set(p["errors"]) - {"object", "data"}) for p in seen) >= 5


def test_names_that_look_like_the_kept_attribute_are_fields(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROJECT)
    models = import_from(write(render(read_config(PROJECT / "pyproject.toml")), tmp_path), "passthrough.models")
    item = {"name": "a", "note": None, "x-trace": [1, {"b": None}]}
    payload = {
        "id": "e", "extra": "x", "_extra": None, "__extra__": 3, "additional_properties": True, "_keys": "k",
        "field": None, "k": "kk", "out": "o", "items": [item, {"name": "b"}], "by_name": {"one": item},
        "payload": {"code": 7, "unexpected": "kept"}, "marker": {"m": 1}, "extra ": "unknown", "_extra_": {},
    }  # fmt: skip
    env = models.Envelope.from_dict(payload)
    fields = (env.extra, env.extra_2, env.extra_3, env.keys, env.field, env.k, env.out)
    assert fields == ("x", None, 3, "k", None, "kk", "o")
    assert env._extra == {"field": None, "extra ": "unknown", "_extra_": {}}  # `_extra` is required: no null kept
    assert env.items[0]._extra == {"note": None, "x-trace": [1, {"b": None}]}
    assert env.by_name["one"]._extra == env.items[0]._extra
    assert isinstance(env.payload, models.Closed)  # closed: valid data has no unknown keys; from_dict keeps any
    assert env.payload._extra == {"unexpected": "kept"}
    assert env.marker._extra == {"m": 1}
    assert wire(env.to_dict()) == wire(payload)
    assert [f.name for f in dataclasses.fields(models.Envelope) if f.name.startswith("_")] == ["_extra"]
    odd = {"name": "n", "q\"uo'te\\ké": 2, "q\"uo'te\\ke": 3}
    assert models.Item.from_dict(odd)._extra == {"q\"uo'te\\ke": 3}
    assert wire(models.Item.from_dict(odd).to_dict()) == wire(odd)


def test_typeddicts_do_not_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)
    keep = read_config(PROJECT / "pyproject.toml")
    assert keep.extra == "keep"
    kept, ignored = render(keep), render(keep.replace(extra="ignore"))
    assert kept["passthrough/typeddicts.py"] == ignored["passthrough/typeddicts.py"]
    assert kept["passthrough/models.py"] != ignored["passthrough/models.py"]


def test_a_bad_extra_mode_is_one_line_with_its_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "s.yaml").write_text("type: object\n")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = ["s.yaml"]\n  extra = "drop"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err == "pyproject.toml:3:11: unknown extra mode 'drop' (known: ignore, keep)\n"
    assert not (tmp_path / "generated").exists()
    with pytest.raises(SystemExit) as caught:
        main(["generate", "--extra", "forbid"])
    assert caught.value.code == 2
    assert "argument --extra: invalid choice: 'forbid'" in capsys.readouterr().err


def test_the_flag_overrides_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "s.yaml").write_text("type: object\nproperties: {a: {type: string}}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = ["s.yaml"]\ntargets = ["dataclasses"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--extra", "keep"]) == 0
    assert "_extra=_kept(obj, cls._keys)" in (tmp_path / "generated" / "s" / "models.py").read_text()
    assert main(["generate"]) == 0
    assert "_kept" not in (tmp_path / "generated" / "s" / "models.py").read_text()


CORPUS_SCHEMAS = [CORPUS / f"{n}.yaml" for n in ("nested", "maps", "enums", "nullable", "unions", "tree", "keywords",
                  "aliases", "allof", "tuples", "collisions", "openapi_nullable")]  # fmt: skip


def corpus_cases() -> list[tuple[Path, str]]:
    found = []
    for schema in CORPUS_SCHEMAS:
        workspace = load([schema])
        module = build_module(workspace, workspace.roots[0])
        defs = read_source(schema).value.get("$defs", {})
        found.extend((schema, t.name) for t in module.types if getattr(t, "fields", None) and t.name in defs)
    return found


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("keep_corpus")
    for schema in CORPUS_SCHEMAS:
        write(render_files([schema], targets=("dataclasses",), root=schema.parent, extra="keep"), out)
    return out


@pytest.mark.parametrize(("schema", "name"), corpus_cases(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_corpus_models_give_back_any_valid_payload_with_unknown_keys(
    schema: Path, name: str, corpus_dir: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """from_dict(x).to_dict() == x for valid instances of every corpus model, with unknown keys added."""
    workspace = load([schema])
    module = build_module(workspace, workspace.roots[0])
    types = {t.name: t for t in module.types}
    contents = read_source(schema).value
    validator = jsonschema.Draft202012Validator({**contents, "$ref": f"#/$defs/{name}"}, registry=workspace.registry)
    cls = getattr(import_from(corpus_dir, f"{module.stem}.models"), name)
    checked = []

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(named(types[name], types), extras())
    def run(base: dict[str, Any], kept: dict[str, Any]) -> None:
        payload = {**base, **{k: v for k, v in kept.items() if k not in base and k not in DECLARED_IN[name, schema]}}
        assume(validator.is_valid(payload))
        checked.append(payload)
        assert cls.from_dict(payload).to_dict() == payload

    DECLARED_IN[name, schema] = {f.wire_name for f in types[name].fields}  # type: ignore[union-attr]
    run()
    assert checked


DECLARED_IN: dict[tuple[str, Path], set[str]] = {}


def test_every_corpus_schema_with_keep_is_ruff_and_mypy_clean(tmp_path: Path) -> None:
    import subprocess
    import sys

    schemas = sorted([*CORPUS.glob("*.yaml"), CORPUS / "cross_file" / "main.yaml"])
    for schema in schemas:
        write(render_files([schema], targets=("dataclasses",), root=schema.parent, extra="keep"), tmp_path)
    config = str(REPO / "tests" / "generated-ruff.toml")
    ruff = str(Path(sys.executable).parent / "ruff")
    packages = sorted(str(p) for p in tmp_path.iterdir() if (p / "__init__.py").exists())
    assert len(packages) == len(schemas)
    for cmd in (
        [ruff, "check", "--no-cache", "--config", config, str(tmp_path)],
        [ruff, "format", "--check", "--no-cache", "--config", config, str(tmp_path)],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
    ):
        result = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
