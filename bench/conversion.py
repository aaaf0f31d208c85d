"""Conversion benchmark: the generated Batch dataclasses' from_dict / to_dict against their peers.

On OpenAI's documented Batch example, in one process, in alternation, round after round:

* ``from_dict`` against pydantic v2 ``model_validate`` (lax and strict), ``msgspec.convert``,
  cattrs ``structure`` and dacite ``from_dict``;
* ``to_dict`` against pydantic's ``model_dump``, ``msgspec.to_builtins`` and cattrs ``unstructure``.

The pydantic models are the ones the `pydantic` target renders from the same schema; the
msgspec, cattrs and dacite contenders run on our own generated dataclasses (msgspec and
dacite convert into them; cattrs structures them). Each figure is a median ratio to pydantic.
"""

from __future__ import annotations

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


def load_modules(work: Path) -> tuple[Any, Any]:
    from generator.api import render_files

    schema = ROOT / "schemas" / "batch.yaml"
    for path, text in render_files([schema], targets=("dataclasses", "pydantic"), root=ROOT).items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
    sys.path.insert(0, str(work))
    import batch.pydantic_models as pyd
    from batch import models

    return models, pyd


def contenders(models: Any, pyd: Any, payload: dict[str, Any]) -> dict[str, dict[str, Callable[[], object]]]:
    ours = models.Batch.from_dict(payload)
    theirs = pyd.Batch.model_validate(payload)
    # pydantic's strict mode refuses plain strings for enum fields; give it the enum members, as strict input must.
    strict_payload = dict(payload, object=pyd.BatchObject("batch"), status=pyd.BatchStatus(payload["status"]))
    decode: dict[str, Callable[[], object]] = {
        "schemagen from_dict": lambda: models.Batch.from_dict(payload),
        "pydantic model_validate": lambda: pyd.Batch.model_validate(payload),
        "pydantic model_validate (strict)": lambda: pyd.Batch.model_validate(strict_payload, strict=True),
    }
    encode: dict[str, Callable[[], object]] = {
        "schemagen to_dict": ours.to_dict,
        "pydantic model_dump": theirs.model_dump,
        "pydantic model_dump (exclude_none)": lambda: theirs.model_dump(exclude_none=True),
    }
    try:
        import msgspec

        decode["msgspec.convert"] = lambda: msgspec.convert(payload, models.Batch)
        encode["msgspec.to_builtins"] = lambda: msgspec.to_builtins(ours)
    except ImportError:
        pass
    try:
        import cattrs

        converter = cattrs.Converter()
        decode["cattrs structure"] = lambda: converter.structure(payload, models.Batch)
        encode["cattrs unstructure"] = lambda: converter.unstructure(ours)
    except ImportError:
        pass
    try:
        import dacite

        config = dacite.Config(cast=[models.BatchStatus, models.BatchObject])
        decode["dacite from_dict"] = lambda: dacite.from_dict(models.Batch, payload, config=config)
    except ImportError:
        pass
    return {"decode": decode, "encode": encode}


def timed(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def run(rounds: int = 15, number: int = 2000) -> dict[str, list[tuple[str, float, float, float, float]]]:
    """Rows per workload: (name, median µs, min µs, max µs, median ratio to the pydantic anchor)."""
    payload = json.loads((ROOT / "tests" / "fixtures" / "batch_example.json").read_text())
    with tempfile.TemporaryDirectory(prefix="schemagen-conversion-") as tmp:
        models, pyd = load_modules(Path(tmp))
        table = contenders(models, pyd, payload)
        anchors = {"decode": "pydantic model_validate", "encode": "pydantic model_dump"}
        result = {}
        for workload, fns in table.items():
            for fn in fns.values():  # warm up
                timed(fn, number // 10)
            samples: dict[str, list[float]] = {name: [] for name in fns}
            ratios: dict[str, list[float]] = {name: [] for name in fns}
            for _ in range(rounds):
                this_round = {name: timed(fn, number) for name, fn in fns.items()}
                for name, seconds in this_round.items():
                    samples[name].append(seconds)
                    ratios[name].append(seconds / this_round[anchors[workload]])
            result[workload] = [
                (name, statistics.median(s) * 1e6, min(s) * 1e6, max(s) * 1e6, statistics.median(ratios[name]))
                for name, s in samples.items()
            ]
    return result


def main() -> None:
    for workload, rows in run().items():
        print(f"\n{workload} | median | min | max | ratio to pydantic\n--- | --- | --- | --- | ---")
        for name, median, low, high, ratio in rows:
            print(f"{name} | {median:.2f} µs | {low:.2f} µs | {high:.2f} µs | {ratio:.2f}x")


if __name__ == "__main__":
    main()
