"""Where a subschema sits: base URI, dynamic scope, active vocabularies, and reference resolution.

``$dynamicRef`` depends on the dynamic scope; since that scope is fixed by the path of references
taken from the root, each subschema is planned once per distinct *binding* of the dynamic anchors in
play (outermost resource first), so the generated code needs no scope at run time.

Only public ``referencing`` API is used: the base URI of a resolved reference is tracked here, from
the reference and the ``$id`` s met along its JSON pointer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import referencing
import referencing.jsonschema
from referencing.exceptions import NoSuchAnchor, Unresolvable

from generator.schema import pointer
from generator.schema.vocabulary import children, walk
from generator.validation.ctx import Ctx
from generator.validation.dialect import Dialect
from generator.validation.plan import PlanError


class Scope:
    """The registry seen from the planner: retrieval, resolution, dynamic anchors, vocabularies."""

    def __init__(self, registry: referencing.Registry[Any], dialect: Dialect) -> None:
        self.registry = registry.crawl()
        self.dialect = dialect
        self.dyn_names: frozenset[str] = frozenset()
        self.root_uri = ""
        self.index: dict[str, dict[int, str]] = {}
        self.keep: list[Any] = []
        """Every schema whose ``id()`` is a key somewhere: kept alive for the planner's lifetime."""

    def start(self, root_uri: str) -> tuple[Any, Ctx]:
        """The root resource and its context."""
        self.root_uri = root_uri
        root = self.retrieve(root_uri)
        self.dyn_names = self._dynamic_names(root, root_uri)
        return root, self.resource_ctx(root, Ctx(root_uri, (), self.dialect.default_vocab, "", ""), root_uri)

    # ---- registry --------------------------------------------------------------------------------
    def retrieve(self, uri: str) -> Any:
        try:
            return self.registry.get_or_retrieve(uri).value.contents
        except Exception as exc:
            raise PlanError("", f"cannot retrieve {uri!r}: {exc}") from None

    def resolve(self, ref: str, ctx: Ctx) -> tuple[Any, str]:
        """The target of ``ref`` from ``ctx`` and the target's base URI."""
        try:
            resolved = self.registry.resolver(ctx.base).lookup(ref)
        except Unresolvable:
            raise PlanError(ctx.where, f"cannot resolve $ref {ref!r} (base URI {ctx.base!r})") from None
        return resolved.contents, self._base_of(ref, ctx.base)

    def _base_of(self, ref: str, base: str) -> str:
        """The base URI ``referencing`` resolves ``ref`` in: the resource's, then each ``$id`` on the pointer."""
        if ref.startswith("#"):
            uri, fragment = base, ref[1:]
        else:
            uri, fragment = urldefrag(urljoin(base, ref))
        if not fragment.startswith("/"):
            return uri
        contents = self.registry.get_or_retrieve(uri).value.contents
        dialect = contents.get("$schema") if isinstance(contents, dict) else None
        spec = referencing.jsonschema.specification_with(
            dialect if isinstance(dialect, str) else "", default=referencing.jsonschema.DRAFT202012
        )
        resolver = self.registry.resolver(uri)
        segments: list[int | str] = []
        for token in pointer.split(unquote(fragment)):
            segment: int | str = int(token) if isinstance(contents, list) else token
            contents = contents[segment]
            segments.append(segment)
            last = resolver
            subresource = spec.create_resource(contents)
            resolver = spec.maybe_in_subresource(segments=segments, resolver=resolver, subresource=subresource)
            if resolver is not last:
                own = subresource.id()
                uri = urljoin(uri, own) if own is not None else uri
                segments = []
        return uri

    def dynamic_anchor(self, uri: str, name: str) -> Any | None:
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
            self.keep.append(schema)
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
                        target_base = self._base_of(ref, base)
                    except Exception:
                        continue
                    stack.append((resolved.contents, target_base))
            for _, child in children(schema):
                stack.append((child, base))
        return frozenset(names)

    # ---- contexts --------------------------------------------------------------------------------
    def _bind(self, bindings: tuple[tuple[str, str], ...], uri: str) -> tuple[tuple[str, str], ...]:
        bound = dict(bindings)
        for name in sorted(self.dyn_names - bound.keys()):
            if self.dynamic_anchor(uri, name) is not None:
                bound[name] = uri
        return tuple(sorted(bound.items()))

    def vocab(self, schema: Mapping[str, Any], ctx: Ctx) -> frozenset[str]:
        """The vocabularies active in a resource that declares ``$schema``."""
        declared_dialect = schema.get("$schema")
        if not isinstance(declared_dialect, str):
            return ctx.vocab
        bare = declared_dialect.rstrip("#")
        if bare == self.dialect.uri:
            return self.dialect.default_vocab
        if bare in self.dialect.refused:
            raise PlanError(
                ctx.where,
                f"cannot honour $schema {declared_dialect!r}: schemagen validates {self.dialect.name} only",
            )
        meta = self.retrieve(bare)
        if not isinstance(meta, dict):
            raise PlanError(ctx.where, f"the metaschema {declared_dialect!r} is not an object")
        declared = meta.get("$vocabulary")
        if not isinstance(declared, dict):
            if isinstance(meta.get("$schema"), str) and meta["$schema"].rstrip("#") != bare:
                return self.vocab(meta, ctx)
            return self.dialect.default_vocab
        vocab: set[str] = set()
        for uri, required in sorted(declared.items()):
            name = self.dialect.vocabularies.get(uri)
            if name is None:
                if required:
                    raise PlanError(ctx.where, f"cannot honour the required vocabulary {uri!r} of {declared_dialect!r}")
                continue
            vocab.add(name)
        return frozenset(vocab)

    def resource_ctx(self, schema: Any, ctx: Ctx, base: str) -> Ctx:
        """The context inside a resource root reached at ``base`` (its ``$id`` already applied)."""
        vocab = self.vocab(schema, ctx) if isinstance(schema, dict) else ctx.vocab
        return Ctx(base, self._bind(ctx.bindings, base), vocab, ctx.doc, ctx.pointer)

    def enter(self, schema: Any, ctx: Ctx) -> Ctx:
        """The context inside ``schema`` reached by descent (applies ``$id``, ``$schema``)."""
        if not isinstance(schema, dict):
            return ctx
        own = schema.get("$id")
        if isinstance(own, str):
            base = urldefrag(urljoin(ctx.base, own))[0]
            return self.resource_ctx(schema, replace(ctx, base=base), base)
        if "$schema" in schema:
            return replace(ctx, vocab=self.vocab(schema, ctx))
        return ctx

    def located(self, schema: Any, base: str, ctx: Ctx, fragment: str = "") -> Ctx:
        """A context for a reference target: its location for schema paths (else the reference's fragment)."""
        if isinstance(schema, dict):
            for uri in (self.root_uri, base):
                where = self._pointer_index(uri).get(id(schema))
                if where is not None:
                    return Ctx(base, ctx.bindings, ctx.vocab, "" if uri == self.root_uri else uri, where)
        at = unquote(fragment) if fragment.startswith("/") else ""
        return Ctx(base, ctx.bindings, ctx.vocab, "" if base == self.root_uri else base, at)

    def _pointer_index(self, uri: str) -> dict[int, str]:
        if uri not in self.index:
            index: dict[int, str] = {}
            try:
                contents = self.registry.get_or_retrieve(uri).value.contents
            except Exception:
                contents = None
            for where, node in walk(contents):
                if isinstance(node, dict):
                    index.setdefault(id(node), where)
            self.index[uri] = index
        return self.index[uri]

    def target(self, keyword: str, ref: Any, ctx: Ctx) -> tuple[Any, Ctx]:
        """Resolve ``$ref`` / ``$dynamicRef`` in this context; return the target and its context."""
        if not isinstance(ref, str):
            raise PlanError(ctx.at(keyword).where, f"{keyword} must be a string")
        schema, base = self.resolve(ref, ctx)
        if keyword == "$dynamicRef":
            fragment = urldefrag(ref)[1]
            if fragment and not fragment.startswith("/") and self.dynamic_anchor(base, fragment) is not None:
                bound = dict(ctx.bindings).get(fragment)
                anchor = self.dynamic_anchor(bound, fragment) if bound is not None else None
                if bound is not None and anchor is not None:
                    schema = anchor.resource.contents
                    base = bound
        located = self.located(schema, base, ctx, urldefrag(urljoin(ctx.base, ref))[1])
        return schema, self.resource_ctx(schema, located, base)
