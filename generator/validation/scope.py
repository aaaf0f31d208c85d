"""Where a subschema sits: base URI, dynamic scope, dialect and vocabularies, and reference resolution.

Each resource's own ``$schema`` chooses its dialect (a nested resource's too); a resource that declares
none has its enclosing resource's, and the root document the default dialect. A reference target is
planned in the dialect of the resource that holds it (the ``$schema`` above it in its document), or,
in a document that declares none, in its referrer's (as python-jsonschema does).

``$dynamicRef`` (and 2019-09's ``$recursiveRef``) depends on the dynamic scope; since that scope is
fixed by the path of references taken from the root, each subschema is planned once per distinct
*binding* of the dynamic anchors in play (outermost resource first; for ``$recursiveAnchor``, the
outermost of an unbroken run of resources that set it), so the generated code needs no scope at run
time.

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
from generator.schema.vocabulary import children
from generator.validation.ctx import Ctx
from generator.validation.dialect import Dialect
from generator.validation.plan import PlanError

RECURSIVE = "$recursiveAnchor"
"""The binding of 2019-09's ``$recursiveAnchor`` among the dynamic-anchor bindings (no anchor name clashes)."""
ACCEPTED = "JSON Schema draft-04, draft-06, draft-07, 2019-09 and 2020-12"


def bare_uri(uri: str) -> str:
    """A ``$schema`` URI without its empty fragment (``http://json-schema.org/draft-07/schema#``)."""
    return uri[:-1] if uri.endswith("#") else uri


