"""Layout filters for the validator templates: block nesting, statement layout and instance paths.

Expressions are nodes (:mod:`generator.render.expr`); the statement-level rewriters here
(``guarded``, ``finish``, ``wrap_long``) still work on the rendered lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.render import LINE_WIDTH
from generator.render import expr as _expr
from generator.render.escape import py_str, str_body
from generator.render.fit import top_level
from generator.schema import pointer


def nest(text: str, width: int = 4) -> str:
    """Indent a rendered block one level; an empty block becomes ``pass``."""
    lines = [line for line in str(text).split("\n") if line.strip()]
    if not lines:
        return " " * width + "pass\n"
    return "".join(" " * width + line + "\n" for line in lines)


@dataclass(frozen=True)
class Key:
    """A property name in an instance path (escaped when the path is spelled)."""

    name: str


def pexpr(parts: Sequence[str | Key]) -> str:
    """The instance-pointer expression for a child: ``p``, ``p + "/key"`` or ``f"{p}/data/{i2}"``.

    A part is a :class:`Key` (a property name), digits (an index), ``iN`` (an index variable) or
    ``kN`` (a key variable, escaped at run time by ``_tok``).
    """
    if not parts:
        return "p"
    static = True
    pieces: list[tuple[str, bool]] = []
    for part in parts:
        if isinstance(part, Key):
            pieces.append(("/" + pointer.escape(part.name), False))
        elif part.isdigit():
            pieces.append(("/" + part, False))
        else:
            static = False
            pieces.append(("/", False))
            pieces.append(("{" + part + "}" if part.startswith("i") else "{_tok(" + part + ")}", True))
    if static:
        return "p + " + py_str("".join(text for text, _ in pieces))
    texts = "".join(text for text, dynamic in pieces if not dynamic)
    quote = "'" if '"' in texts and "'" not in texts else '"'
    body = "".join(text if dynamic else _body(text, quote) for text, dynamic in pieces)
    return f"f{quote}{{p}}{body}{quote}"


def _body(text: str, quote: str) -> str:
    """``text`` escaped for the literal part of an f-string quoted with ``quote``."""
    return str_body(text, quote).replace("{", "{{").replace("}", "}}")


def plus(parts: Sequence[str | Key], part: str | Key) -> list[str | Key]:
    """``parts`` with one more path element (templates cannot append in place)."""
    return [*parts, part]


def plus_key(parts: Sequence[str | Key], name: str) -> list[str | Key]:
    """``parts`` with one more property name."""
    return [*parts, Key(name)]


_IS = re.compile(r"^([\w.]+\([^()]*\)|\w+) is (\w+)$")
_IN = re.compile(r"^(type\(\w+\)|\w+) in (\w+|\([\w, ]+\))$")
_NE = re.compile(r"^([^()]*|.*\)) != (\d+)$")


def bare(expr: str) -> str:
    """An expression without redundant outer parentheses (for ``if`` conditions)."""
    expr = str(expr)
    while expr.startswith("(") and _closes_at_end(expr):
        expr = expr[1:-1]
    return expr


def _split_top(expr: str, op: str) -> list[str]:
    """``expr`` split at ``op`` (`` or ``/`` and ``) outside parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(expr):
        ch = expr[i]
        if ch in "\"'":  # skip a string literal
            end = i + 1
            while end < len(expr) and expr[end] != ch:
                end += 2 if expr[end] == "\\" else 1
            i = end + 1
            continue
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0 and expr.startswith(op, i):
            parts.append(expr[start:i])
            i += len(op)
            start = i
            continue
        i += 1
    parts.append(expr[start:])
    return parts


def _simple_negation(expr: str) -> str | None:
    """The negation of an identity/membership test, or of a conjunction of them; None otherwise."""
    match = _IS.match(expr)
    if match:
        return f"{match[1]} is not {match[2]}"
    match = _IN.match(expr)
    if match:
        return f"{match[1]} not in {match[2]}"
    if expr.startswith("(") and _closes_at_end(expr):
        inner = _split_top(expr[1:-1], " and ")
        if len(inner) > 1:
            negated = [
                _simple_negation(p) or (f"not {p}" if re.fullmatch(r"[\w.]+\([^()]*\)", p) else None) for p in inner
            ]
            if all(negated):
                return "(" + " or ".join(str(n) for n in negated) + ")"
    return None


