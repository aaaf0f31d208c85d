"""The witness search's regex example generator, on the patterns of real schemas nobody here wrote."""

from __future__ import annotations

import json
import re

import pytest

from generator.diff.regex_sample import examples
from tests.conftest import REFERENCE


def _patterns() -> list[str]:
    found: set[str] = set()
    for path in sorted((REFERENCE / "schemastore-sample" / "schemas").glob("*.json")):
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("pattern"), str):
                    found.add(node["pattern"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return sorted(found)


PATTERNS = _patterns()


@pytest.mark.skipif(not PATTERNS, reason="schemastore-sample not available")
def test_every_example_matches_and_most_patterns_get_one() -> None:
    produced = 0
    for pattern in PATTERNS:
        try:
            compiled = re.compile(pattern)
        except re.error:
            continue
        found = examples(pattern)
        produced += bool(found)
        for text in found:
            assert compiled.search(text), (pattern, text)
    assert len(PATTERNS) > 50
    assert produced / len(PATTERNS) > 0.8


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [("^[a-z]{3}$", "aaa"), (r"^\d{4}-\d{2}$", "0000-00"), ("^(foo|bar)-[A-Z_]+$", "foo-A"), ("[^a-z0-9]", "A")],
)
def test_examples(pattern: str, expected: str) -> None:
    assert examples(pattern)[0] == expected


def test_unsupported_constructs_give_nothing() -> None:
    assert examples("(?=x)a") == []
    assert examples(r"(a)\1") == []
