"""Kept only for ``render/layout.py``, which still imports ``py_str``/``py_literal`` from here.

The filters now live in modules named for what they hold (:mod:`~generator.render.escape`,
:mod:`~generator.render.pytypes`, :mod:`~generator.render.fit`, :mod:`~generator.render.docs`,
:mod:`~generator.render.docs_values`) and :func:`generator.render.environment.environment`
registers all of them. Delete this module once ``layout.py`` imports from ``escape``.
"""

from __future__ import annotations

from generator.render.escape import py_literal, py_str

__all__ = ["py_literal", "py_str"]
