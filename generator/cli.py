"""The command line: a thin layer over :func:`generator.api.generate` and the validator.

Exit codes: 0 all good; 1 stale output or invalid payloads; 2 usage or schema error.
An error is one line (``file:line:col: message`` where there is a position), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from generator import __version__

TYPE_CHECKING = False  # typing is not imported at start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import NoReturn

# Start-up is part of the product (`schemagen --help` answers in a blink): what a command needs
# is imported when it runs.


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _selection(parser: argparse.ArgumentParser) -> None:
    from generator.settings import COMPAT_MODES, EXTRA_MODES, LAYOUTS

    parser.add_argument("schemas", nargs="*", metavar="SCHEMA", help="schema files (default: [tool.schemagen] schemas)")
    parser.add_argument("--out", metavar="DIR", help="output directory (default: generated)")
    parser.add_argument(
        "--target", dest="targets", action="append", default=[], metavar="T", help="a target; repeat for more"
    )
    parser.add_argument("--only", action="append", default=[], metavar="TYPE", help="only TYPE and what it uses")
    parser.add_argument("--docs-flavor", choices=("python", "typescript"), help="docs flavor (default: python)")
    parser.add_argument("--layout", choices=LAYOUTS, help="one module for all types, or one per type (default: module)")
    parser.add_argument("--examples", metavar="FILE", help="YAML mapping of type name to example value")
    parser.add_argument("--templates", action="append", default=[], metavar="DIR", help="override templates by name")
    parser.add_argument(
        "--compat-mode", dest="compat", choices=COMPAT_MODES, help="mode for --compat (default: backward)"
    )
    parser.add_argument("--extra", choices=EXTRA_MODES, help="unknown keys in dataclasses (default: ignore)")
    parser.add_argument("--fetch", action="store_true", default=None, help="download http(s) $refs once")
    parser.add_argument("--vendor-dir", metavar="DIR", help="where --fetch keeps copies (default: .schemagen/vendor)")
    parser.add_argument(
        "--format-types",
        nargs="?",
        const="true",
        metavar="FMT,...",
        help="dataclasses decode these formats (none: all) to typed values: datetime, UUID, ... (or 'false')",
    )
    parser.add_argument(
        "--type-map",
        action="append",
        default=[],
        metavar="KEY=MOD:CLS[,MOD:DECODE[,MOD:ENCODE]]",
        help="use your own class for format:NAME or a named type; repeat for more",
    )
    _reading(parser)


def _reading(parser: argparse.ArgumentParser) -> None:
    """The options that say how schemas are read (generate, check and validate share them)."""
    parser.add_argument("--config", metavar="FILE", help="pyproject.toml to read [tool.schemagen] from")
    parser.add_argument(
        "--default-dialect", metavar="URI", help="$schema of documents that declare none (default: 2020-12)"
    )
    parser.add_argument(
        "--ref-map", action="append", default=[], metavar="PREFIX=DIR", help="read $refs under PREFIX from DIR"
    )
    parser.add_argument(
        "--root", metavar="DIR", help="project root: local $refs stay inside it (default: the config's folder, or cwd)"
    )


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, the ``diff`` and ``validate`` options only when the command line names
    them (they cost their modules' imports, and no other command or help page reads them)."""
    parser = _Parser(prog="schemagen", description="Generate code, validators and docs from one data contract.")
    parser.add_argument("--version", action="version", version=f"schemagen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    generate = commands.add_parser("generate", help="write the generated files (only those that changed)")
    _selection(generate)
    generate.add_argument(
        "--fail-on-change",
        action="store_true",
        help="exit 1 when a file was written or removed (as formatters do in pre-commit)",
    )
    check = commands.add_parser("check", help="exit 1 with a diff when the generated files are stale")
    _selection(check)
    check.add_argument(
        "--compat", dest="compat_rev", metavar="REV", help="also fail when the schemas break compat vs REV"
    )
    diff = commands.add_parser("diff", help="breaking-change verdicts between two contract versions")
    if argv is None or "diff" in argv:
        from generator.diff import cli as diff_cli

        diff_cli.add_arguments(diff)
    validate = commands.add_parser("validate", help="validate payload files against a schema")
    if argv is None or "validate" in argv:
        from generator import validate_cli

        validate_cli.add_arguments(validate)
        _reading(validate)
    return parser


def _run_generate(args: argparse.Namespace, *, check: bool) -> int:
    from dataclasses import replace
    from pathlib import Path

    from generator.api import run
    from generator.config import load_settings

    settings = load_settings(Path(args.config) if args.config else None, vars(args))
    result = run(settings, check=check)
    compat = 0
    if check and args.compat_rev:
        from generator.diff import cli as diff_cli

        compat = diff_cli.check_compat(settings, args.compat_rev)
    out_shown = _shown(settings.out)
    result = replace(result, out=Path(out_shown))  # summaries and diffs name the directory as the user does
    if check and result.stale:
        for change in result.stale:
            if change.kind == "changed":
                sys.stdout.write(change.diff(Path(out_shown)))
            elif change.kind == "new":
                print(f"missing: {out_shown}/{change.path}")
            else:
                print(f"extra: {out_shown}/{change.path}")
        print(result.summary(), file=sys.stderr)
        return 1
    print(result.summary())
    if compat:
        return compat
    if getattr(args, "fail_on_change", False) and (
        result.counts["new"] or result.counts["changed"] or result.counts["removed"]
    ):
        return 1
    return 0


def _shown(path: Path) -> str:
    from pathlib import Path

    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    from generator.diagnostics import SchemaError, UsageError

    try:
        if args.command == "generate":
            return _run_generate(args, check=False)
        if args.command == "check":
            return _run_generate(args, check=True)
        if args.command == "diff":
            from generator.diff import cli as diff_cli

            return diff_cli.run(args)
        from generator import validate_cli

        status: int = validate_cli.run(args)
        return status
    except SchemaError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"schemagen: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = exc.filename if exc.filename else "schemagen"
        print(f"{where}: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
