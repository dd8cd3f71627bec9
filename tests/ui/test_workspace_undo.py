"""Undo and Redo in the workspace (annotator/ui/workspace/undo.py) with AppTest: every kind of
step (a label, an attribute, a note, a link, a span saved, a span deleted) is undone and
redone, by button and by key; a new change drops the redo steps; a span changed elsewhere is
refused and nothing is overwritten. What is stored is checked each time, and what the panel's
fields show."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.services.annotation.document_labels import list_document_labels, set_document_labels
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.relations import list_relations
from annotator.services.annotation.spans import get_annotation, list_annotations, update_annotation
from annotator.services.registry.entities import create_entity
from annotator.services.team.projects import create_project, set_member
from annotator.services.views import AnnotationView
from annotator.ui import auth, state

from ..support.builders import SOUTHFRONT_LIKE
from .workspace_support import (
    event,
    lead_and_annotator,
    log_in,
    new_app,
    open_page,
    selection,
    send,
    texts,
)


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead, ana = lead_and_annotator(sqlite_db)
    ministry = create_entity(sqlite_db, lead, "organisation", "Ministry of Defence")
    project = create_project(sqlite_db, lead, "Study")
    set_member(sqlite_db, lead, project.id, "ana", "annotator")
    doc, _ = add_document(sqlite_db, lead, project.id, SOUTHFRONT_LIKE, title="First")
    return {"db": sqlite_db, "lead": lead, "ana": ana, "doc": doc, "ministry": ministry.id}


def claim(setup: dict, quote: str = "Café owners said") -> tuple[AppTest, AnnotationView]:
    """ana's workspace with a new Claim on `quote`, selected in the panel."""
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    send(at, event(setup["doc"], "create", label="claim", selection=selection(SOUTHFRONT_LIKE, quote)))
    [span] = list_annotations(setup["db"], setup["ana"], setup["doc"])
    return at, span


def stored(setup: dict, span_id: int) -> AnnotationView:
    return get_annotation(setup["db"], setup["ana"], span_id)


def undo(at: AppTest) -> AppTest:
    at.button(key="ws-undo").click().run()
    assert not at.exception
    return at


def redo_key(at: AppTest, setup: dict) -> AppTest:
    """Ctrl+Shift+Z (or Ctrl+Y): the highlighter sends the key map's "redo" command."""
    return send(at, event(setup["doc"], "command", command="redo"))


def said(at: AppTest, text: str) -> bool:
    return any(text in t for t in texts(at))


def test_a_label_change_is_undone_and_redone(setup: dict) -> None:
    at, span = claim(setup)
    field = f"ws-span-{span.id}-label"
    at.selectbox(key=field).select("loaded_language").run()
    assert stored(setup, span.id).label == "loaded_language"
    assert said(at, "Label of “Café owners said” changed to Loaded language.")  # above Undo
    undo(at)
    assert stored(setup, span.id).label == "claim"
    assert at.selectbox(key=field).value == "claim"  # the field shows the restored label
    assert said(at, "Label of “Café owners said” back to Claim.")
    redo_key(at, setup)
    assert stored(setup, span.id).label == "loaded_language"
    assert at.selectbox(key=field).value == "loaded_language"
    assert said(at, "Label of “Café owners said” changed to Loaded language again.")
    # Ctrl+Z does what the button does; the label field still builds on the newest version.
    send(at, event(setup["doc"], "command", command="undo"))
    at.selectbox(key=field).select("scare_quotes").run()
    assert stored(setup, span.id).label == "scare_quotes" and not at.error


def test_attributes_are_undone_one_by_one_and_redone(setup: dict) -> None:
    at, span = claim(setup)
    key = f"ws-span-{span.id}"
    at.selectbox(key=f"{key}-attr-verdict").select("mostly false").run()
    at.segmented_control(key=f"{key}-attr-check_worthy").set_value("yes").run()
    assert stored(setup, span.id).attributes == {"verdict": "mostly false", "check_worthy": True}
    undo(at)
    assert stored(setup, span.id).attributes == {"verdict": "mostly false"}
    assert at.segmented_control(key=f"{key}-attr-check_worthy").value is None
    assert said(at, "Check-worthy of “Café owners said” back to none.")
    undo(at)
    assert stored(setup, span.id).attributes == {}
    assert at.selectbox(key=f"{key}-attr-verdict").value is None
    at.button(key="ws-redo").click().run()
    assert stored(setup, span.id).attributes == {"verdict": "mostly false"}
    assert at.selectbox(key=f"{key}-attr-verdict").value == "mostly false"
    assert said(at, "Verdict of “Café owners said” changed to mostly false again.")


