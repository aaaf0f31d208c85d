"""Read YAML or JSON into plain values and remember where every node starts.

The composer is driven by the parser's event stream (libyaml when available), so
that it can do what PyYAML's own composer refuses or cannot do:

* a redefined anchor replaces the earlier one, as YAML 1.2 allows;
* a duplicate mapping key is an error, with its position;
* scalars resolve by the YAML 1.2 core schema (``yes`` stays a string, dates stay strings);
* the line and column of every node is kept, keyed by JSON pointer;
* nesting is handled without recursion and capped at ``MAX_DEPTH`` (``MAX_SCHEMA_DEPTH`` for schemas);
* the nodes that aliases expand to are counted and capped at ``MAX_NODES``;
* an integer too large to convert, a lone surrogate or a file name that is not UTF-8 is an error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.cache import record_read
from generator.diagnostics import Diagnostic, SchemaError
from generator.schema import pointer

MAX_DEPTH = 200
"""Deeper payload documents are refused (as not parsable): their positions are kept without recursion."""

MAX_SCHEMA_DEPTH = 150
"""Deeper schema files are refused. Real schemas nest about 20 levels (the OpenAI document: 19); the
walkers and templates downstream recurse a few frames per level, and stay within Python's limit."""

MAX_NODES = 1_000_000
"""Documents whose YAML aliases expand them beyond this many nodes are refused (the "billion laughs" bomb).

Aliases share one object, so reading is cheap; every walker downstream would visit the expansion.
"""

Position = tuple[int, int]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Source:
    """A parsed file: its value, and the 1-based position of every node by JSON pointer."""

    path: str
    value: object
    positions: Mapping[str, Position] = field(repr=False)

    def where(self, pointer: str) -> Position:
        """The position of ``pointer``, or of its nearest ancestor that has one."""
        while pointer not in self.positions:
            if not pointer:
                return (1, 1)
            pointer = pointer.rpartition("/")[0]
        return self.positions[pointer]

    def diagnostic(self, pointer: str, message: str) -> Diagnostic:
        line, col = self.where(pointer)
        return Diagnostic(self.path, line, col, message)


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and parse ``path``; every problem raises SchemaError with file:line:col."""
    shown = display or str(path)
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        readable = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise SchemaError([Diagnostic(readable, 1, 1, "the file name is not valid UTF-8; rename the file")]) from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaError([Diagnostic(shown, 0, 0, f"cannot read file: {exc.strerror or exc}")]) from None
    except ValueError as exc:  # a NUL in the path
        raise SchemaError([Diagnostic(shown, 0, 0, f"cannot read file: {exc}")]) from None
    record_read(path, data)
    source = parse_bytes(data, shown, as_json=path.suffix.lower() == ".json", max_depth=MAX_SCHEMA_DEPTH)
    found = _lone_surrogate(source.value)
    if found is not None:
        message = "text with a lone surrogate (an unpaired \\ud800-\\udfff escape)"
        escape = _LONE_ESCAPE.search(data.decode("utf-8"))
        if found not in source.positions and escape is not None:  # JSON that libyaml could not place
            text = data.decode("utf-8")
            line = text.count("\n", 0, escape.start()) + 1
            col = escape.start() - (text.rfind("\n", 0, escape.start()) + 1) + 1
            raise SchemaError([Diagnostic(shown, line, col, message)])
        raise SchemaError([source.diagnostic(found, message)])
    return source


_LONE_ESCAPE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<![0-9a-fA-F]{4})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(value: object) -> str | None:
    """The pointer of the first string (value or key) holding a lone surrogate, if any."""
    stack: list[tuple[str, object]] = [("", value)]
    seen: set[int] = set()
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return where
        elif isinstance(node, (dict, list)) and id(node) not in seen:
            seen.add(id(node))  # an alias shares one object: look at it once
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                child_at = f"{where}/{pointer.escape(str(key))}"
                if isinstance(key, str) and _SURROGATE.search(key):
                    return child_at
                stack.append((child_at, child))
    return None


def parse_bytes(data: bytes, display: str, *, as_json: bool = False, max_depth: int = MAX_DEPTH) -> Source:
    """Decode UTF-8 text (refusing binary) and parse it as JSON or YAML."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SchemaError([Diagnostic(display, line, col, "file is not UTF-8 text")]) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise SchemaError([Diagnostic(display, line, col, "file is binary (it contains a NUL byte)")])
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise SchemaError([Diagnostic(display, 1, 1, "file is empty")])
    if as_json:
        return _parse_json(text, display, max_depth)
    return _Composer(text, display, max_depth).run()


