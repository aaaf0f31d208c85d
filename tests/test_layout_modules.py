"""``layout = "modules"``: one module per type, a lazy re-exporting ``__init__``, a shared runtime module.

The fixture project tests/fixtures/corpus/options/modules/ has recursive and mutually recursive types (models
through a union, models through each other and a map, aliases through each other) and names that cannot be
module names as they are (a keyword, a standard library module). Its output must import without an import
cycle, module by module in fresh interpreters, decode and encode like the single module, and be clean
under ruff and mypy --strict.
"""

from __future__ import annotations

import ast
import json
import keyword
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from generator.api import render
from generator.cli import main
from generator.config import read_config
from generator.graphs import cyclic_components
from generator.render.fit import fit
from generator.schema.loader import load
from generator.settings import Settings
from generator.targets.module_names import RESERVED, STDLIB, module_names, snake
from generator.types import ir
from generator.types.build import build_module
from tests.conftest import CORPUS, REPO
from tests.strategies import JSON, named

PROJECT = CORPUS / "options" / "modules"
BIN = Path(sys.executable).parent
RUFF_CONFIG = str(REPO / "tests" / "generated-ruff.toml")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("modules")
    settings = read_config(PROJECT / "pyproject.toml")
    return write_tree(root, render(settings.replace(layout="modules")))


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("single")
    settings = read_config(PROJECT / "pyproject.toml")
    return write_tree(root, render(settings.replace(layout="module")))


def run_python(cwd: Path, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


# ---- names ------------------------------------------------------------------------------------------------
def test_snake_case_module_names() -> None:
    assert snake("BatchRequestOutput") == "batch_request_output"
    assert snake("HTTPError") == "http_error"
    assert snake("V2Item") == "v2_item"
    assert snake("Batch2") == "batch2"
    assert snake("already_snake") == "already_snake"


def test_module_names_are_unique_where_case_is_ignored_and_never_a_keyword_stdlib_or_reserved() -> None:
    names = ["Foo", "FOO", "foo", "Class", "Json", "Typing", "Runtime", "_Runtime", "Con", "Init", "Foo2", "Async"]
    found = module_names(names, public=["foo", "DecodeError"])
    assert list(found) == names
    folded = [m.casefold() for m in found.values()]
    assert len(set(folded)) == len(folded)
    for module in found.values():
        assert module.isidentifier() and not keyword.iskeyword(module)
        assert module.casefold() not in STDLIB and module not in RESERVED
        assert module != "foo"  # a public name: the submodule would shadow it as a package attribute
    assert found["Class"] == "class_" and found["Json"] == "json_" and found["Typing"] == "typing_"
    assert found["Runtime"] == "runtime" and found["Con"] == "con_" and found["Async"] == "async_"
    assert module_names(list(reversed(names)), public=["foo", "DecodeError"]) == found  # order does not matter
    assert module_names(["Ünï", "Ni", "名前"]) == {"Ünï": "n", "Ni": "ni", "名前": "type"}  # ASCII file names
    assert module_names(["Foo", "FOO", "foo", "Json", "JSON"]) == {
        "Foo": "foo_2", "FOO": "foo", "foo": "foo_3", "Json": "json_2", "JSON": "json_",
    }  # fmt: skip


def test_the_stdlib_list_covers_this_python() -> None:
    assert {n.casefold() for n in sys.stdlib_module_names if not n.startswith("_")} <= STDLIB


def test_a_long_return_of_a_conditional_is_parenthesized() -> None:
    line = "return None if (v := value) is None else _union(v, here, key, (" + ", ".join(["_str"] * 30) + "), 'x')"
    text = "def f(value, here, key):\n    " + fit(line, 4) + "\n"
    ast.parse(text)
    assert text.splitlines()[1] == "    return ("


# ---- the fixture's package ------------------------------------------------------------------------------
def test_one_module_per_type_a_runtime_and_an_init(out: Path) -> None:
    models = out / "recursive" / "models"
    files = sorted(p.name for p in models.glob("*.py"))
    assert "__init__.py" in files and "_runtime.py" in files
    assert {"json_.py", "class_.py", "folder.py", "entry.py", "person.py", "company.py"} <= set(files)
    assert len(files) == 2 + 22  # __init__, _runtime, a module per type
    typeddicts = sorted(p.name for p in (out / "recursive" / "typeddicts").glob("*.py"))
    assert typeddicts == sorted(f for f in files if f != "_runtime.py")
    assert not (out / "recursive" / "models.py").exists()


def test_ruff_and_mypy_are_clean(out: Path) -> None:
    for cmd in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", RUFF_CONFIG, str(out)],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", RUFF_CONFIG, str(out)],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "recursive"],
    ):
        result = subprocess.run(cmd, cwd=out, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def module_level_imports(package: Path) -> dict[str, list[str]]:
    """Each module's imports that run when it is imported (not under TYPE_CHECKING, not in a function)."""
    graph: dict[str, list[str]] = {}
    for path in sorted(package.glob("*.py")):
        targets = []
        for node in ast.parse(path.read_text()).body:  # module level only: functions and `if` blocks are skipped
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets.append(node.module or "")
        graph[path.stem] = targets
    return graph


def assert_no_import_cycle(package: Path) -> None:
    graph = module_level_imports(package)
    assert not cyclic_components(graph)
    # and the only other imports are under `if TYPE_CHECKING:` or inside functions
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.If):
                assert ast.unparse(node.test) in ("TYPE_CHECKING", "not TYPE_CHECKING"), path


