"""The workspace's relations section (ui/workspace/relations_panel.py), drawn for a selected span
with AppTest: only fitting types are offered (either way round), a relation is drawn by starting
on one span and finishing on the next selected one, or by picking the other span from the list;
it is listed on both ends, deleted and brought back with Undo; what is stored is checked."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.codebooks import load_builtin
from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.documents import get_document
from annotator.services.annotation.relations import list_relations
from annotator.services.views import AnnotationView
from annotator.ui import state
from annotator.ui.workspace import relations_panel
from annotator.ui.workspace.relations_panel import RELATION_START, choices

from ..conftest import make_user
from ..support.builders import add_member, project_with_document, span
from .workspace_support import texts

TEXT = ("Officials claimed the talks succeeded, according to state media. "
        "Critics said the talks failed. Officials repeated that the talks succeeded.")

SCRIPT = """
import streamlit as st
from annotator.ui import state
from annotator.ui.resources import get_db
from annotator.ui.workspace import context, relations_panel
state.init_state()
workspace = context.load(get_db(), st.session_state["actor"], st.session_state["doc"])
spans = workspace.spans(include_deleted=False)
selected = next(s for s in spans if s.id == st.session_state[state.SELECTED_SPAN])
relations_panel.section(workspace, selected, True)
"""


@pytest.fixture
def setting(sqlite_db: Database) -> tuple[Actor, int, dict[str, AnnotationView]]:
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project, doc = project_with_document(sqlite_db, lead, TEXT)
    ana = make_user(sqlite_db, "ana")
    add_member(sqlite_db, lead, project, ana)
    spans = {
        "claim": span(sqlite_db, ana, doc, TEXT, "the talks succeeded", "claim"),
        "source": span(sqlite_db, ana, doc, TEXT, "according to state media", "source_attribution"),
        "failed": span(sqlite_db, ana, doc, TEXT, "the talks failed", "claim"),
        "loaded": span(sqlite_db, ana, doc, TEXT, "Critics", "loaded_language"),
    }
    return ana, doc, spans


def _panel(db: Database, monkeypatch: pytest.MonkeyPatch, actor: Actor, doc: int, selected: int) -> AppTest:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", db.url)
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state["doc"] = doc
    at.session_state[state.SELECTED_SPAN] = selected
    at.run()
    assert not at.exception, at.exception
    return at


def _stored(db: Database, actor: Actor, doc: int) -> list[tuple[str, str, str]]:
    return sorted((r.type, r.from_quote, r.to_quote) for r in list_relations(db, actor, doc))


def test_only_types_whose_ends_fit_are_offered_either_way_round(
        sqlite_db: Database, setting: tuple[Actor, int, dict[str, AnnotationView]]) -> None:
    ana, _doc, spans = setting
    types = get_project_codebook(sqlite_db, ana, get_document(sqlite_db, ana, _doc).project_id).relations
    assert [t.key for t in types] == [r.key for r in load_builtin("framing").relations]
    offered = {(c.type.key, c.reversed) for c in choices(types, "claim", "source_attribution")}
    assert offered == {("attributed_to", False)}
    # From the source's side the same type is offered, read from the claim.
    assert {(c.type.key, c.reversed) for c in choices(types, "source_attribution", "claim")} == {("attributed_to", True)}
    assert {c.type.key for c in choices(types, "claim", "claim")} == {"supports", "contradicts", "repeats"}
    assert choices(types, "loaded_language", "claim") == []
    assert {(c.type.key, c.reversed) for c in choices(types, "claim", "scare_quotes")} == {("frames", True)}


def test_start_on_one_span_and_finish_on_the_next(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
                                                 setting: tuple[Actor, int, dict[str, AnnotationView]]) -> None:
    ana, doc, spans = setting
    at = _panel(sqlite_db, monkeypatch, ana, doc, spans["claim"].id)
    assert "No relations yet." in texts(at)
    at.button(key=f"ws-rel-start-{spans['claim'].id}").click().run()
    assert at.session_state[RELATION_START] == spans["claim"].id
    assert any("click the span the relation goes to" in t for t in texts(at))
    # The annotator clicks the source in the article: it becomes the selected span.
    at.session_state[state.SELECTED_SPAN] = spans["source"].id
    at.run()
    finish = [b for b in at.button if b.key and b.key.startswith(f"ws-rel-finish-{spans['source'].id}-")]
    assert [b.label for b in finish] == ["Attributed to"]
    finish[0].click().run()
    assert not at.exception, at.exception
    assert _stored(sqlite_db, ana, doc) == [("attributed_to", "the talks succeeded", "according to state media")]
    assert at.session_state[RELATION_START] is None
    assert "← Attributed to · “the talks succeeded”" in texts(at)


def test_pick_from_the_list_delete_and_undo(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch,
                                           setting: tuple[Actor, int, dict[str, AnnotationView]]) -> None:
    ana, doc, spans = setting
    claim = spans["failed"].id
    at = _panel(sqlite_db, monkeypatch, ana, doc, claim)
    # The list of spans to relate to is drawn once a relation is started (button or Alt+L).
    assert not [s for s in at.selectbox if s.key == f"ws-rel-other-{claim}"]
    at.button(key=f"ws-rel-start-{claim}").click().run()
    other = at.selectbox(key=f"ws-rel-other-{claim}")
    # Only spans a fitting type can join are listed: the loaded-language span is not.
    assert [o for o in other.options if "Critics" in o] == []
    other.set_value(spans["claim"].id).run()
    kinds = at.selectbox(key=f"ws-rel-type-{claim}")
    assert kinds.options == ["Supports → to the other span", "Contradicts → to the other span", "Repeats ↔"]
    kinds.set_value(1).run()
    at.button(key=f"ws-rel-make-{claim}").click().run()
    assert not at.exception, at.exception
    assert _stored(sqlite_db, ana, doc) == [("contradicts", "the talks failed", "the talks succeeded")]
    assert "→ Contradicts · “the talks succeeded”" in texts(at)
    # Drawn: the relation is finished, the list is gone and a new one can be started.
    assert not [s for s in at.selectbox if s.key == f"ws-rel-other-{claim}"]
    assert at.button(key=f"ws-rel-start-{claim}").label == "Start a relation"
    [relation] = list_relations(sqlite_db, ana, doc)
    at.button(key=f"ws-rel-del-{claim}-{relation.id}").click().run()
    assert _stored(sqlite_db, ana, doc) == [] and "No relations yet." in texts(at)
    at.button(key=f"ws-rel-undo-{claim}").click().run()
    assert _stored(sqlite_db, ana, doc) == [("contradicts", "the talks failed", "the talks succeeded")]
    # The go-to button selects the other end.
    at.button(key=f"ws-rel-go-{claim}-{relation.id}").click().run()
    assert at.session_state[state.SELECTED_SPAN] == spans["claim"].id
    assert "← Contradicts · “the talks failed”" in texts(at)
    assert relations_panel.choices((), "claim", "claim") == []
