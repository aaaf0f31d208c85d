"""The decoding runtime every generated dataclasses module carries: standard library only.

Paths are built lazily: a ``_Path`` is the root prefix (a str) or a (parent, key) pair,
and it becomes a JSON pointer only when an error is raised.

templates/_decode_runtime.py.jinja includes every definition of this module verbatim
(``runtime("decode")``), in this order and with these blank lines, after the generated
module's own imports, which must cover the imports below.
"""

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

_T = TypeVar("_T")
_E = TypeVar("_E", bound=Enum)
_Key = str | int | None
_Path = str | tuple["_Path", _Key]
_Decoder = Callable[[Any, _Path, _Key], _T]
_ABSENT: Any = object()
_NUMBERS = (int, float)


class DecodeError(ValueError):
    """The data does not have the shape the schema describes; ``path`` is a JSON pointer."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '/'}: {message}")
        self.path = path
        self.message = message


def _pointer(path: _Path, key: _Key = None) -> str:
    keys: list[str] = [] if key is None else [str(key)]
    while type(path) is tuple:
        path, parent_key = path
        if parent_key is not None:
            keys.append(str(parent_key))
    assert isinstance(path, str)
    return path + "".join("/" + k.replace("~", "~0").replace("/", "~1") for k in reversed(keys))


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _fail(expected: str, value: object, path: _Path, key: _Key) -> DecodeError:
    return DecodeError(_pointer(path, key), f"expected {expected}, got {_kind(value)}")


def _missing(path: _Path, error: KeyError) -> DecodeError:
    return DecodeError(_pointer(path), f"missing required property {error.args[0]!r}")


def _req(obj: dict[str, Any], name: str, path: _Path, decode: _Decoder[_T]) -> _T:
    try:
        value = obj[name]
    except KeyError as error:
        raise _missing(path, error) from None
    return decode(value, path, name)


def _opt(obj: dict[str, Any], name: str, path: _Path, decode: _Decoder[_T]) -> _T | None:
    if name in obj:
        return decode(obj[name], path, name)
    return None


def _object(value: Any, path: _Path, key: _Key) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _fail("object", value, path, key)


def _str(value: Any, path: _Path, key: _Key) -> str:
    if isinstance(value, str):
        return value
    raise _fail("string", value, path, key)


def _int(value: Any, path: _Path, key: _Key) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise _fail("integer", value, path, key)


def _float(value: Any, path: _Path, key: _Key) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise _fail("number", value, path, key)


def _bool(value: Any, path: _Path, key: _Key) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail("boolean", value, path, key)


def _null(value: Any, path: _Path, key: _Key) -> Any:  # always None; typed Any so callers may assign it
    if value is None:
        return None
    raise _fail("null", value, path, key)


def _any(value: Any, path: _Path, key: _Key) -> Any:
    return value


def _list(value: Any, path: _Path, key: _Key, item: _Decoder[_T]) -> list[_T]:
    if not isinstance(value, list):
        raise _fail("array", value, path, key)
    here = (path, key)
    return [item(x, here, i) for i, x in enumerate(value)]


# A tuple type's decoders: one per position, the rest's (None: no more items), and the least item count.
_TupleShape = tuple[tuple[_Decoder[Any], ...], _Decoder[Any] | None, int]


def _tuple(value: Any, path: _Path, key: _Key, shape: _TupleShape) -> tuple[Any, ...]:
    """A JSON array with a decoder per position, then one for the items after them."""
    items, rest, least = shape
    if not isinstance(value, list):
        raise _fail("array", value, path, key)
    if len(value) < least or (rest is None and len(value) > len(items)):
        wanted = (
            f"at least {least}"
            if rest is not None
            else f"exactly {least}"
            if least == len(items)
            else f"{least} to {len(items)}"
        )
        raise DecodeError(_pointer(path, key), f"expected an array of {wanted} items, got {len(value)}")
    here = (path, key)
    decoders = [*items, *[rest] * (len(value) - len(items))] if rest is not None else items
    return tuple(decode(x, here, i) for i, (decode, x) in enumerate(zip(decoders, value, strict=False)))


def _tuple_of(shape: _TupleShape) -> _Decoder[tuple[Any, ...]]:
    return lambda value, path, key: _tuple(value, path, key, shape)


def _map(value: Any, path: _Path, key: _Key, item: _Decoder[_T]) -> dict[str, _T]:
    if not isinstance(value, dict):
        raise _fail("object", value, path, key)
    here = (path, key)
    return {k: item(x, here, k) for k, x in value.items()}


def _list_t(value: Any, path: _Path, key: _Key, kind: type[_T], item: _Decoder[_T]) -> list[_T]:
    """A list whose items are all exactly ``kind`` is copied as it is; anything else goes item by item."""
    if type(value) is list:
        for x in value:
            if type(x) is not kind:
                break
        else:
            return list(value)
    return _list(value, path, key, item)


def _map_t(value: Any, path: _Path, key: _Key, kind: type[_T], item: _Decoder[_T]) -> dict[str, _T]:
    """A map whose values are all exactly ``kind`` is copied as it is; anything else goes item by item."""
    if type(value) is dict:
        for x in value.values():
            if type(x) is not kind:
                break
        else:
            return dict(value)
    return _map(value, path, key, item)


def _list_of(item: _Decoder[_T]) -> _Decoder[list[_T]]:
    return lambda value, path, key: _list(value, path, key, item)


def _map_of(item: _Decoder[_T]) -> _Decoder[dict[str, _T]]:
    return lambda value, path, key: _map(value, path, key, item)


def _nullable_of(inner: _Decoder[_T]) -> _Decoder[_T | None]:
    return lambda value, path, key: None if value is None else inner(value, path, key)


def _enum_of(cls: type[_E]) -> _Decoder[_E]:
    def decode(value: Any, path: _Path, key: _Key) -> _E:
        return _enum(cls, value, path, key)

    return decode


def _enum(cls: type[_E], value: Any, path: _Path, key: _Key) -> _E:
    if type(value) is str or type(value) is int:
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[return-value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            return cls(value)
        except ValueError:
            pass
    allowed = ", ".join(repr(m.value) for m in cls)
    raise DecodeError(_pointer(path, key), f"expected one of {allowed}, got {value!r}")


def _same(value: Any, allowed: Any) -> bool:
    """JSON equality: ``true`` is not ``1``, ``1.0`` is ``1``, arrays and objects by content."""
    if isinstance(allowed, bool) or isinstance(value, bool):
        return value is allowed
    if isinstance(allowed, (int, float)):
        return isinstance(value, (int, float)) and value == allowed
    if isinstance(allowed, list):
        return (
            isinstance(value, list)
            and len(value) == len(allowed)
            and all(_same(v, a) for v, a in zip(value, allowed, strict=True))
        )
    if isinstance(allowed, dict):
        return (
            isinstance(value, dict)
            and value.keys() == allowed.keys()
            and all(_same(value[k], allowed[k]) for k in allowed)
        )
    return type(value) is type(allowed) and value == allowed


def _literal_of(values: list[Any]) -> _Decoder[Any]:
    def decode(value: Any, path: _Path, key: _Key) -> Any:
        for allowed in values:
            if _same(value, allowed):
                return allowed  # the schema's own value: 1.0 decodes as the 1 a Literal[1] promises
        raise DecodeError(_pointer(path, key), f"expected one of {values!r}, got {value!r}")

    return decode


def _union(value: Any, path: _Path, key: _Key, members: tuple[_Decoder[Any], ...], expected: str) -> Any:
    """The first member that decodes ``value`` wins; none does: one error naming the union."""
    for member in members:
        try:
            return member(value, path, key)
        except DecodeError:
            continue
    raise DecodeError(_pointer(path, key), f"expected {expected}, got {_kind(value)}")


def _union_of(members: tuple[_Decoder[Any], ...], expected: str) -> _Decoder[Any]:
    return lambda value, path, key: _union(value, path, key, members, expected)


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_encode(x) for x in value]
    if isinstance(value, dict):
        return {k: _encode(x) for k, x in value.items()}
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value