IMPORT_TRACKER = """
import builtins, importlib.abc, importlib.machinery, importlib.util, sys
PACKAGE = {package!r}
executing, violations = [], []

class Tracker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if not name.startswith(PACKAGE + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            run = spec.loader.exec_module
            def exec_module(module, run=run):
                executing.append(module.__name__)
                try:
                    run(module)
                finally:
                    executing.pop()
            spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Tracker())
real_import = builtins.__import__

def tracked(name, globals=None, locals=None, fromlist=(), level=0):
    module = real_import(name, globals, locals, fromlist, level)
    base = importlib.util.resolve_name("." * level + name, globals["__package__"]) if level else name
    for target in [base, *(f"{{base}}.{{f}}" for f in fromlist or ())]:
        if target in executing:  # importing a module that is still running: an import cycle
            violations.append((globals.get("__name__") if globals else None, target))
    return module

builtins.__import__ = tracked
"""


def assert_imports_alone(root: Path, package: str, modules: list[str], *, alone: bool = True) -> None:
    """Each module, imported first (its package's other modules forgotten; ``alone=False``: in turn, in one
    interpreter, which still meets any cycle where it is entered first), with no import cycle on the way."""
    code = IMPORT_TRACKER.format(package=package) + textwrap.dedent(f"""
        import importlib
        for name in {modules!r}:
            for loaded in [m for m in sys.modules if m.startswith(PACKAGE + ".") and {alone!r}]:
                del sys.modules[loaded]
            importlib.import_module(PACKAGE + "." + name)
        assert not violations, violations
        print(len({modules!r}))
    """)
    assert run_python(root, code).strip() == str(len(modules))


@pytest.mark.parametrize("flavor", ["models", "typeddicts"])
def test_no_import_cycle_at_run_time(out: Path, flavor: str) -> None:
    package = out / "recursive" / flavor
    assert_no_import_cycle(package)
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    assert_imports_alone(out, f"recursive.{flavor}", modules)


FOLDER = {
    "name": "root",
    "entries": [
        {"name": "a.txt", "size": 3, "kind": "text"},
        {"name": "sub", "entries": [{"name": "b.bin", "size": 1, "kind": "binary"}, {"name": "empty", "entries": []}]},
    ],
    "owner": {
        "name": "Ann",
        "employer": {
            "name": "ACME",
            "employees": [{"name": "Bob", "manager": {"name": "Ann"}}],
            "board": {"chair": {"name": "Cid", "employer": {"name": "Other", "employees": []}}},
        },
    },
}
CLASS = {"data": {"a": [1, "x", True, None, {"b": 2.5}]}, "rows": [1, {"k": [2, {"z": []}]}]}
ADD = {
    "kind": "add",
    "left": {"kind": "num", "value": 1},
    "right": {"kind": "neg", "operand": {"kind": "add", "left": {"kind": "neg", "operand": {"kind": "num", "value": 2}},
                                         "right": {"kind": "num", "value": 3.5}}},
}  # fmt: skip


