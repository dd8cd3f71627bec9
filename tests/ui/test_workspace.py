"""The documents list and the annotation workspace with AppTest.

The highlighter's JavaScript does not run here: the events it would send (a selection, a
label chosen for it, a click on a span, a key press) are put into its session-state key.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.document_labels import list_document_labels
from annotator.services.annotation.documents import add_document, list_documents
from annotator.services.annotation.spans import list_annotations, update_annotation
from annotator.services.team.projects import create_project, set_member
from annotator.services.views import AnnotationView
from annotator.ui.text import md_escape
from annotator.ui.workspace.actions import NO_LABEL

from ..support.builders import SOUTHFRONT_LIKE
from .workspace_support import PASSWORD, event, log_in, new_app, open_page, selection, send, texts

SECOND = "Second article: officials said the “rebels” were defeated.\n\nNothing else."
THIRD = "Third article with 👩‍🔬 emoji and a flag 🇰🇿 before a word."


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    system = Actor.system()
    lead_view = create_user(sqlite_db, system, "lead", PASSWORD, role="admin")
    lead = Actor(lead_view.id, "lead", GlobalRole.ADMIN)
    ana_view = create_user(sqlite_db, system, "ana", PASSWORD)
    ana = Actor(ana_view.id, "ana", GlobalRole.ANNOTATOR)
    create_user(sqlite_db, system, "eve", PASSWORD)
    project = create_project(sqlite_db, lead, "Study **one** <b>x</b>")
    set_member(sqlite_db, lead, project.id, "ana", "annotator")
    docs = [
        add_document(sqlite_db, lead, project.id, SOUTHFRONT_LIKE, title="<script>alert(1)</script> **Astana**")[0],
        add_document(sqlite_db, lead, project.id, SECOND, title="Second")[0],
        add_document(sqlite_db, lead, project.id, THIRD, title="Third")[0],
    ]
    return {"db": sqlite_db, "lead": lead, "ana": ana, "project": project.id, "docs": docs}


def workspace(setup: dict, user: str = "ana", doc: int | None = None) -> AppTest:
    at = log_in(new_app(), user)
    return open_page(at, "workspace", doc=str(doc or setup["docs"][0]))


def spans(setup: dict, doc: int | None = None, **kwargs: object) -> list:
    return list_annotations(setup["db"], setup["ana"], doc or setup["docs"][0], **kwargs)


def create(at: AppTest, doc: int, quote: str, label: str | None, text: str = SOUTHFRONT_LIKE) -> AppTest:
    return send(at, event(doc, "create", label=label, selection=selection(text, quote)))


def test_documents_list_shows_status_and_counts_and_opens(setup: dict) -> None:
    at = log_in(new_app(), "ana")
    open_page(at, "documents")
    frame = at.dataframe[0].value
    assert list(frame["Title"]) == ["<script>alert(1)</script> **Astana**", "Second", "Third"]
    assert list(frame["Status"]) == ["not started"] * 3 and list(frame["Spans"]) == [0, 0, 0]
    assert md_escape("Study **one** <b>x</b>") in [h.value for h in at.header]
    at.selectbox(key="documents-pick").select(setup["docs"][1])
    at.button(key="documents-open").click().run()
    assert not at.exception
    assert at.query_params["doc"] == str(setup["docs"][1])
    assert at.button(key="ws-done").label == "Mark done"


def test_save_via_injected_selection(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    sent = event(doc, "create", label="scare_quotes", selection=selection(SOUTHFRONT_LIKE, "so-called"))
    send(at, sent)
    [stored] = spans(setup)
    start = SOUTHFRONT_LIKE.index("so-called")
    assert (stored.start, stored.end, stored.quote, stored.label) == (start, start + 9, "so-called", "scare_quotes")
    assert stored.uid == sent["selection"]["uid"]
    assert at.selectbox(key=f"ws-span-{stored.id}-label").value == "scare_quotes"
    assert any("Saved “so-called” as Scare quotes" in t for t in texts(at))
    # The same event again (state persists across reruns) and the same selection in a new
    # event (a double send) are both stored once.
    send(at, sent)
    send(at, {**sent, "id": "another-event-id"})
    assert len(spans(setup)) == 1
    # The first span moves the document to "in progress".
    assert list_documents(setup["db"], setup["ana"], setup["project"])[0].status == "in_progress"


def test_selection_is_shown_and_no_label_refused(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    picked = selection(SOUTHFRONT_LIKE, "Astana 🇰🇿")
    send(at, event(doc, "selection", selection=picked))
    assert f"Selection · characters {picked['start']}–{picked['end']}" in texts(at)
    assert "Astana 🇰🇿" in [t.value for t in at.text]
    send(at, event(doc, "create", label=None, selection=picked))
    assert [w.value for w in at.warning] == [md_escape(NO_LABEL)]
    assert spans(setup) == []


def test_quote_mismatch_refused(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    wrong = {**selection(SOUTHFRONT_LIKE, "so-called"), "quote": "so-caled"}
    send(at, event(doc, "create", label="scare_quotes", selection=wrong))
    assert len(at.error) == 1 and "does not match the document" in at.error[0].value
    assert "nothing was saved" in at.error[0].value
    assert spans(setup) == []


def test_selection_splitting_a_flag_is_widened(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    flag = SOUTHFRONT_LIKE.index("🇰🇿")
    half = {"start": flag, "end": flag + 1, "quote": SOUTHFRONT_LIKE[flag], "uid": "0" * 8 + "-0000-4000-8000-" + "0" * 12}
    send(at, event(doc, "create", label="loaded_language", selection=half))
    [stored] = spans(setup)
    assert (stored.start, stored.end, stored.quote) == (flag, flag + 2, "🇰🇿")
    assert any("widened to whole characters" in t for t in texts(at))


def test_edit_label_attributes_and_note(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    create(at, doc, "Café owners said", "claim")
    [span] = spans(setup)
    key = f"ws-span-{span.id}"
    # Two fields changed in one interaction: both are kept.
    at.text_input(key=f"{key}-attr-claimant").input("Ministry <b>of</b> **Defence**")
    at.selectbox(key=f"{key}-attr-verdict").select("mostly false")
    at.run()
    at.segmented_control(key=f"{key}-attr-check_worthy").set_value("yes").run()
    at.text_area(key=f"{key}-note").input("**why** <i>not</i>").run()
    [span] = spans(setup)
    assert span.attributes == {"claimant": "Ministry <b>of</b> **Defence**", "verdict": "mostly false", "check_worthy": True}
    assert span.note == "**why** <i>not</i>"
    assert span.version == 5
    at.segmented_control(key=f"{key}-attr-check_worthy").set_value("no").run()
    assert spans(setup)[0].attributes["check_worthy"] is False
    at.selectbox(key=f"{key}-label").select("loaded_language").run()
    [span] = spans(setup)
    assert span.label == "loaded_language" and not at.error


def changed_elsewhere(setup: dict) -> tuple[AppTest, AnnotationView]:
    """A span shown in the panel whose note someone else changes meanwhile (version 2)."""
    at = workspace(setup)
    create(at, setup["docs"][0], "so-called", "scare_quotes")
    [span] = spans(setup)
    update_annotation(setup["db"], setup["ana"], span.id, expected_version=span.version, note="from elsewhere")
    return at, span


def test_edit_conflict_is_reported_not_overwritten(setup: dict) -> None:
    at, span = changed_elsewhere(setup)
    # The panel still shows version 1: the save is refused, nothing is overwritten, and the
    # panel is drawn again from the stored span.
    at.text_area(key=f"ws-span-{span.id}-note").input("mine")
    at.run()
    assert spans(setup)[0].note == "from elsewhere"
    # The message says what happened where the user is: the panel already shows the stored
    # span (no reload needed), and the other change may be the user's own, in another tab.
    assert len(at.error) == 1
    assert at.error[0].value == md_escape("Not saved: “so-called” was changed meanwhile, in another tab or by "
                                          "someone else. Nothing was overwritten: the panel shows the stored span.")
    assert at.text_area(key=f"ws-span-{span.id}-note").value == "from elsewhere"
    # What was typed is kept beside the stored note: nothing is lost.
    assert "mine" in [t.value for t in at.text] and any("was not saved" in t for t in texts(at))
    at.text_area(key=f"ws-span-{span.id}-note").input("mine after all").run()
    assert spans(setup)[0].note == "mine after all" and not at.error
    assert not any("was not saved" in t for t in texts(at))


def test_refused_note_can_be_saved_on_the_new_version_or_dropped(setup: dict) -> None:
    at, span = changed_elsewhere(setup)
    key = f"ws-span-{span.id}"
    at.text_area(key=f"{key}-note").input("mine").run()
    at.button(key=f"{key}-refused-keep").click().run()
    [stored] = spans(setup)
    assert (stored.note, stored.version) == ("mine", 3) and not at.error
    assert at.text_area(key=f"{key}-note").value == "mine"
    # Refused again, then dropped: the stored note stays, the box goes.
    update_annotation(setup["db"], setup["ana"], span.id, expected_version=3, note="theirs")
    at.text_area(key=f"{key}-note").input("mine again").run()
    at.button(key=f"{key}-refused-drop").click().run()
    assert spans(setup)[0].note == "theirs"
    assert at.text_area(key=f"{key}-note").value == "theirs"
    assert not any("was not saved" in t for t in texts(at))


def test_delete_then_undo(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    create(at, doc, "so-called", "scare_quotes")
    [span] = spans(setup)
    at.button(key=f"ws-span-{span.id}-delete").click().run()
    assert spans(setup) == []
    assert any("Deleted “so-called” as Scare quotes" in t for t in texts(at))
    at.button(key="ws-undo").click().run()
    [restored] = spans(setup)
    assert restored.id == span.id and not restored.deleted
    assert any("Restored “so-called”" in t for t in texts(at))


def test_keyboard_delete_and_undo_events(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    create(at, doc, "so-called", "scare_quotes")
    [span] = spans(setup)
    send(at, event(doc, "select", span=str(span.id)), event(doc, "delete", span=str(span.id)))
    assert spans(setup) == []
    send(at, event(doc, "command", command="undo"))
    assert [s.id for s in spans(setup)] == [span.id]
    # Undo after a save removes the new span (it stays restorable).
    create(at, doc, "Astana", "claim")
    assert len(spans(setup)) == 2
    send(at, event(doc, "command", command="undo"))
    assert [s.quote for s in spans(setup)] == ["so-called"]


def test_restore_from_document_history(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    create(at, doc, "so-called", "scare_quotes")
    [span] = spans(setup)
    send(at, event(doc, "delete", span=str(span.id)))
    at = workspace(setup)  # a later session: the undo stack is gone, the history is not
    create(at, doc, "Astana", "claim")
    [other] = [s for s in spans(setup) if s.quote == "Astana"]
    send(at, event(doc, "delete", span=str(other.id)))
    at.session_state[f"ws-deleted-{doc}"] = True
    at.run()
    picker = at.selectbox(key=f"ws-deleted-pick-{doc}")
    assert picker.options[0].startswith("Claim: “\u2068Astana\u2069”")  # newest first
    picker.select(span.id)
    at.button(key=f"ws-restore-{doc}").click().run()
    assert [s.id for s in spans(setup)] == [span.id]
    assert any("Restored “so-called”" in t for t in texts(at))


ARABIC = "قال الوزير إن المنتقدين \"أعداء التنمية\" في آذار 2025.\n"


def test_a_deleted_right_to_left_quote_keeps_the_date_after_it(setup: dict) -> None:
    """An Arabic quote followed by the time it was deleted: the quote is isolated, so the
    browser cannot pull the digits of the time (and the closing mark) into the Arabic run,
    which showed "“07 · ” رثة قادمة" instead of the quote and then the time."""
    doc = add_document(setup["db"], setup["lead"], setup["project"], ARABIC, title="ميناء")[0]
    at = workspace(setup, doc=doc)
    create(at, doc, "أعداء التنمية", "loaded_language", text=ARABIC)
    [span] = spans(setup, doc)
    send(at, event(doc, "select", span=str(span.id)), event(doc, "delete", span=str(span.id)))
    at.session_state[f"ws-deleted-{doc}"] = True
    at.run()
    [option] = at.selectbox(key=f"ws-deleted-pick-{doc}").options
    [deleted] = spans(setup, doc, include_deleted=True)
    assert option == f"Loaded language: “\u2068أعداء التنمية\u2069” · {deleted.updated_at:%d %b %H:%M}"


def test_document_labels(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    at.pills(key=f"ws-doclabels-{doc}-genre").set_value("genre_opinion").run()
    at.pills(key=f"ws-doclabels-{doc}-frames").set_value(["frame_political", "frame_morality"]).run()
    assert sorted(v.label for v in list_document_labels(setup["db"], setup["ana"], doc)) == [
        "frame_morality", "frame_political", "genre_opinion",
    ]
    at.pills(key=f"ws-doclabels-{doc}-genre").set_value("genre_satire").run()
    labels = {v.label for v in list_document_labels(setup["db"], setup["ana"], doc)}
    assert "genre_satire" in labels and "genre_opinion" not in labels
    assert not at.error


def test_next_previous_and_done(setup: dict) -> None:
    first, second, third = setup["docs"]
    at = workspace(setup)
    assert at.button(key="ws-prev").disabled
    at.button(key="ws-next").click().run()
    assert at.query_params["doc"] == str(second)
    send(at, event(second, "command", command="next-document"))
    assert at.query_params["doc"] == str(third)
    assert at.button(key="ws-next").disabled
    send(at, event(third, "command", command="previous-document"))
    assert at.query_params["doc"] == str(second)
    at.button(key="ws-done").click().run()
    statuses = {d.id: d.status for d in list_documents(setup["db"], setup["ana"], setup["project"])}
    assert statuses == {first: None, second: "done", third: None}
    assert at.button(key="ws-done").label == "Reopen"


def test_events_about_another_document_are_ignored(setup: dict) -> None:
    first, second, _ = setup["docs"]
    at = workspace(setup, doc=second)
    send(at, event(first, "create", label="claim", selection=selection(SOUTHFRONT_LIKE, "so-called")))
    assert spans(setup, first) == [] and spans(setup, second) == []


def test_outsider_is_refused(setup: dict) -> None:
    at = workspace(setup, user="eve")
    assert len(at.error) == 1 and "not a member" in at.error[0].value


def test_messages_show_user_text_literally(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    caption = next(c.value for c in at.caption if "document" in c.value and "Study" in c.value)
    assert caption.startswith(md_escape("Study **one** <b>x</b>"))
    send(at, event(doc, "create", label="no_such_label", selection=selection(SOUTHFRONT_LIKE, "so-called")))
    assert at.error[0].value == md_escape(
        "There is no span label 'no_such_label' in this project's codebook; nothing was saved."
    )


def test_view_keys_switch_the_panel_toggles(setup: dict) -> None:
    doc = setup["docs"][0]
    at = workspace(setup)
    assert at.toggle(key="ws_show_others").value is False
    send(at, event(doc, "command", command="others"))
    assert at.toggle(key="ws_show_others").value is True
    send(at, event(doc, "command", command="suggestions"))
    assert at.toggle(key="ws-suggest-toggle").value is True and at.query_params["suggest"] == "1"
    send(at, event(doc, "command", command="suggestions"), event(doc, "command", command="others"))
    assert at.toggle(key="ws-suggest-toggle").value is False and at.toggle(key="ws_show_others").value is False
    # A command the key map does not have does nothing (and breaks nothing).
    send(at, event(doc, "command", command="no-such-command"))
    assert at.query_params["doc"] == str(doc) and not at.error
