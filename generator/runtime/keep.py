"""What a dataclasses module generated with ``extra = "keep"`` carries besides the decode runtime.

templates/dataclasses.py.jinja includes every definition of this module verbatim
(``runtime("keep")``) right after the decode runtime; the generated module's imports cover these.
"""

from typing import Any


def _kept(obj: dict[str, Any], keys: dict[str, bool]) -> dict[str, Any]:
    """The entries of ``obj`` a model's fields do not hold, in their order.

    ``keys`` maps each declared wire name to whether its field is optional. Kept: every key the
    model does not declare, and the explicit null of an optional field (whose None reads as unset:
    ``to_dict`` writes this null back in the field's place).
    """
    return {k: v for k, v in obj.items() if k not in keys or (v is None and keys[k])}
