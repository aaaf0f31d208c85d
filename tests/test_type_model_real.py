"""The type model on real-world shapes (issue 11 items 3 and 6, issue 12 item 3): enums and consts of any
JSON value, types that only refer to themselves, nullable components, collisions, deep and cyclic documents.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from generator.api import render_files
from tests.conftest import CORPUS

Import = Callable[[Path, str], ModuleType]


def write(tmp: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_text(text, encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def json_values(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("json-values")
    return write(out, render_files([CORPUS / "json_values.yaml"], targets=("dataclasses", "typeddicts"), root=CORPUS))


def test_enum_keeps_true_beside_one_and_false_beside_zero(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    args = typing.get_args(models.OneOrTrue)
    assert [(type(a), a) for a in args] == [(int, 1), (bool, True), (int, 0), (bool, False)]
    holder = models.Holder.from_dict({"one": True})
    assert holder.one is True
    assert models.Holder.from_dict({"one": 1.0}).one == 1  # 1.0 is the JSON value 1
    with pytest.raises(models.DecodeError, match=r"^/one: expected one of"):
        models.Holder.from_dict({"one": 2})


def test_container_enums_and_consts_decode_exactly(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    payload = {"one": 0, "shape": {"a": [True]}, "empty": [], "config": {"levels": [1, 2], "mode": "strict"},
               "ratio": 0.5, "inline_const": {"k": [None]}}  # fmt: skip
    assert models.Holder.from_dict(payload).to_dict() == payload
    for key, wrong in [("shape", {"a": [1]}), ("shape", [2, 1]), ("empty", [0]), ("config", {"mode": "strict"}),
                       ("ratio", 1), ("inline_const", {"k": []})]:  # fmt: skip
        with pytest.raises(models.DecodeError, match=rf"^/{key}: expected one of"):
            models.Holder.from_dict({"one": 0, key: wrong})


def test_types_that_only_refer_to_themselves(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    payload = {"one": 1, "tree": {"a": {"b": {}}, "c": {}}, "nest": [[], [[[]]]]}
    assert models.Holder.from_dict(payload).to_dict() == payload
    with pytest.raises(models.DecodeError, match=r"^/tree/a/b: expected object"):
        models.Holder.from_dict({"one": 1, "tree": {"a": {"b": 1}}})
    with pytest.raises(models.DecodeError, match=r"^/nest/1/0: expected array"):
        models.Holder.from_dict({"one": 1, "nest": [[], ["x"]]})
    import_from(json_values, "json_values.typeddicts")


def test_nullable_component_is_named_once(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    assert "NullableThingNullableThing" not in models.__all__
    assert models.Holder.from_dict({"one": 1, "thing": None}).thing is None
    assert models.Holder.from_dict({"one": 1, "thing": {"label": "x"}}).thing == models.NullableThing(label="x")
