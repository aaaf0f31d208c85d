"""generator/schema/pointer.py: RFC 6901 escaping, joining and splitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.schema import pointer


@pytest.mark.parametrize(
    ("token", "escaped"),
    [
        ("plain", "plain"),
        ("a/b", "a~1b"),
        ("m~n", "m~0n"),
        ("~1", "~01"),  # a literal "~1" is not a slash
        ("~0", "~00"),
        ("/~", "~1~0"),
        ("", ""),
        ("ünï/cødé", "ünï~1cødé"),
        (3, "3"),
    ],
)
def test_escape_and_unescape(token: str | int, escaped: str) -> None:
    assert pointer.escape(token) == escaped
    assert pointer.unescape(escaped) == str(token)


def test_unescape_reads_tilde_one_before_tilde_zero() -> None:
    assert pointer.unescape("~01") == "~1"
    assert pointer.unescape("~10") == "/0"


def test_join_and_split() -> None:
    assert pointer.join("", "properties", "a/b", 0) == "/properties/a~1b/0"
    assert pointer.join("/$defs", "~x") == "/$defs/~0x"
    assert pointer.join("/x") == "/x"
    assert pointer.split("") == []
    assert pointer.split("/") == [""]
    assert pointer.split("/properties/a~1b/0") == ["properties", "a/b", "0"]
    assert pointer.split("/~01") == ["~1"]


@given(st.text())
def test_escape_round_trips(token: str) -> None:
    escaped = pointer.escape(token)
    assert "/" not in escaped
    assert pointer.unescape(escaped) == token


@given(st.lists(st.text(), max_size=6))
def test_join_then_split_round_trips(tokens: list[str]) -> None:
    assert pointer.split(pointer.join("", *tokens)) == tokens
