"""Boolean expressions of the validators as small nodes, built from the typed plan.

As Jinja's own ``nodes.py``, an expression is a tree (:class:`Name`, :class:`Call`, :class:`Test`,
:class:`Not`, :class:`BoolOp`); ``render()`` spells it and ``negate()`` builds its negation the way
ruff wants it (``is not``, ``not in``, De Morgan over a disjunction of simple tests, which
short-circuits on the first failing test: ``v is not None and type(v) is not int``).

``parens`` records that an expression is written inside parentheses: the builders below write
compound tests parenthesized, and :meth:`Expr.bare` drops them where a statement holds the test.
The builders mirror the plan's op kinds (``type``, ``enum``, ``const``, bodies, subs, ``anyOf``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.render.escape import py_literal

_CLASSES = {"boolean": "bool", "object": "dict", "array": "list", "string": "str"}
_FLIP = {"is": "is not", "in": "not in", "<": ">=", ">": "<=", "<=": ">", ">=": "<", "!=": "=="}


@dataclass(frozen=True, kw_only=True)
class Expr:
    """A Python expression; ``parens``: written inside parentheses."""

    parens: bool = False

    def inner(self) -> str:
        raise NotImplementedError

    def render(self) -> str:
        text = self.inner()
        return f"({text})" if self.parens else text

    def __str__(self) -> str:
        return self.render()

    def bare(self) -> Expr:
        """Without outer parentheses (an ``if`` condition)."""
        return replace(self, parens=False) if self.parens else self

    def wrapped(self) -> Expr:
        return self if self.parens else replace(self, parens=True)

    def atom(self) -> Expr:
        """Safe as an operand of ``+``: simple calls and parenthesized expressions as they are."""
        return self if self.parens or self.simple_call else self.wrapped()

    def disjunct(self) -> Expr:
        """An operand of ``or``: without outer parentheses, unless it is an ``and`` (ruff RUF021)."""
        core = self.bare()
        return self if isinstance(core, BoolOp) and core.op == "and" else core

    @property
    def simple_call(self) -> bool:
        """A call whose arguments hold no parentheses, not parenthesized itself."""
        return False

    def simple_negation(self) -> Expr | None:
        """The negation of an identity/membership test, or of a conjunction of them; None otherwise."""
        return None

    def negate(self) -> Expr:
        core = self.bare()
        if isinstance(core, BoolOp) and core.op == "or":
            items = core.flat()
            if not any(isinstance(i, BoolOp) and not i.parens for i in items):
                negated = [i.simple_negation() or (Not(operand=i) if i.simple_call else None) for i in items]
                if all(n is not None for n in negated):
                    return BoolOp(op="and", items=tuple(n for n in negated if n is not None))
        own = self._negate()
        if own is not None:
            return own
        if self.parens or self.simple_call:
            return Not(operand=self)
        return Not(operand=self.wrapped())

    def _negate(self) -> Expr | None:
        """A negation of this node's own kind (a flipped test, an undone ``not``), if it has one."""
        return None


@dataclass(frozen=True, kw_only=True)
class Name(Expr):
    """A name or a literal, spelled as it is (``x``, ``None``, ``_C_3``, ``"a"``, ``(int, float)``)."""

    text: str = ""

    def inner(self) -> str:
        return self.text

    def _negate(self) -> Expr | None:
        if not self.parens and self.text in ("True", "False"):
            return Name(text="False" if self.text == "True" else "True")
        return None

    @property
    def word(self) -> bool:
        return self.text.isidentifier()


@dataclass(frozen=True, kw_only=True)
class Call(Expr):
    """``func(args...)``."""

    func: str = ""
    args: tuple[str, ...] = ()

    def inner(self) -> str:
        return f"{self.func}({', '.join(self.args)})"

    @property
    def simple_call(self) -> bool:
        return not self.parens and not any("(" in a or ")" in a for a in self.args)