def negate(expr: str) -> str:
    """The negation of a boolean expression, spelled as ruff wants (``is not``, ``not in``).

    A disjunction of simple tests becomes a conjunction of their negations (De Morgan), which
    short-circuits on the first failing test: ``v is not None and type(v) is not int``.
    """
    expr = str(expr)
    core = bare(expr)
    disjuncts = _split_top(core, " or ")
    if len(disjuncts) > 1 and " and " not in _top_level(core):
        negated = [
            _simple_negation(p) or (f"not {p}" if re.fullmatch(r"[\w.]+\([^()]*\)", p) else None) for p in disjuncts
        ]
        if all(negated):
            return " and ".join(str(n) for n in negated)
    if expr == "True":
        return "False"
    if expr == "False":
        return "True"
    match = _IS.match(expr)
    if match:
        return f"{match[1]} is not {match[2]}"
    match = _IN.match(expr)
    if match:
        return f"{match[1]} not in {match[2]}"
    top = _top_level(expr)
    if " and " not in top and " or " not in top and " not " not in f" {top}" and " if " not in top:
        for op, flipped in ((" <= ", " > "), (" >= ", " < "), (" < ", " >= "), (" > ", " <= ")):
            if top.count(op) == 1 and all(top.count(o) == 0 for o in (" <= ", " >= ", " < ", " > ") if o != op):
                i = top.index(op)
                return expr[:i] + flipped + expr[i + len(op) :]
    match = _NE.match(expr)
    if match and " and " not in top and " or " not in top:
        return f"{match[1]} == {match[2]}"
    if expr.startswith("not ") and (
        " " not in expr[4:].replace(", ", "") or (expr[4] == "(" and _closes_at_end(expr[4:]))
    ):
        return expr[4:].removeprefix("(").removesuffix(")") if expr[4] == "(" else expr[4:]
    if re.fullmatch(r"[\w.]+\([^()]*\)|\([^()]*\)", expr) and not _has_top_level_op(expr):
        return "not " + expr
    return f"not ({expr})" if not (expr.startswith("(") and _closes_at_end(expr)) else "not " + expr


def _top_level(expr: str) -> str:
    """``expr`` with every bracketed part and string literal blanked out (one scanner: fit.top_level)."""
    keep = {i for i in top_level(expr) if expr[i] not in "([{"}
    return "".join(ch if i in keep else "_" for i, ch in enumerate(expr))


def _closes_at_end(expr: str) -> bool:
    depth = 0
    for i, ch in enumerate(expr):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(expr) - 1:
            return False
    return True


def _has_top_level_op(expr: str) -> bool:
    depth = 0
    for i, ch in enumerate(expr):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch == " " and i < len(expr) - 1:
            return True
    return False


def _wrap(cond: str) -> str:
    top = _top_level(cond)
    return f"({cond})" if " or " in top or " if " in top else cond


def guarded(inner: str, cond: str, width: int = 4) -> str:
    """``if cond:`` over a block; a block that is one lone ``if`` merges into it (ruff SIM102)."""
    cond = str(cond)
    lines = [line for line in str(inner).split("\n") if line.strip()]
    if (
        lines
        and lines[0].startswith("if ")
        and lines[0].endswith(":")
        and len(lines) > 1
        and all(line.startswith(" ") for line in lines[1:])
    ):
        merged = f"if {_wrap(cond)} and {_wrap(lines[0][3:-1])}:"  # wrap_long lays out long lines
        return "".join(line + "\n" for line in [merged, *lines[1:]])
    return f"if {bare(cond)}:\n" + nest(inner, width)


def finish(body: str) -> str:
    """The end of an is-valid function: a final ``if c: return False`` becomes ``return not c`` (ruff SIM103)."""
    lines = [line for line in str(body).split("\n") if line.strip()]
    if lines and lines[-1] == "return False":
        return "".join(line + "\n" for line in lines)
    if len(lines) >= 2 and lines[-1] == "    return False" and lines[-2].startswith("if ") and lines[-2].endswith(":"):
        cond = lines[-2][3:-1]
        result = negate(cond)
        top = f" {_top_level(result)} "
        if any(op in top for op in (" < ", " > ", " <= ", " >= ")) and not result.startswith("len("):
            result = f"not ({bare(cond)})"  # `not` makes a bool of a comparison on Any (mypy --strict)
        # (wrap_long lays the line out when it is too long)
        return "".join(line + "\n" for line in lines[:-2]) + f"return {result}\n"
    if (
        len(lines) >= 3
        and lines[-1] == "        return False"
        and lines[-2].startswith("    if ")
        and lines[-2].endswith(":")
        and lines[-3].startswith("for ")
        and lines[-3].endswith(":")
    ):
        # ruff SIM110: a final loop of one check reads as all(...)
        loop = lines[-3][4:-1]
        cond = negate(lines[-2][7:-1])
        return "".join(line + "\n" for line in lines[:-3]) + f"return all({cond} for {loop})\n"
    return "".join(line + "\n" for line in lines) + "return True\n"


