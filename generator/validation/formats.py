"""The ``format`` checks a generated validator can assert (with ``formats=True``).

Each entry names the helper the template emits (``_fmt_<helper>``) and the optional
packages it imports. Formats that need no package use the standard library only.
"""

from __future__ import annotations

CHECKERS: dict[str, tuple[str, tuple[str, ...]]] = {}
