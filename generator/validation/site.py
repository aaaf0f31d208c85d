"""A :class:`Site`: one subschema being planned, as the keyword builders see it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from generator.validation.ctx import Ctx
from generator.validation.plan import PlanError, Sub
from generator.validation.scope import Scope


class Planner(Protocol):
    """What builders use of the planner (:class:`generator.validation.planner.Planner`)."""

    scope: Scope
    uses: set[str]

    def loc(self, ctx: Ctx, keyword: str, message: str) -> int: ...

    def sub(
        self,
        schema: Any,
        ctx: Ctx,
        *,
        depth: int,
        chain: frozenset[int],
        expr: bool = False,
        ann: bool = False,
        ref_from: Ctx | None = None,
    ) -> Sub: ...

    def const(self, value: Any) -> str: ...

    def const_set(self, values: Sequence[str]) -> str: ...

    def const_tuple(self, values: Sequence[Any]) -> str: ...

    def pattern(self, source: str, ctx: Ctx, keyword: str) -> str: ...

    def asserts_formats(self, vocab: frozenset[str]) -> bool: ...


@dataclass(slots=True)
class Site:
    """The planner, the subschema, its context and inlining state: what every builder receives."""

    p: Planner
    s: dict[str, Any]
    ctx: Ctx
    depth: int
    chain: frozenset[int]
    ann: bool
    """Annotations are collected here: in-place children become ``_a`` variants."""

    def at(self, *tokens: str | int) -> Site:
        """The same subschema with its location moved (``dependencies`` builds as two keywords)."""
        return replace(self, ctx=self.ctx.at(*tokens))

    def bad(self, keyword: str, message: str) -> PlanError:
        return PlanError(self.ctx.at(keyword).where, message)

    def loc(self, keyword: str, message: str) -> int:
        return self.p.loc(self.ctx, keyword, message)

    def has(self, vocabulary: str) -> bool:
        return vocabulary in self.ctx.vocab

    def active(self, keyword: str) -> bool:
        """Whether ``keyword`` is a row of this subschema's dialect, active under its vocabularies."""
        return self.ctx.dialect.has(keyword, self.ctx.vocab)

    def sibling(self, keyword: str, default: Any = None) -> Any:
        """The value of another keyword of this subschema, if it is active here (else ``default``)."""
        return self.s.get(keyword, default) if self.active(keyword) else default

    def child(self, schema: Any, *tokens: str | int, expr: bool = False, ann: bool = False) -> Sub:
        return self.p.sub(schema, self.ctx.at(*tokens), depth=self.depth, chain=self.chain, expr=expr, ann=ann)

    def inplace(self, schema: Any, *tokens: str | int, expr: bool = False) -> Sub:
        """A child applied to the instance itself (its annotations count when they are collected)."""
        return self.child(schema, *tokens, expr=expr, ann=self.ann)

    def number(self, keyword: str, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(keyword, f"{keyword} must be a number")
        return value

    def count(self, keyword: str, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.bad(keyword, f"{keyword} must be a non-negative integer")
        return value

    def nonempty(self, keyword: str, value: Any) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.bad(keyword, f"{keyword} must be a non-empty array")
        return value


def fmt(text: str) -> str:
    """Escape text for a ``%``-format message (``%r``: the instance, ``%s``: the extra detail)."""
    return text.replace("%", "%%")


def kind_of(value: Any) -> str:
    """The JSON kind of a JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
