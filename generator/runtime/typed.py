"""Typed formats for generated dataclasses (``format-types``, ``type-map``): standard library only.

A string of a typed format decodes to a value of the plain standard-library type (``datetime``,
``date``, ``time``, ``timedelta``, ``UUID``, ``IPv4Address``, ``IPv6Address``) that is an instance
of a private subclass remembering the text it was read from. Such values are immutable, so an
unchanged value still holds its text, and ``to_dict`` writes that text back exactly (``.000+00:00``
stays ``.000+00:00``); an encoder trusts the text of its own class only (a decoded ``datetime`` put
in a ``date`` field is written as a date). Any other value (arithmetic results, ``replace()``,
values the user built) has no text and is written in the canonical spelling of its ``_*_text``
encoder. Equality, hashing, ordering and arithmetic are the plain type's: the subclasses add one
slot and nothing else.

A string is accepted exactly when the format validator accepts it (the ``_fmt_*`` checkers of
generator/runtime/formats.py, included beside these definitions); anything else raises
``DecodeError`` with its path.

templates/_decode_typed.py.jinja includes these definitions after those of decode.py; the
generated module's imports cover the imports below.
"""

import datetime
import ipaddress
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from generator.runtime.decode import DecodeError, _Key, _kind, _Path, _pointer
from generator.runtime.formats import (
    _DATE,
    _TIME,
    _fmt_date,
    _fmt_date_time,
    _fmt_duration,
    _fmt_ipv4,
    _fmt_ipv6,
    _fmt_time,
    _fmt_uuid,
)

_U = TypeVar("_U")
_Encoders = tuple[tuple[type, Callable[[Any], Any]], ...]


class _DateTimeText(datetime.datetime):
    """A datetime decoded from a ``date-time`` string; it remembers the string."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:  # copy and pickle keep the text
        text = getattr(self, "_text", None)
        return (_date_time, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "datetime.datetime", 1)


class _DateText(datetime.date):
    """A date decoded from a ``date`` string; it remembers the string."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_date, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "datetime.date", 1)


class _TimeText(datetime.time):
    """A time (with its offset) decoded from a ``time`` string; it remembers the string."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_time, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "datetime.time", 1)


class _DurationText(datetime.timedelta):
    """A timedelta decoded from a ``duration`` string; it remembers the string."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_duration, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "datetime.timedelta", 1)


class _UUIDText(UUID):
    """A UUID decoded from a ``uuid`` string; it remembers the string (its case)."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_uuid, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "UUID", 1)


class _IPv4Text(ipaddress.IPv4Address):
    """An IPv4Address decoded from an ``ipv4`` string; it remembers the string."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_ipv4, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "IPv4Address", 1)


class _IPv6Text(ipaddress.IPv6Address):
    """An IPv6Address decoded from an ``ipv6`` string; it remembers the string (``0::1`` is not ``::1``)."""

    __slots__ = ("_text",)
    _text: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        text = getattr(self, "_text", None)
        return (_ipv6, (text, "", None)) if text is not None else super().__reduce_ex__(protocol)

    def __repr__(self) -> str:  # as the plain type's
        return super().__repr__().replace(type(self).__name__, "IPv6Address", 1)


def _not_format(fmt: str, value: Any, path: _Path, key: _Key) -> DecodeError:
    if not isinstance(value, str):
        return DecodeError(_pointer(path, key), f"expected string ({fmt}), got {_kind(value)}")
    return DecodeError(_pointer(path, key), f"expected a {fmt} string, got {value!r}")


def _clock(value: str) -> tuple[int, int, int, int, datetime.timezone]:
    """Hour, minute, second, microsecond and offset of an RFC 3339 ``time`` the checker accepted.

    Digits past the sixth of a fraction are dropped; a leap second (``:60``) is the last microsecond before it.
    """
    m = _TIME.fullmatch(value)
    assert m is not None
    second, micro = int(m[3]), int((m[4][1:] + "000000")[:6]) if m[4] else 0
    if second == 60:
        second, micro = 59, 999999
    offset = 0 if not m[6] else (1 if m[6] == "+" else -1) * (int(m[7]) * 60 + int(m[8]))
    zone = datetime.UTC if offset == 0 else datetime.timezone(datetime.timedelta(minutes=offset))
    return int(m[1]), int(m[2]), second, micro, zone


def _date_time(value: Any, path: _Path, key: _Key) -> datetime.datetime:
    if not isinstance(value, str) or not _fmt_date_time(value):
        raise _not_format("date-time", value, path, key)
    day = _DATE.fullmatch(value[:10])
    assert day is not None
    hour, minute, second, micro, zone = _clock(value[11:])
    out = _DateTimeText(int(day[1]), int(day[2]), int(day[3]), hour, minute, second, micro, zone)
    out._text = value
    return out


def _date(value: Any, path: _Path, key: _Key) -> datetime.date:
    if not isinstance(value, str) or not _fmt_date(value):
        raise _not_format("date", value, path, key)
    day = _DATE.fullmatch(value)
    assert day is not None
    out = _DateText(int(day[1]), int(day[2]), int(day[3]))
    out._text = value
    return out


def _time(value: Any, path: _Path, key: _Key) -> datetime.time:
    if not isinstance(value, str) or not _fmt_time(value):
        raise _not_format("time", value, path, key)
    hour, minute, second, micro, zone = _clock(value)
    out = _TimeText(hour, minute, second, micro, zone)
    out._text = value
    return out


_DURATION_UNITS = {"W": 604800, "D": 86400, "H": 3600, "M": 60, "S": 1}


