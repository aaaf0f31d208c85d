"""Typed formats (``format-types``) and the user's own types (``type-map``) for the dataclasses target.

:data:`FORMAT_TYPES` is the one table of format -> (Python type, import, decoder, encoder); the
decoders and encoders are generator/runtime/typed.py's, which reuse the format validators'
checkers (generator/runtime/formats.py), so decoding accepts exactly what the validators accept.
:func:`apply` rewrites a module's type model for one run: each primitive of a typed format, and
each use of a mapped named type, gets an :class:`ir.Custom`; a mapped named type is dropped (the
user's class takes its place); a field whose name would shadow an imported class in the class
body gets a ``_`` suffix, as ``str`` does (``types/naming.py``).
"""

from __future__ import annotations

import dataclasses
import difflib
import keyword
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from generator.diagnostics import UsageError
from generator.render.include import definitions
from generator.types import ir


class OptionError(UsageError):
    """A ``type-map`` or ``format-types`` value that cannot work with this schema (found while rendering).

    ``option`` is its ``[tool.schemagen]`` key: the run places the error there when the value came
    from the config file (``generator.config.place``).
    """

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class TypedFormat(NamedTuple):
    spelled: str
    """The annotation."""
    cls: str
    """What a value is an instance of."""
    imports: tuple[str, ...]
    """The standard-library imports its annotation and runtime need."""
    decoder: str
    encoder: str
    runtime: tuple[str, ...]
    """The definitions of generator/runtime/typed.py it uses (the decoder, the encoder, what they call)."""
    checkers: tuple[str, ...]
    """The definitions of generator/runtime/formats.py its decoder calls: the validators' own checker."""


_DT, _RE = "import datetime", "import re"
_DAY, _CLOCK = ("_DATE", "_fmt_date"), ("_TIME", "_fmt_time")

FORMAT_TYPES: dict[str, TypedFormat] = {
    "date-time": TypedFormat(
        "datetime.datetime", "datetime.datetime", (_DT, _RE), "_date_time", "_date_time_text",
        ("_DateTimeText", "_clock", "_date_time", "_offset_text", "_date_time_text"),
        (*_DAY, *_CLOCK, "_fmt_date_time"),
    ),
    "date": TypedFormat(
        "datetime.date", "datetime.date", (_DT, _RE), "_date", "_date_text",
        ("_DateText", "_date", "_date_text"), _DAY,
    ),
    "time": TypedFormat(
        "datetime.time", "datetime.time", (_DT, _RE), "_time", "_time_text",
        ("_TimeText", "_clock", "_time", "_offset_text", "_time_text"), _CLOCK,
    ),
    "duration": TypedFormat(
        "datetime.timedelta | str", "datetime.timedelta", (_DT, _RE), "_duration", "_duration_text",
        ("_DurationText", "_DURATION_UNITS", "_duration", "_duration_text"), ("_DURATION", "_fmt_duration"),
    ),
    "uuid": TypedFormat(
        "UUID", "UUID", ("from uuid import UUID", _RE), "_uuid", "_uuid_text",
        ("_UUIDText", "_uuid", "_uuid_text"), ("_UUID", "_fmt_uuid"),
    ),
    "ipv4": TypedFormat(
        "ipaddress.IPv4Address", "ipaddress.IPv4Address", ("import ipaddress", _RE), "_ipv4", "_ipv4_text",
        ("_IPv4Text", "_ipv4", "_ipv4_text"), ("_IPV4", "_fmt_ipv4"),
    ),
    "ipv6": TypedFormat(
        "ipaddress.IPv6Address", "ipaddress.IPv6Address", ("import ipaddress",), "_ipv6", "_ipv6_text",
        ("_IPv6Text", "_ipv6", "_ipv6_text"), ("_fmt_ipv6",),
    ),
}  # fmt: skip
"""format -> how a string of it is typed. Order matters: the generic encoder tries the classes in this
order, and a ``datetime`` is also a ``date``."""

COMMON_RUNTIME = ("_U", "_Encoders", "_not_format", "_via", "_encode_with")
"""The definitions of generator/runtime/typed.py every module with typed values carries."""

_BUILTIN_ENCODERS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class TypeMapEntry(NamedTuple):
    """One ``type-map`` entry: ``key`` is ``format:NAME`` or a generated type name; each target is ``module:name``."""

    key: str
    type: str
    decode: str | None = None
    encode: str | None = None


