"""The whole OpenAI document against Speakeasy's TypeScript SDK docs (issue 17).

Reference: ``argotdev/speakeasy-sdk``, ``docs/models/components/``. ``names.txt`` holds the 585 doc names
of commit 4b83216 (its ``.speakeasy/gen.lock``). ``docs/`` holds all 584 docs of that folder that the code
index stores (581 read at b78c498; ``createrunrequest``, ``runobject`` and ``createthreadandrunrequest`` at
4b83216; see ``fixtures/speakeasy-openai/NOTICE``), normalized: the code
inside Example Usage and union-member snippets removed (Speakeasy draws those values at random) and table
padding collapsed. Padding is no loss: :func:`test_tables_follow_the_width_rule` checks that every table we
write is padded by Speakeasy's §5.3 rule, so a doc equal here is byte-identical outside Example Usage
unless a cell is wider than ``PAD_LIMIT`` (counted in :data:`PADDED_OVER_LIMIT`).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest

from generator.render.docs import PAD_LIMIT
from generator.render.environment import environment
from generator.schema.loader import load
from generator.settings import Settings
from generator.targets import Job, renderer
from generator.types.build import build_module

REPO = Path(__file__).resolve().parents[1]
OPENAI = REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "speakeasy-openai"
SPEAKEASY_NAMES = (FIXTURES / "names.txt").read_text(encoding="utf-8").split()
PREFIX = "docs/models/components/"

MISSING: dict[str, str] = {
    "security": "comes from components.securitySchemes, not from a schema; we document schemas only",
}
"""Speakeasy docs with no doc of that name here, and why."""

NOT_STORED: dict[str, str] = {
    "stop": "in 4b83216's gen.lock, but the code index holds no docs/models/components/stop.md (b78c498's"
    " createchatcompletionrequest.md links it); we produce it, unchecked",
}
"""Names of ``names.txt`` with no stored Speakeasy doc to compare with, and why."""

_SWAPPED = (
    "CreateAssistantRequest.tool_resources.file_search: Speakeasy gives FileSearch2's copy of the chunking_strategy"
    " union and of its static member the shorter names (FileSearchChunkingStrategy,"
    " ChunkingStrategyStaticChunkingStrategy) although FileSearch1's copy comes first everywhere else"
    " (VectorStores, FileSearchMetadata, AutoChunkingStrategy, Static, ChunkingStrategyType) and in"
    " CreateThreadRequest's identical tree: the copies come from one source node and tie on every ordering key;"
    " no rule found that breaks the tie as Speakeasy does in both trees"
)
_PARALLEL = (
    "the stored doc (b78c498, the only version the index holds) lists parallelToolCalls, from a later spec: our"
    " reference spec, like the SDK's own openai-openapi.yaml (4132d15), defines ParallelToolCalls but no property"
    " refers to it, and the SDK's createrunrequest.md and runobject.md at 4b83216 lack it (stored, identical to ours)"
)
DIFFERS: dict[str, str] = {
    "vectorstores": _SWAPPED,
    "filesearchvectorstores": _SWAPPED,
    "filesearchchunkingstrategy": _SWAPPED,
    "createassistantrequestfilesearchchunkingstrategy": _SWAPPED,
    "chunkingstrategystaticchunkingstrategy": _SWAPPED,
    "createassistantrequestchunkingstrategystaticchunkingstrategy": _SWAPPED,
    "createchatcompletionrequest": _PARALLEL,
    "createimageeditrequest": "Speakeasy lists responseFormat before size; the spec (ours and the SDK's own, 4132d15)"
    " lists size first, and every other object keeps the spec's order; no rule found",
}
"""Stored Speakeasy docs that we produce under the same name with other content, and why."""

PRODUCED = 584
"""Of Speakeasy's 585 doc names, how many we produce (the rest are :data:`MISSING`). Was 544 before issue 17."""
STORED = 584
"""Speakeasy docs stored in ``fixtures/speakeasy-openai/docs``: every file of the index's ``docs/models/components``."""
IDENTICAL = 575
"""Of the 584 stored docs, how many are identical outside Example Usage (was 29 of 31 stored before): the rest are
:data:`MISSING` (1) and :data:`DIFFERS` (8)."""
PADDED_OVER_LIMIT = 0
"""Of the 584, docs with a table cell over ``PAD_LIMIT`` characters, padded less than Speakeasy pads (it was 22
with a limit of 300; Speakeasy's widest OpenAI table is 1110)."""

