"""The ``diff`` subcommand, ``diff --against REV`` (the pre-commit hook) and ``check --compat REV``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import UsageError
from generator.diff import diff, exit_status
from generator.diff.kinds import MODES, Change
from generator.diff.load import exists_at
from generator.diff.report import render
from generator.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "versions", nargs="*", metavar="OLD NEW",
        help="the two versions, each a file or REV:PATH; with --against: the NEW schema files "
        "(default: [tool.schemagen] schemas)",
    )  # fmt: skip
    parser.add_argument("--against", metavar="REV", help="compare each schema with its version at git revision REV")
    parser.add_argument("--type", dest="type_name", metavar="TYPE", help="compare only the $defs entry TYPE")
    parser.add_argument("--mode", choices=MODES, help="backward | forward | full (default: [tool.schemagen] compat)")
    parser.add_argument("--format", dest="diff_format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--unknown", choices=("allow", "fail"), default="fail", help="whether unknown verdicts fail")
    parser.add_argument("--config", metavar="FILE", help="pyproject.toml to read [tool.schemagen] from")


def _against(rev: str, schemas: Sequence[Path]) -> list[tuple[str, str]]:
    pairs = []
    for path in schemas:
        shown = os.path.relpath(path.resolve(), Path.cwd().resolve()).replace(os.sep, "/")
        spec = f"{rev}:{shown if shown.startswith('../') else './' + shown}"
        if exists_at(rev, shown):
            pairs.append((spec, shown))
    return pairs


def _report(
    pairs: list[tuple[str, str]], type_name: str | None, mode: str, allow: bool, settings: Settings
) -> tuple[int, list[Change]]:
    status, changes = 0, list[Change]()
    for old, new in pairs:
        report = diff(old, new, type_name=type_name, settings=settings)
        changes.extend(report.changes)
        status = max(status, exit_status(report, mode, allow_unknown=allow))
    return status, changes


def run(args: argparse.Namespace) -> int:
    from generator.config import read_config

    settings = read_config(Path(args.config) if args.config else None)
    mode = args.mode or settings.compat
    if mode not in MODES:
        raise UsageError(f"unknown compat mode {mode!r} (known: {', '.join(MODES)})")
    allow = args.unknown == "allow"
    if args.against:
        schemas = [Path(v) for v in args.versions] or list(settings.schemas)
        if not schemas:
            raise UsageError("no schema given: pass SCHEMA paths or set [tool.schemagen] schemas")
        pairs = _against(args.against, schemas)
    elif len(args.versions) == 2:
        pairs = [(args.versions[0], args.versions[1])]
    else:
        raise UsageError("diff takes OLD and NEW (files or REV:PATH), or --against REV")
    status, changes = _report(pairs, args.type_name, mode, allow, settings)
    sys.stdout.write(render(changes, args.diff_format, mode, allow))
    return status


def check_compat(settings: Settings, rev: str) -> int:
    """``check --compat REV``: 1 when the working tree's schemas break ``settings.compat`` against REV."""
    if settings.compat not in MODES:
        raise UsageError(f"unknown compat mode {settings.compat!r} (known: {', '.join(MODES)})")
    status, changes = _report(_against(rev, settings.schemas), None, settings.compat, False, settings)
    if changes:
        sys.stdout.write(render(changes, "text", settings.compat, False))
    return status