class Scope:
    """The registry seen from the planner: retrieval, resolution, dynamic anchors, dialects, vocabularies."""

    def __init__(
        self,
        registry: referencing.Registry[Any],
        dialects: Mapping[str, Dialect],
        default: Dialect,
        refused: Mapping[str, str],
    ) -> None:
        try:
            self.registry = registry.crawl()
        except (AttributeError, TypeError) as exc:  # a subschema of the wrong shape for its dialect
            message = f"cannot read the schema's subschemas ({exc}): is it valid under its metaschema?"
            raise PlanError("", message) from None
        self.dialects = dialects
        self.default = default
        self.refused = refused
        self.dyn_names: frozenset[str] = frozenset()
        self.recursive = False
        """Some reachable schema holds ``$recursiveRef``: resources bind their ``$recursiveAnchor``."""
        self.root_uri = ""
        self.index: dict[str, dict[int, tuple[str, Any]]] = {}
        self.declared_cache: dict[str, tuple[Dialect, frozenset[str]]] = {}
        self.keep: list[Any] = []
        """Every schema whose ``id()`` is a key somewhere: kept alive for the planner's lifetime."""

    def start(self, root_uri: str) -> tuple[Any, Ctx]:
        """The root resource and its context."""
        self.root_uri = root_uri
        root = self.retrieve(root_uri)
        self.dyn_names = self._dynamic_names(root, root_uri)
        ctx = Ctx(root_uri, (), self.default, self.default.default_vocab, "", "")
        return root, self.resource_ctx(root, self.enter_dialect(root, ctx), root_uri)

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

    def _spec(self, schema: Any, default: Any) -> Any:
        """The ``referencing`` specification of a (sub)schema: its own ``$schema``'s, else ``default``."""
        declared = schema.get("$schema") if isinstance(schema, dict) else None
        if not isinstance(declared, str):
            return default
        return referencing.jsonschema.specification_with(declared, default=default)

    def _base_of(self, ref: str, base: str) -> str:
        """The base URI ``referencing`` resolves ``ref`` in: the resource's, then each id on the pointer."""
        if ref.startswith("#"):
            uri, fragment = base, ref[1:]
        else:
            uri, fragment = urldefrag(urljoin(base, ref))
        if not fragment.startswith("/"):
            return uri
        contents = self.registry.get_or_retrieve(uri).value.contents
        default = referencing.jsonschema.specification_with(
            self.default.uri, default=referencing.jsonschema.DRAFT202012
        )
        spec = self._spec(contents, default)
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
                spec = self._spec(contents, spec)
                own = spec.id_of(contents) if isinstance(contents, dict) else None
                uri = urljoin(uri, own.rstrip("#")) if own is not None else uri
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
        """Every anchor name some reachable ``$dynamicRef`` may rebind (a static pre-pass); it also notes
        whether a ``$recursiveRef`` is reachable."""
        names: set[str] = set()
        seen: set[tuple[int, str]] = set()
        stack: list[tuple[Any, str, Dialect]] = [(root, root_uri, self.default)]
        while stack:
            schema, base, dialect = stack.pop()
            if not isinstance(schema, dict) or (id(schema), base) in seen:
                continue
            seen.add((id(schema), base))
            self.keep.append(schema)
            declared = schema.get("$schema")
            if isinstance(declared, str):
                dialect = self.dialects.get(bare_uri(declared), dialect)
            own = dialect.own_id(schema)
            if own is not None:
                base = urldefrag(urljoin(base, own))[0]
            for key in ("$ref", "$dynamicRef", "$recursiveRef"):
                ref = schema.get(key)
                if isinstance(ref, str):
                    if key == "$dynamicRef":
                        fragment = urldefrag(ref)[1]
                        if fragment and not fragment.startswith("/"):
                            names.add(fragment)
                    elif key == "$recursiveRef":
                        self.recursive = True
                    try:
                        resolved = self.registry.resolver(base).lookup(ref)
                        target_base = self._base_of(ref, base)
                    except Exception:
                        continue
                    stack.append((resolved.contents, target_base, dialect))
            for _, child in children(schema):
                stack.append((child, base, dialect))
        return frozenset(names)

    # ---- contexts --------------------------------------------------------------------------------
    def _bind(self, bindings: tuple[tuple[str, str], ...], uri: str) -> tuple[tuple[str, str], ...]:
        """The bindings once the resource at ``uri`` is entered: the outermost ``$dynamicAnchor`` of each
        name wins; ``$recursiveAnchor: true`` binds the outermost resource of an unbroken run of them."""
        bound = dict(bindings)
        for name in sorted(self.dyn_names - bound.keys()):
            if self.dynamic_anchor(uri, name) is not None:
                bound[name] = uri
        if self.recursive:
            try:
                root = self.registry.get_or_retrieve(uri).value.contents
            except Exception:
                root = None
            if isinstance(root, dict) and root.get("$recursiveAnchor") is True:
                bound.setdefault(RECURSIVE, uri)
            else:
                bound.pop(RECURSIVE, None)
        return tuple(sorted(bound.items()))

    def declared(self, uri: str, where: str, seen: frozenset[str] = frozenset()) -> tuple[Dialect, frozenset[str]]:
        """The dialect and vocabularies a ``$schema`` URI declares: a known dialect, or a metaschema from
        the registry (its ``$vocabulary`` over the dialect of its own ``$schema``)."""
        bare = bare_uri(uri)
        known = self.dialects.get(bare)
        if known is not None:
            return known, known.default_vocab
        if bare in self.declared_cache:
            return self.declared_cache[bare]
        if bare in self.refused:
            raise PlanError(
                where, f"cannot honour $schema {uri!r} ({self.refused[bare]}): schemagen validates {ACCEPTED}"
            )
        try:
            meta = self.registry.get_or_retrieve(bare).value.contents
        except Exception:
            raise PlanError(
                where, f"unknown $schema {uri!r}: schemagen validates {ACCEPTED}, or a metaschema the registry holds"
            ) from None
        if not isinstance(meta, dict):
            raise PlanError(where, f"the metaschema {uri!r} is not an object")
        vocabularies = meta.get("$vocabulary")
        parent = meta.get("$schema")
        if isinstance(parent, str) and bare_uri(parent) != bare and bare not in seen:
            dialect, vocab = self.declared(parent, where, seen | {bare})
        elif isinstance(vocabularies, dict):
            # a self-describing metaschema: the dialect whose vocabularies it lists
            found = [d for d in self.dialects.values() if vocabularies.keys() & d.vocabularies.keys()]
            if not found:
                raise PlanError(where, f"the metaschema {uri!r} lists no vocabulary of {ACCEPTED}")
            dialect, vocab = found[0], found[0].default_vocab
        else:
            raise PlanError(where, f"the metaschema {uri!r} declares no dialect schemagen knows ({ACCEPTED})")
        if isinstance(vocabularies, dict):
            names: set[str] = set()
            for vocabulary, required in sorted(vocabularies.items()):
                name = dialect.vocabularies.get(vocabulary)
                if name is None:
                    if required:
                        raise PlanError(where, f"cannot honour the required vocabulary {vocabulary!r} of {uri!r}")
                    continue
                names.add(name)
            vocab = frozenset(names)
        self.declared_cache[bare] = (dialect, vocab)
        return dialect, vocab

    def enter_dialect(self, schema: Any, ctx: Ctx) -> Ctx:
        """``ctx`` with the dialect and vocabularies ``schema``'s own ``$schema`` declares, if any."""
        declared = schema.get("$schema") if isinstance(schema, dict) else None
        if declared is None:
            return ctx
        if not isinstance(declared, str):
            raise PlanError(ctx.at("$schema").where, "$schema must be a string (a metaschema URI)")
        dialect, vocab = self.declared(declared, ctx.at("$schema").where)
        return replace(ctx, dialect=dialect, vocab=vocab)

    def resource_ctx(self, schema: Any, ctx: Ctx, base: str) -> Ctx:
        """The context inside a resource root reached at ``base`` (its id and ``$schema`` already applied)."""
        return Ctx(base, self._bind(ctx.bindings, base), ctx.dialect, ctx.vocab, ctx.doc, ctx.pointer)

    def enter(self, schema: Any, ctx: Ctx) -> Ctx:
        """The context inside ``schema`` reached by descent (applies ``$schema``, then its id)."""
        if not isinstance(schema, dict):
            return ctx
        if "$schema" in schema:
            ctx = self.enter_dialect(schema, ctx)
        own = ctx.dialect.own_id(schema)
        if own is not None:
            base = urldefrag(urljoin(ctx.base, own))[0]
            return self.resource_ctx(schema, replace(ctx, base=base), base)
        return ctx

    def located(self, schema: Any, base: str, ctx: Ctx, fragment: str = "") -> Ctx:
        """A context for a reference target: its location for schema paths (where the target is not indexed,
        the reference's fragment), and its resource's dialect."""
        if isinstance(schema, dict):
            for uri in (self.root_uri, base):
                found = self._pointer_index(uri).get(id(schema))
                if found is not None:
                    where, declaring = found
                    doc = "" if uri == self.root_uri else uri
                    located = Ctx(base, ctx.bindings, ctx.dialect, ctx.vocab, doc, where)
                    if declaring is None and uri == self.root_uri:
                        return replace(located, dialect=self.default, vocab=self.default.default_vocab)
                    return located if declaring is None else self.enter_dialect(declaring, located)
        at = unquote(fragment) if fragment.startswith("/") else ""
        doc = "" if base == self.root_uri else base
        return self.enter_dialect(schema, Ctx(base, ctx.bindings, ctx.dialect, ctx.vocab, doc, at))

    def _pointer_index(self, uri: str) -> dict[int, tuple[str, Any]]:
        """Each subschema of the document at ``uri``: its pointer and the nearest schema above it (itself
        included) that declares ``$schema`` (None: none does)."""
        if uri not in self.index:
            index: dict[int, tuple[str, Any]] = {}
            try:
                contents = self.registry.get_or_retrieve(uri).value.contents
            except Exception:
                contents = None
            stack: list[tuple[str, Any, Any]] = [("", contents, None)]
            while stack:
                where, node, declaring = stack.pop()
                if not isinstance(node, dict):
                    continue
                if "$schema" in node:
                    declaring = node
                index.setdefault(id(node), (where, declaring))
                below = [(pointer.join(where, *tokens), child, declaring) for tokens, child in children(node)]
                stack.extend(reversed(below))
            self.index[uri] = index
        return self.index[uri]

    def target(self, keyword: str, ref: Any, ctx: Ctx) -> tuple[Any, Ctx]:
        """Resolve ``$ref`` / ``$dynamicRef`` / ``$recursiveRef`` here; return the target and its context."""
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
        elif keyword == "$recursiveRef" and isinstance(schema, dict) and schema.get("$recursiveAnchor") is True:
            bound = dict(ctx.bindings).get(RECURSIVE)
            if bound is not None:
                schema, base = self.retrieve(bound), bound
        located = self.located(schema, base, ctx, urldefrag(urljoin(ctx.base, ref))[1])
        return schema, self.resource_ctx(schema, located, base)
