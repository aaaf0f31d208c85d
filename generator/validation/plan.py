"""The validation plan: the exact JSON Schema 2020-12 semantics of every subschema, keyword by keyword.

The plan is built once per root schema and never loses information:

* every ``$ref`` and ``$dynamicRef`` is resolved through ``referencing`` at generation time.
  ``$dynamicRef`` depends on the dynamic scope; since that scope is fixed by the path of
  references taken from the root, each subschema is planned once per distinct *binding* of the
  dynamic anchors in play (outermost resource first), so the generated code needs no scope at run time;
* ``unevaluatedProperties`` / ``unevaluatedItems`` get annotation collectors (``_a`` functions)
  for the in-place applicators they depend on;
* ``$schema`` / ``$vocabulary`` decide which keywords are active in a resource; an unknown required
  vocabulary, another draft's dialect or an unresolvable reference is refused with :class:`PlanError`.

The templates turn the plan into code: a :class:`Variant` becomes up to three functions
(``_v`` is-valid, ``_e`` errors, ``_a`` annotations); a :class:`Sub` is a child schema, either
inlined (its :class:`Body`) or called (its variant number).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin

import referencing
import referencing.jsonschema
from referencing.exceptions import NoSuchAnchor, Unresolvable

from generator.render.layout import pyliteral as py_literal
from generator.render.layout import pystr as py_str
from generator.validation import formats as _formats
from generator.validation.regex import PatternError, translate

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_VOCAB = "https://json-schema.org/draft/2020-12/vocab/"
KNOWN_VOCABULARIES = {
    _VOCAB + name: name
    for name in (
        "core",
        "applicator",
        "unevaluated",
        "validation",
        "meta-data",
        "format-annotation",
        "format-assertion",
        "content",
    )
}
ALL_VOCABS = frozenset({"core", "applicator", "unevaluated", "validation", "meta-data", "format-annotation", "content"})
_OTHER_DRAFTS = {
    "https://json-schema.org/draft/2019-09/schema": "draft 2019-09",
    "http://json-schema.org/draft-07/schema": "draft-07",
    "http://json-schema.org/draft-06/schema": "draft-06",
    "http://json-schema.org/draft-04/schema": "draft-04",
    "http://json-schema.org/draft-03/schema": "draft-03",
}

_VOCAB_OF = {
    **dict.fromkeys(
        [
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "dependentSchemas",
            "prefixItems",
            "items",
            "contains",
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
        ],
        "applicator",
    ),
    "unevaluatedItems": "unevaluated",
    "unevaluatedProperties": "unevaluated",
    **dict.fromkeys(
        [
            "type",
            "enum",
            "const",
            "multipleOf",
            "maximum",
            "exclusiveMaximum",
            "minimum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "maxContains",
            "minContains",
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
        ],
        "validation",
    ),
}

KINDS = ("null", "boolean", "object", "array", "string", "number")
ALL_KINDS = frozenset(KINDS)
_TYPE_KIND = {
    "null": "null",
    "boolean": "boolean",
    "object": "object",
    "array": "array",
    "string": "string",
    "integer": "number",
    "number": "number",
}
JSON_TYPES = frozenset(_TYPE_KIND)
_GROUP_OF = {
    **dict.fromkeys(("multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"), "number"),
    **dict.fromkeys(("maxLength", "minLength", "pattern", "format"), "string"),
    **dict.fromkeys(
        ("maxItems", "minItems", "uniqueItems", "prefixItems", "items", "contains", "unevaluatedItems"), "array"
    ),
    **dict.fromkeys(
        (
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "dependentSchemas",
            "dependencies",
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
            "unevaluatedProperties",
        ),
        "object",
    ),
}
_INPLACE = ("$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "dependentSchemas")
_EXPR_KEYS = frozenset({"type", "enum", "const"})
_MAX_INLINE_DEPTH = 4
_MAX_INLINE_SIZE = 80


class PlanError(ValueError):
    """A schema the generator cannot honour (or cannot make sense of); raised at generation time."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where or '/'}: {message}" if where is not None else message)


@dataclass(frozen=True)
class Op:
    """One keyword's check: ``kind`` picks the macro, ``loc`` the location/message entry, ``a`` the data."""

    kind: str
    loc: int
    a: dict[str, Any] = field(default_factory=dict)


@dataclass
class Group:
    """The keywords that only apply to one JSON type, rendered under one type guard."""

    kind: str
    ops: list[Op]


@dataclass
class Ann:
    """What evaluates properties and items at one subschema, for ``unevaluated*`` and ``_a`` functions."""

    props: str | None = None
    patterns: list[str] = field(default_factory=list)
    all_props: bool = False
    """``additionalProperties`` is present: every property is evaluated."""
    self_props: bool = False
    """``unevaluatedProperties`` is present (it evaluates the rest, once valid)."""
    prefix: int = 0
    all_items: bool = False
    self_items: bool = False
    contains: Sub | None = None
    inplace: list[tuple[str, Any]] = field(default_factory=list)
    """(kind, data): ``all`` with variant numbers, ``if`` with (if, then, else) numbers, ``dep`` with (key, n)."""


@dataclass
class Body:
    """The checks of one subschema."""

    false: Op | None = None
    type: Op | None = None
    first: list[Op] = field(default_factory=list)
    """``enum`` / ``const``: cheap checks on any type, rendered right after ``type``."""
    generic: list[Op] = field(default_factory=list)
    """The in-place applicators, rendered after the type-specific groups."""
    groups: list[Group] = field(default_factory=list)
    known: str | None = None
    """The single JSON type an instance has once the ``type`` check passed (valid mode only)."""
    expr: bool = False
    """Renderable as one boolean expression (only ``type``/``enum``/``const``)."""
    ann: Ann | None = None
    """Set when the body itself needs its annotations (it has ``unevaluated*``)."""

    @property
    def empty(self) -> bool:
        return self.false is None and self.type is None and not self.first and not self.generic and not self.groups


@dataclass
class Sub:
    """A child schema: inlined (``body``) or called (variant ``n``)."""

    n: int | None
    body: Body | None


@dataclass
class Variant:
    """A subschema planned in one context; it becomes the functions ``_v<n>``, ``_e<n>`` and maybe ``_a<n>``."""

    n: int
    body: Body | None = None
    ann: Ann | None = None
    """Set when an ``_a<n>`` annotation function is needed."""
    where: str = ""


@dataclass(frozen=True)
class Ctx:
    """Where a subschema sits: base URI, dynamic-anchor bindings, active vocabularies, location."""

    base: str
    bindings: tuple[tuple[str, str], ...]
    vocab: frozenset[str]
    doc: str
    pointer: str

    def at(self, *tokens: str | int) -> Ctx:
        tail = "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
        return Ctx(self.base, self.bindings, self.vocab, self.doc, self.pointer + tail)

    @property
    def where(self) -> str:
        return f"{self.doc}#{self.pointer}" if self.doc else self.pointer


