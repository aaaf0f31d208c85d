"""Load schema files: parse, follow external ``$ref`` files, meta-validate, register.

The result is a :class:`Workspace`: every document the roots reach, registered in one
``referencing.Registry``, with positions for ``file:line:col`` diagnostics. OpenAPI
documents are translated to JSON Schema 2020-12 here, so nothing downstream knows
about OpenAPI.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import referencing
import referencing.jsonschema
from referencing.exceptions import Unresolvable

from generator.cache import known_valid, remember_valid
from generator.diagnostics import Diagnostic, SchemaError
from generator.schema import pointer, vocabulary
from generator.schema.source import Source, read_source

_SALT = "meta-validation 2020-12 with formats"  # change when _meta_validate changes what it accepts
_ACCEPTED_DIALECTS = {vocabulary.DRAFT_2020_12, vocabulary.DRAFT_2020_12 + "#"}


@dataclass(frozen=True)
class Document:
    """One loaded file, as a 2020-12 schema, with the way back to its source positions."""

    uri: str
    source: Source
    contents: Any
    display: str
    pointer_map: tuple[tuple[str, str], ...] = ()
    """Prefix rewrites from ``contents`` pointers to source pointers (OpenAPI translation)."""
    is_openapi: bool = False

    def source_pointer(self, pointer: str) -> str:
        for new, old in self.pointer_map:
            if pointer == new or pointer.startswith(new + "/"):
                return old + pointer[len(new) :]
        return pointer

    def diagnostic(self, pointer: str, message: str) -> Diagnostic:
        return self.source.diagnostic(self.source_pointer(pointer), message)


@dataclass(frozen=True)
class Workspace:
    """Every document reached from the roots, and one registry that holds them all."""

    roots: tuple[Document, ...]
    documents: Mapping[str, Document]
    registry: referencing.Registry[Any] = field(repr=False)

    def document(self, uri: str) -> Document:
        return self.documents[urldefrag(uri)[0]]

    def diagnostic(self, uri: str, pointer: str, message: str) -> Diagnostic:
        doc = self.documents.get(urldefrag(uri)[0])
        if doc is None:
            return Diagnostic(uri, 0, 0, message)
        return doc.diagnostic(pointer, message)


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as the user should read it: relative to ``base`` (or the cwd) when inside it."""
    absolute = path.resolve()
    root = (base or Path.cwd()).resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        if path.is_absolute():
            return path.as_posix()
        return os.path.relpath(absolute, root).replace(os.sep, "/")


def load(paths: Iterable[Path], *, base: Path | None = None) -> Workspace:
    """Load the root schema files and everything they reference; raise SchemaError with all problems."""
    diagnostics: list[Diagnostic] = []
    documents: dict[str, Document] = {}
    roots: list[Document] = []
    pending: list[tuple[Path, Diagnostic | None]] = [(Path(p), None) for p in paths]
    root_count = len(pending)
    index = 0
    while index < len(pending):
        path, referrer = pending[index]
        is_root = index < root_count
        index += 1
        uri = path.resolve().as_uri()
        if uri in documents:
            if is_root:
                roots.append(documents[uri])
            continue
        if not path.is_file():
            where = referrer or Diagnostic(display_path(path, base), 0, 0, "")
            what = "file not found" if referrer is None else f"$ref to a missing file {display_path(path, base)}"
            diagnostics.append(Diagnostic(where.file, where.line, where.col, what))
            continue
        try:
            doc = _document(path, uri, display_path(path, base))
        except SchemaError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        documents[uri] = doc
        if is_root:
            roots.append(doc)
        problems = [] if known_valid(doc.contents, _SALT) else list(_meta_validate(doc))
        if not problems:
            remember_valid(doc.contents, _SALT)
        diagnostics.extend(problems)
        if problems:
            continue
        for target, at in _external_refs(doc):
            pending.append((Path(unquote(urlparse(target).path)), doc.diagnostic(at, "")))
    if diagnostics:
        raise SchemaError(sorted(set(diagnostics)))
    registry = build_registry(documents.values())
    from generator.schema.cycles import structureless_cycles

    cycles = structureless_cycles(
        ((uri, doc.contents) for uri, doc in documents.items()),
        registry,
        lambda uri, at, message: documents[uri].diagnostic(at, message),
    )
    if cycles:
        raise SchemaError(sorted(set(cycles)))
    return Workspace(tuple(roots), documents, registry)


def build_registry(documents: Iterable[Document]) -> referencing.Registry[Any]:
    resources = []
    for doc in documents:
        resource = referencing.jsonschema.DRAFT202012.create_resource(doc.contents)
        resources.append((doc.uri, resource))
        own_id = resource.id()
        if own_id and own_id != doc.uri:
            resources.append((own_id, resource))
    return referencing.Registry().with_resources(resources).crawl()


def _document(path: Path, uri: str, display: str) -> Document:
    source = read_source(path, display)
    value = source.value
    if isinstance(value, dict) and "openapi" in value:
        from generator.schema.openapi import translate

        contents, pointer_map = translate(source)
        return Document(uri, source, contents, display, pointer_map, is_openapi=True)
    if not isinstance(value, (dict, bool)):
        kind = (
            "a list" if isinstance(value, list)
            else "a string" if isinstance(value, str)
            else "null" if value is None
            else "a number"
        )  # fmt: skip
        raise SchemaError([source.diagnostic("", f"a schema must be a mapping or a boolean, not {kind}")])
    return Document(uri, source, value, display)


def _meta_validate(doc: Document) -> Iterator[Diagnostic]:
    """Check the document against the 2020-12 meta-schema (and check its dialect)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    contents = doc.contents
    if isinstance(contents, dict):
        dialect = contents.get("$schema")
        if dialect is not None and dialect not in _ACCEPTED_DIALECTS:
            yield doc.diagnostic(
                "/$schema", f"unsupported $schema dialect {dialect!r}: schemagen reads JSON Schema 2020-12"
            )
            return
    checker = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for found in checker.iter_errors(contents):
        error = (best_match(found.context) or found) if found.context else found
        where = pointer.join("", *error.absolute_path)
        yield doc.diagnostic(where, f"invalid schema at {doc.source_pointer(where) or '/'}: {error.message}")


def _external_refs(doc: Document) -> Iterator[tuple[str, str]]:
    """Yield (absolute file URI, pointer of the $ref) for each reference to another local file."""
    for where, node, base in vocabulary.walk_with_base(doc.contents, doc.uri):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str):
            target = urldefrag(urljoin(base, ref))[0]
            if target.startswith("file:") and target != doc.uri:
                yield target, pointer.join(where, "$ref")


@dataclass(frozen=True)
class Target:
    """What a reference resolves to."""

    uri: str
    """The reference made absolute against the base URI it was resolved from."""
    contents: Any
    """The schema (or value) it points at."""


def resolve(registry: referencing.Registry[Any], base: str, ref: str) -> Target | None:
    """Look up ``ref`` from a schema whose base URI is ``base``, or None when it cannot be resolved."""
    try:
        resolved = registry.resolver(base).lookup(ref)
    except Unresolvable:
        return None
    return Target(urljoin(base, ref), resolved.contents)
