"""The metaschema validators shipped in ``generator/schema/metaschemas/``: schemagen's own validators,
compiled by schemagen from each dialect's official metaschema.

The loader meta-validates every resource with the shipped module of its dialect first and asks
python-jsonschema only to word the errors of a schema found invalid. ``make generate`` rewrites the
modules (``python -m generator.targets.metaschemas``); a test fails when one is stale.

They are compiled without ``format`` assertions: the one format check the metaschemas make that
python-jsonschema asserts here (``regex``) is done by the loader, as python-jsonschema does it.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from generator.schema import vocabulary
from generator.schema.metaschemas import MODULES, PACKAGE
from generator.targets.validators import render_plan
from generator.validation import plan_schema, prepare


def metaschema(dialect: str) -> dict[str, object]:
    """The official metaschema of ``dialect`` (its canonical URI), as python-jsonschema ships it."""
    from jsonschema.validators import validator_for

    schema: dict[str, object] = validator_for({"$schema": dialect}).META_SCHEMA
    return schema


def source(dialect: str) -> str:
    """The validator module of ``dialect``'s metaschema, exactly as it is shipped."""
    prepared = prepare(metaschema(dialect))
    prepared = dataclasses.replace(prepared, source=f"the {vocabulary.DIALECTS[dialect]} metaschema")
    return render_plan(plan_schema(prepared), source=prepared.source)


def expected() -> dict[Path, str]:
    """Every shipped module's path and the text it must hold."""
    return {PACKAGE / f"{name}.py": source(dialect) for dialect, name in MODULES.items()}


def main() -> int:
    changed = 0
    for path, text in expected().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
    print(f"schemagen: {PACKAGE.as_posix()}: {changed} metaschema module(s) rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
