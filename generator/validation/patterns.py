"""Warnings about the ``pattern`` and ``patternProperties`` regular expressions of loaded documents.

A pattern with nested quantifiers, like ``(a+)+``, can take exponential time on a short hostile
string (catastrophic backtracking). Such a pattern is valid, so it is generated, with a warning
at its place (``file:line:col: warning: ...`` on stderr); an invalid pattern is the planner's error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.diagnostics import Diagnostic
from generator.schema import pointer
from generator.schema.loader import Document
from generator.schema.vocabulary import walk
from generator.validation.regex import PatternError, translate


def pattern_warnings(documents: Iterable[Document]) -> list[Diagnostic]:
    """One warning per pattern (at each place it is written) that ``translate`` warns about, in file order."""
    return sorted(_warnings(documents))


def _warnings(documents: Iterable[Document]) -> Iterator[Diagnostic]:
    for doc in documents:
        for where, node in walk(doc.contents):
            if not isinstance(node, dict):
                continue
            found: list[tuple[str, object]] = [(f"{where}/pattern", node.get("pattern"))]
            keyed = node.get("patternProperties")
            if isinstance(keyed, dict):
                found += [(f"{where}/patternProperties/{pointer.escape(key)}", key) for key in keyed]
            for at, source in found:
                if not isinstance(source, str):
                    continue
                try:
                    warnings = translate(source).warnings
                except PatternError:
                    continue  # the validator planner reports it, where a validator is generated
                for message in warnings:
                    yield doc.diagnostic(at, f"pattern {source!r}: {message}")
