"""Who may do what. Every check lives here and runs inside services, never in pages."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ..errors import Forbidden, NotFound
from ..models import Annotation, Assignment, Document, Membership, Project
from ..models.enums import GlobalRole, ProjectRole
from .actor import Actor

#: Project leads: they see every annotator's work (even in a blind project), import, assign,
#: curate and edit the shared registry.
LEADS = frozenset({ProjectRole.ADMIN, ProjectRole.CURATOR})
OVERSEERS = LEADS

#: Project.settings key: annotators open only the documents assigned to them. Set when a
#: lead first assigns documents (services/team/assignments.py); an admin may turn it off.
ASSIGNED_ONLY = "assigned_only"
#: Project.settings key: curators see annotators as "Annotator 1, 2, ..." (services/names.py).
HIDE_ANNOTATOR_NAMES = "hide_annotator_names"


def project_role(
    session: Session, actor: Actor, project_id: int, *, required: bool = False
) -> ProjectRole | None:
    """The actor's role in the project; global admins count as project admins."""
    if actor.is_admin:
        return ProjectRole.ADMIN
    role = session.scalar(
        select(Membership.role).where(
            Membership.project_id == project_id, Membership.user_id == actor.user_id
        )
    )
    if role is None and required:
        raise Forbidden(
            f"{actor.username} is not a member of this project",
            action="access project",
            project_id=project_id,
            object_id=project_id,
        )
    return role


def check_role(
    actor: Actor,
    role: ProjectRole,
    roles: Collection[ProjectRole],
    action: str,
    *,
    project_id: int,
    object_type: str = "project",
    object_id: int | None = None,
    document_id: int | None = None,
) -> ProjectRole:
    """The role, if it is one of `roles`; else Forbidden (audited by the service layer)."""
    if role not in roles:
        raise Forbidden(
            f"{actor.username} ({role.value}) may not {action}",
            action=action,
            object_type=object_type,
            object_id=project_id if object_id is None else object_id,
            project_id=project_id,
            document_id=document_id,
        )
    return role


def require_project_role(
    session: Session,
    actor: Actor,
    project_id: int,
    roles: Collection[ProjectRole],
    action: str,
) -> ProjectRole:
    role = project_role(session, actor, project_id, required=True)
    assert role is not None
    return check_role(actor, role, roles, action, project_id=project_id)


def sees_everyone(project: Project, role: ProjectRole | None) -> bool:
    """In a blind project only curators and admins see other annotators' spans."""
    return not project.blind or role in OVERSEERS


def visible_annotations_filter(project: Project, role: ProjectRole | None, actor: Actor) -> ColumnElement[bool]:
    """SQL condition on Annotation: live spans the actor may see (own only when blind)."""
    condition: ColumnElement[bool] = Annotation.deleted_at.is_(None)
    if not sees_everyone(project, role):
        condition = condition & (Annotation.user_id == actor.user_id)
    return condition


def restricted_to_assignments(project: Project, role: ProjectRole | None) -> bool:
    """Whether this role, in this project, may open only the documents assigned to it."""
    return role == ProjectRole.ANNOTATOR and bool((project.settings or {}).get(ASSIGNED_ONLY))


def require_assigned(
    session: Session, actor: Actor, project: Project, role: ProjectRole | None, document_id: int
) -> None:
    """Refuse (and so audit) an annotator opening a document that is not in their queue."""
    if not restricted_to_assignments(project, role):
        return
    assigned = session.scalar(
        select(Assignment.id).where(
            Assignment.document_id == document_id, Assignment.user_id == actor.user_id
        )
    )
    if assigned is None:
        raise Forbidden(
            f"document {document_id} is not assigned to {actor.username}",
            action="open unassigned document",
            object_type="document",
            object_id=document_id,
            project_id=project.id,
            document_id=document_id,
        )


def load_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project with id {project_id}")
    return project


def lock_document(session: Session, document_id: int) -> None:
    """Serialise writers of one document until commit, so that two concurrent saves cannot
    both pass a no-overlap check. SQLite needs nothing: its writes already queue behind
    BEGIN IMMEDIATE (see db.py)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Document.id).where(Document.id == document_id).with_for_update())


def load_document_for(
    session: Session, actor: Actor, document_id: int
) -> tuple[Document, Project, ProjectRole]:
    """The document, its project and the actor's role, or NotFound / Forbidden."""
    document = session.scalar(select(Document).where(Document.id == document_id))
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    project = load_project(session, document.project_id)
    role = project_role(session, actor, project.id, required=True)
    assert role is not None
    require_assigned(session, actor, project, role, document.id)
    return document, project, role


def require_can_change(
    actor: Actor, annotation: Annotation, role: ProjectRole, project_id: int, action: str
) -> None:
    """Annotators change only their own spans; project admins may change anyone's."""
    if annotation.user_id == actor.user_id or role == ProjectRole.ADMIN:
        return
    raise Forbidden(
        f"{actor.username} may not {action} another annotator's span",
        action=action,
        object_type="annotation",
        object_id=annotation.id,
        project_id=project_id,
        document_id=annotation.document_id,
    )


#: Project roles that may edit the shared registry of outlets and organisations.
REGISTRY_EDITORS = LEADS


def can_edit_registry(session: Session, actor: Actor) -> bool:
    """The registry is shared by every project: global admins and curators edit it, and so
    does anyone who is admin or curator of at least one project. Everyone reads it."""
    if actor.is_admin or actor.role == GlobalRole.CURATOR:
        return True
    if actor.user_id is None:
        return False
    return session.scalar(
        select(Membership.id).where(
            Membership.user_id == actor.user_id, Membership.role.in_(REGISTRY_EDITORS)
        ).limit(1)
    ) is not None


def require_registry_editor(
    session: Session, actor: Actor, action: str, *, object_type: str = "entity", object_id: int | None = None
) -> None:
    if not can_edit_registry(session, actor):
        raise Forbidden(
            f"{actor.username} may not {action}: the registry is edited by admins and curators",
            action=action, object_type=object_type, object_id=object_id,
        )


def project_leads(session: Session, project_id: int) -> frozenset[int]:
    """The user ids of the project's curators and admins."""
    return frozenset(session.scalars(select(Membership.user_id).where(
        Membership.project_id == project_id, Membership.role != ProjectRole.ANNOTATOR)))


def project_annotators(session: Session, project_id: int) -> frozenset[int]:
    """The user ids of the project's members in the annotator role."""
    return frozenset(session.scalars(select(Membership.user_id).where(
        Membership.project_id == project_id, Membership.role == ProjectRole.ANNOTATOR)))


def member_roles(session: Session, actor: Actor) -> dict[int, ProjectRole] | None:
    """The actor's role per project; None for global admins, who read every project."""
    if actor.is_admin:
        return None
    if actor.user_id is None:
        return {}
    return dict(session.execute(
        select(Membership.project_id, Membership.role).where(Membership.user_id == actor.user_id)
    ).all())
