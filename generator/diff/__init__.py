"""``schemagen diff``: breaking-change verdicts between two versions of a contract, with witnesses.

:func:`diff` loads both versions (:mod:`.load`), walks them side by side (:mod:`.compare`),
proves inclusions or builds verified witness payloads (:mod:`.witness`), names the generated
classes and fields each change affects (:mod:`.affects`); :mod:`.report` prints the result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, SchemaError, UsageError
from generator.diff.kinds import COMPATIBLE, DIRECTIONS, MODES, Change, Verdict, fails, overall
from generator.diff.load import Version, open_version
from generator.settings import Settings

__all__ = ["MODES", "Report", "diff", "exit_status"]


@dataclass(frozen=True)
class Report:
    old: str
    new: str
    changes: tuple[Change, ...]

    def status(self, direction: str) -> str:
        return overall(list(self.changes), direction)  # type: ignore[arg-type]


def _missing(version: Version, name: str) -> SchemaError:
    at = version.at(version.root.uri, "/$defs")
    return SchemaError([Diagnostic(at.file, at.line or 1, at.col or 1, f"no definition {name!r} in $defs")])


def diff(
    old: str, new: str, *, type_name: str | None = None, cwd: Path | None = None, settings: Settings | None = None
) -> Report:
    """Compare OLD and NEW (files or ``REV:PATH``); raise SchemaError / UsageError on bad input.

    ``settings`` (``[tool.schemagen]``) give the project root of file versions (default: ``cwd``), the
    default dialect and the ``ref-map`` both versions are read with.
    """
    from generator.diff.affects import Affects
    from generator.diff.compare import Comparator
    from generator.diff.witness import Oracle

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        with open_version(old, cwd=cwd, settings=settings) as ov, open_version(new, cwd=cwd, settings=settings) as nv:
            comparator = Comparator(ov, nv)
            comparator.definitions()
            if type_name is not None:
                for version in (ov, nv):
                    if type_name not in comparator.root(version).defs():
                        raise _missing(version, type_name)
                entries = [type_name]
            else:
                entries = ["", *[k for k in comparator.root(nv).defs() if k in comparator.root(ov).defs()]]
            comparator.run(entries)
            if type_name is None:
                comparator.definition_records()
            changes = sorted(comparator.records.values(), key=lambda c: (c.new_line, c.new_col, c.pointer, c.kind))
            if changes:
                oracles = (Oracle(ov), Oracle(nv))
                affects = Affects(nv)
                for change in changes:
                    _judge(change, *oracles)
                    change.affects = affects.of(_content_pointer(change))
                    if nv.prefix and change.new_file.startswith(nv.prefix):
                        change.new_file = change.new_file[len(nv.prefix) :]
            return Report(old, new, tuple(changes))
    finally:
        sys.setrecursionlimit(limit)


def _content_pointer(change: Change) -> str:
    site = change.sites[0] if change.sites else None
    return site.new.partition("#")[2] if site else ""


def _judge(change: Change, old: object, new: object) -> None:
    from generator.diff.witness import Oracle, find

    assert isinstance(old, Oracle) and isinstance(new, Oracle)
    for direction in DIRECTIONS:
        if change.proved[direction]:
            change.verdicts[direction] = COMPATIBLE
            continue
        try:
            witness, why = find(change, direction, old, new)
        except RecursionError:
            witness, why = None, "the witness search hit the recursion limit"
        if witness is not None:
            change.verdicts[direction] = Verdict("breaking")
            change.witness[direction] = witness
        else:
            change.verdicts[direction] = Verdict("unknown", change.reason.get(direction) or why)


def exit_status(report: Report, mode: str, *, allow_unknown: bool) -> int:
    if mode not in MODES:
        raise UsageError(f"unknown compat mode {mode!r} (known: {', '.join(MODES)})")
    return 1 if fails(list(report.changes), mode, allow_unknown=allow_unknown) else 0
