"""Runtime helper of the generated validators' patterns: a search that runs once per value.

Real Python, standard library only; templates/validators.py.jinja includes ``_Once`` verbatim
(``runtime("patterns", "_Once")``) when the validation plan has patterns.
"""

from __future__ import annotations

from typing import Any


class _Once:
    """A compiled pattern that searches a value once: the error message reuses the verdict of the check.

    Validators check a value (``is_valid``), then describe it (``iter_errors``); a costly pattern
    (backtracking) must not run twice on the same string. The memo holds at most 4096 values.
    """

    __slots__ = ("_search", "_seen")

    def __init__(self, pattern: Any) -> None:
        self._search = pattern.search
        self._seen: dict[str, Any] = {}

    def search(self, value: str) -> Any:
        seen = self._seen
        found = seen.get(value, seen)
        if found is seen:
            if len(seen) >= 4096:
                seen.clear()
            found = seen[value] = self._search(value)
        return found
