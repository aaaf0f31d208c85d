"""JSON pointers (RFC 6901): the one place that escapes, unescapes and joins reference tokens."""

from __future__ import annotations


def escape(token: str | int) -> str:
    """One reference token, escaped: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    text = str(token)
    if "~" not in text and "/" not in text:
        return text
    return text.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """The inverse of :func:`escape`."""
    if "~" not in token:
        return token
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens``, each escaped."""
    return pointer + "".join("/" + escape(token) for token in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped reference tokens of ``pointer`` (``""`` has none)."""
    if not pointer:
        return []
    return [unescape(token) for token in pointer.split("/")[1:]]


def resolve(document: object, pointer: str) -> object:
    """The value at ``pointer`` in ``document`` (KeyError, IndexError or ValueError when there is none)."""
    node = document
    for token in split(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]  # type: ignore[index]
    return node
