"""Bundle: one root schema and the resources it references in other files, as one self-contained document.

Every external ``$ref`` target is copied into the root's ``$defs`` (a target that is itself a ``$defs``
entry keeps its name; a whole document is named by ``name``) and the reference is rewritten to point
there. References are found by schema structure (:func:`generator.schema.vocabulary.walk_with_base`),
so a property called ``default`` or ``enum`` is bundled like any other.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag, urljoin

from generator.schema import pointer, vocabulary
from generator.schema.loader import Document, Workspace


def bundle(
    workspace: Workspace,
    document: Document,
    *,
    name: Callable[[str], str],
    keep: Callable[[str], bool] | None = None,
) -> Any:
    """The bundled copy of ``document`` (the workspace is not modified).

    ``name`` turns a referenced file's stem into its ``$defs`` name; ``keep``, when given, says which
    ``$defs`` entries to keep. The result declares ``$schema`` (2020-12 unless the input says otherwise)
    and drops the keys schemagen's own translation added.
    """
    return _Bundler(workspace, document, name).bundle(keep)


class _Bundler:
    def __init__(self, workspace: Workspace, document: Document, name: Callable[[str], str]) -> None:
        self.workspace = workspace
        self.document = document
        self.name = name
        self.defs: dict[str, Any] = {}
        self.placed: dict[str, str] = {}  # absolute target URI -> local reference

    def local_name(self, wanted: str) -> str:
        name = wanted
        counter = 2
        while name in self.defs:
            name = f"{wanted}{counter}"
            counter += 1
        return name

    def place(self, uri: str, fragment: str) -> str:
        """The local ``#/$defs/...`` reference for a target in another document."""
        key = f"{uri}#{fragment}"
        if key in self.placed:
            return self.placed[key]
        doc = self.workspace.document(uri)
        tokens = pointer.split(fragment) if fragment.startswith("/") else []
        if len(tokens) == 2 and tokens[0] == "$defs":
            name = self.local_name(tokens[1])
            self.placed[key] = "#" + pointer.join("", "$defs", name)
            self.defs[name] = None  # reserve the name before rewriting (recursive refs)
            self.defs[name] = self.rewrite(copy.deepcopy(doc.contents["$defs"][tokens[1]]), uri)
            return self.placed[key]
        whole = f"{uri}#"
        if whole not in self.placed:
            name = self.local_name(self.name(doc.display.rsplit("/", 1)[-1].split(".")[0]))
            self.placed[whole] = "#" + pointer.join("", "$defs", name)
            self.defs[name] = None
            self.defs[name] = self.rewrite(copy.deepcopy(doc.contents), uri)
        return self.placed[whole] + fragment

    def rewrite(self, schema: Any, base: str) -> Any:
        """``schema`` (a private copy) with every reference to another document pointing into ``$defs``."""
        for _, node, scope in vocabulary.walk_with_base(schema, base):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if isinstance(ref, str):
                target, fragment = urldefrag(urljoin(scope, ref))
                if target != self.document.uri and target in self.workspace.documents:
                    node["$ref"] = self.place(target, fragment)
        return schema

    def bundle(self, keep: Callable[[str], bool] | None) -> Any:
        contents = copy.deepcopy(self.document.contents)
        if not isinstance(contents, dict):
            return contents
        own = contents.get("$defs", {})
        self.defs.update(dict.fromkeys(own))
        contents = self.rewrite(contents, self.document.uri)
        merged = dict(contents.get("$defs", {}))
        merged.update({k: v for k, v in self.defs.items() if k not in merged})
        if keep is not None:
            merged = {k: v for k, v in merged.items() if keep(k)}
        if merged:
            contents["$defs"] = merged
        contents.setdefault("$schema", vocabulary.DRAFT_2020_12)
        return {k: v for k, v in contents.items() if not k.startswith(vocabulary.OWN_KEY_PREFIX)}
