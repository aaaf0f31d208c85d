"""The runtime of discriminated unions, carried by a generated dataclasses module that has one.

templates/_tagged_tables.py.jinja includes every definition of this module verbatim (``runtime("tagged")``)
after the module's classes. It uses names of :mod:`generator.runtime.decode`, which the generated module
defines itself (imported here for the type checker and the unit tests). See :mod:`generator.types.discriminator`.
"""

from typing import Any

from generator.runtime.decode import _ABSENT, DecodeError, _Decoder, _Key, _object, _Path, _pointer


class _Tagged:
    """A discriminated union: the tag's wire name, a decoder per tag, and the members that may lack the tag."""

    __slots__ = ("decoders", "name", "untagged")

    def __init__(self, name: str, decoders: dict[str, _Decoder[Any]], untagged: tuple[_Decoder[Any], ...]) -> None:
        self.name = name
        self.decoders = decoders
        self.untagged = untagged


def _tagged(value: Any, path: _Path, key: _Key, union: _Tagged) -> Any:
    """The member the tag names decodes ``value`` (one dict lookup); no tag: the members that may lack it, in turn."""
    obj = value if type(value) is dict else _object(value, path, key)
    tag = obj.get(union.name, _ABSENT)
    if type(tag) is str:
        decode = union.decoders.get(tag)
        if decode is not None:
            return decode(obj, path, key)
    elif tag is _ABSENT and union.untagged:
        for member in union.untagged:
            try:
                return member(obj, path, key)
            except DecodeError:
                continue
    allowed = ", ".join(repr(t) for t in union.decoders)
    message = f"missing tag, expected one of {allowed}" if tag is _ABSENT else f"expected one of {allowed}, got {tag!r}"
    raise DecodeError(_pointer((path, key), union.name), message)


def _tagged_of(union: _Tagged) -> _Decoder[Any]:
    return lambda value, path, key: _tagged(value, path, key, union)
