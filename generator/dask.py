"""Validate payload files on a Dask cluster: :func:`validate` and ``schemagen validate --engine dask``.

The files (paths, globs, or URLs fsspec can open; every worker must be able to read them) are
cut into pieces of about ``blocksize`` bytes at line boundaries, one piece a ``dask.bag``
partition. The validator is compiled once, here; the workers receive its generated source as
one graph key (a :class:`~generator.payloads.spec.ValidatorSpec`) and execute it once per
process. Each partition runs the loop ``--jobs`` runs (``generator.payloads.check``); a chain of
small tasks adds up the lines of the earlier pieces of each file, so that every error carries its
true line number. The result is a ``dask.dataframe`` of error records, one row per error:
``path``, ``line``, ``pointer`` (None for a line that is not JSON), ``keyword``, ``message``,
``schema_path``. JSON and YAML documents are one piece each, checked as ``validate`` checks them.

Needs the ``dask`` extra: ``pip install 'schemagen[dask]'``.
"""

from __future__ import annotations

import argparse
import glob
import logging
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from generator.payloads import parallel, parse
from generator.payloads.check import Problem, check_piece
from generator.payloads.document import Problem as Reported
from generator.payloads.document import Sink, check_document
from generator.payloads.spec import ValidatorSpec

if TYPE_CHECKING:
    import dask.dataframe as dd

COLUMNS = ("path", "line", "pointer", "keyword", "message", "schema_path")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
Piece = tuple[str, int, int]
"""(path, start, end); end -1 marks a whole JSON or YAML document."""


def validate(
    paths: str | Path | Iterable[str | Path],
    schema: Mapping[str, Any] | str | Path,
    type: str | None = None,
    blocksize: int | str = "64MiB",
    *,
    formats: bool = False,
) -> dd.DataFrame:
    """A lazy ``dask.dataframe`` of every error in ``paths`` against ``schema`` (or its ``$defs`` ``type``).

    ``df.compute()`` gives the errors in a pandas frame; ``df.to_parquet(...)`` writes them.
    """
    from generator.targets.validators import compile_validator

    validator = compile_validator(schema if isinstance(schema, Mapping) else Path(schema), formats=formats)
    if type is not None:
        validator = validator.for_type(type)
    return frame(expand(paths), ValidatorSpec.of(validator), blocksize, parse.fast_available())


def expand(paths: str | Path | Iterable[str | Path]) -> list[str]:
    """Each path as given, each glob (or URL glob) as the sorted files it matches."""
    import fsspec

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found: list[str] = []
    for item in map(str, items):
        if "://" in item:
            found += [f.full_name for f in fsspec.open_files(item)]
        elif glob.has_magic(item):
            found += sorted(glob.glob(item, recursive=True))
        else:
            found.append(item)
    return found


def _open(path: str) -> IO[bytes]:
    import fsspec

    handle: IO[bytes] = fsspec.open(path, "rb").open()
    return handle


