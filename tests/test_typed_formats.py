"""``format-types`` end to end (``type-map``: tests/test_type_map.py): options, output, round trips, mypy, ruff.

The runtime helpers are tested on their own in tests/test_typed_runtime.py; here the generated
modules are: a payload decodes to typed values wherever a typed format stands (fields, lists, maps,
unions, aliases, recursive types) and ``to_dict`` gives back the very payload; validators, TypedDicts
and docs are byte-identical with and without the options.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.api import render
from generator.cli import main
from generator.diagnostics import UsageError
from generator.settings import Settings
from generator.targets.typed import FORMAT_TYPES, TypeMapEntry, type_map
from tests.conftest import REPO
from tests.test_typed_runtime import date_times, dates, durations, uuids

BIN = Path(sys.executable).parent
RUFF_CONFIG = REPO / "tests" / "generated-ruff.toml"

SCHEMA = """\
$schema: https://json-schema.org/draft/2020-12/schema
$defs:
  Event:
    type: object
    required: [at, id]
    properties:
      at: {type: string, format: date-time}
      id: {type: string, format: uuid}
      day: {type: string, format: date}
      clock: {type: string, format: time}
      ttl: {type: string, format: duration}
      host: {type: string, format: ipv4}
      host6: {type: [string, "null"], format: ipv6}
      uuid: {type: string}
      datetime: {type: string}
      times: {type: array, items: {type: string, format: date-time}}
      stamps: {type: object, additionalProperties: {type: string, format: date}}
      either: {oneOf: [{type: string, format: date-time}, {type: integer}]}
      deep: {type: array, items: {type: array, items: {type: array, items: {type: array, items: {$ref: "#/$defs/Id"}}}}}
      price: {type: string, format: money}
      children: {type: array, items: {$ref: "#/$defs/Event"}}
  Id: {type: string, format: uuid}