_CELL = re.compile(r"(?<!\\)\|")


def cells(line: str) -> list[str]:
    return _CELL.split(line)[1:-1]


def normalize(text: str) -> str:
    """Empty the Example Usage and union-member code blocks; collapse table padding."""
    out: list[str] = []
    heading = ""
    fence = skip = False
    for line in text.split("\n"):
        if line.startswith("```"):
            fence = not fence
            skip = fence and (heading == "## Example Usage" or heading.startswith("### "))
            out.append(line)
            continue
        if fence and skip:
            continue
        if not fence and line.startswith("#"):
            heading = line
        if not fence and line.startswith("| ") and line.endswith("|"):
            parts = [c.strip() for c in cells(line)]
            if all(set(c) == {"-"} for c in parts):
                parts = ["-"] * len(parts)
            out.append("| " + " | ".join(parts) + " |")
            continue
        out.append(line)
    return "\n".join(out).rstrip("\n")


def raw_width(text: str) -> int:
    """The longest RAW cell (§5.3: before ``|`` and newlines were escaped) of the table ending ``text``."""
    table = [line for line in text.split("\n") if line.startswith("| ")]
    return max(len(c.strip().replace("\\|", "|").replace("<br/>", "\n")) for line in table for c in cells(line))


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    if not OPENAI.is_file():
        pytest.skip(f"shared reference not found: {OPENAI}")
    workspace = load([OPENAI], base=OPENAI.parent)
    document = workspace.roots[0]
    module = build_module(workspace, document)
    files = renderer("docs")(Job(workspace, document, module, environment(), Settings(docs_flavor="typescript")))
    return {path[len(PREFIX) : -3]: text for path, text in files.items() if path.startswith(PREFIX)}


def test_speakeasy_names_we_produce(docs: dict[str, str]) -> None:
    assert len(SPEAKEASY_NAMES) == len(set(SPEAKEASY_NAMES)) == 585
    missing = {name for name in SPEAKEASY_NAMES if name not in docs}
    assert sorted(missing) == sorted(MISSING), "update MISSING (with a reason) or fix the names"
    assert len(SPEAKEASY_NAMES) - len(missing) == PRODUCED


def test_stored_docs_are_the_names_less_not_stored() -> None:
    """The index's doc folder (584 files) is 4b83216's 585 names less :data:`NOT_STORED`."""
    stored = {path.stem for path in FIXTURES.glob("docs/*.md")}
    assert len(stored) == STORED
    assert sorted(set(SPEAKEASY_NAMES) - stored) == sorted(NOT_STORED)
    assert stored <= set(SPEAKEASY_NAMES)


def test_stored_docs_identical_outside_example_usage(docs: dict[str, str]) -> None:
    stored = sorted(FIXTURES.glob("docs/*.md"))
    identical = []
    problems = []
    for path in stored:
        name = path.stem
        expected = path.read_text(encoding="utf-8").rstrip("\n")
        if name in MISSING:
            assert name not in docs, f"{name} is produced now: compare it and drop it from MISSING"
            continue
        actual = normalize(docs[name])
        if name in DIFFERS:
            assert actual != expected, f"{name} matches Speakeasy now: drop it from DIFFERS"
        elif actual == expected:
            identical.append(name)
        else:
            diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "speakeasy", "ours")
            problems.append(f"{name}:\n{''.join(diff)}")
    assert not problems, "\n".join(problems)
    assert len(identical) == IDENTICAL == STORED - len(MISSING) - len(DIFFERS)


