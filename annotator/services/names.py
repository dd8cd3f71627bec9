"""How annotators are named to the caller: real names, or "Annotator N" for a curator of a
project that hides names (Project.settings["hide_annotator_names"]).

Pseudonyms are numbered per project, in the order annotators first joined it (membership
id; for someone who left, the id of the membership the audit trail says was removed), then
contributors who were never members, by account id. That keeps a number stable while people
join and leave (one who comes back keeps theirs), is the same on every document (a curator can follow one
annotator's habits across documents without learning who it is), and does not follow
alphabetical order, which would give names away. Curators and admins of the project keep
their own names: they are not the ones being judged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Annotation, AuditEvent, Document, Membership, Project, User
from ..models.enums import ProjectRole
from .permissions import HIDE_ANNOTATOR_NAMES

Namer = Callable[[int | None], str]


def hides_names(project: Project, role: ProjectRole | None) -> bool:
    """Curators (not admins) of a project with hidden names see pseudonyms."""
    return role == ProjectRole.CURATOR and bool((project.settings or {}).get(HIDE_ANNOTATOR_NAMES))


def first_joined(session: Session, project_id: int, members: Sequence[tuple[int, int, ProjectRole]]) -> dict[int, int]:
    """user id -> the id of their first membership of the project, removed ones included."""
    joined = {user_id: membership_id for membership_id, user_id, _ in members}
    removed = session.execute(select(AuditEvent.object_id, AuditEvent.before).where(
        AuditEvent.project_id == project_id, AuditEvent.object_type == "membership", AuditEvent.action == "delete"))
    for membership_id, before in removed:
        user_id = (before or {}).get("user_id")
        if isinstance(user_id, int) and membership_id is not None:
            joined[user_id] = min(joined.get(user_id, membership_id), membership_id)
    return joined


def pseudonyms(session: Session, project_id: int) -> dict[int, str]:
    """user id -> "Annotator N" for everyone who annotates (or annotated) in the project."""
    members = session.execute(
        select(Membership.id, Membership.user_id, Membership.role).where(Membership.project_id == project_id)
    ).all()
    leads = {user_id for _, user_id, role in members if role != ProjectRole.ANNOTATOR}
    contributors = set(session.scalars(
        select(Annotation.user_id)
        .join(Document, Document.id == Annotation.document_id)
        .where(Document.project_id == project_id)
        .distinct()
    ))
    named = {user_id for _, user_id, role in members if role == ProjectRole.ANNOTATOR} | (contributors - leads)
    joined = first_joined(session, project_id, members)
    ordered = sorted(named, key=lambda u: (u not in joined, joined.get(u, 0), u))
    return {user_id: f"Annotator {i}" for i, user_id in enumerate(ordered, start=1)}


def visible_names(session: Session, project: Project, role: ProjectRole | None) -> dict[int, str]:
    """User id -> the name the caller may see (a pseudonym where names are hidden from them)."""
    names: dict[int, str] = dict(session.execute(select(User.id, User.username)).all())
    if hides_names(project, role):
        names.update(pseudonyms(session, project.id))
    return names


def namer(session: Session, project: Project, role: ProjectRole | None) -> Namer:
    """A function giving the name the caller may see for a user id."""
    names = visible_names(session, project, role)

    def name(user_id: int | None) -> str:
        if user_id is None:
            return "system"
        return names.get(user_id, "?")

    return name