def test_a_note_is_undone_and_redone(setup: dict) -> None:
    at, span = claim(setup)
    field = f"ws-span-{span.id}-note"
    at.text_area(key=field).input("first thought").run()
    at.text_area(key=field).input("second **thought**").run()
    undo(at)
    assert stored(setup, span.id).note == "first thought"
    assert at.text_area(key=field).value == "first thought"
    assert said(at, "Note of “Café owners said” back to “first thought”.")
    undo(at)
    assert stored(setup, span.id).note is None and at.text_area(key=field).value == ""
    redo_key(at, setup)
    redo_key(at, setup)
    assert stored(setup, span.id).note == "second **thought**"
    assert at.text_area(key=field).value == "second **thought**"
    send(at, event(setup["doc"], "command", command="redo"))
    assert said(at, "Nothing to redo on this document.")


def test_a_link_is_undone_and_redone_and_so_is_an_unlink(setup: dict) -> None:
    at, span = claim(setup)
    key = f"ws-span-{span.id}"
    at.selectbox(key=f"{key}-link-entity").select(setup["ministry"])
    at.selectbox(key=f"{key}-link-role").select("quoted_source")
    at.button(key=f"{key}-link").click().run()
    assert [(e.entity_id, e.role) for e in stored(setup, span.id).entities] == [(setup["ministry"], "quoted_source")]
    undo(at)
    assert stored(setup, span.id).entities == ()
    assert said(at, "Unlinked “Café owners said” from Ministry of Defence.")
    redo_key(at, setup)
    [link] = stored(setup, span.id).entities
    assert (link.entity_id, link.role) == (setup["ministry"], "quoted_source")
    assert said(at, "Linked “Café owners said” to Ministry of Defence as quoted source again.")
    # An unlink (here of the claimant picked from the registry) comes back with Undo.
    at.selectbox(key=f"{key}-attr-claimant-entity").select(setup["ministry"]).run()
    claimant = next(e for e in stored(setup, span.id).entities if e.role == "claimant")
    at.button(key=f"{key}-attr-claimant-unlink-{claimant.id}").click().run()
    assert [e.role for e in stored(setup, span.id).entities] == ["quoted_source"]
    undo(at)
    assert sorted(e.role for e in stored(setup, span.id).entities) == ["claimant", "quoted_source"]
    assert "Claimant: Ministry of Defence (organisation, registry)" in [t.value for t in at.text]
    redo_key(at, setup)
    assert [e.role for e in stored(setup, span.id).entities] == ["quoted_source"]
    assert stored(setup, span.id).version == span.version  # links never made a new version


def test_a_creation_and_a_deletion_are_undone_and_redone(setup: dict) -> None:
    db, ana, doc = setup["db"], setup["ana"], setup["doc"]
    at, span = claim(setup)
    undo(at)
    assert list_annotations(db, ana, doc) == []
    redo_key(at, setup)  # the same span comes back (a restorable deletion), not a copy
    assert [s.id for s in list_annotations(db, ana, doc)] == [span.id]
    assert said(at, "Saved “Café owners said” as Claim again.")
    send(at, event(doc, "delete", span=str(span.id)))
    assert list_annotations(db, ana, doc) == []
    undo(at)
    assert [s.id for s in list_annotations(db, ana, doc)] == [span.id]
    at.button(key="ws-redo").click().run()
    assert list_annotations(db, ana, doc) == []
    assert said(at, "Deleted “Café owners said” (Claim) again.")
    # Undo goes on back through the steps: the deletion, the redone save, the save.
    undo(at)
    undo(at)
    assert list_annotations(db, ana, doc) == []
    assert [s.id for s in list_annotations(db, ana, doc, include_deleted=True)] == [span.id]


