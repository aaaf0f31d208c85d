"""Docs stay proportional to their input, follow renames, and share an output directory (issue 12 items 5, 7)."""

from __future__ import annotations

from pathlib import Path

from generator.api import generate
from generator.render.docs import PAD_LIMIT
from generator.write import MANIFEST


def test_a_huge_description_does_not_pad_every_cell(tmp_path: Path) -> None:
    description = "word " * 40_000  # 200 KB
    schema = tmp_path / "big.yaml"
    fields = "\n".join(f"    f{i}: {{type: string, description: short {i}}}" for i in range(50))
    schema.write_text(
        "$defs:\n  Big:\n    type: object\n    properties:\n"
        f"      huge: {{type: string, description: '{description}'}}\n" + fields.replace("    f", "      f") + "\n"
    )
    generate([schema], tmp_path / "out", targets=["docs"], root=tmp_path)
    doc = (tmp_path / "out" / "docs" / "models" / "big.md").read_text()
    assert description.strip() in doc
    assert len(doc) < len(description) + 60 * 4 * (PAD_LIMIT + 3)  # it was 42 MB: every cell padded to 200 KB
    assert max(len(line) for line in doc.splitlines() if "short 7" in line) <= 4 * (PAD_LIMIT + 3) + 1


def test_a_renamed_type_loses_its_old_doc(tmp_path: Path) -> None:
    schema = tmp_path / "s.yaml"
    schema.write_text("$defs:\n  Old:\n    type: object\n    properties:\n      a: {type: string}\n")
    out = tmp_path / "out"
    generate([schema], out, targets=["docs", "dataclasses"], root=tmp_path)
    assert (out / "docs" / "models" / "old.md").exists()
    assert "docs/models/old.md" in (out / MANIFEST).read_text()
    schema.write_text("$defs:\n  New:\n    type: object\n    properties:\n      a: {type: string}\n")
    result = generate([schema], out, targets=["docs", "dataclasses"], root=tmp_path)
    assert result.counts["removed"] == 1
    assert not (out / "docs" / "models" / "old.md").exists()
    assert (out / "docs" / "models" / "new.md").exists()
    assert not generate([schema], out, targets=["docs", "dataclasses"], root=tmp_path, check=True).stale


def test_two_schemas_with_docs_in_one_directory(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(
            f"$defs:\n  Item:\n    description: the {name} error\n    type: object\n"
            "    properties:\n      code: {type: integer}\n"
        )
    out = tmp_path / "out"
    schemas = [tmp_path / "one.yaml", tmp_path / "two.yaml"]
    generate(schemas, out, targets=["docs", "dataclasses"], root=tmp_path)
    assert "the one error" in (out / "docs" / "one" / "models" / "item.md").read_text()
    assert "the two error" in (out / "docs" / "two" / "models" / "item.md").read_text()
    index = (out / "docs" / "README.md").read_text()
    assert "[one](one/README.md)" in index and "[two](two/README.md)" in index
    assert not generate(schemas, out, targets=["docs", "dataclasses"], root=tmp_path, check=True).stale
    # back to one schema: its docs are in docs/models/ again
    generate(schemas[:1], out, targets=["docs", "dataclasses"], root=tmp_path)
    assert "the one error" in (out / "docs" / "models" / "item.md").read_text()
