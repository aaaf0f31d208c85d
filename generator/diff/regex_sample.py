"""Strings that match a ``pattern``, for witness candidates: a small generator for the common regex subset.

Literals, escapes (``\\d \\w \\s`` and their negations), ``.``, character classes with ranges and
negation, groups with alternation, and the quantifiers ``? * + {n} {n,} {n,m}``. Anything else
(look-arounds, back-references) gives up: the result is only a candidate, checked later.
"""

from __future__ import annotations

_CLASS = {"d": "0", "w": "a", "s": " ", "D": "a", "W": "-", "S": "a"}
_PICK = "aA0_- x.b1Z"


class _GiveUp(Exception):
    pass


def examples(pattern: str) -> list[str]:
    """Up to two strings matching ``pattern`` (the shortest, and one with every repetition at least once)."""
    out: list[str] = []
    for wide in (False, True):
        try:
            text, end = _alternation(pattern, 0, wide)
        except (_GiveUp, IndexError, ValueError):
            continue
        if end == len(pattern) and text not in out:
            out.append(text)
    return out


def _alternation(p: str, i: int, wide: bool) -> tuple[str, int]:
    first, i = _sequence(p, i, wide)
    while i < len(p) and p[i] == "|":
        _, i = _sequence(p, i + 1, wide)
    return first, i


def _sequence(p: str, i: int, wide: bool) -> tuple[str, int]:
    out = ""
    while i < len(p) and p[i] not in "|)":
        atom, i = _atom(p, i, wide)
        low, high, i = _quantifier(p, i)
        count = low if not wide else max(low, min(1, high if high is not None else 1))
        out += atom * count
    return out, i


def _atom(p: str, i: int, wide: bool) -> tuple[str, int]:
    c = p[i]
    if c in "^$":
        return "", i + 1
    if c == ".":
        return "a", i + 1
    if c == "\\":
        e = p[i + 1]
        if e.isdigit() or e in "bBkpP":
            raise _GiveUp
        return _CLASS.get(e, {"n": "\n", "t": "\t", "r": "\r"}.get(e, e)), i + 2
    if c == "[":
        return _class(p, i + 1)
    if c == "(":
        i += 1
        if p.startswith("?:", i):
            i += 2
        elif p.startswith("?<", i) and not p.startswith(("?<=", "?<!"), i):
            i = p.index(">", i) + 1
        elif p.startswith("?", i):
            raise _GiveUp
        text, i = _alternation(p, i, wide)
        if p[i] != ")":
            raise _GiveUp
        return text, i + 1
    if c in "*+?{":
        raise _GiveUp
    return c, i + 1


def _class(p: str, i: int) -> tuple[str, int]:
    negated = p[i] == "^"
    if negated:
        i += 1
    members: list[tuple[str, str]] = []
    first = True
    while p[i] != "]" or first:
        first = False
        c = p[i]
        if c == "\\":
            e = p[i + 1]
            i += 2
            if e in _CLASS:
                members.append((_CLASS[e], _CLASS[e]))
                continue
            c = {"n": "\n", "t": "\t"}.get(e, e)
        else:
            i += 1
        if p[i] == "-" and p[i + 1] != "]":
            end = p[i + 1]
            if end == "\\":
                end = p[i + 2]
                i += 1
            members.append((c, end))
            i += 2
        else:
            members.append((c, c))
    if not negated:
        return members[0][0], i + 1
    for ch in _PICK:
        if not any(lo <= ch <= hi for lo, hi in members):
            return ch, i + 1
    raise _GiveUp


def _quantifier(p: str, i: int) -> tuple[int, int | None, int]:
    if i >= len(p):
        return 1, 1, i
    c = p[i]
    low: int
    high: int | None
    if c == "*":
        low, high, i = 0, None, i + 1
    elif c == "+":
        low, high, i = 1, None, i + 1
    elif c == "?":
        low, high, i = 0, 1, i + 1
    elif c == "{" and "}" in p[i:]:
        end = p.index("}", i)
        body = p[i + 1 : end]
        parts = body.split(",")
        if not parts[0].isdigit():
            return 1, 1, i
        low = int(parts[0])
        high = low if len(parts) == 1 else (int(parts[1]) if parts[1].strip() else None)
        i = end + 1
    else:
        return 1, 1, i
    if i < len(p) and p[i] in "?+":
        i += 1
    return low, high, i
