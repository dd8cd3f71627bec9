"""Projects, their settings and memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import Conflict, Forbidden, InvalidInput, NotFound
from ...models import Annotation, Assignment, Document, Membership, Project, User, utcnow
from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..annotation.codebooks import ensure_codebook
from ..permissions import (
    load_project,
    project_role,
    require_project_role,
    visible_annotations_filter,
)
from ..unit import read_service, write_service
from ..views import MemberView, ProjectView

if TYPE_CHECKING:
    from ...codebooks import CodebookDef

#: The settings a project carries (also what an import may copy from a native file's manifest).
SETTINGS = ("blind", "allow_overlaps", "annotators_per_document", "description")


def project_view(project: Project, my_role: ProjectRole | None = None) -> ProjectView:
    return ProjectView(
        id=project.id,
        name=project.name,
        description=project.description,
        codebook_key=project.codebook.key,
        codebook_version=project.codebook.version,
        blind=project.blind,
        allow_overlaps=project.allow_overlaps,
        annotators_per_document=project.annotators_per_document,
        settings=dict(project.settings),
        created_at=project.created_at,
        my_role=my_role.value if my_role else None,
        archived=project.archived_at is not None,
    )


def require_creator(actor: Actor) -> None:
    """Global admins and curators create projects."""
    if not actor.is_admin and actor.role.value != "curator":
        raise Forbidden(f"{actor.username} may not create projects", action="create project")


@write_service
def create_project(
    session: Session,
    actor: Actor,
    name: str,
    *,
    codebook: str | CodebookDef | None = None,
    blind: bool = False,
    allow_overlaps: bool = True,
    annotators_per_document: int = 1,
    description: str = "",
    lead: str | None = None,
) -> ProjectView:
    """Create a project pinned to a codebook (a built-in key, a file path or a definition).
    The creator becomes its admin, and so does `lead` (a user name) when given."""
    require_creator(actor)
    name = _check_name(session, name)
    if annotators_per_document < 1:
        raise InvalidInput("at least one annotator per document", field="annotators_per_document")
    lead_user = _user_named(session, lead) if lead else None
    # The loader, imported here: see codebooks/__init__.py.
    from ...codebooks import CodebookDef, resolve_codebook

    definition = codebook if isinstance(codebook, CodebookDef) else resolve_codebook(codebook)
    stored = ensure_codebook(session, definition)
    stored.frozen = True
    project = Project(
        name=name,
        description=description,
        codebook_id=stored.id,
        blind=blind,
        allow_overlaps=allow_overlaps,
        annotators_per_document=annotators_per_document,
    )
    session.add(project)
    session.flush()
    for user_id in dict.fromkeys(u for u in (actor.user_id, lead_user.id if lead_user else None) if u is not None):
        session.add(Membership(project_id=project.id, user_id=user_id, role=ProjectRole.ADMIN))
    audit.record(
        session, actor, "create", "project", project.id, project_id=project.id,
        after=audit.snapshot(project),
    )
    session.refresh(project)
    return project_view(project, ProjectRole.ADMIN)


def _check_name(session: Session, name: str, *, besides: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("a project name is 1-200 characters", field="name")
    taken = session.scalar(select(Project.id).where(Project.name == name))
    if taken is not None and taken != besides:
        raise Conflict(f"project {name!r} exists already")
    return name


def _user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


@read_service
def list_projects(session: Session, actor: Actor, *, include_archived: bool = False) -> list[ProjectView]:
    """Projects the actor belongs to (all of them for a global admin); archived ones only
    when asked for."""
    live = Project.archived_at.is_(None) if not include_archived else Project.id.is_not(None)
    if actor.is_admin:
        projects = session.scalars(select(Project).where(live).order_by(Project.name)).all()
        return [project_view(p, ProjectRole.ADMIN) for p in projects]
    rows = session.execute(
        select(Project, Membership.role)
        .join(Membership, Membership.project_id == Project.id)
        .where(Membership.user_id == actor.user_id, live)
        .order_by(Project.name)
    ).all()
    return [project_view(p, role) for p, role in rows]


def find_project_id(session: Session, name: str) -> int | None:
    return session.scalar(select(Project.id).where(Project.name == name))


@read_service
def get_project(session: Session, actor: Actor, project: int | str) -> ProjectView:
    """A project by id or name, if the actor may see it."""
    project_id = project if isinstance(project, int) else find_project_id(session, project)
    if project_id is None:
        raise NotFound(f"no project named {project!r}")
    row = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    return project_view(row, role)


@write_service
def update_project(session: Session, /, actor: Actor, project_id: int, **changes: Any) -> ProjectView:
    """Change the name, blind, allow_overlaps, annotators_per_document or description."""
    role = require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change project settings")
    unknown = set(changes) - {*SETTINGS, "name"}
    if unknown:
        raise InvalidInput(f"unknown setting(s): {', '.join(sorted(unknown))}")
    project = load_project(session, project_id)
    before = audit.snapshot(project)
    if "name" in changes:
        changes["name"] = _check_name(session, str(changes["name"]), besides=project_id)
    for key, value in changes.items():
        setattr(project, key, value)
    if project.annotators_per_document < 1:
        raise InvalidInput("at least one annotator per document", field="annotators_per_document")
    audit.record(
        session, actor, "update", "project", project.id, project_id=project.id,
        before=before, after=audit.snapshot(project),
    )
    return project_view(project, role)


@write_service
def archive_project(session: Session, actor: Actor, project_id: int, *, archived: bool = True) -> ProjectView:
    """Archive a project (out of the pickers; nothing is deleted) or bring it back (project
    admins)."""
    role = require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "archive the project")
    project = load_project(session, project_id)
    if (project.archived_at is not None) != archived:
        before = audit.snapshot(project)
        project.archived_at = utcnow() if archived else None
        audit.record(session, actor, "update", "project", project.id, project_id=project.id,
                     before=before, after=audit.snapshot(project), detail="archived" if archived else "restored")
    return project_view(project, role)


@write_service
def set_member(
    session: Session, actor: Actor, project_id: int, username: str, role: ProjectRole | str
) -> MemberView:
    """Add a user to a project or change their role there (project admins only)."""
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change memberships")
    user = _user_named(session, username)
    membership = session.scalar(
        select(Membership).where(Membership.project_id == project_id, Membership.user_id == user.id)
    )
    before = audit.snapshot(membership) if membership else None
    if membership is None:
        membership = Membership(project_id=project_id, user_id=user.id, role=ProjectRole(role))
        session.add(membership)
    else:
        membership.role = ProjectRole(role)
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "membership", membership.id,
        project_id=project_id, before=before, after=audit.snapshot(membership),
    )
    return MemberView(user.id, user.username, user.display_name, membership.role.value, user.active)


@write_service
def remove_member(session: Session, actor: Actor, project_id: int, username: str) -> None:
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change memberships")
    membership = session.scalar(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.project_id == project_id, User.username == username)
    )
    if membership is None:
        raise NotFound(f"{username!r} is not a member of this project")
    audit.record(
        session, actor, "delete", "membership", membership.id, project_id=project_id,
        before=audit.snapshot(membership),
    )
    session.delete(membership)


@read_service
def list_members(session: Session, actor: Actor, project_id: int) -> list[MemberView]:
    project_role(session, actor, project_id, required=True)
    rows = session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.project_id == project_id)
        .order_by(User.username)
    ).all()
    return [MemberView(u.id, u.username, u.display_name, r.value, u.active) for u, r in rows]


@dataclass(frozen=True)
class ProjectSummary:
    """What a project holds: what its pages say when they are empty, and what its settings page
    says a change will (not) touch."""

    documents: int
    #: Live spans of every annotator (of the caller alone, for an annotator of a blind project).
    spans: int
    annotators: int
    #: Documents with at least one annotator assigned.
    assigned: int


@read_service
def project_summary(session: Session, actor: Actor, project_id: int) -> ProjectSummary:
    role = project_role(session, actor, project_id, required=True)
    project = load_project(session, project_id)
    documents = select(Document.id).where(Document.project_id == project_id).scalar_subquery()
    return ProjectSummary(
        documents=session.scalar(select(func.count()).select_from(Document).where(Document.project_id == project_id)) or 0,
        spans=session.scalar(select(func.count()).select_from(Annotation).where(
            Annotation.document_id.in_(documents), visible_annotations_filter(project, role, actor))) or 0,
        annotators=session.scalar(select(func.count()).select_from(Membership).where(
            Membership.project_id == project_id, Membership.role == ProjectRole.ANNOTATOR)) or 0,
        assigned=session.scalar(select(func.count(func.distinct(Assignment.document_id))).where(
            Assignment.document_id.in_(documents))) or 0,
    )
