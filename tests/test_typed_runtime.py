"""generator/runtime/typed.py on its own: typed-format values that remember their text.

Properties, over generated valid strings: decoding accepts exactly what the format checker accepts;
an unchanged value writes back exactly the string read; the value equals, hashes and computes like the
plain standard-library value; a changed or hand-made value is written in the canonical spelling, which
the checker accepts and which decodes back to an equal value.
"""

from __future__ import annotations

import copy
import datetime as dt
import ipaddress
import pickle
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.runtime import formats as f
from generator.runtime import typed as t
from generator.runtime.decode import DecodeError

UTC = dt.UTC
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ strategies: (text, plain value)


@st.composite
def zones(draw: st.DrawFn) -> tuple[str, dt.timezone]:
    kind = draw(st.sampled_from(["Z", "z", "+", "-"]))
    if kind in "Zz":
        return kind, UTC
    hours, minutes = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    sign = 1 if kind == "+" else -1
    return f"{kind}{hours:02d}:{minutes:02d}", dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


@st.composite
def clocks(draw: st.DrawFn) -> tuple[str, tuple[int, int, int, int], dt.timezone]:
    hour, minute, second = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    digits = draw(st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=9)))
    zone_text, zone = draw(zones())
    micro = int((digits + "000000")[:6]) if digits else 0
    text = f"{hour:02d}:{minute:02d}:{second:02d}" + (f".{digits}" if digits else "") + zone_text
    return text, (hour, minute, second, micro), zone


dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def date_times(draw: st.DrawFn) -> tuple[str, dt.datetime]:
    day = draw(dates)
    clock, (h, m, s, us), zone = draw(clocks())
    sep = draw(st.sampled_from("Tt"))
    return f"{day.isoformat()}{sep}{clock}", dt.datetime(day.year, day.month, day.day, h, m, s, us, zone)


@st.composite
def durations(draw: st.DrawFn) -> tuple[str, dt.timedelta]:
    if draw(st.booleans()):
        weeks = draw(st.integers(0, 10**5))
        return f"P{weeks}W", dt.timedelta(weeks=weeks)
    days = draw(st.one_of(st.none(), st.integers(0, 10**6)))
    parts = [draw(st.one_of(st.none(), st.integers(0, 10**5))) for _ in "HMS"]
    while parts and parts[0] is None:  # the grammar: H, then M, then S, contiguous from the first given
        parts.pop(0)
    units = "HMS"[3 - len(parts) :]
    parts = [p if p is not None else 0 for p in parts]
    clock = "".join(f"{n}{u}" for n, u in zip(parts, units, strict=True))
    if days is None and not clock:
        days = 0
    text = "P" + (f"{days}D" if days is not None else "") + (f"T{clock}" if clock else "")
    seconds = sum(n * {"H": 3600, "M": 60, "S": 1}[u] for n, u in zip(parts, units, strict=True))
    return text, dt.timedelta(days=days or 0, seconds=seconds)


@st.composite
def uuids(draw: st.DrawFn) -> tuple[str, uuid.UUID]:
    value = uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))
    flips = draw(st.lists(st.booleans(), min_size=36, max_size=36))
    text = "".join(c.upper() if flip else c for c, flip in zip(str(value), flips, strict=True))
    return text, value


@st.composite
def ipv6s(draw: st.DrawFn) -> tuple[str, ipaddress.IPv6Address]:
    value = ipaddress.IPv6Address(draw(st.integers(0, 2**128 - 1)))
    text = draw(st.sampled_from([value.exploded, value.compressed, value.exploded.upper(), str(value)]))
    return text, value


CASES: list[tuple[str, Any, Callable[..., Any], Callable[[Any], str], Callable[[str], bool]]] = [
    ("date-time", date_times(), t._date_time, t._date_time_text, f._fmt_date_time),
    ("date", dates.map(lambda d: (d.isoformat(), d)), t._date, t._date_text, f._fmt_date),
    ("time", clocks().map(lambda c: (c[0], dt.time(*c[1], tzinfo=c[2]))), t._time, t._time_text, f._fmt_time),
    ("duration", durations(), t._duration, t._duration_text, f._fmt_duration),
    ("uuid", uuids(), t._uuid, t._uuid_text, f._fmt_uuid),
    (
        "ipv4",
        st.integers(0, 2**32 - 1).map(lambda n: (str(ipaddress.IPv4Address(n)), ipaddress.IPv4Address(n))),
        t._ipv4,
        t._ipv4_text,
        f._fmt_ipv4,
    ),
    ("ipv6", ipv6s(), t._ipv6, t._ipv6_text, f._fmt_ipv6),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("fmt", "strategy", "decode", "encode", "check"), CASES, ids=IDS)
