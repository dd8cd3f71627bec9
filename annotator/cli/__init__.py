"""`python -m annotator` / `annotator`: the services, for batch work. A thin shell: parse
arguments, call one service, print a result or a one-line error with a non-zero exit.

Only the module of the command asked for is imported (cli/commands.py has the table), and the
command modules import their services when a command runs: `annotator --help` and a command's
own `--help` start in a fraction of the time the whole application takes to import.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from .. import __version__
from ..errors import AnnotatorError, ImportRefused
from . import collector
from .commands import COMMANDS, command_in, modules, settle_project


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `only` a command's name, one in which only that command is
    built and the others are listed by name and help (their modules are not imported); with
    `only=""` one that lists every command and builds none (for `annotator --help`)."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate claims and framing devices in news articles; import, export, measure.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--database", metavar="URL",
                        help="database URL (overrides ANNOTATOR_DATABASE_URL; default: db/annotator.sqlite3)")
    parser.add_argument("--as", dest="as_user", metavar="USER",
                        help="act as this user, with their permissions (default: the system account)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = COMMANDS[only][0] if only else only
    for name in modules():
        if wanted in (None, name):
            import_module(f"{__name__}.{name}").register(sub)
        else:
            for command, (module, help_text) in COMMANDS.items():
                if module == name:
                    sub.add_parser(command, help=help_text)
    return parser


def run() -> int:
    """The process's entry (`python -m annotator`, the `annotator` script): `main`, with the
    collector off while the command imports its modules (cli/collector.py)."""
    collector.off_until_settled()
    return main()


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args = build_parser(only=command_in(arguments)).parse_args(arguments)
    settle_project(args)
    try:
        return int(args.func(args) or 0)
    except ImportRefused as error:
        print(f"error: {error}", file=sys.stderr)
        for issue in error.issues[1:10]:
            print(f"  also: {issue.located()}", file=sys.stderr)
        return 1
    except AnnotatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
