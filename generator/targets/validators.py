"""Target ``validators``: ``<stem>/validators.py``, JSON Schema 2020-12 validators for the schema.

One set of functions (``is_valid_<type>``, ``iter_errors_<type>``, ``validate_<type>``) per
named type that is a ``$defs`` entry of the root schema, plus ``is_valid`` / ``iter_errors`` /
``validate`` for the document root. The code comes from ``validators.py.jinja`` through the
validation plan, exactly as ``generator.compile_validator`` renders it.
"""

from __future__ import annotations

import referencing.jsonschema

from generator.targets import Job
from generator.targets.package import package_files
from generator.validation import Prepared, plan_schema, render_plan


def render(job: Job) -> dict[str, str]:
    doc = job.document
    contents = doc.contents
    defs = contents.get("$defs", {}) if isinstance(contents, dict) else {}
    named = {t.name for t in job.module.types}
    types = [name for name in defs if name in named]  # $defs order, as compile_validator has it
    own = referencing.jsonschema.DRAFT202012.create_resource(contents).id()
    prepared = Prepared(
        registry=job.workspace.registry,
        root_uri=own or doc.uri,
        source=job.module.source,
        defs=tuple(types),
        diagnose=doc.diagnostic,
    )
    plan = plan_schema(prepared, types=types)
    text = render_plan(plan, source=job.module.source, types=types, env=job.env)
    return {f"{job.module.stem}/validators.py": text, **package_files(job)}