_SWAPPED_NAMES = {
    "FileSearchChunkingStrategy": "CreateAssistantRequestFileSearchChunkingStrategy",
    "ChunkingStrategyStaticChunkingStrategy": "CreateAssistantRequestChunkingStrategyStaticChunkingStrategy",
}
"""The two type names of :data:`_SWAPPED` that Speakeasy gives the other copy (and their doc files)."""


def _swap(text: str) -> str:
    pairs = {**_SWAPPED_NAMES, **{b: a for a, b in _SWAPPED_NAMES.items()}}
    pairs |= {a.lower(): b.lower() for a, b in pairs.items()}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, pairs), key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: pairs[m.group(1)], text)


def test_each_difference_is_the_listed_one(docs: dict[str, str]) -> None:
    """The :data:`DIFFERS` docs differ from ours exactly as their reasons say, and in nothing else."""

    def theirs(name: str) -> str:
        return (FIXTURES / "docs" / f"{name}.md").read_text(encoding="utf-8").rstrip("\n")

    for name, reason in DIFFERS.items():
        expected = theirs(name)
        if reason is _SWAPPED:  # our doc of the other copy, with the two names swapped, is theirs
            partner = _swap(name.lower())
            assert _swap(normalize(docs[partner])) == expected, name
        elif reason is _PARALLEL:
            rows = [line for line in expected.split("\n") if not line.startswith("| `parallelToolCalls` |")]
            assert len(rows) == len(expected.split("\n")) - 1 and normalize(docs[name]) == "\n".join(rows), name
        else:  # createimageeditrequest: the same rows, responseFormat moved before size
            ours = normalize(docs[name]).split("\n")
            size = next(i for i, line in enumerate(ours) if line.startswith("| `size` |"))
            ours.insert(size, ours.pop(size + 1))
            assert ours[size].startswith("| `responseFormat` |") and "\n".join(ours) == expected, name


def test_tables_follow_the_width_rule(docs: dict[str, str]) -> None:
    """Every table of the 584 is padded to its longest RAW cell (§5.3), capped at PAD_LIMIT."""
    over = 0
    for name in SPEAKEASY_NAMES:
        text = docs.get(name)
        if text is None or "\n## Fields\n" not in text:
            continue
        table = text.split("\n## Fields\n\n", 1)[1].split("\n")
        width = raw_width("\n".join(table))
        separator = cells(table[1])
        assert all(len(c) == min(width, PAD_LIMIT) + 2 for c in separator), name
        for line in table:
            for cell in cells(line):
                assert cell.startswith(" ") and cell.endswith(" "), name
                body = cell[1:-1]
                assert len(body) >= min(width, PAD_LIMIT), name
                assert len(body) == min(width, PAD_LIMIT) or not body.endswith(" "), name
        over += width > PAD_LIMIT
    assert over == PADDED_OVER_LIMIT


def test_python_flavor_uses_the_same_names(docs: dict[str, str]) -> None:
    if not OPENAI.is_file():
        pytest.skip(f"shared reference not found: {OPENAI}")
    workspace = load([OPENAI], base=OPENAI.parent)
    document = workspace.roots[0]
    module = build_module(workspace, document)
    files: dict[str, Any] = renderer("docs")(
        Job(workspace, document, module, environment(), Settings(docs_flavor="python"))
    )
    python = {Path(path).stem: text for path, text in files.items() if path.startswith("docs/models/")}
    python.pop("README", None)
    # The python flavor has no doc for what is a plain ``dict`` or a file there (empty objects, binary uploads).
    assert set(python) <= set(docs)
    titles = {name: text.split("\n", 1)[0] for name, text in python.items()}
    assert titles == {name: docs[name].split("\n", 1)[0] for name in python}
    assert {"three", "three1", "threetype", "createmoderationrequest3type", "content2"} <= set(python)
