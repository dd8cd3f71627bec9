"""The app frame with AppTest: login gate, refusal, project list."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.team.projects import create_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    create_user(sqlite_db, Actor.system(), "ana", "a long password", role="admin")
    create_project(sqlite_db, Actor.system(), "Study <b>one</b>")
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def test_login_required_and_wrong_password_refused(app: AppTest) -> None:
    app.run()
    assert [b.label for b in app.button] == ["Log in"] and app.text_input[0].label == "User name"
    assert not app.dataframe
    app.text_input[0].input("ana")
    app.text_input[1].input("wrong")
    app.button[0].click().run()
    assert "wrong user name or password" in app.error[0].value


def test_the_login_fields_tell_password_managers_what_they_hold(app: AppTest) -> None:
    app.run()
    assert app.text_input[0].proto.autocomplete == "username"
    assert app.text_input[1].proto.autocomplete == "current-password"


def test_login_shows_projects_literally(app: AppTest) -> None:
    app.run()
    app.text_input[0].input("ana")
    app.text_input[1].input("a long password")
    app.button[0].click().run()
    assert not app.exception
    frame = app.dataframe[0].value
    assert list(frame["Project"]) == ["Study <b>one</b>"]


def test_the_project_picker_stays_at_the_top_of_the_sidebar(app: AppTest, sqlite_db: Database) -> None:
    """The picker is drawn after the page (app.py), into the place kept for it above who is
    signed in; ?project= in the address still picks the project the page shows."""
    second = create_project(sqlite_db, Actor.system(), "Study two")
    app.run()
    app.text_input[0].input("ana")
    app.text_input[1].input("a long password")
    app.button[0].click().run()
    order = [(type(node).__name__, getattr(node, "label", None) or getattr(node, "value", None))
             for node in app.sidebar]
    picker = order.index(("Selectbox", "Project"))
    signed_in = next(i for i, (kind, value) in enumerate(order) if kind == "Caption" and "Signed in as" in str(value))
    assert picker < signed_in, order
    app.query_params["project"] = str(second.id)
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox(key="sidebar-project").value == second.id


def test_with_one_project_the_sidebar_names_it_without_a_select_box(app: AppTest) -> None:
    """Nothing to pick: the project's name, literally (no select box of one, whose browser code
    a fresh browser fetched before the page was painted)."""
    app.run()
    app.text_input[0].input("ana")
    app.text_input[1].input("a long password")
    app.button[0].click().run()
    assert not app.exception
    assert not [node for node in app.sidebar if type(node).__name__ == "Selectbox"]
    from annotator.ui.text import md_escape

    shown = [str(getattr(node, "value", "")) for node in app.sidebar]
    assert "Project" in shown
    assert f"**{md_escape('Study <b>one</b>')}**" in shown  # escaped: shown as typed, never as HTML
