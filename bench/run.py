"""`make bench`: every benchmark in one go, printed as Markdown tables of ratios."""

from __future__ import annotations

import importlib
import platform
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    print(f"# schemagen benchmarks, {date.today().isoformat()}")
    print(f"\nPython {platform.python_version()} on {platform.machine()} ({platform.processor() or 'unknown CPU'})\n")
    import generation

    print("## Generation (whole process, Batch schema)\n")
    print("| case | median | min | max | ratio to datamodel-codegen |")
    print("| --- | --- | --- | --- | --- |")
    for name, median, low, high, ratio in generation.main():
        print(f"| {name} | {median * 1000:.0f} ms | {low * 1000:.0f} ms | {high * 1000:.0f} ms | {ratio:.2f}x |")
    for extra in ("validators", "docs"):
        if (Path(__file__).resolve().parent / f"{extra}.py").exists():
            print(f"\n## {extra.capitalize()}\n")
            importlib.import_module(extra).main()


if __name__ == "__main__":
    main()
