"""The runtime helpers of generated code (generator/runtime/), tested directly as Python.

The generated validators and dataclasses carry these definitions verbatim; the goldens and the
conformance suite test them as emitted, these tests test each helper on its own: valid and
invalid inputs, compared with python-jsonschema's format checker where it has a real one.
"""

from __future__ import annotations

import math
from enum import Enum, StrEnum
from typing import Any

import jsonschema
import pytest

from generator.runtime import decode as d
from generator.runtime import formats as f
from generator.runtime import validate as v

# ---------------------------------------------------------------- validate.py


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (1, 1.0, True),
        (True, 1, False),
        (False, 0, False),
        (True, True, True),
        (None, None, True),
        (None, False, False),
        ("1", 1, False),
        ([1, [2.0]], [1.0, [2]], True),
        ([1, 2], [2, 1], False),
        ([1], [1, 1], False),
        ({"a": 1, "b": [True]}, {"b": [True], "a": 1.0}, True),
        ({"a": 1}, {"a": True}, False),
        ({"a": 1}, {"a": 1, "b": 1}, False),
        ([], {}, False),
        (0.5, 0.5, True),
        (math.nan, math.nan, False),
    ],
)
def test_eq_is_json_equality(a: Any, b: Any, equal: bool) -> None:
    assert v._eq(a, b) is equal
    assert v._eq(b, a) is equal


def test_in() -> None:
    assert v._in(1.0, ("x", 1))
    assert not v._in(True, (1, 0, None))
    assert v._in({"a": [1]}, ({"a": [1.0]},))
    assert not v._in(1, ())


@pytest.mark.parametrize(
    ("items", "unique"),
    [
        ([], True),
        ([1, 2, 3], True),
        ([1, 1.0], False),
        ([1, True], True),
        ([0, False], True),
        ([[1], [True]], True),
        ([[1], [1.0]], False),
        ([{"a": 1}, {"a": 1.0}], False),
        ([{"a": 1}, {"b": 1}], True),
        (["1", 1], True),
        ([None, None], False),
    ],
)
def test_unique_agrees_with_eq(items: list[Any], unique: bool) -> None:
    assert v._unique(items) is unique
    pairwise = all(not v._eq(a, b) for i, a in enumerate(items) for b in items[i + 1 :])
    assert pairwise is unique


@pytest.mark.parametrize(
    ("value", "divisor", "multiple"),
    [
        (10, 2, True),
        (7, 2, False),
        (0.3, 0.1, True),  # exact on decimal values, where 0.3 % 0.1 != 0 in binary floats
        (0.31, 0.1, False),
        (4.5, 1.5, True),
        (1e308, 1e-308, True),
        (math.inf, 2, False),
        (-math.inf, 2, False),
        (math.nan, 2, False),
        (-6, 3, True),
    ],
)
def test_multiple(value: Any, divisor: Any, multiple: bool) -> None:
    assert v._multiple(value, divisor) is multiple


def test_names() -> None:
    assert v._names(["a"]) == "'a' was"
    assert v._names(["a", "b"]) == "'a', 'b' were"


# ---------------------------------------------------------------- formats.py

