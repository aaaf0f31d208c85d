"""``type-map``: the user's own classes for formats and named types, in the dataclasses and the pydantic target.

The options' syntax and its errors are tested with ``format-types`` in tests/test_typed_formats.py.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from generator.api import render
from generator.cli import main
from generator.settings import Settings
from generator.targets.typed import type_map
from tests.test_typed_formats import PAYLOAD, check_quality, materialize, rendered, write_project

MONEY = '''\
from decimal import Decimal, InvalidOperation
from typing import Any


class Money:
    """An amount, exact, with the text it was written as."""

    def __init__(self, text: str) -> None:
        try:
            self.amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"not an amount: {text!r}") from None
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and other.amount == self.amount

    def __hash__(self) -> int:
        return hash(self.amount)


def parse(value: Any) -> Money:
    if not isinstance(value, str):
        raise TypeError(f"an amount is a string, not {type(value).__name__}")
    return Money(value)


def dump(value: Money) -> str:
    return value.text


class Key:
    def __init__(self, value: str) -> None:
        self.value = value

    def __str__(self) -> str:
        return self.value
'''


def test_type_map_uses_the_users_typed_classes(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "billing" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "billing" / "money.py").write_text(MONEY, encoding="utf-8")
    (tmp_path / "billing" / "py.typed").write_text("", encoding="utf-8")
    entries = type_map(
        {
            "format:money": {
                "type": "billing.money:Money",
                "decode": "billing.money:parse",
                "encode": "billing.money:dump",
            },
            "Id": "billing.money:Key",
        },
        "type-map",
    )
    files = rendered(tmp_path, targets=("dataclasses",), format_types=("date-time",), type_map=entries)
    text = files["s/models.py"]
    assert "\nfrom billing.money import Key, Money\n" in text
    assert "    price: Money | None = None\n" in text and "list[list[list[list[Key]]]]" in text
    assert "Id" not in text.split("__all__ = [")[1].split("]")[0]  # the user's class took its place
    root = materialize(files, tmp_path / "out")
    check_quality(root, "s/models.py", mypy_path=tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        models = import_from(root, "s.models")
        event = models.Event.from_dict(PAYLOAD)
        assert type(event.price).__name__ == "Money" and event.price.text == "12.50"
        assert type(event.deep[0][0][0][0]).__name__ == "Key"
        assert event.to_dict() == PAYLOAD
        with pytest.raises(models.DecodeError) as caught:
            models.Event.from_dict({**PAYLOAD, "price": "twelve"})
        assert str(caught.value) == "/price: expected Money: not an amount: 'twelve'"
        with pytest.raises(models.DecodeError, match=r"^/price: expected Money: an amount is a string, not int$"):
            models.Event.from_dict({**PAYLOAD, "price": 12})
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "billing" or m.startswith("billing.")]:
            del sys.modules[name]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('type-map = {Id = "m:Event"}', "class 'Event' has the name of a generated type"),
        ('type-map = {Event = "m:Thing"}', "Event is no string: give encode = 'module:function'"),
        ('type-map = {Evnt = "m:Thing"}', "type-map 'Evnt': no generated type has that name (did you mean Event?)"),
    ],
)
def test_type_map_entries_that_cannot_work_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], table: str, message: str
) -> None:
    monkeypatch.chdir(write_project(tmp_path, 'targets = ["dataclasses"]\n' + table))
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert err.startswith("pyproject.toml:5:12: type-map "), err  # where the value is
    assert main(["generate", "--type-map", "Id=m:Event,m:parse"]) == 2  # a flag's value has no place in the file
    assert capsys.readouterr().err.startswith("schemagen: error: type-map 'Id': class 'Event'")


def test_the_pydantic_target_takes_named_type_map_entries_as_type_overrides(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    pytest.importorskip("pydantic")
    pytest.importorskip("datamodel_code_generator")
    entries = type_map({"Id": "uuid:UUID", "format:money": "decimal:Decimal"}, "type-map")
    files = rendered(tmp_path, targets=("pydantic",), type_map=entries)
    text = files["s/pydantic_models.py"]
    assert "deep: list[list[list[list[UUID]]]] | None = None" in text
    models = import_from(materialize(files, tmp_path / "out"), "s.pydantic_models")
    event = models.Event.model_validate({**PAYLOAD, "clock": "23:59:59Z"})  # pydantic refuses leap seconds
    assert event.deep[0][0][0][0] == uuid.UUID(PAYLOAD["deep"][0][0][0][0])


POINTS = """\
from typing import Any


class Point:
    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and (other.x, other.y) == (self.x, self.y)

    def __hash__(self) -> int:
        return hash((self.x, self.y))


def load(value: Any) -> Point:
    return Point(value["x"], value["y"])


def dump(point: Point) -> dict[str, float]:
    return {"x": point.x, "y": point.y}
"""


SHAPES = """\
$defs:
  Point:
    type: object
    required: [x, y]
    properties: {x: {type: number}, y: {type: number}}
  Shape:
    type: object
    required: [points]
    properties:
      points: {type: array, items: {$ref: "#/$defs/Point"}}
      centre: {anyOf: [{$ref: "#/$defs/Point"}, {type: string}]}
"""


def test_a_model_mapped_to_the_users_class(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    (tmp_path / "points.py").write_text(POINTS, encoding="utf-8")
    (tmp_path / "shapes.yaml").write_text(SHAPES, encoding="utf-8")
    entries = type_map({"Point": {"type": "points:Point", "decode": "points:load", "encode": "points:dump"}}, "tm")
    settings = Settings(schemas=(tmp_path / "shapes.yaml",), targets=("dataclasses",), root=tmp_path, type_map=entries)
    root = materialize(render(settings), tmp_path / "out")
    check_quality(root, "shapes/models.py", mypy_path=tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        models = import_from(root, "shapes.models")
        data = {"points": [{"x": 1, "y": 2.5}], "centre": {"x": 0, "y": 0}}
        shape = models.Shape.from_dict(data)
        assert type(shape.points[0]).__name__ == "Point" and shape.points[0].y == 2.5
        assert type(shape.centre).__name__ == "Point"  # through the union, and back through the generic encoder
        assert shape.to_dict() == data
        assert "Point" not in models.__all__
        with pytest.raises(models.DecodeError, match=r"^/points/0: expected Point: 'y'$"):
            models.Shape.from_dict({"points": [{"x": 1}]})
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("points", None)


def test_a_format_of_integers_mapped_without_an_encoder_writes_integers(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    (tmp_path / "n.yaml").write_text(
        "$defs:\n  N:\n    type: object\n    properties:\n"
        "      big: {type: integer, format: int64}\n      text: {type: string, format: int64}\n"
        "      many: {type: array, items: {anyOf: [{type: integer, format: int64}, {type: boolean}]}}\n",
        encoding="utf-8",
    )
    entries = type_map({"format:int64": "decimal:Decimal"}, "type-map")
    settings = Settings(schemas=(tmp_path / "n.yaml",), targets=("dataclasses",), root=tmp_path, type_map=entries)
    root = materialize(render(settings), tmp_path / "out")
    check_quality(root, "n/models.py")
    models = import_from(root, "n.models")
    data = {"big": 2**70, "text": "12", "many": [3, True]}
    value = models.N.from_dict(data)
    assert type(value.big).__name__ == "Decimal" and type(value.text).__name__ == "Decimal"
    assert value.to_dict() == data and type(value.to_dict()["many"][0]) is int
