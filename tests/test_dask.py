"""``generator.dask.validate`` and ``validate --engine dask`` on a LocalCluster of worker processes.

The dataset is several files: JSONL (cut into many small pieces, so that line numbers cross
partitions), one with CRLF and no final newline, an empty one, a JSON and a YAML document. Both
the dataframe API and the CLI engine must give exactly the errors the local engine gives.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from generator import dask as gdask  # noqa: E402
from generator import validate_cli  # noqa: E402
from generator.payloads import spec as spec_module  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "batch.yaml"


def _request(i: int, method: str = "POST") -> str:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"question {i}"}]}
    return json.dumps({"custom_id": f"r{i}", "method": method, "url": "/v1/chat/completions", "body": body})


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-data")
    for n in range(3):
        lines = []
        for i in range(60):
            if (i + n) % 13 == 4:
                lines.append(_request(i, "GET"))
            elif (i + n) % 19 == 6:
                lines.append('{"custom_id": "cut off", ')
            elif i % 11 == 9:
                lines.append("")
            elif (i * n) % 17 == 8:
                lines.append(json.dumps({"custom_id": i}))
            else:
                lines.append(_request(i))
        (root / f"part-{n}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    crlf = "\r\n".join([_request(1), _request(2, "GET"), "[1, 2", _request(4)])
    (root / "part-3.jsonl").write_text(crlf, encoding="utf-8", newline="")
    (root / "part-4.jsonl").write_text("", encoding="utf-8")
    (root / "request.json").write_text(json.dumps({"custom_id": 5, "method": "GET"}, indent=2), encoding="utf-8")
    (root / "request.yaml").write_text("custom_id: r\nmethod: POST\nurl: /v1/x\nbody:\n  a: 1\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def _local(paths: list[str], monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    validate_cli.add_arguments(parser)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    argv = ["--schema", str(SCHEMA), "--type", "BatchRequestInput", *extra, *paths]
    code = validate_cli.run(parser.parse_args(argv))
    monkeypatch.undo()
    return code, buffer.getvalue()


def test_the_dataframe_holds_exactly_the_local_errors(
    dataset: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(str(p) for p in dataset.iterdir())
    df = gdask.validate(str(dataset / "*"), SCHEMA, type="BatchRequestInput", blocksize=400)
    assert df.npartitions > 12  # the JSONL files are cut into pieces of about 400 bytes
    got = df.compute()
    assert list(got.columns) == ["path", "line", "pointer", "keyword", "message", "schema_path"]
    code, out = _local(files, monkeypatch, "--format", "json", "--jobs", "1")
    expected = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(expected) > 15
    rows = [
        {
            "file": r.path,
            "line": int(r.line),
            "path": None if pd.isna(r.pointer) else r.pointer,
            "message": r.message,
            "keyword": r.keyword,
            "schema_path": r.schema_path,
        }
        for r in got.itertuples(index=False)
    ]
    assert rows == expected
    # the validator was compiled once in each worker process, not per task
    assert set(client.run(lambda: len(spec_module._LOADED)).values()) == {1}


def test_the_cli_engine_prints_what_the_local_engine_prints(
    dataset: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(str(p) for p in dataset.iterdir())
    local = _local(files, monkeypatch)
    assert local[0] == 1
    address = client.scheduler.address
    assert _local(files, monkeypatch, "--engine", "dask", "--scheduler", address) == local
    good = [str(dataset / "part-4.jsonl"), str(dataset / "request.yaml")]
    assert _local(good, monkeypatch, "--engine", "dask", "--scheduler", address) == (0, "")


def test_cli_engine_usage_errors(
    dataset: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for paths in ([str(dataset / "nope.jsonl")], [str(dataset / "*.nothing")], ["-"]):
        assert _local(paths, monkeypatch, "--engine", "dask")[0] == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{dataset / 'nope.jsonl'}: no such file",
        f"{dataset / '*.nothing'}: no such file",
        "--engine dask reads files, not stdin (-)",
    ]


def test_globs_expand_in_order(dataset: Path) -> None:
    assert gdask.expand(str(dataset / "part-*.jsonl")) == [str(dataset / f"part-{n}.jsonl") for n in range(5)]
    assert gdask.expand([dataset / "request.json", str(dataset / "part-[12].jsonl")]) == [
        str(dataset / "request.json"),
        str(dataset / "part-1.jsonl"),
        str(dataset / "part-2.jsonl"),
    ]
