"""Translated patterns mean what ECMA-262 (``new RegExp(p, "u")``) means: a differential test against Node.js.

Every ``pattern`` and ``patternProperties`` key of the official test suite (all drafts), every string
the suite's ``format: regex`` tests call a regex or not, and patterns that hypothesis builds from
the constructs where Python's ``re`` and ECMA-262 differ are run, in one Node.js process per batch,
against the suite's strings and hypothesis-generated ones. Python must agree on validity (the
translation raises exactly when Node throws) and on every match.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validation.regex import PatternError, translate

SUITE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "json-schema-test-suite" / "tests"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node (Node.js) is not installed: no ECMA-262 oracle")

_NODE_SCRIPT = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.patterns.map((p) => {
  let re;
  try { re = new RegExp(p, "u"); } catch (e) { return null; }
  return input.strings.map((s) => re.test(s));
});
process.stdout.write(JSON.stringify(out));
"""

# Where the two engines differ: shorthand classes in classes, line terminators, word boundaries,
# $ before a final newline, Annex-B leniency that the u flag removes, Python-only syntax.
KNOWN = [
    r"^[\D]$",
    r"^[^\W_]+$",
    r"^[\S]+$",
    r"^[^\s]*$",
    r"^[\w-]+$",
    r"^[\d\D]$",
    r"^.$",
    r"^.*$",
    r"a$",
    r"\bfoo\b",
    r"\Bé",
    r"^\w+$",
    r"^\s$",
    r"[^]",
    r"^[]$",
    r"a{,5}",
    r"\a",
    r"(?i)a",
    r"a++",
    r"[\d-z]",
    r"\01",
    r"{",
    r"a{1",
    r"}",
    r"]",
    r"\-",
    r"[\-]",
    r"\uD83D\uDE00",
    r"^[\uD83D\uDE00]$",
    r"(?=a)*",
    r"(?P<n>a)",
    r"(?<n>a)\k<n>",
    r"\k<n>(?<n>a)",
    r"(a)|\1b",
    r"(\2)(a)",
    r"\2(a)",
    r"\cJ",
    r"\c",
    r"\x4",
    r"\u{1F600}",
    r"\u{110000}",
    r"(?<=a+)b",
    r"(?<!\d{2,})x",
    r"^\p{L}+$",
    r"^[\p{Lu}\d]+$",
    r"^\P{L}$",
    r"(?>a)",
    r"(?#x)",
    r"\Z",
    r"\A",
    r"[\b]",
    r"\0",
    r"[\0]",
    r"a{2,1}",
    r"x*?y",
    r"x???",
    r"^(?:a|b)*c$",
]

ALPHABET = "aAbz_09-.\n\r\t \u00a0\u2028\u2029\u1680\ufeff\u00e9\u212a\u017f😀\x00xyé$^\\"


def _walk(node: Any, key: str | None = None) -> Iterator[tuple[str, Any]]:
    stack = [(key, node)]
    while stack:
        k, value = stack.pop()
        yield k or "", value
        if isinstance(value, dict):
            stack.extend(value.items())
        elif isinstance(value, list):
            stack.extend((None, v) for v in value)


@cache
def suite() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(patterns, strings, format-regex candidates) from every draft of the official suite."""
    patterns: set[str] = set()
    strings: set[str] = set()
    candidates: set[str] = set()
    for path in sorted(SUITE.rglob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            for key, value in _walk(group["schema"]):
                if key == "pattern" and isinstance(value, str):
                    patterns.add(value)
                if key == "patternProperties" and isinstance(value, dict):
                    patterns.update(value)
            is_format_regex = isinstance(group["schema"], dict) and group["schema"].get("format") == "regex"
            for test in group["tests"]:
                for _, value in _walk(test["data"]):
                    if isinstance(value, str):
                        strings.add(value)
                        if is_format_regex:
                            candidates.add(value)
                    if isinstance(value, dict):
                        strings.update(value)
    return tuple(sorted(patterns)), tuple(sorted(strings)), tuple(sorted(candidates))


def node_results(patterns: list[str], strings: list[str]) -> list[list[bool] | None]:
    """For each pattern: None when Node refuses it, else whether it matches each string."""
    assert NODE is not None
    proc = subprocess.run(
        [NODE, "-e", _NODE_SCRIPT],
        input=json.dumps({"patterns": patterns, "strings": strings}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: list[list[bool] | None] = json.loads(proc.stdout)
    return result


def python_results(pattern: str, strings: list[str]) -> list[bool] | None:
    try:
        translated = translate(pattern)
    except PatternError:
        return None
    if translated.needs_regex:
        import regex

        compiled: Any = regex.compile(translated.source)
    else:
        compiled = re.compile(translated.source)
    return [compiled.search(s) is not None for s in strings]


def _v8_mid_pair(pattern: str, text: str) -> bool:
    """V8 tries an empty \\B match between the two halves of an astral character even with the u flag.

    ``/\\B/u.exec("_😀_").index`` is 2, the middle of the surrogate pair; ECMA-262 matches on code
    points there, and Python has no such position. Those verdicts are V8's, not ECMA-262's.
    """
    return ("\\B" in pattern or "\\b" in pattern) and any(ord(c) > 0xFFFF for c in text)


def compare(patterns: list[str], strings: list[str]) -> list[str]:
    disagreements = []
    for pattern, expected in zip(patterns, node_results(patterns, strings), strict=True):
        got = python_results(pattern, strings)
        if expected is None or got is None:
            if (expected is None) != (got is None):
                verdict = "refuses" if got is None else "accepts"
                disagreements.append(f"{pattern!r}: Python {verdict}, Node does the opposite")
            continue
        for s, e, g in zip(strings, expected, got, strict=True):
            if e != g and not _v8_mid_pair(pattern, s):
                disagreements.append(f"{pattern!r} on {s!r}: Node {e}, Python {g}")
                break
    return disagreements


@needs_node
def test_suite_patterns_match_like_node() -> None:
    patterns, strings, _ = suite()
    assert len(patterns) > 30
    extra = ["", "\n", "a\n", "\r", "\u2028", "\u00a0", "é", "K", "_", "abc", "[]", "a_b", "1", "😀", "\ud83d"]
    assert compare([*patterns, *KNOWN], [*strings, *extra]) == []


@needs_node
def test_format_regex_candidates_are_refused_like_node() -> None:
    """The suite's ``format: regex`` strings: translate() refuses exactly what ``new RegExp(s, "u")`` refuses."""
    _, _, candidates = suite()
    assert candidates
    assert compare(list(candidates), ["", "a"]) == []