_LONG = re.compile(r"^( *)(if|elif|while|return) (.*?)(:?)$")
_CALL = re.compile(r"^( *)((?:yield from |yield |return |raise )?[\w.]+)\((.*)\)$")
_CONCAT_ARG = re.compile(r"^( *)(\w+) \+ ((?:f?\"|f?').*),$")
_DEF = re.compile(r"^def (\w+)\((.*)\) -> (.*):$")


def wrap_long(text: str, width: int = LINE_WIDTH) -> str:
    """Lay out ``if``/``return`` lines longer than ``width`` the way ruff format does.

    The condition goes inside parentheses on lines of its own; when it still does not fit, it
    is split at its top-level ``or`` (else ``and``), one operand a line, operator first.
    """
    out: list[str] = []
    pending = str(text).split("\n")[::-1]
    while pending:
        line = pending.pop()
        if len(line) > width:
            wrapped = _wrap_call(line, width) or _wrap_def(line) or _wrap_concat(line)
            if wrapped is not None:
                if len(wrapped) > 1:
                    pending += wrapped[::-1]  # the pieces may need wrapping in turn
                else:
                    out += wrapped
                continue
        match = _LONG.match(line) if len(line) > width else None
        if match is None or (match[2] != "return" and match[4] != ":"):
            out.append(line)
            continue
        indent, keyword, expr, colon = match[1], match[2], match[3], match[4]
        opener, inner = "(", expr
        if expr.startswith("not (") and _closes_at_end(expr[4:]):
            opener, inner = "not (", expr[5:-1]
        elif expr.startswith("(") and _closes_at_end(expr):
            inner = expr[1:-1]
        pad = indent + "    "
        body = [pad + inner]
        if len(body[0]) > width:
            top = _top_level(inner)
            op = " or " if " or " in top else " and "
            operands = _split_top(inner, op)
            body = [pad + operands[0]] + [pad + op.strip() + " " + operand for operand in operands[1:]]
            if len(operands) == 1 or any(len(b) > width for b in body):
                out.append(line)
                continue
        out += [f"{indent}{keyword} {opener}", *body, f"{indent}){colon}"]
    return "\n".join(out)


def _wrap_call(line: str, width: int) -> list[str] | None:
    """``f(a, b)`` too long: ``f(`` / ``a, b`` / ``)``, or one argument a line with a trailing comma."""
    match = _CALL.match(line)
    if match is None or not _closes_at_end("(" + match[3] + ")"):
        return None
    indent, head, args = match[1], match[2], match[3]
    if len(indent) + 4 + len(args) <= width:
        return [f"{indent}{head}(", f"{indent}    {args}", f"{indent})"]
    parts = _split_top(args, ", ")
    return [f"{indent}{head}(", *(f"{indent}    {p}," for p in parts), f"{indent})"]


def _wrap_def(line: str) -> list[str] | None:
    """A too-long ``def f(x: T) -> R:`` as ruff writes it: parameters on their own lines."""
    match = _DEF.match(line)
    if match is None:
        return None
    return [f"def {match[1]}(", *(f"    {p}," for p in _split_top(match[2], ", ")), f") -> {match[3]}:"]


def _wrap_concat(line: str) -> list[str] | None:
    """An exploded call argument ``p + "..."`` too long: split before the ``+``."""
    match = _CONCAT_ARG.match(line)
    if match is None:
        return None
    return [f"{match[1]}{match[2]}", f"{match[1]}+ {match[3]},"]


def export_order(names: Sequence[str]) -> list[str]:
    """``__all__`` in isort order (constants, classes, functions), as ruff RUF022 wants."""

    def key(name: str) -> tuple[int, str]:
        kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
        return (kind, name)

    return sorted(names, key=key)


FILTERS: dict[str, Callable[..., Any]] = {
    "nest": nest,
    "pexpr": pexpr,
    "plus": plus,
    "guarded": guarded,
    "finish": finish,
    "export_order": export_order,
    "wrap_long": wrap_long,
    "plus_key": plus_key,
    **_expr.FILTERS,
}
