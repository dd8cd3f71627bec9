"""`import` and `export`: moving articles and annotations in and out of a project, in every
exchange format of `annotator.formats.catalog`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInput
from . import commands
from .collector import collector_paused, existing_objects_left_alone
from .commands import ARTICLE_FORMATS, FORMATS
from .common import actor_from, add_selection_arguments, open_database, project_context

if TYPE_CHECKING:
    from ..services.exchange.data_export import ExportFilter


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = commands.add(
        sub, "import",
        description="Import articles (.txt, .html, URLs, JSON lines of articles, with doccano's spans if any, a CSV table of articles with a text column) or annotations in "
        f"any exchange format ({', '.join(FORMATS)}). The format is detected from the file unless "
        "--format says it. Everything is validated first and written in one transaction: a bad "
        "file is refused whole. A project that does not exist is created.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, zips or http(s) URLs")
    imp.add_argument("--project", required=True, help="project name")
    imp.add_argument("--format", choices=[*FORMATS, *ARTICLE_FORMATS],
                     help="the input format (default: detected from each file)")
    imp.add_argument("--annotator", help="user name for imported spans that do not name one (e.g. ptc-gold)")
    imp.add_argument("--codebook", help="codebook for a project created by this import")
    imp.add_argument("--add-labels", action="store_true",
                     help="add span labels the codebook lacks (a new codebook version) instead of refusing them")
    imp.add_argument("--user-map", metavar="FILE", type=Path,
                     help="JSON object mapping the file's users to ours, e.g. Label Studio's "
                     '{"ana@example.org": "ana", "3": "bo"} (an e-mail, or the id of completed_by)')
    imp.set_defaults(func=cmd_import)

    exp = commands.add(sub, "export",
                       description="Export a project's documents and annotations. brat and semeval "
                       "write a folder, or a zip when OUTPUT ends in .zip; csv and labelstudio "
                       "write the manifest beside the file (OUTPUT.manifest.json).")
    exp.add_argument("--project", required=True)
    exp.add_argument("--format", default="jsonl", choices=FORMATS)
    exp.add_argument("--output", required=True, help="file or folder to write, or - for standard output")
    add_filter_arguments(exp)
    exp.set_defaults(func=cmd_export)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    add_selection_arguments(parser, annotator="only this annotator's spans", label="only spans with this label")
    parser.add_argument("--gold-only", action="store_true", help="only the gold layer (the spans curation made)")
    parser.add_argument("--since", type=date.fromisoformat, help="spans changed on or after this day (YYYY-MM-DD)")
    parser.add_argument("--until", type=date.fromisoformat, help="spans changed on or before this day (YYYY-MM-DD)")


def filter_from(args: argparse.Namespace, *, include_deleted: bool) -> ExportFilter:
    from ..services.exchange.data_export import ExportFilter

    return ExportFilter(
        annotators=tuple(args.annotator), labels=tuple(args.label), document_ids=tuple(args.document),
        gold_only=args.gold_only, since=args.since, until=args.until, include_deleted=include_deleted,
    )


def user_map(path: Path) -> dict[str, str]:
    """The `--user-map` file: one JSON object of names (strings) to our user names."""
    try:
        users = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InvalidInput(f"not a readable JSON file: {error}", file=str(path)) from None
    if not isinstance(users, dict) or not all(isinstance(v, str) and v for v in users.values()):
        raise InvalidInput('expected one JSON object of user names, e.g. {"ana@example.org": "ana"}', file=str(path))
    return {str(key): value for key, value in users.items()}


def cmd_import(args: argparse.Namespace) -> int:
    # The collector is off from here, so the modules imported next (SQLAlchemy, the models)
    # and the import's records are not walked again and again (cli/collector.py).
    with collector_paused():
        from ..config import get_settings
        from ..services.exchange.local_imports import import_paths

        db = open_database(args)
        actor = actor_from(args, db)
        users = user_map(args.user_map) if args.user_map else None
        done = import_paths(db, actor, args.project, args.paths, fmt=args.format,
                            settings=get_settings(args.database), codebook=args.codebook,
                            annotator=args.annotator, add_labels=args.add_labels, users=users)
    result = done.result
    created = " (project created)" if done.created else ""
    print(f"{args.project}{created}: {result.added} documents added, {result.skipped} already present, "
          f"{result.annotations} annotations added")
    for message in result.messages:
        print(message)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    # The modules are imported with the cyclic collector off; it runs as usual while the export
    # streams its batches, without walking the modules' objects again (cli/collector.py).
    with collector_paused():
        from ..services.exchange.exports import export_to_path, export_to_stream
    with existing_objects_left_alone():
        db, actor, project = project_context(args)
        flt = filter_from(args, include_deleted=True)
        if args.output == "-":
            export_to_stream(db, actor, project.id, args.format, sys.stdout, flt)
            return 0
        summary = export_to_path(db, actor, project.id, args.format, Path(args.output), flt)
    written = ", ".join(str(p) for p in summary.paths)
    print(f"{summary.documents} documents, {summary.annotations} spans written to {written}", file=sys.stderr)
    if summary.left_out:
        print(f"{args.format} has no place for: {', '.join(summary.left_out)} (its manifest says so; the native "
              "format keeps them)", file=sys.stderr)
    return 0