@needs_node
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=150, max_size=150))
def test_suite_patterns_on_generated_strings(strings: list[str]) -> None:
    patterns, _, _ = suite()
    assert compare([*patterns, *KNOWN], strings) == []


_ATOMS = [
    "a", "b", "_", "é", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\n", "\\u2028", "\\x41",
    "[\\D]", "[^\\W_]", "[\\s\\d]", "[^\\S\\n]", "[a-c\\W]", "[^.]", "[\\w-]", "[-a]", "\\b", "\\B",
    "^", "$", "\\.", "\\/", "[\\b]", "[^]", "[]", "(?:a|)", "\\u{1F600}",
]  # fmt: skip
_QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,}", "{0,2}", "*?", "+?"]


@st.composite
def ecma_patterns(draw: st.DrawFn, depth: int = 0) -> str:
    terms = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.integers(0, 4)) == 0:
            inner = draw(ecma_patterns(depth + 1))
            atom = draw(st.sampled_from(["(", "(?:", "(?=", "(?!", "(?<="])) + inner + ")"
        else:
            atom = draw(st.sampled_from(_ATOMS))
        terms.append(atom + draw(st.sampled_from(_QUANTIFIERS)))
    alternatives = "".join(terms)
    if draw(st.booleans()):
        alternatives += "|" + draw(st.sampled_from(_ATOMS))
    return alternatives


@needs_node
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(ecma_patterns(), min_size=120, max_size=120),
    st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=60, max_size=60),
)
def test_generated_patterns_match_like_node(patterns: list[str], strings: list[str]) -> None:
    assert compare(patterns, strings) == []


# ---- without Node: the cases of issue 12, pinned ----------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[\D]$", "a", True),
        (r"^[\D]$", "abc", False),
        (r"^[\D]$", "1", False),
        (r"^[\D]$", "[]", False),
        (r"^[^\W_]+$", "abc", True),
        (r"^[^\W_]+$", "a_b", False),
        (r"^[^\W_]+$", "é", False),
        (r"^[\S]+$", "a\u00a0", False),
        (r"^.$", "\r", False),
        (r"^.$", "\u2028", False),
        (r"^.$", "\u2029", False),
        (r"^.$", "\n", False),
        (r"^.$", "é", True),
        (r"a$", "a\n", False),
        (r"\bé", "é", False),
        (r"^\uD83D\uDE00$", "😀", True),
        (r"(a)|\1b", "b", True),
    ],
)
def test_ecma_semantics(pattern: str, text: str, matches: bool) -> None:
    assert python_results(pattern, [text]) == [matches]


@pytest.mark.parametrize(
    "pattern", [r"a{,5}", r"\a", r"(?i)a", r"a++", r"[\d-z]", r"\01", r"{", r"]", r"(?P<n>a)", r"(?=a)*", r"\k<x>"]
)
def test_refused_like_the_u_flag(pattern: str) -> None:
    with pytest.raises(PatternError):
        translate(pattern)


def test_nested_quantifiers_warn() -> None:
    assert translate("^(a+)+$").warnings
    assert translate("(?:\\d*)*").warnings
    assert translate("(x|y+){2,}").warnings
    assert not translate("^(ab)+$").warnings
    assert not translate("(a+)?").warnings
    assert not translate("[a-z]+@[a-z]+").warnings
