"""Writing the audit trail: every write service records an event here
(services/annotation/history.py reads it back, blind-aware)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.orm import Session

from ..models import AuditEvent, utcnow
from .actor import Actor
from .bulk import insert_rows

#: Never copied into an audit snapshot.
_SECRET_COLUMNS = {"password_hash"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:f}"  # every digit, as text: a JSON number would be read back as a float
    return value


def snapshot(row: Any) -> dict[str, Any]:
    """The row's column values as JSON-able data (secrets left out)."""
    mapper = inspect(row).mapper
    return {
        attr.key: _jsonable(getattr(row, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SECRET_COLUMNS
    }


def event(
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
) -> dict[str, Any]:
    """One audit event's columns; `record` writes one, `record_many` a batch."""
    return {
        "user_id": actor.user_id, "action": action, "object_type": object_type, "object_id": object_id,
        "project_id": project_id, "document_id": document_id, "before": before, "after": after,
        "detail": detail[:1000] if detail else None, "at": utcnow(),
    }


def record(session: Session, actor: Actor, action: str, object_type: str, object_id: int | None,
           **details: Any) -> None:
    """Add one event; `details` are `event`'s keywords (project_id, document_id, before,
    after, detail)."""
    session.add(AuditEvent(**event(actor, action, object_type, object_id, **details)))


def record_many(session: Session, events: list[dict[str, Any]]) -> None:
    """Write the events (from `event`) as one insert of rows and empty the list: an import of
    many documents audits each without holding an ORM object per event."""
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    insert_rows(session, table, events)
    events.clear()


def import_detail(spans: int, source: str, batch: str | None) -> str:
    """The History's line for a document an import wrote to: how many spans its file offered,
    from where, and in which import batch (a native file may carry none)."""
    said = f"{spans} span{'' if spans == 1 else 's'} offered from {source}"
    return f"batch {batch}: {said}" if batch else said


_OFFERED = re.compile(r"\d+ spans? offered from ")


def without_counts(detail: str | None) -> str | None:
    """An import's line for a reader who may not see every annotator's spans (a blind
    project's annotator): where the document came from, not how many spans the file held,
    which would tell them how much the others found."""
    return _OFFERED.sub("imported from ", detail, count=1) if detail else detail
