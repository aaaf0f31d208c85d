"""Hatch build hook: ship the packaged templates precompiled to Python inside the wheel.

Jinja's template compiler is most of a cold run's time; a wheel built with this hook loads
the precompiled modules instead (when the installed Jinja is the one they were built with;
otherwise the templates are compiled as usual). User template overrides still win by name.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrecompileTemplates(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)
        try:
            from generator.render.environment import precompile

            self._out = Path(tempfile.mkdtemp(prefix="schemagen-templates-"))
            precompile(self._out)
        finally:
            sys.path.remove(self.root)
        build_data["force_include"][str(self._out)] = "generator/_compiled"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
