"""Translate an OpenAPI 3.0 / 3.1 document into a JSON Schema 2020-12 document.

``components.schemas`` become ``$defs`` (same names, same order) and every
``#/components/schemas/X`` reference becomes ``#/$defs/X``, so nothing downstream knows
about OpenAPI. OpenAPI 3.0 schema objects are rewritten to mean the same in 2020-12:

* ``nullable: true`` adds ``"null"`` to ``type`` (and ``null`` to an ``enum``); on a
  ``oneOf`` / ``anyOf`` / ``allOf`` or a ``$ref`` the schema is wrapped in
  ``anyOf: [schema, {type: "null"}]``, so that the union (or the reference) keeps its identity;
* boolean ``exclusiveMinimum`` / ``exclusiveMaximum`` become the numeric 2020-12 forms;
* ``example`` becomes ``examples: [example]``;
* a ``discriminator``'s ``mapping`` values (``#/components/schemas/X`` or the bare name ``X``) become ``#/$defs/X``;
* sibling keys next to ``$ref`` are dropped, as OpenAPI 3.0 ignores them. A nullable reference
  keeps the referenced schema's description on its wrapper, which is what 3.0 tools show.

OpenAPI 3.1 schema objects already are 2020-12 and pass through (references rewritten).

In both versions, an object whose ``oneOf`` / ``anyOf`` branches only add ``required`` becomes a
union of whole objects (the same instances are valid), as Speakeasy types it (§8).

The translated document also carries ``x-schemagen-order``: the component names in the rank
order of ``speakeasy-format.md`` §9 (a post-order depth-first walk over the operations in
``paths``; a component comes after the components it references). Components that no
operation reaches are not listed. The type model uses it to settle naming collisions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import SchemaError
from generator.schema import pointer
from generator.schema.source import Source
from generator.schema.vocabulary import ORDER_KEY, children, map_children

_PREFIX = "#/components/schemas/"
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NULL = {"type": "null"}


def translate(source: Source) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    """The 2020-12 document for an OpenAPI document, and the pointer rewrites back to it."""
    document = source.value
    if not isinstance(document, dict):  # pragma: no cover - the loader checks this
        raise SchemaError([source.diagnostic("", "an OpenAPI document must be a mapping")])
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        raise SchemaError(
            [source.diagnostic("/openapi", f"unsupported OpenAPI version {version!r}: schemagen reads 3.0 and 3.1")]
        )
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if schemas is None:
        schemas = {}
    if not isinstance(schemas, dict):
        raise SchemaError([source.diagnostic("/components/schemas", "components.schemas must be a mapping")])
    legacy = version.startswith("3.0")
    translator = _Translator(schemas, legacy)
    defs = {name: translator.schema(schema) for name, schema in schemas.items()}
    contents: dict[str, Any] = {"$defs": defs}
    order = component_order(document)
    if order:
        contents[ORDER_KEY] = order
    return contents, (("/$defs", "/components/schemas"),)


def rewrite_ref(ref: str) -> str:
    """``x.yaml#/components/schemas/A`` -> ``x.yaml#/$defs/A``; other references unchanged."""
    head, sep, fragment = ref.partition("#")
    if sep and fragment.startswith("/components/schemas/"):
        return f"{head}#/$defs/{fragment[len('/components/schemas/') :]}"
    return ref


