"""Running recursive third-party code (python-jsonschema) on documents as deep as the reader accepts."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any


def deep_call(work: Callable[[Any], Iterable[Any]], argument: Any) -> list[Any]:
    """``list(work(argument))`` (python-jsonschema, which recurses once or more per nesting level) on a thread
    with a stack and a recursion limit that fit the deepest document the reader accepts (200 levels)."""
    done: list[list[Any]] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(list(work(argument)))
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    limit = sys.getrecursionlimit()
    size = threading.stack_size()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        threading.stack_size(256 * 1024 * 1024)
        thread = threading.Thread(target=run, name="schemagen-meta-validation")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if failed:
        raise failed[0]
    return done[0]