def test_the_steps_outlive_a_reload_of_the_page(setup: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reload is a new connection, signed in again from the cookie: the steps belong to the
    login, not to the connection, so Undo still reverses what was done before the reload, and
    Redo does it again (found with a real browser: a span deleted, the page reloaded, Ctrl+Z
    said "Nothing to undo on this document.")."""
    db, ana, doc = setup["db"], setup["ana"], setup["doc"]
    at, span = claim(setup)
    send(at, event(doc, "delete", span=str(span.id)))
    assert list_annotations(db, ana, doc) == []
    token = at.session_state[state.SESSION_TOKEN]
    monkeypatch.setattr(auth, "session_cookie_value", lambda: token)
    reloaded = open_page(new_app(), "workspace", doc=str(doc))
    assert said(reloaded, "Deleted “Café owners said”")  # the caption of the step Undo reverses
    undo(reloaded)
    assert [s.id for s in list_annotations(db, ana, doc)] == [span.id]
    redo_key(reloaded, setup)
    assert list_annotations(db, ana, doc) == []
    # Another login of the same user has steps of its own.
    monkeypatch.setattr(auth, "session_cookie_value", lambda: None)
    other = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    assert "ws-undo" not in [b.key for b in other.button]
    send(other, event(doc, "command", command="undo"))  # Ctrl+Z
    assert said(other, "Nothing to undo on this document.")
    assert list_annotations(db, ana, doc) == []


def test_a_new_change_after_an_undo_drops_the_redo_steps(setup: dict) -> None:
    at, span = claim(setup)
    key = f"ws-span-{span.id}"
    at.selectbox(key=f"{key}-label").select("loaded_language").run()
    undo(at)
    assert not at.button(key="ws-redo").disabled
    at.text_area(key=f"{key}-note").input("a new change").run()
    assert at.button(key="ws-redo").disabled
    redo_key(at, setup)
    assert said(at, "Nothing to redo on this document.")
    assert (stored(setup, span.id).label, stored(setup, span.id).note) == ("claim", "a new change")


def test_an_undo_of_a_span_changed_elsewhere_is_refused_and_overwrites_nothing(setup: dict) -> None:
    at, span = claim(setup)
    key = f"ws-span-{span.id}"
    at.selectbox(key=f"{key}-label").select("loaded_language").run()
    mine = stored(setup, span.id)
    update_annotation(setup["db"], setup["lead"], span.id, expected_version=mine.version, note="the lead's note")
    undo(at)
    now = stored(setup, span.id)
    assert (now.label, now.note, now.version) == ("loaded_language", "the lead's note", mine.version + 1)
    assert len(at.error) == 1 and said(at, "Not undone: “Café owners said” was changed elsewhere meanwhile")
    assert said(at, "Nothing was overwritten")
    # The panel shows the stored span; the refused step is gone, the one before it is next.
    assert at.text_area(key=f"{key}-note").value == "the lead's note"
    assert at.selectbox(key=f"{key}-label").value == "loaded_language"
    assert said(at, "Saved “Café owners said” as Claim.")
    undo(at)  # removing the span is refused too: it is not as ana left it
    assert [s.id for s in list_annotations(setup["db"], setup["ana"], setup["doc"])] == [span.id]
    assert len(at.error) == 1 and said(at, "changed elsewhere")


def test_an_edit_made_elsewhere_between_two_of_mine_is_not_undone(setup: dict) -> None:
    """Undo reverses only the user's own change: a label the lead set in between stays."""
    at, span = claim(setup)
    key = f"ws-span-{span.id}"
    at.selectbox(key=f"{key}-label").select("loaded_language").run()
    update_annotation(setup["db"], setup["lead"], span.id, expected_version=stored(setup, span.id).version,
                      label="scare_quotes")
    send(at, event(setup["doc"], "select", span=str(span.id)))  # the panel reads the lead's version
    assert at.selectbox(key=f"{key}-label").value == "scare_quotes"
    at.text_area(key=f"{key}-note").input("mine").run()
    undo(at)
    assert (stored(setup, span.id).label, stored(setup, span.id).note) == ("scare_quotes", None)
    undo(at)  # back to Claim would overwrite the lead's label: refused
    assert stored(setup, span.id).label == "scare_quotes"
    assert said(at, "Not undone: the label of “Café owners said” was changed elsewhere meanwhile")


def test_a_relation_drawn_and_deleted_is_undone_and_redone_on_the_same_stack(setup: dict) -> None:
    """Relations have no Undo of their own: the panel's Undo, Redo and Ctrl+Z serve them."""
    db, ana, doc = setup["db"], setup["ana"], setup["doc"]
    at, first = claim(setup)
    send(at, event(doc, "create", label="claim", selection=selection(SOUTHFRONT_LIKE, "kicked off in Astana")))
    second = next(s for s in list_annotations(db, ana, doc) if s.id != first.id)
    at.button(key=f"ws-rel-start-{second.id}").click().run()
    at.selectbox(key=f"ws-rel-other-{second.id}").set_value(first.id).run()
    kinds = at.selectbox(key=f"ws-rel-type-{second.id}")
    kinds.set_value(next(i for i, title in enumerate(kinds.options) if title.startswith("Contradicts"))).run()
    at.button(key=f"ws-rel-make-{second.id}").click().run()
    assert [r.type for r in list_relations(db, ana, doc)] == ["contradicts"]
    assert said(at, "Drew the relation Contradicts (“kicked off in Astana” → “Café owners said”).")
    send(at, event(doc, "command", command="undo"))
    assert list_relations(db, ana, doc) == []
    redo_key(at, setup)
    [relation] = list_relations(db, ana, doc)
    assert said(at, "The relation Contradicts (“kicked off in Astana” → “Café owners said”) is back.")
    at.button(key=f"ws-rel-del-{second.id}-{relation.id}").click().run()
    assert list_relations(db, ana, doc) == []
    at.button(key=f"ws-rel-undo-{second.id}").click().run()  # the Undo beside the list: the same step
    assert [r.id for r in list_relations(db, ana, doc)] == [relation.id]
    at.button(key="ws-redo").click().run()
    assert list_relations(db, ana, doc) == []
    # Undo walks back through all steps: the deletion, the drawing, then the second claim.
    undo(at)
    assert [r.id for r in list_relations(db, ana, doc)] == [relation.id]
    undo(at)
    assert list_relations(db, ana, doc) == []
    undo(at)
    assert [s.id for s in list_annotations(db, ana, doc)] == [first.id]


def my_labels(setup: dict, category: str) -> list[str]:
    return sorted(v.label for v in list_document_labels(setup["db"], setup["ana"], setup["doc"],
                                                       user_id=setup["ana"].user_id) if v.category == category)


def test_document_labels_are_undone_and_redone_on_the_same_stack(setup: dict) -> None:
    """A genre and frames chosen in the panel: Undo takes each choice back, newest first, the
    pills showing what is stored; Redo (key and button) chooses them again."""
    doc = setup["doc"]
    genre, frames = f"ws-doclabels-{doc}-genre", f"ws-doclabels-{doc}-frames"
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    at.pills(key=genre).set_value("genre_opinion").run()
    at.pills(key=frames).set_value(["frame_political", "frame_morality"]).run()
    assert my_labels(setup, "frames") == ["frame_morality", "frame_political"]
    assert said(at, "Frames of this document set to Political, Morality.")  # above Undo
    undo(at)
    assert my_labels(setup, "frames") == [] and my_labels(setup, "genre") == ["genre_opinion"]
    assert at.pills(key=frames).value == []
    assert said(at, "Frames of this document back to none.")
    undo(at)
    assert my_labels(setup, "genre") == [] and at.pills(key=genre).value is None
    assert said(at, "Genre of this document back to none.")
    redo_key(at, setup)
    assert my_labels(setup, "genre") == ["genre_opinion"] and at.pills(key=genre).value == "genre_opinion"
    assert said(at, "Genre of this document set to Opinion again.")
    at.button(key="ws-redo").click().run()
    assert my_labels(setup, "frames") == ["frame_morality", "frame_political"]
    assert at.button(key="ws-redo").disabled
    at.pills(key=genre).set_value("genre_satire").run()  # a change of choice is one step
    undo(at)
    assert my_labels(setup, "genre") == ["genre_opinion"]
    assert said(at, "Genre of this document back to Opinion.")


def test_an_undo_of_document_labels_changed_elsewhere_is_refused(setup: dict) -> None:
    """The same user changed the genre in another tab: Undo does not overwrite it."""
    doc = setup["doc"]
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    at.pills(key=f"ws-doclabels-{doc}-genre").set_value("genre_opinion").run()
    set_document_labels(setup["db"], setup["ana"], doc, "genre", ["genre_reporting"])
    undo(at)
    assert my_labels(setup, "genre") == ["genre_reporting"]
    assert said(at, "Not undone: your Genre of this document was changed elsewhere meanwhile")
    assert at.pills(key=f"ws-doclabels-{doc}-genre").value == "genre_reporting"  # the stored choice
