"""AppTest of the study set-up pages: Projects (create with a built-in or an edited codebook,
archive and restore), Codebook (edit, diff, new version), Members (add from the list, roles,
invite, remove), Project settings, and the import's preview and label mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from annotator.codebooks import load_builtin
from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.base import EXAMPLES
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import authenticate
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.documents import add_document
from annotator.services.exchange.imports import Upload, read_uploads
from annotator.services.team.projects import create_project, list_members, list_projects
from annotator.ui.import_mapping import DETECT, READ, Reading, _signature, mapping_key

from ..conftest import make_user
from ..support.builders import add_member
from ..support.label_studio import label_studio_tasks
from ..support.ptc import gold_counts, ptc_zip, stored_label_counts


def _app(name: str, actor: Actor, **session: Any) -> AppTest:
    source = ("from annotator.ui import state\nstate.init_state()\nimport importlib\n"
              f"importlib.import_module('annotator.ui.pages.{name}').render()\n")
    app = AppTest.from_string(source, default_timeout=60)
    app.session_state["actor"] = actor
    for key, value in session.items():
        app.session_state[key] = value
    return app.run()


@pytest.fixture
def admin(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Actor:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    return make_user(sqlite_db, "lead", GlobalRole.ADMIN)


def _texts(app: AppTest) -> str:
    """What the page says, with markdown's escapes taken out."""
    return "\n".join(e.value for kind in ("markdown", "info", "success", "warning", "error", "caption")
                     for e in getattr(app, kind)).replace("\\", "")


def test_a_first_project_from_a_built_in_codebook(sqlite_db: Database, admin: Actor) -> None:
    dora = make_user(sqlite_db, "dora")
    app = _app("projects", admin)
    assert not app.exception and "No project yet" in _texts(app)
    app.text_input(key="new-project-name").input("Study <b>one</b>")
    app.text_area(key="new-project-description").input("Claims in 2017 coverage")
    app.selectbox(key="new-project-builtin").set_value("semeval2020-ptc")
    app.toggle(key="new-project-blind").set_value(True)
    app.number_input(key="new-project-per-doc").set_value(2)
    app.selectbox(key="new-project-lead").set_value("dora")
    app.button(key="new-project-create").click().run()
    assert not app.exception
    [made] = list_projects(sqlite_db, admin)
    assert (made.name, made.codebook_key, made.blind, made.annotators_per_document) == (
        "Study <b>one</b>", "semeval2020-ptc", True, 2)
    assert made.description == "Claims in 2017 coverage"
    assert {m.username: m.role for m in list_members(sqlite_db, admin, made.id)} == {"lead": "admin", "dora": "admin"}
    assert "Next steps for Study <b>one</b>" in _texts(app)
    assert dora.username == "dora"


def test_a_project_whose_codebook_is_built_in_the_editor(sqlite_db: Database, admin: Actor) -> None:
    app = _app("projects", admin)
    app.text_input(key="new-project-name").input("Edited")
    app.radio(key="new-project-source").set_value("editor").run()
    assert "No label yet" in _texts(app)
    assert app.button(key="new-project-create").disabled  # an empty codebook is not valid yet
    prefix = f"new-codebook-{_generation(app)}-"
    app.text_input(key=prefix + "new-label").input("Loaded language")
    app.button(key=prefix + "add-label").click().run()
    generation = _generation(app)
    app.text_area(key=f"new-codebook-{generation}-label-0-description").input("Emotionally charged words.")
    app.text_input(key=f"new-codebook-{generation}-label-0-hotkey").input("l")
    app.text_input(key=f"new-codebook-{generation}-label-0-new-attribute").input("Intensity")
    app.button(key=f"new-codebook-{generation}-label-0-add-attribute").click().run()
    generation = _generation(app)
    app.selectbox(key=f"new-codebook-{generation}-label-0-attribute-0-type").set_value("choice").run()
    app.text_area(key=f"new-codebook-{generation}-label-0-attribute-0-choices").input("mild\nstrong").run()
    assert not app.exception
    assert not app.button(key="new-project-create").disabled, _texts(app)
    app.button(key="new-project-create").click().run()
    assert not app.exception
    [made] = list_projects(sqlite_db, admin)
    codebook = get_project_codebook(sqlite_db, admin, made.id)
    [label] = codebook.labels
    assert (label.key, label.name, label.hotkey, label.description) == (
        "loaded_language", "Loaded language", "l", "Emotionally charged words.")
    [attribute] = label.attributes
    assert (attribute.key, attribute.type, list(attribute.choices)) == ("intensity", "choice", ["mild", "strong"])