def pieces(files: list[str], blocksize: int | str | None, workers: int = 1) -> list[Piece]:
    """Every file's pieces, in order; ``blocksize`` None: about four pieces per worker, 1 to 64 MiB each."""
    import fsspec
    from dask.utils import parse_bytes

    fixed = parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize
    found: list[Piece] = []
    for path in files:
        if not path.lower().endswith(JSONL_SUFFIXES):
            found.append((path, 0, -1))
            continue
        fs, _, (name,) = fsspec.core.get_fs_token_paths(path)
        size = fs.size(name)
        piece = fixed or max(1 << 20, min(64 << 20, size // (4 * workers) + 1))
        found += [(path, start, end) for start, end in parallel.split(path, size, piece, _open)]
    return found


def _check_piece(piece: Piece, spec: ValidatorSpec, fast: bool) -> tuple[int, list[Problem]]:
    """On a worker: the piece's line count and problems (lines relative to the piece)."""
    path, start, end = piece
    is_valid, iter_errors = spec.load()
    with _open(path) as handle:
        handle.seek(start)
        data = handle.read() if end < 0 else handle.read(end - start)
    if end < 0:
        return 0, _check_document(path, data, is_valid, iter_errors)
    result = check_piece(data, is_valid, iter_errors, fast=fast)
    return result.lines, result.problems


class _Collect:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def emit(self, p: Reported) -> None:
        self.found.append((p.line - 1, p.pointer, p.message, p.keyword, p.schema_path))


def _check_document(path: str, data: bytes, is_valid: Any, iter_errors: Any) -> list[Problem]:
    """A JSON or YAML document, exactly as ``validate`` checks it (absolute line numbers: index + 1)."""
    out = _Collect()
    check_document(data, path, is_valid, iter_errors, out, as_json=path.lower().endswith(".json"))
    return out.found


def _check_partition(part: Iterable[Piece], spec: ValidatorSpec, fast: bool) -> list[tuple[int, list[Problem]]]:
    return [_check_piece(piece, spec, fast) for piece in part]


def _lines(results: list[tuple[int, list[Problem]]]) -> int:
    return sum(lines for lines, _ in results)


def _add(a: int, b: int) -> int:
    return a + b


def _rows(results: list[tuple[int, list[Problem]]], path: str, before: int) -> Any:
    """The partition's errors as a pandas frame, with line numbers counted from the file's start."""
    import pandas as pd

    ((_, problems),) = results
    return pd.DataFrame(
        {
            "path": pd.Series([path] * len(problems), dtype=object),
            "line": pd.Series([before + p[0] + 1 for p in problems], dtype="int64"),
            "pointer": pd.Series([p[1] for p in problems], dtype=object),
            "keyword": pd.Series([p[3] for p in problems], dtype=object),
            "message": pd.Series([p[2] for p in problems], dtype=object),
            "schema_path": pd.Series([p[4] for p in problems], dtype=object),
        }
    )


def frame(
    files: list[str], spec: ValidatorSpec, blocksize: int | str | None, fast: bool, workers: int = 1
) -> dd.DataFrame:
    """The graph: a bag of pieces mapped by :func:`_check_piece`, then line numbers, then a dataframe."""
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    cut = pieces(files, blocksize, workers)
    meta = _rows([(0, [])], "", 0)
    if not cut:
        return dd.from_pandas(meta, npartitions=1)
    shipped = dask.delayed(spec, pure=True)  # one key: each worker receives the source once
    bag = db.from_sequence(cut, npartitions=len(cut)).map_partitions(_check_partition, shipped, fast)
    frames = []
    before: dict[str, Any] = {}
    for (path, _, _), part in zip(cut, bag.to_delayed(), strict=True):
        start = before.get(path, 0)
        frames.append(dask.delayed(_rows)(part, path, start))
        before[path] = dask.delayed(_add)(start, dask.delayed(_lines)(part))
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def run_cli(args: argparse.Namespace, validator: Any, out: Sink) -> int:
    """``validate --engine dask``: the same output, in the same order, as the local engine."""
    import pandas as pd

    if "-" in args.payloads:
        print("--engine dask reads files, not stdin (-)", file=sys.stderr)
        return 2
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("--engine dask needs the dask extra: pip install 'schemagen[dask]'", file=sys.stderr)
        return 2
    files = expand(args.payloads)
    unmatched = [p for p in args.payloads if "://" not in p and glob.has_magic(p) and not glob.glob(p, recursive=True)]
    missing = unmatched + [p for p in files if "://" not in p and not Path(p).is_file()]
    if missing:
        for path in missing:
            print(f"{path}: no such file", file=sys.stderr)
        return 2
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        jobs = args.jobs or parallel.default_jobs()
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        )
        client = Client(cluster)
    invalid = 0
    try:
        workers = len(client.scheduler_info().get("workers", {})) or 1
        df = frame(files, ValidatorSpec.of(validator), None, parse.fast_available(), workers)
        for future in client.compute(df.to_delayed()):
            part = future.result()
            del future
            for row in part.itertuples(index=False):
                pointer = None if pd.isna(row.pointer) else str(row.pointer)
                out.emit(Reported(row.path, int(row.line), pointer, row.message, row.keyword, row.schema_path))
                invalid += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 1 if invalid else 0
