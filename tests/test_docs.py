"""Target ``docs``: the Speakeasy goldens, Markdown structure, links, escaping, and runnable Python snippets."""

from __future__ import annotations

import difflib
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from generator.api import render_files
from generator.render.docs import md_table
from generator.render.environment import environment
from generator.schema.loader import load
from generator.settings import Settings
from generator.targets import Job, renderer
from generator.types.build import build_module

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
OPENAI = REFERENCE / "openapi" / "openai-openapi.yaml"
SEED = REFERENCE / "speakeasy-batch-docs"
EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "docs" / "batch-examples.yaml"
BATCH = REPO / "schemas" / "batch.yaml"
needs_reference = pytest.mark.skipif(
    not (OPENAI.is_file() and SEED.is_dir()), reason=f"shared reference not found under {REFERENCE}"
)

MD = MarkdownIt("commonmark").enable("table")
LINK = re.compile(r"\]\(([^)\s]+)\)")


# ---- helpers ---------------------------------------------------------------------------
def unified(expected: str, actual: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"seed/{name}", f"generated/{name}"
        )
    )


def tables(text: str) -> Iterator[tuple[int, list[int], int]]:
    """Per table: header cells, cells of each body row, and the number of source lines the table spans."""
    tokens = MD.parse(text)
    for i, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        rows: list[int] = []
        cells = 0
        for inner in tokens[i + 1 :]:
            if inner.type == "tr_open":
                cells = 0
            elif inner.type in ("th_open", "td_open"):
                cells += 1
            elif inner.type == "tr_close":
                rows.append(cells)
            elif inner.type == "table_close":
                break
        assert token.map is not None
        yield rows[0], rows[1:], token.map[1] - token.map[0]


def assert_tables_intact(files: dict[str, str]) -> int:
    """Every table parses with one header, a separator and one row per line, each row as wide as the header."""
    count = 0
    for path, text in files.items():
        for header, rows, lines in tables(text):
            count += 1
            assert all(r == header for r in rows), f"{path}: cells per row {rows} vs header {header}"
            assert lines == len(rows) + 2, f"{path}: a table row was split or swallowed"
        if "\n## Fields\n" in text or "\n## Values\n\n|" in text:
            last = text.rsplit("\n\n", 1)[1]
            assert last.startswith("| "), f"{path}: the last section is not a table"
            parsed = list(tables(last))
            assert len(parsed) == 1 and len(parsed[0][1]) == last.count("\n") - 1, f"{path}: broken table"
    return count


def assert_links_resolve(files: dict[str, str], sources: list[Path]) -> int:
    """Every relative link resolves to a generated file; links copied verbatim from the schema are the author's."""
    source_text = "".join(p.read_text(encoding="utf-8") for p in sources)
    count = 0
    problems = []
    for path, text in files.items():
        base = Path("/out") / path
        for target in LINK.findall(text):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", target):
                continue
            count += 1
            resolved = (base.parent / target.split("#", 1)[0]).resolve().relative_to("/out").as_posix()
            if resolved not in files and f"({target})" not in source_text:
                problems.append(f"{path}: {target}")
    assert not problems, "\n".join(problems)
    return count


