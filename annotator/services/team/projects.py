"""Projects, their settings and memberships."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...codebooks import CodebookDef, resolve_codebook
from ...errors import Conflict, InvalidInput, NotFound
from ...models import Membership, Project, User
from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..annotation.codebooks import ensure_codebook
from ..permissions import load_project, project_role, require_project_role
from ..unit import read_service, write_service
from ..views import MemberView, ProjectView

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
    )


def _require_creator(actor: Actor) -> None:
    from ...errors import Forbidden

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
) -> ProjectView:
    """Create a project pinned to a codebook (a built-in key, a file path or a definition).
    The creator becomes its admin."""
    _require_creator(actor)
    name = name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("a project name is 1-200 characters", field="name")
    if annotators_per_document < 1:
        raise InvalidInput("at least one annotator per document", field="annotators_per_document")
    if session.scalar(select(Project.id).where(Project.name == name)) is not None:
        raise Conflict(f"project {name!r} exists already")
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
    if actor.user_id is not None:
        session.add(Membership(project_id=project.id, user_id=actor.user_id, role=ProjectRole.ADMIN))
    audit.record(
        session, actor, "create", "project", project.id, project_id=project.id,
        after=audit.snapshot(project),
    )
    session.refresh(project)
    return project_view(project, ProjectRole.ADMIN)


@read_service
def list_projects(session: Session, actor: Actor) -> list[ProjectView]:
    """Projects the actor belongs to (all of them for a global admin)."""
    if actor.is_admin:
        projects = session.scalars(select(Project).order_by(Project.name)).all()
        return [project_view(p, ProjectRole.ADMIN) for p in projects]
    rows = session.execute(
        select(Project, Membership.role)
        .join(Membership, Membership.project_id == Project.id)
        .where(Membership.user_id == actor.user_id)
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
    """Change blind, allow_overlaps, annotators_per_document or description."""
    role = require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change project settings")
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise InvalidInput(f"unknown setting(s): {', '.join(sorted(unknown))}")
    project = load_project(session, project_id)
    before = audit.snapshot(project)
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
def set_member(
    session: Session, actor: Actor, project_id: int, username: str, role: ProjectRole | str
) -> MemberView:
    """Add a user to a project or change their role there (project admins only)."""
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change memberships")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
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