@dataclass
class Plan:
    """Everything the validators template needs."""

    variants: list[Variant]
    entries: list[tuple[str, int]]
    """(public name, variant number), in the order asked for: the root first."""
    locs: list[tuple[str, str, str]]
    """(schema path, keyword, message format) per ``Op.loc``."""
    consts: list[tuple[str, str, str, list[str]]]
    """(name, kind, literal, item literals) module-level constants (kind: raw, frozenset, tuple)."""
    patterns: list[tuple[str, str, bool]]
    """(name, Python source of the pattern, needs ``regex``)."""
    uses: set[str]
    """Helpers and imports the generated module needs."""

    @property
    def needs_regex(self) -> bool:
        return any(needs for _, _, needs in self.patterns)

    @property
    def stdlib(self) -> list[str]:
        """The standard-library modules the generated code imports, sorted."""
        return sorted(m for m in self.uses if m in _STDLIB)

    @property
    def third_party(self) -> list[str]:
        """The other modules it imports (``regex``, format libraries), sorted."""
        return sorted(m for m in self.uses if m in _THIRD_PARTY)


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _fmt(text: str) -> str:
    """Escape text for a ``%``-format message (``%r``: the instance, ``%s``: the extra detail)."""
    return text.replace("%", "%%")


class Planner:
    """Builds a :class:`Plan` from a root schema and a registry."""

    def __init__(self, registry: referencing.Registry[Any], *, formats: bool = False) -> None:
        self.registry = registry.crawl()
        self.formats = formats
        self.variants: list[Variant] = []
        self.keys: dict[tuple[Any, ...], int] = {}
        self.pending: list[tuple[int, Any, Ctx, bool, bool]] = []
        self.locs: list[tuple[str, str, str]] = []
        self.loc_index: dict[tuple[str, str, str], int] = {}
        self.consts: dict[str, tuple[str, str, list[str]]] = {}
        self.const_names: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self.patterns: dict[tuple[str, bool], str] = {}
        self.uses: set[str] = set()
        self.dyn_names: frozenset[str] = frozenset()
        self.index: dict[str, dict[int, str]] = {}
        self.root_uri = ""
        self._keep: list[Any] = []

    # ---- entry points ------------------------------------------------------------------
    def plan(self, root_uri: str, entries: Sequence[tuple[str, str]]) -> Plan:
        """Plan the root resource at ``root_uri`` and the ``entries`` ((name, reference); ``""``: the root)."""
        self.root_uri = root_uri
        root = self._retrieve(root_uri)
        self.dyn_names = self._dynamic_names(root, root_uri)
        ctx = self._resource_ctx(root, Ctx(root_uri, (), ALL_VOCABS, "", ""), root_uri)
        numbers: list[tuple[str, int]] = []
        for name, ref in entries:
            if ref == "":
                numbers.append((name, self.variant(root, ctx, entered=True)))
                continue
            schema, base = self._resolve(ref, ctx)
            target = self._resource_ctx(schema, self._located(schema, base, ctx), base)
            numbers.append((name, self.variant(schema, target, entered=True)))
        while self.pending:
            n, schema, vctx, entered, ann = self.pending.pop(0)
            self._build(n, schema, vctx, entered, ann)
        numbers = [(name, self._alias(n)) for name, n in numbers]
        for variant in self.variants:
            for sub in _subs(variant.body):
                if sub.n is not None:
                    sub.n = self._alias(sub.n)
        self._prune([n for _, n in numbers])
        consts = [(name, *self.consts[name]) for name in sorted(self.consts, key=lambda n: int(n.rsplit("_", 1)[1]))]
        pats = sorted(((name, src, needs) for (src, needs), name in self.patterns.items()), key=lambda t: int(t[0][2:]))
        return Plan(self.variants, numbers, self.locs, consts, pats, self.uses)

    def _alias(self, n: int) -> int:
        """A variant that only calls another one (a bare ``$ref``) stands for its target."""
        seen = {n}
        while True:
            body = self.variants[n].body
            if body is None or body.type or body.first or body.groups or body.false or len(body.generic) != 1:
                return n
            op = body.generic[0]
            if op.kind != "ref" or op.a["sub"].n is None or op.a["sub"].n in seen:
                return n
            n = op.a["sub"].n
            seen.add(n)

    def _prune(self, roots: list[int]) -> None:
        """Keep only the variants the entries reach (dead functions are never emitted)."""
        reached: set[int] = set()
        stack = list(roots)
        while stack:
            n = stack.pop()
            if n in reached:
                continue
            reached.add(n)
            variant = self.variants[n]
            stack.extend(_called(variant.body))
            if variant.ann is not None:
                stack.extend(_ann_called(variant.ann))
        self.variants = [v for v in self.variants if v.n in reached]

    # ---- registry helpers --------------------------------------------------------------
    def _retrieve(self, uri: str) -> Any:
        try:
            return self.registry.get_or_retrieve(uri).value.contents
        except Exception as exc:
            raise PlanError("", f"cannot retrieve {uri!r}: {exc}") from None

    def _resolve(self, ref: str, ctx: Ctx) -> tuple[Any, str]:
        resolver = self.registry.resolver(ctx.base)
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable:
            raise PlanError(ctx.where, f"cannot resolve $ref {ref!r} (base URI {ctx.base!r})") from None
        return resolved.contents, resolved.resolver._base_uri

    def _dynamic_anchor(self, uri: str, name: str) -> Any | None:
        try:
            anchor = self.registry.anchor(uri, name).value
        except (NoSuchAnchor, Unresolvable, LookupError):
            return None
        except Exception:
            return None
        if isinstance(anchor, referencing.jsonschema.DynamicAnchor):
            return anchor
        return None

    def _dynamic_names(self, root: Any, root_uri: str) -> frozenset[str]:
        """Every anchor name some reachable ``$dynamicRef`` may rebind (a static pre-pass)."""
        names: set[str] = set()
        seen: set[tuple[int, str]] = set()
        stack: list[tuple[Any, str]] = [(root, root_uri)]
        while stack:
            schema, base = stack.pop()
            if not isinstance(schema, dict) or (id(schema), base) in seen:
                continue
            seen.add((id(schema), base))
            self._keep.append(schema)
            if isinstance(schema.get("$id"), str):
                base = urldefrag(urljoin(base, schema["$id"]))[0]
            for key in ("$ref", "$dynamicRef"):
                ref = schema.get(key)
                if isinstance(ref, str):
                    if key == "$dynamicRef":
                        fragment = urldefrag(ref)[1]
                        if fragment and not fragment.startswith("/"):
                            names.add(fragment)
                    try:
                        resolved = self.registry.resolver(base).lookup(ref)
                    except Exception:
                        continue
                    stack.append((resolved.contents, resolved.resolver._base_uri))
            for _, child in _children(schema):
                stack.append((child, base))
        return frozenset(names)

    def _bind(self, bindings: tuple[tuple[str, str], ...], uri: str) -> tuple[tuple[str, str], ...]:
        bound = dict(bindings)
        for name in sorted(self.dyn_names - bound.keys()):
            if self._dynamic_anchor(uri, name) is not None:
                bound[name] = uri
        return tuple(sorted(bound.items()))

    def _vocab(self, schema: Mapping[str, Any], ctx: Ctx) -> frozenset[str]:
        dialect = schema.get("$schema")
        if not isinstance(dialect, str):
            return ctx.vocab
        bare = dialect.rstrip("#")
        if bare == DIALECT:
            return ALL_VOCABS
        if bare in _OTHER_DRAFTS:
            raise PlanError(
                ctx.where, f"cannot honour $schema {dialect!r}: schemagen validates JSON Schema 2020-12 only"
            )
        meta = self._retrieve(bare)
        if not isinstance(meta, dict):
            raise PlanError(ctx.where, f"the metaschema {dialect!r} is not an object")
        declared = meta.get("$vocabulary")
        if not isinstance(declared, dict):
            if isinstance(meta.get("$schema"), str) and meta["$schema"].rstrip("#") != bare:
                return self._vocab(meta, ctx)
            return ALL_VOCABS
        vocab: set[str] = set()
        for uri, required in sorted(declared.items()):
            name = KNOWN_VOCABULARIES.get(uri)
            if name is None:
                if required:
                    raise PlanError(ctx.where, f"cannot honour the required vocabulary {uri!r} of {dialect!r}")
                continue
            vocab.add(name)
        return frozenset(vocab)

    def _resource_ctx(self, schema: Any, ctx: Ctx, base: str) -> Ctx:
        """The context inside a resource root reached at ``base`` (its ``$id`` already applied)."""
        vocab = self._vocab(schema, ctx) if isinstance(schema, dict) else ctx.vocab
        return Ctx(base, self._bind(ctx.bindings, base), vocab, ctx.doc, ctx.pointer)

    def _enter(self, schema: Any, ctx: Ctx) -> Ctx:
        """The context inside ``schema`` reached by descent (applies ``$id``, ``$schema``)."""
        if not isinstance(schema, dict):
            return ctx
        own = schema.get("$id")
        if isinstance(own, str):
            base = urldefrag(urljoin(ctx.base, own))[0]
            return self._resource_ctx(schema, Ctx(base, ctx.bindings, ctx.vocab, ctx.doc, ctx.pointer), base)
        if "$schema" in schema:
            return Ctx(ctx.base, ctx.bindings, self._vocab(schema, ctx), ctx.doc, ctx.pointer)
        return ctx

    def _located(self, schema: Any, base: str, ctx: Ctx) -> Ctx:
        """A context for a reference target: its location for schema paths."""
        if isinstance(schema, dict):
            for uri in (self.root_uri, base):
                pointer = self._pointer_index(uri).get(id(schema))
                if pointer is not None:
                    return Ctx(base, ctx.bindings, ctx.vocab, "" if uri == self.root_uri else uri, pointer)
        return Ctx(base, ctx.bindings, ctx.vocab, base, "")

    def _pointer_index(self, uri: str) -> dict[int, str]:
        if uri not in self.index:
            index: dict[int, str] = {}
            try:
                contents = self.registry.get_or_retrieve(uri).value.contents
            except Exception:
                contents = None
            stack: list[tuple[Any, str]] = [(contents, "")]
            while stack:
                node, pointer = stack.pop()
                if isinstance(node, dict):
                    index.setdefault(id(node), pointer)
                    for key, child in _children(node):
                        stack.append((child, pointer + key))
            self.index[uri] = index
        return self.index[uri]

    # ---- variants ----------------------------------------------------------------------
    def variant(self, schema: Any, ctx: Ctx, *, entered: bool = False, ann: bool = False) -> int:
        key = (
            ("bool", schema) if isinstance(schema, bool) else id(schema),
            ctx.base,
            ctx.bindings,
            ctx.vocab,
            entered,
            ann,
        )
        if key in self.keys:
            return self.keys[key]
        self._keep.append(schema)
        n = len(self.variants)
        self.keys[key] = n
        self.variants.append(Variant(n, where=ctx.where))
        self.pending.append((n, schema, ctx, entered, ann))
        return n

    def _build(self, n: int, schema: Any, ctx: Ctx, entered: bool, ann: bool) -> None:
        inner = ctx if entered else self._enter(schema, ctx)
        variant = self.variants[n]
        variant.body = self.body(schema, inner, depth=0, chain=frozenset(), entered=True, ann=ann)
        if ann:
            variant.ann = self.ann(schema, inner) if isinstance(schema, dict) else Ann()

    # ---- subschemas ----------------------------------------------------------------------
    def sub(
        self, schema: Any, ctx: Ctx, *, depth: int, chain: frozenset[int], expr: bool = False, ann: bool = False
    ) -> Sub:
        """A child schema in statement (or, with ``expr``, boolean-expression) position."""
        if ann:
            return Sub(self.variant(schema, ctx, ann=True), None)
        if isinstance(schema, bool):
            return Sub(None, self.body(schema, ctx, depth=depth + 1, chain=chain))
        if not isinstance(schema, dict):
            raise PlanError(ctx.where, "a subschema must be an object or a boolean")
        if expr and not (schema.keys() & _ASSERTING) <= _EXPR_KEYS:
            return Sub(self.variant(schema, ctx), None)
        if "$id" in schema:
            return Sub(self.variant(schema, ctx), None)
        if (
            depth >= _MAX_INLINE_DEPTH
            or id(schema) in chain
            or "unevaluatedProperties" in schema
            or "unevaluatedItems" in schema
            or _size(schema, _MAX_INLINE_SIZE) >= _MAX_INLINE_SIZE
        ):
            return Sub(self.variant(schema, ctx), None)
        body = self.body(schema, ctx, depth=depth + 1, chain=chain | {id(schema)})
        if expr and not body.expr:
            return Sub(self.variant(schema, ctx), None)
        return Sub(None, body)

    def loc(self, ctx: Ctx, keyword: str, message: str) -> int:
        where = ctx.at(keyword).where
        entry = (where, keyword, message)
        if entry not in self.loc_index:
            self.loc_index[entry] = len(self.locs)
            self.locs.append(entry)
        return self.loc_index[entry]

    def const(self, literal: str, kind: str = "raw", items: Sequence[str] = ()) -> str:
        """A module-level constant: ``raw`` (one literal), ``frozenset`` or ``tuple`` of item literals."""
        key = (kind, literal, tuple(items))
        if key not in self.const_names:
            name = f"_C_{len(self.const_names)}"
            self.const_names[key] = name
            self.consts[name] = (kind, literal, list(items))
        return self.const_names[key]

    def const_set(self, values: Sequence[str]) -> str:
        return self.const("", "frozenset", [py_str(v) for v in sorted(set(values))])

    def const_tuple(self, values: Sequence[Any]) -> str:
        return self.const("", "tuple", [py_literal(v) for v in values])

    def pattern(self, source: str, ctx: Ctx, keyword: str) -> str:
        try:
            translated = translate(source)
        except PatternError as exc:
            raise PlanError(ctx.at(keyword).where, f"{exc} in {source!r}") from None
        key = (translated.source, translated.needs_regex)
        if key not in self.patterns:
            self.patterns[key] = f"_P{len(self.patterns)}"
        self.uses.add("regex" if translated.needs_regex else "re")
        return self.patterns[key]

    # ---- bodies ---------------------------------------------------------------------------
    def body(
        self,
        schema: Any,
        ctx: Ctx,
        *,
        depth: int,
        chain: frozenset[int],
        entered: bool = False,
        ann: bool = False,
    ) -> Body:
        if schema is True:
            return Body(expr=True)
        if schema is False:
            return Body(false=Op("false", self.loc(ctx, "false", "False schema does not allow %r")), expr=True)
        if not isinstance(schema, dict):
            raise PlanError(ctx.where, f"a schema must be an object or a boolean, not {_kind_of(schema)}")
        if not entered:
            ctx = self._enter(schema, ctx)
        active = ctx.vocab
        keys = {k for k in schema if _VOCAB_OF.get(k, "core") in active or k not in _VOCAB_OF}
        body = Body()
        needs_ann = ann or bool(keys & {"unevaluatedProperties", "unevaluatedItems"})
        if "additionalProperties" in keys:
            keys.discard("unevaluatedProperties")
        if "items" in keys:
            keys.discard("unevaluatedItems")
        kw = _Keywords(self, schema, ctx, depth=depth, chain=chain, ann=needs_ann)
        groups: dict[str, list[Op]] = {}
        for keyword in _ORDER:
            if keyword not in keys:
                continue
            ops = kw.build(keyword)
            group = _GROUP_OF.get(keyword)
            for op in ops:
                if keyword == "type":
                    body.type = op
                elif keyword in ("enum", "const"):
                    body.first.append(op)
                elif group is None:
                    body.generic.append(op)
                else:
                    groups.setdefault(group, []).append(op)
        body.groups = [Group(kind, groups[kind]) for kind in ("object", "array", "string", "number") if kind in groups]
        if body.type is not None and len(body.type.a["kinds"]) == 1:
            body.known = body.type.a["types"][0]
        for op in body.first:
            op.a["known"] = body.known
        body.expr = not body.groups and not body.generic
        for op in body.generic:
            if op.kind == "false":
                return Body(false=op, expr=True)
        if (
            body.type is None
            and not body.first
            and not body.groups
            and len(body.generic) == 1
            and body.generic[0].kind in ("ref", "allOf")
        ):
            subs = [body.generic[0].a["sub"]] if body.generic[0].kind == "ref" else body.generic[0].a["subs"]
            if len(subs) == 1 and subs[0].body is not None:
                delegate: Body = subs[0].body
                return delegate  # a body that only delegates in place is its delegate
        if keys & {"unevaluatedProperties", "unevaluatedItems"}:
            body.ann = self.ann(schema, ctx, keys=keys)
            for grp in body.groups:
                for op in grp.ops:
                    if op.kind in ("unevaluatedProperties", "unevaluatedItems"):
                        op.a["ann"] = body.ann
        return body

    def _asserts_formats(self, vocab: frozenset[str]) -> bool:
        return self.formats or "format-assertion" in vocab

    def ann(self, schema: Mapping[str, Any], ctx: Ctx, keys: set[str] | None = None) -> Ann:
        """The annotation collection of one subschema (in-place applicators become ``_a`` calls)."""
        active = ctx.vocab
        if keys is None:
            keys = {k for k in schema if _VOCAB_OF.get(k, "core") in active or k not in _VOCAB_OF}
        info = Ann()
        props = schema.get("properties") if "properties" in keys else None
        if isinstance(props, dict) and props:
            info.props = self.const_set(list(props))
        pats = schema.get("patternProperties") if "patternProperties" in keys else None
        if isinstance(pats, dict):
            info.patterns = [self.pattern(p, ctx.at("patternProperties"), p) for p in sorted(pats)]
        info.all_props = "additionalProperties" in keys
        prefix = schema.get("prefixItems") if "prefixItems" in keys else None
        info.prefix = len(prefix) if isinstance(prefix, list) else 0
        info.all_items = "items" in keys
        if "contains" in keys:
            info.contains = self.sub(schema["contains"], ctx.at("contains"), depth=9, chain=frozenset(), expr=True)

        def a(sub: Any, c: Ctx) -> int:
            return self.variant(sub, c, ann=True)

        for keyword in ("$ref", "$dynamicRef"):
            if keyword in keys:
                target, tctx = self._target(keyword, schema[keyword], ctx)
                info.inplace.append(("all", [self.variant(target, tctx, entered=True, ann=True)]))
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in keys:
                info.inplace.append(("all", [a(s, ctx.at(keyword, i)) for i, s in enumerate(schema[keyword])]))
        if "if" in keys:
            then = a(schema["then"], ctx.at("then")) if "then" in keys else None
            other = a(schema["else"], ctx.at("else")) if "else" in keys else None
            info.inplace.append(("if", (a(schema["if"], ctx.at("if")), then, other)))
        if "dependentSchemas" in keys:
            deps = schema["dependentSchemas"]
            info.inplace.append(("dep", [(py_str(k), a(deps[k], ctx.at("dependentSchemas", k))) for k in sorted(deps)]))
        info.self_props = "unevaluatedProperties" in keys
        info.self_items = "unevaluatedItems" in keys
        return info

    def _target(self, keyword: str, ref: Any, ctx: Ctx) -> tuple[Any, Ctx]:
        """Resolve ``$ref`` / ``$dynamicRef`` in this context; return the target and its context."""
        if not isinstance(ref, str):
            raise PlanError(ctx.at(keyword).where, f"{keyword} must be a string")
        schema, base = self._resolve(ref, ctx)
        if keyword == "$dynamicRef":
            fragment = urldefrag(ref)[1]
            if fragment and not fragment.startswith("/") and self._dynamic_anchor(base, fragment) is not None:
                bound = dict(ctx.bindings).get(fragment)
                anchor = self._dynamic_anchor(bound, fragment) if bound is not None else None
                if bound is not None and anchor is not None:
                    schema = anchor.resource.contents
                    base = bound
        located = self._located(schema, base, ctx)
        return schema, self._resource_ctx(schema, located, base)


