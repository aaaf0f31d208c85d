"""`schemagen validate` at scale: lines per second against plain loops, `--jobs`, Dask, and peak RSS.

The file holds Batch input lines (``BatchRequestInput``), one invalid line in every 1,000.
schemagen runs as real processes over the whole file; the anchors are in-process loops over
the same file (orjson alone, orjson + jsonschema-rs, json.loads; python-jsonschema on a sample,
it would take many minutes over a gigabyte). Peak RSS is measured on 100 MB and on 1 GB.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "batch.yaml"


QUESTIONS = (
    "What is the capital of France, and what is it best known for?",
    "Summarize the plot of Hamlet in three sentences for a high-school student.",
    "Translate 'the weather is lovely today' into German, Spanish and Japanese.",
    "Write a haiku about a lighthouse keeper who has never seen the sea.",
)


def write_requests(path: Path, megabytes: int) -> int:
    """Batch input lines (``BatchRequestInput``), about 600 bytes each; every 1,000th says ``"GET"``."""
    target = megabytes * 1_000_000
    lines = 0
    system = "You are a careful assistant. Answer briefly, cite no sources, and say so when you are unsure. " * 2
    with path.open("w") as handle:
        while handle.tell() < target:
            block = []
            for i in range(1000):
                body = {
                    "model": "gpt-4o-mini",
                    "messages": [
                        {"role": "system", "content": system},
                        {"role": "user", "content": f"{QUESTIONS[lines % 4]} (request {lines})"},
                    ],
                    "max_tokens": 1000,
                    "temperature": 0.2,
                }
                method = "GET" if i == 999 else "POST"
                record = {
                    "custom_id": f"request-{lines}",
                    "method": method,
                    "url": "/v1/chat/completions",
                    "body": body,
                }
                block.append(json.dumps(record))
                lines += 1
            handle.write("\n".join(block) + "\n")
    return lines


Run = tuple[float, float, float, float, int]
"""(whole-process seconds, seconds checking the inputs, peak RSS MB, largest worker's peak RSS MB, exit code)."""

PROBE = """\
import resource, sys, time
from generator import validate_cli
from generator.cli import main
check, spent = validate_cli._check_input, [0.0]
def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return check(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start
validate_cli._check_input = timed
code = main(sys.argv[1:])
hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f'\\nRSS {hwm} {kids} {spent[0]}\\n')
raise SystemExit(code)
"""


def run_validate(path: Path, *options: str) -> Run:
    """One `schemagen validate --type BatchRequestInput` process over ``path``.

    Besides the wall time of the whole process, the probe times the checking of the inputs
    alone (``validate_cli._check_input``: reading, parsing, validating, starting the workers,
    writing the errors), leaving out the imports and compiling the validator. Peak RSS is the
    process's own high-water mark (VmHWM), which, unlike ru_maxrss, does not inherit the
    parent's size across exec; the workers' is ru_maxrss of the reaped children.
    """
    argv = ["validate", "--schema", str(SCHEMA), "--type", "BatchRequestInput", "--format", "json", *options]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    own, kids, checking = result.stderr.rsplit("RSS ", 1)[1].split()[:3]
    return seconds, float(checking), int(own) / 1024, int(kids) / 1024, result.returncode


def jsonschema_lines_per_second(path: Path, sample: int = 3000) -> float:
    import jsonschema

    from generator.schema.source import read_source

    contents = read_source(SCHEMA).value
    validator = jsonschema.Draft202012Validator({**contents, "$ref": "#/$defs/BatchRequestInput"})
    with path.open() as handle:
        lines = [next(handle) for _ in range(sample)]
    start = time.perf_counter()
    for line in lines:
        validator.is_valid(json.loads(line))
    return sample / (time.perf_counter() - start)


def loops(path: Path) -> dict[str, float]:
    """Lines per second of plain in-process loops over the file, one line at a time (one pass each)."""
    import jsonschema_rs
    import orjson

    from generator import compile_validator
    from generator.schema.source import read_source

    contents = read_source(SCHEMA).value
    rust = jsonschema_rs.validator_for({**contents, "$ref": "#/$defs/BatchRequestInput"})
    ours = compile_validator(SCHEMA).for_type("BatchRequestInput")
    cases = {
        "json.loads": json.loads,
        "orjson.loads": orjson.loads,
        "orjson.loads + jsonschema-rs is_valid": lambda raw: rust.is_valid(orjson.loads(raw)),
        "orjson.loads + schemagen's generated is_valid": lambda raw: ours.is_valid(orjson.loads(raw)),
    }
    rates = {}
    for name, step in cases.items():
        start, count = time.perf_counter(), 0
        with path.open("rb") as handle:
            for raw in handle:
                step(raw)
                count += 1
        rates[name] = count / (time.perf_counter() - start)
    return rates


def dask_and_jobs(path: Path, workers: int, repeats: int) -> tuple[list[float], list[Run]]:
    """Seconds of Dask on a warm LocalCluster of worker processes, alternating with `--jobs` runs.

    The validator is compiled once here, as the `--jobs` checking times leave compiling out.
    """
    import logging

    from distributed import Client, LocalCluster

    from generator import compile_validator
    from generator import dask as gdask
    from generator.payloads.spec import ValidatorSpec

    size = path.stat().st_size
    spec = ValidatorSpec.of(compile_validator(SCHEMA).for_type("BatchRequestInput"))
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)  # fmt: skip
    try:
        with Client(cluster) as client:
            client.run(lambda: __import__("pandas"))  # each worker's first dataframe imports pandas

            def once() -> float:
                start = time.perf_counter()
                errors = gdask.frame([str(path)], spec, size // (4 * workers) + 1, fast=True)
                assert len(errors.compute()) > 0
                return time.perf_counter() - start

            once()  # warm: the validator compiled in each worker, the file in the page cache
            dask_times, jobs_runs = [], []
            for _ in range(repeats):
                dask_times.append(once())
                jobs_runs.append(run_validate(path, "--jobs", str(workers)))
            return dask_times, jobs_runs
    finally:
        cluster.close()


def scale(big_mb: int = 1000, repeats: int = 3) -> tuple[str, list[tuple[str, float, float | None]]]:
    """The payload-validation-at-scale section: loops, --jobs 1 and 2, Dask, RSS on 100 MB and ``big_mb``.

    The loops and the `validate` processes alternate, ``repeats`` rounds; figures are medians.
    """
    workers = 2
    median = statistics.median
    with tempfile.TemporaryDirectory(prefix="schemagen-jsonl-") as tmp:
        small = Path(tmp) / "requests-100mb.jsonl"
        lines = write_requests(small, 100)
        rounds: dict[str, list[float]] = {}
        ones: list[Run] = []
        twos: list[Run] = []
        for _ in range(repeats):
            for name, rate in loops(small).items():
                rounds.setdefault(name, []).append(rate)
            ones.append(run_validate(small, "--jobs", "1"))
            twos.append(run_validate(small, "--jobs", str(workers)))
        dask_times, beside_runs = dask_and_jobs(small, workers, repeats)
        slow_rate = jsonschema_lines_per_second(small)
        assert {r[4] for r in ones + twos + beside_runs} == {1}, "one line in 1,000 is invalid: exit 1 expected"
        rss = {100: (max(ones, key=lambda r: r[2]), max(twos, key=lambda r: r[2] + r[3]))}
        big_lines = 0
        if big_mb:
            small.unlink()
            big = Path(tmp) / f"requests-{big_mb}mb.jsonl"
            big_lines = write_requests(big, big_mb)
            rss[big_mb] = (run_validate(big, "--jobs", "1"), run_validate(big, "--jobs", str(workers)))
    rates = {name: median(values) for name, values in rounds.items()}
    anchor = rates["orjson.loads + jsonschema-rs is_valid"]
    one_rate, two_rate = lines / median([r[1] for r in ones]), lines / median([r[1] for r in twos])
    one_whole, two_whole = lines / median([r[0] for r in ones]), lines / median([r[0] for r in twos])
    dask_rate, beside = lines / median(dask_times), lines / median([r[1] for r in beside_runs])
    rows = [
        "| case | lines/s | ratio |",
        "| --- | --- | --- |",
        *(f"| loop: {name} | {rate:,.0f} | {rate / anchor:.2f}x of orjson + jsonschema-rs |"
          for name, rate in rates.items()),
        f"| loop: python-jsonschema (json.loads + is_valid, 3,000-line sample) | {slow_rate:,.0f} "
        f"| {slow_rate / anchor:.3f}x of orjson + jsonschema-rs |",
        f"| `schemagen validate --jobs 1` | {one_rate:,.0f} | **{one_rate / anchor:.2f}x** of orjson + jsonschema-rs "
        f"(goal ≥ 1.0x); {one_rate / rates['json.loads']:.2f}x of the `json.loads` loop |",
        f"| `schemagen validate --jobs {workers}` | {two_rate:,.0f} | **{two_rate / one_rate:.2f}x** of `--jobs 1` "
        "(goal ≥ 1.7x) |",
        f"| `generator.dask.validate`, local cluster of {workers} worker processes | {dask_rate:,.0f} "
        f"| **{dask_rate / beside:.2f}x** of `--jobs {workers}` in the same rounds ({beside:,.0f} lines/s; "
        "goal ≥ 0.8x) |",
        f"| `schemagen validate --jobs 1`, whole process | {one_whole:,.0f} | {one_whole / anchor:.2f}x of orjson "
        "+ jsonschema-rs |",
        f"| `schemagen validate --jobs {workers}`, whole process | {two_whole:,.0f} | {two_whole / one_whole:.2f}x "
        "of `--jobs 1`, whole process |",
    ]  # fmt: skip
    memory = [
        f"| file | lines | `--jobs 1` peak RSS | `--jobs {workers}` peak RSS: parent / largest worker |",
        "| --- | --- | --- | --- |",
    ]
    for megabytes, (j1, j2) in rss.items():
        count = lines if megabytes == 100 else big_lines
        memory.append(f"| {megabytes:,} MB | {count:,} | {j1[2]:.0f} MB ({j1[0]:.1f} s) "
                      f"| {j2[2]:.0f} MB / {j2[3]:.0f} MB ({j2[0]:.1f} s) |")  # fmt: skip
    bars: list[tuple[str, float, float | None]] = [
        ("validate --jobs 1 time / orjson+jsonschema-rs loop", anchor / one_rate, 1.0),
        ("validate --jobs 2 time / --jobs 1", one_rate / two_rate, 1 / 1.7),
        ("Dask local cluster time / --jobs 2", beside / dask_rate, 1 / 0.8),
    ]
    text = (
        f"On {lines:,} Batch input lines (`--type BatchRequestInput`, 100 MB, one invalid line in 1,000), all in "
        f"one run: {repeats} rounds of every loop and `validate` process in alternation, medians. The loops run "
        "in-process, one line at a time, over the same file. `validate` lines/s count the time the process spends "
        "checking its inputs (reading, parsing, validating, starting the workers, writing the errors), not its "
        "imports and compiling the validator (about 1 s); the whole-process rows include those. Dask runs on a "
        "warm local cluster, alternating with `--jobs` runs.\n\n"
        + "\n".join(rows)
        + "\n\n### Peak memory\n\n"
        + "\n".join(memory)
    )
    return text, bars


def main(sizes_mb: tuple[int, ...] = (100, 1000)) -> None:
    text, _ = scale(big_mb=max(sizes_mb) if max(sizes_mb) > 100 else 0)
    print(text)


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (100, 1000))
