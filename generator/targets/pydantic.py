"""Target ``pydantic``: ``<stem>/pydantic_models.py``, pydantic v2 models by datamodel-code-generator.

The input is this run's bundled JSON Schema (the ``jsonschema`` target), so both tools see
one self-contained document with the same meaning. ``strict_nullable`` keeps required
nullable fields nullable; ``extra = "keep"`` gives every model ``extra="allow"``.
Needs the ``pydantic`` extra: ``pip install 'schemagen[pydantic]'``.
"""

from __future__ import annotations

import json
import warnings

from generator.diagnostics import UsageError
from generator.render.environment import render as render_template
from generator.targets import Job
from generator.targets.jsonschema import bundled
from generator.targets.package import package_files
from generator.targets.pydantic_tags import prepared


def render(job: Job) -> dict[str, str]:
    try:
        import datamodel_code_generator as dmcg
        from datamodel_code_generator.enums import DataModelType, InputFileType
        from datamodel_code_generator.format import Formatter, PythonVersion
    except ImportError:
        raise UsageError(
            "target 'pydantic' needs datamodel-code-generator: pip install 'schemagen[pydantic]'"
        ) from None
    header = render_template(job.env, "pydantic_header.py.jinja", module=job.module, version=dmcg.get_version())
    schema = prepared(bundled(job), job.types)  # the discriminators pydantic can honour (pydantic_tags.py)
    # type-map entries for named types are datamodel-code-generator's type_overrides (format entries and
    # decode/encode functions are the dataclasses' business: pydantic validates through the class itself)
    overrides = {e.key: e.type.replace(":", ".") for e in job.settings.type_map if not e.key.startswith("format:")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its deprecation notices are not our user's business
        code = dmcg.generate(
            json.dumps(schema),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            strict_nullable=True,
            disable_timestamp=True,
            custom_file_header=header.rstrip("\n"),
            use_schema_description=True,
            use_field_description=True,
            field_constraints=True,
            use_union_operator=True,
            use_standard_collections=True,
            use_double_quotes=True,
            formatters=[Formatter.BUILTIN],
            type_overrides=overrides or None,
            # extra = "keep": every model keeps unknown keys (model_extra), closed ones too, as the dataclasses do.
            extra_fields="allow" if job.settings.extra == "keep" else None,
        )
    if not isinstance(code, str):  # pragma: no cover - one input document gives one module
        raise UsageError("datamodel-code-generator returned several modules for one schema")
    return {f"{job.module.stem}/pydantic_models.py": code, **package_files(job)}