_STDLIB = frozenset({"datetime", "fractions", "ipaddress", "math", "re", "uuid"})
_THIRD_PARTY = frozenset({"regex", "idna", "rfc3987_syntax", "rfc3339_validator"})
_ASSERTING = frozenset(_VOCAB_OF) | {"$ref", "$dynamicRef", "format", "$id", "$schema", "dependencies"}

_ORDER = (
    "type",
    "enum",
    "const",
    # number
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    # string
    "minLength",
    "maxLength",
    "pattern",
    "format",
    # array
    "minItems",
    "maxItems",
    "uniqueItems",
    "prefixItems",
    "items",
    "contains",
    # object
    "required",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependencies",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "dependentSchemas",
    # in place
    "$ref",
    "$dynamicRef",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    # last: they depend on everything else
    "unevaluatedItems",
    "unevaluatedProperties",
)


class _Keywords:
    """One emitter per keyword: each turns the keyword's value into Ops for the templates."""

    def __init__(
        self, planner: Planner, schema: dict[str, Any], ctx: Ctx, *, depth: int, chain: frozenset[int], ann: bool
    ) -> None:
        self.p = planner
        self.s = schema
        self.ctx = ctx
        self.depth = depth
        self.chain = chain
        self.ann = ann

    def build(self, keyword: str) -> list[Op]:
        method = getattr(self, "k_" + keyword.lstrip("$"))
        ops: list[Op] = method(self.s[keyword])
        return ops

    def bad(self, keyword: str, message: str) -> PlanError:
        return PlanError(self.ctx.at(keyword).where, message)

    def loc(self, keyword: str, message: str) -> int:
        return self.p.loc(self.ctx, keyword, message)

    def child(self, schema: Any, *tokens: str | int, expr: bool = False, ann: bool = False) -> Sub:
        ctx = self.ctx.at(*tokens)
        return self.p.sub(schema, ctx, depth=self.depth, chain=self.chain, expr=expr, ann=ann)

    def inplace(self, schema: Any, *tokens: str | int, expr: bool = False) -> Sub:
        return self.child(schema, *tokens, expr=expr, ann=self.ann)

    def number(self, keyword: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(keyword, f"{keyword} must be a number")
        return value

    def count(self, keyword: str, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.bad(keyword, f"{keyword} must be a non-negative integer")
        return value

    # ---- any type -------------------------------------------------------------------------
    def k_type(self, value: Any) -> list[Op]:
        types = [value] if isinstance(value, str) else value
        if not isinstance(types, list) or not types or not all(t in JSON_TYPES for t in types):
            raise self.bad("type", f"type must be a JSON type name or a list of them, not {value!r}")
        if "number" in types:
            types = [t for t in types if t != "integer"]
        types = list(dict.fromkeys(types))
        kinds = sorted({_TYPE_KIND[t] for t in types})
        shown = ", ".join(repr(t) for t in types)
        return [Op("type", self.loc("type", "%r is not of type " + _fmt(shown)), {"types": types, "kinds": kinds})]

    def k_enum(self, value: Any) -> list[Op]:
        if not isinstance(value, list):
            raise self.bad("enum", "enum must be an array")
        message = "%r is not one of " + _fmt(repr(value))
        strs = [v for v in value if isinstance(v, str)]
        has_null = None in value
        if value and len(strs) + has_null == len(value):
            name = self.p.const_set(strs) if strs else ""
            return [Op("enum", self.loc("enum", message), {"strs": name, "null": has_null, "general": ""})]
        self.p.uses.add("eq")
        name = self.p.const_tuple(value)
        return [Op("enum", self.loc("enum", message), {"strs": "", "null": False, "general": name})]

    def k_const(self, value: Any) -> list[Op]:
        message = _fmt(repr(value)) + " was expected"
        if value is None or isinstance(value, bool):
            test = "is"
        elif isinstance(value, str):
            test = "str"
        else:
            test = "eq"
            self.p.uses.add("eq")
        literal = py_literal(value)
        if isinstance(value, (list, dict)) or len(literal) > 40:
            literal = self.p.const(literal)
        return [Op("const", self.loc("const", message), {"test": test, "value": literal})]

    # ---- numbers ----------------------------------------------------------------------------
    def _bound(self, keyword: str, value: Any, op: str, message: str) -> list[Op]:
        value = self.number(keyword, value)
        literal = py_literal(value)
        return [Op("bound", self.loc(keyword, "%r " + message + " " + _fmt(literal)), {"op": op, "value": literal})]

    def k_minimum(self, value: Any) -> list[Op]:
        return self._bound("minimum", value, "<", "is less than the minimum of")

    def k_maximum(self, value: Any) -> list[Op]:
        return self._bound("maximum", value, ">", "is greater than the maximum of")

    def k_exclusiveMinimum(self, value: Any) -> list[Op]:
        return self._bound("exclusiveMinimum", value, "<=", "is less than or equal to the minimum of")

    def k_exclusiveMaximum(self, value: Any) -> list[Op]:
        return self._bound("exclusiveMaximum", value, ">=", "is greater than or equal to the maximum of")

    def k_multipleOf(self, value: Any) -> list[Op]:
        value = self.number("multipleOf", value)
        if value <= 0:
            raise self.bad("multipleOf", "multipleOf must be greater than 0")
        literal = py_literal(value)
        integral = isinstance(value, int)
        if not integral:
            self.p.uses.update(("multiple", "fractions", "math"))
        message = "%r is not a multiple of " + _fmt(literal)
        return [Op("multipleOf", self.loc("multipleOf", message), {"value": literal, "int": integral})]

    # ---- strings ----------------------------------------------------------------------------
    def k_minLength(self, value: Any) -> list[Op]:
        n = self.count("minLength", value)
        if n == 0:
            return []
        return [Op("length", self.loc("minLength", "%r is too short"), {"op": "<", "value": n})]

    def k_maxLength(self, value: Any) -> list[Op]:
        n = self.count("maxLength", value)
        return [Op("length", self.loc("maxLength", "%r is too long"), {"op": ">", "value": n})]

    def k_pattern(self, value: Any) -> list[Op]:
        if not isinstance(value, str):
            raise self.bad("pattern", "pattern must be a string")
        name = self.p.pattern(value, self.ctx, "pattern")
        return [Op("pattern", self.loc("pattern", "%r does not match " + _fmt(repr(value))), {"re": name})]

    def k_format(self, value: Any) -> list[Op]:
        if not self.p._asserts_formats(self.ctx.vocab) or not isinstance(value, str):
            return []
        checker = _formats.CHECKERS.get(value)
        if checker is None:
            return []  # unknown formats are annotations only (2020-12 section 7.2.3)
        for module in checker.requires:
            try:
                __import__(module)
            except ImportError:
                raise self.bad(
                    "format", f"format {value!r} needs the {module!r} package: install schemagen[formats]"
                ) from None
        self.p.uses.add("fmt_" + checker.helper)
        self.p.uses.update("fmt_" + dep for dep in checker.deps)
        self.p.uses.update(checker.stdlib)
        for dep in checker.deps:
            dep_checker = next((c for c in _formats.CHECKERS.values() if c.helper == dep), None)
            if dep_checker is not None:
                self.p.uses.update(dep_checker.stdlib)
        helper = checker.helper
        message = "%r is not a " + _fmt(repr(value))
        return [Op("format", self.loc("format", message), {"helper": "_fmt_" + helper})]

    # ---- arrays ---------------------------------------------------------------------------
    def k_minItems(self, value: Any) -> list[Op]:
        n = self.count("minItems", value)
        if n == 0:
            return []
        return [Op("size", self.loc("minItems", "%r is too short"), {"op": "<", "value": n})]

    def k_maxItems(self, value: Any) -> list[Op]:
        n = self.count("maxItems", value)
        return [Op("size", self.loc("maxItems", "%r is too long"), {"op": ">", "value": n})]

    def k_uniqueItems(self, value: Any) -> list[Op]:
        if value is not True:
            return []
        self.p.uses.add("unique")
        return [Op("uniqueItems", self.loc("uniqueItems", "%r has non-unique elements"))]

    def k_prefixItems(self, value: Any) -> list[Op]:
        if not isinstance(value, list) or not value:
            raise self.bad("prefixItems", "prefixItems must be a non-empty array")
        subs = [(i, self.child(s, "prefixItems", i)) for i, s in enumerate(value)]
        subs = [(i, s) for i, s in subs if not (s.body is not None and s.body.empty)]
        if not subs:
            return []
        return [Op("prefixItems", self.loc("prefixItems", ""), {"subs": subs})]

    def k_items(self, value: Any) -> list[Op]:
        prefix = self.s.get("prefixItems") if "applicator" in self.ctx.vocab else None
        start = len(prefix) if isinstance(prefix, list) else 0
        if value is True:
            return []
        if value is False:
            message = "%r has %s more items than the " + str(start) + " allowed"
            return [Op("noItems", self.loc("items", message), {"start": start})]
        sub = self.child(value, "items")
        if sub.body is not None and sub.body.empty:
            return []
        return [Op("items", self.loc("items", ""), {"sub": sub, "start": start})]

    def k_contains(self, value: Any) -> list[Op]:
        lo = self.count("minContains", self.s.get("minContains", 1)) if "validation" in self.ctx.vocab else 1
        hi = self.s.get("maxContains") if "validation" in self.ctx.vocab else None
        hi = self.count("maxContains", hi) if hi is not None else None
        sub = self.child(value, "contains", expr=True)
        if lo == 0 and hi is None:
            return []
        keyword_lo = "minContains" if lo == 0 or "minContains" in self.s else "contains"
        lo_loc = self.loc(
            keyword_lo,
            "%r does not contain items matching the given schema"
            if lo == 1
            else "Too few items match the given schema (expected at least " + str(lo) + " but only %s matched)",
        )
        hi_loc = (
            self.loc("maxContains", "Too many items match the given schema (expected at most " + str(hi) + ")")
            if hi is not None
            else lo_loc
        )
        return [Op("contains", lo_loc, {"sub": sub, "min": lo, "max": hi, "hi_loc": hi_loc})]

    # ---- objects --------------------------------------------------------------------------
    def k_required(self, value: Any) -> list[Op]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.bad("required", "required must be an array of strings")
        names = list(dict.fromkeys(value))
        if not names:
            return []
        keys = [(py_str(k), self.p.loc(self.ctx, "required", _fmt(repr(k)) + " is a required property")) for k in names]
        return [Op("required", keys[0][1], {"set": self.p.const_set(names), "keys": keys})]

    def k_minProperties(self, value: Any) -> list[Op]:
        n = self.count("minProperties", value)
        if n == 0:
            return []
        msg = "%r should be non-empty" if n == 1 else "%r does not have enough properties"
        return [Op("size", self.loc("minProperties", msg), {"op": "<", "value": n})]

    def k_maxProperties(self, value: Any) -> list[Op]:
        n = self.count("maxProperties", value)
        return [Op("size", self.loc("maxProperties", "%r has too many properties"), {"op": ">", "value": n})]

    def k_dependentRequired(self, value: Any) -> list[Op]:
        if not isinstance(value, dict):
            raise self.bad("dependentRequired", "dependentRequired must be an object")
        deps = []
        for key in sorted(value):
            names = list(dict.fromkeys(value[key]))
            locs = [
                (
                    py_str(n),
                    self.p.loc(self.ctx.at("dependentRequired"), key, _fmt(f"{n!r} is a dependency of {key!r}")),
                )
                for n in names
            ]
            if locs:
                deps.append((py_str(key), locs))
        if not deps:
            return []
        return [Op("dependentRequired", deps[0][1][0][1], {"deps": deps})]

    def k_dependencies(self, value: Any) -> list[Op]:
        """The draft-07 ``dependencies`` (still common in the wild): arrays as dependentRequired, schemas as
        dependentSchemas. 2020-12 dropped the keyword; honouring it is what its compatibility tests ask."""
        if not isinstance(value, dict):
            raise self.bad("dependencies", "dependencies must be an object")
        names = {k: v for k, v in value.items() if isinstance(v, list)}
        schemas = {k: v for k, v in value.items() if not isinstance(v, list)}
        ops: list[Op] = []
        if names:
            ops += _Keywords(
                self.p, self.s, self.ctx.at("dependencies"), depth=self.depth, chain=self.chain, ann=self.ann
            ).k_dependentRequired(names)
        if schemas:
            ops += _Keywords(
                self.p, self.s, self.ctx.at("dependencies"), depth=self.depth, chain=self.chain, ann=self.ann
            ).k_dependentSchemas(schemas)
        return ops

    def k_dependentSchemas(self, value: Any) -> list[Op]:
        if not isinstance(value, dict):
            raise self.bad("dependentSchemas", "dependentSchemas must be an object")
        deps = [(py_str(k), self.inplace(value[k], "dependentSchemas", k)) for k in sorted(value)]
        deps = [(k, s) for k, s in deps if not (s.body is not None and s.body.empty)]
        if not deps:
            return []
        return [Op("dependentSchemas", self.loc("dependentSchemas", ""), {"deps": deps})]

    def k_properties(self, value: Any) -> list[Op]:
        if not isinstance(value, dict):
            raise self.bad("properties", "properties must be an object")
        required = self.s.get("required", []) if "validation" in self.ctx.vocab else []
        props = []
        for name, schema in value.items():
            sub = self.child(schema, "properties", name)
            if sub.body is not None and sub.body.empty:
                continue
            req = isinstance(required, list) and name in required
            props.append((py_str(name), sub, "required" if req else "nullable" if _accepts_none(sub) else ""))
        if not props:
            return []
        return [Op("properties", self.loc("properties", ""), {"props": props})]

    def k_patternProperties(self, value: Any) -> list[Op]:
        if not isinstance(value, dict):
            raise self.bad("patternProperties", "patternProperties must be an object")
        pats = []
        for pattern in sorted(value):
            sub = self.child(value[pattern], "patternProperties", pattern)
            name = self.p.pattern(pattern, self.ctx.at("patternProperties"), pattern)
            if not (sub.body is not None and sub.body.empty):
                pats.append((name, sub))
        if not pats:
            return []
        return [Op("patternProperties", self.loc("patternProperties", ""), {"pats": pats})]

    def k_additionalProperties(self, value: Any) -> list[Op]:
        applicator = "applicator" in self.ctx.vocab
        props = self.s.get("properties", {}) if applicator else {}
        pats = self.s.get("patternProperties", {}) if applicator else {}
        known = ""
        if isinstance(props, dict) and props:
            known = self.p.const_set(list(props))
        patterns = [self.p.pattern(p, self.ctx.at("patternProperties"), p) for p in sorted(pats)] if pats else []
        if value is True:
            return []
        if value is False:
            message = "Additional properties are not allowed (%s unexpected)"
            sub = None
            self.p.uses.add("names")
        else:
            message = ""
            sub = self.child(value, "additionalProperties")
            if sub.body is not None and sub.body.empty:
                return []
        return [
            Op(
                "additionalProperties",
                self.loc("additionalProperties", message),
                {"sub": sub, "known": known, "patterns": patterns},
            )
        ]

    def k_propertyNames(self, value: Any) -> list[Op]:
        sub = self.child(value, "propertyNames")
        if sub.body is not None and sub.body.known is None:
            sub.body.known = "string"  # property names are strings
            for op in sub.body.first:
                op.a["known"] = "string"
        if sub.body is not None and sub.body.empty:
            return []
        return [Op("propertyNames", self.loc("propertyNames", ""), {"sub": sub})]

    def k_unevaluatedProperties(self, value: Any) -> list[Op]:
        self.p.uses.add("names")
        sub = self.child(value, "unevaluatedProperties")
        if value is False:
            message = "Unevaluated properties are not allowed (%s unexpected)"
        else:
            message = "Unevaluated properties are not valid under the given schema (%s unevaluated and invalid)"
        if sub.body is not None and sub.body.empty:
            return []
        expr = self.child(value, "unevaluatedProperties", expr=True)
        data = {"sub": sub, "expr": expr, "ann": None}
        return [Op("unevaluatedProperties", self.loc("unevaluatedProperties", message), data)]

    def k_unevaluatedItems(self, value: Any) -> list[Op]:
        self.p.uses.add("names")
        sub = self.child(value, "unevaluatedItems")
        if value is False:
            message = "Unevaluated items are not allowed (%s unexpected)"
        else:
            message = "Unevaluated items are not valid under the given schema (%s unevaluated and invalid)"
        if sub.body is not None and sub.body.empty:
            return []
        expr = self.child(value, "unevaluatedItems", expr=True)
        data = {"sub": sub, "expr": expr, "ann": None}
        return [Op("unevaluatedItems", self.loc("unevaluatedItems", message), data)]

    # ---- in place -------------------------------------------------------------------------
    def _ref(self, keyword: str, value: Any) -> list[Op]:
        target, tctx = self.p._target(keyword, value, self.ctx)
        if self.ann:
            sub = Sub(self.p.variant(target, tctx, entered=True, ann=True), None)
        elif isinstance(target, dict) and (
            "$id" in target
            or self.depth >= _MAX_INLINE_DEPTH
            or id(target) in self.chain
            or "unevaluatedProperties" in target
            or "unevaluatedItems" in target
            or _size(target, _MAX_INLINE_SIZE) >= _MAX_INLINE_SIZE
            or tctx.base != self.ctx.base
            or _has_refs(target, self.chain | {id(target)})
        ):
            sub = Sub(self.p.variant(target, tctx, entered=True), None)
        else:
            body = self.p.body(target, tctx, depth=self.depth + 1, chain=self.chain | {id(target)}, entered=True)
            sub = Sub(None, body)
        if sub.body is not None and sub.body.empty:
            return []
        return [Op("ref", self.loc(keyword, ""), {"sub": sub})]

    def k_ref(self, value: Any) -> list[Op]:
        return self._ref("$ref", value)

    def k_dynamicRef(self, value: Any) -> list[Op]:
        return self._ref("$dynamicRef", value)

    def _list(self, keyword: str, value: Any) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.bad(keyword, f"{keyword} must be a non-empty array")
        return value

    def k_allOf(self, value: Any) -> list[Op]:
        subs = [self.inplace(s, "allOf", i) for i, s in enumerate(self._list("allOf", value))]
        subs = [s for s in subs if not (s.body is not None and s.body.empty)]
        return [Op("allOf", self.loc("allOf", ""), {"subs": subs})] if subs else []

    def _pick(self, branches: list[Any], ctx: Ctx) -> list[tuple[list[str], int]]:
        """For each branch, the JSON kinds of instance only it can accept (for best-match errors)."""
        kinds = [_kinds(self.p, b, ctx.at(i), frozenset()) for i, b in enumerate(branches)]
        owner: dict[int, list[str]] = {}
        for kind in KINDS:
            accepting = [i for i, k in enumerate(kinds) if kind in k]
            if len(accepting) == 1:
                owner.setdefault(accepting[0], []).append(kind)
        return [(owner[i], i) for i in sorted(owner)]

    def _choice(self, keyword: str, value: Any, message: str) -> list[Op]:
        branches = self._list(keyword, value)
        subs = [self.inplace(s, keyword, i, expr=True) for i, s in enumerate(branches)]
        pick = self._pick(branches, self.ctx.at(keyword))
        fast = sorted(subs, key=lambda sub: sub.body is None)  # inline tests before calls
        return [Op(keyword, self.loc(keyword, message), {"subs": subs, "pick": pick, "fast": fast})]

    def k_anyOf(self, value: Any) -> list[Op]:
        ops = self._choice("anyOf", value, "%r is not valid under any of the given schemas")
        subs = ops[0].a["subs"]
        if any(sub.body is not None and sub.body.empty for sub in subs):
            return []  # one branch accepts everything
        calls = [i for i, sub in enumerate(subs) if sub.body is None]
        if len(calls) == 1 and len(subs) > 1 and not self.ann:
            # Nullable wrappers (anyOf: [X, {type: null}]): test the cheap branches, then check X in line.
            rest = self.child(value[calls[0]], "anyOf", calls[0])
            if rest.body is not None:
                ops[0].a["cheap"] = [sub for i, sub in enumerate(subs) if i != calls[0]]
                ops[0].a["rest"] = rest
        return ops

    def k_oneOf(self, value: Any) -> list[Op]:
        ops = self._choice("oneOf", value, "%r is not valid under any of the given schemas")
        ops[0].a["many"] = self.p.loc(self.ctx, "oneOf", "%r is valid under each of %s")
        return ops

    def k_not(self, value: Any) -> list[Op]:
        sub = self.child(value, "not", expr=True)
        if sub.body is not None and sub.body.false is not None:
            return []
        if sub.body is not None and sub.body.empty:
            return [Op("false", self.loc("not", "%r should not be valid under {}"))]
        return [Op("not", self.loc("not", "%r should not be valid under " + _fmt(repr(value))), {"sub": sub})]

    def k_if(self, value: Any) -> list[Op]:
        applicator = "applicator" in self.ctx.vocab
        then = self.s.get("then") if applicator else None
        other = self.s.get("else") if applicator else None
        if then is None and other is None:
            return []
        cond = self.inplace(value, "if", expr=True)
        then_sub = self.inplace(then, "then") if then is not None else None
        else_sub = self.inplace(other, "else") if other is not None else None
        if then_sub is not None and then_sub.body is not None and then_sub.body.empty:
            then_sub = None
        if else_sub is not None and else_sub.body is not None and else_sub.body.empty:
            else_sub = None
        if then_sub is None and else_sub is None:
            return []
        if cond.body is not None and cond.body.empty:
            return [Op("allOf", self.loc("then", ""), {"subs": [then_sub]})] if then_sub is not None else []
        if cond.body is not None and cond.body.false is not None:
            return [Op("allOf", self.loc("else", ""), {"subs": [else_sub]})] if else_sub is not None else []
        return [Op("if", self.loc("if", ""), {"cond": cond, "then": then_sub, "else": else_sub})]


def _accepts_none(sub: Sub) -> bool:
    """Whether the child surely accepts null (so a missing key may be read as None)."""
    body = sub.body
    if body is None or body.false is not None or body.groups:
        return False
    if body.type is not None and "null" not in body.type.a["types"]:
        return False
    for op in body.first:
        if op.kind == "enum" and not op.a["null"]:
            return False
        if op.kind == "const" and op.a["value"] != "None":
            return False
    for op in body.generic:
        if op.kind == "anyOf" and any(s.body is not None and _accepts_none(s) for s in op.a["subs"]):
            continue
        if op.kind == "ref" and _accepts_none(op.a["sub"]):
            continue
        if op.kind == "allOf" and all(_accepts_none(s) for s in op.a["subs"]):
            continue
        return False
    return True


def _subs(value: Any) -> Iterator[Sub]:
    """Every Sub inside a plan value."""
    if isinstance(value, Sub):
        yield value
        if value.body is not None:
            yield from _subs(value.body)
    elif isinstance(value, Body):
        for op in [*value.first, *value.generic, *(op for g in value.groups for op in g.ops)]:
            yield from _subs(op)
        if value.ann is not None and value.ann.contains is not None:
            yield from _subs(value.ann.contains)
    elif isinstance(value, Op):
        for item in value.a.values():
            yield from _subs(item)
    elif isinstance(value, Ann):
        if value.contains is not None:
            yield from _subs(value.contains)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _subs(item)


def _called(value: Any) -> Iterator[int]:
    """Every variant number a body (or any plan value inside it) calls."""
    if isinstance(value, Sub):
        if value.n is not None:
            yield value.n
        if value.body is not None:
            yield from _called(value.body)
    elif isinstance(value, Body):
        for op in [*value.first, *value.generic, *(op for g in value.groups for op in g.ops)]:
            yield from _called(op)
        if value.ann is not None:
            yield from _ann_called(value.ann)
    elif isinstance(value, Op):
        for item in value.a.values():
            yield from _called(item)
    elif isinstance(value, Ann):
        yield from _ann_called(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _called(item)


def _ann_called(ann: Ann) -> Iterator[int]:
    if ann.contains is not None:
        yield from _called(ann.contains)
    for kind, data in ann.inplace:
        if kind == "all":
            yield from data
        elif kind == "dep":
            yield from (n for _, n in data)
        else:
            yield from (n for n in data if n is not None)


def _children(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(pointer suffix, subschema) for every direct subschema of a 2020-12 schema."""
    for key in ("additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
                "unevaluatedItems", "unevaluatedProperties"):  # fmt: skip
        if key in schema and isinstance(schema[key], (dict, bool)):
            yield "/" + key, schema[key]
    for key in ("prefixItems", "allOf", "anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            for i, sub in enumerate(schema[key]):
                yield f"/{key}/{i}", sub
    for key in ("properties", "patternProperties", "$defs", "dependentSchemas", "definitions"):
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield f"/{key}/" + name.replace("~", "~0").replace("/", "~1"), sub


def _size(schema: Any, limit: int) -> int:
    """The number of subschemas under ``schema``, counted up to ``limit``."""
    count = 0
    stack = [schema]
    while stack and count < limit:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(child for _, child in _children(node))
            count += len(node.get("enum", ())) // 8 if isinstance(node.get("enum"), list) else 0
    return count


def _has_refs(schema: Any, chain: frozenset[int]) -> bool:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node or "$dynamicRef" in node:
                return True
            stack.extend(child for _, child in _children(node))
    return False


def _kinds(planner: Planner, schema: Any, ctx: Ctx, seen: frozenset[int]) -> frozenset[str]:
    """The JSON kinds of instance a schema can possibly accept (a safe over-approximation)."""
    if schema is True:
        return ALL_KINDS
    if schema is False:
        return frozenset()
    if not isinstance(schema, dict) or id(schema) in seen:
        return ALL_KINDS
    seen = seen | {id(schema)}
    kinds = ALL_KINDS
    value = schema.get("type")
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        kinds &= frozenset(_TYPE_KIND.get(t, "null") for t in value)
    if "const" in schema:
        kinds &= {_kind_of(schema["const"])}
    if isinstance(schema.get("enum"), list):
        kinds &= frozenset(_kind_of(v) for v in schema["enum"])
    for sub in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []:
        kinds &= _kinds(planner, sub, ctx, seen)
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            union: frozenset[str] = frozenset()
            for sub in schema[keyword]:
                union |= _kinds(planner, sub, ctx, seen)
            kinds &= union
    if isinstance(schema.get("$ref"), str):
        try:
            target, base = planner._resolve(schema["$ref"], ctx)
        except PlanError:
            return kinds
        kinds &= _kinds(planner, target, Ctx(base, ctx.bindings, ctx.vocab, ctx.doc, ctx.pointer), seen)
    return kinds