def _generation(app: AppTest) -> int:
    return int(app.session_state["new-codebook:generation"])


def test_a_hotkey_clash_is_refused_in_the_editor(sqlite_db: Database, admin: Actor) -> None:
    app = _app("projects", admin)
    app.text_input(key="new-project-name").input("Clash")
    app.radio(key="new-project-source").set_value("editor").run()
    app.selectbox(key="new-project-start").set_value("framing").run()
    app.button(key="new-project-restart").click().run()
    generation = _generation(app)
    draft = app.session_state["new-codebook:draft"]
    taken = next(label for label in draft.labels[1:] if label.hotkey)
    app.text_input(key=f"new-codebook-{generation}-label-0-hotkey").input(taken.hotkey).run()
    assert f"“{taken.hotkey}” is the hotkey of" in _texts(app)
    assert app.session_state["new-codebook:draft"].labels[0].hotkey != taken.hotkey


def test_archive_from_settings_and_restore_from_projects(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Old study")
    app = _app("project_settings", admin)
    assert not app.exception
    texts = _texts(app)
    assert "already drawn stay as they are" in texts and "Lowering it unassigns nobody" in texts
    app.toggle(key="settings-blind").set_value(True)
    app.button[0].click().run()  # the form's submit button
    assert list_projects(sqlite_db, admin)[0].blind
    app.button(key="settings-archive").click().run()
    assert list_projects(sqlite_db, admin) == []
    app = _app("projects", admin)
    app.button(key=f"projects-restore-{project.id}").click().run()
    assert [p.name for p in list_projects(sqlite_db, admin)] == ["Old study"]


def test_members_from_the_list_roles_invite_and_remove(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Study")
    make_user(sqlite_db, "ann")
    make_user(sqlite_db, "bob")
    app = _app("members", admin)
    assert not app.exception and "Nobody else is in this project yet" in _texts(app)
    app.text_input(key="members-search").input("an").run()
    assert app.multiselect(key="members-pick").options == ["ann"]
    app.text_input(key="members-search").input("").run()
    app.multiselect(key="members-pick").set_value(["ann", "bob"]).run()
    app.button(key="members-add").click().run()
    assert not app.exception
    members = {m.username: m.role for m in list_members(sqlite_db, admin, project.id)}
    assert members == {"lead": "admin", "ann": "annotator", "bob": "annotator"}
    bob = next(m for m in list_members(sqlite_db, admin, project.id) if m.username == "bob")
    app.selectbox(key=f"members-role-{bob.user_id}").set_value("curator").run()
    assert {m.username: m.role for m in list_members(sqlite_db, admin, project.id)}["bob"] == "curator"
    app.button(key=f"members-remove-{bob.user_id}").click().run()
    assert "bob" not in {m.username for m in list_members(sqlite_db, admin, project.id)}
    app.text_input(key="members-invite-name").input("cleo")
    app.text_input(key="members-invite-display").input("Cleo")
    app.button[-1].click().run()  # the invite form's submit
    assert not app.exception
    assert "Password for cleo (shown once" in _texts(app)
    password = app.code[0].value
    assert authenticate(sqlite_db, "cleo", password).username == "cleo"
    assert "cleo" in {m.username for m in list_members(sqlite_db, admin, project.id)}
    app.run()
    assert "Password for cleo" not in _texts(app)


def test_an_annotator_may_not_manage_members(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Study")
    ann = make_user(sqlite_db, "ann")
    add_member(sqlite_db, admin, project.id, ann)
    app = _app("members", ann)
    assert not app.exception and "This page is for the project's admins" in _texts(app)
    app = _app("codebook", ann)
    assert not app.exception and f"codebook-{project.id}:draft" not in app.session_state  # no editor
    assert app.dataframe[0].value["Label"].tolist()[0] == "Claim"  # the guideline, read-only


def test_the_codebook_page_saves_a_new_version_with_its_diff(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Study", codebook="semeval2020-ptc")
    app = _app("codebook", admin)
    assert not app.exception and "No changes to save." in _texts(app)
    generation = int(app.session_state[f"codebook-{project.id}:generation"])
    app.text_area(key=f"codebook-{project.id}-{generation}-label-0-description").input("A new guideline.").run()
    changes = next(d.value for d in app.dataframe if "Change" in d.value.columns)
    assert list(changes["Field"]) == ["description"] and list(changes["After"]) == ["A new guideline."]
    app.button(key="codebook-save").click().run()
    assert not app.exception
    codebook = get_project_codebook(sqlite_db, admin, project.id)
    assert codebook.version == 2 and codebook.labels[0].description == "A new guideline."
    assert "Saved as version 2" in _texts(app)


def test_the_import_shows_what_it_found_and_maps_the_labels(sqlite_db: Database, admin: Actor, corpus: Path) -> None:
    """The read step is the file uploader's (a browser test drives it); here what was read
    is in session state as after "Read the files"."""
    project = create_project(sqlite_db, admin, "Study", codebook="framing")
    known = [label.key for label in get_project_codebook(sqlite_db, admin, project.id).labels
             if label.layer == "span"]
    loaded = read_uploads(sqlite_db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(sqlite_db.url))
    reading = Reading(_signature([], "", DETECT), loaded, "ptc-sample.zip")
    app = _app("data", admin, **{READ: reading})
    assert not app.exception
    texts = _texts(app)
    counts = gold_counts(corpus)
    assert "14 label(s) the codebook (framing) lacks" in texts
    labels = next(d.value for d in app.dataframe if "Label in the file" in d.value.columns)
    assert dict(zip(labels["Label in the file"], labels["Spans and gold spans"], strict=True)) == counts
    order = list(labels["Label in the file"])
    codebook = load_builtin("framing")
    boxes = {key: app.selectbox(key=mapping_key(codebook, key)) for key in order}
    boxes["Doubt"].set_value(known[0])
    boxes["Repetition"].set_value("drop")
    app.run()
    assert f"{counts['Repetition']} span(s) dropped" in _texts(app)
    app.button(key="data_import").click().run()
    assert not app.exception
    stored = stored_label_counts(sqlite_db, project.id)
    assert "Repetition" not in stored and "Doubt" not in stored
    assert stored[known[0]] >= counts["Doubt"]
    assert sum(stored.values()) == sum(counts.values()) - counts["Repetition"]
    assert "span(s) of Repetition dropped, as chosen" in _texts(app)
    assert get_project_codebook(sqlite_db, admin, project.id).version == 2


def test_the_import_says_before_and_after_what_it_leaves_out(sqlite_db: Database, admin: Actor) -> None:
    """A Label Studio file's whole-text ratings and text areas have no place here: the preview
    counts them before anything is written, and the import's summary again."""
    from ..services.exchange.test_label_studio_results import TASKS

    create_project(sqlite_db, admin, "Study", codebook="framing")
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", json.dumps(TASKS).encode())], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    assert not app.exception
    note = ("Label Studio results about the whole text that have no place here are not imported: "
            "2 rating 'reliability', 1 textarea 'comment' (first in tasks.json, task 7, annotation 21)")
    assert [i.value.replace("\\", "") for i in app.info] == [note]
    app.button(key="data_import").click().run()
    assert not app.exception
    assert note in [i.value.replace("\\", "") for i in app.info]
    assert "3 annotations added" in _texts(app)


def test_a_file_whose_manifest_codebook_is_broken_is_said_not_a_traceback(sqlite_db: Database, admin: Actor) -> None:
    """Into a new project, the page takes the file's codebook: a native file whose manifest
    holds a broken one ended the page with an exception."""
    lines = (EXAMPLES / "example.jsonl").read_text(encoding="utf-8").splitlines()
    manifest = json.loads(lines[0])
    manifest["codebook"]["definition"]["labels"][0]["key"] = "bad\tkey"
    data = "\n".join([json.dumps(manifest), *lines[1:]]).encode()
    loaded = read_uploads(sqlite_db, admin, None, [Upload("export.jsonl", data)], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "export.jsonl")})
    assert not app.exception
    assert "Nothing was imported" in _texts(app)
    (problems,) = [d.value for d in app.dataframe if "problem" in d.value.columns]
    assert list(problems["problem"])[0].startswith("export.jsonl, line 1, field 'codebook.definition.labels.0.key'")
    assert list_projects(sqlite_db, admin) == []


def test_the_documents_list_searches_filters_and_pages(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Study")
    app = _app("documents", admin)
    assert not app.exception and "No documents yet: import articles" in _texts(app)
    ann = make_user(sqlite_db, "ann")
    add_member(sqlite_db, admin, project.id, ann)
    for n in range(120):
        add_document(sqlite_db, admin, project.id, f"Article {n}: the talks in {'Astana' if n % 2 else 'Geneva'}.\n",
                     title=f"Title {n}", external_id=f"ptc{n}")
    app = _app("documents", admin)
    assert not app.exception
    shown = app.dataframe[0].value
    assert len(shown) == 50 and list(shown["External id"])[:2] == ["ptc0", "ptc1"]
    assert set(shown["Status"]) == {"nobody assigned"} and "Annotators" in shown.columns
    assert "Nobody is assigned to these documents yet." in _texts(app)
    assert "Page 1 of 3" in _texts(app)
    app.button(key="documents-next").click().run()
    assert list(app.dataframe[0].value["Title"])[0] == "Title 50"
    app.text_input(key="documents-search").input("astana").run()
    assert "60 of 120 documents match" in _texts(app)
    assert list(app.dataframe[0].value["Title"])[0] == "Title 1"  # back to the first page
    app.text_input(key="documents-search").input("ptc7").run()
    assert list(app.dataframe[0].value["External id"]) == ["ptc7", *[f"ptc7{n}" for n in range(10)]]
    app = _app("documents", ann)
    assert not app.exception and "Annotators" not in app.dataframe[0].value.columns
    assert set(app.dataframe[0].value["Status"]) == {"not started"}


def test_the_codebook_editor_edits_relation_types(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Relations", codebook="framing")
    app = _app("codebook", admin)
    assert not app.exception and "No changes to save." in _texts(app)
    slot = f"codebook-{project.id}"

    def k(*parts: object) -> str:
        return "-".join([slot, str(app.session_state[f"{slot}:generation"]), *map(str, parts)])

    # The built-in types are there to edit; remove "supports" (the third).
    assert app.selectbox(key=k("relation-pick")).options == [
        "Attributed to · attributed_to", "Frames · frames", "Supports · supports", "Contradicts · contradicts",
        "Repeats · repeats"]
    app.selectbox(key=k("relation-pick")).set_value(2).run()
    app.button(key=k("relation", 2, "remove")).click().run()
    assert [r.key for r in app.session_state[f"{slot}:draft"].relations] == [
        "attributed_to", "frames", "contradicts", "repeats"]
    # Add a type and fill in every field.
    app.text_input(key=k("new-relation type")).input("Quotes")
    app.button(key=k("add-relation type")).click().run()
    assert app.selectbox(key=k("relation-pick")).value == 4
    app.text_input(key=k("relation", 4, "key")).input("quotes_speaker")
    app.text_area(key=k("relation", 4, "description")).input("A claim quoting a named speaker.")
    app.text_input(key=k("relation", 4, "hotkey")).input("Q")
    app.checkbox(key=k("relation", 4, "directed")).uncheck()
    app.multiselect(key=k("relation", 4, "from")).set_value(["claim"])
    app.multiselect(key=k("relation", 4, "to")).set_value(["source_attribution", "name_calling"])
    app.color_picker(key=k("relation", 4, "colour")).pick("#225588").run()
    assert not app.exception
    # A document-level label cannot be an end: it is not offered.
    assert "genre_opinion" not in app.multiselect(key=k("relation", 4, "to")).options
    changes = next(d.value for d in app.dataframe if "Change" in d.value.columns)
    assert "supports" in " ".join(map(str, changes.to_numpy().ravel()))
    app.button(key="codebook-save").click().run()
    assert not app.exception, app.exception
    codebook = get_project_codebook(sqlite_db, admin, project.id)
    assert codebook.version == 2
    assert [r.key for r in codebook.relations] == ["attributed_to", "frames", "contradicts", "repeats", "quotes_speaker"]
    made = codebook.relations[-1]
    assert (made.name, made.description, made.hotkey, made.directed, made.colour) == (
        "Quotes", "A claim quoting a named speaker.", "q", False, "#225588")
    assert (made.from_labels, made.to_labels) == (("claim",), ("source_attribution", "name_calling"))


def test_a_relation_type_clash_shows_where_and_blocks_the_save(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Clash", codebook="framing")
    app = _app("codebook", admin)
    slot = f"codebook-{project.id}"
    generation = app.session_state[f"{slot}:generation"]
    app.text_input(key=f"{slot}-{generation}-relation-0-hotkey").input("f").run()  # "frames" has f
    assert "Not ready yet" in _texts(app) and "hotkey 'f' used by both relations" in _texts(app)
    app.text_input(key=f"{slot}-{generation}-relation-0-key").input("frames").run()
    assert "Not ready yet" in _texts(app)
    assert get_project_codebook(sqlite_db, admin, project.id).version == 1


def test_a_label_decision_stays_with_its_label_when_the_codebook_changes(sqlite_db: Database, admin: Actor) -> None:
    """The lead drops the spans of "Alpha", then imports into a new project whose codebook
    lacks one more of the file's labels: the list of labels to decide grows by one in front.
    Decisions were kept by position, so the "drop" moved onto loaded_language and its spans
    were dropped, while Alpha's were imported as a new label."""
    create_project(sqlite_db, admin, "Study", codebook="framing")
    text = "The regime said so-called rebels attacked the town again."
    data = label_studio_tasks(text, [(4, 10, "loaded_language"), (16, 32, "Alpha")])
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", data)], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    [box] = [b for b in app.selectbox if b.label == "Spans of Alpha"]
    box.set_value("drop").run()
    app.radio(key="import-into").set_value("new").run()
    app.selectbox(key="import-new-codebook").set_value("semeval2020-ptc").run()
    boxes = {b.label: b.value for b in app.selectbox if b.label.startswith("Spans of ")}
    assert boxes == {"Spans of loaded_language": "Loaded_Language", "Spans of Alpha": "drop"}
    app.text_input(key="import-new-name").input("Persuasion")
    app.button(key="data_import").click().run()
    assert not app.exception
    project = next(p for p in list_projects(sqlite_db, admin) if p.name == "Persuasion")
    assert stored_label_counts(sqlite_db, project.id) == {"Loaded_Language": 1}


def test_a_label_that_cannot_be_a_key_is_offered_under_the_key_it_gets(sqlite_db: Database, admin: Actor) -> None:
    project = create_project(sqlite_db, admin, "Study", codebook="framing")
    text = "The regime said so-called rebels attacked the town again."
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", label_studio_tasks(text, [(4, 10, "=cmd")]))],
                          settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    [box] = [b for b in app.selectbox if b.label == "Spans of =cmd"]
    assert box.format_func(box.value) == "add as a new label “=cmd” (key cmd)"
    app.button(key="data_import").click().run()
    assert not app.exception
    assert stored_label_counts(sqlite_db, project.id) == {"cmd": 1}


def test_two_labels_of_the_file_become_one_new_label(sqlite_db: Database, admin: Actor) -> None:
    """Two spellings of one technique in a file (two annotators' tools): the second joins the
    label the first is added as, so that the codebook gains one label, not two."""
    project = create_project(sqlite_db, admin, "Study", codebook="framing")
    text = "What about the other side? And what about them, again?"
    data = label_studio_tasks(text, [(0, 10, "Whataboutism"), (31, 41, "whatabout-ism")])
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", data)], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    [second] = [b for b in app.selectbox if b.label == "Spans of whatabout-ism"]
    assert second.options[-1] == "join the new label “Whataboutism” (above)"
    second.select_index(len(second.options) - 1).run()
    assert "As chosen: 1 new label(s); 0 span(s) dropped." in _texts(app)
    app.button(key="data_import").click().run()
    assert not app.exception
    assert stored_label_counts(sqlite_db, project.id) == {"Whataboutism": 2}
    assert get_project_codebook(sqlite_db, admin, project.id).labels[-1].key == "Whataboutism"


def test_a_new_labels_missing_guideline_is_named_as_the_box_on_the_page(sqlite_db: Database, admin: Actor) -> None:
    """The page has a box "Guideline" for the label and a box "Description" for the codebook:
    the warning names the first, not the file's key `description` (which reads as the second)."""
    project = create_project(sqlite_db, admin, "Guidelines", codebook="framing")
    app = _app("codebook", admin)
    slot = f"codebook-{project.id}"
    generation = app.session_state[f"{slot}:generation"]
    app.text_input(key=f"{slot}-{generation}-new-label").input("Appeal to fear")
    app.button(key=f"{slot}-{generation}-add-label").click().run()
    warnings = [w.value for w in app.warning if "Not ready yet" in w.value]
    assert [w.replace("\\", "") for w in warnings] == ["Not ready yet: label 'Appeal to fear': Guideline: empty: fill it in"]


def test_an_import_empties_the_files_and_urls_it_read(sqlite_db: Database, admin: Actor) -> None:
    """After an import the inputs start empty: the uploaded files stayed in the box, so the
    next file added beside them (say, into a new project) was read and imported with them,
    and a project copied from a W3C export then held every span twice."""
    create_project(sqlite_db, admin, "Study", codebook="framing")
    data = label_studio_tasks("The regime said so-called rebels attacked.", [(4, 10, "loaded_language")])
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", data)], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    uploader = app.get("file_uploader")[0].proto.id
    app.button(key="data_import").click().run()
    assert not app.exception
    assert "1 documents added" in _texts(app)
    assert app.get("file_uploader")[0].proto.id != uploader  # a new, empty box
    assert [t.value for t in app.text_area if t.label == "Article URLs, one per line"] == [""]
    assert "Nothing is written until you have seen what the files hold and pressed Import." in _texts(app)


def test_a_new_project_named_as_one_that_exists_is_refused_not_joined(sqlite_db: Database, admin: Actor) -> None:
    """"a new project" named like an existing one: the import went into the existing project."""
    existing = create_project(sqlite_db, admin, "Study", codebook="framing")
    data = label_studio_tasks("The regime said so-called rebels attacked.", [(4, 10, "loaded_language")])
    loaded = read_uploads(sqlite_db, admin, None, [Upload("tasks.json", data)], settings=get_settings(sqlite_db.url))
    app = _app("data", admin, **{READ: Reading(_signature([], "", DETECT), loaded, "tasks.json")})
    app.radio(key="import-into").set_value("new").run()
    app.text_input(key="import-new-name").input("Study")
    app.button(key="data_import").click().run()
    assert not app.exception
    assert any("project 'Study' exists already" in e.value.replace("\\", "") for e in app.error), [e.value for e in app.error]
    assert stored_label_counts(sqlite_db, existing.id) == {}
