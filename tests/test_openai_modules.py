"""The OpenAI OpenAPI document with ``layout = "modules"``: 727 types, one module each.

The output passes ruff and mypy --strict, no module is part of an import cycle (each one is imported
first, alone, under an import hook), and the document's own examples (``x-oaiMeta.example``) decode
and encode exactly as they do with the single module.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.api import render_files
from generator.schema.source import read_source
from tests.test_layout_modules import RUFF_CONFIG, assert_imports_alone, assert_no_import_cycle, run_python
from tests.test_openai_document import BIN, DOCUMENT

pytestmark = pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the OpenAI document is not at {DOCUMENT}")

TARGETS = ("dataclasses", "typeddicts")


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.api import render
    from generator.settings import Settings

    settings = Settings(schemas=(DOCUMENT,), targets=TARGETS, root=DOCUMENT.parent, layout="modules")
    return write(tmp_path_factory.mktemp("openai-modules"), render(settings))


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = render_files([DOCUMENT], targets=("dataclasses",), root=DOCUMENT.parent)
    return write(tmp_path_factory.mktemp("openai-single"), files)


def test_one_module_per_type(out: Path) -> None:
    models = sorted(p.stem for p in (out / "openai_openapi" / "models").glob("*.py"))
    typeddicts = sorted(p.stem for p in (out / "openai_openapi" / "typeddicts").glob("*.py"))
    assert len(models) == 727 + 2 and len(typeddicts) == 727 + 1
    assert "batch" in models and "_runtime" in models and "__init__" in models


def test_ruff_and_mypy_are_clean(out: Path) -> None:
    for cmd in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", RUFF_CONFIG, str(out)],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", RUFF_CONFIG, str(out)],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "openai_openapi"],
    ):
        result = subprocess.run(cmd, cwd=out, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


@pytest.mark.parametrize("flavor", ["models", "typeddicts"])
def test_no_import_cycle(out: Path, flavor: str) -> None:
    package = out / "openai_openapi" / flavor
    assert_no_import_cycle(package)
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    assert_imports_alone(out, f"openai_openapi.{flavor}", modules[::7])  # a seventh of them alone
    assert_imports_alone(out, f"openai_openapi.{flavor}", modules, alone=False)  # all, in turn


def documented_examples() -> dict[str, object]:
    """The components' ``x-oaiMeta.example`` values that are JSON, by component name."""
    schemas = read_source(DOCUMENT, "openai-openapi.yaml").value["components"]["schemas"]
    found = {}
    for name, schema in schemas.items():
        example = schema.get("x-oaiMeta", {}).get("example") if isinstance(schema, dict) else None
        if isinstance(example, str):
            try:
                found[name] = json.loads(example)
            except ValueError:
                continue
    return found


DECODE_ALL = """
    import json, sys
    import openai_openapi.models as models
    results = {}
    for name, example in json.loads(sys.stdin.read()).items():
        cls = getattr(models, name, None)
        if cls is None or not hasattr(cls, "from_dict"):
            results[name] = "no model"
            continue
        try:
            value = cls.from_dict(example)
        except models.DecodeError as error:
            results[name] = "DecodeError: " + str(error)
            continue
        assert cls.from_dict(value.to_dict()) == value, name
        results[name] = value.to_dict()
    print(json.dumps(results, sort_keys=True))
"""


def decode_all(root: Path, examples: dict[str, object]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(DECODE_ALL)],
        cwd=root,
        input=json.dumps(examples),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    decoded: dict[str, object] = json.loads(result.stdout)
    return decoded


def test_the_documented_examples_round_trip_as_with_the_single_module(out: Path, single: Path) -> None:
    examples = documented_examples()
    assert len(examples) >= 30
    modules = decode_all(out, examples)
    assert modules == decode_all(single, examples)
    decoded = [name for name, value in modules.items() if isinstance(value, dict)]
    assert len(decoded) >= 20, modules  # 23 of 30 decode; the others break the document's own schema


def test_the_batch_example_through_one_module(out: Path) -> None:
    example = json.loads((Path(__file__).parent / "fixtures" / "batch_example.json").read_text())
    code = f"""
        from openai_openapi.models.batch import Batch
        from openai_openapi.models import DecodeError
        try:
            Batch.from_dict({example!r})
        except DecodeError as error:
            print(error)
        batch = Batch.from_dict({ {k: v for k, v in example.items() if v is not None}!r})
        assert Batch.from_dict(batch.to_dict()) == batch
        print(batch.request_counts.total)
    """
    assert run_python(out, code).splitlines() == ["/errors: expected object, got null", "100"]


@pytest.fixture(scope="module")
def every_option(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The document with every issue-16 option at once (one module per type, kept unknown keys, typed
    formats and a type-map), and the single module with the same options, side by side."""
    from generator.api import render
    from generator.settings import Settings
    from generator.targets.typed import FORMAT_TYPES, TypeMapEntry
    from tests.test_typed_openai import WEBLINKS

    roots = []
    for layout in ("modules", "module"):
        settings = Settings(
            schemas=(DOCUMENT,),
            targets=TARGETS,
            root=DOCUMENT.parent,
            layout=layout,
            extra="keep",
            format_types=tuple(FORMAT_TYPES),
            type_map=(TypeMapEntry("format:uri", "weblinks:Url"),),
        )
        root = write(tmp_path_factory.mktemp(f"openai-every-option-{layout}"), render(settings))
        (root / "weblinks").mkdir()
        (root / "weblinks" / "__init__.py").write_text(WEBLINKS, encoding="utf-8")
        (root / "weblinks" / "py.typed").write_text("", encoding="utf-8")
        roots.append(root)
    return roots[0], roots[1]


def test_every_option_at_once_is_clean_and_decodes_as_the_single_module(every_option: tuple[Path, Path]) -> None:
    modules, single = every_option
    for cmd in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", RUFF_CONFIG, "openai_openapi"],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", RUFF_CONFIG, "openai_openapi"],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "openai_openapi"],
    ):
        result = subprocess.run(cmd, cwd=modules, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert_no_import_cycle(modules / "openai_openapi" / "models")
    examples = documented_examples()
    decoded = decode_all(modules, examples)
    assert decoded == decode_all(single, examples)
    kept = [name for name, value in decoded.items() if isinstance(value, dict) and value == examples[name]]
    assert len(kept) >= 23, decoded  # with keep, every example that decodes comes back equal (key order aside)
