"""Resource limits and hostile inputs (issue 12 item 7): each is one ``file:line:col`` line, exit 2, nothing written."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.config import KEYS
from generator.diagnostics import Diagnostic, SchemaError
from generator.schema.cycles import structureless_cycles
from generator.schema.loader import Document, _document, build_registry, load
from generator.schema.source import MAX_NODES
from generator.schema.vocabulary import DEFAULT_DIALECT

POSITIONED = re.compile(r"^[^\n]+:\d+:\d+: \S")


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``generate``; assert exit 2, one positioned line per problem, no traceback, nothing written."""
    out = tmp_path / "out"
    code = main(["generate", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines, "no diagnostic"
    assert all(POSITIONED.match(line) for line in lines), err
    assert not out.exists(), "something was written"
    return err


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")
    monkeypatch.chdir(tmp_path)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join([*lines, "type: object"]) + "\n", encoding="utf-8")
    assert bomb.stat().st_size < 714
    start = time.monotonic()
    err = refused(tmp_path, capsys, str(bomb))
    assert time.monotonic() - start < 10
    assert f"beyond {MAX_NODES} nodes" in err
    assert err.startswith("bomb.yaml:")


def test_aliases_within_the_bound_are_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "shared.yaml"
    schema.write_text(
        "$defs:\n  S: &s {type: string, maxLength: 3}\n  T:\n    type: object\n    properties: {a: *s, b: *s}\n",
        encoding="utf-8",
    )
    assert main(["generate", str(schema), "--out", str(tmp_path / "out")]) == 0


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("big.yaml", "type: integer\nmaximum: " + "9" * 5000 + "\n", "big.yaml:2:10: integer too large"),
        ("big.json", '{"type": "integer",\n "maximum": ' + "9" * 5000 + "}\n", "big.json:2:13: integer too large"),
        ("enum.yaml", "enum:\n  - 1\n  - " + "7" * 4400 + "\n", "enum.yaml:3:5: integer too large"),
    ],
)
def test_integers_too_large_to_convert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert refused(tmp_path, capsys, name).startswith(where)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("s.json", '{"type": "string",\n "description": "x\\ud800y"}\n', "s.json:2:19:"),
        ("k.json", '{"type": "object", "properties": {"\\udc00": {}}}\n', "k.json:1:"),
        ("e.json", '{"enum": ["ok", "\\ud83d"]}\n', "e.json:1:"),
    ],
)
def test_lone_surrogates(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    err = refused(tmp_path, capsys, name)
    assert err.startswith(where) and "lone surrogate" in err


def test_a_surrogate_pair_is_fine(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text('{"type": "string", "description": "\\ud83d\\ude00"}\n', encoding="utf-8")
    assert main(["generate", "p.json", "--out", str(tmp_path / "out")]) == 0


def test_names_too_long_for_the_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.yaml").write_text(
        "$defs:\n  " + "Long" * 75 + ":\n    type: object\n    properties: {a: {type: string}}\n", encoding="utf-8"
    )
    err = refused(tmp_path, capsys, "long.yaml")
    assert err.startswith("long.yaml:3:5:") and "longer than 255 bytes" in err
    assert len(err.splitlines()) == 1


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses non-UTF-8 file names itself")
def test_a_non_utf8_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / name).write_text("type: string\n", encoding="utf-8")
    err = refused(tmp_path, capsys, name)
    assert err.startswith("caf\\xe9.yaml:1:1: ") and "not valid UTF-8" in err


CYCLES = {
    "allof": (
        "$defs:\n  A:\n    allOf: [{$ref: '#/$defs/B'}]\n  B:\n    allOf: [{$ref: '#/$defs/A'}]\n$ref: '#/$defs/A'\n"
    ),
    "anyof": "$defs:\n  A:\n    anyOf: [{type: string}, {$ref: '#/$defs/A'}]\n",
    "mixed": "$defs:\n  A:\n    allOf: [{$ref: '#/$defs/B'}]\n  B:\n    anyOf: [{$ref: '#/$defs/A'}]\n",
    "oneof-not": "$defs:\n  A:\n    oneOf: [{not: {$ref: '#/$defs/A'}}]\n",
    "dynamic": ("$dynamicAnchor: node\n$defs:\n  A:\n    allOf: [{$dynamicRef: '#node'}]\n$ref: '#/$defs/A'\n"),
    "if-then": "$defs:\n  A:\n    if: {type: object}\n    then: {$ref: '#/$defs/A'}\n",
}


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_cycles_with_no_structure_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (tmp_path / f"{name}.yaml").write_text(CYCLES[name], encoding="utf-8")
    err = refused(tmp_path, capsys, f"{name}.yaml")
    assert "cycle with no structure" in err
    (tmp_path / "p.json").write_text("{}", encoding="utf-8")
    assert main(["validate", "--schema", f"{name}.yaml", "p.json"]) == 2
    assert "cycle with no structure" in capsys.readouterr().err


def test_recursion_through_structure_is_fine(tmp_path: Path) -> None:
    (tmp_path / "tree.yaml").write_text(
        "$defs:\n  Node:\n    type: object\n    properties:\n      kids: {type: array, items: {$ref: '#/$defs/Node'}}\n"
        "      next: {anyOf: [{type: 'null'}, {$ref: '#/$defs/Node'}]}\n$ref: '#/$defs/Node'\n",
        encoding="utf-8",
    )
    assert main(["generate", "tree.yaml", "--out", str(tmp_path / "out")]) == 0


