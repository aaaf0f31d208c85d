"""``schemagen validate``: check payload files (JSON, JSONL, YAML or stdin) against a schema.

Every error is one line, ``file:line: /json/pointer: message`` (``--format text``), a JSON
object per line (``--format json``) or a GitHub workflow annotation (``--format github``).
JSONL is streamed a line at a time, so memory stays flat however large the file; a line that
is not JSON is reported at its line and the run goes on. Exit codes: 0 every payload is valid,
1 some payload is invalid (or unreadable as JSON/YAML), 2 a usage or schema error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from generator.diagnostics import one_line
from generator.payloads.document import Problem
from generator.payloads.document import check_document as _check_document

if TYPE_CHECKING:
    from generator.payloads.parallel import Workers

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_PROGRESS_BYTES = 64 * 1024 * 1024
"""Inputs at least this large show a progress line on stderr (when stderr is a terminal)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``validate`` options, on the subcommand parser the CLI gives us."""
    parser.add_argument("--schema", required=True, metavar="SCHEMA", help="the schema file (JSON or YAML)")
    parser.add_argument("--type", metavar="TYPE", help="validate against this $defs entry instead of the root")
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text: file:line: /pointer: message; json: one JSON object per error; github: workflow annotations",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="worker processes for JSONL files, each file split at line boundaries (default: the number of cores)",
    )
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local processes, or a Dask cluster"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="the Dask scheduler (--engine dask; default: a local cluster)"
    )
    parser.add_argument(
        "payloads",
        nargs="+",
        metavar="PAYLOAD",
        help="JSON, JSONL (.jsonl/.ndjson: one payload a line) or YAML files; - reads stdin",
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


class _Output:
    """Writes problems in the chosen format."""

    def __init__(self, fmt: str, stream: IO[str]) -> None:
        self.fmt = fmt
        self.stream = stream
        self.count = 0

    def emit(self, problem: Problem) -> None:
        self.count += 1
        shown = "" if problem.pointer is None else (problem.pointer or "/") + ": "
        if self.fmt == "json":
            record = {
                "file": problem.file,
                "line": problem.line,
                "path": problem.pointer,
                "message": problem.message,
                "keyword": problem.keyword,
                "schema_path": problem.schema_path,
            }
            text = json.dumps(record, ensure_ascii=False)
            if _SURROGATE.search(text):  # a lone surrogate in a key or value: not encodable as UTF-8
                text = json.dumps(record)
            self.stream.write(_JSON_BREAKS.sub(_escape, text) + "\n")
        elif self.fmt == "github":
            props = f"file={_gh_property(problem.file)},line={problem.line}"
            self.stream.write(f"::error {props}::{one_line(_gh_data(shown + problem.message))}\n")
        else:
            self.stream.write(one_line(f"{problem.file}:{problem.line}: {shown}{problem.message}") + "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to ``str.splitlines`` that ``json.dumps(ensure_ascii=False)`` leaves as they are."""


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return one_line(_gh_data(text)).replace(":", "%3A").replace(",", "%2C")


class _Progress:
    """A progress line on stderr, for large inputs when stderr is a terminal."""

    def __init__(self, name: str, total: int) -> None:
        self.name = name
        self.total = total
        self.enabled = total >= _PROGRESS_BYTES and sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, done: int, records: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.5:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9) / 1e6
        percent = 100.0 * done / self.total if self.total else 0.0
        sys.stderr.write(f"\r{self.name}: {percent:5.1f}%  {records} payloads  {rate:.0f} MB/s")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _reading(args: argparse.Namespace) -> dict[str, Any]:
    """How the schema is read, as ``generate`` reads it: ``[tool.schemagen]`` (``default-dialect``,
    ``ref-map``, ``root``), then the flags; vendored copies are read, nothing is downloaded."""
    from generator.config import load_settings

    flags = {name: getattr(args, name, None) for name in ("default_dialect", "ref_map", "root")}
    flags["schemas"] = [args.schema]
    config = getattr(args, "config", None)
    settings = load_settings(Path(config) if config else None, flags)
    return {
        "default_dialect": settings.default_dialect,
        "root": settings.root,
        "ref_map": dict(settings.ref_map),
    }


