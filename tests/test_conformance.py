"""The official JSON-Schema-Test-Suite against compiled validators: draft4, draft6, draft7, draft2019-09
and draft2020-12, each folder in its own dialect (``default_dialect``: its test schemas mostly declare
no ``$schema``).

Every file, case and test, with ids ``folder / file / case / test``. The suite's ``remotes/`` are
served from a ``referencing.Registry`` at ``http://localhost:1234/`` (a remote that declares no
``$schema`` is read in the folder's dialect, as python-jsonschema's suite runner does); the well-known
metaschemas come from ``compile_validator`` itself. ``optional/`` and ``optional/format`` run with
``formats=True``. Every skip carries its reason; ``SCHEMAGEN_RUN_SKIPPED=1`` runs them anyway.
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

from generator.schema import vocabulary
from generator.targets.validators import Validator, compile_validator
from generator.validation import PlanError

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "json-schema-test-suite"
REMOTES = SUITE / "remotes"
RUN_SKIPPED = os.environ.get("SCHEMAGEN_RUN_SKIPPED") == "1"
FOLDERS = {
    "draft4": vocabulary.DRAFT_04,
    "draft6": vocabulary.DRAFT_06,
    "draft7": vocabulary.DRAFT_07,
    "draft2019-09": vocabulary.DRAFT_2019_09,
    "draft2020-12": vocabulary.DRAFT_2020_12,
}
"""Each suite folder and its dialect."""
TESTS = SUITE / "tests" / "draft2020-12"

_CONTENT = (
    "draft-07 lets an implementation assert contentEncoding/contentMediaType or not (section 8: 'MAY');"
    " schemagen, as python-jsonschema, reads them as annotations, which 2019-09 made the rule"
)
# (folder, file, case description, test description or None for the whole case) -> reason
_STRING_JSON = "validation of string-encoded content based on media type"
_BASE64 = "validation of binary string-encoding"
_BASE64_JSON = "validation of binary-encoded media type documents"
SKIPS: dict[tuple[str, str, str, str | None], str] = {
    ("draft7", "optional/content", _STRING_JSON, "an invalid JSON document"): _CONTENT,
    ("draft7", "optional/content", _BASE64, "an invalid base64 string (% is not a valid character)"): _CONTENT,
    ("draft7", "optional/content", _BASE64_JSON, "a validly-encoded invalid JSON document"): _CONTENT,
    ("draft7", "optional/content", _BASE64_JSON, "an invalid base64 string that is valid JSON"): _CONTENT,
}
# Whole optional files whose subject is not validation in the folder's dialect: (folder, file) -> reason.
SKIP_FILES: dict[tuple[str, str], str] = {}


@cache
def remotes(folder: str) -> referencing.Registry[Any]:
    """The suite's remotes at http://localhost:1234/: a remote that declares no ``$schema`` is read in the
    dialect of its ``remotes/<folder>/`` directory, or (shared remotes) in ``folder``'s."""
    resources = []
    for path in sorted(REMOTES.rglob("*.json")):
        relative = path.relative_to(REMOTES)
        home = relative.parts[0]
        if home in ("draft3", "v1"):
            continue  # the remotes of draft3 and of the next release: no dialect schemagen validates
        default = referencing.jsonschema.specification_with(FOLDERS.get(home, FOLDERS[folder]))
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = "http://localhost:1234/" + relative.as_posix()
        resources.append((uri, referencing.Resource.from_contents(contents, default_specification=default)))
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources)
    return registry.crawl()


def cases(folder: str, sub: str = "") -> Iterator[Any]:
    """Every test of ``folder/sub`` as a pytest param (folder, file name, case, test)."""
    path_dir = SUITE / "tests" / folder / sub
    if not path_dir.is_dir():
        return
    prefix = sub + "/" if sub else ""
    for path in sorted(path_dir.glob("*.json")):
        name = prefix + path.stem
        for case in json.loads(path.read_text(encoding="utf-8")):
            for test in case["tests"]:
                test_id = f"{folder} / {name} / {case['description']} / {test['description']}"
                reason = SKIPS.get((folder, name, case["description"], test["description"])) or SKIPS.get(
                    (folder, name, case["description"], None)
                )
                reason = reason or SKIP_FILES.get((folder, name))
                marks = [pytest.mark.skip(reason=reason)] if reason and not RUN_SKIPPED else []
                yield pytest.param(folder, name, case, test, id=test_id, marks=marks)


def every(sub: str = "") -> list[Any]:
    return [param for folder in FOLDERS for param in cases(folder, sub)]


_compiled: dict[tuple[str, str, bool], Validator | Exception] = {}


def compiled(schema: Any, formats: bool, folder: str) -> Validator:
    key = (json.dumps(schema, sort_keys=True), folder, formats)
    if key not in _compiled:
        try:
            _compiled[key] = compile_validator(
                schema, registry=remotes(folder), formats=formats, default_dialect=FOLDERS[folder]
            )
        except (PlanError, ImportError) as exc:
            _compiled[key] = exc
    result = _compiled[key]
    if isinstance(result, Exception):
        raise result
    return result


def check(folder: str, case: Any, test: Any, formats: bool) -> None:
    validator = compiled(case["schema"], formats, folder)
    verdict = validator.is_valid(test["data"])
    errors = list(validator.iter_errors(test["data"]))
    assert verdict == test["valid"], validator.source
    assert (not errors) == test["valid"], errors
    if not test["valid"]:
        with pytest.raises(validator.ValidationError):
            validator.validate(test["data"])


needs_suite = pytest.mark.skipif(not TESTS.is_dir(), reason=f"the JSON-Schema-Test-Suite is not at {SUITE}")
PARAMS = ("folder", "name", "case", "test")


@needs_suite
@pytest.mark.parametrize(PARAMS, every())
def test_main(folder: str, name: str, case: Any, test: Any) -> None:
    check(folder, case, test, formats=False)


@needs_suite
@pytest.mark.parametrize(PARAMS, every("optional"))
def test_optional(folder: str, name: str, case: Any, test: Any) -> None:
    check(folder, case, test, formats=True)


@needs_suite
@pytest.mark.parametrize(PARAMS, every("optional/format"))
def test_format(folder: str, name: str, case: Any, test: Any) -> None:
    check(folder, case, test, formats=True)


@needs_suite
def test_every_suite_validator_is_ruff_clean(tmp_path: Path) -> None:
    """The generated code of every suite schema passes ruff check and ruff format (one run over all)."""
    import shutil
    import subprocess
    import sys

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    config = Path(__file__).resolve().parent / "generated-ruff.toml"
    if ruff is None or not config.is_file():
        pytest.skip("ruff or tests/generated-ruff.toml is missing")
    count = 0
    for folder in FOLDERS:
        for sub, formats in (("", False), ("optional", True), ("optional/format", True)):
            for path in sorted((SUITE / "tests" / folder / sub).glob("*.json")):
                for i, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                    try:
                        source = compiled(case["schema"], formats, folder).source
                    except (PlanError, ImportError):
                        continue
                    name = f"{folder}_{sub}_{path.stem}_{i}".replace("-", "_").replace("/", "_")
                    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
                    count += 1
    assert count > 1500
    for command in (["check", "--no-cache"], ["format", "--check"]):
        result = subprocess.run(
            [ruff, *command, "--config", str(config), str(tmp_path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout[-4000:]