def format_types(value: object, what: str) -> tuple[str, ...]:
    """``true`` (every format of :data:`FORMAT_TYPES`), ``false``, or a list of formats (flags: a comma list)."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if isinstance(value, bool):
        return tuple(FORMAT_TYPES) if value else ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise UsageError(f"{what} must be true, false or a list of formats")
    for item in items:
        if item not in FORMAT_TYPES:
            raise UsageError(f"{what}: no typed format {item!r} (typed: {', '.join(FORMAT_TYPES)})")
    return tuple(dict.fromkeys(items))


def _target(text: object, what: str) -> str:
    module, colon, name = text.partition(":") if isinstance(text, str) else ("", "", "")
    if not (colon and all(p.isidentifier() for p in module.split(".")) and name.isidentifier()):
        raise UsageError(
            f"{what} must be 'package.module:name' (a dotted module, a colon, an identifier), not {text!r}"
        )
    if keyword.iskeyword(name) or any(keyword.iskeyword(p) for p in module.split(".")):
        raise UsageError(f"{what} must not use a Python keyword: {text!r}")
    return text  # type: ignore[return-value]


def _key(key: str, what: str) -> str:
    if key.startswith("format:") and key[len("format:") :].strip():
        return key
    if key.isidentifier():
        return key
    raise UsageError(f"{what}: key {key!r} must be 'format:NAME' or the name of a generated type")


def type_map(value: object, what: str) -> tuple[TypeMapEntry, ...]:
    """A table ``{KEY = "mod:Cls"}`` or ``{KEY = {type = "mod:Cls", decode = "mod:f", encode = "mod:g"}}``,
    or ``KEY=mod:Cls[,mod:decode[,mod:encode]]`` strings (flags)."""
    entries: list[TypeMapEntry] = []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        for item in value:
            key, eq, spec = item.rpartition("=")
            if not eq or not key:
                raise UsageError(
                    f"{what} must be KEY=package.module:Class[,module:decode[,module:encode]], not {item!r}"
                )
            parts = spec.split(",")
            if len(parts) > 3:
                raise UsageError(f"{what} {item!r}: at most a class, a decode and an encode function")
            k = _key(key, what)
            targets = [_target(p, f"{what} {k!r}") for p in parts]
            entries.append(TypeMapEntry(k, *targets))
    elif isinstance(value, dict):
        for key, spec in value.items():
            k = _key(key, what)
            if isinstance(spec, str):
                entries.append(TypeMapEntry(k, _target(spec, f"{what} {k!r}")))
            elif isinstance(spec, dict) and "type" in spec and set(spec) <= {"type", "decode", "encode"}:
                fields = {f: _target(spec[f], f"{what} {k!r} {f}") for f in ("type", "decode", "encode") if f in spec}
                entries.append(TypeMapEntry(k, **fields))
            else:
                raise UsageError(
                    f"{what} {k!r} must be 'module:Class' or a table {{type = ..., decode = ..., encode = ...}}"
                )
    else:
        raise UsageError(f"{what} must be a table of KEY = 'package.module:Class'")
    return tuple(sorted(entries))


def check_names(entries: Sequence[TypeMapEntry], names: Collection[str]) -> None:
    """A type-map key that names no generated type of the run is a typo: say so, with the nearest names."""
    for entry in entries:
        if not entry.key.startswith("format:") and entry.key not in names:
            near = difflib.get_close_matches(entry.key, sorted(names), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise OptionError("type-map", f"type-map {entry.key!r}: no generated type has that name{hint}")


class Typed(NamedTuple):
    """A module's type model with its customs, and what the template adds for them."""

    module: ir.Module
    stdlib: tuple[str, ...]
    """Standard-library import lines (``import datetime``, ...)."""
    user: tuple[str, ...]
    """The import lines of the user's modules (``from billing.money import Money``)."""
    encoders: tuple[tuple[str, str], ...]
    """(class, encoder) for the generic encoder, in the order it tries them."""
    via: tuple[tuple[str, str, str], ...]
    """(decoder function, the user's parse function, the class name) for each used type-map entry."""
    runtime: tuple[str, ...] = ()
    """The definitions of generator/runtime/typed.py to include, in module order."""
    checkers: tuple[str, ...] = ()
    """The definitions of generator/runtime/formats.py to include, in module order."""


