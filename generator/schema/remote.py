"""Where a ``$ref`` outside the loaded files is read from: the project root, ``ref-map`` and the vendor directory.

Nothing is fetched silently: a remote URI resolves from a local copy (a ``ref-map`` prefix, or a copy
an earlier ``--fetch`` run left in the vendor directory), and only with ``fetch`` is an http(s)
document downloaded, once, into the vendor directory, for later runs (and ``check``) to read offline.
Local files are read only inside the project root.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

MAX_DOWNLOAD = 16 * 1024 * 1024
"""The largest document ``--fetch`` downloads (bytes)."""
TIMEOUT = 30.0
"""Seconds a download may take to answer."""
VENDOR_DIR = Path(".schemagen") / "vendor"
"""The vendor directory, relative to the project root, when ``vendor-dir`` is not set."""


def unresolvable(ref: str) -> str:
    """The one message for a ``$ref`` whose document is nowhere to be read (every target reports it)."""
    return (
        f"cannot resolve $ref {ref!r}: map its prefix to a local copy with --ref-map PREFIX=DIR, "
        "or let schemagen download it once with --fetch"
    )


class FetchError(Exception):
    """A download that failed; the message says why."""


@dataclass(frozen=True)
class Sources:
    """The places a run may read referenced documents from."""

    root: Path
    """The project root (resolved): local files are read only inside it."""
    ref_map: tuple[tuple[str, Path], ...] = ()
    vendor_dir: Path | None = None
    """None: ``.schemagen/vendor`` under the root."""
    fetch: bool = False

    @staticmethod
    def create(
        root: Path | None = None,
        ref_map: tuple[tuple[str, Path], ...] = (),
        vendor_dir: Path | None = None,
        fetch: bool = False,
    ) -> Sources:
        return Sources((root or Path.cwd()).resolve(), tuple(ref_map), vendor_dir, fetch)

    @property
    def vendor(self) -> Path:
        return self.vendor_dir if self.vendor_dir is not None else self.root / VENDOR_DIR

    def confined(self, path: Path) -> bool:
        """Whether ``path`` (symlinks followed) lies inside the project root."""
        return resolved(path).is_relative_to(self.root)

    def local_copy(self, uri: str) -> Path | None:
        """The local file that stands for ``uri`` (no fragment): a ``ref-map`` entry, else a vendored copy."""
        for prefix, folder in sorted(self.ref_map, key=lambda pair: -len(pair[0])):
            if uri.startswith(prefix):
                return _inside(folder, unquote(uri[len(prefix) :]))
        vendored = self.vendor_path(uri)
        return vendored if vendored is not None and vendored.is_file() else None

    def vendor_path(self, uri: str) -> Path | None:
        """Where the vendored copy of an http(s) ``uri`` lives (None: not an http(s) URI it can hold)."""
        parts = urlparse(uri)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname + (f"_{parts.port}" if parts.port else "")
        relative = unquote(parts.path).lstrip("/") + (f"?{parts.query}" if parts.query else "")
        return _inside(self.vendor / host, relative)

    def download(self, uri: str) -> Path:
        """Fetch ``uri`` into the vendor directory (atomically) and return the copy's path."""
        target = self.vendor_path(uri)
        if target is None:
            raise FetchError("only http(s) documents can be fetched")
        import urllib.error
        import urllib.request  # only --fetch needs it (http.client, email: a tenth of start-up)

        try:
            with urllib.request.urlopen(uri, timeout=TIMEOUT) as response:  # http(s) only, opt-in
                data = response.read(MAX_DOWNLOAD + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise FetchError(str(getattr(exc, "reason", exc))) from None
        if len(data) > MAX_DOWNLOAD:
            raise FetchError(f"the document is larger than {MAX_DOWNLOAD} bytes")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".fetch-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target


def _inside(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` when that stays inside ``folder`` (no ``..``, no absolute part), else None."""
    parts = relative.split("/")
    if not relative or any(part in ("", ".", "..") or "\0" in part or "\\" in part for part in parts):
        return None
    return folder.joinpath(*parts)


def resolved(path: Path) -> Path:
    """``path`` absolute with its symlinks followed; where they loop, absolute as written (reading it then fails)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
        return Path(os.path.abspath(path))
