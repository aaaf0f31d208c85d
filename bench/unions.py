"""Discriminated unions: ``from_dict`` dispatching on the tag against trying the members one by one.

A generated module with a union of ``MEMBERS`` object types, each tagged by ``kind: {const: ...}`` and with the
same other fields. Payloads cycle through the members. In one process, in alternation, round after round:

* **tag dispatch**: the generated decoder, ``_tagged`` with the union's table (one dict lookup, then the member);
* **trial decoding**: the runtime's ``_union`` over the same member decoders in schema order, first one that
  decodes wins: what schemagen generated for every union before discriminated unions (issue 16 item 1).

Run: ``python bench/unions.py`` (``make bench`` includes it).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEMBERS = 10
ITEMS = 1000


def schema(members: int) -> dict[str, Any]:
    defs: dict[str, Any] = {
        f"Member{i}": {
            "type": "object",
            "required": ["kind", "id", "size"],
            "properties": {"kind": {"const": f"m{i}"}, "id": {"type": "string"}, "size": {"type": "integer"}},
        }
        for i in range(members)
    }
    defs["Item"] = {"oneOf": [{"$ref": f"#/$defs/Member{i}"} for i in range(members)]}
    defs["Holder"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}


def load_module(work: Path, members: int) -> Any:
    from generator.api import render_files

    path = work / f"tagged{members}.yaml"
    path.write_text(yaml.safe_dump(schema(members)))
    for name, text in render_files([path], targets=("dataclasses",), root=work).items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    sys.path.insert(0, str(work))
    return __import__(f"tagged{members}.models", fromlist=["models"])


def run(rounds: int = 15, members: int = MEMBERS) -> list[tuple[str, float, float]]:
    """(contender, median µs per item, ratio to trial decoding)."""
    with tempfile.TemporaryDirectory() as tmp:
        m = load_module(Path(tmp), members)
        items = [{"kind": f"m{i % members}", "id": f"id{i}", "size": i} for i in range(ITEMS)]
        table = m._TAGS_Item
        decoders = tuple(getattr(m, f"Member{i}")._decode for i in range(members))
        expected = " | ".join(f"Member{i}" for i in range(members))
        tagged = [m._tagged(x, "", None, table) for x in items]
        trial = [m._union(x, "", None, decoders, expected) for x in items]
        assert tagged == trial  # const tags: both pick the same member, one of them in O(1)
        contenders: dict[str, Callable[[], object]] = {
            "tag dispatch (_tagged)": lambda: [m._tagged(x, "", None, table) for x in items],
            "trial decoding (_union)": lambda: [m._union(x, "", None, decoders, expected) for x in items],
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, call in contenders.items():
                start = time.perf_counter()
                call()
                times[name].append((time.perf_counter() - start) / ITEMS * 1e6)
    anchor = statistics.median(times["trial decoding (_union)"])
    return [(name, statistics.median(t), statistics.median(t) / anchor) for name, t in times.items()]


def table(rows: list[tuple[str, float, float]], members: int = MEMBERS) -> str:
    lines = [
        f"| {members}-member union, {ITEMS} items cycling through the members | median per item | ratio |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {median:.2f} µs | {ratio:.2f}x |" for name, median, ratio in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