@dataclass(frozen=True, kw_only=True)
class Test(Expr):
    """``left op right`` for one comparison operator (``is``, ``in``, ``==``, ``<``...)."""

    left: Expr = Name()
    op: str = "is"
    right: Expr = Name()

    def inner(self) -> str:
        return f"{self.left} {self.op} {self.right}"

    def simple_negation(self) -> Expr | None:
        if self.parens:
            return None
        left_name = isinstance(self.left, Name) and self.left.word
        right_name = isinstance(self.right, Name) and self.right.word
        if self.op == "is" and (left_name or self.left.simple_call) and right_name:
            return replace(self, op="is not")
        if self.op == "in" and (left_name or _type_of_name(self.left)):
            right = self.right
            if isinstance(right, Name) and (right.word or _name_tuple(right.text)):
                return replace(self, op="not in")
        return None

    def _negate(self) -> Expr | None:
        simple = self.simple_negation()
        if simple is not None or self.parens:
            return simple
        if self.op in ("<", ">", "<=", ">="):
            return replace(self, op=_FLIP[self.op])
        if self.op == "!=" and isinstance(self.right, Name) and self.right.text.isdigit():
            return replace(self, op="==")
        return None


@dataclass(frozen=True, kw_only=True)
class Not(Expr):
    """``not operand``."""

    operand: Expr = Name()

    def inner(self) -> str:
        return f"not {self.operand}"

    def _negate(self) -> Expr | None:
        if self.parens:
            return None
        if " " not in self.operand.render().replace(", ", ""):
            return self.operand
        return self.operand.bare() if self.operand.parens else None


@dataclass(frozen=True, kw_only=True)
class BoolOp(Expr):
    """``a and b and ...`` or ``a or b or ...``."""

    op: str = "and"
    items: tuple[Expr, ...] = ()

    def inner(self) -> str:
        return f" {self.op} ".join(str(item) for item in self.items)

    def flat(self) -> list[Expr]:
        """The operands as written: unparenthesized operands of the same operator are spliced in."""
        out: list[Expr] = []
        for item in self.items:
            if isinstance(item, BoolOp) and item.op == self.op and not item.parens:
                out += item.flat()
            else:
                out.append(item)
        return out

    def simple_negation(self) -> Expr | None:
        if not self.parens or self.op != "and":
            return None
        items = self.flat()
        if len(items) < 2:
            return None
        negated = [i.simple_negation() or (Not(operand=i) if i.simple_call else None) for i in items]
        if not all(n is not None for n in negated):
            return None
        return BoolOp(parens=True, op="or", items=tuple(n for n in negated if n is not None))


def _type_of_name(expr: Expr) -> bool:
    return isinstance(expr, Call) and expr.func == "type" and len(expr.args) == 1 and expr.args[0].isidentifier()


def _name_tuple(text: str) -> bool:
    return text.startswith("(") and text.endswith(")") and all(c.isalnum() or c in "_, " for c in text[1:-1])


def _or(items: Sequence[Expr], parens: bool) -> Expr:
    return items[0] if len(items) == 1 else BoolOp(parens=parens, op="or", items=tuple(items))


# ---- builders, one per op kind ------------------------------------------------------------------
def type_test(types: Sequence[str], x: str, float_integers: bool = True) -> Expr:
    """The test that ``x`` has one of the JSON ``types`` (integer: an int, or, with ``float_integers``, a
    float with no fraction)."""
    var = Name(text=x)
    kind = Call(func="type", args=(x,))
    classes = [_CLASSES[t] for t in types if t in _CLASSES]
    if "number" in types:
        classes += ["int", "float"]
    elif "integer" in types:
        classes.append("int")
    parts: list[Expr] = []
    if "null" in types:
        parts.append(Test(left=var, op="is", right=Name(text="None")))  # the cheapest test first
    if len(classes) == 1:
        parts.append(Test(left=kind, op="is", right=Name(text=classes[0])))
    elif classes:
        parts.append(Test(left=kind, op="in", right=Name(text=f"({', '.join(classes)})")))
    if "integer" in types and "number" not in types and float_integers:
        fraction = Call(func=f"{x}.is_integer")
        parts.append(
            BoolOp(parens=True, op="and", items=(Test(left=kind, op="is", right=Name(text="float")), fraction))
        )
    return _or(parts, True)


