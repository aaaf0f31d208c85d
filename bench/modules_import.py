"""``layout = "modules"`` on the OpenAI document: import time of one type against the single module.

    .venv/bin/python bench/modules_import.py [--runs N] [--document PATH]

Generates the dataclasses and TypedDicts of the document twice (``layout = "module"`` and ``"modules"``,
cache off, wall time of the whole ``schemagen generate`` process, median of 3), counts the files, then
imports in a fresh interpreter each time (the median of N runs; the time of the import statement
alone, measured inside the process, so interpreter start-up is left out):

- warm: the byte code is cached (``__pycache__`` written by a first, untimed run), as in a deployed service;
- cold: no byte code (a fresh ``PYTHONPYCACHEPREFIX`` per run), as right after ``schemagen generate``.

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCUMENT = REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml"
SCHEMAGEN = Path(sys.executable).parent / "schemagen"

PACKAGE = "openai_openapi"
CASES = (
    ("module", "one module", "from {p}.models import Batch"),
    ("modules", "modules, one type", "from {p}.models.batch import Batch"),
    ("modules", "modules, through the lazy `__init__`", "from {p}.models import Batch"),
    ("modules", "modules, every type", "from {p}.models import *"),
    ("module", "one module (TypedDicts)", "from {p}.typeddicts import Batch"),
    ("modules", "modules, one type (TypedDicts)", "from {p}.typeddicts.batch import Batch"),
)
"""(layout, label, import statement)."""

PROBE = """
import sys, time
start, cpu = time.perf_counter(), time.process_time()
{statement}
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(elapsed, cpu, sum(1 for m in sys.modules if m.startswith("{package}.")))
"""


def generate(document: Path, out: Path, layout: str) -> float:
    """Wall time of one ``schemagen generate`` into a fresh ``out``, cache off."""
    env = dict(os.environ, SCHEMAGEN_NO_CACHE="1")
    cmd = [str(SCHEMAGEN), "generate", str(document), "--out", str(out), "--layout", layout]
    cmd += ["--target", "dataclasses", "--target", "typeddicts"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def imported(root: Path, statement: str, cold: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds the import statement takes in a fresh interpreter, and how many generated modules
    it loads."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        if cold:
            env["PYTHONPYCACHEPREFIX"] = cache
        result = subprocess.run(
            [sys.executable, "-c", PROBE.format(statement=statement.format(p=PACKAGE), package=PACKAGE)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    wall, cpu, count = result.stdout.split()
    return float(wall), float(cpu), int(count)


def files(root: Path) -> tuple[int, int, int]:
    """Python files, their lines, and the lines of the largest one."""
    sizes = [len(p.read_text().splitlines()) for p in root.rglob("*.py") if "__pycache__" not in p.parts]
    return len(sizes), sum(sizes), max(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--document", type=Path, default=DOCUMENT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roots = {layout: Path(tmp) / layout for layout in ("module", "modules")}
        print("| layout | generate (median of 3) | Python files | lines | largest file |")
        print("| --- | --- | --- | --- | --- |")
        for layout, root in roots.items():
            times = []
            for n in range(3):
                times.append(generate(args.document, Path(tmp) / f"{layout}-{n}", layout))
            generate(args.document, root, layout)
            count, lines, largest = files(root)
            print(f"| {layout} | {statistics.median(times):.2f} s | {count} | {lines} | {largest} |")
        print()
        print(f"Import in a fresh interpreter: median of {args.runs} runs, CPU time (wall time):\n")
        print("| import | statement | warm: byte code cached | cold: no byte code | generated modules loaded |")
        print("| --- | --- | --- | --- | --- |")
        for layout, label, statement in CASES:
            imported(roots[layout], statement, cold=False)  # writes the byte code
            row = []
            loaded = 0
            for cold in (False, True):
                runs = [imported(roots[layout], statement, cold) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs) * 1000
                cpu = statistics.median(r[1] for r in runs) * 1000
                row.append(f"{cpu:.1f} ms ({wall:.1f} ms)")
                loaded = runs[0][2]
            print(f"| {label} | `{statement.format(p=PACKAGE)}` | {row[0]} | {row[1]} | {loaded} |")


if __name__ == "__main__":
    main()
