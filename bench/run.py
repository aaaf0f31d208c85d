"""`make bench`: every benchmark in one go; writes BENCHMARKS.md and bench/ratios.png.

Each figure is a ratio to an anchor measured in the same run (medians over repeats, with
min and max where the case has them); nothing is compared against a stored absolute time.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import platform
import sys
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

PACKAGES = (
    "schemagen", "jinja2", "pyyaml", "jsonschema", "referencing", "datamodel-code-generator", "pydantic",
    "msgspec", "cattrs", "dacite", "fastjsonschema", "jsonschema-rs", "orjson", "dask", "distributed",
)  # fmt: skip


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def chart(bars: list[tuple[str, float, float | None]], path: Path) -> None:
    """Horizontal bars of ratios (log scale), with each case's goal as a tick."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.42 * len(bars) + 1.4))
    names = [b[0] for b in bars]
    ratios = [b[1] for b in bars]
    colors = ["#2a7" if goal is None or ratio <= goal else "#d54" for _, ratio, goal in bars]
    ax.barh(names, ratios, color=colors)
    for i, (_, ratio, goal) in enumerate(bars):
        if goal is not None:
            ax.plot([goal, goal], [i - 0.4, i + 0.4], color="black", linewidth=2)
        ax.text(ratio, i, f" {ratio:.2f}x", va="center", fontsize=8)
    ax.axvline(1.0, color="grey", linestyle=":", linewidth=1)
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("ratio to the anchor (lower is faster; black tick = goal; red = goal missed)")
    ax.set_title(f"schemagen benchmarks, {date.today().isoformat()}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (the 1 GB RSS figure is kept)")
    args = parser.parse_args()
    import conversion
    import diff_speed
    import generation
    import jsonl
    import scaling
    import unions
    import validators

    sections: list[str] = []
    bars: list[tuple[str, float, float | None]] = []

    gen_rows = generation.main(3 if args.quick else 7)
    sections.append("## Generation\n\nWhole-process wall time; anchor: datamodel-codegen making dataclasses from the "
                    "same input (the OpenAI document given to it as JSON: its YAML loader refuses the redefined "
                    "anchors).\n\n" + generation.table(gen_rows))  # fmt: skip
    sections.append(generation.help_table() + "\n\nGoal: ≤ 60 ms.")
    goals = {
        ("Batch schema", "warm", "generate"): 0.25,
        ("whole OpenAI document", "warm", "generate"): 0.5,
        ("Batch schema", "after an edit", "generate"): 0.3,
        ("whole OpenAI document", "after an edit", "generate"): 0.4,
        ("Batch schema", "after an edit", "check"): 0.25,
    }
    for label, name, _, _, _, ratio in gen_rows:
        if name.startswith("datamodel"):
            continue
        temperature = "after an edit" if "after an edit" in name else "warm" if "warm" in name else "cold"
        verb = "check" if "check" in name else "generate"
        goal = 0.2 if verb == "check" and temperature == "warm" else goals.get((label, temperature, verb))
        if temperature == "cold" and verb == "generate":
            goal = 0.5
        where = ", wheel" if "wheel" in name else ""
        bars.append((f"{label}: {verb} ({temperature}{where})", ratio, goal))

    conv = conversion.run(rounds=7 if args.quick else 15)
    lines = [
        "| workload | contender | median | min | max | ratio to pydantic |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for workload, rows in conv.items():
        for name, median, low, high, ratio in rows:
            lines.append(f"| {workload} | {name} | {median:.2f} µs | {low:.2f} µs | {high:.2f} µs | {ratio:.2f}x |")
            if name.startswith("schemagen"):
                bars.append((f"Batch {name}", ratio, 1.0))
    sections.append("## Conversion\n\nOn OpenAI's documented Batch example; anchor: pydantic v2 `model_validate` / "
                    "`model_dump` on the models the `pydantic` target renders from the same schema.\n\n"
                    + "\n".join(lines))  # fmt: skip

    union_rows = unions.run(rounds=7 if args.quick else 15)
    sections.append("### Discriminated unions\n\n`from_dict` of a union whose members are told apart by a tag; anchor: "
                    "trying the members one by one (what every union did before; `bench/unions.py`).\n\n"
                    + unions.table(union_rows))  # fmt: skip
    bars.append(("10-member tagged union: dispatch vs trial", union_rows[0][2], 0.5))

    val_rows = validators.run(rounds=7 if args.quick else 15)
    sections.append("## Validation\n\nAnchor: a careful hand-written pure-Python check of the same schema "
                    "(`bench/validators.py`).\n\n" + validators.table(val_rows))  # fmt: skip
    hand = next(r for r in val_rows if r[0].startswith("hand"))
    ours = next(r for r in val_rows if r[0].startswith("schemagen"))
    if hand[1] and ours[1]:
        bars.append(("Batch is_valid vs hand-written", ours[1] / hand[1], 1.3))
    if hand[2] and ours[2]:
        bars.append(("Batch all errors vs hand-written", ours[2] / hand[2], 2.0))
    validate_mb, parse_mb = validators.jsonl_throughput()
    sections.append(
        "### `schemagen validate` throughput against parsing alone\n\n| | throughput |\n| --- | --- |\n"
        f"| `json.loads` of each line | {parse_mb:.0f} MB/s |\n| parse + validate | {validate_mb:.0f} MB/s "
        f"({validate_mb / parse_mb:.2f}x of parsing alone; goal ≥ 0.75x) |"
    )
    bars.append(("JSONL validate time / json.loads time", parse_mb / validate_mb, 1 / 0.75))

    scale_text, scale_bars = jsonl.scale(big_mb=1000, repeats=3)
    sections.append("## Payload validation at scale\n\n" + scale_text)
    bars += scale_bars

    sections.append("## Diff\n\n`schemagen diff` of the whole OpenAI document against a copy with one change, "
                    "beside one `generate` of it (subprocesses; cold: empty cache, warm: the OLD document's "
                    "meta-validation cached).\n\n"
                    + diff_speed.table(diff_speed.measure(2 if args.quick else 5)))  # fmt: skip

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        scaling.main((10, 100, 1000) if args.quick else (10, 100, 1000, 10000))
    sections.append("## Scaling\n\nSynthetic schemas of N object types; one fresh process each, no cache, targets "
                    "dataclasses, typeddicts, validators and jsonschema.\n\n" + buffer.getvalue().strip())  # fmt: skip

    png = HERE / "ratios.png"
    chart(bars, png)
    header = (
        f"# Benchmarks\n\nWritten by `make bench` on {date.today().isoformat()}.\n\n"
        f"- CPU: {cpu()} ({platform.machine()}, {__import__('os').cpu_count()} cores, a shared and noisy VM)\n"
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}\n"
        f"- Packages: {versions()}\n\n"
        "Every figure is a ratio to an anchor measured in the same run, in alternation; medians over repeats.\n\n"
        f"![ratios]({png.relative_to(REPO).as_posix()})\n"
    )
    (REPO / "BENCHMARKS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n")
    print(f"wrote BENCHMARKS.md and {png.relative_to(REPO)}")


if __name__ == "__main__":
    main()
