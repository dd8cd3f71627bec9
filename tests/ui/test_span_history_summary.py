"""The span panel's history line: what changed, with label names instead of ids."""

from __future__ import annotations

from types import SimpleNamespace

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.history import span_history
from annotator.services.annotation.spans import update_annotation
from annotator.ui.workspace.span_panel import _summary

from ..conftest import make_user
from ..support.builders import SOUTHFRONT_LIKE, project_with_document, span


def test_history_lines_name_the_labels_and_the_changes(sqlite_db: Database) -> None:
    lead = Actor.system()
    ana = make_user(sqlite_db, "ana", "admin")
    project, doc = project_with_document(sqlite_db, ana, name="H")
    view = span(sqlite_db, ana, doc, SOUTHFRONT_LIKE, "so-called")
    update_annotation(sqlite_db, ana, view.id, expected_version=1, label="claim",
                      attributes={"check_worthy": True}, note="why")
    workspace = SimpleNamespace(codebook=get_project_codebook(sqlite_db, lead, project))
    events = span_history(sqlite_db, ana, view.id)
    assert [e.who for e in events] == ["ana", "ana"]
    created, updated = (_summary(workspace, e.changes) for e in events)  # type: ignore[arg-type]
    assert "label: — → Loaded language" in created and "quote: — → so-called" in created
    assert updated == "attributes: — → check_worthy=yes; label: Loaded language → Claim; note: — → why"