def test_recursive_and_mutually_recursive_types_decode_and_encode(out: Path, single: Path) -> None:
    code = f"""
        import json
        from recursive.models import Add, Class, DecodeError, Folder, Neg
        from recursive.models.folder import Folder as Direct
        from recursive.models.file_t import FileT

        assert Folder is Direct
        folder = Folder.from_dict({FOLDER!r})
        assert type(folder.entries[0]) is FileT and type(folder.entries[1]) is Folder
        assert type(folder.owner.employer.employees[0].manager).__name__ == "Person"
        assert folder.owner.employer.board["chair"].employer.name == "Other"
        try:
            people = {{"name": "C", "employees": [{{"name": "A"}}, {{"name": 5}}]}}
            Folder.from_dict({{"name": "r", "entries": [], "owner": {{"name": "A", "employer": people}}}})
        except DecodeError as error:
            print(json.dumps({{"path": error.path}}))
        add = Add.from_dict({ADD!r})
        assert type(add.right) is Neg and type(add.right.operand) is Add  # dispatched on the tag
        try:
            Add.from_dict({{**{ADD!r}, "right": {{"kind": "mul"}}}})
        except DecodeError as error:
            print(json.dumps({{"path": error.path}}))
        print(json.dumps([folder.to_dict(), Class.from_dict({CLASS!r}).to_dict(), add.to_dict()]))
    """
    modules = run_python(out, code).splitlines()
    assert json.loads(modules[0])["path"] == "/owner/employer/employees/1/name"  # through a lazy import
    assert json.loads(modules[1])["path"] == "/right/kind"  # the tag's path
    assert json.loads(modules[2]) == [FOLDER, CLASS, ADD]
    same = code.replace("from recursive.models.folder import Folder as Direct", "Direct = Folder")
    same = same.replace("from recursive.models.file_t import FileT", "from recursive.models import FileT")
    assert run_python(single, same).splitlines() == modules  # the single module decodes alike


def test_the_init_is_lazy_and_complete(out: Path) -> None:
    code = """
        import sys
        import recursive.models as models
        loaded = sorted(m for m in sys.modules if m.startswith("recursive.models."))
        assert loaded == [], loaded
        from recursive.models.person import Person
        loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("recursive.models."))
        print(loaded)
        from recursive.models import *
        assert set(models.__all__) <= set(dir(models))
        assert models.Folder.__module__ == "recursive.models.folder"
        assert models.DecodeError.__module__ == "recursive.models._runtime"
        assert models.Entry == "FileT | Folder" and models.Board == dict[str, "Person"]
        try:
            models.Nope
        except AttributeError as error:
            assert "Nope" in str(error)
        import typing
        assert typing.get_type_hints(models.Person)["employer"] == models.Company | None  # a real type
        hints = typing.get_type_hints(models.Company, localns=vars(models))  # a cycle's names: from the package
        assert hints["employees"] == list[models.Person]
    """
    # Person's module imports the runtime and Company's (an earlier type of its cycle), which imports Board's;
    # not the other types
    assert run_python(out, code).strip() == "['_runtime', 'board', 'company', 'person']"


def test_typeddicts_keep_their_required_keys_and_hints(out: Path) -> None:
    code = """
        import typing
        from recursive.typeddicts import Company, FileT, Person
        assert FileT.__required_keys__ == frozenset({"name", "size"}), FileT.__required_keys__
        assert Company.__required_keys__ == frozenset({"name", "employees"})
        assert Person.__optional_keys__ == frozenset({"employer", "manager"})
        hints = typing.get_type_hints(FileT)
        print(sorted(hints))
    """
    assert run_python(out, code).strip() == "['kind', 'name', 'size']"


