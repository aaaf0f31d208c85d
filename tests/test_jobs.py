"""``validate --jobs N``: JSONL files split at line boundaries across worker processes.

The output (order by file, then line) and the exit code are those of ``--jobs 1``, whatever the
number of workers and wherever the pieces are cut. The pieces are made tiny here (a few lines
each) so that every file below is cut many times, through blank, unparsable and CRLF lines.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import validate_cli
from generator.payloads import parallel

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = str(ROOT / "schemas" / "batch.yaml")


def _request(i: int, method: str = "POST") -> str:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"question {i}"}]}
    return json.dumps({"custom_id": f"r{i}", "method": method, "url": "/v1/chat/completions", "body": body})


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    lines = []
    for i in range(120):
        if i % 17 == 3:
            lines.append(_request(i, "GET"))
        elif i % 23 == 5:
            lines.append('{"custom_id": "broken", "method": ')
        elif i % 29 == 7:
            lines.append("")
        elif i % 31 == 11:
            lines.append(json.dumps({"custom_id": i, "url": 5}))  # three errors on one line
        else:
            lines.append(_request(i))
    made = {
        "mixed": "\n".join(lines) + "\n",
        "empty": "",
        "no-final-newline": "\n".join([_request(1), _request(2, "PUT"), _request(3), '{"custom_id": 1']),
        "crlf": "\r\n".join([_request(1), _request(2, "GET"), "{oops", "", _request(5)]) + "\r\n",
        "good": "\n".join(_request(i) for i in range(40)) + "\n",
        "only-blank-lines": "\n\n \n\r\n",
    }
    paths = {}
    for name, text in made.items():
        paths[name] = tmp_path / f"{name}.jsonl"
        paths[name].write_text(text, encoding="utf-8", newline="")
        if name == "empty":  # a document between JSONL files: checked in the parent, in its turn
            paths["document"] = tmp_path / "document.json"
            paths["document"].write_text(json.dumps({"custom_id": 1, "method": "GET"}, indent=2), encoding="utf-8")
    return paths


@pytest.fixture
def tiny_pieces(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every file goes to the workers, in pieces of about 200 bytes; records how many pieces each had."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)
    monkeypatch.setattr(parallel, "MIN_PIECE", 1)
    monkeypatch.setattr(parallel, "MAX_PIECE", 200)
    counts: list[int] = []
    split = parallel.split

    def counting(path: str, size: int, piece: int) -> list[tuple[int, int]]:
        pieces = split(path, size, piece)
        counts.append(len(pieces))
        return pieces

    monkeypatch.setattr(parallel, "split", counting)
    return counts


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    validate_cli.add_arguments(parser)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    code = validate_cli.run(parser.parse_args(argv))
    return code, buffer.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_order_and_exit_codes_are_those_of_one_job(
    fmt: str, files: dict[str, Path], tiny_pieces: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ["--schema", SCHEMA, "--type", "BatchRequestInput", "--format", fmt]
    cases = [
        [str(p) for p in files.values()],  # every file in one run: ordered by file, then line
        [str(files["good"]), str(files["empty"]), str(files["only-blank-lines"])],
        [str(files["no-final-newline"])],
        [str(files["crlf"]), str(files["mixed"])],
    ]
    for paths in cases if fmt == "text" else cases[:1]:
        one = _run([*base, "--jobs", "1", *paths], monkeypatch)
        tiny_pieces.clear()
        for jobs in (2, 3):
            assert _run([*base, "--jobs", str(jobs), *paths], monkeypatch) == one, (jobs, paths)
        assert max(tiny_pieces) > 3, "the files were not cut into pieces: the workers were not used"
    # what --jobs 1 says, in substance: the right lines, in order
    code, out = _run([*base, "--jobs", "3", str(files["no-final-newline"]), str(files["crlf"])], monkeypatch)
    assert code == 1
    where = (
        [(Path(r["file"]).stem, r["line"]) for r in map(json.loads, out.splitlines())]
        if fmt == "json"
        else [(Path(line.split(":")[0]).stem, int(line.split(":")[1])) for line in out.splitlines()]
    )
    assert where == [("no-final-newline", 2), ("no-final-newline", 4), ("crlf", 2), ("crlf", 3)]
    assert _run([*base, "--jobs", "2", str(files["good"]), str(files["empty"])], monkeypatch) == (0, "")


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_mixed_file_lines(
    start: str, files: dict[str, Path], tiny_pieces: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    if start == "spawn":  # what a parent with other threads (or not on Linux) does
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    code, out = _run(
        ["--schema", SCHEMA, "--type", "BatchRequestInput", "--jobs", "2", str(files["mixed"])], monkeypatch
    )
    assert code == 1
    numbers = [int(line.split(":")[1]) for line in out.splitlines()]
    assert numbers == sorted(numbers)
    expected = set()
    for i in range(120):
        if i % 17 == 3 or (i % 23 == 5) or (i % 31 == 11 and i % 17 != 3 and i % 23 != 5 and i % 29 != 7):
            expected.add(i + 1)
    assert set(numbers) == expected
    assert tiny_pieces and tiny_pieces[0] > 10


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=30),
    final_newline=st.booleans(),
    piece=st.integers(1, 50),
)
def test_pieces_cover_the_file_and_start_lines(
    lines: list[bytes], final_newline: bool, piece: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path_factory.mktemp("split") / "f.jsonl"
    path.write_bytes(data)
    pieces = parallel.split(str(path), len(data), piece)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(data)
    for (_, end), (start, _) in itertools.pairwise(pieces):
        assert end == start and data[start - 1 : start] == b"\n"
    assert b"".join(data[s:e] for s, e in pieces) == data
    assert all(s < e for s, e in pieces) or data == b""


def test_a_real_stdout_gets_the_output_of_one_job(files: dict[str, Path]) -> None:
    """Through a pipe (block-buffered stdout), with output pending when the workers fork (a document's errors)."""
    script = (
        "import sys\n"
        "from generator.payloads import parallel\n"
        "parallel.PARALLEL_MIN = 0\n"
        "parallel.MAX_PIECE = 300\n"
        "from generator.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    argv = ["validate", "--schema", SCHEMA, "--type", "BatchRequestInput", "--jobs", "2"]
    paths = [str(files["document"]), str(files["mixed"]), str(files["crlf"])]
    result = subprocess.run([sys.executable, "-c", script, *argv, *paths], capture_output=True, text=True, check=False)
    one = subprocess.run(
        [sys.executable, "-c", script, *argv[:-1], "1", *paths], capture_output=True, text=True, check=False
    )
    assert result.returncode == one.returncode == 1
    assert result.stdout == one.stdout
    assert result.stdout.count("document.json") == 4  # its four errors, once each