VALID: dict[str, list[str]] = {
    "date": ["1963-06-19", "2020-02-29", "0001-01-01"],
    "time": ["08:30:06Z", "08:30:06.283185z", "23:59:60Z", "15:59:60-08:00", "00:00:00+23:59", "12:00:00.5+01:00"],
    "date-time": ["1963-06-19T08:30:06.283185Z", "1963-06-19t08:30:06z", "1998-12-31T23:59:60Z"],
    "duration": ["P4DT12H30M5S", "P1Y", "PT0S", "P2W", "P1M2D", "PT36H", "P0D"],
    "hostname": ["www.example.com", "a", "xn--4gbwdl.xn--wgbh1c", "a-b.c-d", "1host", "x" * 63 + ".com"],
    "idn-hostname": ["실례.테스트", "xn--ihqwcrb4cv8a8dqg056pqjye", "example.com", "a\u3002b"],
    "email": ["joe.bloggs@example.com", '"joe bloggs"@example.com', "te~st@example.com", "joe@[127.0.0.1]"],
    "idn-email": ["실례@실례.테스트", "joe.bloggs@example.com", "x@[IPv6:::1]"],
    "ipv4": ["192.168.0.1", "0.0.0.0", "255.255.255.255"],
    "ipv6": ["::1", "::", "1:2:3:4:5:6:7:8", "::ffff:192.168.0.1", "fe80::a", "1::"],
    "uuid": ["2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2EB8AA08-AA98-11EA-B4AA-73B441D16380"],
    "json-pointer": ["", "/", "/foo/bar~0/baz~1/%a", "/foo//bar", "/~01"],
    "relative-json-pointer": ["0", "1/0", "0#", "120/foo/bar"],
    "uri": ["http://foo.bar/?baz=qux#quux", "urn:isbn:0451450523", "mailto:a@b.c", "http://[::1]:80/", "x:"],
    "uri-reference": ["http://foo.bar/x", "/abc", "#frag", "", "../a?b#c", "//host/path"],
    "iri": ["http://ƒøø.ßår/?∂éœ=πîx#πîüx", "http://[2001:db8::1]/", "urn:x"],
    "iri-reference": ["http://ƒøø.ßår/", "//ƒøø.ßår/?∂éœ=πîx", "#ƒrägmênt", "/âππ"],
    "uri-template": ["http://example.com/dictionary/{term:1}/{term}", "/{?q,lang}", "plain", "{+path}/x{#frag}"],
    "regex": ["([abc])+\\s+$", "(?<name>a)\\k<name>", "[^]", "\\cA", "(?<=a)b", "a{2,3}"],
}
INVALID: dict[str, list[str]] = {
    "date": ["2021-02-29", "1963-13-01", "1963-06-1", "06/19/1963", "1963-06-19T00:00:00Z", "2020-02-2\u0669", ""],
    "time": ["24:00:00Z", "08:30:06", "08:60:00Z", "22:59:60Z", "23:59:60+01:00", "08:30:06+24:00", "8:30:06Z"],
    "date-time": ["1963-06-19", "1963-06-19 08:30:06Z", "1963-06-19T08:30:06", "1990-02-31T15:59:59Z"],
    "duration": ["P", "PT", "P1D2H", "P2W1D", "PT1.5S", "1Y", "P1YT", "p1y", "P1S"],
    "hostname": ["-a.com", "a-.com", "a..com", "", "x" * 64 + ".com", "ab--c.com", "xn--X", "a_b.com", "a.b " * 2],
    "idn-hostname": ["〮실례.테스트", "", "-a.com", "a..b", "xn--X"],
    "email": ["2962", "a@b@c", ".a@example.com", "a.@example.com", "a..b@example.com", "é@example.com", "x@-a.com"],
    "idn-email": ["2962", "@example.com", "a@", "a..b@x.com"],
    "ipv4": ["127.0.0.0.1", "256.256.256.256", "087.10.0.1", "1.2.3", "0x7f000001", "1.2.3.4\n", "১২৭.0.0.1"],
    "ipv6": ["12345::", ":::", "1:2:3:4:5:6:7:8:9", "fe80::a%eth1", "::1/64", "::laptop", "\u0661::"],
    "uuid": ["2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08aa9811eab4aa73b441d16380", "2eb8aa08-aa98-11ea-7b441d163"],
    "json-pointer": ["#", "/foo/bar~", "a/b", "/~2", "#/a"],
    "relative-json-pointer": ["/foo", "-1/foo", "01/a", "0##", ""],
    "uri": ["//foo.bar/?baz=qux", "\\\\WINDOWS\\file", "abc", "http:// shouldfail.com", "http://ƒøø.com", "1http://x"],
    "uri-reference": ["\\\\WINDOWS\\file", "#frag\\ment", "a b", "http://ƒøø.com"],
    "iri": ["/abc", "http://2001:db8::1/", "a b:c"],
    "iri-reference": ["\\\\WINDOWS\\filëßåré", "#ƒräg\\mênt"],
    "uri-template": ["http://example.com/dictionary/{term:1}/{term", "{a b}", "{}", "%zz", "{x:0}"],
    "regex": ["^(abc]", "\\a", "(?P<n>a)", "(?i)a", "(?#comment)", "a**"],
}
CHECKS = {
    "date": f._fmt_date,
    "time": f._fmt_time,
    "date-time": f._fmt_date_time,
    "duration": f._fmt_duration,
    "hostname": f._fmt_hostname,
    "idn-hostname": f._fmt_idn_hostname,
    "email": f._fmt_email,
    "idn-email": f._fmt_idn_email,
    "ipv4": f._fmt_ipv4,
    "ipv6": f._fmt_ipv6,
    "uuid": f._fmt_uuid,
    "json-pointer": f._fmt_json_pointer,
    "relative-json-pointer": f._fmt_relative_json_pointer,
    "uri": f._fmt_uri,
    "uri-reference": f._fmt_uri_reference,
    "iri": f._fmt_iri,
    "iri-reference": f._fmt_iri_reference,
    "uri-template": f._fmt_uri_template,
    "regex": f._fmt_regex,
}
SAMPLES = [(fmt, s, True) for fmt, values in VALID.items() for s in values] + [
    (fmt, s, False) for fmt, values in INVALID.items() for s in values
]

