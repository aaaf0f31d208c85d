"""The one Environment: every filter and test registered once, by environment() alone, and none of them dead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render import docs, docs_values, environment, escape, fit, layout, pytypes

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.jinja")))
RENDER_MODULES = (escape, pytypes, fit, docs, docs_values)


def test_environment_registers_every_filter_and_test_once() -> None:
    env = environment.environment()
    for module in (*RENDER_MODULES, layout):
        for name, function in module.FILTERS.items():
            assert env.filters[name] is function, name
    for name, test in pytypes.TESTS.items():
        assert env.tests[name] is test, name


def test_no_two_modules_register_one_name() -> None:
    names = [name for module in (*RENDER_MODULES, layout) for name in module.FILTERS]
    assert len(names) == len(set(names))
    assert not set(names) & set(pytypes.TESTS)


@pytest.mark.parametrize("name", sorted(n for m in RENDER_MODULES for n in m.FILTERS))
def test_every_filter_is_used_by_a_template(name: str) -> None:
    assert re.search(rf"\|\s*{name}\b", SOURCE), f"filter {name!r} is registered but no template uses it"


@pytest.mark.parametrize("name", sorted(pytypes.TESTS))
def test_every_test_is_used_by_a_template(name: str) -> None:
    assert re.search(rf"(\bis\s+(not\s+)?{name}\b)|[\"']{name}[\"']", SOURCE), f"test {name!r} is unused"


def test_every_filter_a_template_names_is_registered() -> None:
    env = environment.environment()
    env.bytecode_cache = None  # compile each template afresh
    for path in sorted(TEMPLATES.glob("*.jinja")):
        env.get_template(path.name)  # Jinja checks filter names when it compiles


@pytest.mark.parametrize(
    "gone", ["kind_of", "doc_file", "doc_kind", "is_binary", "md_cell", "ts_cell", "ts_heading", "py_annotation"]
)
def test_the_dead_and_merged_filters_are_gone(gone: str) -> None:
    assert gone not in environment.environment().filters
