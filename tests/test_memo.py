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


def _entries() -> list[Path]:
    from generator.cache import cache_dir

    root = cache_dir()
    assert root is not None
    return sorted((root / "render").rglob("*.json"))


def test_an_edit_during_a_run_never_files_the_old_output_under_the_new_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: the schema changes while generate renders; the memo must not serve the old output after."""
    from generator.schema import loader

    schema = copy_cross_file(tmp_path)
    common = tmp_path / "common.yaml"
    real_load = loader.load

    def load_then_edit(*args: object, **kwargs: object) -> object:
        workspace = real_load(*args, **kwargs)  # type: ignore[arg-type]
        common.write_text(common.read_text().replace("A postal address", "An edited address"))
        return workspace

    monkeypatch.setattr(loader, "load", load_then_edit)
    during = render(schema)
    assert "A postal address" in during["main/models.py"]
    monkeypatch.setattr(loader, "load", real_load)
    after = render(schema)
    assert "An edited address" in after["main/models.py"]  # rendered from the bytes now on disk
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")
    assert render(schema) == after


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda e: e["files"].update({"../../outside.py": "x = 1\n"}), id="path-escapes-out"),
        pytest.param(lambda e: e["files"].update({"/etc/evil.py": "x = 1\n"}), id="absolute-path"),
        pytest.param(lambda e: e["files"].update({"main/models.py": "import os\n"}), id="content-changed"),
        pytest.param(lambda e: e.update({"key": "0" * 64}), id="foreign-entry"),
        pytest.param(lambda e: e.update({"files": ["main/models.py"]}), id="wrong-shape"),
        pytest.param(lambda e: e.clear(), id="emptied"),
    ],
)
def test_a_tampered_or_foreign_entry_gives_the_output_of_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: object
) -> None:
    import json

    schema = copy_cross_file(tmp_path)
    monkeypatch.setenv("SCHEMAGEN_CACHE_DIR", str(tmp_path / "cache"))
    clean = render(schema)
    (entry_path,) = _entries()
    entry = json.loads(entry_path.read_text())
    tamper(entry)  # type: ignore[operator]
    entry_path.write_text(json.dumps(entry))
    assert render(schema) == clean


def test_a_truncated_entry_gives_the_output_of_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = copy_cross_file(tmp_path)
    monkeypatch.setenv("SCHEMAGEN_CACHE_DIR", str(tmp_path / "cache"))
    clean = render(schema)
    (entry_path,) = _entries()
    entry_path.write_bytes(entry_path.read_bytes()[:100])
    assert render(schema) == clean


def test_no_template_bytecode_is_loaded_from_the_cache_directory() -> None:
    from generator.render.environment import environment

    assert environment().bytecode_cache is None


def _validators(schema: Path, **options: object) -> str:
    files = render_files([schema], targets=("validators",), root=schema.parent, **options)  # type: ignore[arg-type]
    return files[f"{schema.stem}/validators.py"]


def _parts() -> list[Path]:
    from generator.cache import cache_dir

    root = cache_dir()
    assert root is not None
    return sorted((root / "parts").rglob("*.json"))


EDITS = [
    # (before, after, whether the validators change): annotations vs keywords, and properties named like annotations
    ("description: An order", "description: A purchase order", False),
    ("examples: [1]", "examples: [2]", False),
    ("maxLength: 5", "maxLength: 6", True),
    ("      description: {type: string}", "      description: {type: integer}", True),
    ("      default: {type: string}", "      default: {type: string, minLength: 2}", True),
    ("required: [id]", "required: [id, title]", True),
]


@pytest.mark.parametrize(("before", "after", "changes"), EDITS)
def test_validators_after_an_edit_equal_an_uncached_run(
    before: str, after: str, changes: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validators are memoized by the schema without its annotations: an edited description reuses
    them, any edit that matters to validation (a property *named* description too) renders afresh."""
    schema = tmp_path / "order.yaml"
    text = (
        "title: Order\ndescription: An order\ntype: object\nrequired: [id]\nproperties:\n"
        "  id: {type: string, maxLength: 5, examples: [1]}\n"
        "  title:\n    type: object\n    properties:\n"
        "      description: {type: string}\n      default: {type: string}\n"
    )
    assert before in text
    schema.write_text(text)
    first = _validators(schema)
    parts = _parts()
    schema.write_text(text.replace(before, after))
    second = _validators(schema)
    assert (second != first) is changes
    assert (_parts() != parts) is changes  # a new entry only when validation changed
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")
    assert _validators(schema) == second


def test_a_corrupt_part_entry_is_ignored(tmp_path: Path) -> None:
    schema = tmp_path / "order.yaml"
    schema.write_text("type: object\nproperties:\n  id: {type: string, maxLength: 5}\n")
    first = _validators(schema)
    for part in _parts():
        part.write_text(part.read_text().replace("maxLength", "minLength"))  # tampered: the checksum fails
    schema.write_text("description: edited\ntype: object\nproperties:\n  id: {type: string, maxLength: 5}\n")
    assert _validators(schema) == first
