"""`python -m annotator` / `annotator`: the services, for batch work. A thin shell: parse
arguments, call one service, print a result or a one-line error with a non-zero exit."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import AnnotatorError, ImportRefused
from . import agreement, claims, registry, setup, suggest, team, transfer

#: Each module adds its commands (`register`); a new command module is listed here.
COMMAND_MODULES = [setup, transfer, suggest, registry, team, agreement, claims]


def build_parser() -> argparse.ArgumentParser:
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
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
