"""The pieces the comparison walks with: a place in one version (:class:`Side`) and a node index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urldefrag, urljoin

from generator.diff.keywords import ANNOTATIONS
from generator.diff.load import Version
from generator.schema import pointer
from generator.schema.vocabulary import DRAFT_04, DRAFT_06, DRAFT_07, DRAFT_2020_12, walk_with_base

LEGACY = frozenset({DRAFT_04, DRAFT_06, DRAFT_07})

if TYPE_CHECKING:
    from generator.diff.kinds import Change


@dataclass(frozen=True)
class Side:
    """A subschema of one version: the node (None when absent), its document, pointer and base URI."""

    version: Version
    node: Any
    uri: str
    ptr: str
    base: str

    @property
    def ref(self) -> str:
        return f"{self.uri}#{self.ptr}"

    def child(self, *tokens: str | int) -> Side:
        node = self.node
        for token in tokens:
            if isinstance(node, dict) and isinstance(token, str):
                node = node.get(token)
            elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
                node = node[token]
            else:
                node = None
        base = self.base
        if isinstance(node, dict) and isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        return Side(self.version, node, self.uri, pointer.join(self.ptr, *tokens), base)

    def get(self, key: str) -> Any:
        return self.node.get(key) if isinstance(self.node, dict) else None

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.get(key)
        return value if isinstance(value, dict) else {}

    def branches(self, key: str) -> list[Side]:
        value = self.get(key)
        return [self.child(key, i) for i in range(len(value))] if isinstance(value, list) else []

    @property
    def defs_key(self) -> str:
        """``$defs``, or draft-07's ``definitions`` when that is what the node has."""
        return "definitions" if "$defs" not in self.mapping_keys() and "definitions" in self.mapping_keys() else "$defs"

    def mapping_keys(self) -> Any:
        return self.node.keys() if isinstance(self.node, dict) else ()

    def defs(self) -> dict[str, Any]:
        return self.mapping(self.defs_key)

    def definition(self, name: str) -> Side:
        return self.child(self.defs_key, name)

    @property
    def legacy(self) -> bool:
        """The node's document is draft-07 or older (siblings of ``$ref`` are ignored there)."""
        doc = self.version.workspace.documents.get(self.uri)
        return getattr(doc, "dialect", DRAFT_2020_12).rstrip("#") in LEGACY


@dataclass(frozen=True)
class Ctx:
    entry: str
    path: tuple[tuple[str, Any, str, str], ...] = ()
    negated: bool = False
    exact: str = ""
    uneval: bool = False

    def step(self, kind: str, arg: Any, o: Side, n: Side) -> Ctx:
        return replace(self, path=(*self.path, (kind, arg, o.ref, n.ref)), uneval=False)


class Walker(Protocol):
    """What the applicator rules need from the comparison (:class:`generator.diff.compare.Comparator`)."""

    renames: dict[str, str]

    def compare(self, o: Side, n: Side, ctx: Ctx, role: str) -> None: ...

    def includes(self, a: Side, b: Side, ctx: Ctx) -> bool: ...

    def resolve(self, side: Side) -> Side | None: ...

    def collect(self, run: Callable[[], None]) -> list[Change]: ...

    def aggregate(self, kind: str, ctx: Ctx, where: tuple[Side, Side], message: str, parts: list[Change]) -> None: ...

    def record(
        self, kind: str, ctx: Ctx, where: tuple[Side, Side], message: str, proof: tuple[bool, bool], *,
        o_suffix: tuple[str | int, ...] = (), n_suffix: tuple[str | int, ...] = (), reason: str = "",
        hints_back: list[Any] | None = None, hints_fwd: list[Any] | None = None,
        parts: list[Change] | None = None, local: bool = True,
    ) -> None: ...  # fmt: skip


class Index:
    """Where every schema object of a version lives: ``id(node)`` -> (document URI, pointer, base URI)."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.where: dict[int, tuple[str, str, str]] = {}
        for doc in version.workspace.documents.values():
            for at, node, base in walk_with_base(doc.contents, doc.uri, once=True):
                if isinstance(node, dict) and id(node) not in self.where:
                    self.where[id(node)] = (doc.uri, at, base)

    def side(self, uri: str, contents: Any) -> Side:
        found = self.where.get(id(contents)) if isinstance(contents, dict) else None
        doc_uri, fragment = urldefrag(uri)
        if doc_uri in self.version.workspace.documents and (fragment.startswith("/") or not fragment):
            base = found[2] if found is not None and found[1] == fragment else doc_uri
            return Side(self.version, contents, doc_uri, fragment, base)  # the place the reference names
        if found is not None:
            return Side(self.version, contents, *found)
        at = fragment if fragment.startswith("/") else ""
        return Side(self.version, contents, doc_uri, at, doc_uri)


def pure_ref(side: Side) -> bool:
    """A ``$ref`` with nothing beside it but annotations (before 2019-09, anything beside it is ignored)."""
    node = side.node
    if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
        return False
    return side.legacy or all(k == "$ref" or k in ANNOTATIONS or k.startswith("x-") for k in node)


def rename_refs(value: Any, old: str, new: str) -> Any:
    """``value`` with every ``$ref`` to ``#/$defs/<old>`` (or below it) pointing at ``<new>`` instead."""
    head, tail = f"#/$defs/{pointer.escape(old)}", f"#/$defs/{pointer.escape(new)}"
    stack: list[tuple[Any, Any, Any]] = []
    out = _copy_shallow(value)
    stack.append((value, out, None))
    while stack:
        src, dst, _ = stack.pop()
        if isinstance(src, dict):
            for k, v in src.items():
                if k == "$ref" and isinstance(v, str) and (v == head or v.startswith(head + "/")):
                    dst[k] = tail + v[len(head) :]
                elif isinstance(v, (dict, list)):
                    dst[k] = _copy_shallow(v)
                    stack.append((v, dst[k], None))
        elif isinstance(src, list):
            for i, v in enumerate(src):
                if isinstance(v, (dict, list)):
                    dst[i] = _copy_shallow(v)
                    stack.append((v, dst[i], None))
    return out


def _copy_shallow(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def signature(side: Side, renames: dict[str, str], *, old: bool) -> tuple[Any, ...] | None:
    """What a union branch is, for pairing branches across versions: its reference target or its types."""
    node = side.node
    if not isinstance(node, dict):
        return ("bool", node)
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rpartition("/")[2]
        return ("ref", renames.get(name, name) if old else name)
    declared = node.get("type")
    if declared is not None:
        return ("type", tuple(sorted(declared)) if isinstance(declared, list) else (declared,))
    if "const" in node:
        return ("const", repr(node["const"]))
    return None
