"""cProfile of whole `schemagen generate` runs without the cache (5 targets): Batch and the OpenAI document.

    python bench/profile.py [N]      # the top N functions by cumulative and by own time, per input

Each run is a fresh process (``-m cProfile -m generator.cli``) with ``SCHEMAGEN_NO_CACHE=1`` into a
fresh directory, so the figures are those of a run after an edit with nothing remembered.
"""

from __future__ import annotations

import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = ("dataclasses", "typeddicts", "validators", "docs", "jsonschema")
INPUTS = {
    "Batch schema": REPO / "schemas" / "batch.yaml",
    "whole OpenAI document": REPO.parent / "shared" / "reference" / "openapi" / "openai-openapi.yaml",
}


def profile(schema: Path, work: Path, top: int) -> str:
    stats, out = work / "run.prof", work / "out"
    shutil.rmtree(out, ignore_errors=True)
    targets = [arg for t in TARGETS for arg in ("--target", t)]
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "generator.cli", "generate", str(schema)]
    env = dict(os.environ, SCHEMAGEN_NO_CACHE="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as on a user's machine
    subprocess.run([*cmd, *targets, "--out", str(out)], cwd=REPO, env=env, check=True, capture_output=True)
    text = io.StringIO()
    for order in ("cumulative", "tottime"):
        pstats.Stats(str(stats), stream=text).strip_dirs().sort_stats(order).print_stats(top)
    return text.getvalue()


def main(top: int = 30) -> None:
    work = Path(tempfile.mkdtemp(prefix="schemagen-profile-"))
    try:
        for label, schema in INPUTS.items():
            if schema.is_file():
                print(f"## {label}\n\n```\n{profile(schema, work, top).strip()}\n```\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
