"""The side panel draws each attribute with the widget its type's widget kind names (the
codebook's table), and stores what the widget returns as the type's value."""

from __future__ import annotations

from typing import get_args

import pytest

from annotator.codebooks import load_builtin
from annotator.codebooks.attribute_types import TYPES, WidgetKind
from annotator.codebooks.schema import AttributeDef
from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import list_annotations
from annotator.services.team.projects import create_project
from annotator.ui.workspace.span_panel import WIDGETS

from ..support.builders import SOUTHFRONT_LIKE
from .workspace_support import PASSWORD, event, log_in, new_app, open_page, selection, send


def test_every_widget_kind_has_a_streamlit_widget() -> None:
    assert set(WIDGETS) == set(get_args(WidgetKind)) == {t.widget for t in TYPES.values()}


@pytest.mark.parametrize(("kind", "shown", "stored"), [
    ("yes_no", "yes", True), ("yes_no", "no", False), ("yes_no", None, None),
    ("text", "  Ministry  ", "Ministry"), ("text", "   ", None),
    ("number", 2.5, 2.5), ("select", "high", "high"),
])
def test_widget_values_are_stored_as_the_type_holds_them(kind: WidgetKind, shown: object, stored: object) -> None:
    _, as_stored = WIDGETS[kind]
    assert as_stored(shown) == stored


def test_a_number_attribute_is_a_number_box(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead_view = create_user(sqlite_db, Actor.system(), "lead", PASSWORD, role="admin")
    lead = Actor(lead_view.id, "lead", GlobalRole.ADMIN)
    codebook = load_builtin("framing").model_copy(deep=True)
    codebook.key = "framing-scored"
    claim = next(label for label in codebook.labels if label.key == "claim")
    claim.attributes.append(AttributeDef(key="score", name="Score", type="number"))
    project = create_project(sqlite_db, lead, "Scored", codebook=codebook)
    doc, _ = add_document(sqlite_db, lead, project.id, SOUTHFRONT_LIKE, title="Doc")
    at = open_page(log_in(new_app(), "lead"), "workspace", doc=str(doc))
    send(at, event(doc, "create", label="claim", selection=selection(SOUTHFRONT_LIKE, "Café owners said")))
    [span] = list_annotations(sqlite_db, lead, doc)
    at.number_input(key=f"ws-span-{span.id}-attr-score").set_value(2.5).run()
    assert not at.exception and not at.error
    [span] = list_annotations(sqlite_db, lead, doc)
    assert span.attributes == {"score": 2.5}
