"""The OpenAI document with ``format-types = true`` and a ``type-map``: typed output that is product.

The document has no typed format (its times are Unix integers; its formats are ``uri``, ``binary`` and
``float``), so ``format-types`` types no field of it; a ``type-map`` of ``format:uri`` to the user's own
class types 3. The output passes ruff and mypy --strict, and the documented response examples of
``x-oaiMeta`` decode exactly as they do without the options and write back the same JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.api import render
from generator.schema.loader import load
from generator.schema.remote import Sources
from generator.schema.source import read_source
from generator.settings import Settings
from generator.targets.typed import FORMAT_TYPES, TypeMapEntry, apply
from generator.types import ir
from generator.types.build import build_module
from tests.conftest import REFERENCE, REPO

DOCUMENT = REFERENCE / "openapi" / "openai-openapi.yaml"
BIN = Path(sys.executable).parent
TYPE_MAP = (TypeMapEntry("format:uri", "weblinks:Url"),)

pytestmark = pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the OpenAI document is not at {DOCUMENT}")

WEBLINKS = '''\
"""A user's own URL type: it keeps the text it was built from."""

from typing import Any


class Url:
    def __init__(self, text: Any) -> None:
        if not isinstance(text, str) or ("://" not in text and not text.startswith("data:")):
            raise ValueError(f"not a URL: {text!r}")
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Url) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __str__(self) -> str:
        return self.text
'''


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("openai_typed")
    (root / "weblinks").mkdir()
    (root / "weblinks" / "__init__.py").write_text(WEBLINKS, encoding="utf-8")
    (root / "weblinks" / "py.typed").write_text("", encoding="utf-8")
    for name, options in (("plain", {}), ("typed", {"format_types": tuple(FORMAT_TYPES), "type_map": TYPE_MAP})):
        settings = Settings(schemas=(DOCUMENT,), targets=("dataclasses",), root=DOCUMENT.parent, **options)
        for path, text in render(settings).items():
            (root / name / path).parent.mkdir(parents=True, exist_ok=True)
            (root / name / path).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    sys.modules.pop("weblinks", None)


def _typed(expr: ir.TypeExpr) -> bool:
    if isinstance(expr, ir.Primitive):
        return expr.custom is not None
    if isinstance(expr, ir.Array):
        return _typed(expr.items)
    if isinstance(expr, ir.Map):
        return _typed(expr.values)
    if isinstance(expr, ir.Nullable):
        return _typed(expr.inner)
    if isinstance(expr, (ir.Union, ir.Tuple)):
        return any(_typed(m) for m in expr.members)
    return False


def test_how_many_fields_become_typed() -> None:
    workspace = load([DOCUMENT], base=DOCUMENT.parent, sources=Sources.create(DOCUMENT.parent, (), None, False))
    module = build_module(workspace, workspace.roots[0], only=())

    def typed_fields(entries: tuple[TypeMapEntry, ...]) -> int:
        typed = apply(module, tuple(FORMAT_TYPES), entries)
        return sum(1 for t in typed.module.types if isinstance(t, ir.Model) for f in t.fields if _typed(f.type))

    assert typed_fields(()) == 0  # no date-time, date, time, duration, uuid, ipv4 or ipv6 in the document
    assert typed_fields(TYPE_MAP) == 3  # the three `format: uri` image URLs


def test_ruff_and_mypy_are_clean(out: Path) -> None:
    config = str(REPO / "tests" / "generated-ruff.toml")
    for command in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", config, str(out / "typed")],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", config, str(out / "typed")],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out / "typed" / "openai_openapi")],
    ):
        env = {"PATH": str(BIN), "MYPYPATH": str(out)}
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def documented_examples() -> list[tuple[str, str, Any]]:
    """(operation, component name, example) for each JSON response example of ``x-oaiMeta``."""
    document = read_source(DOCUMENT, DOCUMENT.name).value
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            schema = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            ref = schema.get("schema", {}).get("$ref", "")
            examples = operation.get("x-oaiMeta", {}).get("examples")
            for example in examples if isinstance(examples, list) else [examples] if examples else []:
                response = example.get("response") if isinstance(example, dict) else None
                try:
                    value = json.loads(response) if isinstance(response, str) else None
                except json.JSONDecodeError:
                    continue  # some are prose or elided ("...")
                if value is not None and ref.startswith("#/components/schemas/"):
                    found.append((f"{method} {path}", ref.rpartition("/")[2], value))
    return found


def test_documented_examples_decode_and_write_back_as_without_the_options(
    out: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    plain = import_from(out / "plain", "openai_openapi.models")
    typed = import_from(out / "typed", "openai_openapi.models")
    examples = documented_examples()
    assert len(examples) >= 40
    decoded = 0
    for operation, name, example in examples:
        try:
            expected = getattr(plain, name).from_dict(example).to_dict()
        except plain.DecodeError as error:
            with pytest.raises(typed.DecodeError) as caught:
                getattr(typed, name).from_dict(example)
            assert str(caught.value) == str(error), operation
            continue
        value = getattr(typed, name).from_dict(example)
        assert value.to_dict() == expected, operation
        assert getattr(typed, name).from_dict(value.to_dict()) == value, operation
        decoded += 1
    assert decoded >= 26, decoded  # of 46: the others break the spec (nulls where it allows none, ...)


def test_an_image_url_is_the_users_class_and_round_trips(
    out: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    typed = import_from(out / "typed", "openai_openapi.models")
    payload = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}}
    part = typed.ChatCompletionRequestMessageContentPartImage.from_dict(payload)
    assert type(part.image_url.url).__name__ == "Url" and str(part.image_url.url) == "https://example.com/cat.png"
    assert part.to_dict() == payload
    with pytest.raises(typed.DecodeError, match=r"^/image_url/url: expected Url: not a URL: 'cat.png'$"):
        typed.ChatCompletionRequestMessageContentPartImage.from_dict({**payload, "image_url": {"url": "cat.png"}})
