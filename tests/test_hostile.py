"""Hostile schema text is data: it compiles, comes back byte for byte, and never executes."""

from __future__ import annotations

import ast
import inspect
import json
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from generator.cli import main
from tests.conftest import FIXTURES

SCHEMA = FIXTURES / "hostile" / "hostile.json"
HOSTILE = json.loads(SCHEMA.read_text())["$defs"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    import os

    cwd = os.getcwd()
    os.chdir(work)
    try:
        assert main(["generate", str(SCHEMA), "--out", "out", "--target", "dataclasses", "--target", "typeddicts",
                     "--target", "jsonschema"]) == 0  # fmt: skip
    finally:
        os.chdir(cwd)
    return work


def test_nothing_executes(out: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    import_from(out / "out", "hostile.models")
    import_from(out / "out", "hostile.typeddicts")
    assert not list(out.rglob("PWNED"))
    assert not Path("PWNED").exists()


def test_enum_values_come_back_exactly(out: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    models = import_from(out / "out", "hostile.models")
    assert [m.value for m in models.HostileEnum] == HOSTILE["HostileEnum"]["enum"]
    typeddicts = import_from(out / "out", "hostile.typeddicts")
    assert list(typing.get_args(typeddicts.HostileEnum)) == HOSTILE["HostileEnum"]["enum"]


def test_descriptions_come_back_exactly(out: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    models = import_from(out / "out", "hostile.models")
    assert inspect.cleandoc(models.Hostile.__doc__) == HOSTILE["Hostile"]["description"]
    assert models.HostileEnum.__doc__ == HOSTILE["HostileEnum"]["description"]
    for name in ("models.py",):  # the TypedDict here is the functional form: comments only
        tree = ast.parse((out / "out" / "hostile" / name).read_text())
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Hostile")
        docs = {}
        for field, after in zip(cls.body, cls.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
            ):
                docs[ast.unparse(field.target)] = after.value.value
        for i in range(10):
            assert inspect.cleandoc(docs[f"field{i}"]) == HOSTILE["Hostile"]["properties"][f"field{i}"]["description"]


def test_hostile_keys_round_trip(out: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    models = import_from(out / "out", "hostile.models")
    payload = {'""" quote key': "q", "import os; os.system('touch PWNED')": 1, "{{ injected }}": "x", "mode": "a|b"}
    value = models.Hostile.from_dict(payload)
    assert value.to_dict() == payload
    typeddicts = import_from(out / "out", "hostile.typeddicts")
    assert typeddicts.Hostile.__required_keys__ == {'""" quote key', "import os; os.system('touch PWNED')"}


def test_bundled_schema_keeps_the_text(out: Path) -> None:
    bundled = json.loads((out / "out" / "hostile" / "schema.json").read_text())
    assert bundled["$defs"] == HOSTILE
