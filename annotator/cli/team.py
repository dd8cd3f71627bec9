"""`assign`, `unassign`, `queue`, `progress`, `gold`, `history`, `team-settings`: the team
workflow from the command line (the same services as the pages; `--as USER` applies)."""

from __future__ import annotations

import argparse
import json

from . import commands
from .common import CommandError, overridable, project_context


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _documents(value: str | None) -> list[int] | None:
    if value in (None, "all"):
        return None
    try:
        return [int(v) for v in _names(value)]
    except ValueError as error:
        raise CommandError(f"--documents takes ids separated by commas or 'all': {value!r}") from error


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add(sub, "assign",
                     description="Assign documents by hand (--to) or automatically (--auto).")
    commands.add_project(p)
    p.add_argument("--documents", metavar="IDS", help="document ids separated by commas, or 'all' (default)")
    p.add_argument("--to", metavar="USERS", help="annotators separated by commas (by hand)")
    p.add_argument("--auto", action="store_true", help="N annotators per document, balanced load")
    p.add_argument("--per-document", type=int, metavar="N", help="with --auto (default: the project's setting)")
    p.add_argument("--annotators", metavar="USERS", help="with --auto: choose among these (default: every annotator)")
    p.add_argument("--random", action="store_true", help="append to each queue in random order")
    p.add_argument("--seed", type=int, help="seed of the random order (printed when not given)")
    p.set_defaults(func=cmd_assign)

    p = commands.add(sub, "unassign", description="Remove assignments.")
    commands.add_project(p)
    p.add_argument("--documents", metavar="IDS", required=True)
    p.add_argument("--from", dest="users", metavar="USERS", required=True)
    p.add_argument("--force", action="store_true", help="even where the annotator has spans already")
    p.set_defaults(func=cmd_unassign)

    p = commands.add(sub, "queue",
                     description="List the documents assigned to you (or, for leads, to --user).")
    commands.add_project(p)
    p.add_argument("--user", help="whose queue (leads only; default: yours)")
    p.set_defaults(func=cmd_queue)

    p = commands.add(sub, "progress",
                     description="Progress of the project's annotators or documents (leads only).")
    commands.add_project(p)
    p.add_argument("--by", choices=["annotator", "document"], default="annotator")
    p.set_defaults(func=cmd_progress)

    p = commands.add(sub, "gold",
                     description="Pre-accept unanimous spans into the gold layer, or show what is left to decide.")
    commands.add_project(p)
    p.add_argument("--unanimous", action="store_true", help="accept every unanimous span not decided yet")
    p.add_argument("--document", type=int, help="only this document")
    p.add_argument("--done-only", action="store_true", help="compare only annotators who marked the document done")
    p.set_defaults(func=cmd_gold)

    p = commands.add(sub, "history",
                     description="History of a document (--document) or the project's audit log (admins).")
    commands.add_project(p)
    p.add_argument("--document", type=int)
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_history)

    p = commands.add(sub, "team-settings",
                     description="Change the project's team settings (project admins).")
    commands.add_project(p)
    p.add_argument("--assigned-only", action=argparse.BooleanOptionalAction, default=None,
                   help="annotators open only the documents assigned to them")
    p.add_argument("--hide-names", action=argparse.BooleanOptionalAction, default=None,
                   help="curators see 'Annotator N' instead of names")
    p.set_defaults(func=cmd_team_settings)


def cmd_assign(args: argparse.Namespace) -> int:
    from ..services.annotation.documents import list_documents
    from ..services.team import assignments

    db, actor, project = project_context(args)
    documents = _documents(args.documents)
    if args.auto == bool(args.to):
        raise CommandError("give either --to USERS (by hand) or --auto")
    if args.auto:
        result = assignments.auto_assign(
            db, actor, project.id, per_document=args.per_document,
            usernames=_names(args.annotators) if args.annotators else None, document_ids=documents,
            random_order=args.random, seed=args.seed)
    else:
        if documents is None:
            documents = [d.id for d in list_documents(db, actor, project.id)]
        result = assignments.assign(db, actor, project.id, documents, _names(args.to),
                                    random_order=args.random, seed=args.seed)
    print(f"{result.created} assignment(s) added, {result.existing} already there")
    for name, count in result.per_annotator.items():
        print(f"  {name}\t+{count}")
    if result.seed is not None:
        print(f"random order seed: {result.seed}")
    return 0