def apply(module: ir.Module, formats: Sequence[str], entries: Sequence[TypeMapEntry]) -> Typed:
    """``module`` with typed formats and type-map entries applied; unchanged when none applies."""
    by_name = {t.name: t for t in module.types}
    customs: dict[str, ir.Custom] = {}  # "format:NAME" or a type name -> its custom; the user's win
    needs: dict[str, tuple[list[str], tuple[str, str, str]]] = {}  # key -> (import lines, via)
    defaulted: set[str] = set()  # the keys whose encoder is the default
    for index, entry in enumerate(entries):
        if not entry.key.startswith("format:") and entry.key not in by_name:
            continue  # a type of another schema
        cls_module, _, cls = entry.type.partition(":")
        if cls in set(by_name) - {entry.key}:
            raise OptionError(
                "type-map",
                f"type-map {entry.key!r}: class {cls!r} has the name of a generated type (map that type by its name)",
            )
        lines = [f"from {cls_module} import {cls}"] if cls_module != "builtins" else []
        decoder, parse = f"_type_map_{index}", cls
        if entry.decode:
            parse = _imported(entry.decode, f"{decoder}_decode", lines)
        kind = "string" if entry.key.startswith("format:") else _kind(by_name[entry.key], by_name)
        if entry.encode:
            encoder = _imported(entry.encode, f"{decoder}_encode", lines)
        elif kind in _BUILTIN_ENCODERS:
            encoder = _BUILTIN_ENCODERS[kind]
            defaulted.add(entry.key)
        else:
            raise OptionError(
                "type-map", f"type-map {entry.key!r}: {entry.key} is no string: give encode = 'module:function'"
            )
        customs[entry.key] = ir.Custom(cls, cls, decoder, encoder)
        needs[entry.key] = (lines, (decoder, parse, cls))
    for fmt in formats:
        spec = FORMAT_TYPES[fmt]
        customs.setdefault(f"format:{fmt}", ir.Custom(spec.spelled, spec.cls, spec.decoder, spec.encoder))
    used: dict[str, ir.Custom] = {}
    variants: dict[tuple[str, str], ir.Custom] = {}  # (class, encoder) -> a custom written in the module

    def expr(e: ir.TypeExpr) -> ir.TypeExpr:
        if isinstance(e, ir.Ref) and e.name in needs:
            used[e.name] = customs[e.name]
            variants.setdefault((customs[e.name].cls, customs[e.name].encoder), customs[e.name])
            return ir.Primitive("any", custom=customs[e.name])
        key = f"format:{e.format}" if isinstance(e, ir.Primitive) else ""
        if isinstance(e, ir.Primitive) and key in customs and (e.kind == "string" or key in needs):
            custom = customs[key]  # a built-in typed format types strings only; the user's, any scalar
            if key in defaulted and e.kind in _BUILTIN_ENCODERS:  # no encode given: the builtin of its kind
                custom = dataclasses.replace(custom, encoder=_BUILTIN_ENCODERS[e.kind])
            used[key] = customs[key]
            variants.setdefault((custom.cls, custom.encoder), custom)
            return dataclasses.replace(e, custom=custom)
        if isinstance(e, ir.Array):
            return ir.Array(expr(e.items))
        if isinstance(e, ir.Tuple):
            return ir.Tuple(tuple(expr(i) for i in e.items), None if e.rest is None else expr(e.rest), e.min_items)
        if isinstance(e, ir.Map):
            return ir.Map(expr(e.values))
        if isinstance(e, ir.Union):
            return ir.Union(tuple(expr(m) for m in e.members))
        if isinstance(e, ir.Nullable):
            return ir.Nullable(expr(e.inner))
        return e

    types: list[ir.NamedType] = []
    for named in module.types:
        if named.name in needs:
            continue  # the user's class takes its place
        if isinstance(named, ir.Model):
            types.append(
                dataclasses.replace(
                    named, fields=tuple(dataclasses.replace(f, type=expr(f.type)) for f in named.fields)
                )
            )
        elif isinstance(named, ir.Alias):
            types.append(dataclasses.replace(named, target=expr(named.target)))
        else:
            types.append(named)
    if not used:
        return Typed(module, (), (), (), ())
    spelled = {c.spelled.partition(".")[0].partition(" ")[0] for c in used.values()}
    clash = sorted(spelled & {t.name for t in types})
    if clash:
        raise OptionError(
            "format-types", f"format-types: the schema defines a type named {clash[0]!r}, the name of a class it needs"
        )
    types = [_unshadow(t, spelled) for t in types]
    order = [c.decoder for k, c in customs.items() if k in used]  # the user's first, then the table's order
    encoders = tuple(sorted(variants, key=lambda pair: order.index(variants[pair].decoder)))
    user_lines = tuple(line for key, (lines, _) in needs.items() if key in used for line in lines)
    via = tuple(v for key, (_, v) in needs.items() if key in used)
    root = module.root if module.root not in needs else None
    formats_used = [FORMAT_TYPES[k[len("format:") :]] for k in used if k[len("format:") :] in FORMAT_TYPES]
    formats_used = [f for f in formats_used if f.decoder in {c.decoder for c in used.values()}]  # not overridden
    names = {*COMMON_RUNTIME, *(n for f in formats_used for n in f.runtime)}
    checkers = {n for f in formats_used for n in f.checkers}
    stdlib = sorted({i for f in formats_used for i in f.imports})
    return Typed(
        dataclasses.replace(module, types=tuple(types), root=root),
        tuple(stdlib),
        tuple(user_lines),
        encoders,
        via,
        tuple(n for n in definitions("typed") if n in names),
        tuple(n for n in definitions("formats") if n in checkers),
    )