# python-jsonschema's checker, for the formats it checks fully without optional packages (its email
# checks only for an "@", its regex is Python's, not ECMA-262's; hostname, uri, ... need extras).
JSONSCHEMA = jsonschema.Draft202012Validator.FORMAT_CHECKER
FULL_CHECKERS = {"date", "ipv4", "ipv6", "uuid", "idn-hostname"}


def test_every_format_checker_is_tested() -> None:
    from generator.validation.formats import CHECKERS as TABLE

    assert set(CHECKS) == set(TABLE)
    assert {fmt: "_fmt_" + c.helper for fmt, c in TABLE.items()} == {fmt: fn.__name__ for fmt, fn in CHECKS.items()}


@pytest.mark.parametrize(("fmt", "value", "valid"), SAMPLES, ids=[f"{s[0]}-{s[2]}-{s[1]!r}" for s in SAMPLES])
def test_format_checker(fmt: str, value: str, valid: bool) -> None:
    assert CHECKS[fmt](value) is valid


@pytest.mark.parametrize(
    ("fmt", "value", "valid"),
    [s for s in SAMPLES if s[0] in FULL_CHECKERS],
    ids=[f"{s[0]}-{s[2]}-{s[1]!r}" for s in SAMPLES if s[0] in FULL_CHECKERS],
)
def test_format_checker_agrees_with_jsonschema(fmt: str, value: str, valid: bool) -> None:
    assert fmt in JSONSCHEMA.checkers
    assert JSONSCHEMA.conforms(value, fmt) is valid


