"""The Import / export page: it renders for a lead and an annotator, offers a download for
every format, and its import path (the uploads service) refuses bad files whole."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import ExportFilter
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import create_project, get_project, set_member, update_project
from annotator.ui.pages.data import export_bytes

SCRIPT = """
from annotator.ui import state
from annotator.ui.pages import data
state.init_state()
data.render()
"""


def _page(db: Database, monkeypatch: pytest.MonkeyPatch, actor: Actor) -> AppTest:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", db.url)
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["actor"] = actor
    return at


@pytest.fixture
def lead(sqlite_db: Database) -> Actor:
    user = create_user(sqlite_db, Actor.system(), "ana", "a long password", role="admin")
    actor = Actor(user.id, user.username, GlobalRole.ADMIN)
    create_project(sqlite_db, actor, "Study **one** <b>")
    return actor


def test_page_renders_and_offers_a_download_in_every_format(sqlite_db: Database, lead: Actor,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(sqlite_db, monkeypatch, lead).run()
    assert not at.exception
    assert at.selectbox(key="data_project").value is not None
    assert [b.label for b in at.button] == ["Import"]
    for fmt in ["jsonl", "csv", "w3c", "labelstudio", "brat"]:
        at.selectbox(key="data_export_format").set_value(fmt).run()
        assert not at.exception
        downloads = at.get("download_button")
        assert downloads and "Download Study-one-b" in downloads[0].proto.label
    at.selectbox(key="data_export_format").set_value("semeval").run()
    assert "one annotator" in at.info[0].value


def test_annotators_cannot_import(sqlite_db: Database, lead: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    user = create_user(sqlite_db, Actor.system(), "bo", "a long password")
    project = get_project(sqlite_db, lead, "Study **one** <b>")
    set_member(sqlite_db, lead, project.id, "bo", "annotator")
    at = _page(sqlite_db, monkeypatch, Actor(user.id, "bo", GlobalRole.ANNOTATOR)).run()
    assert not at.exception and "Only the project's admins and curators can import." in [i.value for i in at.info]


def test_a_refused_export_says_why_instead_of_offering_a_download(sqlite_db: Database, lead: Actor,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An annotator of a blind project who asks for another annotator's spans, or for the gold
    layer, is told why the export is refused; no download is offered that would fail in silence."""
    project = get_project(sqlite_db, lead, "Study **one** <b>")
    update_project(sqlite_db, lead, project.id, blind=True)
    bo = create_user(sqlite_db, Actor.system(), "bo", "a long password")
    create_user(sqlite_db, Actor.system(), "cy", "a long password")
    set_member(sqlite_db, lead, project.id, "bo", "annotator")
    set_member(sqlite_db, lead, project.id, "cy", "annotator")
    at = _page(sqlite_db, monkeypatch, Actor(bo.id, "bo", GlobalRole.ANNOTATOR)).run()
    assert not at.exception and at.get("download_button")  # their own spans: offered
    at.multiselect(key="data_annotators").set_value(["cy"]).run()
    assert not at.exception and not at.get("download_button")
    assert any("refused" in e.value and "other annotators" in e.value for e in at.error)
    at.multiselect(key="data_annotators").set_value([]).run()
    at.checkbox(key="data_gold").check().run()
    assert not at.get("download_button") and any("gold layer" in e.value for e in at.error)
    at.checkbox(key="data_gold").uncheck().run()
    assert at.get("download_button") and not at.error


def test_upload_import_and_download_callable(sqlite_db: Database, lead: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    settings = get_settings(sqlite_db.url)
    text = "Café 😀 so-called “groups”.\r\n"
    task = [{"id": 1, "data": {"text": text}, "annotations": [{"result": [
        {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 7, "end": 16, "text": "so-called", "labels": ["scare_quotes"]}}]}]}]
    done = import_uploads(sqlite_db, lead, "Study **one** <b>", [Upload("tasks.json", json.dumps(task).encode())],
                          annotator="ana", settings=settings)
    assert done.result.annotations == 1
    bad = [{"id": 9, "data": {"text": text}, "annotations": [{"result": [
        {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 7, "end": 16, "text": "so called", "labels": ["scare_quotes"]}}]}]}]
    with pytest.raises(ImportRefused) as refused:
        import_uploads(sqlite_db, lead, "Study **one** <b>", [Upload("my tasks.json", json.dumps(bad).encode())],
                       settings=settings)
    assert refused.value.issues[0].located().startswith("my tasks.json, task 9")
    data = export_bytes(lead, done.project.id, "csv", ExportFilter())()
    assert data.decode("utf-8-sig").count("\n") == 2