class _Translator:
    def __init__(self, schemas: dict[str, Any], legacy: bool) -> None:
        self.schemas = schemas
        self.legacy = legacy

    def schema(self, node: Any) -> Any:
        """A translated copy of one schema object (the input is never modified)."""
        if not isinstance(node, dict):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            if not self.legacy:
                return map_children(node, self.schema) | {"$ref": rewrite_ref(node["$ref"])}
            ref = {"$ref": rewrite_ref(node["$ref"])}
            if node.get("nullable") is True:
                wrapper: dict[str, Any] = {"anyOf": [ref, dict(_NULL)]}
                description = self.target_description(node["$ref"])
                if description is not None:
                    wrapper["description"] = description
                return wrapper
            return ref
        fragments = _required_fragments(node)
        if fragments is not None:
            return self.distribute(node, *fragments)
        out = _discriminator(map_children(node, self.schema))
        if not self.legacy:
            return out
        return self.legacy_keywords(out)

    def distribute(self, node: dict[str, Any], key: str, requireds: list[list[str]]) -> Any:
        """``A and oneOf(required: x, required: y)`` as ``oneOf(A and required: x, A and required: y)``.

        The same instances validate, but each branch is a whole object type, as Speakeasy generates
        it (§8: ``FileSearch1``, ``FileSearch2``). Each branch is its own copy, inner schemas included, so
        that each gets its own inner type names, as Speakeasy's do (``VectorStores``, ``FileSearchVectorStores``).
        """
        source = {k: v for k, v in node.items() if k != key and k not in _OUTER}
        branches = []
        for extra in requireds:
            inner = self.schema(source)
            base = inner.get("required") if isinstance(inner.get("required"), list) else []
            branches.append(inner | {"required": list(dict.fromkeys([*base, *extra]))})
        out = {k: v for k, v in node.items() if k in _OUTER} | {key: branches}
        return self.legacy_keywords(out) if self.legacy else out

    def legacy_keywords(self, out: dict[str, Any]) -> dict[str, Any]:
        """The OpenAPI 3.0-only keywords of one (already copied) schema, in 2020-12 terms."""
        if "example" in out:
            example = out.pop("example")
            out.setdefault("examples", [example])
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            flag = out.get(exclusive)
            if isinstance(flag, bool):
                del out[exclusive]
                if flag and bound in out:
                    out[exclusive] = out.pop(bound)
        nullable = out.pop("nullable", None)
        if nullable is not True:
            return out
        if any(k in out for k in ("oneOf", "anyOf", "allOf")):
            # Keep the union as one schema (it is a named type); only the wrapper admits null.
            wrapper = {k: out[k] for k in ("description", "deprecated", "examples", "title") if k in out}
            return wrapper | {"anyOf": [out, dict(_NULL)]}
        declared = out.get("type")
        if isinstance(declared, str) and declared != "null":
            out["type"] = [declared, "null"]
        elif isinstance(declared, list) and "null" not in declared:
            out["type"] = [*declared, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out

    def target_description(self, ref: str) -> str | None:
        if not ref.startswith(_PREFIX):
            return None
        target = self.schemas.get(pointer.unescape(ref[len(_PREFIX) :]))
        description = target.get("description") if isinstance(target, dict) else None
        return description if isinstance(description, str) else None


def _discriminator(out: dict[str, Any]) -> dict[str, Any]:
    """A ``discriminator`` whose ``mapping`` values point into ``$defs``: ``#/components/schemas/X`` and the
    bare schema name ``X`` both become ``#/$defs/X`` (a copy; the type model resolves them as references)."""
    keyword = out.get("discriminator")
    if not isinstance(keyword, dict) or not isinstance(keyword.get("mapping"), dict):
        return out
    mapping: dict[Any, Any] = keyword["mapping"]
    rewritten = {
        tag: (rewrite_ref(ref) if "/" in ref or "#" in ref else "#/$defs/" + pointer.escape(ref))
        if isinstance(ref, str)
        else ref
        for tag, ref in mapping.items()
    }
    return out | {"discriminator": keyword | {"mapping": rewritten}}


_OUTER = ("title", "description", "deprecated", "example", "examples", "nullable")


def _only_required(branch: object) -> bool:
    return isinstance(branch, dict) and set(branch) == {"required"} and isinstance(branch["required"], list)


def _required_fragments(node: dict[str, Any]) -> tuple[str, list[list[str]]] | None:
    """``oneOf``/``anyOf`` branches that only add ``required`` to an object with properties (§8), or None."""
    if not isinstance(node.get("properties"), dict):
        return None
    for key in ("oneOf", "anyOf"):
        branches = node.get(key)
        if isinstance(branches, list) and branches and all(_only_required(b) for b in branches):
            return key, [list(b["required"]) for b in branches]
    return None


# ---- §9 rank order -------------------------------------------------------------------
def component_order(document: dict[str, Any]) -> list[str]:
    """Component names in post-order of a depth-first walk over the operations in ``paths``.

    Per operation: parameters (the path item's, then the operation's), then the request
    body, then the responses. A component is listed after everything it references.
    """
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return []
    walker = _RankWalker(document, schemas)
    paths = document.get("paths")
    if isinstance(paths, dict):
        for raw_item in paths.values():
            item = walker.deref(raw_item)
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters")
            for method, raw_operation in item.items():
                if method not in _HTTP_METHODS:
                    continue
                operation = walker.deref(raw_operation)
                if not isinstance(operation, dict):
                    continue
                for parameters in (shared, operation.get("parameters")):
                    if isinstance(parameters, list):
                        for parameter in parameters:
                            walker.parameter(parameter)
                walker.content_holder(operation.get("requestBody"))
                responses = operation.get("responses")
                if isinstance(responses, dict):
                    for response in responses.values():
                        walker.content_holder(response)
    return walker.order


class _RankWalker:
    def __init__(self, document: dict[str, Any], schemas: dict[str, Any]) -> None:
        self.document = document
        self.schemas = schemas
        self.done: set[str] = set()
        self.order: list[str] = []

    def deref(self, node: Any) -> Any:
        """Follow local non-schema references (parameters, request bodies, responses)."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return None
            current: Any = self.document
            for token in pointer.split(ref[1:]):
                current = current.get(token) if isinstance(current, dict) else None
            node = current
            seen += 1
        return node

    def parameter(self, parameter: Any) -> None:
        parameter = self.deref(parameter)
        if isinstance(parameter, dict):
            self.schema(parameter.get("schema"))
            self.content_holder(parameter)

    def content_holder(self, holder: Any) -> None:
        holder = self.deref(holder)
        content = holder.get("content") if isinstance(holder, dict) else None
        if isinstance(content, dict):
            for media in content.values():
                if isinstance(media, dict):
                    self.schema(media.get("schema"))

    def schema(self, root: Any) -> None:
        """Post-order over the components ``root`` reaches (iterative: no recursion limit)."""
        stack: list[tuple[str | None, Iterator[Any]]] = [(None, iter([root]))]
        while stack:
            name, pending = stack[-1]
            child = next(pending, _END)
            if child is _END:
                stack.pop()
                if name is not None:
                    self.order.append(name)
                continue
            ref = child.get("$ref") if isinstance(child, dict) else None
            if isinstance(ref, str) and ref.startswith(_PREFIX):
                target = pointer.unescape(ref[len(_PREFIX) :])
                if target not in self.done and target in self.schemas:
                    self.done.add(target)
                    stack.append((target, iter([self.schemas[target]])))
                continue
            stack.append((None, (sub for _, sub in children(child))))


_END = object()

__all__ = ["component_order", "rewrite_ref", "translate"]
