"""AppTest of the team pages: administration, assignment, queue, curation, history."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.errors import AuthenticationError
from annotator.models.enums import GlobalRole
from annotator.services.accounts.oidc import OidcIdentity, actor_for_identity
from annotator.services.accounts.sessions import resume_session, start_session
from annotator.services.accounts.users import authenticate, list_users
from annotator.services.actor import Actor
from annotator.services.annotation.history import project_history
from annotator.services.annotation.spans import delete_annotation, list_annotations
from annotator.services.team.assignments import assign, my_queue
from annotator.services.team.projects import list_members, remove_member
from annotator.ui.text import md_escape

from ..conftest import make_user
from ..support.builders import add_member, project_with_document, span
from .workspace_support import unescape

TEXT = "The so-called experts met the opposition groups in Astana <script>window.__pwned=1</script>."


def _app(name: str, actor: Actor) -> AppTest:
    source = (f"import importlib\nimportlib.import_module('annotator.ui.pages.{name}').render()\n")
    app = AppTest.from_string(source, default_timeout=30)
    app.session_state["actor"] = actor
    return app.run()


def _frame(app: AppTest, column: str) -> Any:
    """The table that has this column (tables are not addressable by key in AppTest)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


@pytest.fixture
def team(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, Actor, Actor, Actor, Actor, int, int]:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project, doc = project_with_document(sqlite_db, lead, TEXT, name="Study **bold**", blind=True)
    ann, bob, cura = make_user(sqlite_db, "ann"), make_user(sqlite_db, "bob"), make_user(sqlite_db, "cura")
    add_member(sqlite_db, lead, project, ann)
    add_member(sqlite_db, lead, project, bob)
    add_member(sqlite_db, lead, project, cura, "curator")
    return sqlite_db, lead, ann, bob, cura, project, doc