def cmd_unassign(args: argparse.Namespace) -> int:
    from ..services.annotation.documents import list_documents
    from ..services.team import assignments

    db, actor, project = project_context(args)
    documents = _documents(args.documents) or [d.id for d in list_documents(db, actor, project.id)]
    with overridable(force="--force unassigns them anyway (their spans stay)"):
        removed = assignments.unassign(db, actor, project.id, documents, _names(args.users), force=args.force)
    print(f"{removed} assignment(s) removed")
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    from ..services.team import assignments

    db, actor, project = project_context(args)
    queue = (assignments.queue_of(db, actor, project.id, args.user) if args.user
             else assignments.my_queue(db, actor, project.id))
    print(f"{queue.username}: {queue.done} of {queue.total} done")
    for item in queue.items:
        print(f"{item.position}\t{item.document_id}\t{item.status}\t{item.spans} span(s)\t{item.title[:80]!r}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from ..services.team import assignments

    db, actor, project = project_context(args)
    if args.by == "annotator":
        print("annotator\tassigned\ttodo\tin progress\tdone\tspans")
        for a in assignments.annotator_progress(db, actor, project.id):
            print(f"{a.name}\t{a.assigned}\t{a.todo}\t{a.in_progress}\t{a.done}\t{a.spans}")
    else:
        print("document\twanted\tassigned\tdone\tspans\tgold\ttitle")
        for d in assignments.document_progress(db, actor, project.id):
            print(f"{d.document_id}\t{d.wanted}\t{d.assigned}\t{d.done}\t{d.spans}\t{d.gold}\t{d.title[:60]!r}")
    return 0


def cmd_gold(args: argparse.Namespace) -> int:
    from ..services.annotation.documents import list_documents
    from ..services.team import curation, gold

    db, actor, project = project_context(args)
    if args.unanimous:
        if args.document is not None:
            created = {args.document: len(gold.accept_unanimous(db, actor, args.document, done_only=args.done_only))}
        else:
            created = gold.accept_unanimous_project(db, actor, project.id, done_only=args.done_only)
        print(f"{sum(created.values())} unanimous span(s) accepted into the gold layer "
              f"on {sum(1 for n in created.values() if n)} document(s)")
        return 0
    ids = [args.document] if args.document is not None else [d.id for d in list_documents(db, actor, project.id)]
    print("document\tannotators\tunanimous pending\topen\tresolved\trejected\tgold")
    for doc in ids:
        view = curation.comparison(db, actor, doc, done_only=args.done_only)
        status = [c.status for c in view.clusters]
        pending = sum(1 for u in view.unanimous if not u.in_gold)
        live = sum(1 for g in view.gold if not g.deleted)
        print(f"{doc}\t{len(view.annotators)}\t{pending}\t{status.count('open')}\t"
              f"{status.count('resolved')}\t{status.count('rejected')}\t{live}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from ..services.annotation import history

    db, actor, project = project_context(args)
    entries = (history.document_history(db, actor, args.document, limit=args.limit)
               if args.document is not None else history.project_history(db, actor, project.id, limit=args.limit))
    for e in entries:
        changed = json.dumps({k: list(v) for k, v in e.changes.items()}, ensure_ascii=False, default=str)
        print(f"{e.at:%Y-%m-%d %H:%M:%S}\t{e.who}\t{e.action}\t{e.object_type} {e.object_id or ''}\t"
              f"{changed if e.changes else ''}\t{e.detail or ''}")
    return 0


def cmd_team_settings(args: argparse.Namespace) -> int:
    from ..services.team.settings import set_team_settings

    db, actor, project = project_context(args)
    view = set_team_settings(db, actor, project.id, assigned_only=args.assigned_only,
                             hide_annotator_names=args.hide_names)
    print(json.dumps(view.settings, sort_keys=True))
    return 0