"""

PAYLOAD: dict[str, Any] = {
    "at": "2024-01-01T00:00:00.000+00:00",
    "id": "A8098C1A-F86E-11DA-BD1A-00112444BE1E",
    "day": "2024-02-29",
    "clock": "23:59:60Z",
    "ttl": "P1M",
    "host": "10.0.0.1",
    "host6": "0::1",
    "uuid": "not-a-uuid-here",
    "datetime": "yesterday",
    "times": ["2024-01-01t00:00:00z", "2024-06-01T12:00:00.5+05:30"],
    "stamps": {"a": "2020-01-01"},
    "either": "2024-01-01T00:00:00.123456789-01:30",
    "deep": [[[["a8098c1a-f86e-11da-bd1a-00112444be1e"]]]],
    "price": "12.50",
    "children": [{"at": "1999-12-31T23:59:59-00:00", "id": "00000000-0000-0000-0000-000000000000", "ttl": "PT36H"}],
}


def write_project(tmp_path: Path, table: str, schema: str = SCHEMA) -> Path:
    (tmp_path / "s.yaml").write_text(schema, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemagen]\nschemas = ["s.yaml"]\nout = "out"\n{table}\n', encoding="utf-8"
    )
    return tmp_path


def rendered(tmp_path: Path, **options: Any) -> dict[str, str]:
    (tmp_path / "s.yaml").write_text(SCHEMA, encoding="utf-8")
    settings = Settings(schemas=(tmp_path / "s.yaml",), root=tmp_path, **options)
    return render(settings)


def materialize(files: dict[str, str], where: Path) -> Path:
    for path, text in files.items():
        (where / path).parent.mkdir(parents=True, exist_ok=True)
        (where / path).write_text(text, encoding="utf-8")
    return where


def check_quality(root: Path, *paths: str, mypy_path: Path | None = None) -> None:
    files = [str(root / p) for p in paths]
    for command in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", str(RUFF_CONFIG), *files],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", str(RUFF_CONFIG), *files],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--explicit-package-bases", *files],
    ):
        env = {"PATH": str(BIN), "MYPYPATH": str(mypy_path or root)}
        result = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def typed_module(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("typed")
    files = rendered(tmp, targets=("dataclasses",), format_types=tuple(FORMAT_TYPES))
    return materialize(files, tmp / "out"), files


def test_fields_are_typed_and_the_payload_round_trips_exactly(
    typed_module: tuple[Path, dict[str, str]], import_from: Callable[[Path, str], ModuleType]
) -> None:
    root, _ = typed_module
    models = import_from(root, "s.models")
    event = models.Event.from_dict(PAYLOAD)
    assert event.at == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert event.id == uuid.UUID("a8098c1a-f86e-11da-bd1a-00112444be1e")
    assert event.clock == dt.time(23, 59, 59, 999999, tzinfo=dt.UTC)  # a leap second: the instant before
    assert event.ttl == "P1M"  # months have no exact timedelta
    assert event.children[0].ttl == dt.timedelta(hours=36)
    assert isinstance(event.either, dt.datetime) and isinstance(event.deep[0][0][0][0], uuid.UUID)
    assert event.uuid == "not-a-uuid-here" and event.datetime_ == "yesterday"  # renamed: it would shadow
    assert event.price == "12.50"  # an unknown format stays a string
    assert event.to_dict() == PAYLOAD


def test_changed_and_hand_made_values_are_written_canonically(
    typed_module: tuple[Path, dict[str, str]], import_from: Callable[[Path, str], ModuleType]
) -> None:
    models = import_from(typed_module[0], "s.models")
    event = models.Event.from_dict(PAYLOAD)
    event.at += dt.timedelta(hours=1)
    event.times[0] = event.times[0].replace(minute=30)
    event.either = dt.datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=-2)))
    event.deep = [[[[uuid.UUID(int=1)]]]]
    out = event.to_dict()
    assert out["at"] == "2024-01-01T01:00:00Z"
    assert out["times"] == ["2024-01-01T00:30:00Z", PAYLOAD["times"][1]]
    assert out["either"] == "2024-05-06T07:08:09.000010-02:00"
    assert out["deep"] == [[[["00000000-0000-0000-0000-000000000001"]]]]
    made = models.Event(at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), id=uuid.UUID(int=0), ttl=dt.timedelta(days=1))
    assert made.to_dict() == {"at": "2024-01-01T00:00:00Z", "id": "00000000-0000-0000-0000-000000000000", "ttl": "P1D"}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"at": "2024-01-01T00:00:00"}, "/at", "expected a date-time string"),
        ({"id": "a8098c1af86e11dabd1a00112444be1e"}, "/id", "expected a uuid string"),
        ({"times": ["2024-01-01T00:00:00Z", 5]}, "/times/1", "expected string (date-time), got integer"),
        ({"stamps": {"a/b": "2020-13-01"}}, "/stamps/a~1b", "expected a date string"),
        ({"deep": [[[["x"]]]]}, "/deep/0/0/0/0", "expected a uuid string"),
        ({"either": "soon"}, "/either", "expected datetime.datetime | int"),
        (
            {"children": [{"at": "2024-01-01T00:00:00Z", "id": PAYLOAD["id"], "host": "1.2.3.04"}]},
            "/children/0/host",
            "ipv4",
        ),
        ({"ttl": "P1.5D"}, "/ttl", "expected a duration string"),
    ],
)
def test_a_value_that_does_not_parse_is_a_decode_error_with_its_path(
    typed_module: tuple[Path, dict[str, str]],
    import_from: Callable[[Path, str], ModuleType],
    change: dict[str, Any],
    path: str,
    message: str,
) -> None:
    models = import_from(typed_module[0], "s.models")
    with pytest.raises(models.DecodeError) as caught:
        models.Event.from_dict({**PAYLOAD, **change})
    assert caught.value.path == path and message in caught.value.message


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    at=date_times(),
    key=uuids(),
    times=st.lists(date_times(), max_size=3),
    stamps=st.dictionaries(st.text(max_size=3), dates.map(lambda d: (d.isoformat(), d)), max_size=3),
    ttl=durations(),
    either=st.one_of(date_times(), st.integers().map(lambda n: (n, n))),
)
def test_generated_payloads_round_trip_exactly(  # noqa: PLR0917 (hypothesis gives each part by name)
    typed_module: tuple[Path, dict[str, str]],
    import_from: Callable[[Path, str], ModuleType],
    at: tuple[str, Any],
    key: tuple[str, Any],
    times: list[tuple[str, Any]],
    stamps: dict[str, tuple[str, Any]],
    ttl: tuple[str, Any],
    either: tuple[Any, Any],
) -> None:
    models = import_from(typed_module[0], "s.models")
    payload = {
        "at": at[0],
        "id": key[0],
        "ttl": ttl[0],
        "times": [t[0] for t in times],
        "stamps": {k: v[0] for k, v in stamps.items()},
        "either": either[0],
        "children": [{"at": at[0], "id": key[0], "deep": [[[[key[0]]]]]}],
    }
    event = models.Event.from_dict(payload)
    assert (event.at, event.id, event.ttl, event.either) == (at[1], key[1], ttl[1], either[1])
    assert event.times == [t[1] for t in times] and event.stamps == {k: v[1] for k, v in stamps.items()}
    assert event.to_dict() == payload
    assert models.Event.from_dict(event.to_dict()) == event


def test_the_typed_module_passes_mypy_strict_and_ruff(typed_module: tuple[Path, dict[str, str]]) -> None:
    check_quality(typed_module[0], "s/models.py")


def test_validators_typeddicts_and_docs_do_not_change(tmp_path: Path) -> None:
    targets = ("validators", "typeddicts", "docs", "jsonschema")
    plain = rendered(tmp_path, targets=targets)
    typed = rendered(
        tmp_path,
        targets=targets,
        format_types=tuple(FORMAT_TYPES),
        type_map=(TypeMapEntry("format:money", "decimal:Decimal"),),
    )
    assert plain == typed


def test_without_the_options_nothing_changes(tmp_path: Path) -> None:
    plain = rendered(tmp_path, targets=("dataclasses",))
    assert rendered(tmp_path, targets=("dataclasses",), format_types=()) == plain
    assert "_date_time" not in plain["s/models.py"] and "datetime" not in plain["s/models.py"].split("__all__")[0]


def test_a_list_of_formats_types_only_those(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    files = rendered(tmp_path, targets=("dataclasses",), format_types=("uuid",))
    models = import_from(materialize(files, tmp_path / "out"), "s.models")
    event = models.Event.from_dict(PAYLOAD)
    assert isinstance(event.id, uuid.UUID) and event.at == PAYLOAD["at"]
    assert event.to_dict() == PAYLOAD


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("format-types = 3", "4:16: [tool.schemagen] format-types must be true, false or a list of formats"),
        ('format-types = ["date-time", "email"]', "4:16: [tool.schemagen] format-types: no typed format 'email'"),
        (
            'type-map = {"format:money" = "billing.money.Money"}',
            "4:12: [tool.schemagen] type-map 'format:money' must be",
        ),
        ('type-map = {"format:money" = "billing:9Money"}', "must be 'package.module:name'"),
        ('type-map = {"format:money" = "billing:class"}', "must not use a Python keyword"),
        ('type-map = {"a-b" = "billing:Money"}', "key 'a-b' must be 'format:NAME' or the name of a generated type"),
        ('type-map = {Money = {type = "m:M", parse = "m:p"}}', "must be 'module:Class' or a table {type = ..."),
        ('type-map = {Money = {decode = "m:p"}}', "must be 'module:Class' or a table"),
        ('type-map = {Money = {type = "m:M", encode = "m"}}', "type-map 'Money' encode must be 'package.module:name'"),
        ('type-map = ["x"]', "type-map must be KEY=package.module:Class"),
    ],
)
def test_bad_values_are_one_line_errors_with_their_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], table: str, message: str
) -> None:
    monkeypatch.chdir(write_project(tmp_path, table))
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith((f"{tmp_path / 'pyproject.toml'}:", "pyproject.toml:")), err
    assert message in err, err
    assert not (tmp_path / "out").exists()


def test_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, import_from: Callable[[Path, str], ModuleType]) -> None:
    monkeypatch.chdir(write_project(tmp_path, 'targets = ["dataclasses"]\nformat-types = false'))
    assert main(["generate", "--format-types", "uuid,date", "--type-map", "format:money=decimal:Decimal"]) == 0
    models = import_from(tmp_path / "out", "s.models")
    event = models.Event.from_dict(PAYLOAD)
    assert isinstance(event.id, uuid.UUID) and isinstance(event.day, dt.date) and isinstance(event.at, str)
    assert type(event.price).__name__ == "Decimal" and event.to_dict() == PAYLOAD
    assert main(["generate", "--format-types"]) == 0  # no list: every typed format
    assert "datetime.datetime" in (tmp_path / "out" / "s" / "models.py").read_text(encoding="utf-8")
    with pytest.raises(UsageError, match="--type-map must be KEY="):
        type_map(["money"], "--type-map")


def test_a_bad_entry_in_a_type_map_table_of_its_own_is_placed_at_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(write_project(tmp_path, '\n[tool.schemagen.type-map]\n"format:money" = "billing"'))
    assert main(["generate"]) == 2
    assert capsys.readouterr().err.startswith("pyproject.toml:5:1: [tool.schemagen] type-map 'format:money' must be")


def test_the_python_api_takes_both_options(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    from generator.api import generate

    (tmp_path / "s.yaml").write_text(SCHEMA, encoding="utf-8")
    result = generate(
        [tmp_path / "s.yaml"],
        tmp_path / "out",
        targets=["dataclasses"],
        root=tmp_path,
        format_types=["uuid"],
        type_map={"format:money": "decimal:Decimal"},
    )
    assert result.written
    models = import_from(tmp_path / "out", "s.models")
    event = models.Event.from_dict(PAYLOAD)
    assert isinstance(event.id, uuid.UUID) and type(event.price).__name__ == "Decimal"
    with pytest.raises(UsageError, match="format_types: no typed format 'email'"):
        generate([tmp_path / "s.yaml"], tmp_path / "out", root=tmp_path, format_types=["email"])


def test_each_format_alone_carries_what_it_needs(
    tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """A module carries only the runtime its formats use: each alone must still be complete."""
    paths = []
    for fmt in FORMAT_TYPES:
        stem = "fmt_" + fmt.replace("-", "_")
        (tmp_path / f"{stem}.yaml").write_text(
            f"$defs:\n  M:\n    type: object\n    properties:\n      v: {{type: string, format: {fmt}}}\n"
            f"      w: {{anyOf: [{{type: string, format: {fmt}}}, {{type: integer}}]}}\n",
            encoding="utf-8",
        )
        settings = Settings(
            schemas=(tmp_path / f"{stem}.yaml",), targets=("dataclasses",), root=tmp_path, format_types=(fmt,)
        )
        materialize(render(settings), tmp_path / "out")
        paths.append(f"{stem}/models.py")
        text = (tmp_path / "out" / stem / "models.py").read_text(encoding="utf-8")
        others = [f for f in FORMAT_TYPES if f != fmt and FORMAT_TYPES[f].decoder != FORMAT_TYPES[fmt].decoder]
        assert not [o for o in others if f"def {FORMAT_TYPES[o].decoder}(" in text], fmt
    check_quality(tmp_path / "out", *paths)
    for fmt, (text, _) in zip(
        FORMAT_TYPES, [(PAYLOAD[k], k) for k in ("at", "day", "clock", "ttl", "id", "host", "host6")], strict=True
    ):
        models = import_from(tmp_path / "out", f"fmt_{fmt.replace('-', '_')}.models")
        assert models.M.from_dict({"v": text, "w": text}).to_dict() == {"v": text, "w": text}, fmt


def test_with_extra_keep_too(tmp_path: Path, import_from: Callable[[Path, str], ModuleType]) -> None:
    files = rendered(tmp_path, targets=("dataclasses",), format_types=tuple(FORMAT_TYPES), extra="keep")
    root = materialize(files, tmp_path / "out")
    check_quality(root, "s/models.py")
    models = import_from(root, "s.models")
    payload = {**PAYLOAD, "model": "gpt-4o", "children": [{**PAYLOAD["children"][0], "usage": {"n": 1}}]}
    event = models.Event.from_dict(payload)
    assert isinstance(event.at, dt.datetime) and event.to_dict() == payload
    assert list(event.to_dict()) == list(payload)
