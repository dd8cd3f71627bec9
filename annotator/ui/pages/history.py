"""History of a document: who changed what and when, before and after; deleted spans can be
restored. What an annotator sees of it follows the blind rule (services/annotation/history.py)."""

from __future__ import annotations

import json

import streamlit as st

from ...services.annotation.history import document_history
from ...services.annotation.spans import list_annotations, restore_annotation
from ..auth import require_actor
from ..feedback import run_service
from ..pickers import pick_document, pick_project
from ..resources import get_db
from ..text import frame


def render() -> None:
    st.header("History")
    project = pick_project("history_project")
    if project is None:
        return
    document_id = pick_document(project.id, "history_document")
    if document_id is None:
        return
    db, me = get_db(), require_actor()
    entries = run_service(lambda: document_history(db, me, document_id)) or []
    st.dataframe(frame([
        {"When": e.at, "Who": e.who, "Action": e.action, "Object": f"{e.object_type} {e.object_id or ''}",
         "Changes": "; ".join(f"{k}: {_short(old)} → {_short(new)}" for k, (old, new) in e.changes.items()),
         "Detail": e.detail or ""}
        for e in reversed(entries)
    ], columns=["When", "Who", "Action", "Object", "Changes", "Detail"]),
        hide_index=True, width="stretch", key="history_table")
    deleted = [a for a in (run_service(lambda: list_annotations(db, me, document_id, include_deleted=True)) or [])
               if a.deleted]
    st.subheader("Deleted spans")
    if not deleted:
        st.info("No deleted spans you may restore.")
        return
    st.dataframe(frame([
        {"Id": a.id, "Annotator": a.username, "Label": a.label_name, "Quote": a.quote,
         "Deleted at": a.updated_at}
        for a in deleted
    ]), hide_index=True, width="stretch", key="history_deleted")
    chosen = st.selectbox("Span", [a.id for a in deleted], key="history_restore_pick")
    if st.button("Restore", key="history_restore", type="primary"):
        run_service(lambda: restore_annotation(db, me, chosen), "span restored", rerun=True)


def _short(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"
