"""The ``__init__.py`` that makes each schema's output directory a package."""

from __future__ import annotations

from generator.render.environment import render
from generator.targets import Job


def package_files(job: Job) -> dict[str, str]:
    return {f"{job.module.stem}/__init__.py": render(job.env, "package_init.py.jinja", module=job.module)}