def test_admin_creates_resets_deactivates_and_manages_members(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    app = _app("admin", lead)
    assert not app.exception
    app.text_input(key="new_user_name").input("dora")
    app.text_input(key="new_user_display").input("Dora <b>")
    next(b for b in app.button if b.label == "Create account").click().run()
    assert not app.exception and "dora" in [u.username for u in list_users(db, lead)]
    password = app.code[0].value
    assert authenticate(db, "dora", password).username == "dora"
    app.selectbox(key="admin_who").select("bob").run()
    app.button(key="admin_reset").click().run()
    assert authenticate(db, "bob", app.code[0].value).username == "bob"
    app.button(key="admin_active").click().run()
    assert not next(u for u in list_users(db, lead) if u.username == "bob").active
    app.text_input(key="member_name").input("dora")
    app.selectbox(key="member_role").select("curator")
    next(b for b in app.button if b.label == "Add or change role").click().run()
    assert {m.username: m.role for m in list_members(db, lead, project)}["dora"] == "curator"
    app.toggle(key="setting_hide").set_value(True).run()
    assert not app.exception
    log = _frame(app, "Object")
    assert "update" in set(log["Action"]) and "create" in set(log["Action"])
    assert any(e.action == "update" and e.object_type == "project" for e in project_history(db, lead, project))


def test_admin_ends_a_users_sessions_and_links_single_sign_on(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    tokens = [start_session(db, bob, user_agent="Firefox 150").token for _ in range(2)]
    app = _app("admin", lead)
    app.selectbox(key="admin_who").select("bob").run()
    assert not app.exception
    assert list(_frame(app, "Browser")["Browser"]) == ["Firefox 150"] * 2
    app.button(key="admin_end_sessions").click().run()
    assert not app.exception and "2 session(s) of bob ended" in unescape(app.success[0].value)
    for token in tokens:
        with pytest.raises(AuthenticationError):
            resume_session(db, token)
    app.text_input(key="admin_sso_issuer").input("https://id.example.org")
    app.text_input(key="admin_sso_subject").input("bob-77")
    app.button(key="admin_sso_link").click().run()
    assert not app.exception
    assert actor_for_identity(db, OidcIdentity("https://id.example.org", "bob-77")).user_id == bob.user_id
    assert "https://id.example.org|bob-77" in "".join(unescape(c.value) for c in app.caption)
    app.button(key="admin_sso_unlink").click().run()
    assert not app.exception
    with pytest.raises(AuthenticationError):
        actor_for_identity(db, OidcIdentity("https://id.example.org", "bob-77"), create=False)


def test_annotators_get_no_user_administration(team: tuple) -> None:
    db, lead, ann, *_ = team
    app = _app("admin", ann)
    assert not app.exception
    assert [t.label for t in app.tabs] == ["Project members", "Audit log"]
    assert "You lead no project" in app.info[0].value


def test_assignment_page_assigns_and_shows_progress(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    app = _app("assignment", cura)
    assert not app.exception
    app.number_input[0].set_value(2)
    next(b for b in app.button if b.label == "Assign automatically").click().run()
    assert not app.exception and "2 assignment(s) added" in app.success[0].value
    people = _frame(app, "In progress")
    assert dict(zip(people["Annotator"], people["Assigned"], strict=True)) == {"ann": 1, "bob": 1}
    documents = _frame(app, "Wanted")
    assert list(documents["Title"]) == ["Doc"] and list(documents["Assigned"]) == [2]
    denied = _app("assignment", ann)
    assert "You lead no project" in denied.info[0].value


def test_the_assignment_page_offers_an_annotator_who_left_to_unassign(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    assign(db, lead, project, [doc], ["ann", "bob"])
    remove_member(db, lead, project, "bob")
    app = _app("assignment", cura)
    assert not app.exception
    [people] = [m for m in app.multiselect if m.label == "Annotators"]
    assert people.options[-1] == "bob" and "ann" in people.options


def test_unassigning_an_annotators_work_is_refused_naming_the_checkbox(team: tuple) -> None:
    """The page named the service's keyword ("unassign with force"), not its own checkbox."""
    db, lead, ann, bob, cura, project, doc = team
    assign(db, lead, project, [doc], ["ann"])
    span(db, ann, doc, TEXT, "so-called")
    app = _app("assignment", cura)
    app.multiselect(key="hand_documents").set_value([doc])
    next(m for m in app.multiselect if m.label == "Annotators").set_value(["ann"])
    next(b for b in app.button if b.label == "Unassign").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [md_escape(
        f"annotators have spans there already (ann on document {doc}); tick “Unassign even where the "
        "annotator has spans” to unassign them anyway (their spans stay)")]
    app.checkbox(key="hand_force").check()
    next(b for b in app.button if b.label == "Unassign").click().run()
    assert not app.exception and "1 assignment(s) removed." in [s.value for s in app.success]


def test_assignment_page_without_annotators_says_where_they_are_added(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    other, _ = project_with_document(db, lead, TEXT, name="Nobody yet")
    add_member(db, lead, other, cura, "curator")
    for actor, words in ((lead, "add them as members first"), (cura, "an admin of the project adds them")):
        app = _app("assignment", actor)
        app.selectbox(key="assign_project").select(other).run()
        assert not app.exception
        assert any(words in m.value for m in [*app.markdown, *app.info]), actor.username


def test_queue_lists_my_documents_and_opens_the_next(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    assign(db, lead, project, [doc], ["ann"])
    span(db, ann, doc, TEXT, "so-called")
    app = _app("queue", ann)
    assert not app.exception
    table = _frame(app, "My spans")
    assert list(table["Document"]) == [doc] and list(table["My spans"]) == [1]
    app.button(key="queue_next").click().run()
    assert app.session_state["document_id"] == doc
    assert my_queue(db, ann, project).next_document_id == doc
    empty = _app("queue", bob)
    assert "Nothing is assigned to you" in empty.info[0].value


def test_history_page_shows_changes_and_restores(team: tuple) -> None:
    db, lead, ann, bob, cura, project, doc = team
    mine = span(db, ann, doc, TEXT, "so-called")
    delete_annotation(db, ann, mine.id)
    span(db, bob, doc, TEXT, "Astana", "claim")
    app = _app("history", ann)
    assert not app.exception
    table = _frame(app, "Changes")
    assert list(table["Action"]) == ["delete", "create", "create"]  # newest first; not bob's
    assert "bob" not in set(table["Who"])
    app.button(key="history_restore").click().run()
    assert not app.exception
    assert [a.quote for a in list_annotations(db, ann, doc)] == ["so-called"]
