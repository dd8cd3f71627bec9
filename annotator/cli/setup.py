"""`init`, `users` and `projects`: setting up a database, accounts and projects."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from . import commands
from .commands import DEFAULT_CODEBOOK, GLOBAL_ROLES, PROJECT_ROLES, builtin_codebooks
from .common import actor_from, open_database, project_context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add(sub, "init", description="Create the database (or migrate it to the latest schema).")
    init.add_argument("--demo", action="store_true", help="also create a demo project and a demo admin")
    init.set_defaults(func=cmd_init)

    users = commands.add(sub, "users").add_subparsers(dest="users_command", required=True, metavar="COMMAND")
    add = users.add_parser("add", help="create an account", description="Create a local account.")
    add.add_argument("name")
    add.add_argument("--role", choices=GLOBAL_ROLES, default="annotator")
    add.add_argument("--display-name", default="")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (else one is generated and printed once)")
    add.set_defaults(func=cmd_users_add)
    lst = users.add_parser("list", help="list accounts", description="List accounts.")
    lst.set_defaults(func=cmd_users_list)
    pw = users.add_parser("password", help="set a password", description="Set an account's password.")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=cmd_users_password)
    ses = users.add_parser("sessions", help="list an account's live sessions",
                           description="List an account's live sessions: started, last seen, expires, browser, address.")
    ses.add_argument("name")
    ses.set_defaults(func=cmd_users_sessions)
    end = users.add_parser("end-sessions", help="sign an account out everywhere",
                           description="End all sessions of an account at once (single sign-on included).")
    end.add_argument("name")
    end.set_defaults(func=cmd_users_end_sessions)
    link = users.add_parser("link", help="link a single sign-on identity to an account",
                            description="Let the identity (issuer, subject) of an OpenID Connect provider sign in "
                                        "as this account: an admin's decision, also for admin accounts.")
    link.add_argument("name")
    link.add_argument("--issuer", required=True, help="the provider's issuer URL (the `iss` claim)")
    link.add_argument("--subject", required=True, help="the person's subject at that provider (the `sub` claim)")
    link.set_defaults(func=cmd_users_link)
    unlink = users.add_parser("unlink", help="remove an account's single sign-on link",
                              description="Remove an account's single sign-on link; its sessions end.")
    unlink.add_argument("name")
    unlink.set_defaults(func=cmd_users_unlink)

    projects = commands.add(sub, "projects").add_subparsers(dest="projects_command", required=True, metavar="COMMAND")
    create = projects.add_parser("create", help="create a project", description="Create a project.")
    create.add_argument("name")
    create.add_argument("--codebook", default=DEFAULT_CODEBOOK,
                        help=f"a built-in codebook ({', '.join(builtin_codebooks())}) or a YAML/JSON file")
    create.add_argument("--blind", action=argparse.BooleanOptionalAction, default=False,
                        help="annotators cannot see each other's spans")
    create.add_argument("--overlaps", action=argparse.BooleanOptionalAction, default=True,
                        help="allow one annotator's spans to overlap")
    create.add_argument("--annotators-per-document", type=int, default=1)
    create.add_argument("--description", default="")
    create.set_defaults(func=cmd_projects_create)
    plist = projects.add_parser("list", help="list projects", description="List projects.")
    plist.set_defaults(func=cmd_projects_list)
    member = projects.add_parser("add-member", help="add a user to a project", description="Add a user to a project or change their role.")
    commands.add_project(member)
    member.add_argument("user")
    member.add_argument("--role", choices=PROJECT_ROLES, default="annotator")
    member.set_defaults(func=cmd_projects_member)


def cmd_init(args: argparse.Namespace) -> int:
    from ..demo import DEMO_ADMIN, create_demo
    from ..migrate import upgrade
    from ..secret_files import exposed_secret_files

    db = open_database(args, require_schema=False)
    upgrade(db.engine)
    print(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")
    for message in exposed_secret_files():
        print(f"warning: {message}; single sign-on stays off until then", file=sys.stderr)
    if args.demo:
        result = create_demo(db)
        if result.admin_password:
            print(f"demo project created; log in as {DEMO_ADMIN!r} with password: {result.admin_password}")
            print("(shown once; change it with `annotator users password admin --password-stdin`)")
        else:
            print("demo project exists already")
    return 0


def _read_password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.password_stdin:
        return (sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()), False
    return secrets.token_urlsafe(12), True


def cmd_users_add(args: argparse.Namespace) -> int:
    from ..services.accounts import users as user_service

    db = open_database(args)
    password, generated = _read_password(args)
    user = user_service.create_user(db, actor_from(args, db), args.name, password, role=args.role,
                                    display_name=args.display_name)
    print(f"user {user.username} created ({user.role})")
    if generated:
        print(f"password (shown once): {password}")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from ..services.accounts import users as user_service

    db = open_database(args)
    for user in user_service.list_users(db, actor_from(args, db)):
        print(f"{user.username}\t{user.role}\t{'active' if user.active else 'inactive'}")
    return 0


def cmd_users_password(args: argparse.Namespace) -> int:
    from ..services.accounts import users as user_service

    db = open_database(args)
    password, generated = _read_password(args)
    user_service.set_password(db, actor_from(args, db), args.name, password)
    print(f"password of {args.name} changed" + (f": {password}" if generated else ""))
    return 0


def cmd_users_sessions(args: argparse.Namespace) -> int:
    from ..services.accounts import sessions as session_service

    db = open_database(args)
    for s in session_service.list_sessions(db, actor_from(args, db), args.name):
        print("\t".join([f"{s.created_at:%Y-%m-%d %H:%M}", f"{s.last_seen_at:%Y-%m-%d %H:%M}",
                         f"{s.expires_at:%Y-%m-%d %H:%M}", s.address or "-", s.user_agent or "-"]))
    return 0


def cmd_users_end_sessions(args: argparse.Namespace) -> int:
    from ..services.accounts import sessions as session_service

    db = open_database(args)
    count = session_service.end_sessions(db, actor_from(args, db), args.name)
    print(f"{count} session(s) of {args.name} ended")
    return 0


def cmd_users_link(args: argparse.Namespace) -> int:
    from ..services.accounts import oidc as oidc_service

    db = open_database(args)
    oidc_service.link_identity(db, actor_from(args, db), args.name, args.issuer, args.subject)
    print(f"{args.name} linked to {args.issuer} subject {args.subject}")
    return 0


def cmd_users_unlink(args: argparse.Namespace) -> int:
    from ..services.accounts import oidc as oidc_service

    db = open_database(args)
    oidc_service.unlink_identity(db, actor_from(args, db), args.name)
    print(f"{args.name} unlinked from single sign-on; its sessions ended")
    return 0


def cmd_projects_create(args: argparse.Namespace) -> int:
    from ..services.team import projects as project_service

    db = open_database(args)
    project = project_service.create_project(
        db, actor_from(args, db), args.name, codebook=args.codebook, blind=args.blind,
        allow_overlaps=args.overlaps, annotators_per_document=args.annotators_per_document,
        description=args.description,
    )
    print(f"project {project.name!r} created (id {project.id}, codebook {project.codebook_key} v{project.codebook_version})")
    return 0


def cmd_projects_list(args: argparse.Namespace) -> int:
    from ..services.team import projects as project_service

    db = open_database(args)
    for p in project_service.list_projects(db, actor_from(args, db)):
        flags = ", ".join(f for f, on in (("blind", p.blind), ("no overlaps", not p.allow_overlaps)) if on)
        print(f"{p.id}\t{p.name}\t{p.codebook_key} v{p.codebook_version}" + (f"\t{flags}" if flags else ""))
    return 0


def cmd_projects_member(args: argparse.Namespace) -> int:
    from ..services.team import projects as project_service

    db, actor, project = project_context(args)
    member = project_service.set_member(db, actor, project.id, args.user, args.role)
    print(f"{member.username} is {member.role} in {project.name!r}")
    return 0
