"""generator/runtime/tagged.py, the dispatch of discriminated unions, tested directly as Python."""

from __future__ import annotations

from typing import Any

import pytest

from generator.runtime import decode as d
from generator.runtime import tagged as t


def member(name: str, required: bool = True) -> Any:
    def decode(value: Any, path: Any, key: Any) -> tuple[str, Any]:
        obj = d._object(value, path, key)
        if required and "kind" not in obj:
            raise d.DecodeError(d._pointer((path, key)), "no kind")
        if "n" in obj and not isinstance(obj["n"], int):
            raise d.DecodeError(d._pointer((path, key), "n"), "not an int")
        return (name, obj)

    return decode


UNION = t._Tagged("kind", {"a": member("A"), "b": member("B")}, ())
LOOSE = t._Tagged(
    "kind",
    {"a": member("A"), "b": member("B", False), "c": member("C", False)},
    (member("B", False), member("C", False)),
)


def test_the_tag_picks_the_member() -> None:
    assert t._tagged({"kind": "b"}, "", None, UNION) == ("B", {"kind": "b"})
    assert t._tagged_of(UNION)({"kind": "a", "x": 1}, ("/root", "items"), 0) == ("A", {"kind": "a", "x": 1})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"kind": "z"}, "/items/3/kind: expected one of 'a', 'b', got 'z'"),
        ({"kind": 1}, "/items/3/kind: expected one of 'a', 'b', got 1"),
        ({"kind": None}, "/items/3/kind: expected one of 'a', 'b', got None"),
        ({}, "/items/3/kind: missing tag, expected one of 'a', 'b'"),
        ([], "/items/3: expected object, got array"),
    ],
)
def test_a_miss_names_the_tag_path_and_the_allowed_values(value: Any, message: str) -> None:
    with pytest.raises(d.DecodeError) as raised:
        t._tagged(value, ("", "items"), 3, UNION)
    assert str(raised.value) == message


def test_without_a_tag_the_untagged_members_are_tried_in_order() -> None:
    assert t._tagged({"n": 1}, "", None, LOOSE) == ("B", {"n": 1})
    assert t._tagged({"kind": "c"}, "", None, LOOSE) == ("C", {"kind": "c"})  # present: no trial at all
    with pytest.raises(d.DecodeError, match=r"^/kind: missing tag, expected one of 'a', 'b', 'c'$"):
        t._tagged({"n": "x"}, "", None, LOOSE)


def test_the_members_own_errors_come_through() -> None:
    with pytest.raises(d.DecodeError, match=r"^/n: not an int$"):
        t._tagged({"kind": "a", "n": "x"}, "", None, UNION)
