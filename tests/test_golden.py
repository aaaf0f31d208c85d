"""Golden snapshots: generated/ for schemas/, and one golden tree per corpus schema.

Regenerate: ``make generate`` (generated/) and ``make goldens`` (tests/golden/).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator.api import render, render_files
from generator.config import read_config
from tests.conftest import CORPUS, GOLDEN, REPO, tree

CORPUS_TARGETS = ("dataclasses", "typeddicts")
CASES = sorted([*list(CORPUS.glob("*.yaml")), CORPUS / "cross_file" / "main.yaml"])
OPTIONS = CORPUS / "options"
"""One small project per option fixture: ``options/<name>/pyproject.toml`` ([tool.schemagen] with the
option under test and the targets it shapes) and its schemas; golden ``tests/golden/options__<name>/``."""
OPTION_CASES = sorted(p.parent for p in OPTIONS.glob("*/pyproject.toml"))


def assert_same_tree(expected: dict[str, str], actual: dict[str, str], where: str) -> None:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    problems = [f"missing from {where}: {p}" for p in missing] + [f"extra in {where}: {p}" for p in extra]
    for path in sorted(set(expected) & set(actual)):
        if expected[path] != actual[path]:
            diff = difflib.unified_diff(
                expected[path].splitlines(keepends=True),
                actual[path].splitlines(keepends=True),
                f"{where}/{path}",
                f"rendered/{path}",
            )
            problems.append("".join(diff))
    assert not problems, "\n".join(problems)


def test_generated_matches_a_fresh_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    settings = read_config(REPO / "pyproject.toml")
    rendered = render_files(
        settings.schemas,
        targets=settings.targets,
        docs_flavor=settings.docs_flavor,
        templates=settings.templates,
        root=settings.root,
    )
    assert_same_tree(tree(REPO / "generated"), rendered, "generated")


@pytest.mark.parametrize("schema", CASES, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_golden(schema: Path) -> None:
    rendered = render_files([schema], targets=CORPUS_TARGETS, root=CORPUS)
    golden = GOLDEN / schema.relative_to(CORPUS).with_suffix("").as_posix().replace("/", "__")
    check_golden(golden, rendered)


@pytest.mark.parametrize("project", OPTION_CASES, ids=lambda p: p.name)
def test_option_golden(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    rendered = render(read_config(project / "pyproject.toml"))
    check_golden(GOLDEN / f"options__{project.name}", rendered)


def check_golden(golden: Path, rendered: dict[str, str]) -> None:
    """Compare ``rendered`` with the golden tree (or rewrite it, with SCHEMAGEN_UPDATE_GOLDENS=1)."""
    if os.environ.get("SCHEMAGEN_UPDATE_GOLDENS"):
        for path, text in rendered.items():
            target = golden / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path in set(tree(golden)) - set(rendered):
            (golden / path).unlink()
    assert_same_tree(tree(golden), rendered, f"tests/golden/{golden.name}")


def test_corpus_is_broad_enough() -> None:
    assert len(CASES) >= 12
    goldens = {p.name for p in GOLDEN.iterdir() if p.name.startswith("options__")}
    assert goldens == {f"options__{p.name}" for p in OPTION_CASES}, "an option golden without its project"
