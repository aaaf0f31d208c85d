"""The one Jinja environment: loaders, settings and every filter and test, registered in one place.

Filter modules export a ``FILTERS`` table (and ``pytypes`` a ``TESTS`` table); this module is the
only one that imports them all, so the imports between render modules point one way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.render import HEADER, docs, docs_values, escape, fit, layout, pytypes, tagged
from generator.render.include import runtime
from generator.resources import packaged_templates


def _merged(*tables: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    merged: dict[str, Callable[..., Any]] = {}
    for table in tables:
        for name, function in table.items():
            if merged.setdefault(name, function) is not function:
                raise AssertionError(f"two filters are named {name!r}")
    return merged


FILTERS = _merged(
    escape.FILTERS, pytypes.FILTERS, fit.FILTERS, docs.FILTERS, docs_values.FILTERS, layout.FILTERS, tagged.FILTERS
)
"""Every filter the templates may call, by name."""

TESTS: dict[str, Callable[..., bool]] = dict(pytypes.TESTS)
"""Every test the templates may use (``is model``, ``is free_form``, ...), by name."""


def environment(template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """A strict environment; user directories override packaged templates by name.

    With override directories, a new environment per run, so that a template added to one is
    seen. Without, one environment per process, whose compiled templates are reused by every
    run (and recompiled when a template file changes): in-process callers (the API, the
    tests, the fuzz) then compile each template once. No template bytecode is ever loaded from
    the (writable) cache directory: marshalled code there could be replaced by anyone who can
    write it. A wheel's templates come
    precompiled from the installed package instead.
    """
    if not template_dirs:
        return _packaged_environment()
    return _environment(template_dirs, auto_reload=False)


@lru_cache(maxsize=1)
def _packaged_environment() -> jinja2.Environment:
    return _environment((), auto_reload=True)


def _environment(template_dirs: Sequence[Path], *, auto_reload: bool) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(Path(d).resolve())) for d in template_dirs]
    compiled = _precompiled_loader()
    if compiled is not None:
        loaders.append(compiled)
    loaders.append(jinja2.FileSystemLoader(str(packaged_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=auto_reload,
    )
    env.filters.update(FILTERS)
    env.tests.update(TESTS)
    env.globals["header"] = HEADER
    env.globals["runtime"] = runtime  # generator/runtime/ code, included verbatim
    return env


COMPILED = Path(__file__).parent.parent / "_compiled"
"""Where a wheel keeps its templates precompiled to Python (written by hatch_build.py)."""


def _precompiled_loader() -> jinja2.BaseLoader | None:
    """The precompiled templates, when compiled by this very Jinja version from these very templates.

    A wheel ships them; a checkout has them once ``make`` has installed it (``make generate``
    refreshes them). A template edited since is seen by its digest: then none are used.
    """
    marker = COMPILED / "jinja-version.txt"
    try:
        if marker.read_text(encoding="utf-8").split() != [jinja2.__version__, _templates_digest()]:
            return None
    except OSError:
        return None
    return jinja2.ModuleLoader(str(COMPILED))


def _templates_digest() -> str:
    """A digest of every packaged template's name and text (a millisecond: they are small)."""
    import hashlib

    digest = hashlib.sha256()
    root = packaged_templates()
    for path in sorted(root.rglob("*.jinja")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def precompile(target: Path) -> None:
    """Compile every packaged template to Python modules under ``target`` (run when building a wheel).

    Cold runs then skip Jinja's template compiler, the biggest part of a first run's time.
    The templates are compiled with every filter registered, exactly as they render.
    """
    import shutil

    shutil.rmtree(target, ignore_errors=True)  # never a module of a template since removed
    env = environment().overlay(loader=jinja2.FileSystemLoader(str(packaged_templates())))  # the sources
    target.mkdir(parents=True, exist_ok=True)
    env.compile_templates(str(target), zip=None, ignore_errors=False)
    (target / "jinja-version.txt").write_text(f"{jinja2.__version__}\n{_templates_digest()}\n", encoding="utf-8")


def render(env: jinja2.Environment, template: str, **context: Any) -> str:
    """Render one template to text, exactly as the template lays it out."""
    return env.get_template(template).render(**context)
