"""Generation time and peak memory against schema size: synthetic schemas of N object types.

Each point is a fresh process (`SCHEMAGEN_NO_CACHE=1`, every target but pydantic), so imports
are included; the fitted exponent of time ~ N^k says how it grows (k = 1 is linear).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBE = """
import sys, time
start = time.perf_counter()
from generator.cli import main
code = main(sys.argv[1:])
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(time.perf_counter() - start, hwm, code)
"""  # VmHWM: this process's own peak RSS (ru_maxrss would inherit the parent's across exec)


def schema(count: int) -> str:
    lines = ["$defs:"]
    for i in range(count):
        lines += [
            f"  T{i}:",
            "    type: object",
            f"    description: Type number {i}.",
            "    required: [id]",
            "    properties:",
            "      id: {type: string}",
            "      count: {type: integer, minimum: 0}",
            f"      next: {{$ref: '#/$defs/T{(i + 1) % count}'}}",
            "      tags: {type: array, items: {type: string}}",
        ]
    return "\n".join(lines) + "\n"


def measure(count: int, work: Path, repeats: int) -> tuple[float, float]:
    path = work / f"s{count}.yaml"
    path.write_text(schema(count))
    times, peaks = [], []
    env = dict(os.environ, SCHEMAGEN_NO_CACHE="1")
    for _ in range(repeats):
        out = work / f"out{count}"
        targets = [
            "--target",
            "dataclasses",
            "--target",
            "typeddicts",
            "--target",
            "validators",
            "--target",
            "jsonschema",
        ]
        cmd = [sys.executable, "-c", PROBE, "generate", str(path), "--out", str(out), *targets]
        result = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, check=True)
        seconds, rss_kb, _ = result.stdout.strip().splitlines()[-1].split()
        times.append(float(seconds))
        peaks.append(int(rss_kb) / 1024)
    return statistics.median(times), max(peaks)


def main(sizes: tuple[int, ...] = (10, 100, 1000, 10000)) -> list[dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="schemagen-scaling-") as tmp:
        rows = []
        for count in sizes:
            seconds, peak = measure(count, Path(tmp), 3 if count < 10000 else 1)
            rows.append({"types": count, "seconds": seconds, "peak_mb": peak})
    # Growth between consecutive sizes: time(N2)/time(N1) = (N2/N1)^k; k near 1 is linear.
    steps = [
        (a["types"], b["types"], math.log(b["seconds"] / a["seconds"]) / math.log(b["types"] / a["types"]))
        for a, b in itertools.pairwise(rows)
    ]
    print("| types | median wall | peak RSS |")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {row['types']:,} | {row['seconds']:.2f} s | {row['peak_mb']:.0f} MB |")
    print()
    for low, high, k in steps:
        print(f"- {low:,} → {high:,} types: time grows as N^{k:.2f}")
    return rows


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or (10, 100, 1000, 10000)
    print(json.dumps(main(sizes)))
