"""``runtime(module, *names)``: the templates include generator/runtime/ definitions verbatim."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.render.environment import environment
from generator.render.include import definitions, parse, runtime
from generator.validation.formats import CHECKERS
from generator.validation.table import DIALECTS

RUNTIME = Path(__file__).resolve().parent.parent / "generator" / "runtime"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# What a generated validators module imports for its helpers (plan.stdlib / plan.third_party).
PRELUDE = "import datetime, fractions, ipaddress, math, re\nfrom typing import Any\n"


def _source(module: str) -> str:
    return (RUNTIME / f"{module}.py").read_text(encoding="utf-8")


def _body(module: str) -> str:
    """The module's text after its docstring and imports."""
    tree = ast.parse(_source(module))
    first = next(n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr)))
    return "\n".join(_source(module).splitlines()[first.lineno - 1 :]) + "\n"


def _helpers(uses: set[str]) -> str:
    module = environment().get_template("_validate_helpers.jinja").make_module({})
    return str(module.helpers(SimpleNamespace(uses=uses)))


def test_named_definitions_with_the_blank_lines_of_the_module() -> None:
    text = runtime("formats", "_DATE", "_fmt_date")
    assert text.startswith('_DATE = re.compile(r"^(\\d{4})-(\\d{2})-(\\d{2})$", re.ASCII)\n\n\ndef _fmt_date(v: str)')
    assert text.endswith("    return True")
    assert text in _source("formats")


def test_leading_comments_belong_to_the_definition_and_adjacent_lines_stay_adjacent() -> None:
    text = runtime("formats", "_UCS", "_PRIV", "_uri_regex")
    lines = text.splitlines()
    assert lines[0] == "# RFC 3986 / RFC 3987, from their ABNF"
    assert lines[1].startswith("_UCS = ") and lines[2].startswith("_PRIV = ")
    assert lines[3:6] == ["", "", "def _uri_regex(iri: bool, reference: bool) -> re.Pattern[str]:"]


@pytest.mark.parametrize("module", ["decode", "validate", "formats"])
def test_no_names_means_the_whole_module_after_its_imports(module: str) -> None:
    assert runtime(module) + "\n" == _body(module)


def test_the_order_is_the_order_named() -> None:
    assert runtime("validate", "_in", "_eq").startswith("def _in(")


def test_an_unknown_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="defines no '_nope'"):
        runtime("validate", "_eq", "_nope")


def test_definitions_are_parsed_once() -> None:
    assert definitions("formats") is definitions("formats")


def test_parse_kinds_of_definitions() -> None:
    source = (
        '"""doc"""\n\nimport functools\n\n_A = _B = 1\n_C: int = 2\n\n\n# about f\n@functools.cache\ndef f() -> int:\n'
        "    return 1\n\n\nclass K:\n    pass\n"
    )
    found = parse("m", source)
    assert list(found) == ["_A", "_B", "_C", "f", "K"]
    assert found["_A"] is found["_B"]
    assert found["f"].text == "# about f\n@functools.cache\ndef f() -> int:\n    return 1"
    assert (found["_A"].blank_before, found["_C"].blank_before, found["f"].blank_before) == (1, 0, 2)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1\nif x:\n    y = 2\n", "not a definition"),
        ("x = 1\n\n# a comment that belongs to nothing\n\ny = 2\n", "belongs to none"),
        ("def f() -> None:\n    pass\n    # trailing\n\n\ny = 2\n", "belongs to none"),
        ("x = 1\nx = 2\n", "defined twice"),
    ],
)
def test_parse_refuses_what_would_go_missing(source: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse("m", source)


def test_no_raw_block_holds_python() -> None:
    for path in TEMPLATES.glob("*.jinja"):
        for block in re.findall(r"{% raw %}(.*?){% endraw %}", path.read_text(encoding="utf-8"), re.S):
            assert block.count("\n") <= 5, path.name


def test_every_runtime_definition_is_emitted_by_some_block() -> None:
    checkers = {c.helper for table in DIALECTS.values() for c in table.formats.values()}
    assert checkers >= {c.helper for c in CHECKERS.values()}
    uses = {"eq", "unique", "multiple", "names"} | {"fmt_" + helper for helper in checkers} | {"fmt_uri_base"}
    emitted = _helpers(uses)
    assert emitted.strip() == (runtime("validate") + "\n\n\n" + runtime("formats")).strip()


ALL_CHECKERS = {c.helper: c for table in DIALECTS.values() for c in table.formats.values()}
"""Every dialect's checkers, by helper (draft-04/06 ``hostname`` has its own)."""


@pytest.mark.parametrize("fmt", sorted(ALL_CHECKERS))
def test_each_format_block_with_the_uses_the_plan_adds_is_complete(fmt: str) -> None:
    """Rendered alone with its dependencies (as plan.py adds them), a checker runs: nothing it calls is missing."""
    checker = ALL_CHECKERS[fmt]
    code = _helpers({"fmt_" + checker.helper, *("fmt_" + dep for dep in checker.deps)})
    namespace: dict[str, Any] = {}
    exec(compile(PRELUDE + code, f"<{fmt}>", "exec"), namespace)
    check = namespace["_fmt_" + checker.helper]
    for value in ("", "a", "x@[::1]", "1963-06-19T08:30:06Z", "http://a/b", "/a", "0", "::1", "xn--4gbwdl.com"):
        assert isinstance(check(value), bool)


@pytest.mark.parametrize("use", ["eq", "unique", "multiple", "names"])
def test_each_validate_block_is_complete(use: str) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(PRELUDE + _helpers({use}), f"<{use}>", "exec"), namespace)
    assert any(name.startswith("_") and callable(obj) for name, obj in namespace.items())


def test_the_dataclasses_runtime_is_the_decode_module() -> None:
    assert environment().get_template("_decode_runtime.py.jinja").render() == runtime("decode") + "\n"
