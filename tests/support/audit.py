"""Reading the audit trail in tests, as plain rows (action, before, after, user_id, detail)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.db import Database
from annotator.models import AuditEvent


def audit_events(db: Database, object_type: str, object_id: int | None = None) -> list[Any]:
    query = select(AuditEvent.action, AuditEvent.before, AuditEvent.after, AuditEvent.user_id,
                   AuditEvent.detail).where(AuditEvent.object_type == object_type).order_by(AuditEvent.id)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    with db.read() as session:
        return list(session.execute(query).all())