def test_unchanged_values_write_back_the_text_read(
    fmt: str, strategy: Any, decode: Callable[..., Any], encode: Callable[[Any], str], check: Callable[[str], bool]
) -> None:
    @PROPERTY
    @given(strategy)
    def run(case: tuple[str, Any]) -> None:
        text, plain = case
        assert check(text), text  # the strategy makes valid strings only
        value = decode(text, "", None)
        assert value == plain and hash(value) == hash(plain)
        assert isinstance(value, type(plain)) and repr(value) == repr(plain)
        assert encode(value) == text
        assert encode(copy.copy(value)) == text and encode(copy.deepcopy(value)) == text
        assert encode(pickle.loads(pickle.dumps(value))) == text
        canonical = encode(plain)  # a value the user made: the canonical spelling
        assert check(canonical), canonical
        assert decode(canonical, "", None) == plain
        assert encode(decode(canonical, "", None)) == canonical

    run()


@PROPERTY
@given(date_times())
def test_date_times_compute_like_plain_datetimes(case: tuple[str, dt.datetime]) -> None:
    text, plain = case
    value = t._date_time(text, "", None)
    assert value.utcoffset() == plain.utcoffset() and value.tzinfo is not None
    assert value.timestamp() == plain.timestamp() if plain.year > 1 else True
    assert (value <= plain) and (value >= plain) and value - plain == dt.timedelta(0)
    later = value + dt.timedelta(seconds=1)
    assert later == plain + dt.timedelta(seconds=1)
    assert t._date_time_text(later) == t._date_time_text(plain + dt.timedelta(seconds=1))  # changed: canonical
    assert {value: 1}[plain] == 1


@PROPERTY
@given(durations())
def test_durations_compute_like_plain_timedeltas(case: tuple[str, dt.timedelta]) -> None:
    text, plain = case
    value = t._duration(text, "", None)
    assert isinstance(value, dt.timedelta)
    assert value * 2 == plain * 2 and value + value == plain + plain and value.total_seconds() == plain.total_seconds()
    assert t._duration_text(value + dt.timedelta(0)) == t._duration_text(plain)


# Strictness: decoding accepts a string exactly when the format validator's checker does.
NEAR = st.text("0123456789-:.TtZz+PYMWDHSabcdefABCDEF", max_size=40)


@pytest.mark.parametrize(("fmt", "strategy", "decode", "encode", "check"), CASES, ids=IDS)
def test_decoding_is_exactly_as_strict_as_the_checker(
    fmt: str, strategy: Any, decode: Callable[..., Any], encode: Callable[[Any], str], check: Callable[[str], bool]
) -> None:
    @PROPERTY
    @given(st.one_of(NEAR, strategy.map(lambda c: c[0]).flatmap(_mutations)))
    def run(text: str) -> None:
        if check(text):
            decode(text, "", None)
        else:
            with pytest.raises(DecodeError, match=f"^/x/0: expected a {fmt} string"):
                decode(text, ("/x", None), 0)

    run()


def _mutations(text: str) -> st.SearchStrategy[str]:
    """The text with one character dropped, replaced or inserted (or as it is)."""
    return st.integers(0, len(text)).flatmap(
        lambda i: st.sampled_from(
            [text, text[:i] + text[i + 1 :], text[:i] + "0" + text[i + 1 :], text[:i] + "9" + text[i:]]
            + [text[:i] + c + text[i + 1 :] for c in ":-TZ+.x "]
        )
    )


@pytest.mark.parametrize("decode", [c[2] for c in CASES], ids=IDS)
@pytest.mark.parametrize("value", [None, 1, 1.5, True, [], {}, b"2024-01-01"])
def test_a_value_that_is_no_string_is_a_decode_error_with_its_path(decode: Callable[..., Any], value: object) -> None:
    with pytest.raises(DecodeError, match=r"^/a/b: expected string \("):
        decode(value, ("/a", None), "b")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01T00:00:00.000+00:00", dt.datetime(2024, 1, 1, tzinfo=UTC)),
        (
            "1990-12-31T15:59:60-08:00",
            dt.datetime(1990, 12, 31, 15, 59, 59, 999999, dt.timezone(-dt.timedelta(hours=8))),
        ),
        ("2024-01-01T10:00:00.1234567891-00:00", dt.datetime(2024, 1, 1, 10, 0, 0, 123456, UTC)),
    ],
)
def test_date_time_edges(text: str, expected: dt.datetime) -> None:
    value = t._date_time(text, "", None)
    assert value == expected and t._date_time_text(value) == text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2024-01-01T00:00:00", "no offset"),
        ("2024-01-01 00:00:00Z", "space separator"),
        ("2024-02-30T00:00:00Z", "no such day"),
        ("2024-01-01T12:00:60Z", "a leap second only at 23:59:60 UTC"),
        ("2024-01-01T24:00:00Z", "hour 24"),
        ("20240101T000000Z", "basic format"),
    ],
)
def test_date_time_rejects_what_the_validator_rejects(text: str, why: str) -> None:
    assert not f._fmt_date_time(text), why
    with pytest.raises(DecodeError):
        t._date_time(text, "", None)


