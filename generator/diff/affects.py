"""Which generated classes and fields a change touches, read off the type model (``Batch.status``)."""

from __future__ import annotations

from generator.diagnostics import SchemaError
from generator.diff.load import Version
from generator.schema import pointer
from generator.types import ir
from generator.types.build import build_module
from generator.types.naming import type_name
from generator.types.selection import expr_refs

_MAX = 12


class Affects:
    def __init__(self, version: Version) -> None:
        self.module: ir.Module | None
        try:
            self.module = build_module(version.workspace, version.root)
        except SchemaError:
            self.module = None
        except Exception:
            self.module = None
        self.names = {t.name for t in self.module.types} if self.module else set()
        self.users: dict[str, list[str]] = {}
        for named in self.module.types if self.module else ():
            if isinstance(named, ir.Model):
                for f in named.fields:
                    for used in expr_refs(f.type):
                        self.users.setdefault(used, []).append(f"{named.name}.{f.py_name}")
            elif isinstance(named, ir.Alias):
                for used in expr_refs(named.target):
                    self.users.setdefault(used, []).append(named.name)

    def of(self, content_pointer: str) -> list[str]:
        if self.module is None:
            return []
        tokens = pointer.split(content_pointer)
        if len(tokens) >= 2 and tokens[0] in ("$defs", "definitions"):
            name = self._class(tokens[1])
            rest = tokens[2:]
        elif self.module.root:
            name, rest = self.module.root, tokens
        else:
            return []
        if name is None:
            return []
        out = [name]
        if len(rest) >= 2 and rest[0] in ("properties", "required"):
            named = self.module.get(name)
            if isinstance(named, ir.Model):
                field = next((f for f in named.fields if f.wire_name == rest[1]), None)
                out = [f"{name}.{field.py_name if field else rest[1]}"]
        out += self.users.get(name, [])
        return list(dict.fromkeys(out))[:_MAX]

    def _class(self, key: str) -> str | None:
        for candidate in (key, type_name(key)):
            if candidate in self.names:
                return candidate
        return None
