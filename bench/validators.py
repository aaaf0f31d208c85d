"""Validator benchmark: schemagen's generated Batch validator against its peers, in one process.

Two workloads on the Batch schema (schemas/batch.yaml):

* ``is_valid`` on OpenAI's documented Batch example (tests/fixtures/batch_example.json);
* the full error list of an invalid Batch with exactly 3 errors.

Peers: python-jsonschema, fastjsonschema, jsonschema-rs (each optional: missing ones are
reported as such) and a careful hand-written pure-Python check of the same schema, which
marks the practical limit for Python code. Every contender runs in alternation, round after
round, and the table reports the median time per call and its ratio to the hand-written check.

Run: ``python bench/validators.py`` (or ``make bench``); ``--rounds N`` for more precision.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCHEMA = ROOT / "schemas" / "batch.yaml"
EXAMPLE = ROOT / "tests" / "fixtures" / "batch_example.json"

# ---- the hand-written check (the practical limit for pure Python) ---------------------------
_REQUIRED = frozenset({"id", "object", "endpoint", "input_file_id", "completion_window", "status", "created_at"})
_STATUSES = frozenset(
    {"validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"}
)
_STATUS_LIST = repr(
    ["validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"]
)
_NULLABLE_INTS = (
    "in_progress_at",
    "expires_at",
    "finalizing_at",
    "completed_at",
    "failed_at",
    "expired_at",
    "cancelling_at",
    "cancelled_at",
)


def _is_int(v: Any) -> bool:
    return type(v) is int or (type(v) is float and v.is_integer())


def hand_is_valid(x: Any) -> bool:
    """A careful hand-written is-valid check of the Batch schema."""
    if type(x) is not dict or not x.keys() >= _REQUIRED:
        return False
    if type(x["id"]) is not str or x["object"] != "batch" or type(x["object"]) is not str:
        return False
    if type(x["endpoint"]) is not str or type(x["input_file_id"]) is not str:
        return False
    if type(x["completion_window"]) is not str:
        return False
    status = x["status"]
    if type(status) is not str or status not in _STATUSES:
        return False
    if not _is_int(x["created_at"]):
        return False
    for key in ("output_file_id", "error_file_id"):
        v = x.get(key)
        if v is not None and type(v) is not str:
            return False
    for key in _NULLABLE_INTS:
        v = x.get(key)
        if v is not None and not _is_int(v):
            return False
    errors = x.get("errors")
    if errors is not None:
        if type(errors) is not dict:
            return False
        if "object" in errors and type(errors["object"]) is not str:
            return False
        if "data" in errors:
            data = errors["data"]
            if type(data) is not list:
                return False
            for item in data:
                if type(item) is not dict:
                    return False
                for key in ("code", "message"):
                    if key in item and type(item[key]) is not str:
                        return False
                param = item.get("param")
                if param is not None and type(param) is not str:
                    return False
                line = item.get("line")
                if line is not None and not _is_int(line):
                    return False
    counts = x.get("request_counts")
    if counts is not None:
        if type(counts) is not dict or not counts.keys() >= {"total", "completed", "failed"}:
            return False
        if not (_is_int(counts["total"]) and _is_int(counts["completed"]) and _is_int(counts["failed"])):
            return False
    metadata = x.get("metadata")
    if metadata is not None:
        if type(metadata) is not dict or len(metadata) > 16:
            return False
        for key, value in metadata.items():
            if len(key) > 64 or type(value) is not str or len(value) > 512:
                return False
    return True


def hand_errors(x: Any) -> list[tuple[str, str]]:
    """A careful hand-written all-errors check: (JSON pointer, message) for every error."""
    out: list[tuple[str, str]] = []
    if type(x) is not dict:
        return [("", f"{x!r} is not of type 'object'")]
    for key in sorted(_REQUIRED - x.keys()):
        out.append(("", f"{key!r} is a required property"))
    for key in ("id", "endpoint", "input_file_id", "completion_window"):
        if key in x and type(x[key]) is not str:
            out.append((f"/{key}", f"{x[key]!r} is not of type 'string'"))
    if "object" in x and (type(x["object"]) is not str or x["object"] != "batch"):
        out.append(("/object", f"{x['object']!r} is not one of ['batch']"))
    if "status" in x and (type(x["status"]) is not str or x["status"] not in _STATUSES):
        out.append(("/status", f"{x['status']!r} is not one of {_STATUS_LIST}"))
    if "created_at" in x and not _is_int(x["created_at"]):
        out.append(("/created_at", f"{x['created_at']!r} is not of type 'integer'"))
    for key in ("output_file_id", "error_file_id"):
        v = x.get(key)
        if v is not None and type(v) is not str:
            out.append((f"/{key}", f"{v!r} is not of type 'string', 'null'"))
    for key in _NULLABLE_INTS:
        v = x.get(key)
        if v is not None and not _is_int(v):
            out.append((f"/{key}", f"{v!r} is not of type 'integer', 'null'"))
    errors = x.get("errors")
    if errors is not None:
        if type(errors) is not dict:
            out.append(("/errors", f"{errors!r} is not of type 'object'"))
        else:
            if "object" in errors and type(errors["object"]) is not str:
                out.append(("/errors/object", f"{errors['object']!r} is not of type 'string'"))
            data = errors.get("data")
            if "data" in errors and type(data) is not list:
                out.append(("/errors/data", f"{data!r} is not of type 'array'"))
            elif type(data) is list:
                for i, item in enumerate(data):
                    if type(item) is not dict:
                        out.append((f"/errors/data/{i}", f"{item!r} is not of type 'object'"))
                        continue
                    for key in ("code", "message"):
                        if key in item and type(item[key]) is not str:
                            out.append((f"/errors/data/{i}/{key}", f"{item[key]!r} is not of type 'string'"))
                    param = item.get("param")
                    if param is not None and type(param) is not str:
                        out.append((f"/errors/data/{i}/param", f"{param!r} is not of type 'string', 'null'"))
                    line = item.get("line")
                    if line is not None and not _is_int(line):
                        out.append((f"/errors/data/{i}/line", f"{line!r} is not of type 'integer', 'null'"))
    counts = x.get("request_counts")
    if counts is not None:
        if type(counts) is not dict:
            out.append(("/request_counts", f"{counts!r} is not of type 'object'"))
        else:
            for key in ("total", "completed", "failed"):
                if key not in counts:
                    out.append(("/request_counts", f"{key!r} is a required property"))
                elif not _is_int(counts[key]):
                    out.append((f"/request_counts/{key}", f"{counts[key]!r} is not of type 'integer'"))
    metadata = x.get("metadata")
    if metadata is not None:
        if type(metadata) is not dict:
            out.append(("/metadata", f"{metadata!r} is not of type 'object'"))
        else:
            if len(metadata) > 16:
                out.append(("/metadata", f"{metadata!r} has too many properties"))
            for key, value in metadata.items():
                if len(key) > 64:
                    out.append(("/metadata", f"{key!r} is too long"))
                if type(value) is not str:
                    out.append((f"/metadata/{key}", f"{value!r} is not of type 'string'"))
                elif len(value) > 512:
                    out.append((f"/metadata/{key}", f"{value!r} is too long"))
    return out


# ---- workloads ---------------------------------------------------------------------------------
def payloads() -> tuple[Any, Any]:
    """The documented example, and a copy of it with exactly 3 errors."""
    valid = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    invalid = copy.deepcopy(valid)
    invalid["status"] = "done"  # not one of the statuses
    invalid["request_counts"]["failed"] = "5"  # not an integer
    invalid["metadata"] = {"note": "x" * 600}  # longer than 512 characters
    return valid, invalid


def contenders(
    schema: dict[str, Any],
) -> Iterator[tuple[str, Callable[[Any], bool] | None, Callable[[Any], Any] | None]]:
    """(name, is_valid, all_errors) per contender; None where the peer is not installed."""
    from generator import compile_validator

    ours = compile_validator(SCHEMA)
    yield "schemagen (generated)", ours.is_valid, lambda x: [(e.path, e.message) for e in ours.iter_errors(x)]
    yield "hand-written", hand_is_valid, hand_errors
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - a dependency of schemagen itself
        yield "python-jsonschema", None, None
    else:
        checker = jsonschema.Draft202012Validator(schema)
        yield "python-jsonschema", checker.is_valid, lambda x: list(checker.iter_errors(x))
    try:
        import fastjsonschema
    except ImportError:
        yield "fastjsonschema", None, None
    else:
        fast = fastjsonschema.compile(schema)

        def fast_valid(x: Any) -> bool:
            try:
                fast(x)
            except fastjsonschema.JsonSchemaException:
                return False
            return True

        # fastjsonschema stops at the first error: its "all errors" is that one error.
        yield "fastjsonschema", fast_valid, fast_valid
    msgspec_valid = msgspec_contender()
    # msgspec stops at the first error too: its "all errors" is that one error.
    yield "msgspec (hand-declared Structs)", msgspec_valid, msgspec_valid
    try:
        import jsonschema_rs
    except ImportError:
        yield "jsonschema-rs", None, None
    else:
        rs = jsonschema_rs.validator_for(schema)
        yield "jsonschema-rs", rs.is_valid, lambda x: list(rs.iter_errors(x))


try:  # msgspec's Structs, declared by hand with the schema's constraints (module level: msgspec resolves
    # the string annotations of `from __future__ import annotations` in the module's globals).
    import msgspec
except ImportError:  # pragma: no cover - a bench extra
    msgspec = None
else:
    from typing import Annotated, Literal

    _Key = Annotated[str, msgspec.Meta(max_length=64)]
    _Value = Annotated[str, msgspec.Meta(max_length=512)]
    _Metadata = Annotated[dict[_Key, _Value], msgspec.Meta(max_length=16)]
    _Status = Literal[
        "validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"
    ]

    class _BatchData(msgspec.Struct):
        code: str | None = None
        message: str | None = None
        param: str | None = None
        line: int | None = None

    class _Errors(msgspec.Struct):
        object: str | None = None
        data: list[_BatchData] | None = None

    class _RequestCounts(msgspec.Struct):
        total: int
        completed: int
        failed: int

    class _Batch(msgspec.Struct):
        id: str
        object: Literal["batch"]
        endpoint: str
        input_file_id: str
        completion_window: str
        status: _Status
        created_at: int
        errors: _Errors | None = None
        output_file_id: str | None = None
        error_file_id: str | None = None
        in_progress_at: int | None = None
        expires_at: int | None = None
        finalizing_at: int | None = None
        completed_at: int | None = None
        failed_at: int | None = None
        expired_at: int | None = None
        cancelling_at: int | None = None
        cancelled_at: int | None = None
        request_counts: _RequestCounts | None = None
        metadata: _Metadata | None = None


def msgspec_contender() -> Callable[[Any], bool] | None:
    """msgspec.convert into the hand-declared Structs, or None when msgspec is not installed."""
    if msgspec is None:
        return None

    def is_valid(x: Any) -> bool:
        try:
            msgspec.convert(x, _Batch)
        except msgspec.ValidationError:
            return False
        return True

    return is_valid


def measure(fn: Callable[[Any], Any], payload: Any, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn(payload)
    return (time.perf_counter() - start) / number


def run(rounds: int = 15, target: float = 0.02) -> list[tuple[str, float | None, float | None]]:
    """Median seconds per call of (is_valid on the example, all errors on the invalid Batch)."""
    from generator.schema.source import read_source

    schema = read_source(SCHEMA).value
    assert isinstance(schema, dict)
    valid, invalid = payloads()
    entries = list(contenders(schema))
    entries = [(name, v, e) for name, v, e in entries if not (name.startswith("msgspec") and v is None)]
    for name, is_valid, _ in entries:
        if is_valid is not None:
            assert is_valid(valid), f"{name} rejects the documented example"
            assert not is_valid(invalid), f"{name} accepts the invalid Batch"
    assert len(hand_errors(invalid)) == 3, hand_errors(invalid)
    numbers: dict[tuple[str, str], int] = {}
    samples: dict[tuple[str, str], list[float]] = {}
    for name, is_valid, errors in entries:
        for kind, fn, payload in (("valid", is_valid, valid), ("errors", errors, invalid)):
            if fn is None:
                continue
            once = max(measure(fn, payload, 3), 1e-8)
            numbers[(name, kind)] = max(1, int(target / once))
            samples[(name, kind)] = []
    for _ in range(rounds):  # in alternation: every contender once per round
        for name, is_valid, all_errors in entries:
            for kind, fn, payload in (("valid", is_valid, valid), ("errors", all_errors, invalid)):
                if fn is not None:
                    samples[(name, kind)].append(measure(fn, payload, numbers[(name, kind)]))
    results = []
    for name, _, _ in entries:
        v = samples.get((name, "valid"))
        e = samples.get((name, "errors"))
        results.append((name, statistics.median(v) if v else None, statistics.median(e) if e else None))
    return results


def jsonl_throughput(lines: int = 20000, rounds: int = 7) -> tuple[float, float]:
    """(MB/s of `schemagen validate` on JSONL, MB/s of json.loads alone), medians, same lines, in alternation."""
    import io

    from generator import compile_validator, validate_cli

    valid, _ = payloads()
    data = (json.dumps(valid) + "\n").encode() * lines
    validator = compile_validator(SCHEMA)
    sink = validate_cli._Output("text", io.StringIO())

    def parse_only() -> None:
        loads = json.loads
        for raw in io.BytesIO(data):
            loads(raw)

    def validate() -> None:
        validate_cli._check_jsonl(
            lines=io.BytesIO(data),
            name="bench.jsonl",
            size=len(data),
            is_valid=validator.is_valid,
            iter_errors=validator.iter_errors,
            out=sink,
        )

    parse_times, validate_times = [], []
    for _ in range(rounds):
        for fn, times in ((parse_only, parse_times), (validate, validate_times)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    size = len(data) / 1e6
    return size / statistics.median(validate_times), size / statistics.median(parse_times)


def table(results: list[tuple[str, float | None, float | None]]) -> str:
    hand = next(r for r in results if r[0] == "hand-written")

    def cell(value: float | None, base: float | None) -> str:
        if value is None or base is None:
            return "not installed"
        return f"{value * 1e6:.2f} µs ({value / base:.2f}x)"

    lines = [
        "| validator | `is_valid`, documented example | all errors, invalid Batch (3 errors) |",
        "|---|---|---|",
    ]
    for name, valid, errors in results:
        lines.append(f"| {name} | {cell(valid, hand[1])} | {cell(errors, hand[2])} |")
    lines.append("")
    lines.append("Times are medians per call; ratios are to the hand-written check. fastjsonschema and msgspec")
    lines.append("stop at the first error, so their all-errors column times one error, not three; msgspec's")
    lines.append("Structs are declared by hand (it reads no JSON Schema).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    print(table(run(args.rounds)))
    ours, parse = jsonl_throughput()
    print()
    print("| `schemagen validate`, JSONL of the documented example | throughput |")
    print("|---|---|")
    print(f"| json.loads alone | {parse:.0f} MB/s |")
    print(f"| parse + validate | {ours:.0f} MB/s ({ours / parse:.2f}x of parsing alone) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