def run(args: argparse.Namespace) -> int:
    """Validate every payload; return the exit code."""
    from generator.diagnostics import SchemaError
    from generator.targets.validators import compile_validator
    from generator.validation import PlanError

    try:
        validator = compile_validator(Path(args.schema), **_reading(args))
    except SchemaError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 2
    except (PlanError, ImportError) as exc:
        print(f"{args.schema}: cannot build a validator: {exc}", file=sys.stderr)
        return 2
    except RecursionError:
        from generator.api import too_deep
        from generator.settings import Settings

        for diagnostic in too_deep(Settings(schemas=(Path(args.schema),))).diagnostics:
            print(diagnostic, file=sys.stderr)
        return 2
    if args.type:
        try:
            validator = validator.for_type(args.type)
        except KeyError:
            known = ", ".join(validator.types) or "none"
            print(f"{args.schema}: no $defs entry {args.type!r} (the schema defines: {known})", file=sys.stderr)
            return 2
    local = args.engine == "local"  # the dask engine expands globs and URLs itself
    missing = [p for p in args.payloads if local and p != "-" and not Path(p).is_file()]
    if missing:
        for path in missing:
            print(
                f"{path}: {'is a directory, not a payload file' if Path(path).is_dir() else 'no such file'}",
                file=sys.stderr,
            )
        return 2
    if args.payloads.count("-") > 1:
        print("stdin (-) can be given only once", file=sys.stderr)
        return 2
    if "-" in args.payloads and not _stdin_open():
        print("schemagen validate: error: stdin (-) is closed; pass payload files or pipe payloads in", file=sys.stderr)
        return 2
    out = _Output(args.format, sys.stdout)
    if args.engine == "dask":
        from generator.dask import run_cli

        status: int = run_cli(args, validator, out)
        return status
    from generator.payloads import parallel, parse, spec

    invalid = 0
    jobs = args.jobs or parallel.default_jobs()
    jsonl = [(p, Path(p).stat().st_size) for p in args.payloads if p != "-" and _is_jsonl(p)]
    with parallel.Workers(spec.ValidatorSpec.of(validator), jobs, parse.fast_available(), jsonl) as workers:
        for name in args.payloads:
            invalid += _check_input(name, validator.is_valid, validator.iter_errors, out, workers)
    sys.stdout.flush()
    return 1 if invalid else 0


def _is_jsonl(name: str) -> bool:
    return Path(name).suffix.lower() in _JSONL_SUFFIXES


def _stdin_open() -> bool:
    """Whether there is a stdin to read (a closed file descriptor 0 leaves ``sys.stdin`` None)."""
    import os

    if sys.stdin is None or sys.stdin.closed:
        return False
    try:
        descriptor = sys.stdin.fileno()
    except (OSError, ValueError):  # an in-memory stream (tests, embedding): it is open
        return True
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def _check_input(
    name: str,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: _Output,
    workers: Workers,
) -> int:
    """Check one input (file or stdin); return how many payloads in it were invalid."""
    if name == "-":
        stream: BinaryIO = sys.stdin.buffer
        return _check_stream(stream=stream, name="<stdin>", size=0, is_valid=is_valid, iter_errors=iter_errors, out=out)
    path = Path(name)
    size = path.stat().st_size
    if workers.wanted(name):
        progress = _Progress(name, size)
        invalid = workers.check_file(_emitter(name, out), progress.update)
        progress.close()
        return invalid
    with path.open("rb") as stream:
        if path.suffix.lower() in _JSONL_SUFFIXES:
            return _check_jsonl(lines=stream, name=name, size=size, is_valid=is_valid, iter_errors=iter_errors, out=out)
        return _check_document(stream.read(), name, is_valid, iter_errors, out, as_json=path.suffix.lower() == ".json")


def _emitter(name: str, out: _Output) -> Callable[[int, Any], None]:
    def emit(line: int, problem: Any) -> None:
        out.emit(Problem(name, line, *problem[1:]))

    return emit


def _check_stream(
    *,
    stream: BinaryIO,
    name: str,
    size: int,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: _Output,
) -> int:
    """stdin: JSONL when its first line is a whole JSON value, else one JSON or YAML document."""
    first = stream.readline()
    try:
        json.loads(first)  # NaN and Infinity too: such a line is JSONL, and invalid there
    except ValueError:
        return _check_document(first + stream.read(), name, is_valid, iter_errors, out, as_json=False)
    return _check_jsonl(
        lines=stream, name=name, size=size, is_valid=is_valid, iter_errors=iter_errors, out=out, first=first
    )


def _check_jsonl(
    *,
    lines: BinaryIO,
    name: str,
    size: int,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: _Output,
    first: bytes = b"",
) -> int:
    """One payload a line, streamed in chunks (``generator.payloads``); blank lines are skipped."""
    from itertools import chain

    from generator.payloads import parallel, parse

    progress = _Progress(name, size)
    chunks = chain([first] if first else [], parallel.read_chunks(lines))
    functions = (is_valid, iter_errors)
    invalid = parallel.check_stream(chunks, functions, parse.fast_available(), _emitter(name, out), progress.update)
    progress.close()
    return invalid


def main(argv: list[str] | None = None) -> int:
    """Run ``validate`` on its own (the ``schemagen validate`` subcommand calls :func:`run`)."""
    parser = argparse.ArgumentParser(prog="schemagen validate", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
