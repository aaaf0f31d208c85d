"""How many of the SchemaStore sample's 90 schemas each generator turns into Python, side by side.

schemagen (default targets, in process) and datamodel-codegen (dataclasses output, its own process,
as a user runs it) get each schema of ``../shared/reference/schemastore-sample/schemas`` in the same
conditions: no network, the schema's own folder as the project root. A schema counts as generated
when the tool exits cleanly and every Python file it wrote compiles. The table lists the schemas
where the two differ, with each tool's first error line.

    .venv/bin/python bench/schemastore_coverage.py [--jobs N]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO.parent / "shared" / "reference" / "schemastore-sample"
DMCG = Path(sys.executable).parent / "datamodel-codegen"


def _compiles(out: Path) -> str | None:
    for path in sorted(out.rglob("*.py")):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as exc:
            return f"{path.name}:{exc.lineno}: {exc.msg}"
    return None


def ours(schema: Path) -> str | None:
    """None when schemagen generates ``schema``; else its first error line."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemagen"),
                "generate",
                schema.name,
                "--out",
                tmp,
                "--root",
                str(schema.parent),
            ],
            cwd=schema.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            return (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[0][:160]
        return _compiles(Path(tmp))


def theirs(schema: Path) -> str | None:
    """None when datamodel-codegen generates ``schema``; else its first error line."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "models.py"
        command = [str(DMCG), "--input", schema.name, "--input-file-type", "jsonschema", "--output", str(out)]
        command += ["--output-model-type", "dataclasses.dataclass"]
        try:
            result = subprocess.run(
                command, cwd=schema.parent, capture_output=True, text=True, check=False, timeout=300
            )
        except subprocess.TimeoutExpired:
            return "timed out after 300 s"
        if result.returncode != 0:
            lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
            return (lines[-1] if lines else f"exit {result.returncode}")[:160]
        return _compiles(Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    schemas = sorted((SAMPLE / "schemas").glob("*.json"))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        mine = dict(zip(schemas, pool.map(ours, schemas), strict=True))
        other = dict(zip(schemas, pool.map(theirs, schemas), strict=True))
    n = len(schemas)
    version = subprocess.run([str(DMCG), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    counts = {"schemagen": sum(v is None for v in mine.values()), version: sum(v is None for v in other.values())}
    for tool, count in counts.items():
        print(f"{tool}: {count}/{n} generated")
    print("\n| schema | schemagen | datamodel-codegen |\n| --- | --- | --- |")
    for schema in schemas:
        if (mine[schema] is None) != (other[schema] is None):
            print(f"| {schema.stem} | {mine[schema] or 'ok'} | {other[schema] or 'ok'} |")


if __name__ == "__main__":
    main()
