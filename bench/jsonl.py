"""`schemagen validate` on big JSONL files: lines per second and peak RSS (flat memory is the goal).

The file repeats OpenAI's documented Batch example with varied ids (one invalid line in
every 1,000). schemagen runs as a real process over the whole file; the anchor, a plain loop
of python-jsonschema over the same lines, is timed on a sample (it would take many minutes
over a gigabyte) and reported as lines per second.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "batch.yaml"


def write_file(path: Path, megabytes: int) -> int:
    example = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text())
    target = megabytes * 1_000_000
    lines = 0
    with path.open("w") as handle:
        while handle.tell() < target:
            for i in range(1000):
                record = dict(example, id=f"batch_{lines:09d}")
                if i == 999:
                    record["status"] = "paused"
                handle.write(json.dumps(record) + "\n")
                lines += 1
    return lines


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


def run_validate(path: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one `schemagen validate` process.

    Peak RSS is the process's own high-water mark (VmHWM), which, unlike ru_maxrss, does not
    inherit the parent's size across exec.
    """
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "sys.stderr.write(f'\\nRSS {hwm}\\n')\n"
        "raise SystemExit(code)\n"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", probe, "validate", "--schema", str(SCHEMA), "--format", "json", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    rss_kb = int(result.stderr.rsplit("RSS ", 1)[1].split()[0])
    return seconds, rss_kb / 1024, result.returncode


def jsonschema_lines_per_second(path: Path, sample: int = 3000) -> float:
    import jsonschema

    from generator.schema.source import read_source

    validator = jsonschema.Draft202012Validator(read_source(SCHEMA).value)
    with path.open() as handle:
        lines = [next(handle) for _ in range(sample)]
    start = time.perf_counter()
    for line in lines:
        validator.is_valid(json.loads(line))
    return sample / (time.perf_counter() - start)


def main(sizes_mb: tuple[int, ...] = (100, 1000)) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="schemagen-jsonl-") as tmp:
        for megabytes in sizes_mb:
            path = Path(tmp) / f"batches-{megabytes}mb.jsonl"
            lines = write_file(path, megabytes)
            seconds, peak, code = run_validate(path)
            assert code == 1, "one line in a thousand is invalid: exit code 1 expected"
            baseline = jsonschema_lines_per_second(path)
            rows.append({
                "megabytes": os.path.getsize(path) / 1e6, "lines": lines, "seconds": seconds,
                "lines_per_second": lines / seconds, "peak_mb": peak, "jsonschema_lines_per_second": baseline,
            })  # fmt: skip
            path.unlink()
    print("| file | lines | schemagen validate | peak RSS | python-jsonschema loop | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['megabytes']:.0f} MB | {r['lines']:,} | {r['lines_per_second']:,.0f} lines/s ({r['seconds']:.1f} s) "
            f"| {r['peak_mb']:.0f} MB | {r['jsonschema_lines_per_second']:,.0f} lines/s "
            f"| {r['lines_per_second'] / r['jsonschema_lines_per_second']:.0f}x |"
        )
    return rows


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (100, 1000))
