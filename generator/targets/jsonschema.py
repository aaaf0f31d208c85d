"""Target ``jsonschema``: ``<stem>/schema.json``, one bundled 2020-12 schema per input.

External ``$ref``s are pulled into the root's ``$defs`` and rewritten to point there, so
editors and other validators get one self-contained file. OpenAPI input arrives already
translated to a 2020-12 document of ``$defs``.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urldefrag, urljoin

from generator.render.environment import render as render_template
from generator.targets import Job
from generator.types.naming import type_name

_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "example"})


class _Bundler:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.root_uri = job.document.uri
        self.defs: dict[str, Any] = {}
        self.placed: dict[str, str] = {}  # absolute target URI -> local pointer

    def local_name(self, wanted: str) -> str:
        name = wanted
        counter = 2
        while name in self.defs:
            name = f"{wanted}{counter}"
            counter += 1
        return name

    def place(self, uri: str, fragment: str) -> str:
        """The local ``#/$defs/...`` pointer for a target in another document."""
        key = f"{uri}#{fragment}"
        if key in self.placed:
            return self.placed[key]
        doc = self.job.workspace.document(uri)
        parts = fragment.split("/")
        if len(parts) == 3 and parts[0] == "" and parts[1] == "$defs":
            name = self.local_name(parts[2])
            self.placed[key] = f"#/$defs/{name}"
            self.defs[name] = None  # reserve the name before recursing (recursive refs)
            self.defs[name] = self.rewrite(copy.deepcopy(doc.contents["$defs"][parts[2]]), uri)
            return self.placed[key]
        whole = f"{uri}#"
        if whole not in self.placed:
            stem = type_name(doc.display.rsplit("/", 1)[-1].split(".")[0])
            name = self.local_name(stem)
            self.placed[whole] = f"#/$defs/{name}"
            self.defs[name] = None
            self.defs[name] = self.rewrite(copy.deepcopy(doc.contents), uri)
        return self.placed[whole] + fragment

    def rewrite(self, node: Any, base: str) -> Any:
        if isinstance(node, dict):
            own_id = node.get("$id")
            if isinstance(own_id, str):
                base = urljoin(base, own_id)
            for key, value in list(node.items()):
                if key == "$ref" and isinstance(value, str):
                    target, fragment = urldefrag(urljoin(base, value))
                    if target != self.root_uri and target in self.job.workspace.documents:
                        node[key] = self.place(target, fragment)
                elif key not in _DATA_KEYWORDS:
                    node[key] = self.rewrite(value, base)
        elif isinstance(node, list):
            return [self.rewrite(v, base) for v in node]
        return node

    def bundle(self) -> Any:
        contents = copy.deepcopy(self.job.document.contents)
        if not isinstance(contents, dict):
            return contents
        own = contents.get("$defs", {})
        self.defs.update(dict.fromkeys(own))
        contents = self.rewrite(contents, self.root_uri)
        merged = dict(contents.get("$defs", {}))
        merged.update({k: v for k, v in self.defs.items() if k not in merged})
        if self.job.only:
            keep = {t.name for t in self.job.module.types}
            merged = {k: v for k, v in merged.items() if k in keep or type_name(k) in keep}
        if merged:
            contents["$defs"] = merged
        contents.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
        # Keys schemagen's own translation added (such as OpenAPI's component order) are not part of the contract.
        return {k: v for k, v in contents.items() if not k.startswith("x-schemagen-")}


def render(job: Job) -> dict[str, str]:
    bundled = _Bundler(job).bundle()
    text = render_template(job.env, "schema.json.jinja", module=job.module, schema=bundled)
    return {f"{job.module.stem}/schema.json": text}
