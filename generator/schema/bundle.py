"""Bundle: one root schema and the resources it references in other files, as one self-contained document.

Every external ``$ref`` target is copied into the root's ``$defs`` (``definitions`` in draft-04 to -07;
a target that is itself such an entry keeps its name; a whole document is named by ``name``) and the
reference is rewritten to point there. References are found by schema structure
(:func:`generator.schema.vocabulary.walk_with_base`), so a property called ``default`` or ``enum`` is
bundled like any other.

Each resource keeps its dialect: the bundle declares the root's, and a document of another dialect
is embedded as a resource of its own (its ``$schema`` and an id), as JSON Schema's bundling does;
references inside it then reach the root's entries through the root's id.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag, urljoin

import referencing.jsonschema

from generator.schema import pointer, vocabulary
from generator.schema.loader import Document, Workspace

_LEGACY = (vocabulary.DRAFT_04, vocabulary.DRAFT_06, vocabulary.DRAFT_07)
_ENTRIES = ("$defs", "definitions")


def bundle(
    workspace: Workspace,
    document: Document,
    *,
    name: Callable[[str], str],
    keep: Callable[[str], bool] | None = None,
) -> Any:
    """The bundled copy of ``document`` (the workspace is not modified).

    ``name`` turns a referenced file's stem into its entry name; ``keep``, when given, says which
    entries to keep. The result declares ``$schema`` (the document's dialect) and drops the keys
    schemagen's own translation added.
    """
    return _Bundler(workspace, document, name).bundle(keep)


def defs_keyword(document: Document) -> str:
    """Where named entries live in ``document``: its own ``$defs``/``definitions``, else its dialect's."""
    contents = document.contents
    for key in _ENTRIES:
        if isinstance(contents, dict) and isinstance(contents.get(key), dict):
            return key
    return "definitions" if document.dialect in _LEGACY else "$defs"


class _Bundler:
    def __init__(self, workspace: Workspace, document: Document, name: Callable[[str], str]) -> None:
        self.workspace = workspace
        self.document = document
        self.name = name
        self.keyword = defs_keyword(document)
        self.defs: dict[str, Any] = {}
        self.placed: dict[str, str] = {}  # absolute target URI -> local reference
        contents = document.contents
        own = contents.get(vocabulary.id_keyword(document.dialect)) if isinstance(contents, dict) else None
        self.root_id = urldefrag(own)[0] if isinstance(own, str) and "://" in own else ""
        self.needs_id = False

    def local_name(self, wanted: str) -> str:
        name = wanted
        counter = 2
        while name in self.defs:
            name = f"{wanted}{counter}"
            counter += 1
        return name

    def entry(self, name: str) -> str:
        return "#" + pointer.join("", self.keyword, name)

    def place(self, uri: str, fragment: str) -> str:
        """The local ``#/$defs/...`` reference for a target in another document."""
        key = f"{uri}#{fragment}"
        if key in self.placed:
            return self.placed[key]
        doc = self.workspace.document(uri)
        tokens = pointer.split(fragment) if fragment.startswith("/") else []
        same = doc.dialect == self.document.dialect
        if same and len(tokens) == 2 and tokens[0] in _ENTRIES and isinstance(doc.contents, dict):
            name = self.local_name(tokens[1])
            self.placed[key] = self.entry(name)
            self.defs[name] = None  # reserve the name before rewriting (recursive refs)
            self.defs[name] = self.rewrite(copy.deepcopy(doc.contents[tokens[0]][tokens[1]]), doc)
            return self.placed[key]
        whole = f"{uri}#"
        if whole not in self.placed:
            name = self.local_name(self.name(doc.display.rsplit("/", 1)[-1].split(".")[0]))
            self.placed[whole] = self.entry(name)
            self.defs[name] = None
            self.defs[name] = self.embed(doc, name) if not same else self.rewrite(copy.deepcopy(doc.contents), doc)
        if fragment and not fragment.startswith("/"):  # an anchor: it moves with the copy
            return "#" + fragment
        return self.placed[whole] + fragment

    def embed(self, doc: Document, name: str) -> Any:
        """A document of another dialect as an embedded resource: its ``$schema`` and an absolute id."""
        contents = self.rewrite(copy.deepcopy(doc.contents), doc, inside=True)
        if not isinstance(contents, dict):
            return contents
        self.needs_id = True
        own = "" if doc.uri.startswith("file:") else doc.uri
        uri = own or f"{self.base()}/{name}"
        # ``$id`` marks the resource for the enclosing dialect; draft-04 itself reads ``id``
        resource = {"$schema": vocabulary.schema_value(doc.dialect), "$id": uri}
        if vocabulary.id_keyword(doc.dialect) != "$id":
            resource[vocabulary.id_keyword(doc.dialect)] = uri
        return resource | {k: v for k, v in contents.items() if k not in ("$schema", "$id", "id")}

    def base(self) -> str:
        """The root's absolute id (one is made up, ``urn:schemagen:bundle``, when it has none)."""
        return self.root_id or "urn:schemagen:bundle"

    def rewrite(self, schema: Any, doc: Document, *, inside: bool = False) -> Any:
        """``schema`` (a private copy) with every reference to another document pointing into the bundle.

        A reference inside an embedded resource (``inside``: the copy becomes one; or a subschema with an
        id of its own) names the bundle's root absolutely: there, ``#/...`` would mean that resource.
        """
        spec = referencing.jsonschema.specification_with(doc.dialect)
        embedded = doc is not self.document and isinstance(schema, dict) and spec.id_of(schema) is not None
        top: str | None = None
        for _, node, scope in vocabulary.walk_with_base(schema, doc.uri, dialect=doc.dialect):
            top = scope if top is None else top
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                continue
            target, fragment = urldefrag(urljoin(scope, ref))
            if target == self.document.uri and doc is not self.document:
                local = "#" + fragment
            elif target != self.document.uri and target in self.workspace.documents:
                local = self.place(target, fragment)
            else:
                continue
            relative = not (inside or embedded) and (scope == doc.uri or (doc is self.document and scope == top))
            node["$ref"] = local if relative else self.base() + local
            self.needs_id = self.needs_id or not relative
        return schema

    def bundle(self, keep: Callable[[str], bool] | None) -> Any:
        contents = copy.deepcopy(self.document.contents)
        if not isinstance(contents, dict):
            return contents
        own = contents.get(self.keyword, {})
        self.defs.update(dict.fromkeys(own))
        contents = self.rewrite(contents, self.document)
        merged = dict(contents.get(self.keyword, {}))
        merged.update({k: v for k, v in self.defs.items() if k not in merged})
        if keep is not None:
            merged = {k: v for k, v in merged.items() if keep(k)}
        if merged:
            contents[self.keyword] = merged
        contents.setdefault("$schema", vocabulary.schema_value(self.document.dialect))
        if self.needs_id and not self.root_id:
            head = {"$schema": contents.pop("$schema"), vocabulary.id_keyword(self.document.dialect): self.base()}
            contents = head | {k: v for k, v in contents.items() if k not in head}
        return {k: v for k, v in contents.items() if not k.startswith(vocabulary.OWN_KEY_PREFIX)}