# ---- the option ------------------------------------------------------------------------------------------
def test_a_bad_layout_is_one_error_line_with_its_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s.yaml").write_text("type: object\n")
    (tmp_path / "pyproject.toml").write_text('[tool.schemagen]\nschemas = ["s.yaml"]\nlayout = "files"\n')
    assert main(["generate", "--config", str(tmp_path / "pyproject.toml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].endswith("pyproject.toml:3:10: unknown layout 'files' (known: module, modules)")
    assert not (tmp_path / "generated").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["generate", str(tmp_path / "s.yaml"), "--layout", "files"])
    assert exit_.value.code == 2


def test_switching_layout_removes_our_files_and_never_a_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "s.yaml").write_text((PROJECT / "schemas" / "recursive.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    base = ["generate", "s.yaml", "--out", "gen", "--target", "dataclasses"]
    assert main(base) == 0
    assert (tmp_path / "gen/s/models.py").is_file()
    assert main([*base, "--layout", "modules"]) == 0
    assert not (tmp_path / "gen/s/models.py").exists()
    assert (tmp_path / "gen/s/models/folder.py").is_file()
    mine = tmp_path / "gen/s/models/notes.py"
    mine.write_text("# mine\n")
    (tmp_path / "gen/s/models/__pycache__").mkdir()
    (tmp_path / "gen/s/models/__pycache__/folder.cpython-311.pyc").write_bytes(b"")
    assert main(["check", "s.yaml", "--out", "gen", "--target", "dataclasses", "--layout", "modules"]) == 0
    assert main(base) == 0  # back to one module
    assert (tmp_path / "gen/s/models.py").is_file()
    assert sorted(p.name for p in (tmp_path / "gen/s/models").iterdir()) == ["__pycache__", "notes.py"]
    mine.unlink()
    assert main([*base, "--layout", "modules"]) == 0
    assert main(base) == 0
    assert not (tmp_path / "gen/s/models").exists()  # emptied of our files (and their caches): gone
    assert main(["check", "s.yaml", "--out", "gen", "--target", "dataclasses"]) == 0


def test_a_template_that_needs_a_cycles_type_at_import_time_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A module that needs another of its cycle when it runs is imported after it; two that need each other
    cannot be, and that is one error line."""
    (tmp_path / "tpl").mkdir()
    extra = tmp_path / "tpl" / "dataclass_extra.py.jinja"
    extra.write_text('{% if named.name == "Company" %}\n\n    PEER = Person\n{% endif %}\n')
    schema = str(PROJECT / "schemas" / "recursive.yaml")
    args = ["generate", schema, "--target", "dataclasses", "--layout", "modules", "--templates", str(tmp_path / "tpl")]
    assert main([*args, "--out", str(tmp_path / "one")]) == 0
    assert "from .person import Person" in (tmp_path / "one/recursive/models/company.py").read_text()
    assert run_python(tmp_path / "one", "from recursive.models.company import Company; print(Company.PEER.__name__)")
    capsys.readouterr()
    extra.write_text('{% if named.name in ("Company", "Person") %}\n\n    PEER = {{ "Person" if named.name == "Company"'
                     ' else "Company" }}\n{% endif %}\n')  # fmt: skip
    assert main([*args, "--out", str(tmp_path / "two")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "when it is imported" in err[0] and "closes an import cycle" in err[0]
    assert not (tmp_path / "two").exists()


def test_a_package_left_by_the_other_layout_is_removed_without_a_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "s.yaml").write_text((PROJECT / "schemas" / "recursive.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    base = ["generate", "s.yaml", "--out", "gen", "--target", "dataclasses"]
    assert main([*base, "--layout", "modules"]) == 0
    (tmp_path / "gen" / ".schemagen-manifest").unlink()  # ownership by the header line alone
    assert main(base) == 0
    assert not (tmp_path / "gen/s/models").exists()  # it would shadow gen/s/models.py


# ---- differential: one module per type decodes exactly as the single module -------------------------------
DIFFERENTIAL = [PROJECT / "schemas" / "recursive.yaml", *(CORPUS / n for n in ("tree.yaml", "unions.yaml",
                "nested.yaml", "aliases.yaml", "maps.yaml", "nullable.yaml", "tuples.yaml", "enums.yaml"))]  # fmt: skip


def _outcome(cls: Any, payload: Any, error: type[Exception]) -> Any:
    try:
        return ("ok", cls.from_dict(payload).to_dict())
    except error as failure:
        return ("DecodeError", str(failure))


@pytest.mark.parametrize("schema", DIFFERENTIAL, ids=lambda p: p.stem)
def test_random_payloads_decode_as_with_the_single_module(
    schema: Path, tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    workspace = load([schema])
    module = build_module(workspace, workspace.roots[0])
    types = {t.name: t for t in module.types}
    for layout, folder in (("module", "single"), ("modules", "split")):
        settings = Settings(schemas=(schema,), targets=("dataclasses",), root=schema.parent, layout=layout)
        write_tree(tmp_path / folder, render(settings))
    # all imports inside a package are relative: the split package can live under another name beside the other
    (tmp_path / "split" / module.stem).rename(tmp_path / "single" / f"{module.stem}_split")
    single = import_from(tmp_path / "single", f"{module.stem}.models")
    split = import_from(tmp_path / "single", f"{module.stem}_split.models")
    models = [t for t in module.types if isinstance(t, ir.Model) and t.fields]
    assert models

    @settings_(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(models).flatmap(lambda t: st.tuples(st.just(t.name), named(t, types) | JSON)))
    def run(case: tuple[str, Any]) -> None:
        name, payload = case
        expected = _outcome(getattr(single, name), payload, single.DecodeError)
        assert _outcome(getattr(split, name), payload, split.DecodeError) == expected
        kinds.add(expected[0])

    kinds: set[str] = set()
    run()
    assert kinds == {"ok", "DecodeError"}  # both paths were compared


def test_with_extra_keep_unknown_keys_survive_as_with_the_single_module(tmp_path: Path) -> None:
    """The options combine: extra = "keep" puts its helpers in the runtime module and its members in each type's."""
    schema = REPO / "schemas" / "batch.yaml"
    for layout in ("module", "modules"):
        settings = Settings(schemas=(schema,), targets=("dataclasses",), root=schema.parent, layout=layout)
        settings = settings.replace(extra="keep")
        write_tree(tmp_path / layout, render(settings))
    for cmd in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", RUFF_CONFIG, "."],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", RUFF_CONFIG, "."],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "batch"],
    ):
        result = subprocess.run(cmd, cwd=tmp_path / "modules", capture_output=True, text=True, check=False)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    example = json.loads((REPO / "tests" / "fixtures" / "batch_example.json").read_text())
    counts = {**example["request_counts"], "x": 2}
    payload = {**example, "model": "gpt-4o", "usage": {"input_tokens": 3}, "request_counts": counts}
    code = f"""
        import json
        from batch.models import Batch
        print(json.dumps(Batch.from_dict({payload!r}).to_dict()))
    """
    out = run_python(tmp_path / "modules", code)
    assert json.loads(out) == payload
    assert out == run_python(tmp_path / "module", code)