def _duration(value: Any, path: _Path, key: _Key) -> datetime.timedelta | str:
    """A timedelta where the duration is exact; in years or months (``P1M``) it stays the string."""
    if not isinstance(value, str) or not _fmt_duration(value):
        raise _not_format("duration", value, path, key)
    date_part, _, time_part = value[1:].partition("T")
    if "Y" in date_part or "M" in date_part:
        return value
    seconds = 0
    for part in (date_part, time_part):
        number = ""
        for char in part:
            if char.isdigit():
                number += char
            else:
                seconds += int(number) * _DURATION_UNITS[char]
                number = ""
    try:
        out = _DurationText(seconds=seconds)
    except OverflowError:  # past timedelta.max: no exact timedelta either
        return value
    out._text = value
    return out


def _uuid(value: Any, path: _Path, key: _Key) -> UUID:
    if not isinstance(value, str) or not _fmt_uuid(value):
        raise _not_format("uuid", value, path, key)
    out = _UUIDText(value)
    object.__setattr__(out, "_text", value)  # UUID forbids setting attributes the usual way
    return out


def _ipv4(value: Any, path: _Path, key: _Key) -> ipaddress.IPv4Address:
    if not isinstance(value, str) or not _fmt_ipv4(value):
        raise _not_format("ipv4", value, path, key)
    out = _IPv4Text(value)
    out._text = value
    return out


def _ipv6(value: Any, path: _Path, key: _Key) -> ipaddress.IPv6Address:
    if not isinstance(value, str) or not _fmt_ipv6(value):
        raise _not_format("ipv6", value, path, key)
    out = _IPv6Text(value)
    out._text = value
    return out


def _offset_text(offset: datetime.timedelta | None, what: str) -> str:
    """``Z`` for UTC, else ``+HH:MM``; a naive value or an offset in seconds has no RFC 3339 spelling."""
    if offset is None:
        raise ValueError(f"{what} is naive: RFC 3339 needs an offset (give it tzinfo=datetime.UTC)")
    minutes, rest = divmod(int(offset.total_seconds()), 60)
    if rest or offset.microseconds:
        raise ValueError(f"{what} has an offset of {offset}, not whole minutes: RFC 3339 cannot spell it")
    if minutes == 0:
        return "Z"
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _date_time_text(value: datetime.datetime) -> str:
    """The string read, when unchanged; else ``YYYY-MM-DDTHH:MM:SS[.ffffff]`` and ``Z`` or ``+HH:MM``."""
    text: str | None = getattr(value, "_text", None) if type(value) is _DateTimeText else None
    if text is not None:
        return text
    offset = _offset_text(value.utcoffset(), f"datetime {value}")
    return value.replace(tzinfo=None).isoformat() + offset


def _date_text(value: datetime.date) -> str:
    """The string read, when unchanged; else ``YYYY-MM-DD``."""
    text: str | None = getattr(value, "_text", None) if type(value) is _DateText else None
    if text is not None:
        return text
    return datetime.date(value.year, value.month, value.day).isoformat()


def _time_text(value: datetime.time) -> str:
    """The string read, when unchanged; else ``HH:MM:SS[.ffffff]`` and ``Z`` or ``+HH:MM``."""
    text: str | None = getattr(value, "_text", None) if type(value) is _TimeText else None
    if text is not None:
        return text
    offset = _offset_text(value.utcoffset(), f"time {value}")
    return value.replace(tzinfo=None).isoformat() + offset


def _duration_text(value: datetime.timedelta | str) -> str:
    """The string read, when unchanged; else ``P[nD][T[nH][nM][nS]]`` (``PT0S`` for zero, ``PT1H0M1S``)."""
    if isinstance(value, str):
        return value
    text: str | None = getattr(value, "_text", None) if type(value) is _DurationText else None
    if text is not None:
        return text
    if value < datetime.timedelta(0) or value.microseconds:
        raise ValueError(f"duration {value!r}: RFC 3339 spells only whole, non-negative seconds")
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "H"), (minutes, "M"), (seconds, "S")]
    while parts and not parts[-1][0]:
        parts.pop()
    while parts and not parts[0][0]:
        parts.pop(0)  # RFC 3339: the units in between stay (PT1H0M1S; PT1H1S is no duration)
    clock = "".join(f"{n}{unit}" for n, unit in parts)
    days = f"{value.days}D" if value.days else ""
    return "P" + days + ("T" + clock if clock else "" if days else "T0S")


def _uuid_text(value: UUID) -> str:
    """The string read, when unchanged; else lowercase and hyphenated."""
    text: str | None = getattr(value, "_text", None) if type(value) is _UUIDText else None
    return text if text is not None else str(value)


def _ipv4_text(value: ipaddress.IPv4Address) -> str:
    """The string read, when unchanged; else the dotted quad."""
    text: str | None = getattr(value, "_text", None) if type(value) is _IPv4Text else None
    return text if text is not None else str(value)


def _ipv6_text(value: ipaddress.IPv6Address) -> str:
    """The string read, when unchanged; else the address's compressed form (``::1``)."""
    text: str | None = getattr(value, "_text", None) if type(value) is _IPv6Text else None
    return text if text is not None else str(value)


def _via(parse: Callable[[Any], _U], what: str, value: Any, path: _Path, key: _Key) -> _U:
    """Decode with a function of the user's (``type-map``): the errors a wrong shape or value raises there
    (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) become a DecodeError with the path."""
    try:
        return parse(value)
    except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as error:
        raise DecodeError(_pointer(path, key), f"expected {what}: {error}") from None


def _encode_with(value: Any, encoders: _Encoders) -> Any:
    """``_encode`` that also writes typed values: the first class in ``encoders`` the value is an instance of."""
    for cls, encode in encoders:
        if isinstance(value, cls):
            return encode(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_encode_with(x, encoders) for x in value]
    if isinstance(value, dict):
        return {k: _encode_with(x, encoders) for k, x in value.items()}
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value
