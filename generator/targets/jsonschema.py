"""Target ``jsonschema``: ``<stem>/schema.json``, one bundled schema per input, in its dialect.

External ``$ref``s are pulled into the root's ``$defs`` (``definitions`` in draft-04 to -07) and rewritten to
point there (:mod:`generator.schema.bundle`), so editors and other validators get one self-contained file.
OpenAPI input arrives already translated to a 2020-12 document of ``$defs``.
"""

from __future__ import annotations

from typing import Any

from generator.render.environment import render as render_template
from generator.schema.bundle import bundle
from generator.targets import Job
from generator.types.naming import type_name


def bundled(job: Job) -> Any:
    """The job's root schema with everything it references in other files, as one document.

    With ``--only``, ``$defs`` keeps the entries whose types the module keeps.
    """
    names = {t.name for t in job.module.types}

    def kept(key: str) -> bool:
        return key in names or type_name(key) in names

    return bundle(job.workspace, job.document, name=type_name, keep=kept if job.only else None)


def render(job: Job) -> dict[str, str]:
    text = render_template(job.env, "schema.json.jinja", module=job.module, schema=bundled(job))
    return {f"{job.module.stem}/schema.json": text}
