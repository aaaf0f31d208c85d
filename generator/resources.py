"""Where the packaged templates live (a light module: importing it loads nothing else)."""

from __future__ import annotations

from pathlib import Path


def packaged_templates() -> Path:
    """The templates shipped inside the wheel, or the checkout's ``templates/`` when run from source."""
    inside = Path(__file__).parent / "templates"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "templates"
