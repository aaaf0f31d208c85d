"""The change kinds of ``schemagen diff`` and the verdict each change gets per direction.

A direction is ``backward`` (every payload valid under OLD is valid under NEW) or ``forward``
(every payload valid under NEW is valid under OLD). A verdict is *compatible* only when the
comparison proved the inclusion, *breaking* only with a witness payload that both versions'
validators confirm, and *unknown* (with a reason) otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.settings import COMPAT_MODES

Status = Literal["compatible", "breaking", "unknown"]
Direction = Literal["backward", "forward"]
DIRECTIONS: tuple[Direction, Direction] = ("backward", "forward")
MODES = COMPAT_MODES

KINDS: dict[str, str] = {
    "type-narrowed": "a type was removed from the allowed types",
    "type-widened": "a type was added to the allowed types",
    "type-changed": "the allowed types were replaced",
    "property-added": "a property was declared",
    "property-removed": "a property declaration was removed",
    "required-added": "a property became required",
    "required-removed": "a property is no longer required",
    "enum-value-added": "an enum value was added",
    "enum-value-removed": "an enum value was removed",
    "const-changed": "a const value was added, removed or changed",
    "bound-tightened": "a numeric, length or count bound was tightened",
    "bound-loosened": "a numeric, length or count bound was loosened",
    "pattern-changed": "a pattern was added, removed or changed",
    "format-changed": "a format was added, removed or changed",
    "additional-closed": "additionalProperties / unevaluatedProperties closed or narrowed",
    "additional-opened": "additionalProperties / unevaluatedProperties opened or widened",
    "union-branch-added": "an anyOf / oneOf branch was added",
    "union-branch-removed": "an anyOf / oneOf branch was removed",
    "nullability-changed": "null became allowed or disallowed",
    "ref-target-changed": "a $ref points to another definition",
    "items-changed": "items / prefixItems (tuple shape or item schema) changed",
    "type-renamed": "a definition was renamed (old and new definition equal)",
    "definition-added": "a definition was added",
    "definition-removed": "a definition was removed",
    "keyword-changed": "another validation keyword was added, removed or changed",
}
"""Every kind a change record can have, with its meaning (the README's table)."""


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str = ""

    def as_json(self) -> Any:
        if self.status == "unknown":
            return {"status": "unknown", "reason": self.reason}
        return self.status


COMPATIBLE = Verdict("compatible")


@dataclass(frozen=True)
class Site:
    """Where a change was met: the entry (root ``""`` or a ``$defs`` name), the instance path, the local nodes."""

    entry: str
    path: tuple[tuple[str, Any, str, str], ...]
    """Instance steps from the entry to the changed value: (kind, argument, old place, new place).

    Kinds: ``prop`` (a name), ``item`` (an index), ``extra`` (a key no property or pattern names),
    ``pattern`` (a key matching the pattern), ``key`` (the value is a property name)."""
    old: str
    """URI#pointer of the old local schema."""
    new: str
    """URI#pointer of the new local schema."""
    negated: bool = False
    """An odd number of ``not`` lies between the entry and the change."""


@dataclass
class Change:
    """One record of the diff."""

    kind: str
    pointer: str
    """The JSON pointer (in the NEW file, or the OLD one when the place is gone) of the change."""
    old_at: str
    """``file:line:col`` in OLD (or "")."""
    new_at: str
    message: str
    proved: dict[Direction, bool]
    """Per direction: the comparison proved the inclusion."""
    reason: dict[Direction, str] = field(default_factory=dict)
    """Per direction: why no proof (pattern inclusion undecided, oneOf exclusivity, ...)."""
    hints: dict[Direction, list[Any]] = field(default_factory=dict)
    """Per direction: candidate values at the site, tried first when building a witness."""
    sites: list[Site] = field(default_factory=list)
    verdicts: dict[Direction, Verdict] = field(default_factory=dict)
    witness: dict[Direction, dict[str, Any]] = field(default_factory=dict)
    parts: list[Change] = field(default_factory=list)
    """The changes an aggregated record (a ``$ref`` retargeted, a tuple reshaped) stands for."""
    affects: list[str] = field(default_factory=list)
    new_file: str = ""
    new_line: int = 0
    new_col: int = 0

    def key(self) -> tuple[str, str, str]:
        return (self.pointer, self.kind, self.message)

    def merge(self, other: Change) -> None:
        """The same change met again (another entry or context): keep the weaker proof, add the site."""
        for d in DIRECTIONS:
            if not other.proved[d] and self.proved[d]:
                self.proved[d] = False
                self.reason[d] = other.reason.get(d, "")
            self.hints.setdefault(d, []).extend(other.hints.get(d, []))
        self.sites.extend(s for s in other.sites if s not in self.sites)

    def as_json(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "kind": self.kind,
            "backward": self.verdicts["backward"].as_json(),
            "forward": self.verdicts["forward"].as_json(),
            "old": self.old_at or None,
            "new": self.new_at or None,
            "affects": self.affects,
            "message": self.message,
            "witness": self.witness or None,
        }


def overall(changes: list[Change], direction: Direction) -> Status:
    statuses = {c.verdicts[direction].status for c in changes}
    if "breaking" in statuses:
        return "breaking"
    if "unknown" in statuses:
        return "unknown"
    return "compatible"


def mode_directions(mode: str) -> tuple[Direction, ...]:
    """The directions a mode checks: ``full`` both, otherwise the one it names."""
    if mode == "full":
        return DIRECTIONS
    return ("forward",) if mode == "forward" else ("backward",)


def fails(changes: list[Change], mode: str, *, allow_unknown: bool) -> bool:
    """Whether the changes break ``mode`` (unknown counts as breaking unless allowed)."""
    directions = mode_directions(mode)
    bad = {"breaking"} if allow_unknown else {"breaking", "unknown"}
    return any(overall(changes, d) in bad for d in directions)


@dataclass(frozen=True)
class Drop:
    """Witness hint: a valid value of the place with property ``name`` left out."""

    name: str


@dataclass(frozen=True)
class Size:
    """Witness hint: a valid value of the place resized to ``n`` characters, items or properties."""

    n: int


@dataclass(frozen=True)
class Dup:
    """Witness hint: a valid array of the place with its first item repeated."""
