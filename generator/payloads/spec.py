"""A compiled validator, shipped to other processes as its source and compiled there once.

:class:`ValidatorSpec` is what worker processes (``--jobs``) and Dask workers receive: the
generated module's source (the exact text ``compile_validator`` executed) and the names of the
two functions to call. Unpickling it is cheap; :meth:`ValidatorSpec.load` executes the source
once per process (cached by the source's digest), never per chunk or per line.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Functions = tuple[Callable[[Any], bool], Callable[[Any], Iterator[Any]]]

_LOADED: dict[str, dict[str, Any]] = {}
"""Per process: the namespace of each executed source, by digest."""


@dataclass(frozen=True)
class ValidatorSpec:
    """The source of a generated validators module and which ``is_valid``/``iter_errors`` to use."""

    source: str
    is_valid: str
    iter_errors: str

    @classmethod
    def of(cls, validator: Any) -> ValidatorSpec:
        """The spec of a ``compile_validator`` result (or its ``for_type``): found in its namespace by identity."""
        names = {id(value): key for key, value in validator.namespace.items() if callable(value)}
        spec = cls(validator.source, names[id(validator.is_valid)], names[id(validator.iter_errors)])
        _LOADED.setdefault(spec.digest, validator.namespace)  # this process (and its forks) has it already
        return spec

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8", "surrogatepass")).hexdigest()

    def load(self) -> Functions:
        """``(is_valid, iter_errors)``, executing the source the first time this process sees it."""
        digest = self.digest
        namespace = _LOADED.get(digest)
        if namespace is None:
            filename = f"<schemagen validator {digest[:12]}>"
            linecache.cache[filename] = (len(self.source), None, self.source.splitlines(True), filename)
            namespace = {"__name__": f"schemagen_validator_{digest[:12]}"}
            exec(compile(self.source, filename, "exec"), namespace)
            _LOADED[digest] = namespace
        return namespace[self.is_valid], namespace[self.iter_errors]