def _parse_json(text: str, display: str, max_depth: int) -> Source:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise SchemaError([Diagnostic(display, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")]) from None
    except _DuplicateKey as exc:
        # The YAML composer knows where the duplicate is; JSON's decoder does not.
        _Composer(text, display, max_depth).run()
        raise SchemaError([Diagnostic(display, 0, 0, f"duplicate key {exc.args[0]!r}")]) from None
    except RecursionError:
        raise SchemaError([Diagnostic(display, 1, 1, f"nesting deeper than {max_depth} levels")]) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            _Composer(text, display, max_depth).run()  # it knows where the integer is
        raise SchemaError([Diagnostic(display, 1, 1, f"invalid JSON: {exc}")]) from None
    try:
        positions = _Composer(text, display, max_depth).run().positions
    except SchemaError as exc:
        if any("nesting deeper" in d.message for d in exc.diagnostics):
            raise
        positions = {}  # valid JSON that libyaml cannot read: values are right, positions unknown
    return Source(display, value, positions)


class _DuplicateKey(Exception):
    pass


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


class _Frame:
    __slots__ = ("container", "key", "key_marks", "pointer")

    def __init__(self, container: dict[str, Any] | list[Any], pointer: str) -> None:
        self.container = container
        self.pointer = pointer
        self.key: str | None = None
        self.key_marks: dict[str, Position] = {}


class _Composer:
    """Turns parser events into plain values plus a pointer -> position table."""

    def __init__(self, text: str, display: str, max_depth: int = MAX_DEPTH) -> None:
        self.max_depth = max_depth
        loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
        self.parser = loader_class(text)
        self.display = display
        self.positions: dict[str, Position] = {}
        self.anchors: dict[str, object] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        """Nodes so far, counting every alias as the nodes it stands for."""
        self.sizes: dict[str, int] = {}
        """The expanded size of each anchored node."""

    def fail(self, mark: Any, message: str) -> SchemaError:
        return SchemaError([Diagnostic(self.display, mark.line + 1, mark.column + 1, message)])

    def run(self) -> Source:
        try:
            try:
                return self._run()
            finally:
                self.parser.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "invalid YAML"
            if exc.context and "found" not in (exc.context or ""):
                problem = f"{problem} ({exc.context})"
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise SchemaError([Diagnostic(self.display, line, col, f"invalid YAML: {problem}")]) from None
        except yaml.YAMLError as exc:
            raise SchemaError([Diagnostic(self.display, 1, 1, f"invalid YAML: {exc}")]) from None

    def _run(self) -> Source:
        parser = self.parser
        stack: list[_Frame] = []
        root: object = None
        documents = 0
        anchor_of: list[tuple[str | None, int]] = []
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark, "a schema file holds one YAML document, found a second")
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
                anchor, started = anchor_of.pop()
                if anchor is not None:
                    self.open_anchors.discard(anchor)
                    self.sizes[anchor] = self.nodes - started
                continue
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.container, dict) and parent.key is None:
                self._take_key(parent, event)
                continue
            pointer = self._child_pointer(parent)
            mark = event.start_mark
            if kind is yaml.AliasEvent:
                if event.anchor in self.open_anchors:
                    raise self.fail(mark, f"alias *{event.anchor} refers to a node that contains it")
                if event.anchor not in self.anchors:
                    raise self.fail(mark, f"unknown alias *{event.anchor}")
                value = self.anchors[event.anchor]
                self.nodes += self.sizes.get(event.anchor, 1)
                if self.nodes > MAX_NODES:
                    raise self.fail(mark, f"YAML aliases expand this document beyond {MAX_NODES} nodes")
            elif kind is yaml.ScalarEvent:
                value = self._scalar(event)
                self.nodes += 1
                if event.anchor:
                    self.anchors[event.anchor] = value
                    self.sizes[event.anchor] = 1
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if len(stack) >= self.max_depth:
                    raise self.fail(mark, f"nesting deeper than {self.max_depth} levels")
                value = {} if kind is yaml.MappingStartEvent else []
                expected_tag = _TAG + ("map" if kind is yaml.MappingStartEvent else "seq")
                if event.tag not in (None, "!", expected_tag):
                    raise self.fail(mark, f"unsupported YAML tag {event.tag}")
                self.nodes += 1
                if event.anchor:
                    self.anchors[event.anchor] = value
                    self.open_anchors.add(event.anchor)
            else:  # pragma: no cover - the parser emits no other events
                raise self.fail(mark, f"unexpected YAML event {kind.__name__}")
            self.positions[pointer] = (mark.line + 1, mark.column + 1)
            if parent is None:
                root = value
            elif isinstance(parent.container, dict):
                assert parent.key is not None
                parent.container[parent.key] = value
                parent.key = None
            else:
                parent.container.append(value)
            if isinstance(value, (dict, list)) and kind is not yaml.AliasEvent:
                stack.append(_Frame(value, pointer))
                anchor_of.append((event.anchor, self.nodes - 1))
        if documents == 0:
            raise SchemaError([Diagnostic(self.display, 1, 1, "file is empty")])
        return Source(self.display, root, self.positions)

    def _child_pointer(self, parent: _Frame | None) -> str:
        if parent is None:
            return ""
        if isinstance(parent.container, list):
            return f"{parent.pointer}/{len(parent.container)}"
        assert parent.key is not None
        return f"{parent.pointer}/{pointer.escape(parent.key)}"

    def _take_key(self, frame: _Frame, event: Any) -> None:
        mark = event.start_mark
        if type(event) is yaml.ScalarEvent:
            key = event.value
        elif type(event) is yaml.AliasEvent and isinstance(self.anchors.get(event.anchor or ""), str):
            key = str(self.anchors[event.anchor or ""])
        else:
            raise self.fail(mark, "mapping keys must be plain strings, not collections")
        if key in frame.key_marks:
            line, col = frame.key_marks[key]
            raise self.fail(mark, f"duplicate key {key!r} (first defined at line {line}, column {col})")
        if key == "<<" and type(event) is yaml.ScalarEvent and event.implicit[0]:
            raise self.fail(mark, "YAML merge keys (<<) are not supported")
        frame.key_marks[key] = (mark.line + 1, mark.column + 1)
        frame.key = key

    def _scalar(self, event: Any) -> object:
        value: str = event.value
        tag = event.tag
        plain = event.implicit[0] and tag in (None, "!")
        if tag in (None, "!") and not plain:
            return value
        if plain:
            return self._resolve(event)
        if not tag.startswith(_TAG):
            raise self.fail(event.start_mark, f"unsupported YAML tag {tag}")
        name = tag[len(_TAG) :]
        if name == "str":
            return value
        resolved = self._resolve(event)
        expected = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
        if expected is None:
            raise self.fail(event.start_mark, f"unsupported YAML tag !!{name}")
        if expected is float and isinstance(resolved, int) and not isinstance(resolved, bool):
            resolved = float(resolved)
        if type(resolved) is not expected:
            raise self.fail(event.start_mark, f"{value!r} is not a valid !!{name}")
        return resolved

    def _resolve(self, event: Any) -> object:
        try:
            return _resolve_plain(event.value)
        except ValueError:  # more digits than int() converts
            digits = len(event.value)
            raise self.fail(event.start_mark, f"integer too large ({digits} digits; the limit is 4300)") from None


def _resolve_plain(value: str) -> object:
    """YAML 1.2 core schema resolution of a plain scalar."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value
