"""Where a subschema sits while it is planned."""

from __future__ import annotations

from dataclasses import dataclass

from generator.schema import pointer
from generator.validation.dialect import Dialect


@dataclass(frozen=True)
class Ctx:
    """Where a subschema sits: base URI, dynamic-anchor bindings, dialect and active vocabularies, location."""

    base: str
    bindings: tuple[tuple[str, str], ...]
    dialect: Dialect
    """The keyword table of the resource (its own ``$schema``, the enclosing one's, or the default)."""
    vocab: frozenset[str]
    doc: str
    pointer: str

    def at(self, *tokens: str | int) -> Ctx:
        return Ctx(self.base, self.bindings, self.dialect, self.vocab, self.doc, pointer.join(self.pointer, *tokens))

    @property
    def where(self) -> str:
        return f"{self.doc}#{self.pointer}" if self.doc else self.pointer
