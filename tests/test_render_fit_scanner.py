"""fit.top_level, the bracket and string scanner the line fitting shares: the regex-driven scan
equals the character-by-character definition on any text."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from generator.render.fit import top_level


def _by_char(text: str) -> Iterator[int]:
    depth = 0
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            if depth == 0:
                yield i
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            yield i
        i += 1


CODE = st.text(alphabet="\"'\\()[]{}ab ,|=", max_size=40) | st.text(max_size=30)


@given(CODE)
def test_top_level_is_the_per_character_scan(text: str) -> None:
    assert list(top_level(text)) == list(_by_char(text))


def test_top_level_examples() -> None:
    assert list(top_level('f(a, "b)") | c')) == [0, 1, 10, 11, 12, 13]
    assert list(top_level("'a\\'b' x")) == [6, 7]
    assert list(top_level("a\\b")) == [0, 1, 2]
