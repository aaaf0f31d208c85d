"""Real contracts nobody here wrote: the 90 SchemaStore schemas of ``../shared/reference/schemastore-sample``.

Each schema (draft-07 or draft-04, as SchemaStore publishes it) is generated with the default
targets into its own directory. The output is imported, checked with ``ruff`` and
``mypy --strict``, and the generated validators' verdict on every labelled instance
(``test/<name>/*`` valid, ``negative_test/<name>/*`` invalid) is compared with
python-jsonschema's on the same schema. Verdicts must agree with python-jsonschema on every
instance; where python-jsonschema itself disagrees with a label, :data:`LABEL_DISAGREES` names
the reason. A schema that cannot be generated is listed in :data:`REFUSED` with the reason,
which must be the schema's own fault.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml

from generator.api import generate
from generator.diagnostics import SchemaError

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "schemastore-sample"
pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="../shared/reference/schemastore-sample is absent")

_SIBLING = "its $ref names a sibling document on json.schemastore.org that the sample does not hold"
_SERVER_NAME = (
    "its $ref names a sibling without the .json suffix, a name only SchemaStore's web server resolves"
    " (the sample holds the file as <name>.json)"
)
REFUSED: dict[str, tuple[str, str]] = {
    "azure-deviceupdate-update-manifest-4": (
        "cannot resolve $ref 'azure-deviceupdate-manifest-definitions-4.0.json#/definitions/file'",
        _SIBLING,
    ),
    "cibuildwheel": ("cannot resolve $ref 'partial-cibuildwheel.json'", _SIBLING),
    "feed": ("cannot resolve $ref 'feed-1#/definitions/extension'", _SERVER_NAME),
    "foundryvtt-system-manifest": ("cannot resolve $ref 'foundryvtt-base-package-manifest.json#'", _SIBLING),
    "gematik-test-hcpis": ("cannot resolve $ref 'gematik-test-patients.json#/definitions/Card'", _SIBLING),
    "grunt-clean-task": ("cannot resolve $ref 'grunt-task#/definitions/fileFormat'", _SERVER_NAME),
    "pyproject": ("cannot resolve $ref 'partial-black.json'", _SIBLING),
    "rc3-folder-0.0.3": ("cannot resolve $ref 'rc3-auth-0.0.3.json'", _SIBLING),
}
"""Schemas that are not generated: name -> (a fragment of schemagen's error line, why it is the input's fault).
Each names a document that is not there; ``--ref-map`` or ``--fetch`` would supply it."""

_FORMAT = "the label relies on a format assertion ({}); draft-07 and draft-04 make formats annotations by default"
LABEL_DISAGREES: dict[tuple[str, str], str] = {
    ("abc-supply-plan-10.0.0", "negative_test/abc-supply-plan-invalid-plan-date.json"): _FORMAT.format("date"),
    ("github-funding", "negative_test/custom-array-bad-format.json"): _FORMAT.format("uri-reference"),
    ("github-funding", "negative_test/custom-string-bad-format.json"): _FORMAT.format("uri-reference"),
    ("madge", "negative_test/exclude-regexp-invalid.json"): _FORMAT.format("regex"),
}
"""Instances whose SchemaStore label python-jsonschema itself contradicts, with the reason."""


def _index() -> list[dict[str, Any]]:
    if not SAMPLE.is_dir():
        return []
    return list(json.loads((SAMPLE / "INDEX.json").read_text(encoding="utf-8"))["schemas"])


NAMES = [entry["name"] for entry in _index()]


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.name.endswith(".json") else yaml.safe_load(text)


def _instances(name: str) -> Iterator[tuple[str, bool, Any]]:
    """Each labelled instance: where, its label (valid?) and its value. A file that holds no JSON or
    YAML document at all (the sample has one empty file) carries no verdict to compare."""
    for folder, label in (("test", True), ("negative_test", False)):
        for path in sorted((SAMPLE / folder / name).glob("*")):
            try:
                value = _read(path)
            except (ValueError, yaml.YAMLError):
                continue
            yield f"{folder}/{path.name}", label, value


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """Generate every sample schema once: name -> its package directory, or the error text."""
    root = tmp_path_factory.mktemp("schemastore")
    done: dict[str, Path | str] = {}
    for name in NAMES:
        out = root / name.replace("-", "_").replace(".", "_")
        try:
            generate([SAMPLE / "schemas" / f"{name}.json"], out=out, root=SAMPLE)
        except SchemaError as error:
            done[name] = str(error)
            continue
        packages = [p for p in out.iterdir() if p.is_dir() and (p / "__init__.py").is_file()]
        assert len(packages) == 1, f"{name}: expected one package in {out}, found {packages}"
        done[name] = packages[0]
    return done


def _module(package: Path, module: str, key: str) -> ModuleType:
    path = package / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"_schemastore_{key}_{module}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_sample_is_all_there() -> None:
    assert len(NAMES) == 90, "INDEX.json lists 90 schemas"
    assert sum(1 for name in NAMES for _ in _instances(name)) >= 360, "the labelled instances are there"


def test_refusals_are_listed_with_their_reason(outputs: dict[str, Path | str]) -> None:
    refused = {name: text for name, text in outputs.items() if isinstance(text, str)}
    assert set(refused) == set(REFUSED), {name: refused.get(name, "generated") for name in set(refused) ^ set(REFUSED)}
    for name, (fragment, _why) in REFUSED.items():
        assert fragment in refused[name], (name, refused[name])
        assert "--ref-map" in refused[name] and "Traceback" not in refused[name]


@pytest.mark.parametrize("name", NAMES)
def test_output_imports_and_agrees_with_python_jsonschema(name: str, outputs: dict[str, Path | str]) -> None:
    package = outputs[name]
    if isinstance(package, str):
        pytest.skip(f"not generated: {REFUSED[name][1] if name in REFUSED else package}")
    key = name.replace("-", "_").replace(".", "_")
    for module in ("models", "typeddicts"):
        _module(package, module, key)
    validators = _module(package, "validators", key)
    schema = _read(SAMPLE / "schemas" / f"{name}.json")
    oracle_cls = jsonschema.validators.validator_for(schema)
    oracle = oracle_cls(schema)
    disagreements = []
    for where, label, instance in _instances(name):
        ours = validators.is_valid(instance)
        theirs = oracle.is_valid(instance)
        if ours != theirs:
            disagreements.append(f"{where}: schemagen says {ours}, python-jsonschema says {theirs}")
        reason = LABEL_DISAGREES.get((name, where))
        if theirs != label:
            assert reason, f"{where}: python-jsonschema says {theirs} against the label {label}; name the reason"
        else:
            assert reason is None, f"{where}: LABEL_DISAGREES lists an instance python-jsonschema agrees with"
        if ours:
            assert not list(validators.iter_errors(instance))
        else:
            assert list(validators.iter_errors(instance)), f"{where}: invalid without an error"
    assert not disagreements


def test_output_passes_ruff_and_mypy_strict(outputs: dict[str, Path | str], tmp_path: Path) -> None:
    packages = sorted(str(p) for p in outputs.values() if isinstance(p, Path))
    assert packages
    config = Path(__file__).parent / "generated-ruff.toml"
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--no-force-exclude", "--config", str(config), *packages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout[-4000:] + ruff.stderr[-2000:]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mypy"),
         "--explicit-package-bases", *packages],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-4000:] + mypy.stderr[-2000:]
