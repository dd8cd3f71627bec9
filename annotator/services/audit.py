"""Writing and reading the audit trail. Every write service records an event here."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, User
from ..models.enums import ProjectRole
from .actor import Actor
from .permissions import project_role, require_project_role
from .unit import read_service
from .views import AuditView

#: Never copied into an audit snapshot.
_SECRET_COLUMNS = {"password_hash"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(row: Any) -> dict[str, Any]:
    """The row's column values as JSON-able data (secrets left out)."""
    mapper = inspect(row).mapper
    return {
        attr.key: _jsonable(getattr(row, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SECRET_COLUMNS
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    project_id: int | None = None,
    document_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditEvent(
            user_id=actor.user_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            project_id=project_id,
            document_id=document_id,
            before=before,
            after=after,
            detail=detail[:1000] if detail else None,
        )
    )


def _views(session: Session, rows: list[AuditEvent]) -> list[AuditView]:
    user_ids = {r.user_id for r in rows if r.user_id is not None}
    names = dict(
        session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all()
    ) if user_ids else {}
    return [
        AuditView(
            id=r.id,
            at=r.at,
            username=names.get(r.user_id) if r.user_id else None,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            document_id=r.document_id,
            before=r.before,
            after=r.after,
            detail=r.detail,
        )
        for r in rows
    ]


@read_service
def object_history(
    session: Session, actor: Actor, object_type: str, object_id: int, project_id: int
) -> list[AuditView]:
    """Events of one row, oldest first. Annotators see the history of their own rows only
    in blind projects (the caller checks visibility of the row before asking)."""
    project_role(session, actor, project_id, required=True)
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id)
    ).all()
    return _views(session, list(rows))


@read_service
def project_log(
    session: Session, actor: Actor, project_id: int, *, limit: int = 500, offset: int = 0
) -> list[AuditView]:
    """The project's audit log, newest first (project admins only)."""
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "read the audit log")
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.project_id == project_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return _views(session, list(rows))