def python_snippets(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)\n```", text, flags=re.S)


def docs_for(workspace: Any, flavor: str, only: tuple[str, ...] = ()) -> dict[str, str]:
    document = workspace.roots[0]
    module = build_module(workspace, document, only=only)
    return renderer("docs")(Job(workspace, document, module, environment(), Settings(docs_flavor=flavor, only=only)))


# ---- fixtures --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def openai() -> Any:
    if not OPENAI.is_file():
        pytest.skip(f"shared reference not found: {OPENAI}")
    return load([OPENAI], base=OPENAI.parent)


@pytest.fixture(scope="module")
def openai_docs(openai: Any) -> dict[str, dict[str, str]]:
    return {flavor: docs_for(openai, flavor) for flavor in ("typescript", "python")}


@pytest.fixture(scope="module")
def batch_py(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    out = tmp_path_factory.mktemp("batch")
    files = render_files([BATCH], targets=("dataclasses", "docs"), root=REPO)
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    return {p: t for p, t in files.items() if p.startswith("docs/")}, out


# ---- the golden ------------------------------------------------------------------------
@needs_reference
def test_typescript_golden_equals_the_seed_byte_for_byte(tmp_path: Path) -> None:
    """The command of issue 4, run as a user runs it."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemagen"), "generate", str(OPENAI), "--only", "Batch",
            "--target", "docs", "--docs-flavor", "typescript", "--examples", str(EXAMPLES), "--out", str(tmp_path),
        ],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "docs" / "models" / "components"
    expected = sorted(p.name for p in SEED.glob("*.md"))
    assert sorted(p.name for p in folder.glob("*.md")) == expected
    diffs = [
        unified((SEED / name).read_text(encoding="utf-8"), (folder / name).read_text(encoding="utf-8"), name)
        for name in expected
        if (SEED / name).read_bytes() != (folder / name).read_bytes()
    ]
    assert not diffs, "\n".join(diffs)


@needs_reference
def test_batch_without_examples_file_uses_placeholders(openai: Any) -> None:
    files = docs_for(openai, "typescript", ("Batch",))
    batch = files["docs/models/components/batch.md"]
    assert 'id: "<id>",' in batch and 'endpoint: "<value>",' in batch and 'status: "validating",' in batch
    assert re.search(r"createdAt: \d{6},", batch)
    assert files == docs_for(openai, "typescript", ("Batch",)), "placeholders must be deterministic"


# ---- structure, links, escaping ----------------------------------------------------------
@needs_reference
@pytest.mark.parametrize("flavor", ["typescript", "python"])
def test_openai_docs_tables_and_links(openai_docs: dict[str, dict[str, str]], flavor: str) -> None:
    files = openai_docs[flavor]
    assert len(files) > 550
    assert assert_tables_intact(files) > 350
    assert assert_links_resolve(files, [OPENAI]) > 500


def test_batch_python_docs_tables_and_links(batch_py: tuple[dict[str, str], Path]) -> None:
    files, _ = batch_py
    family = ("batch", "batchdata", "batchobject", "batchstatus", "errors", "requestcounts")
    lines = ("batchrequesterror", "batchrequestinput", "batchrequestoutput", "batchresponse", "method")
    assert sorted(files) == ["docs/README.md", *sorted(f"docs/models/{n}.md" for n in family + lines)]
    assert assert_tables_intact(files) == 12
    assert assert_links_resolve(files, [BATCH]) > 10
    batch = files["docs/models/batch.md"]
    assert "| [Optional[models.RequestCounts]](../models/requestcounts.md) " in batch
    assert "| Dict[str, *str*] " in batch and "| *Optional[int]* " in batch and "| *str* " in batch


HOSTILE = [
    "pipe | inside",
    "two\nlines",
    "windows\r\nline\rend",
    "ends with newline\n",
    "`code | with pipe` and ``double``",
    "<b>html</b> <!-- comment --> <script>alert(1)</script>",
    "already escaped \\| pipe \\",
    "| starts with a pipe",
    "---",
    "* star * and _under_ and [link](x.md)",
]


def test_hostile_descriptions_keep_tables_intact(tmp_path: Path) -> None:
    schema = tmp_path / "hostile.json"
    properties = {f"p{i}": {"type": "string", "description": text} for i, text in enumerate(HOSTILE)}
    defs = {
        "Hostile": {"type": "object", "description": "a | b", "properties": properties, "required": ["p0"]},
        "Choice": {"type": "string", "enum": ["a|b", "c\nd"], "description": "x\n| y |\n"},
    }
    schema.write_text(json.dumps({"$defs": defs}), encoding="utf-8")
    for flavor in ("typescript", "python"):
        files = render_files([schema], targets=("docs",), docs_flavor=flavor, root=tmp_path)
        assert assert_tables_intact(files) >= 2
        doc = next(t for p, t in files.items() if p.endswith("/hostile.md"))
        table = doc.rsplit("\n\n", 1)[1]
        header, rows, _ = next(tables(table))
        assert header == 4 and len(rows) == len(HOSTILE)
        for text, line in zip(HOSTILE, table.split("\n")[2:], strict=True):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            assert len(cells) == 4, line
            assert cells[3].replace("\\|", "|").replace("<br/>", "\n") == text.replace("\r\n", "\n").replace(
                "\r", "\n"
            ).strip(" ")


def test_table_width_rule() -> None:
    """§5.3: W from RAW cells; padding after escaping, so escaped rows run long; empty tables are 11 wide."""
    assert md_table(["Field", "Type", "Required", "Description"], []) == (
        "| Field       | Type        | Required    | Description |\n"
        "| ----------- | ----------- | ----------- | ----------- |"
    )
    table = md_table(["a", "b"], [["x|y", "long cell\n"]])
    assert table.split("\n") == [
        "| a          | b          |",
        "| ---------- | ---------- |",
        "| x\\|y       | long cell<br/> |",
    ]


# ---- Python snippets run -----------------------------------------------------------------
def run_snippets(files: dict[str, str], out: Path, stem: str) -> int:
    sys.path.insert(0, str(out))
    try:
        importlib.invalidate_caches()
        models = importlib.import_module(f"{stem}.models")
        count = 0
        for path, text in sorted(files.items()):
            for snippet in python_snippets(text):
                if snippet.startswith("# No examples"):
                    continue
                scope: dict[str, Any] = {}
                try:
                    exec(compile(snippet, path, "exec"), scope)
                except Exception as exc:  # pragma: no cover - the message is the point
                    pytest.fail(f"{path}: {type(exc).__name__}: {exc}\n{snippet}")
                value = scope["value"]
                to_dict = getattr(value, "to_dict", None)
                if callable(to_dict):
                    assert type(value).from_dict(to_dict()) == value, path
                count += 1
        assert models
        return count
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == stem or m.startswith(stem + ".")]:
            del sys.modules[name]


def test_batch_python_snippets_run(batch_py: tuple[dict[str, str], Path]) -> None:
    files, out = batch_py
    assert run_snippets(files, out, "batch") == 11


@needs_reference
def test_openai_python_snippets_run(openai: Any, openai_docs: dict[str, dict[str, str]], tmp_path: Path) -> None:
    document = openai.roots[0]
    module = build_module(openai, document)
    for path, text in renderer("dataclasses")(Job(openai, document, module, environment())).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert run_snippets(openai_docs["python"], tmp_path, module.stem) > 600


# ---- index ---------------------------------------------------------------------------------
def test_index_lists_every_type(batch_py: tuple[dict[str, str], Path]) -> None:
    files, _ = batch_py
    index = files["docs/README.md"]
    for name in ["Batch", "BatchData", "BatchObject", "BatchStatus", "Errors", "RequestCounts", "BatchMetadata"]:
        assert re.search(rf"^\| (\[{name}\]\(models/{name.lower()}\.md\)|`{name}`) \|", index, flags=re.M), name
    assert "| [RequestCounts](models/requestcounts.md) | object | The request counts for different statuses" in index


@needs_reference
def test_union_level_example_is_used_raw_for_every_member(openai_docs: dict[str, dict[str, str]]) -> None:
    """§3.1 quirk (``input.md``): Speakeasy inserts the union's example raw, even where it is not valid TS."""
    doc = openai_docs["typescript"]["docs/models/components/input.md"]
    assert "const value: number[] = [\n  The quick brown fox jumped over the lazy dog,\n];" in doc
    assert 'const value: string = "The quick brown fox jumped over the lazy dog";' in doc
    assert "The quick brown fox" in openai_docs["python"]["docs/models/input.md"]
