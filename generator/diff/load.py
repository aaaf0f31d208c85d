"""The two versions of a contract: a file, or ``REV:PATH`` read from git with its local ``$ref``\\ s at REV.

A revision is exported with ``git archive`` into a temporary directory (the whole tree, so that
relative references to other files resolve as they did at that revision) and loaded from there;
every position is then shown as ``REV:PATH:line:col``.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, SchemaError, UsageError
from generator.schema.loader import Document, Workspace, load
from generator.schema.remote import Sources
from generator.settings import Settings


@dataclass(frozen=True)
class Version:
    """One loaded version: its workspace, its root document and how its files are shown."""

    label: str
    """OLD or NEW as the user gave it."""
    workspace: Workspace
    root: Document
    prefix: str = ""
    """``REV:`` for a revision (prepended to every display path), else empty."""
    repo_path: str = ""
    """For a revision: the root file's path inside the repository."""

    def shown(self, display: str) -> str:
        return self.prefix + display

    def at(self, uri: str, pointer: str) -> Diagnostic:
        """The ``file:line:col`` of ``pointer`` in the document ``uri`` (nearest existing ancestor)."""
        doc = self.workspace.documents.get(uri)
        if doc is None:
            return Diagnostic(self.shown(uri), 0, 0, "")
        found = doc.diagnostic(pointer, "")
        return Diagnostic(self.shown(found.file), found.line, found.col, "")

    def relative(self, uri: str) -> str:
        """A document's path relative to the root document's folder: the same file in both versions."""
        doc = self.workspace.documents.get(uri)
        if doc is None:
            return uri
        if doc is self.root:
            return "<root>"
        root_dir = PurePosixPath(self.root.uri).parent
        here = PurePosixPath(doc.uri)
        try:
            return here.relative_to(root_dir).as_posix()
        except ValueError:
            return doc.uri


def is_revision(spec: str) -> bool:
    """``REV:PATH`` (not an existing file; a colon after at least one character)."""
    return not Path(spec).exists() and ":" in spec[1:]


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout


def exists_at(rev: str, path: str, *, cwd: Path | None = None) -> bool:
    """Whether ``path`` (relative to ``cwd``) exists at ``rev``; a bad revision is a usage error."""
    here = cwd or Path.cwd()
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], here)
    spec = f"{rev}:{path if path.startswith('../') else './' + path}"
    done = subprocess.run(["git", "cat-file", "-e", spec], cwd=here, capture_output=True, check=False)
    return done.returncode == 0


@contextmanager
def open_version(spec: str, *, cwd: Path | None = None, settings: Settings | None = None) -> Iterator[Version]:
    """Load ``spec`` (a file, or ``REV:PATH``); the temporary tree of a revision lives as long as the context.

    ``settings`` gives the project root of a file version (display paths start there; default: ``cwd``),
    the default dialect and the ``ref-map``; a revision's root is the repository's tree at that revision.
    """
    here = cwd or Path.cwd()
    options = settings or Settings()
    root = options.root

    def read(path: Path, base: Path) -> Workspace:
        sources = Sources.create(base, options.ref_map, options.vendor_dir, fetch=False)
        return load([path], base=base, default_dialect=options.default_dialect, sources=sources)

    if not is_revision(spec):
        path = Path(spec)
        if not path.is_file():
            raise UsageError(f"{spec}: file not found (give a file or REV:PATH)")
        workspace = read(path, root or here)
        yield Version(spec, workspace, workspace.roots[0])
        return
    rev, _, path_text = spec.partition(":")
    top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
    if path_text.startswith(("./", "../")):
        prefix = _git(["rev-parse", "--show-prefix"], here).decode().strip()
        path_text = (PurePosixPath(prefix) / path_text).as_posix()
    inside = posixpath.normpath(path_text)
    if inside.startswith("../") or inside == "..":
        raise UsageError(f"{spec}: the path leaves the repository")
    _git(["cat-file", "-e", f"{rev}:{inside}"], top)  # a clear error when the file is not at REV
    archive = _git(["archive", "--format=tar", rev], top)
    with tempfile.TemporaryDirectory(prefix="schemagen-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            workspace = read(Path(tmp) / inside, Path(tmp))
        except SchemaError as exc:
            raise SchemaError(
                [Diagnostic(f"{rev}:{d.file}", d.line, d.col, d.message) for d in exc.diagnostics]
            ) from None
        yield Version(spec, workspace, workspace.roots[0], prefix=f"{rev}:", repo_path=inside)
