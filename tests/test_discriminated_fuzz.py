"""Dispatch on the tag against trying the members one by one (issue 16 item 1), on random payloads.

For the const-tagged unions of tests/fixtures/corpus/tagged_unions.yaml (tags required, a tag that may be
absent, tags fixed through allOf), payloads go through the generated table (``_tagged``) and through the
runtime's trial decoding (``_union``) over the same member decoders in schema order: where the members'
decoders check their tag, both fail or both give the same instance; where they do not (allOf), dispatch
also refuses the tags no member allows. And what ``from_dict`` accepts, the validators find valid.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.api import render_files
from tests.conftest import CORPUS

TAGGED = CORPUS / "tagged_unions.yaml"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, ModuleType]]:
    root = tmp_path_factory.mktemp("tagged_fuzz")
    for path, text in render_files([TAGGED], targets=("dataclasses", "validators"), root=CORPUS).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("tagged_unions.models"), importlib.import_module("tagged_unions.validators")
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == "tagged_unions" or n.startswith("tagged_unions.")]:
            del sys.modules[name]


UNIONS = {  # table -> member classes in schema order (what trial decoding tries)
    "_TAGS_Shape": ("Circle", "Square", "Triangle"),
    "_TAGS_Event": ("Pong", "Ping"),
    "_TAGS_Tiles": ("RoundTile", "SquareTile"),
}
payloads = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["circle", "square", "triangle", "pong", "ping", "round", "label", "x", "", 1, None]),
        "size": st.one_of(st.integers(-3, 3), st.floats(allow_nan=False, width=16), st.text(max_size=2)),
        "at": st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none()),
        "angles": st.one_of(st.lists(st.integers(0, 9), max_size=2), st.text(max_size=1)),
    },
)


def outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except Exception as error:
        assert type(error).__name__ == "DecodeError", repr(error)
        return ("error",)


@FUZZ
@given(table=st.sampled_from(sorted(UNIONS)), payload=payloads)
def test_dispatch_accepts_what_trial_decoding_accepts(
    generated: tuple[ModuleType, ModuleType], table: str, payload: dict[str, Any]
) -> None:
    m, _ = generated
    decoders = tuple(getattr(m, name)._decode for name in UNIONS[table])
    tagged = outcome(lambda: m._tagged(payload, "", None, getattr(m, table)))
    trial = outcome(lambda: m._union(payload, "", None, decoders, "union"))
    if table == "_TAGS_Tiles":
        # The tiles' decoders read `kind` as any string (the tag is fixed through allOf): trial decoding takes
        # any tag, and the first tile for every one. Dispatch takes the tags the schema allows, each its class.
        allowed = payload.get("kind") in ("round", "square")
        assert tagged[0] == ("ok" if allowed and trial[0] == "ok" else "error")
    else:
        assert tagged == trial  # the members' decoders check their tag: the same verdict, the same instance
    if tagged[0] == "ok":
        assert tagged[1].kind == payload.get("kind", tagged[1].kind)  # the tag named the class


@FUZZ
@given(payload=payloads)
def test_what_from_dict_accepts_is_valid(generated: tuple[ModuleType, ModuleType], payload: dict[str, Any]) -> None:
    m, v = generated
    drawing = {"shapes": [payload]}
    if outcome(lambda: m.Drawing.from_dict(drawing))[0] == "ok":
        assert v.is_valid_drawing(drawing)
