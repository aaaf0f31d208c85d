"""The Speakeasy format rules (speakeasy-format.md), one by one, on a small OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import render_files
from generator.render.docs_values import Arr, Entry, Obj, Scalar, ts_statement

FEATURES = Path(__file__).resolve().parent / "fixtures" / "docs" / "features.yaml"
REMOVAL = "This will be removed in a future release, please migrate away from it as soon as possible."
BANNER = f"> :warning: **DEPRECATED**: {REMOVAL}"
CELL = f": warning: ** DEPRECATED **: {REMOVAL}"


@pytest.fixture(scope="module")
def ts() -> dict[str, str]:
    files = render_files([FEATURES], targets=("docs",), docs_flavor="typescript", root=FEATURES.parent)
    prefix = "docs/models/components/"
    return {p[len(prefix) : -3]: t for p, t in files.items() if p.startswith(prefix)}


@pytest.fixture(scope="module")
def py() -> dict[str, str]:
    files = render_files([FEATURES], targets=("docs",), root=FEATURES.parent)
    return {p[len("docs/models/") : -3]: t for p, t in files.items() if p.startswith("docs/models/")}


def rows(doc: str) -> dict[str, list[str]]:
    """The Fields table's rows by RAW field name (cells stripped, the name's backticks and tildes removed)."""
    table = doc.rsplit("\n\n", 1)[1].split("\n")[2:]
    out = {}
    for line in table:
        cells = [c.strip() for c in line[2:-2].replace("\\|", "\0").split(" | ")]
        out[cells[0].strip("~`")] = [c.replace("\0", "\\|") for c in cells]
    return out


def test_files_and_names(ts: dict[str, str]) -> None:
    # §9: a binary upload is a synthesized type (File -> FileT, a reserved word); inline enums/unions are named.
    assert sorted(ts) == ["filet", "kind", "parent", "purpose", "stop", "thing", "uploadrequest"]


def test_file_endings(ts: dict[str, str]) -> None:
    # §1: objects end with the last table row, enums with the closing fence, unions with fence + two newlines.
    assert ts["thing"].endswith("|") and ts["kind"].endswith('"thing"\n```') and ts["stop"].endswith("```\n\n")


def test_description_verbatim_and_trailing_newline_kept(ts: dict[str, str]) -> None:
    # §2: a description ending in a newline gives two blank lines before the section.
    assert ts["thing"].startswith("# Thing\n\nA thing | with a pipe.\n\n\n## Example Usage\n\n")
    assert ts["stop"].startswith("# Stop\n\nWhere to stop.\n\n\n## Supported Types\n\n### `string`\n\n")


def test_deprecation(ts: dict[str, str]) -> None:
    # §2 banner on deprecated schemas; §5.2 odd-spaced cell text and struck-through field names.
    assert ts["parent"].startswith(f"# ~~Parent~~\n\nThe parent.\n\n{BANNER}\n\n## Example Usage")
    kind = rows(ts["thing"])["kind"]
    assert kind[0] == "~~`kind`~~" and kind[3] == CELL + "<br/><br/>Old field."


def test_type_cells(ts: dict[str, str]) -> None:
    # §6: primitives, links, italic unions, maps; §5.5: a $ref property shows the target's description.
    thing = rows(ts["thing"])
    assert thing["id"][1:4] == ["*string*", ":heavy_check_mark:", "N/A"]
    assert thing["createdAt"][1] == "*number*"
    assert thing["stop"][1] == "*components.Stop*"
    assert thing["tags"][1] == "Record<string, *number*>"
    assert thing["free"][1] == "Record<string, *any*>"
    assert thing["parent"][1] == "[components.Parent](../../models/components/parent.md)"
    assert thing["parent"][3].endswith("The parent.")
    upload = rows(ts["uploadrequest"])
    assert upload["file"][1] == (
        "[File](https://developer.mozilla.org/en-US/docs/Web/API/File) \\| "
        "[Blob](https://developer.mozilla.org/en-US/docs/Web/API/Blob) \\| "
        "[components.FileT](../../models/components/filet.md)"
    )
    assert rows(ts["filet"]) == {
        "fileName": ["`fileName`", "*string*", ":heavy_check_mark:", "N/A"],
        "content": ["`content`", "*ReadableStream<Uint8Array>*", ":heavy_check_mark:", "N/A"],
    }


def test_example_column_and_example_usage(ts: dict[str, str]) -> None:
    # §5.1: a fifth column when a property has an example; §3.1: required fields plus those with examples.
    thing = rows(ts["thing"])
    assert thing["user"][4] == "user-1234" and thing["id"][4] == ""
    assert 'let value: Thing = {\n  id: "<id>",\n  kind: "thing",\n  stop: "<value>",\n' in ts["thing"]
    assert '  user: "user-1234",\n};' in ts["thing"] and "parent:" not in ts["thing"].split("## Fields")[0]
    assert "// No examples available for this model" in ts["uploadrequest"]


def test_enum_values_deduplicated(ts: dict[str, str]) -> None:
    assert ts["purpose"].endswith('## Values\n\n```typescript\n"a" | "b"\n```')


def test_snippet_wrapping() -> None:
    # §3.2: dprint's layouts at 80 columns.
    long = "x" * 70
    assert ts_statement("let", "T", Scalar(long)) == f'let value: T =\n  "{long}";'
    assert ts_statement("let", "T", Obj("T", (Entry("k", "key", "k", Scalar(long)),))) == (
        f'let value: T = {{\n  key: "{long}",\n}};'
    )  # exactly 80 columns: no break
    longer = long + "xxx"
    assert ts_statement("let", "T", Obj("T", (Entry("k", "key", "k", Scalar(longer)),))) == (
        f'let value: T = {{\n  key:\n    "{longer}",\n}};'
    )
    name = "A" * 75
    assert ts_statement("let", name, Obj(name, (Entry("a", "a", "a", Scalar(1)),))) == (
        f"let value:\n  {name} = {{\n    a: 1,\n  }};"
    )
    assert ts_statement("const", "string", Scalar("\n")) == 'const value: string = "\\n"\n  + "";'
    assert ts_statement("let", "T", Arr((Scalar(1716.3, placeholder=True),))) == "let value: T = [\n  1716.30,\n];"


def test_python_flavor(py: dict[str, str]) -> None:
    assert sorted(py) == ["kind", "parent", "purpose", "stop", "thing", "uploadrequest"]
    thing = rows(py["thing"])
    assert thing["created_at"][1] == "*int*"
    assert thing["user"][1] == "*Optional[str]*"
    assert thing["parent"][1] == "[Optional[models.Parent]](../models/parent.md)"
    assert thing["tags"][1] == "Dict[str, *float*]"
    assert thing["stop"][1] == "[models.Stop](../models/stop.md)"
    assert rows(py["uploadrequest"])["file"][1] == "*str*"
    assert 'value = models.Thing(\n    id="<id>",\n    kind=models.Kind.THING,' in py["thing"]
    assert py["purpose"].endswith("| `A`   | a     |\n| `B`   | b     |")
