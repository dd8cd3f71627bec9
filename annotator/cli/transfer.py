"""`import` and `export`: moving articles and annotations in and out of a project."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from ..codebooks import parse_codebook
from ..config import get_settings
from ..errors import ImportRefused, InvalidInput
from ..formats import native_jsonl
from ..formats.records import DocumentRecord, EntityRecord
from ..ingest import documents_jsonl
from ..ingest.text import read_text_file
from ..models import new_uid
from ..services.data_export import ExportFilter, open_export
from ..services.project_import import import_into_project
from ..services.projects import get_project
from .common import CommandError, actor_from, open_database

IMPORT_SUFFIXES = (".txt", ".jsonl")


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser(
        "import", help="import articles or annotations into a project",
        description="Import .txt files (one article each), JSON lines of articles, or a native "
        ".jsonl export. Everything is validated first and written in one transaction. A project "
        "that does not exist is created (with the codebook of a native file, else the default).",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    imp.add_argument("--project", required=True, help="project name")
    imp.add_argument("--annotator", help="user name for imported spans that do not name one")
    imp.add_argument("--codebook", help="codebook for a project created by this import")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="export a project", description="Export a project's documents and annotations.")
    exp.add_argument("--project", required=True)
    exp.add_argument("--format", default="jsonl", choices=["jsonl"])
    exp.add_argument("--output", required=True, help="file to write, or - for standard output")
    add_filter_arguments(exp)
    exp.set_defaults(func=cmd_export)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--annotator", action="append", default=[], help="only this annotator's spans (repeatable)")
    parser.add_argument("--label", action="append", default=[], help="only spans with this label (repeatable)")
    parser.add_argument("--document", action="append", type=int, default=[], help="only this document id (repeatable)")
    parser.add_argument("--gold-only", action="store_true", help="only the adjudicated gold layer")
    parser.add_argument("--since", type=date.fromisoformat, help="spans changed on or after this day (YYYY-MM-DD)")
    parser.add_argument("--until", type=date.fromisoformat, help="spans changed on or before this day (YYYY-MM-DD)")


def filter_from(args: argparse.Namespace, *, include_deleted: bool) -> ExportFilter:
    return ExportFilter(
        annotators=tuple(args.annotator), labels=tuple(args.label), document_ids=tuple(args.document),
        gold_only=args.gold_only, since=args.since, until=args.until, include_deleted=include_deleted,
    )


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in IMPORT_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    if not files:
        raise CommandError("nothing to import (no .txt or .jsonl files found)")
    return files


def _is_native(path: Path) -> bool:
    with path.open(encoding="utf-8") as fp:
        first = fp.readline()
    return '"type"' in first and '"manifest"' in first


def read_inputs(files: list[Path]) -> tuple[list[DocumentRecord], list[EntityRecord], dict[str, Any] | None, list[InvalidInput]]:
    limit = get_settings().max_import_bytes
    batch = new_uid()[:8]
    records: list[DocumentRecord] = []
    entities: list[EntityRecord] = []
    issues: list[InvalidInput] = []
    manifest: dict[str, Any] | None = None
    for path in files:
        if path.stat().st_size > limit:
            issues.append(InvalidInput(f"file is larger than the limit of {limit} bytes", file=str(path)))
            continue
        try:
            if path.suffix.lower() == ".txt":
                records.append(read_text_file(path, batch=batch))
            elif _is_native(path):
                with path.open(encoding="utf-8") as fp:
                    native = native_jsonl.read(fp, source=str(path))
                records += native.records
                entities += native.entities
                issues += native.issues
                if native.manifest and manifest is None:
                    manifest = {"codebook": native.manifest.codebook, "project": native.manifest.project}
            else:
                with path.open(encoding="utf-8") as fp:
                    found, problems = documents_jsonl.read(fp, source=str(path))
                for record in found:
                    record.import_batch = batch
                records += found
                issues += problems
        except InvalidInput as error:
            issues.append(error)
        except UnicodeDecodeError as error:
            issues.append(InvalidInput(f"not UTF-8 text (byte {error.start})", file=str(path)))
    return records, entities, manifest, issues


def cmd_import(args: argparse.Namespace) -> int:
    db = open_database(args)
    actor = actor_from(args, db)
    records, entities, manifest, issues = read_inputs(_expand(args.paths))
    if issues:
        raise ImportRefused(issues)
    codebook: Any = args.codebook
    settings = None
    if manifest is not None:
        definition = manifest["codebook"].get("definition")
        if codebook is None and definition:
            codebook = parse_codebook(definition, source="manifest")
        settings = manifest.get("project")
    done = import_into_project(db, actor, args.project, records, entities=entities, codebook=codebook,
                               settings=settings, annotator=args.annotator, source=", ".join(args.paths))
    result = done.result
    created = " (project created)" if done.created else ""
    print(f"{args.project}{created}: {result.added} documents added, {result.skipped} already present, "
          f"{result.annotations} annotations added")
    return 0


def open_output(path: str, *, binary: bool = False) -> Any:
    if path == "-":
        return nullcontext(sys.stdout.buffer if binary else sys.stdout)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")


def cmd_export(args: argparse.Namespace) -> int:
    db = open_database(args)
    actor = actor_from(args, db)
    project = get_project(db, actor, args.project)
    flt = filter_from(args, include_deleted=True)
    with open_export(db, actor, project.id, fmt=native_jsonl.FORMAT_ID, filters=flt) as stream, \
            open_output(args.output) as fp:
        count = native_jsonl.write(stream.manifest, stream.entities, stream.records, fp)
    if args.output != "-":
        print(f"{count} documents written to {args.output}", file=sys.stderr)
    return 0

