"""schemagen: one data contract in, dataclasses, TypedDicts, validators and docs out.

The public API is imported lazily, so that ``import generator`` (and the CLI) stay fast.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: `schemagen --help` needs none of it
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "compile_validator", "generate", "validator_source"]

if TYPE_CHECKING:
    from generator.api import generate
    from generator.targets.validators import compile_validator, validator_source


def __getattr__(name: str) -> Any:
    if name == "generate":
        from generator.api import generate

        return generate
    if name in ("compile_validator", "validator_source"):
        from generator.targets import validators

        return getattr(validators, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
