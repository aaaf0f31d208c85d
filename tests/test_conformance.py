"""The official JSON-Schema-Test-Suite (draft 2020-12) against compiled validators.

Every file, case and test, with ids ``file / case / test``. The suite's ``remotes/`` are
served from a ``referencing.Registry`` at ``http://localhost:1234/``, with the 2020-12
metaschemas from ``jsonschema-specifications``. ``optional/`` and ``optional/format`` run
with ``formats=True``. Every skip carries its reason; ``SCHEMAGEN_RUN_SKIPPED=1`` runs them anyway.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import referencing
import referencing.jsonschema

from generator.targets.validators import Validator, compile_validator
from generator.validation import PlanError

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "json-schema-test-suite"
TESTS = SUITE / "tests" / "draft2020-12"
REMOTES = SUITE / "remotes"
RUN_SKIPPED = os.environ.get("SCHEMAGEN_RUN_SKIPPED") == "1"

# (file, case description, test description or None for the whole case) -> reason
SKIPS: dict[tuple[str, str, str | None], str] = {
    ("optional/cross-draft", "refs to historic drafts are processed as historic drafts", None): (
        "the $ref target declares draft 2019-09: schemagen refuses other dialects at generation time"
        " (it validates JSON Schema 2020-12 only), so this schema gets no validator"
    ),
}
# Whole optional files whose subject is not JSON Schema 2020-12 validation.
SKIP_FILES: dict[str, str] = {}


@cache
def remotes() -> referencing.Registry[Any]:
    """The suite's remotes at http://localhost:1234/, plus the official metaschemas."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS

    resources = []
    for path in sorted(REMOTES.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = "http://localhost:1234/" + path.relative_to(REMOTES).as_posix()
        spec = referencing.jsonschema.specification_with(
            contents.get("$schema", "https://json-schema.org/draft/2020-12/schema")
            if isinstance(contents, dict)
            else "https://json-schema.org/draft/2020-12/schema",
            default=referencing.jsonschema.DRAFT202012,
        )
        resources.append((uri, spec.create_resource(contents)))
    registry: referencing.Registry[Any] = SPECIFICATIONS.with_resources(resources)
    return registry.crawl()


def cases(folder: Path, prefix: str = "") -> Iterator[Any]:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        name = prefix + path.stem
        for case in json.loads(path.read_text(encoding="utf-8")):
            for test in case["tests"]:
                test_id = f"{name} / {case['description']} / {test['description']}"
                reason = SKIPS.get((name, case["description"], test["description"])) or SKIPS.get(
                    (name, case["description"], None)
                )
                reason = reason or SKIP_FILES.get(name)
                marks = [pytest.mark.skip(reason=reason)] if reason and not RUN_SKIPPED else []
                yield pytest.param(name, case, test, id=test_id, marks=marks)


_compiled: dict[tuple[str, bool], Validator | Exception] = {}


def compiled(schema: Any, formats: bool) -> Validator:
    key = (json.dumps(schema, sort_keys=True), formats)
    if key not in _compiled:
        try:
            _compiled[key] = compile_validator(schema, registry=remotes(), formats=formats)
        except (PlanError, ImportError) as exc:
            _compiled[key] = exc
    result = _compiled[key]
    if isinstance(result, Exception):
        raise result
    return result


def check(case: Any, test: Any, formats: bool) -> None:
    validator = compiled(case["schema"], formats)
    verdict = validator.is_valid(test["data"])
    errors = list(validator.iter_errors(test["data"]))
    assert verdict == test["valid"], validator.source
    assert (not errors) == test["valid"], errors
    if not test["valid"]:
        with pytest.raises(validator.ValidationError):
            validator.validate(test["data"])


needs_suite = pytest.mark.skipif(not TESTS.is_dir(), reason=f"the JSON-Schema-Test-Suite is not at {SUITE}")


@needs_suite
@pytest.mark.parametrize(("name", "case", "test"), list(cases(TESTS)))
def test_main(name: str, case: Any, test: Any) -> None:
    check(case, test, formats=False)


@needs_suite
@pytest.mark.parametrize(("name", "case", "test"), list(cases(TESTS / "optional", "optional/")))
def test_optional(name: str, case: Any, test: Any) -> None:
    check(case, test, formats=True)


@needs_suite
@pytest.mark.parametrize(("name", "case", "test"), list(cases(TESTS / "optional" / "format", "optional/format/")))
def test_format(name: str, case: Any, test: Any) -> None:
    check(case, test, formats=True)


@needs_suite
def test_every_suite_validator_is_ruff_clean(tmp_path: Path) -> None:
    """The generated code of every suite schema passes ruff check and ruff format (one run over all)."""
    import shutil
    import subprocess
    import sys

    from generator.targets.validators import validator_source

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    config = Path(__file__).resolve().parent / "generated-ruff.toml"
    if ruff is None or not config.is_file():
        pytest.skip("ruff or tests/generated-ruff.toml is missing")
    count = 0
    for folder, formats in ((TESTS, False), (TESTS / "optional", True), (TESTS / "optional" / "format", True)):
        for path in sorted(folder.glob("*.json")):
            for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                try:
                    source = validator_source(case["schema"], registry=remotes(), formats=formats)
                except PlanError:
                    continue
                name = f"{folder.name}_{path.stem}_{i}".replace("-", "_")
                (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
                count += 1
    assert count > 400
    for command in (["check", "--no-cache"], ["format", "--check"]):
        result = subprocess.run(
            [ruff, *command, "--config", str(config), str(tmp_path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout[-4000:]