def import_block(lines: Iterable[str]) -> list[str]:
    """Import lines as isort (ruff ``I``) writes them: the standard library, then a blank line and the rest;
    in each, ``import x`` lines, then one ``from m import A, B`` per module, each ``as`` import on its own."""
    sections: dict[bool, list[tuple[str, int, str]]] = {True: [], False: []}
    plain: dict[str, set[str]] = {}
    for line in dict.fromkeys(lines):
        words = line.split(" ", 3)
        module = words[1]
        stdlib = module.partition(".")[0] in sys.stdlib_module_names
        if words[0] == "import":
            sections[stdlib].append(("", 0, line))
        elif " as " in words[3] or "," in words[3]:
            for name in (n.strip() for n in words[3].split(",")):
                if " as " in name:
                    sections[stdlib].append((module, 2, f"from {module} import {name}"))
                else:
                    plain.setdefault(module, set()).add(name)
        else:
            plain.setdefault(module, set()).add(words[3])
    for module, names in plain.items():
        stdlib = module.partition(".")[0] in sys.stdlib_module_names
        sections[stdlib].append((module, 1, f"from {module} import {', '.join(sorted(names))}"))
    ordered = [
        [line for *_, line in sorted(sections[s], key=lambda k: (bool(k[0]), k[0], k[1], k[2]))] for s in (True, False)
    ]
    return ordered[0] + ([""] + ordered[1] if ordered[1] else [])


def _imported(target: str, alias: str, lines: list[str]) -> str:
    """The name a ``module:function`` has in the generated module (builtins are not imported)."""
    module, _, name = target.partition(":")
    if module == "builtins":
        return name
    lines.append(f"from {module} import {name} as {alias}")
    return alias


def _kind(named: ir.NamedType, types: Mapping[str, ir.NamedType]) -> str:
    """The JSON kind of a named type, for its default encoder: string, integer, number, boolean or other."""
    if isinstance(named, ir.Alias):
        target = named.target
        if isinstance(target, ir.Ref) and target.name in types and target.name != named.name:
            return _kind(types[target.name], types)
        return target.kind if isinstance(target, ir.Primitive) else "other"
    if isinstance(named, ir.Enum) and all(isinstance(m.value, str) for m in named.members):
        return "string"
    return "other"


def _unshadow(named: ir.NamedType, spelled: Iterable[str]) -> ir.NamedType:
    """A model whose fields named like an imported class (``datetime``, ``UUID``) are renamed ``datetime_``."""
    if not isinstance(named, ir.Model):
        return named
    taken = {f.py_name for f in named.fields}
    fields = []
    for f in named.fields:
        new = f.py_name
        if new in spelled:
            while new in taken:
                new += "_"
            taken.add(new)
        fields.append(dataclasses.replace(f, py_name=new))
    return dataclasses.replace(named, fields=tuple(fields))
