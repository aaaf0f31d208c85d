"""ECMA-262 regular expressions (as JSON Schema's ``pattern`` means them) translated for Python.

A pattern is parsed by the ECMA-262 grammar with the ``u`` flag (no Annex B leniency), so that
what ``new RegExp(p, "u")`` refuses is refused here too, and then written out in a spelling
whose meaning is the same in Python's ``re``:

* ``\\d``, ``\\w``, ``\\s`` and their negations are the fixed ECMA-262 sets (``re``'s are Unicode-aware),
  inside character classes too: a class is computed as a set of code point ranges and written
  out positively, so ``[^\\W_]`` becomes ``[0-9A-Za-z]``;
* ``.`` excludes the four line terminators (``\\n \\r \\u2028 \\u2029``), not only ``\\n``;
* ``$`` matches only at the very end (``re``'s also matches before a final newline);
* ``\\b`` and ``\\B`` use the ASCII word characters;
* ``\\cX``, ``\\u{...}``, surrogate pairs written as two ``\\u`` escapes, named groups and ``\\k<name>``
  are spelled the Python way; a back-reference to a group that has not matched matches empty;
* ``\\p{...}`` Unicode property escapes and variable-width look-behinds need the ``regex`` module.

:func:`translate` also warns of nested quantifiers, like ``(a+)+`` (catastrophic backtracking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["PatternError", "Translated", "check", "translate"]

_MAX = 0x10FFFF
_DIGIT = ((0x30, 0x39),)
_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_SPACE: tuple[tuple[int, int], ...] = ((0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A))
_SPACE += ((0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF))
_LINE_TERMINATORS = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
_SHORTHAND = {"d": _DIGIT, "w": _WORD, "s": _SPACE}
_CONTROL = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
_ESCAPED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x0b": "\\x0b", "\x0c": "\\x0c"}
_SYNTAX = set("^$\\.*+?()[]{}|/")
_SPECIAL = set("\\.^$*+?{}[]|()&~-\t\n\r\x0b\x0c")
_MAXREPEAT = 4294967295
_WORD_CLASS = "[0-9A-Z_a-z]"
_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?!{_WORD_CLASS})|(?<!{_WORD_CLASS})(?={_WORD_CLASS}))"
_NOT_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?={_WORD_CLASS})|(?<!{_WORD_CLASS})(?!{_WORD_CLASS}))"

Ranges = tuple[tuple[int, int], ...]


class PatternError(ValueError):
    """A pattern that is not a valid ECMA-262 regular expression (or that we cannot translate)."""


@dataclass(frozen=True)
class Translated:
    """A Python pattern, whether it needs the ``regex`` module, and warnings about the pattern."""

    source: str
    needs_regex: bool
    warnings: tuple[str, ...] = field(default=(), compare=False)


def translate(pattern: str) -> Translated:
    """Translate an ECMA-262 pattern (with the ``u`` flag) to Python ``re``/``regex`` syntax."""
    parser = _Parser(pattern)
    parts, _ = parser.disjunction()
    if parser.i < len(pattern):
        raise parser.error(f"unmatched {pattern[parser.i]!r}")
    parser.resolve_names()
    source = "".join(parser.finish(parts))
    needs_regex = parser.needs_regex or _needs_regex_for_lookbehind(source)
    check(source, needs_regex)
    return Translated(source, needs_regex, tuple(dict.fromkeys(parser.warnings)))


def _needs_regex_for_lookbehind(source: str) -> bool:
    """``re`` needs fixed-width look-behinds; ECMA-262 (and ``regex``) take any."""
    try:
        re.compile(source)
    except re.error as exc:
        return "look-behind" in str(exc)
    return False


def check(source: str, needs_regex: bool) -> None:
    """Compile the translated pattern once, so a bad one fails at generation time."""
    try:
        if needs_regex:
            import regex

            regex.compile(source)
        else:
            re.compile(source)
    except ImportError:
        raise PatternError(
            "this pattern needs ECMA-262 features (such as \\p{...}) that only the `regex` package offers;"
            " install schemagen[formats]"
        ) from None
    except Exception as exc:  # re.error, regex.error, OverflowError
        raise PatternError(f"invalid regular expression: {exc}") from None


# ---- output spelling ------------------------------------------------------------------------------


def _char(cp: int, specials: set[str] = _SPECIAL) -> str:
    """One code point as a literal in a Python pattern (inside or outside a class)."""
    ch = chr(cp)
    if ch in specials:
        return _ESCAPED.get(ch, "\\" + ch)
    if cp < 0x20 or cp == 0x7F:
        return f"\\x{cp:02x}"
    printable = cp < 0x80 or (ch.isprintable() and not 0xD800 <= cp <= 0xDFFF)
    return ch if printable else (f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")


def _union(*sets: Ranges) -> Ranges:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(r for s in sets for r in s):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    start = 0
    for lo, hi in _union(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= _MAX:
        out.append((start, _MAX))
    return tuple(out)


def _class(ranges: Ranges, properties: tuple[str, ...] = (), negated: bool = False) -> str:
    """A Python character class for a set of ranges (plus ``\\p`` escapes, kept as they are)."""
    ranges = _union(ranges)
    if not properties:
        if negated:
            ranges, negated = _complement(ranges), False
        if not ranges:
            return "(?!)"
        if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
            return _char(ranges[0][0])
        if len(_complement(ranges)) < len(ranges):  # the shorter spelling: [^0-9] rather than [\x00-/:-\U0010ffff]
            ranges, negated = _complement(ranges), True
    if not ranges and not properties:
        return "[\\x00-\\U0010ffff]" if negated else "(?!)"
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)
    return "[" + ("^" if negated else "") + body + "".join(properties) + "]"


# ---- the parser -----------------------------------------------------------------------------------


class _Parser:
    """ECMA-262 ``u``-mode pattern grammar, emitting Python pattern text as it goes."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.needs_regex = False
        self.warnings: list[str] = []
        self.groups = 0
        self.closed: set[int] = set()
        self.names: dict[str, int] = {}
        self.name_refs: list[tuple[str, int, frozenset[int]]] = []
        self.total_groups = _count_groups(pattern)

    def error(self, message: str) -> PatternError:
        return PatternError(f"invalid regular expression: {message} at offset {self.i}")

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def disjunction(self) -> tuple[list[str], bool]:
        """Alternatives; returns (output, whether it holds an unbounded quantifier)."""
        out, unbounded = self.alternative()
        while self.peek() == "|":
            self.i += 1
            more, more_unbounded = self.alternative()
            out += ["|", *more]
            unbounded = unbounded or more_unbounded
        return out, unbounded

    def alternative(self) -> tuple[list[str], bool]:
        out: list[str] = []
        unbounded = False
        while self.i < len(self.p) and self.peek() not in "|)":
            atom, quantifiable, inner_unbounded = self.term()
            quantifier = self.quantifier()
            if quantifier is not None:
                if not quantifiable:
                    raise self.error("nothing to repeat")
                text, outer_unbounded, max_count = quantifier
                if inner_unbounded and (outer_unbounded or max_count > 1):
                    self.warnings.append(
                        "nested quantifiers (like (a+)+) can take exponential time on some inputs"
                        " (catastrophic backtracking); rewrite the pattern without a quantified group"
                        " that itself holds an unbounded quantifier"
                    )
                atom = [*atom, text]
                unbounded = unbounded or inner_unbounded or outer_unbounded
            else:
                unbounded = unbounded or inner_unbounded
            out += atom
        return out, unbounded

    def quantifier(self) -> tuple[str, bool, int] | None:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            self.i += 1
            text, unbounded, top = ch, ch != "?", (1 if ch == "?" else _MAXREPEAT)
        elif ch == "{":
            m = re.compile(r"\{([0-9]+)(,([0-9]*))?\}").match(self.p, self.i)
            if m is None:
                raise self.error("incomplete quantifier (a lone '{' must be escaped)")
            low = int(m.group(1))
            high = None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1))
            if high is not None and high < low:
                raise self.error("numbers out of order in {} quantifier")
            if max(low, high or 0) >= _MAXREPEAT:
                raise self.error("repetition count too large")
            self.i = m.end()
            text = m.group(0)
            unbounded, top = high is None, (_MAXREPEAT if high is None else high)
        else:
            return None
        if self.peek() == "?":
            self.i += 1
            text += "?"
        return text, unbounded, top

    def term(self) -> tuple[list[str], bool, bool]:
        """One atom or assertion: (output, whether it may be quantified, whether it holds an unbounded quantifier)."""
        ch = self.peek()
        if ch == "^":
            self.i += 1
            return ["^"], False, False
        if ch == "$":
            self.i += 1
            return ["\\Z"], False, False
        if ch == ".":
            self.i += 1
            return [_class(_LINE_TERMINATORS, negated=True)], True, False
        if ch == "(":
            return self.group()
        if ch == "[":
            return [self.char_class()], True, False
        if ch == "\\":
            if self.peek(1) == "b":
                self.i += 2
                return [_BOUNDARY], False, False
            if self.peek(1) == "B":
                self.i += 2
                return [_NOT_BOUNDARY], False, False
            return [self.atom_escape()], True, False
        if ch in "*+?{}])" or ch == "":
            raise self.error(f"nothing to repeat or lone {ch!r}" if ch in "*+?{" else f"lone {ch!r}")
        cp = self.code_point()
        return [_char(cp)], True, False

    def code_point(self) -> int:
        self.i += 1
        return ord(self.p[self.i - 1])

    def group(self) -> tuple[list[str], bool, bool]:
        start = self.i
        self.i += 1
        lookaround = False
        head = "("
        number = 0
        if self.p.startswith("?", self.i):
            rest = self.p[self.i + 1 : self.i + 3]
            if rest.startswith(":"):
                head, self.i = "(?:", self.i + 2
            elif rest.startswith(("=", "!")):
                head, self.i, lookaround = "(?" + rest[0], self.i + 2, True
            elif rest in ("<=", "<!"):
                head, self.i, lookaround = "(?" + rest, self.i + 3, True
            elif rest.startswith("<"):
                self.i += 2
                name = self.group_name()
                if name in self.names:
                    raise self.error(f"duplicate group name {name!r}")
                self.groups += 1
                number = self.groups
                self.names[name] = number
                head = "("
            else:
                raise self.error("invalid group (ECMA-262 has no (?P, (?i, (?# or (?> groups)")
        else:
            self.groups += 1
            number = self.groups
        body, unbounded = self.disjunction()
        if self.peek() != ")":
            self.i = start
            raise self.error("unterminated group")
        self.i += 1
        if number:
            self.closed.add(number)
        # ECMA-262 (u mode) does not allow quantifying a look-around.
        return [head, *body, ")"], not lookaround, unbounded

    def group_name(self) -> str:
        end = self.p.find(">", self.i)
        if end < 0:
            raise self.error("unterminated group name")
        name = self.p[self.i : end]
        if not _valid_name(name):
            raise self.error(f"invalid group name {name!r}")
        self.i = end + 1
        return name

    def backreference(self, number: int) -> str:
        if number in self.closed:
            # ECMA-262: a group that did not participate matches empty; Python's \N would fail.
            return f"(?({number})\\{number})"
        return ""  # a reference to a group that is still open or comes later always matches empty

    def atom_escape(self) -> str:
        self.i += 1  # the backslash
        ch = self.peek()
        if ch == "":
            raise self.error("pattern ends with a lone backslash")
        if ch in "123456789":
            m = re.compile(r"[0-9]+").match(self.p, self.i)
            assert m is not None
            number = int(m.group(0))
            if number > self.total_groups:
                raise self.error(f"back-reference \\{number} to a group that does not exist")
            self.i = m.end()
            return self.backreference(number)
        if ch == "k":
            self.i += 1
            if self.peek() != "<":
                raise self.error("invalid named reference (\\k needs <name>)")
            self.i += 1
            name = self.group_name()
            marker = f"\0k{len(self.name_refs)}\0"
            self.name_refs.append((name, self.i, frozenset(self.closed)))
            return marker
        if ch.lower() in _SHORTHAND:
            self.i += 1
            return _class(_SHORTHAND[ch.lower()], negated=ch.isupper())
        if ch in "pP":
            return "[" + self.property_escape() + "]"
        return _char(self.character_escape(in_class=False))

    def property_escape(self) -> str:
        kind = self.p[self.i]
        m = re.compile(r"\{([A-Za-z_]+(?:=[A-Za-z0-9_]+)?)\}").match(self.p, self.i + 1)
        if m is None:
            raise self.error(f"invalid property escape \\{kind}")
        self.i = m.end()
        self.needs_regex = True
        return f"\\{kind}{{{m.group(1)}}}"

    def character_escape(self, *, in_class: bool) -> int:
        """The code point of a CharacterEscape; ``self.i`` is just after the backslash."""
        ch = self.peek()
        self.i += 1
        if ch in _CONTROL:
            return _CONTROL[ch]
        if ch == "c":
            letter = self.peek()
            if not (letter.isascii() and letter.isalpha()):
                raise self.error("invalid control escape \\c")
            self.i += 1
            return ord(letter) % 32
        if ch == "0" and not self.peek().isdigit():
            return 0
        if ch == "x":
            m = re.compile(r"[0-9A-Fa-f]{2}").match(self.p, self.i)
            if m is None:
                raise self.error("invalid escape \\x (two hex digits expected)")
            self.i = m.end()
            return int(m.group(0), 16)
        if ch == "u":
            return self.unicode_escape()
        if ch in _SYNTAX or (in_class and ch == "-"):
            return ord(ch)
        self.i -= 1
        raise self.error(f"invalid escape \\{ch}")

    def unicode_escape(self) -> int:
        if self.peek() == "{":
            m = re.compile(r"\{([0-9A-Fa-f]+)\}").match(self.p, self.i)
            if m is None or int(m.group(1), 16) > _MAX:
                raise self.error("invalid Unicode escape \\u{...}")
            self.i = m.end()
            return int(m.group(1), 16)
        m = re.compile(r"[0-9A-Fa-f]{4}").match(self.p, self.i)
        if m is None:
            raise self.error("invalid Unicode escape \\u (four hex digits expected)")
        self.i = m.end()
        cp = int(m.group(0), 16)
        if 0xD800 <= cp <= 0xDBFF:
            low = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE).match(self.p, self.i)
            if low is not None:
                self.i = low.end()
                return 0x10000 + ((cp - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
        return cp

    def char_class(self) -> str:
        start = self.i
        self.i += 1
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        ranges: list[Ranges] = []
        properties: list[str] = []
        while True:
            if self.i >= len(self.p):
                self.i = start
                raise self.error("unterminated character class")
            if self.peek() == "]":
                self.i += 1
                break
            low = self.class_atom(properties)
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                high = self.class_atom(properties)
                if not isinstance(low, int) or not isinstance(high, int):
                    raise self.error("a character class escape cannot bound a range")
                if high < low:
                    raise self.error("range out of order in character class")
                ranges.append(((low, high),))
            elif isinstance(low, int):
                ranges.append(((low, low),))
            else:
                ranges.append(low)
        return _class(_union(*ranges), tuple(properties), negated)

    def class_atom(self, properties: list[str]) -> int | Ranges:
        """One class atom: a code point, a set of ranges (a shorthand), or () after adding a ``\\p`` item."""
        if self.peek() != "\\":
            return self.code_point()
        self.i += 1
        ch = self.peek()
        if ch == "":
            raise self.error("pattern ends with a lone backslash")
        if ch == "b":
            self.i += 1
            return 0x08
        if ch.lower() in _SHORTHAND:
            self.i += 1
            base = _SHORTHAND[ch.lower()]
            return _complement(base) if ch.isupper() else base
        if ch in "pP":
            properties.append(self.property_escape())
            return ()
        return self.character_escape(in_class=True)

    def resolve_names(self) -> None:
        for name, at, _ in self.name_refs:
            if name not in self.names:
                self.i = at
                raise self.error(f"reference to a group name that does not exist: {name!r}")

    def finish(self, parts: list[str]) -> list[str]:
        """Replace the named-reference markers by numbered back-references (Python names are stricter)."""
        out: list[str] = []
        refs = iter(self.name_refs)
        for part in parts:
            if part.startswith("\0k"):
                name, _, closed = next(refs)
                number = self.names[name]
                out.append(f"(?({number})\\{number})" if number in closed else "")
            else:
                out.append(part)
        return out


def _valid_name(name: str) -> bool:
    if not name:
        return False
    first, rest = name[0], name[1:]
    return (first in "$_" or first.isidentifier()) and all(
        c in "$\u200c\u200d" or ("a" + c).isidentifier() for c in rest
    )


def _count_groups(pattern: str) -> int:
    """How many capturing groups a pattern has (back-references may point forward)."""
    count, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(" and not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!"), i):
            count += 1
        i += 1
    return count