def test_a_label_without_idna_falls_back_to_idna2003(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    assert f._a_label("xn--4gbwdl")
    assert not f._a_label("xn--X")
    monkeypatch.setitem(sys.modules, "idna", None)  # `import idna` now raises ImportError
    assert f._a_label("xn--4gbwdl")
    assert not f._a_label("xn--X")


def test_rfc1123_hostname_of_draft4_and_draft6() -> None:
    """Their ``hostname`` is RFC 1123's: ``--`` inside a label is fine, the label and length rules hold."""
    for good in ("ab--cd.example", "www.example.com", "a", "1host", "x" * 63 + ".com", "xn--X"):
        assert f._fmt_hostname_rfc1123(good), good
    for bad in ("-a.com", "a-.com", "a..com", "", "x" * 64 + ".com", "a_b.com", "a.com\n", ("a" * 60 + ".") * 5):
        assert not f._fmt_hostname_rfc1123(bad), bad
    assert not f._fmt_hostname("ab--cd.example")  # 2019-09 on: only an xn-- label may hold "--" there


def test_uri_regex_variants() -> None:
    assert f._uri_regex(iri=False, reference=False).pattern.startswith("^")
    assert f._uri_regex(iri=True, reference=True).fullmatch("//ƒøø/x") is not None
    assert f._uri_regex(iri=False, reference=True).fullmatch("//ƒøø/x") is None
    assert f._uri_regex(iri=False, reference=False).fullmatch("//foo") is None


# ---------------------------------------------------------------- decode.py


class Color(StrEnum):
    RED = "red"
    BLUE = "blue"


class Level(Enum):
    LOW = 1
    HIGH = 2


def test_pointer_is_built_lazily_and_escaped() -> None:
    root: d._Path = ""
    path: d._Path = ((root, "a/b"), 0)
    assert d._pointer(root) == ""
    assert d._pointer(path) == "/a~1b/0"
    assert d._pointer(path, "c~d") == "/a~1b/0/c~0d"
    assert d._pointer(("#/defs", None), "x") == "#/defs/x"


def test_decode_error() -> None:
    error = d.DecodeError("", "bad")
    assert str(error) == "/: bad"
    assert (error.path, error.message) == ("", "bad")
    assert isinstance(error, ValueError)
    assert str(d.DecodeError("/a", "worse")) == "/a: worse"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "integer"),
        (1.5, "number"),
        ("s", "string"),
        ([], "array"),
        ((1,), "array"),
        ({}, "object"),
        (object(), "object"),
    ],
)
def test_kind(value: object, kind: str) -> None:
    assert d._kind(value) == kind


@pytest.mark.parametrize(
    ("decoder", "good", "expected"),
    [
        (d._str, "x", "x"),
        (d._int, 3, 3),
        (d._int, 3.0, 3),
        (d._float, 2, 2),
        (d._float, 2.5, 2.5),
        (d._bool, False, False),
        (d._null, None, None),
        (d._any, {"a": [1]}, {"a": [1]}),
        (d._object, {"a": 1}, {"a": 1}),
    ],
)
def test_scalar_decoders_accept(decoder: d._Decoder[Any], good: Any, expected: Any) -> None:
    result = decoder(good, "", "k")
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("decoder", "bad", "message"),
    [
        (d._str, 1, "/k: expected string, got integer"),
        (d._int, True, "/k: expected integer, got boolean"),
        (d._int, 1.5, "/k: expected integer, got number"),
        (d._int, "1", "/k: expected integer, got string"),
        (d._float, False, "/k: expected number, got boolean"),
        (d._float, None, "/k: expected number, got null"),
        (d._bool, 0, "/k: expected boolean, got integer"),
        (d._null, 0, "/k: expected null, got integer"),
        (d._object, [], "/k: expected object, got array"),
    ],
)
def test_scalar_decoders_refuse(decoder: d._Decoder[Any], bad: Any, message: str) -> None:
    with pytest.raises(d.DecodeError) as caught:
        decoder(bad, "", "k")
    assert str(caught.value) == message


def test_int_subclass_is_an_integer() -> None:
    class Big(int):
        pass

    result = d._int(Big(5), "", None)
    assert result == 5
    assert type(result) is int


def test_required_and_optional() -> None:
    obj = {"a": "x"}
    assert d._req(obj, "a", "", d._str) == "x"
    assert d._opt(obj, "a", "", d._str) == "x"
    assert d._opt(obj, "b", "", d._str) is None
    with pytest.raises(d.DecodeError, match=r"^/p: missing required property 'b'$"):
        d._req(obj, "b", ("", "p"), d._str)
    with pytest.raises(d.DecodeError, match=r"^/a: expected integer, got string$"):
        d._req(obj, "a", "", d._int)


def test_lists_and_maps() -> None:
    assert d._list([1, 2.0], "", None, d._int) == [1, 2]
    assert d._map({"a": 1}, "", None, d._float) == {"a": 1}
    with pytest.raises(d.DecodeError, match=r"^/xs/1: expected string, got integer$"):
        d._list(["a", 1], "", "xs", d._str)
    with pytest.raises(d.DecodeError, match=r"^/m/a~1b: expected string, got null$"):
        d._map({"a/b": None}, "", "m", d._str)
    with pytest.raises(d.DecodeError, match=r"^/xs: expected array, got object$"):
        d._list({}, "", "xs", d._str)
    with pytest.raises(d.DecodeError, match=r"^/m: expected object, got array$"):
        d._map([], "", "m", d._str)


