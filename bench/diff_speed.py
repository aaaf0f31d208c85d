"""`schemagen diff` against `schemagen generate` on the whole OpenAI document (issue 13, item 6).

The NEW version is a copy of ../shared/reference/openapi/openai-openapi.yaml with one change
(the enum value ``cancelled`` dropped from ``Batch.status``). Both commands run as subprocesses,
each with a fresh cache directory (``cold``: meta-validation and templates from scratch) and
again with a cache that already holds the OLD document's results (``warm``). Prints medians.

    ./.venv/bin/python bench/diff_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OPENAI = REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml"
SCHEMAGEN = Path(sys.executable).parent / "schemagen"


def one_change(text: str) -> str:
    start = text.index("    Batch:\n      type: object")
    gone = "            - cancelled\n"
    at = text.index(gone, start)
    return text[:at] + text[at + len(gone) :]


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of the same runs: steadier than wall time on a shared machine."""


def timed(args: list[str], cache: str, name: str = "") -> float:
    env = dict(os.environ, SCHEMAGEN_CACHE_DIR=cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([str(SCHEMAGEN), *args], env=env, capture_output=True, check=False)
    took = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    if name:
        CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return took


def measure(repeat: int) -> dict[str, list[float]]:
    """Wall times (seconds) of ``generate`` and ``diff``, cold and warm, ``repeat`` times each."""
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.yaml", Path(tmp) / "new.yaml"
        text = OPENAI.read_text(encoding="utf-8")
        old.write_text(text, encoding="utf-8")
        new.write_text(one_change(text), encoding="utf-8")
        generate = ["generate", str(old), "--out", str(Path(tmp) / "out")]
        diff = ["diff", str(old), str(new)]
        figures: dict[str, list[float]] = {}
        for _ in range(repeat):
            for name, args in (("generate", generate), ("diff", diff)):
                cold = tempfile.mkdtemp(dir=tmp)
                figures.setdefault(f"{name} cold", []).append(timed(args, cold, f"{name} cold"))
                warm = tempfile.mkdtemp(dir=tmp)
                timed(["diff", str(old), str(old)], warm)  # the OLD document's meta-validation is cached
                figures.setdefault(f"{name} warm", []).append(timed(args, warm, f"{name} warm"))
    return figures


def table(figures: dict[str, list[float]]) -> str:
    """A Markdown table of the medians and the diff / generate ratios."""
    rows = [
        "| run | wall median (s) | min | max | diff / generate | CPU median (s) | diff / generate (CPU) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, values in figures.items():
        kind = name.split()[1]
        ratio = statistics.median(figures[f"diff {kind}"]) / statistics.median(figures[f"generate {kind}"])
        cpu = statistics.median(CPU.get(name, [0.0]))
        cpu_ratio = statistics.median(CPU.get(f"diff {kind}", [0.0])) / (
            statistics.median(CPU.get(f"generate {kind}", [1.0])) or 1.0
        )
        shown, shown_cpu = (f"{ratio:.2f}", f"{cpu_ratio:.2f}") if name.startswith("diff") else ("", "")
        rows.append(
            f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} | {shown} "
            f"| {cpu:.2f} | {shown_cpu} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    print(table(measure(parser.parse_args().repeat)))


if __name__ == "__main__":
    main()
