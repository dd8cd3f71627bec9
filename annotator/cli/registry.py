"""`funding` and `entities`: funding appeals in a text, the registry of outlets and
organisations, its import and export (JSON or CSV), merging duplicates, funding proposals."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import commands
from .commands import ENTITY_KINDS, REGISTRY_FORMATS
from .common import CommandError, actor_from, open_database, overridable, project_context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    funding = commands.add(sub, "funding").add_subparsers(
        dest="funding_command", required=True, metavar="COMMAND")
    detect = funding.add_parser(
        "detect", help="print the funding appeals in a text file",
        description="Print the funding appeals found in a UTF-8 text file (- for standard input), one JSON "
        "object per line: channel, identifier, start, end (code points, end exclusive) and quote.")
    detect.add_argument("path", metavar="PATH")
    detect.set_defaults(func=cmd_funding_detect)
    proposals = funding.add_parser("proposals", help="list proposed funding links",
                                   description="List funding links proposed from articles (or those of another status).")
    proposals.add_argument("--status", choices=["proposed", "accepted", "rejected"], default="proposed")
    proposals.set_defaults(func=cmd_funding_proposals)
    for name, verb in (("accept", "accepted"), ("reject", "rejected")):
        decide = funding.add_parser(name, help=f"{name} proposed funding links", description=f"Mark funding links as {verb}.")
        decide.add_argument("ids", nargs="+", type=int, metavar="ID")
        decide.add_argument("--note", help="why (kept with the link)")
        decide.set_defaults(func=cmd_funding_decide, decision=verb)

    entities = commands.add(sub, "entities").add_subparsers(
        dest="entities_command", required=True, metavar="COMMAND")
    lst = entities.add_parser("list", help="list registry entries", description="List registry entries.")
    lst.add_argument("--kind", choices=ENTITY_KINDS)
    lst.add_argument("--search", help="part of a name or domain")
    lst.add_argument("--merged", action="store_true", help="include entries merged into others")
    lst.set_defaults(func=cmd_entities_list)
    add = entities.add_parser("add", help="add a registry entry", description="Add an outlet, organisation, person, state or platform.")
    add.add_argument("name")
    add.add_argument("--kind", choices=ENTITY_KINDS, required=True)
    add.add_argument("--domain", action="append", default=[], help="a web domain it publishes under (repeatable)")
    add.add_argument("--country")
    add.add_argument("--description", default="")
    add.add_argument("--same-name", action="store_true",
                     help="add it although an entry of this kind and name exists (two that share a name)")
    add.set_defaults(func=cmd_entities_add)
    imp = entities.add_parser(
        "import", help="import a registry file",
        description="Import registry files: a registry .json, a native .jsonl export, CSV tables (entities.csv, "
        "funding_links.csv, ratings.csv, designations.csv, or a folder or .zip of them). Checked whole first; "
        "one problem refuses everything.")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.set_defaults(func=cmd_entities_import)
    exp = entities.add_parser("export", help="export the registry",
                              description="Write the whole registry as JSON (a file, or - for standard output) "
                              "or as CSV tables (a folder, or a .zip file).")
    exp.add_argument("--format", choices=REGISTRY_FORMATS, default="json")
    exp.add_argument("--output", required=True)
    exp.set_defaults(func=cmd_entities_export)
    merge = entities.add_parser("merge", help="merge a duplicate entry into another",
                                description="Move everything of DUPLICATE to SURVIVOR (by id, uid or name) and mark it merged.")
    merge.add_argument("survivor")
    merge.add_argument("duplicate")
    merge.set_defaults(func=cmd_entities_merge)
    match = entities.add_parser("match-outlets", help="give documents their outlet from their URL",
                                description="Give each document of a project without an outlet the one its URL's domain names.")
    match.add_argument("--project", required=True)
    match.set_defaults(func=cmd_entities_match)


def cmd_funding_detect(args: argparse.Namespace) -> int:
    from ..ingest.text import decode
    from ..suggest import detect_funding_appeals
    from ..suggest.jsonlines import to_json_lines

    if args.path == "-":
        text = decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        path = Path(args.path)
        if not path.is_file():
            raise CommandError(f"{args.path}: no such file")
        text = decode(path.read_bytes(), args.path)
    for line in to_json_lines(detect_funding_appeals(text)):
        print(line)
    return 0


def cmd_funding_proposals(args: argparse.Namespace) -> int:
    from ..services.registry.funding_proposals import list_proposals

    db = open_database(args)
    for proposal in list_proposals(db, actor_from(args, db), status=args.status):
        link = proposal.link
        print(json.dumps({"id": link.id, "recipient": link.recipient, "channel": link.channel,
                          "identifier": link.identifier, "quote": link.evidence_quote,
                          "document_id": link.evidence_document_id, "status": link.status}, ensure_ascii=False))
    return 0


def cmd_funding_decide(args: argparse.Namespace) -> int:
    from ..services.registry.funding import decide_funding_link

    db = open_database(args)
    actor = actor_from(args, db)
    for link_id in args.ids:
        link = decide_funding_link(db, actor, link_id, args.decision, note=args.note)
        print(f"{link.id}: {link.recipient} {link.channel or link.kind} {link.identifier or ''} -> {link.status}")
    return 0


def cmd_entities_list(args: argparse.Namespace) -> int:
    from ..services.registry.entities import list_entities

    db = open_database(args)
    for e in list_entities(db, actor_from(args, db), kind=args.kind, search=args.search, include_merged=args.merged):
        merged = f"  (merged into {e.merged_into_id})" if e.merged_into_id else ""
        print(f"{e.id}\t{e.kind}\t{e.name}\t{' '.join(e.domains)}{merged}")
    return 0


def cmd_entities_add(args: argparse.Namespace) -> int:
    from ..services.registry.entities import create_entity

    db = open_database(args)
    with overridable(same_name="--same-name adds a second entity of this name (two that share a name)"):
        entity = create_entity(db, actor_from(args, db), args.kind, args.name, country=args.country,
                               description=args.description, domains=args.domain, same_name=args.same_name)
    print(f"entity {entity.id} created: {entity.name} ({entity.kind}) {' '.join(entity.domains)}".rstrip())
    return 0


def cmd_entities_import(args: argparse.Namespace) -> int:
    from ..config import get_settings
    from ..services.exchange.local_imports import import_registry_paths

    db = open_database(args)
    result = import_registry_paths(db, actor_from(args, db), args.paths, settings=get_settings(args.database))
    print(f"{result.entities_created} entities added, {result.entities_existing} already present; "
          f"{result.domains_added} domains, {result.funding_links_added} funding links, {result.ratings_added} ratings, "
          f"{result.designations_added} designations added; {result.skipped} rows already present")
    return 0


def cmd_entities_export(args: argparse.Namespace) -> int:
    from ..services.exchange.exports import export_registry_to_path, export_registry_to_stream

    db = open_database(args)
    actor = actor_from(args, db)
    if args.output == "-":
        export_registry_to_stream(db, actor, args.format, sys.stdout)
        return 0
    count = export_registry_to_path(db, actor, args.format, Path(args.output))
    print(f"{count} entities written to {args.output}", file=sys.stderr)
    return 0


def cmd_entities_merge(args: argparse.Namespace) -> int:
    from ..services.registry.entities import find_entity
    from ..services.registry.entity_merge import merge_entities

    db = open_database(args)
    actor = actor_from(args, db)
    survivor, duplicate = find_entity(db, actor, args.survivor), find_entity(db, actor, args.duplicate)
    result = merge_entities(db, actor, survivor.id, duplicate.id)
    moved = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in result.moved.items() if count)
    print(f"{duplicate.name} merged into {survivor.name}: {moved or 'nothing to move'}")
    return 0


def cmd_entities_match(args: argparse.Namespace) -> int:
    from ..services.registry.outlets import match_outlets

    db, actor, project = project_context(args)
    print(f"{match_outlets(db, actor, project.id)} documents got their outlet from their URL")
    return 0
