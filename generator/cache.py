"""A small on-disk cache that only ever saves time: compiled templates and meta-validation verdicts.

It never changes output. It lives in ``$SCHEMAGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/schemagen``,
else ``~/.cache/schemagen``; ``SCHEMAGEN_NO_CACHE=1`` turns it off, and any error using it is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

VERSION = "1"


def cache_dir() -> Path | None:
    if os.environ.get("SCHEMAGEN_NO_CACHE"):
        return None
    explicit = os.environ.get("SCHEMAGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "schemagen"


def _verdict_path(contents: Any, salt: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    text = json.dumps(contents, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(f"{VERSION}\0{salt}\0{text}".encode()).hexdigest()
    return root / "valid" / digest[:2] / digest


def known_valid(contents: Any, salt: str) -> bool:
    """Whether these exact contents passed meta-validation before (with the same ``salt``)."""
    path = _verdict_path(contents, salt)
    return path is not None and path.exists()


def remember_valid(contents: Any, salt: str) -> None:
    path = _verdict_path(contents, salt)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass


_RECORDINGS: list[dict[str, str]] = []


def record_read(path: Path, data: bytes) -> None:
    """Note the digest of the bytes just read from ``path`` (when a :func:`recording` is active)."""
    if _RECORDINGS:
        _RECORDINGS[-1].setdefault(str(path.resolve()), hashlib.sha256(data).hexdigest())


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Collect ``{resolved path: sha256 of the bytes read}`` for every input read inside the block.

    The memo keys its entries by these digests, never by re-reading a file after the fact: a file
    edited while a run renders must not file the old output under the new content.
    """
    reads: dict[str, str] = {}
    _RECORDINGS.append(reads)
    try:
        yield reads
    finally:
        _RECORDINGS.remove(reads)