def kinds_test(kinds: Sequence[str], x: str) -> Expr:
    """The test that ``x`` is of one of the instance ``kinds`` (``number``: int or float)."""
    return type_test(list(kinds), x).bare()


def _is_str(x: str) -> Expr:
    return Test(left=Call(func="type", args=(x,)), op="is", right=Name(text="str"))


def enum_test(op: Any, x: str) -> Expr:
    """``enum``: membership in a tuple (JSON equality), or in a set of strings (and maybe null)."""
    var = Name(text=x)
    if op.general:
        return Call(func="_in", args=(x, op.general))
    null = Test(left=var, op="is", right=Name(text="None"))
    if op.strs:
        member = BoolOp(parens=True, op="and", items=(_is_str(x), Test(left=var, op="in", right=Name(text=op.strs))))
        return BoolOp(parens=True, op="or", items=(null, member)) if op.null else member
    return null


def const_value(op: Any) -> str:
    return str(op.name) if op.name else py_literal(op.value)


def const_test(op: Any, x: str) -> Expr:
    """``const``: identity (null, booleans), string equality, or JSON equality (``_eq``)."""
    value = const_value(op)
    if op.test == "is":
        return Test(left=Name(text=x), op="is", right=Name(text=value))
    if op.test == "str":
        return BoolOp(
            parens=True, op="and", items=(Test(left=Name(text=x), op="==", right=Name(text=value)), _is_str(x))
        )
    return Call(func="_eq", args=(x, value))


def body_test(body: Any, x: str) -> Expr:
    """A body of only ``type``/``enum``/``const`` checks as one test."""
    parts: list[Expr] = []
    if body.false:
        parts.append(Name(text="False"))
    if body.type:
        parts.append(type_test(body.type.types, x, body.type.float_integers))
    for op in body.first:
        if body.type and op.known == "string" and op.kind == "enum" and op.strs and not op.null:
            parts.append(Test(left=Name(text=x), op="in", right=Name(text=op.strs)))
        elif body.type and op.known == "string" and op.kind == "const" and op.test == "str":
            parts.append(Test(left=Name(text=x), op="==", right=Name(text=const_value(op))))
        else:
            parts.append(enum_test(op, x) if op.kind == "enum" else const_test(op, x))
    if not parts:
        return Name(text="True")
    return parts[0] if len(parts) == 1 else BoolOp(parens=True, op="and", items=tuple(parts))


def sub_test(sub: Any, x: str) -> Expr:
    """A child as a test: its body in line, or a call of its ``_v`` function."""
    return body_test(sub.body, x) if sub.body is not None else Call(func=f"_v{sub.n}", args=(x,))


def any_test(subs: Sequence[Any], x: str) -> Expr:
    """Any of the children passes (inline tests as written first)."""
    if len(subs) == 1:
        return sub_test(subs[0], x)
    return BoolOp(parens=True, op="or", items=tuple(sub_test(sub, x).disjunct() for sub in subs))


def known_test(op: Any, k: str) -> Expr:
    """``additionalProperties``: the property name ``k`` is a known one (``properties``, ``patternProperties``)."""
    parts: list[Expr] = []
    if op.known:
        parts.append(Test(left=Name(text=k), op="in", right=Name(text=op.known)))
    parts += [Call(func=f"{re}.search", args=(k,)) for re in op.patterns]
    return _or(parts, False)


FILTERS: dict[str, Callable[..., Any]] = {
    "type_test": type_test,
    "kinds_test": kinds_test,
    "enum_test": enum_test,
    "const_test": const_test,
    "const_value": const_value,
    "body_test": body_test,
    "sub_test": sub_test,
    "any_test": any_test,
    "known_test": known_test,
}
