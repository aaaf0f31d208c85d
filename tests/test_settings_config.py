"""Settings: each option declared once (generator.settings), read from [tool.schemagen] and flags in one place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.cli import build_parser
from generator.config import KEYS, load_settings, read_config
from generator.diagnostics import ConfigError, UsageError
from generator.settings import DEFAULT_TARGETS, Settings, options


def write(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.schemagen]\n{table}\n", encoding="utf-8")
    return path


def test_the_config_keys_are_the_declared_options() -> None:
    names = {o.name for o in options()}
    assert names == {
        "schemas", "out", "targets", "only", "docs_flavor", "templates", "examples", "default_dialect",
        "ref_map", "fetch", "vendor_dir", "root", "compat", "extra", "format_types", "type_map",
        "layout",
    }  # fmt: skip
    assert names | {"docs-flavor", "default-dialect", "ref-map", "vendor-dir", "format-types", "type-map"} == KEYS


def test_every_option_has_a_command_line_flag() -> None:
    args = build_parser().parse_args(["generate"])
    for option in options():
        assert hasattr(args, option.name), option.name


def test_a_full_table(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'schemas = ["a.yaml", "b.yaml"]\nout = "gen"\ntargets = "docs"\nonly = ["A"]\n'
        'docs-flavor = "typescript"\ntemplates = "tpl"\nexamples = "ex.yaml"',
    )
    settings = read_config(path)
    assert settings == Settings(
        schemas=(tmp_path / "a.yaml", tmp_path / "b.yaml"),
        out=tmp_path / "gen",
        targets=("docs",),
        only=("A",),
        docs_flavor="typescript",
        templates=(tmp_path / "tpl",),
        examples=tmp_path / "ex.yaml",
        root=tmp_path,
        config_file=path,
    )


def test_docs_flavor_with_an_underscore_and_an_empty_target_list(tmp_path: Path) -> None:
    settings = read_config(write(tmp_path, 'docs_flavor = "typescript"\ntargets = []'))
    assert (settings.docs_flavor, settings.targets) == ("typescript", ())


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("schemas = 1", "[tool.schemagen] schemas must be a path or a list of paths"),
        ("out = []", "[tool.schemagen] out must be a path (one string), not a list"),
        ("only = [1]", "[tool.schemagen] only must be a string or a list of strings"),
        ("docs_flavor = 2", "[tool.schemagen] docs_flavor must be one string, not an integer"),
        (
            "colour = 1",
            "unknown [tool.schemagen] key 'colour' (known: compat, default-dialect, default_dialect, docs-flavor,",
        ),
    ],
)
def test_bad_values_are_usage_errors(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        read_config(write(tmp_path, table))
    assert message in str(caught.value)


def test_flags_win_and_their_paths_are_relative_to_the_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'schemas = ["a.yaml"]\ntargets = ["docs"]')
    monkeypatch.chdir(tmp_path)
    flags = vars(build_parser().parse_args(["generate", "b.yaml", "--target", "dataclasses", "--out", "o"]))
    settings = load_settings(path, flags)
    assert settings.schemas == (Path("b.yaml"),)
    assert settings.targets == ("dataclasses",)
    assert settings.out == Path("o")
    assert settings.docs_flavor == "python"
    unflagged = load_settings(path, vars(build_parser().parse_args(["generate"])))
    assert unflagged.schemas == (tmp_path / "a.yaml",)
    assert unflagged.targets == ("docs",)


def test_no_config_gives_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = read_config(None)
    assert settings == Settings(root=tmp_path)
    assert settings.targets == DEFAULT_TARGETS
    with pytest.raises(UsageError, match="no schema given"):
        load_settings(None, {})


def test_the_memo_key_holds_what_shapes_the_output(tmp_path: Path) -> None:
    settings = Settings(schemas=(tmp_path / "a.yaml",), root=tmp_path, config_file=tmp_path / "pyproject.toml")
    key = settings.key()
    assert set(key) == {
        "schemas", "targets", "only", "docs_flavor", "templates", "examples", "default_dialect", "root",
        "ref_map", "vendor_dir", "extra", "format_types", "type_map",
        "layout",
    }  # fmt: skip
    assert key["schemas"] == [str((tmp_path / "a.yaml").resolve())]
    assert settings.replace(out=Path("elsewhere")).key() == key
    assert settings.replace(only=("A",)).key() != key
    assert settings.replace(extra="keep").key() != key
    assert settings.replace(layout="modules").key() != key


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().out = Path("x")  # type: ignore[misc]


def test_a_nul_character_in_a_ref_map_is_a_config_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'ref-map = {"=" = "\\u0000"}')
    with pytest.raises(ConfigError) as error:
        read_config(path)
    [diagnostic] = error.value.diagnostics
    assert diagnostic.message == "[tool.schemagen] ref-map must not contain a NUL character"
    assert diagnostic.line > 1
