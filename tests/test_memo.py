"""The render memo only saves time: any input change is seen, and output equals an uncached run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import render_files
from tests.conftest import CORPUS


def copy_cross_file(tmp_path: Path) -> Path:
    for name in ("main.yaml", "common.yaml"):
        (tmp_path / name).write_text((CORPUS / "cross_file" / name).read_text())
    return tmp_path / "main.yaml"


def render(schema: Path, **options: object) -> dict[str, str]:
    return render_files([schema], targets=("dataclasses",), root=schema.parent, **options)  # type: ignore[arg-type]


def test_cached_and_uncached_output_are_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = copy_cross_file(tmp_path)
    first = render(schema)
    assert render(schema) == first
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")
    assert render(schema) == first


def test_a_change_in_a_referenced_file_is_seen(tmp_path: Path) -> None:
    schema = copy_cross_file(tmp_path)
    before = render(schema)
    common = tmp_path / "common.yaml"
    common.write_text(common.read_text().replace("A postal address", "A street address"))
    after = render(schema)
    assert "A street address" in after["main/models.py"]
    assert after != before


def test_a_new_template_override_is_seen(tmp_path: Path) -> None:
    schema = copy_cross_file(tmp_path)
    overrides = tmp_path / "templates"
    overrides.mkdir()
    before = render(schema, templates=[overrides])
    (overrides / "package_init.py.jinja").write_text('"""Custom package docstring."""\n')
    after = render(schema, templates=[overrides])
    assert after["main/__init__.py"] == '"""Custom package docstring."""\n'
    assert before["main/__init__.py"] != after["main/__init__.py"]