def test_durations_in_years_or_months_stay_strings() -> None:
    for text in ("P1M", "P1Y", "P1Y2M3DT4H", "P0M"):
        assert t._duration(text, "", None) == text
        assert t._duration_text(text) == text
    assert t._duration(f"P{10**10}D", "", None) == f"P{10**10}D"  # past timedelta.max: not exact either


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02T03:04:05Z"),
        (
            dt.datetime(2024, 1, 2, 3, 4, 5, 60, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
            "2024-01-02T03:04:05.000060-05:30",
        ),
        (dt.date(5, 1, 2), "0005-01-02"),
        (dt.time(3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))), "03:04:05+02:00"),
        (dt.timedelta(0), "PT0S"),
        (dt.timedelta(days=2), "P2D"),
        (dt.timedelta(days=1, seconds=61), "P1DT1M1S"),
        (dt.timedelta(hours=5), "PT5H"),
        (dt.timedelta(hours=1, seconds=1), "PT1H0M1S"),
        (dt.timedelta(days=3, minutes=2), "P3DT2M"),
        (uuid.UUID(int=255), "00000000-0000-0000-0000-0000000000ff"),
        (ipaddress.IPv6Address("0:0::1"), "::1"),
    ],
)
def test_canonical_spellings(value: Any, text: str) -> None:
    encoders = {dt.datetime: t._date_time_text, dt.date: t._date_text, dt.time: t._time_text}
    encoders |= {dt.timedelta: t._duration_text, uuid.UUID: t._uuid_text, ipaddress.IPv6Address: t._ipv6_text}
    assert encoders[type(value)](value) == text


@pytest.mark.parametrize(
    ("encode", "value", "message"),
    [
        (t._date_time_text, dt.datetime(2024, 1, 1), "naive"),
        (t._time_text, dt.time(1, 2), "naive"),
        (t._date_time_text, dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=30))), "whole minutes"),
        (t._duration_text, dt.timedelta(seconds=-1), "non-negative"),
        (t._duration_text, dt.timedelta(microseconds=1), "whole"),
    ],
)
def test_values_rfc_3339_cannot_spell_are_refused(encode: Callable[[Any], str], value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        encode(value)


def test_the_generic_encoder_writes_typed_values_inside_containers() -> None:
    encoders: t._Encoders = ((dt.datetime, t._date_time_text), (dt.date, t._date_text), (uuid.UUID, t._uuid_text))
    stamp = t._date_time("2024-01-01T00:00:00.000+00:00", "", None)
    day = t._date("2024-01-01", "", None)
    data = {"a": [stamp, {"b": day}], "c": (uuid.UUID(int=1), 2, "x", None)}
    assert t._encode_with(data, encoders) == {
        "a": ["2024-01-01T00:00:00.000+00:00", {"b": "2024-01-01"}],
        "c": ["00000000-0000-0000-0000-000000000001", 2, "x", None],
    }


def test_a_users_parse_error_is_a_decode_error_with_its_path() -> None:
    from decimal import Decimal

    assert t._via(Decimal, "Decimal", "1.50", "", None) == Decimal("1.50")
    with pytest.raises(DecodeError, match=r"^/price: expected Decimal: "):
        t._via(Decimal, "Decimal", "one", ("", None), "price")
    with pytest.raises(DecodeError, match=r"^/n: expected int: "):
        t._via(int, "int", [], ("", None), "n")


def test_an_encoder_trusts_the_text_of_its_own_class_only() -> None:
    stamp = t._date_time("2024-01-01T10:00:00.000+01:00", "", None)
    assert t._date_text(stamp) == "2024-01-01"  # a datetime is a date: written as one, not as its text
    assert t._date_time_text(stamp) == "2024-01-01T10:00:00.000+01:00"
    v4, v6 = t._ipv4("10.0.0.1", "", None), t._ipv6("0:0::A", "", None)
    assert (t._ipv4_text(v4), t._ipv6_text(v6), t._ipv6_text(ipaddress.IPv6Address(10))) == (
        "10.0.0.1",
        "0:0::A",
        "::a",
    )
