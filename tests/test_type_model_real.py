"""The type model on real-world shapes (issue 11 items 3 and 6, issue 12 item 3): enums and consts of any
JSON value, types that only refer to themselves, nullable components, collisions, deep and cyclic documents.
"""

from __future__ import annotations

import json
import time
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from generator.api import render_files
from tests.conftest import CORPUS

Import = Callable[[Path, str], ModuleType]


def write(tmp: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_text(text, encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def json_values(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("json-values")
    return write(out, render_files([CORPUS / "json_values.yaml"], targets=("dataclasses", "typeddicts"), root=CORPUS))


def test_enum_keeps_true_beside_one_and_false_beside_zero(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    args = typing.get_args(models.OneOrTrue)
    assert [(type(a), a) for a in args] == [(int, 1), (bool, True), (int, 0), (bool, False)]
    holder = models.Holder.from_dict({"one": True})
    assert holder.one is True
    assert models.Holder.from_dict({"one": 1.0}).one == 1  # 1.0 is the JSON value 1
    with pytest.raises(models.DecodeError, match=r"^/one: expected one of"):
        models.Holder.from_dict({"one": 2})


def test_container_enums_and_consts_decode_exactly(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    payload = {"one": 0, "shape": {"a": [True]}, "empty": [], "config": {"levels": [1, 2], "mode": "strict"},
               "ratio": 0.5, "inline_const": {"k": [None]}}  # fmt: skip
    assert models.Holder.from_dict(payload).to_dict() == payload
    for key, wrong in [("shape", {"a": [1]}), ("shape", [2, 1]), ("empty", [0]), ("config", {"mode": "strict"}),
                       ("ratio", 1), ("inline_const", {"k": []})]:  # fmt: skip
        with pytest.raises(models.DecodeError, match=rf"^/{key}: expected one of"):
            models.Holder.from_dict({"one": 0, key: wrong})


def test_types_that_only_refer_to_themselves(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    payload = {"one": 1, "tree": {"a": {"b": {}}, "c": {}}, "nest": [[], [[[]]]]}
    assert models.Holder.from_dict(payload).to_dict() == payload
    with pytest.raises(models.DecodeError, match=r"^/tree/a/b: expected object"):
        models.Holder.from_dict({"one": 1, "tree": {"a": {"b": 1}}})
    with pytest.raises(models.DecodeError, match=r"^/nest/1/0: expected array"):
        models.Holder.from_dict({"one": 1, "nest": [[], ["x"]]})
    hints = typing.get_type_hints(models.Holder)  # the recursive aliases are types at runtime, not strings
    assert typing.get_origin(hints["tree"].__args__[0]) is dict
    typeddicts = import_from(json_values, "json_values.typeddicts")
    assert "tree" in typing.get_type_hints(typeddicts.Holder)


def test_nullable_component_is_named_once(json_values: Path, import_from: Import) -> None:
    models = import_from(json_values, "json_values.models")
    assert "NullableThingNullableThing" not in models.__all__
    assert models.Holder.from_dict({"one": 1, "thing": None}).thing is None
    assert models.Holder.from_dict({"one": 1, "thing": {"label": "x"}}).thing == models.NullableThing(label="x")


@pytest.fixture(scope="module")
def tuples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tuples")
    targets = ("dataclasses", "typeddicts", "docs")
    return write(out, render_files([CORPUS / "tuples.yaml", CORPUS / "collisions.yaml"], targets=targets, root=CORPUS))


def test_definitions_are_named_types_and_tuples_are_typed(tuples: Path, import_from: Import) -> None:
    models = import_from(tuples, "tuples.models")
    assert {"Point", "Row", "Loose", "Wide", "Pair", "Shape", "Plot"} <= set(models.__all__)
    assert str(models.Point) == "tuple[float, float]"
    assert models.Row == tuple[str, models.Point, *tuple[int, ...]]
    assert models.Pair == tuple[str, models.Shape] | tuple[str]
    assert models.Wide == list[str | int | bool]  # five optional positions: a list of their union
    payload = {"origin": [1, 2.5], "rows": [["a", [0, 0]], ["b", [1, 1], 7, 8]], "loose": ["x"],
               "pair": ["p", {"l": "z"}], "inline": [3, None]}  # fmt: skip
    plot = models.Plot.from_dict(payload)
    assert plot.origin == (1, 2.5)
    assert plot.rows == [("a", (0, 0)), ("b", (1, 1), 7, 8)]
    assert plot.pair == ("p", models.Shape(l_="z"))
    assert plot.inline == (3, None)
    assert plot.to_dict() == payload
    typeddicts = import_from(tuples, "tuples.typeddicts")
    assert typeddicts.Point == list[float]  # the raw JSON: an array is a list


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"origin": [1]}, "/origin: expected an array of exactly 2 items, got 1"),
        ({"origin": [1, 2, 3]}, "/origin: expected an array of exactly 2 items, got 3"),
        ({"origin": [1, 2], "rows": [["a", [0, 0], "x"]]}, "/rows/0/2: expected integer, got string"),
        ({"origin": [1, 2], "rows": [["a"]]}, "/rows/0: expected an array of at least 2 items, got 1"),
        ({"origin": [1, 2], "pair": []}, "/pair: expected an array of 1 to 2 items, got 0"),
        ({"origin": "no"}, "/origin: expected array, got string"),
    ],
)
def test_tuple_shapes_are_checked(tuples: Path, import_from: Import, payload: dict[str, object], error: str) -> None:
    models = import_from(tuples, "tuples.models")
    with pytest.raises(models.DecodeError) as caught:
        models.Plot.from_dict(payload)
    assert str(caught.value) == error


def test_tuple_docs(tuples: Path, import_from: Import) -> None:
    plot = (tuples / "docs" / "tuples" / "models" / "plot.md").read_text()
    import_from(tuples, "tuples.models")
    namespace: dict[str, typing.Any] = {}
    exec(plot.split("```python\n")[1].split("```")[0], namespace)  # the doc's own Example Usage
    assert type(namespace["value"].origin) is tuple
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip() for line in plot.splitlines() if line.startswith("| `")
    }
    assert rows["`origin`"] == "Tuple[*float*, *float*]"
    assert rows["`loose`"] == "Optional[Tuple[*str*, *bool*, *Any*, ...]]"
    assert rows["`wide`"] == "List[Union[*str*, *int*, *bool*]]"  # as the dataclass has it


def test_several_schemas_with_docs_in_one_directory(tuples: Path) -> None:
    """Each schema's docs live in docs/<stem>/; docs/README.md lists the schemas."""
    index = (tuples / "docs" / "README.md").read_text()
    assert "| `collisions.yaml` | [collisions](collisions/README.md) |" in index
    assert "| `tuples.yaml` | [tuples](tuples/README.md) |" in index
    assert "[Plot](models/plot.md)" in (tuples / "docs" / "tuples" / "README.md").read_text()
    assert (tuples / "docs" / "collisions" / "models" / "shared.md").exists()


def test_colliding_names_become_distinct(tuples: Path, import_from: Import) -> None:
    """A definition named like the document, two sanitized names, two shared titles: X, X2, never a refusal."""
    models = import_from(tuples, "collisions.models")
    assert {"Collisions", "Collisions2", "FooBar", "FooBar2", "Shared", "CollisionsShared"} <= set(models.__all__)
    assert models.FooBar is str and models.FooBar2 is int
    root = models.Collisions2.from_dict({"first": {"a": "x"}, "second": {"b": 1}, "def": {"c": True}})
    assert root.first == models.Shared(a="x")
    assert root.second == models.CollisionsShared(b=1)
    assert root.def_ == models.Collisions(c=True)
    again = render_files([CORPUS / "collisions.yaml"], targets=("dataclasses",), root=CORPUS)
    assert again["collisions/models.py"] == (tuples / "collisions" / "models.py").read_text()


def stress_document(n: int) -> dict[str, object]:
    """A Discord-like document: long chains of models, aliases, nullable aliases and allOf, a ring of
    mutually recursive models, deep anonymous nesting, and a cycle through inline (non-$defs) schemas."""
    defs: dict[str, object] = {}
    for i in range(n):
        last = i == n - 1
        fields = {"v": {"type": "integer"}} if last else {"next": {"$ref": f"#/$defs/M{i + 1}"}}
        defs[f"M{i}"] = {"type": "object", "required": [] if last else ["next"], "properties": fields}
        defs[f"A{i}"] = {"$ref": "#/$defs/M0" if last else f"#/$defs/A{i + 1}"}
        defs[f"N{i}"] = {"anyOf": [{"$ref": "#/$defs/M0" if last else f"#/$defs/N{i + 1}"}, {"type": "null"}]}
    ring = 100
    for i in range(ring):
        defs[f"R{i}"] = {"type": "object", "properties": {
            "next": {"$ref": f"#/$defs/R{(i + 1) % ring}"},
            "all": {"type": "array", "items": {"$ref": f"#/$defs/R{(i + 7) % ring}"}},
            "map": {"additionalProperties": {"$ref": f"#/$defs/R{(i + 3) % ring}"}},
            "either": {"anyOf": [{"$ref": f"#/$defs/R{(i + 5) % ring}"}, {"type": "string"}]}}}  # fmt: skip
    chain = 50
    for i in range(chain):
        parts: list[object] = [] if i == chain - 1 else [{"$ref": f"#/$defs/C{i + 1}"}]
        defs[f"C{i}"] = {"allOf": [*parts, {"properties": {f"p{i}": {"type": "string"}}}]}
    deep: dict[str, object] = {"type": "string"}
    for _ in range(40):
        deep = {"type": "array", "items": deep}
    defs["Deep"] = deep
    defs["Holder"] = {"type": "object", "properties": {
        "a": {"type": "array", "items": {"$ref": "#/properties/b"}},
        "first": {"$ref": "#/$defs/A0"}, "nul": {"$ref": "#/$defs/N0"}, "c": {"$ref": "#/$defs/C0"},
        "deep": {"$ref": "#/$defs/Deep"}, "ring": {"$ref": "#/$defs/R0"},
        "pair": {"type": "array", "prefixItems": [{"$ref": "#/$defs/A0"}, {"$ref": "#/$defs/R1"}],
                 "items": False}}}  # fmt: skip
    return {
        "type": "object",
        "properties": {
            "a": {"type": "array", "items": {"$ref": "#/properties/b"}},
            "b": {"type": "object", "additionalProperties": {"$ref": "#/properties/a"}},
            "c": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/properties/c"}}]},
            "holder": {"$ref": "#/$defs/Holder"},
        },
        "$defs": defs,
    }


def test_discord_like_stress_document(tmp_path: Path, import_from: Import) -> None:
    """Deep chains, mutual recursion and long alias chains: no RecursionError, and the output imports."""
    source = tmp_path / "stress.json"
    source.write_text(json.dumps(stress_document(800)))
    files = render_files([source], targets=("dataclasses", "typeddicts", "docs", "validators"), root=tmp_path)
    out = write(tmp_path / "out", files)
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    models = import_from(out, "stress.models")
    assert models.Stress.from_dict({"a": [{"k": [{}]}], "c": ["x", ["y", []]]}).to_dict() == {
        "a": [{"k": [{}]}],
        "c": ["x", ["y", []]],
    }
    chain: dict[str, object] = {"v": 1}
    for _ in range(150):  # payloads nested beyond the recursion limit are the decode runtime's business
        chain = {"next": chain}
    with pytest.raises(models.DecodeError, match=r"^/pair/0(/next){150}: missing required property 'next'$"):
        models.Holder.from_dict({"pair": [chain, {}]})
    payload = {
        "ring": {"next": {"all": [{"either": "s"}], "map": {"k": {}}}},
        "c": {"p0": "x", "p49": "y"},
        "nul": None,
    }
    holder = models.Holder.from_dict(payload)
    assert holder.ring.next.all[0] == models.R8(either="s")
    assert holder.c == models.C0(p0="x", p49="y")
    assert holder.to_dict() == {k: v for k, v in payload.items() if v is not None}  # unset optional: left out
    import_from(out, "stress.typeddicts")
    is_valid = import_from(out, "stress.validators").TYPES["Holder"][0]
    assert is_valid(payload) and not is_valid({"ring": {"next": 1}}) and not is_valid({"c": {"p49": 2}})
    assert (out / "docs" / "models" / "holder.md").stat().st_size < 20_000


def test_the_deepest_accepted_nesting_generates(tmp_path: Path, import_from: Import) -> None:
    """Anonymous arrays nested as deep as the reader accepts (MAX_SCHEMA_DEPTH): meta-validation, the type
    model and the validators neither exhaust the stack nor emit code Python cannot parse (the type gets
    named in parts)."""
    from generator.schema.source import MAX_SCHEMA_DEPTH

    levels = MAX_SCHEMA_DEPTH - 4  # the root and $defs are containers too
    deep: dict[str, object] = {"type": "string"}
    for _ in range(levels):
        deep = {"type": "array", "items": deep}
    source = tmp_path / "deep.json"
    source.write_text(json.dumps({"$defs": {"Deep": deep}}))
    out = write(
        tmp_path / "out", render_files([source], targets=("dataclasses", "typeddicts", "validators"), root=tmp_path)
    )
    value: object = "x"
    for _ in range(levels):
        value = [value]
    models = import_from(out, "deep.models")
    assert import_from(out, "deep.validators").TYPES["Deep"][0](value)
    assert "DeepInner" in models.__all__


def test_long_ref_cycle_is_refused_in_linear_time(tmp_path: Path) -> None:
    """A 3,000-link chain of plain $refs that loops: one error, found fast (it used to be cubic)."""
    from generator.diagnostics import SchemaError
    from generator.schema.loader import load
    from generator.types.build import build_module

    n = 3000
    defs = {f"A{i}": {"$ref": f"#/$defs/A{(i + 1) % n}"} for i in range(n)}
    source = tmp_path / "loop.json"
    source.write_text(json.dumps({"$defs": defs}))
    started = time.perf_counter()
    with pytest.raises(SchemaError) as caught:  # the loader's cycle check finds it (generate and validate alike)
        workspace = load([source], base=tmp_path)
        build_module(workspace, workspace.roots[0])
    assert time.perf_counter() - started < 10  # loading (meta-validation) included
    assert len(caught.value.diagnostics) == 1
    assert "$ref cycle with no structure: A0 -> A1 -> " in str(caught.value)


DRAFT_07_TUPLES = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {
        "Closed": {
            "type": "array",
            "items": [{"type": "string"}, {"type": "integer"}],
            "additionalItems": False,
            "minItems": 2,
        },
        "Tail": {
            "type": "array",
            "items": [{"type": "string"}],
            "additionalItems": {"$ref": "#/definitions/Closed"},
            "minItems": 1,
        },
        "Open": {"type": "array", "items": [{"type": "boolean"}]},
        "Plain": {"type": "array", "items": {"type": "number"}},
        "Use": {
            "type": "object",
            "properties": {"closed": {"$ref": "#/definitions/Closed"}, "tail": {"$ref": "#/definitions/Tail"}},
        },
    },
}


