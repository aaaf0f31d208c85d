"""What ``extra = "keep"`` costs: the Batch dataclasses' from_dict / to_dict generated with keep vs ignore.

Three payloads: OpenAI's documented Batch example (explicit nulls, no unknown keys), the same with
the newer ``model`` and ``usage`` keys, and the example without its nulls (nothing to keep). Both
modules are rendered from schemas/batch.yaml into one temporary directory and timed in one process,
in alternation, round after round; each figure is the median over rounds of keep's time / ignore's
time. pydantic's ``extra="allow"`` against its default is measured the same way, for comparison.

    .venv/bin/python bench/extra_keep.py [--rounds N]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWER = {"model": "gpt-4o-2024-08-06", "usage": {"input_tokens": 1520, "output_tokens": 3107, "total_tokens": 4627}}


def load(work: Path, extra: str) -> tuple[Any, Any]:
    from generator.api import render_files

    schema = ROOT / "schemas" / "batch.yaml"
    package = work / extra
    for path, text in render_files([schema], targets=("dataclasses", "pydantic"), root=ROOT, extra=extra).items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(text)
    sys.path.insert(0, str(package))
    try:
        models = importlib.import_module("batch.models")
        pyd = importlib.import_module("batch.pydantic_models")
    finally:
        sys.path.remove(str(package))
        for name in [n for n in sys.modules if n == "batch" or n.startswith("batch.")]:
            del sys.modules[name]
    return models, pyd


def per_call(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def run(rounds: int = 15, number: int = 5000) -> dict[str, float]:
    example = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        (keep, keep_pyd), (ignore, ignore_pyd) = load(Path(tmp), "keep"), load(Path(tmp), "ignore")
        cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {}
        no_nulls = {k: v for k, v in example.items() if v is not None}
        payloads = (("example", example), ("example + model, usage", {**example, **NEWER}), ("no nulls", no_nulls))
        for label, payload in payloads:
            kept, ignored = keep.Batch.from_dict(payload), ignore.Batch.from_dict(payload)
            cases[f"from_dict, {label}"] = (
                lambda p=payload: keep.Batch.from_dict(p),
                lambda p=payload: ignore.Batch.from_dict(p),
            )
            cases[f"to_dict, {label}"] = (kept.to_dict, ignored.to_dict)
            cases[f"pydantic model_validate, {label}"] = (
                lambda p=payload: keep_pyd.Batch.model_validate(p),
                lambda p=payload: ignore_pyd.Batch.model_validate(p),
            )
        ratios: dict[str, list[float]] = {name: [] for name in cases}
        absolute: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(rounds):
            for name, (with_keep, without) in cases.items():
                a, b = per_call(with_keep, number), per_call(without, number)
                ratios[name].append(a / b)
                absolute[name].append(a)
    for name in cases:
        ratio, micros = statistics.median(ratios[name]), statistics.median(absolute[name]) * 1e6
        print(f"{name:48} keep / ignore = {ratio:.2f}  ({micros:.2f} µs with keep)")
    return {name: statistics.median(values) for name, values in ratios.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    run(rounds=parser.parse_args().rounds)