def _chain(n: int, cyclic: bool, keyword: str = "$ref") -> str:
    def link(i: int) -> str:
        target = f"'#/$defs/T{(i + 1) % n if cyclic else i + 1}'"
        return f"  T{i}:\n    $ref: {target}\n" if keyword == "$ref" else f"  T{i}:\n    allOf: [{{$ref: {target}}}]\n"

    tail = "" if cyclic else f"  T{n}:\n    type: string\n"
    return "$defs:\n" + "".join(link(i) for i in range(n)) + tail


@pytest.mark.parametrize("keyword", ["$ref", "allOf"])
def test_cycle_checks_are_linear(tmp_path: Path, keyword: str) -> None:
    """A 3,000-link chain: the cycle check itself takes well under a second (bound 5 s: shared machines)."""
    for cyclic in (False, True):
        path = tmp_path / f"chain-{cyclic}.yaml"
        path.write_text(_chain(3000, cyclic, keyword), encoding="utf-8")
        uri = path.resolve().as_uri()
        doc = _document(path, uri, path.name, DEFAULT_DIALECT)
        registry = build_registry([doc])
        start = time.monotonic()
        found = structureless_cycles([(uri, doc.contents)], registry, _placer(doc))
        assert time.monotonic() - start < 5
        assert bool(found) is cyclic
        if cyclic:
            assert len(found) == 1 and len(str(found[0])) < 400  # a long loop is shortened to one readable line
            with pytest.raises(SchemaError, match="cycle with no structure"):
                load([path])


def _placer(doc: Document) -> Callable[[str, str, str], Diagnostic]:
    return lambda _, at, message: doc.diagnostic(at, message)


def test_a_long_ref_chain_generates_in_reasonable_time(tmp_path: Path) -> None:
    (tmp_path / "chain.yaml").write_text(_chain(3000, False), encoding="utf-8")
    start = time.monotonic()
    assert main(["generate", "chain.yaml", "--out", str(tmp_path / "out"), "--target", "dataclasses"]) == 0
    assert time.monotonic() - start < 60  # was over 99 s (cubic alias-cycle check)


@pytest.mark.parametrize(
    ("wrap", "levels"),
    [
        (lambda node: {"type": "array", "items": node}, 146),
        (lambda node: {"type": "object", "additionalProperties": node}, 146),
        (lambda node: {"type": "object", "properties": {"a": node}}, 72),
        (lambda node: {"anyOf": [node, {"type": "null"}]}, 72),
        (lambda node: {"type": "array", "items": node}, 400),
    ],
)
def test_deep_schemas_are_generated_or_refused_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wrap: Callable[[Any], Any], levels: int
) -> None:
    node: Any = {"type": "string"}
    for _ in range(levels):
        node = wrap(node)
    text = json.dumps({"$defs": {"Deep": node}})
    (tmp_path / "deep.json").write_text(text, encoding="utf-8")
    code = main(["generate", "deep.json", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert POSITIONED.match(err) and not (tmp_path / "out").exists()
        assert "nest" in err
    (tmp_path / "p.json").write_text("{}", encoding="utf-8")
    assert main(["validate", "--schema", "deep.json", "p.json"]) in (0, 2)


# ---- [tool.schemagen]: any malformed value is one positioned line, exit 2, never a traceback -------------------
def _toml(value: Any) -> str:
    """A TOML inline value (the few kinds the fuzz draws)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string for these characters
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


_TEXT = st.text(alphabet=st.sampled_from(["a", ".", "/", " ", "\x00", "\t", "é", "-", "=", "\\"]), max_size=6)
_SCALAR = st.one_of(st.booleans(), st.integers(-5, 10**20), st.floats(allow_nan=False, allow_infinity=False), _TEXT)
_VALUE = st.recursive(
    _SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=2), max_leaves=5
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(KEYS)), value=_VALUE)
def test_config_values_are_fuzzed(tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: Any) -> None:
    (tmp_path / "s.yaml").write_text("type: string\n", encoding="utf-8")
    schemas = "" if key == "schemas" else 'schemas = ["s.yaml"]\n'
    (tmp_path / "pyproject.toml").write_text(
        f"[project]\nname = 'x'\n\n[tool.schemagen]\n{schemas}out = 'o'\n{key} = {_toml(value)}\n"
        if key != "out"
        else f"[tool.schemagen]\n{schemas}{key} = {_toml(value)}\n",
        encoding="utf-8",
    )
    try:
        code = main(["check"])
    except BaseException as exc:  # the defect hunted: anything escaping main()
        pytest.fail(f"{key} = {_toml(value)}: {type(exc).__name__}: {exc}")
    err = capsys.readouterr().err
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    for line in err.splitlines():  # a value the config cannot hold (not a setting that is merely empty)
        if re.search(r"\[tool\.schemagen\] \S+ must|unknown (target|docs flavor|default dialect)", line):
            assert re.match(r"^pyproject\.toml:\d+:\d+: ", line), line
