"""The three output formats of ``schemagen diff``: ``text`` (one line a change), ``json``, ``github``."""

from __future__ import annotations

import json
from typing import Any

from generator.diff.kinds import DIRECTIONS, Change, Verdict, mode_directions, overall


def _verdict(v: Verdict) -> str:
    return f"unknown ({v.reason})" if v.status == "unknown" and v.reason else v.status


def _failing(change: Change, mode: str, allow_unknown: bool) -> bool:
    directions = mode_directions(mode)
    bad = {"breaking"} if allow_unknown else {"breaking", "unknown"}
    return any(change.verdicts[d].status in bad for d in directions)


def _witness(change: Change) -> str:
    parts = []
    for d, w in change.witness.items():
        payload = json.dumps(w["payload"], ensure_ascii=False, sort_keys=True)
        if len(payload) > 200:
            payload = payload[:197] + "..."
        parts.append(f"{d} witness ({w['type'] or 'root'}, valid under {w['valid']} only): {payload}")
    return "; ".join(parts)


def text(changes: list[Change], mode: str, allow_unknown: bool) -> str:
    lines = []
    for c in changes:
        where = c.new_at or c.old_at
        line = (
            f"{where}: {c.kind}: {c.message} [backward: {_verdict(c.verdicts['backward'])}; "
            f"forward: {_verdict(c.verdicts['forward'])}]"
        )
        if c.affects:
            line += f" affects {', '.join(c.affects)}"
        if c.witness:
            line += f"; {_witness(c)}"
        lines.append(line)
    summary = ", ".join(f"{d}: {overall(changes, d)}" for d in DIRECTIONS)
    lines.append(f"schemagen diff: {len(changes)} change(s); {summary}")
    return "\n".join(lines) + "\n"


def as_json(changes: list[Change]) -> str:
    document: dict[str, Any] = {d: overall(changes, d) for d in DIRECTIONS}
    document["changes"] = [c.as_json() for c in changes]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(changes: list[Change], mode: str, allow_unknown: bool) -> str:
    lines = []
    for c in changes:
        level = "error" if _failing(c, mode, allow_unknown) else "notice"
        file = c.new_file
        message = (
            f"{c.kind}: {c.message} (backward: {_verdict(c.verdicts['backward'])}; "
            f"forward: {_verdict(c.verdicts['forward'])})"
        )
        if c.witness:
            message += f"; {_witness(c)}"
        props = f"file={_escape(file, prop=True)}"
        if c.new_line:
            props += f",line={c.new_line},col={c.new_col}"
        lines.append(f"::{level} {props},title={_escape('schemagen diff ' + c.kind, prop=True)}::{_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def render(changes: list[Change], fmt: str, mode: str, allow_unknown: bool) -> str:
    if fmt == "json":
        return as_json(changes)
    if fmt == "github":
        return github(changes, mode, allow_unknown)
    return text(changes, mode, allow_unknown)
