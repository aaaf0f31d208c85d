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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from generator.diagnostics import one_line

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
        "payloads",
        nargs="+",
        metavar="PAYLOAD",
        help="JSON, JSONL (.jsonl/.ndjson: one payload a line) or YAML files; - reads stdin",
    )


@dataclass(frozen=True)
class Problem:
    """One reported error: where (file, line, instance pointer) and what."""

    file: str
    line: int
    pointer: str | None
    """The instance pointer; None for a payload that could not be parsed at all."""
    message: str
    keyword: str = ""
    schema_path: str = ""


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


def run(args: argparse.Namespace) -> int:
    """Validate every payload; return the exit code."""
    from generator.diagnostics import SchemaError
    from generator.targets.validators import compile_validator
    from generator.validation import PlanError

    try:
        validator = compile_validator(Path(args.schema))
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
    missing = [p for p in args.payloads if p != "-" and not Path(p).is_file()]
    if missing:
        for path in missing:
            print(f"{path}: no such file", file=sys.stderr)
        return 2
    if args.payloads.count("-") > 1:
        print("stdin (-) can be given only once", file=sys.stderr)
        return 2
    if "-" in args.payloads and not _stdin_open():
        print("schemagen validate: error: stdin (-) is closed; pass payload files or pipe payloads in", file=sys.stderr)
        return 2
    out = _Output(args.format, sys.stdout)
    invalid = 0
    for name in args.payloads:
        invalid += _check_input(name, validator.is_valid, validator.iter_errors, out)
    sys.stdout.flush()
    return 1 if invalid else 0


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
    name: str, is_valid: Callable[[Any], bool], iter_errors: Callable[[Any], Iterator[Any]], out: _Output
) -> int:
    """Check one input (file or stdin); return how many payloads in it were invalid."""
    if name == "-":
        stream: BinaryIO = sys.stdin.buffer
        return _check_stream(stream=stream, name="<stdin>", size=0, is_valid=is_valid, iter_errors=iter_errors, out=out)
    path = Path(name)
    size = path.stat().st_size
    with path.open("rb") as stream:
        if path.suffix.lower() in _JSONL_SUFFIXES:
            return _check_jsonl(lines=stream, name=name, size=size, is_valid=is_valid, iter_errors=iter_errors, out=out)
        return _check_document(stream.read(), name, is_valid, iter_errors, out, as_json=path.suffix.lower() == ".json")


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
        lines=_chain(first, stream), name=name, size=size, is_valid=is_valid, iter_errors=iter_errors, out=out
    )


def _not_json(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _strict_loads(raw: bytes) -> Any:
    """``json.loads`` refusing NaN and Infinity, as the ``.json`` reader does: they are not JSON."""
    return json.loads(raw, parse_constant=_not_json)


def _chain(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _check_jsonl(
    *,
    lines: Iterable[bytes],
    name: str,
    size: int,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: _Output,
) -> int:
    """One payload a line, streamed; blank lines are skipped, a line that is not JSON is invalid."""
    loads = _strict_loads
    invalid = 0
    progress = _Progress(name, size)
    show = progress.enabled
    done = 0
    for lineno, raw in enumerate(lines, 1):
        try:
            payload = loads(raw)
        except (ValueError, RecursionError) as exc:
            if not raw.strip():
                continue
            invalid += 1
            out.emit(Problem(name, lineno, None, f"not valid JSON: {_json_reason(exc)}", "json"))
            continue
        try:
            ok = is_valid(payload)
            if not ok:
                for error in iter_errors(payload):
                    out.emit(Problem(name, lineno, error.path, error.message, error.keyword, error.schema_path))
        except RecursionError:
            ok = False
            out.emit(Problem(name, lineno, None, "payload nested too deeply to validate", "depth"))
        if not ok:
            invalid += 1
        if show:
            done += len(raw)
            if not lineno & 4095:
                progress.update(done, lineno)
    progress.close()
    return invalid


def _json_reason(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.pos + 1})"
    return str(exc)


def _check_document(
    data: bytes,
    name: str,
    is_valid: Callable[[Any], bool],
    iter_errors: Callable[[Any], Iterator[Any]],
    out: _Output,
    *,
    as_json: bool,
) -> int:
    """One JSON or YAML document, with the line of every error's value."""
    from generator.diagnostics import SchemaError
    from generator.schema.source import parse_bytes

    try:
        source = parse_bytes(data, name, as_json=as_json)
    except SchemaError as exc:
        for diagnostic in exc.diagnostics:
            out.emit(Problem(name, diagnostic.line or 1, None, _unparsable(diagnostic.message), "parse"))
        return 1
    payload = source.value
    try:
        if is_valid(payload):
            return 0
        for error in iter_errors(payload):
            line, _ = source.where(error.path)
            out.emit(Problem(name, line, error.path, error.message, error.keyword, error.schema_path))
    except RecursionError:
        out.emit(Problem(name, 1, None, "payload nested too deeply to validate", "depth"))
    return 1


def _unparsable(message: str) -> str:
    return message if message.startswith("invalid JSON") else f"not valid JSON/YAML: {message}"


def main(argv: list[str] | None = None) -> int:
    """Run ``validate`` on its own (the ``schemagen validate`` subcommand calls :func:`run`)."""
    parser = argparse.ArgumentParser(prog="schemagen validate", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
