"""The corpus goldens, imported and run: recursion, unions, awkward names, maps, allOf."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import GOLDEN

Importer = Callable[[Path, str], ModuleType]


def test_recursive_tree_round_trips(import_from: Importer) -> None:
    tree = import_from(GOLDEN / "tree", "tree.models")
    data = {"value": "root", "children": [{"value": "a", "children": []}, {"value": "b", "parent": None}]}
    node = tree.Node.from_dict(data)
    assert node.children[1].value == "b"
    assert tree.Node.from_dict(node.to_dict()) == node


def test_unions_pick_the_member_that_fits(import_from: Importer) -> None:
    unions = import_from(GOLDEN / "unions", "unions.models")
    owner = unions.Owner.from_dict({"pet": {"barks": True}, "id": 7, "stop": ["a"], "backup": None})
    assert owner.pet == unions.Dog(barks=True)
    assert owner.id == 7
    assert owner.stop == ["a"]
    assert owner.to_dict() == {"pet": {"barks": True}, "id": 7, "stop": ["a"]}
    with pytest.raises(unions.DecodeError, match=r"^/pet: expected Cat \| Dog, got object$"):
        unions.Owner.from_dict({"pet": {"purrs": True}})


def test_awkward_property_names_keep_their_wire_names(import_from: Importer) -> None:
    keywords = import_from(GOLDEN / "keywords", "keywords.models")
    data = {"class": "c", "not-an-identifier": "n", "2fa": True, "fooBar": "1", "foo_bar": "2", "to_dict": "t"}
    awkward = keywords.Awkward.from_dict(data)
    assert (awkward.class_, awkward.field_2fa, awkward.foo_bar, awkward.foo_bar_2) == ("c", True, "1", "2")
    assert awkward.to_dict() == data


def test_typeddict_functional_form_for_non_identifier_keys(import_from: Importer) -> None:
    keywords = import_from(GOLDEN / "keywords", "keywords.typeddicts")
    assert keywords.Awkward.__required_keys__ == {"class", "not-an-identifier"}
    assert "2fa" in keywords.Awkward.__optional_keys__


def test_maps_and_enums(import_from: Importer) -> None:
    maps = import_from(GOLDEN / "maps", "maps.models")
    inv = maps.Inventory.from_dict({"counts": {"a": 1}, "locations": {"x": {"shelf": "3"}}, "groups": {"g": ["a"]}})
    assert inv.locations["x"] == maps.Location(shelf="3")
    assert maps.Inventory.from_dict(inv.to_dict()) == inv
    with pytest.raises(maps.DecodeError, match=r"^/counts/a~1b: expected integer, got string$"):
        maps.Inventory.from_dict({"counts": {"a/b": "1"}})
    enums = import_from(GOLDEN / "enums", "enums.models")
    paint = enums.Paint.from_dict({"color": "red", "kind": "widget", "priority": 2, "mixed": 0, "finish": None})
    assert paint.priority is enums.Priority.VALUE_2
    assert paint.to_dict() == {"color": "red", "kind": "widget", "priority": 2, "mixed": 0}
    with pytest.raises(enums.DecodeError, match="/priority"):
        enums.Paint.from_dict({"color": "red", "kind": "widget", "priority": True})


def test_all_of_merges_properties(import_from: Importer) -> None:
    allof = import_from(GOLDEN / "allof", "allof.models")
    extended = allof.Extended.from_dict({"id": "1", "extra": "x"})
    assert (extended.id, extended.extra, extended.created) == ("1", "x", None)


def test_cross_file_refs_are_generated_into_one_module(import_from: Importer) -> None:
    main = import_from(GOLDEN / "cross_file__main", "main.models")
    customer = main.Customer.from_dict({"name": "n", "address": {"street": "s", "country": "NL"}})
    assert customer.address.country is main.Country.NL
