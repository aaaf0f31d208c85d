"""Load schema files: parse, follow external ``$ref`` files, meta-validate, register.

The result is a :class:`Workspace`: every document the roots reach, registered in one
``referencing.Registry``, with positions for ``file:line:col`` diagnostics. OpenAPI
documents are translated to JSON Schema 2020-12 here, so nothing downstream knows
about OpenAPI.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import referencing
import referencing.jsonschema
from referencing.exceptions import NoSuchResource, Unresolvable, Unretrievable

from generator.cache import known_valid, remember_valid
from generator.diagnostics import Diagnostic, SchemaError, UsageError
from generator.schema import metaschemas, pointer, remote, vocabulary
from generator.schema.detached import detached_subschemas, schema_nodes
from generator.schema.remote import FetchError, Sources
from generator.schema.source import Source, read_source
from generator.schema.stack import deep_call

_SALT = "meta-validation per resource dialect, with formats, detached subschemas"  # change when _meta_validate changes


@dataclass(frozen=True)
class Document:
    """One loaded file, as a schema of its dialect (OpenAPI: 2020-12), with the way back to its source positions."""

    uri: str
    source: Source
    contents: Any
    display: str
    pointer_map: tuple[tuple[str, str], ...] = ()
    """Prefix rewrites from ``contents`` pointers to source pointers (OpenAPI translation)."""
    is_openapi: bool = False
    dialect: str = vocabulary.DEFAULT_DIALECT
    """The canonical metaschema URI of the document's dialect (its ``$schema``, else the default dialect)."""
    path: Path | None = None
    """The local file it was read from (for a remote URI: the mapped, vendored or fetched copy)."""

    def source_pointer(self, pointer: str) -> str:
        for new, old in self.pointer_map:
            if pointer == new or pointer.startswith(new + "/"):
                return old + pointer[len(new) :]
        return pointer

    def diagnostic(self, pointer: str, message: str) -> Diagnostic:
        return self.source.diagnostic(self.source_pointer(pointer), message)

    @functools.cached_property
    def detached(self) -> tuple[str, ...]:
        """The pointers of its detached subschemas (see :mod:`generator.schema.detached`), found once."""
        return tuple(detached_subschemas(self.contents, self.uri, self.dialect))


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

    def locator(self, root: Document) -> Callable[[str, str], Diagnostic]:
        """``diagnose(where, message)`` for locations ``pointer`` (in ``root``) or ``uri#pointer`` (anywhere)."""

        def diagnose(where: str, message: str) -> Diagnostic:
            if not where or where.startswith("/"):
                return root.diagnostic(where, message)
            uri, _, at = where.partition("#")
            return self.diagnostic(uri, at, message)

        return diagnose


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as the user should read it: relative to ``base`` (or the cwd) when inside it."""
    absolute = remote.resolved(path)
    root = remote.resolved(base or Path.cwd())
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        if path.is_absolute():
            return path.as_posix()
        return os.path.relpath(absolute, root).replace(os.sep, "/")


def load(
    paths: Iterable[Path],
    *,
    base: Path | None = None,
    default_dialect: str | None = None,
    sources: Sources | None = None,
    registry: referencing.Registry[Any] | None = None,
) -> Workspace:
    """Load the root schema files and everything they reference; raise SchemaError with all problems.

    ``base`` is where display paths start; ``default_dialect`` is the dialect of documents that
    declare no ``$schema`` (2020-12 when None); ``sources`` says where referenced documents may be
    read from (default: local files inside ``base`` or the working directory, nothing remote);
    ``registry`` (the API's) holds more resources, tried before ``sources``.
    """
    dialect = vocabulary.dialect_uri(default_dialect) if default_dialect else vocabulary.DEFAULT_DIALECT
    if dialect is None:
        raise UsageError(f"unknown default dialect {default_dialect!r}: schemagen reads {vocabulary.ACCEPTED}")
    loader = _Loader(base, dialect, sources or Sources.create(base), registry)
    return loader.run([Path(p) for p in paths])


@dataclass(frozen=True)
class _Site:
    """One ``$ref`` (or ``$dynamicRef``) in a loaded document."""

    doc: Document
    at: str
    """The pointer of the keyword itself (``.../$ref``)."""
    base: str
    ref: str

    @property
    def target(self) -> str:
        """The document (or resource) URI it points into; a fragment-only ref stays in the base (URNs too)."""
        return self.base if self.ref.startswith("#") else urldefrag(urljoin(self.base, self.ref))[0]

    @property
    def written(self) -> str:
        """The reference as its author wrote it (``#/components/schemas/X`` in OpenAPI input)."""
        ref = self.ref
        if self.doc.is_openapi and ref.startswith("#/"):
            ref = "#" + self.doc.source_pointer(ref[1:])
        return ref

    def diagnostic(self, message: str) -> Diagnostic:
        return self.doc.diagnostic(self.at, message)


class _Retrieval(Exception):
    """A referenced document that was found but could not be loaded (its diagnostics are recorded)."""


class _Loader:
    def __init__(
        self, base: Path | None, dialect: str, sources: Sources, given: referencing.Registry[Any] | None
    ) -> None:
        self.given = given
        self.found: list[tuple[str, referencing.Resource[Any]]] = []
        """Resources ``given`` held for references (kept in the workspace's registry)."""
        self.base = base
        self.dialect = dialect
        self.sources = sources
        self.documents: dict[str, Document] = {}
        self.roots: list[Document] = []
        self.diagnostics: list[Diagnostic] = []
        self.sites: list[_Site] = []
        self.reported: set[tuple[str, str]] = set()
        self.failed: set[str] = set()
        self.current: _Site | None = None
        """The reference being retrieved (``retrieve`` gets only its URI from ``referencing``)."""

    def run(self, paths: list[Path]) -> Workspace:
        for path in paths:
            doc = self.read(path.resolve().as_uri(), path, None)
            if doc is not None:
                self.roots.append(doc)
        self.retrieve_remote()
        registry = build_registry(self.valid()).with_resources(self.found)
        if self.given is not None:
            registry = registry.combine(self.given)
        self.check_refs(registry)
        if not self.diagnostics:
            from generator.schema.cycles import structureless_cycles

            documents = self.documents
            self.diagnostics.extend(
                structureless_cycles(
                    ((uri, doc.contents) for uri, doc in documents.items()),
                    registry,
                    lambda uri, at, message: documents[uri].diagnostic(at, message),
                )
            )
        if self.diagnostics:
            raise SchemaError(sorted(set(self.diagnostics)))
        return Workspace(tuple(self.roots), self.documents, registry)

    def valid(self) -> list[Document]:
        return [doc for uri, doc in self.documents.items() if uri not in self.failed]

    def report(self, site: _Site, message: str) -> None:
        if (site.doc.uri, site.at) not in self.reported:
            self.reported.add((site.doc.uri, site.at))
            self.diagnostics.append(site.diagnostic(message))

    # ---- reading ---------------------------------------------------------------------------------
    def read(self, uri: str, path: Path, referrer: _Site | None) -> Document | None:
        """Load one document (once) and the local files it references; None when it cannot be used."""
        if uri in self.documents:
            return None if uri in self.failed else self.documents[uri]
        shown = display_path(path, self.base)
        try:
            reason = None if path.is_file() else "is a directory, not a schema file" if path.is_dir() else ""
        except OSError as exc:  # a name longer than the file system allows, a loop of symlinks...
            reason = (exc.strerror or str(exc)).lower()
        if reason is not None:
            self.failed.add(uri)
            if referrer is None:
                self.diagnostics.append(Diagnostic(shown, 0, 0, reason or "file not found"))
            else:
                problem = f"cannot read {shown}: {reason}" if reason else f"no such file {shown}"
                self.report(referrer, f"cannot resolve $ref {referrer.written!r}: {problem}")
            return None
        if uri in self.failed:
            return None
        try:
            # a document that declares no $schema: the default dialect for a root, its referrer's otherwise
            doc = _document(path, uri, shown, referrer.doc.dialect if referrer is not None else self.dialect)
        except SchemaError as exc:
            self.failed.add(uri)
            self.diagnostics.extend(exc.diagnostics)
            return None
        self.documents[uri] = doc
        salt = f"{_SALT}\0{doc.dialect}"
        problems = [] if known_valid(doc.contents, salt) else list(_meta_validate(doc))
        if problems:
            self.diagnostics.extend(problems)
            self.failed.add(uri)  # kept for its positions, never registered
            return doc
        problems = _uri_problems(doc)
        if problems:
            self.diagnostics.extend(problems)
            self.failed.add(uri)
            return doc
        remember_valid(doc.contents, salt)
        for site in _sites(doc):
            self.sites.append(site)
            target = site.target
            if target.startswith("file:") and target not in self.documents:
                local = Path(unquote(urlparse(target).path))
                if not self.sources.confined(local):
                    self.report(
                        site,
                        f"cannot resolve $ref {site.written!r}: the file is outside the project root "
                        "(the config file's directory, the working directory, or --root DIR)",
                    )
                    continue
                self.read(target, local, site)
        return doc

    def retrieve_remote(self) -> None:
        """Resolve the references to documents that are not local files, through the registry's ``retrieve``."""
        registry = build_registry(self.valid(), retrieve=self.retrieve)
        reasons: dict[str, BaseException | None] = {}  # a target that could not be retrieved -> why
        done = 0
        while done < len(self.sites):
            site = self.sites[done]
            done += 1
            target = site.target
            if target.startswith("file:"):
                continue
            if target not in self.failed and target not in registry and self.given is not None:
                try:
                    resource = self.given.get_or_retrieve(target).value
                except Exception:  # the user's retrieve may raise anything: not there, then
                    pass
                else:
                    self.found.append((target, resource))
                    registry = registry.with_resource(target, resource)
            if target not in self.failed:
                self.current = site
                try:
                    registry = registry.get_or_retrieve(target).registry
                except (Unresolvable, Unretrievable, NoSuchResource) as exc:
                    self.failed.add(target)
                    cause = exc.__cause__
                    reasons[target] = cause
            if target in reasons:  # every reference to it is reported (a document with problems reports its own)
                cause = reasons[target]
                if isinstance(cause, FetchError):
                    self.report(site, f"cannot fetch $ref {site.written!r}: {cause}")
                elif not isinstance(cause, _Retrieval):
                    self.report(site, remote.unresolvable(site.written))

    def retrieve(self, uri: str) -> referencing.Resource[Any]:
        """The registry's ``retrieve``: a remote document from its local copy (``ref-map``, vendored, fetched)."""
        local = self.sources.local_copy(uri)
        if local is None and self.sources.fetch and self.sources.vendor_path(uri) is not None:
            local = self.sources.download(uri)
        if local is None:
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        doc = self.read(uri, local, self.current)
        if doc is None or uri in self.failed:
            raise _Retrieval(uri)
        return _resource(doc)

    # ---- checking --------------------------------------------------------------------------------
    def check_refs(self, registry: referencing.Registry[Any]) -> None:
        """Every reference resolves, to a schema: one message per reference that does not."""
        for site in self.sites:
            if site.target in self.failed:
                continue
            try:
                resolved = registry.resolver(site.base).lookup(site.ref)
            except Unresolvable:
                if site.target in registry:
                    doc = self.documents.get(site.target)
                    where = f" in {doc.display}" if doc is not None else ""
                    self.report(site, f"cannot resolve $ref {site.written!r}: no such location{where}")
                else:
                    self.report(site, remote.unresolvable(site.written))
                continue
            fragment = unquote(urldefrag(site.ref)[1])
            if not vocabulary.is_schema(resolved.contents) or not _schema_at(registry.contents(site.target), fragment):
                self.report(site, f"cannot resolve $ref {site.written!r}: its target is not a schema")


def build_registry(
    documents: Iterable[Document], retrieve: Callable[[str], referencing.Resource[Any]] | None = None
) -> referencing.Registry[Any]:
    """One registry of ``documents`` (each in its own dialect) and the well-known metaschemas."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

    resources = []
    for doc in documents:
        resource = _resource(doc)
        resources.append((doc.uri, resource))
        own_id = resource.id()
        if own_id and own_id != doc.uri:
            resources.append((own_id, resource))
    registry: referencing.Registry[Any] = (
        referencing.Registry(retrieve=retrieve) if retrieve is not None else referencing.Registry()  # type: ignore[call-arg]
    )
    return registry.with_resources(resources).crawl().combine(SPECIFICATIONS)


def _resource(doc: Document) -> referencing.Resource[Any]:
    return referencing.jsonschema.specification_with(doc.dialect).create_resource(doc.contents)


def _document(path: Path, uri: str, display: str, default_dialect: str) -> Document:
    source = read_source(path, display)
    value = source.value
    if isinstance(value, dict) and "openapi" in value:
        from generator.schema.openapi import translate

        contents, pointer_map = translate(source)
        return Document(uri, source, contents, display, pointer_map, is_openapi=True, path=path)
    if not isinstance(value, (dict, bool)):
        kind = (
            "a list" if isinstance(value, list)
            else "a string" if isinstance(value, str)
            else "null" if value is None
            else "a number"
        )  # fmt: skip
        raise SchemaError([source.diagnostic("", f"a schema must be a mapping or a boolean, not {kind}")])
    dialect = default_dialect
    if isinstance(value, dict) and isinstance(value.get("$schema"), str):
        declared = vocabulary.dialect_uri(value["$schema"])
        if declared is None:
            raise SchemaError([source.diagnostic("/$schema", _unknown_dialect(value["$schema"]))])
        dialect = declared
    return Document(uri, source, value, display, dialect=dialect, path=path)


def _unknown_dialect(value: str) -> str:
    return f"unsupported $schema dialect {value!r}: schemagen reads {vocabulary.ACCEPTED}"


def _meta_validate(doc: Document) -> Iterator[Diagnostic]:
    """Check each resource against its own dialect's metaschema (a nested ``$schema`` starts a new one)."""
    units, problems = _resources(doc)
    yield from problems
    for at, dialect, schema in metaschemas.units(units, doc.contents):
        if metaschemas.known_valid(schema, dialect):
            continue
        from jsonschema.exceptions import best_match
        from jsonschema.validators import validator_for

        cls = validator_for({"$schema": dialect})
        checker = cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)
        for found in deep_call(checker.iter_errors, schema):
            error = (best_match(found.context) or found) if found.context else found
            where = pointer.join(at, *error.absolute_path)
            yield doc.diagnostic(where, f"invalid schema at {doc.source_pointer(where) or '/'}: {error.message}")


def _resources(doc: Document) -> tuple[dict[str, str], list[Diagnostic]]:
    """(pointer -> dialect) of the document, of every nested subschema whose ``$schema`` changes it, and of
    every detached subschema (:mod:`generator.schema.detached`), which is checked as a schema of its own."""
    units = {"": doc.dialect}
    problems: list[Diagnostic] = []
    detached = doc.detached
    for where, node in schema_nodes(doc.contents, detached):
        enclosing = max((u for u in units if where.startswith(u + "/") or not u), key=len)
        declared: str | None = units[enclosing]
        if where and isinstance(node, dict) and isinstance(node.get("$schema"), str):
            declared = vocabulary.dialect_uri(node["$schema"])
        if declared is None:
            problems.append(doc.diagnostic(pointer.join(where, "$schema"), _unknown_dialect(node["$schema"])))
        elif declared != units[enclosing] or where in detached:
            units[where] = declared
    return units, problems


def _uri_problems(doc: Document) -> list[Diagnostic]:
    """Every ``$ref``, ``$dynamicRef`` and id that is no URI reference (``http://[x``, a NUL byte)."""
    keywords = ("$ref", "$dynamicRef", "$id", vocabulary.id_keyword(doc.dialect))
    problems = []
    for where, node in schema_nodes(doc.contents, doc.detached):
        if not isinstance(node, dict):
            continue
        for keyword in dict.fromkeys(keywords):
            value = node.get(keyword)
            if isinstance(value, str):
                try:
                    urljoin("file:///", value)
                    bad = "\0" in unquote(value)
                except ValueError:
                    bad = True
                if bad:
                    message = f"invalid {keyword} {value!r}: not a URI reference"
                    problems.append(doc.diagnostic(pointer.join(where, keyword), message))
    return problems


def _sites(doc: Document) -> Iterator[_Site]:
    """Every ``$ref`` and ``$dynamicRef`` of the document (its detached subschemas' too), with the base URI
    it is resolved against."""
    nodes = vocabulary.walk_with_base(doc.contents, doc.uri, dialect=doc.dialect)
    detached = [
        vocabulary.walk_with_base(pointer.resolve(doc.contents, at), doc.uri, at, dialect=doc.dialect)
        for at in doc.detached
    ]
    seen: set[str] = set()
    for where, node, base in itertools.chain(nodes, *detached):
        if where in seen:
            continue
        seen.add(where)
        if isinstance(node, dict):
            for keyword in ("$ref", "$dynamicRef"):
                ref = node.get(keyword)
                if isinstance(ref, str):
                    yield _Site(doc, pointer.join(where, keyword), base, ref)


def _schema_at(contents: Any, fragment: str) -> bool:
    """Whether the JSON pointer ``fragment`` (which resolves in ``contents``) leads to a schema: through
    schema keywords (or unknown ones), not into data (``default``, ``enum``, ...), not to a map or list."""
    if not fragment.startswith("/"):
        return True
    node, expect = contents, "schema"
    for token in pointer.split(fragment):
        child = node[int(token)] if isinstance(node, list) else node[token]
        if expect == "schema":
            held = vocabulary.holds(token, child)
            if held is None and token in vocabulary.DATA_KEYWORDS:
                return False
            expect = "member" if held in ("list", "map") else "schema"
        else:
            expect = "schema"
        node = child
    return expect == "schema"


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