def test_typed_fast_paths_copy_and_fall_back() -> None:
    items = ["a", "b"]
    copied = d._list_t(items, "", None, str, d._str)
    assert copied == items
    assert copied is not items
    assert d._list_t([1, 2.0], "", None, int, d._int) == [1, 2]  # 2.0 goes item by item
    mapping = {"a": 1}
    assert d._map_t(mapping, "", None, int, d._int) == mapping
    assert d._map_t(mapping, "", None, int, d._int) is not mapping
    with pytest.raises(d.DecodeError, match=r"^/0: expected integer, got boolean$"):
        d._list_t([True], "", None, int, d._int)
    with pytest.raises(d.DecodeError, match=r"^/k: expected array, got string$"):
        d._list_t("ab", "", "k", str, d._str)
    with pytest.raises(d.DecodeError, match=r"^/k: expected object, got null$"):
        d._map_t(None, "", "k", int, d._int)


def test_decoder_factories() -> None:
    nested = d._map_of(d._list_of(d._nullable_of(d._int)))
    assert nested({"a": [1, None]}, "", None) == {"a": [1, None]}
    with pytest.raises(d.DecodeError, match=r"^/a/1: expected integer, got string$"):
        nested({"a": [1, "x"]}, "", None)


def test_enums() -> None:
    assert d._enum(Color, "red", "", None) is Color.RED
    assert d._enum_of(Level)(2, "", None) is Level.HIGH
    with pytest.raises(d.DecodeError, match=r"^/c: expected one of 'red', 'blue', got 'green'$"):
        d._enum(Color, "green", "", "c")
    with pytest.raises(d.DecodeError, match=r"^/: expected one of 1, 2, got True$"):
        d._enum(Level, True, "", None)


def test_literal() -> None:
    decode = d._literal_of([1, "a"])
    assert decode(1, "", None) == 1
    assert decode("a", "", None) == "a"
    with pytest.raises(d.DecodeError, match=r"^/: expected one of \[1, 'a'\], got True$"):
        decode(True, "", None)
    assert type(decode(1.0, "", None)) is int  # JSON equality: 1.0 is 1, decoded as the schema's value


def test_literal_any_json_value() -> None:
    """Enum values may be arrays and objects; ``true`` is not ``1`` at any depth, ``1.0`` is ``1``."""
    decode = d._literal_of([[1, {"a": True}], {"k": [0]}, 0.5, False])
    assert decode([1.0, {"a": True}], "", None) == [1, {"a": True}]
    assert decode({"k": [0]}, "", None) == {"k": [0]}
    assert decode(0.5, "", None) == 0.5
    assert decode(False, "", None) is False
    for wrong in ([True, {"a": True}], [1, {"a": 1}], {"k": [False]}, {"k": [0], "j": 1}, 0, [1]):
        with pytest.raises(d.DecodeError):
            decode(wrong, "", None)


def test_unions() -> None:
    decode = d._union_of((d._int, d._str), "integer or string")
    assert decode(3, "", None) == 3
    assert decode("x", "", None) == "x"
    with pytest.raises(d.DecodeError, match=r"^/u: expected integer or string, got null$"):
        decode(None, "", "u")
    assert d._union([1], "", None, (d._str, d._list_of(d._int)), "string or array") == [1]


def test_encode() -> None:
    class Model:
        def to_dict(self) -> dict[str, Any]:
            return {"c": Color.BLUE}

    assert d._encode(Color.RED) == "red"
    assert d._encode(Level.LOW) == 1
    assert d._encode([Color.RED, {"k": Level.HIGH}]) == ["red", {"k": 2}]
    assert d._encode(Model()) == {"c": Color.BLUE}  # to_dict encodes itself
    assert d._encode(1.5) == 1.5
