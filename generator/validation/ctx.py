"""Where a subschema sits while it is planned."""

from __future__ import annotations

from dataclasses import dataclass

from generator.schema import pointer


@dataclass(frozen=True)
class Ctx:
    """Where a subschema sits: base URI, dynamic-anchor bindings, active vocabularies, location."""

    base: str
    bindings: tuple[tuple[str, str], ...]
    vocab: frozenset[str]
    doc: str
    pointer: str

    def at(self, *tokens: str | int) -> Ctx:
        return Ctx(self.base, self.bindings, self.vocab, self.doc, pointer.join(self.pointer, *tokens))

    @property
    def where(self) -> str:
        return f"{self.doc}#{self.pointer}" if self.doc else self.pointer
