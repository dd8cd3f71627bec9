"""`suggest`: run the rule-based detectors in batch, or print them for one text file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..suggest.registry import DETECTORS
from . import commands
from .common import CommandError, actor_from, open_database

if TYPE_CHECKING:
    from ..suggest import Lexicon


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rules = ", ".join(f"{name} ({d.description})" for name, d in DETECTORS.items())
    cmd = commands.add(
        sub, "suggest",
        description="With --project: run the detectors over a project's documents, store the "
        "suggestions (shown in the workspace) and mark page furniture and comments. With "
        f"--text-file: print the suggestions for one text file as JSON lines. Rules: {rules}.",
    )
    target = cmd.add_mutually_exclusive_group(required=True)
    target.add_argument("--project", help="project name")
    target.add_argument("--text-file", type=Path, metavar="PATH", help="a UTF-8 text file")
    cmd.add_argument("--document", type=int, action="append", default=[], help="only this document id (repeatable)")
    cmd.add_argument("--rule", action="append", default=[], choices=sorted(DETECTORS),
                     help="with --text-file: only this rule (repeatable)")
    cmd.add_argument("--lexicon", type=Path, metavar="YAML",
                     help="extend the built-in lexicon: with --project it is stored as the project's extension")
    cmd.add_argument("--no-parts", action="store_true", help="do not mark furniture and comments")
    cmd.set_defaults(func=cmd_suggest)


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..services.annotation.suggestions import run_suggestions, set_project_lexicon
    from ..services.team.projects import get_project

    if args.text_file is not None:
        return _print_for_file(args)
    db = open_database(args)
    actor = actor_from(args, db)
    project = get_project(db, actor, args.project)
    if args.lexicon is not None:
        _lexicon, entries = _read_lexicon(args.lexicon)
        count = set_project_lexicon(db, actor, project.id, entries)
        print(f"project lexicon: {count} entries stored")
    run = run_suggestions(db, actor, project.id, document_ids=tuple(args.document), mark_parts=not args.no_parts)
    print(f"{run.suggestions} suggestions stored for {run.documents} documents; parts marked on {run.parts_marked}")
    return 0


def _read_lexicon(path: Path) -> tuple[Lexicon, list[Any]]:
    """The lexicon file, read once and validated with errors naming the file and the entry;
    also its raw entries, which a project stores as its extension."""
    import yaml

    from ..suggest import LexiconError
    from ..suggest.lexicon import parse_lexicon

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{path}: cannot read lexicon: {error}") from error
    except yaml.YAMLError as error:
        raise InvalidInput(f"{path}: not valid YAML: {error}") from error
    try:
        lexicon = parse_lexicon(data, str(path))
    except LexiconError as error:
        raise InvalidInput(str(error)) from error
    entries = data.get("entries") if isinstance(data, dict) else data
    assert isinstance(entries, list)  # parse_lexicon has refused anything else
    return lexicon, entries


def _print_for_file(args: argparse.Namespace) -> int:
    from ..ingest.text import decode
    from ..suggest import detect_all
    from ..suggest.jsonlines import to_json_lines

    if args.document:
        raise CommandError("--document goes with --project")
    path: Path = args.text_file
    try:
        text = decode(path.read_bytes(), str(path))
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from error
    extra = _read_lexicon(args.lexicon)[0] if args.lexicon else None
    found = detect_all(text, rules=args.rule or None, lexicon_extra=extra)
    for line in to_json_lines(found):
        print(line)
    return 0