def test_array_form_items_are_tuples(tmp_path: Path, import_from: Import) -> None:
    """Draft-04 to 2019-09 ``items: [...]`` with ``additionalItems``: the same tuple types as ``prefixItems``."""
    source = tmp_path / "old.json"
    source.write_text(json.dumps(DRAFT_07_TUPLES))
    out = write(tmp_path / "out", render_files([source], targets=("dataclasses", "typeddicts", "docs"), root=tmp_path))
    models = import_from(out, "old.models")
    assert models.Closed == tuple[str, int]
    assert models.Tail == tuple[str, *tuple[models.Closed, ...]]
    assert models.Open == tuple[bool, *tuple[typing.Any, ...]] | tuple[()]
    assert models.Plain == list[float]
    use = models.Use.from_dict({"closed": ["a", 1], "tail": ["t", ["b", 2], ["c", 3]]})
    assert use.tail == ("t", ("b", 2), ("c", 3))
    assert use.to_dict() == {"closed": ["a", 1], "tail": ["t", ["b", 2], ["c", 3]]}
    with pytest.raises(models.DecodeError, match=r"^/closed: expected an array of exactly 2 items, got 3$"):
        models.Use.from_dict({"closed": ["a", 1, 2]})


def test_openapi_nullable_objects_are_not_named_twice(tmp_path: Path, import_from: Import) -> None:
    files = render_files([CORPUS / "openapi_nullable.yaml"], targets=("dataclasses", "docs"), root=CORPUS)
    models = import_from(write(tmp_path, files), "openapi_nullable.models")
    assert sorted(models.__all__) == ["ApiAppResponse", "ApiAppResponseOAuth", "DecodeError", "Inline", "Mode"]
    assert models.ApiAppResponseOAuth.__doc__ == "OAuth details."
    value = models.ApiAppResponse.from_dict({"oauth": None, "inline": {"a": "x"}, "mode": None})
    assert value.oauth is None and value.inline == models.Inline(a="x") and value.mode is None
    assert models.ApiAppResponse.from_dict({"oauth": {"callback_url": "u"}}).oauth.callback_url == "u"
    assert sorted(p for p in files if p.startswith("docs/models/")) == [
        "docs/models/apiappresponse.md", "docs/models/apiappresponseoauth.md", "docs/models/inline.md",
        "docs/models/mode.md",
    ]  # fmt: skip
