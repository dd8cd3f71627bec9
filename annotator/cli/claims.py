"""`claims`: group a project's Claim spans (JSON lines out), import fact-checks (schema.org
ClaimReview JSON-LD) and export them again."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import commands
from .common import CommandError, project_context

EMBEDDINGS = ("auto", "on", "off")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add(sub, "claims", description="Follow claims across articles: group them, import and export fact-checks.")
    actions = cmd.add_subparsers(dest="claims_command", required=True, metavar="ACTION")

    group = actions.add_parser(
        "group", help="propose groups for the Claim spans that have none, then write every Claim span",
        description="Places every Claim span that is in no group (a lead's decisions stay), then writes one "
        'JSON line per Claim span: {"group": ID, "document": EXTERNAL_ID or UID, "start": N, "end": N, '
        '"quote": TEXT} (offsets in code points, end exclusive).')
    group.add_argument("--project", required=True, help="project name")
    group.add_argument("--threshold", type=float, help="the matcher's similarity threshold (0 < T <= 1)")
    group.add_argument("--embeddings", choices=EMBEDDINGS, default="auto",
                       help="sentence embeddings: auto (when a packaged model is installed), on, off")
    group.add_argument("--output", required=True, metavar="PATH|-", help="a file, or - for standard output")
    group.set_defaults(func=cmd_group)

    checks = actions.add_parser("factchecks", help="fact-checks")
    check_actions = checks.add_subparsers(dest="factchecks_command", required=True, metavar="ACTION")
    load = check_actions.add_parser(
        "import", help="import ClaimReview JSON-LD and match it to the groups as proposals",
        description="One ClaimReview object, an array of them, or a page's @graph. Any problem refuses the "
        "file whole; a fact-check already in the project (the same claim at the same page) is skipped.")
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--project", required=True, help="project name")
    load.add_argument("--embeddings", choices=EMBEDDINGS, default="auto")
    load.set_defaults(func=cmd_import)

    export = actions.add_parser("export", help="write the project's fact-checks as ClaimReview JSON-LD")
    export.add_argument("--project", required=True, help="project name")
    export.add_argument("--format", choices=("claimreview",), default="claimreview")
    export.add_argument("--output", required=True, metavar="PATH|-", help="a file, or - for standard output")
    export.set_defaults(func=cmd_export)


def _write(output: str, text: str) -> None:
    """Everything is computed before the file is opened: a refusal leaves no file behind."""
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"{output}: {error.strerror}") from error


@contextmanager
def _embeddings_checked() -> Iterator[None]:
    """`--embeddings on` where the packaged model cannot be loaded: one line of error, not a
    traceback (nothing is written: the services ask for the model before they write)."""
    from ..claims import EmbeddingsUnavailable

    try:
        yield
    except EmbeddingsUnavailable as error:
        raise CommandError(f"--embeddings on: {error}") from error


def cmd_group(args: argparse.Namespace) -> int:
    from ..services.claims.listing import claim_memberships
    from ..services.claims.proposing import propose_project_groups

    db, actor, project = project_context(args)
    with _embeddings_checked():
        run = propose_project_groups(db, actor, project.id, threshold=args.threshold, embeddings=args.embeddings)
    lines = [json.dumps({"group": m.group_id, "document": m.document_ref, "start": m.start, "end": m.end,
                         "quote": m.quote}, ensure_ascii=False) + "\n"
             for m in claim_memberships(db, actor, project.id)]
    _write(args.output, "".join(lines))
    print(f"{run.placed} of {run.claims} claims placed: {run.new_groups} new groups, {run.extended_groups} extended "
          f"({run.embeddings}); {len(lines)} lines written", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..services.claims.factchecks import import_fact_checks

    db, actor, project = project_context(args)
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from error
    with _embeddings_checked():
        done = import_fact_checks(db, actor, project.id, data, source=path.name, embeddings=args.embeddings)
    print(f"{done.added} fact-checks imported, {done.skipped} already in the project; "
          f"{done.proposals} matched to groups as proposals")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..claims import write_claimreview
    from ..services.claims.factchecks import claimreview_export

    db, actor, project = project_context(args)
    out = io.StringIO()
    count = write_claimreview(claimreview_export(db, actor, project.id), out)
    _write(args.output, out.getvalue())
    print(f"{count} fact-checks written", file=sys.stderr)
    return 0
