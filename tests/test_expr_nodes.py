"""Expression nodes (generator/render/expr.py): spelling and negation as ruff wants them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.render import expr as e
from generator.render.layout import negate as negate_text
from generator.render.layout import pexpr, plus, plus_key

TYPES = [["null"], ["string"], ["integer"], ["number"], ["null", "integer"], ["object", "array"], ["boolean", "null"]]


def _enum(strs: str | None = None, null: bool = False, general: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(kind="enum", strs=strs, null=null, general=general, known=None)


def _const(value: object, test: str, name: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(kind="const", value=value, test=test, name=name, known=None)


def _body(types: list[str] | None = None, *first: SimpleNamespace, false: bool = False) -> SimpleNamespace:
    kind = SimpleNamespace(types=types, float_integers=True) if types else None
    return SimpleNamespace(false=false, type=kind, first=first)


def _sub(body: SimpleNamespace | None, n: int = 3) -> SimpleNamespace:
    return SimpleNamespace(body=body, n=n)


NODES = [
    *(e.type_test(t, "x") for t in TYPES),
    e.enum_test(_enum(general="_C_1"), "v1"),
    e.enum_test(_enum(strs="_C_0", null=True), "x"),
    e.enum_test(_enum(strs="_C_0"), "x"),
    e.enum_test(_enum(null=True), "x"),
    e.const_test(_const(None, "is"), "x"),
    e.const_test(_const("a b", "str"), "x"),
    e.const_test(_const(1.5, "eq"), "x"),
    e.sub_test(_sub(None), "x"),
    e.sub_test(_sub(_body()), "x"),
    e.sub_test(_sub(_body(false=True)), "x"),
    e.sub_test(_sub(_body(["null"], _const(None, "is"))), "x"),
    e.sub_test(_sub(_body(["string", "null"], _enum(strs="_C_2", null=True))), "x"),
    e.any_test([_sub(_body(["null"])), _sub(None, 4)], "x"),
    e.any_test([_sub(_body(["integer"])), _sub(_body(["string"], _enum(strs="_C_0")))], "x"),
    e.any_test([_sub(None, 1), _sub(None, 2)], "x"),
    e.any_test([_sub(_body(false=True)), _sub(None, 2)], "x"),
    e.known_test(SimpleNamespace(known="_C_0", patterns=["_P0", "_P1"]), "k1"),
    e.known_test(SimpleNamespace(known=None, patterns=["_P0"]), "k1"),
]


@pytest.mark.parametrize("node", NODES, ids=str)
def test_negation_matches_the_spelling_ruff_wants(node: e.Expr) -> None:
    assert node.negate().render() == negate_text(node.render())


def test_spellings() -> None:
    assert str(e.type_test(["integer"], "x")) == "(type(x) is int or (type(x) is float and x.is_integer()))"
    assert str(e.type_test(["integer"], "x").negate()) == (
        "type(x) is not int and (type(x) is not float or not x.is_integer())"
    )
    assert str(e.type_test(["integer"], "x", float_integers=False)) == "type(x) is int"  # draft-04
    assert str(e.type_test(["null", "integer"], "x", False).negate()) == "x is not None and type(x) is not int"
    assert str(e.kinds_test(["null", "number"], "x")) == "x is None or type(x) in (int, float)"
    assert str(e.enum_test(_enum(strs="_C_0", null=True), "x").negate()) == (
        "x is not None and (type(x) is not str or x not in _C_0)"
    )
    assert str(e.const_test(_const("a", "str"), "x").negate()) == 'not (x == "a" and type(x) is str)'
    assert str(e.Name(text="True").negate()) == "False"
    assert str(e.Call(func="_v1", args=("x",)).atom()) == "_v1(x)"
    assert str(e.Name(text="False").atom()) == "(False)"


def test_instance_paths_escape_keys_structurally() -> None:
    assert pexpr(plus_key([], "a/b~c")) == 'p + "/a~1b~0c"'
    assert pexpr(plus(plus_key([], 'say "hi"'), "i2")) == "f'{p}/say \"hi\"/{i2}'"
    assert pexpr(plus([], "k1")) == 'f"{p}/{_tok(k1)}"'