@pytest.mark.parametrize("option", ["format_types", "type_map", "extra_keep"])
def test_with_the_other_model_options_as_with_the_single_module(
    option: str, tmp_path: Path, import_from: Callable[[Path, str], ModuleType]
) -> None:
    """format-types, type-map and extra = "keep" with one module per type: clean, and decoding alike."""
    project = CORPUS / "options" / option
    config = read_config(project / "pyproject.toml").replace(targets=("dataclasses", "typeddicts"))
    for layout, folder in (("module", "single"), ("modules", "split")):
        write_tree(tmp_path / folder, render(config.replace(layout=layout)))
    for cmd in (
        [str(BIN / "ruff"), "check", "--no-cache", "--config", RUFF_CONFIG, "."],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "--config", RUFF_CONFIG, "."],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
    ):
        result = subprocess.run(cmd, cwd=tmp_path / "split", capture_output=True, text=True, check=False)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    stem = config.schemas[0].stem
    (tmp_path / "split" / stem).rename(tmp_path / "single" / f"{stem}_split")
    single = import_from(tmp_path / "single", f"{stem}.models")
    split = import_from(tmp_path / "single", f"{stem}_split.models")
    workspace = load([config.schemas[0]])
    types = {t.name: t for t in build_module(workspace, workspace.roots[0]).types}
    models = sorted(n for n, t in types.items() if isinstance(t, ir.Model) and t.fields and n in single.__all__)

    @settings_(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(models).flatmap(lambda n: st.tuples(st.just(n), named(types[n], types) | JSON)))
    def run(case: tuple[str, Any]) -> None:
        name, payload = case
        expected = _outcome(getattr(single, name), payload, single.DecodeError)
        assert _outcome(getattr(split, name), payload, split.DecodeError) == expected

    run()
