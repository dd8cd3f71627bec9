"""The upload import's preview and label mapping, on the PTC sample zipped as a user would upload
it: what the preview tells (nothing written), the mapping of its 14 techniques onto a small
codebook (mapped, added, dropped and said so), one transaction, and a new project that takes
the file's codebook in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.codebooks import load_builtin
from annotator.codebooks.editor import AttributeDraft, CodebookDraft
from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import Forbidden, ImportRefused, InvalidInput
from annotator.models import Document
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.exchange.imports import (
    MapTo,
    Upload,
    file_codebook,
    import_loaded,
    preview_import,
    read_uploads,
)
from annotator.services.exchange.label_mapping import new_label_name, suggest
from annotator.services.team.projects import create_project, list_projects

from ...conftest import make_user
from ...support.builders import add_member
from ...support.label_studio import label_studio_tasks
from ...support.ptc import gold_counts, ptc_zip, stored_label_counts

DROPPED = "Repetition"


def _small_codebook() -> CodebookDraft:
    draft = CodebookDraft.blank("propaganda", "Propaganda")
    label = draft.add_label("Loaded language")
    label.description = "Emotionally charged words."
    label.attributes.append(AttributeDraft(key="intensity", name="Intensity", type="choice", choices=["mild", "strong"]))
    doubt = draft.add_label("Doubt")
    doubt.description = "Questioning credibility."
    return draft


def test_the_preview_tells_what_the_zip_holds_and_writes_nothing(db: Database, admin: Actor, corpus: Path) -> None:
    project = create_project(db, admin, "Study", codebook=_small_codebook().to_definition())
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    preview = preview_import(db, admin, loaded, project_id=project.id, annotator="ptc-gold")
    counts = gold_counts(corpus)
    assert (preview.documents, preview.present, preview.spans, preview.gold) == (40, 0, sum(counts.values()), 0)
    assert {label.key: label.spans for label in preview.labels} == counts
    assert set(preview.unknown) == set(counts)  # PTC's keys are not this codebook's
    suggestions = {label.key: label.suggestion for label in preview.labels if label.suggestion}
    assert suggestions == {"Loaded_Language": "loaded_language", "Doubt": "doubt"}
    assert preview.annotators == (("ptc-gold", sum(counts.values())),)
    assert preview.problems == ()
    with db.read() as session:
        assert session.scalar(select(func.count(Document.id))) == 0


def test_the_mapping_maps_adds_and_drops_in_one_transaction(db: Database, admin: Actor, corpus: Path) -> None:
    project = create_project(db, admin, "Study", codebook=_small_codebook().to_definition())
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    preview = preview_import(db, admin, loaded, project_id=project.id)
    counts = gold_counts(corpus)
    mapping = {key: MapTo("new", name=key.replace("_", " ")) for key in preview.unknown}
    mapping["Loaded_Language"] = MapTo("existing", "loaded_language")
    mapping["Doubt"] = MapTo("existing", "doubt")
    mapping["Name_Calling,Labeling"] = MapTo("existing", "loaded_language")
    mapping["Exaggeration,Minimisation"] = MapTo("existing", "loaded_language")
    mapping["Slogans"] = MapTo("new", "slogan", "Slogan")
    mapping[DROPPED] = MapTo("drop")
    fractions: list[float] = []
    done = import_loaded(db, admin, "Study", loaded, source="ptc-sample.zip", annotator="ptc-gold", mapping=mapping,
                         progress=lambda fraction, doing: fractions.append(fraction))
    assert not done.created and done.result.added == 40
    assert f"{counts[DROPPED]} span(s) of {DROPPED} dropped, as chosen" in done.result.messages
    assert "Name_Calling,Labeling mapped onto loaded_language" in done.result.messages
    assert fractions == sorted(fractions) and fractions[-1] == 0.95
    stored = stored_label_counts(db, project.id)
    assert stored["loaded_language"] == counts["Loaded_Language"] + counts["Name_Calling,Labeling"] + counts["Exaggeration,Minimisation"]
    assert stored["slogan"] == counts["Slogans"] and stored["doubt"] == counts["Doubt"] and "Doubt" not in stored
    assert DROPPED not in stored and sum(stored.values()) == sum(counts.values()) - counts[DROPPED]
    codebook = get_project_codebook(db, admin, project.id)
    assert codebook.version == 2
    assert codebook.label("slogan").name == "Slogan"  # type: ignore[union-attr]
    assert codebook.label("Appeal_to_Authority").name == "Appeal to Authority"  # type: ignore[union-attr]
    assert codebook.label(DROPPED) is None and codebook.label("Doubt") is None
    assert [label.key for label in codebook.labels][:2] == ["loaded_language", "doubt"]


def test_the_proposed_label_keeps_the_marks_of_every_script() -> None:
    """The match ignored every character that is not a word character, and Devanagari's vowel
    signs and a decomposed accent are not: "काम" (work) was proposed as "कम" (less), and an
    NFD "Café" matched nothing. Case and punctuation are still ignored, in every script."""
    assert suggest("काम", [("कम", "कम")]) is None
    assert suggest("प्रचार", [("pracar", "प्रचार")]) == "pracar"
    assert suggest("Cafe\u0301 talk", [("cafe_talk", "Café talk")]) == "cafe_talk"
    assert suggest("İDDİA", [("iddia", "iddia")]) == "iddia"
    assert suggest("ΨΕΥΔΉΣ ΙΣΧΥΡΙΣΜΌΣ", [("pseudis", "ψευδής ισχυρισμός")]) == "pseudis"
    assert suggest("Loaded_Language", [("loaded_language", "Loaded language")]) == "loaded_language"


def test_a_label_whose_name_is_no_key_is_added_under_a_key_made_from_it(db: Database, admin: Actor) -> None:
    """A file's label that cannot be a key as it is (decomposed accents, a tab, a formula sign)
    was offered "add as a new label", passed the preview without a problem, and then refused
    the whole import. It is added under a key made from it (as the codebook editor makes one
    from a name), which the preview names; its name stays as in the file."""
    create_project(db, admin, "Study", codebook="framing")
    text = "The regime said so-called rebels attacked the town again."
    data = label_studio_tasks(text, [(4, 10, "Cafe\u0301"), (16, 25, "=cmd"), (26, 32, "Loaded language!")])
    loaded = read_uploads(db, admin, "Study", [Upload("tasks.json", data)], settings=get_settings(db.url))
    preview = preview_import(db, admin, loaded, project_id=list_projects(db, admin)[0].id)
    assert not preview.problems
    assert {label.key: label.new_key for label in preview.labels} == {
        "Cafe\u0301": "café", "=cmd": "cmd", "Loaded language!": "loaded_language_2"}
    done = import_loaded(db, admin, "Study", loaded, source="tasks.json",
                         mapping={key: MapTo("new", name=key) for key in preview.unknown})
    assert done.result.annotations == 3
    added = {label.key: label.name for label in get_project_codebook(db, admin, done.project.id).labels[-3:]}
    assert added == {"café": "Cafe\u0301", "cmd": "=cmd", "loaded_language_2": "Loaded language!"}
    assert "cmd (new label) takes the spans of =cmd" in done.result.messages


def test_undecided_or_misdirected_labels_refuse_the_import(db: Database, admin: Actor, corpus: Path) -> None:
    project = create_project(db, admin, "Study", codebook=_small_codebook().to_definition())
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    preview = preview_import(db, admin, loaded, project_id=project.id)
    assert suggest("Name calling", [("name_calling", "Name-calling")]) == "name_calling"
    assert suggest("Slogans", [("name_calling", "Name-calling")]) is None
    with pytest.raises(InvalidInput, match="not mapped: .*Doubt"):
        import_loaded(db, admin, "Study", loaded, source="zip", mapping={"Slogans": MapTo("drop")})
    bad = {key: MapTo("existing", "nowhere") for key in preview.unknown}
    with pytest.raises(InvalidInput, match="which the codebook lacks"):
        import_loaded(db, admin, "Study", loaded, source="zip", mapping=bad)
    with db.read() as session:
        assert session.scalar(select(func.count(Document.id))) == 0
    assert get_project_codebook(db, admin, project.id).version == 1


def test_a_refused_write_leaves_no_new_codebook_version_or_project(db: Database, admin: Actor, corpus: Path) -> None:
    """The labels are added in the same transaction as the documents: a failure later rolls
    them back too."""
    project = create_project(db, admin, "Study", codebook=_small_codebook().to_definition())
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    loaded.records[0].annotations[0].end = 10**6  # found only when the records are validated
    mapping = {key: MapTo("new") for key in preview_import(db, admin, loaded, project_id=project.id).unknown}
    with pytest.raises(ImportRefused):
        import_loaded(db, admin, "Study", loaded, source="zip", mapping=mapping)
    assert get_project_codebook(db, admin, project.id).version == 1


def test_the_preview_reports_problems_before_anything_is_written(db: Database, admin: Actor, corpus: Path) -> None:
    project = create_project(db, admin, "Study", codebook=_small_codebook().to_definition())
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    loaded.records[2].annotations[0].end = 10**6
    preview = preview_import(db, admin, loaded, project_id=project.id)
    assert len(preview.problems) == 1 and "field 'annotations[0].start/end/quote'" in preview.problems[0]
    assert loaded.records[2].annotations[0].end == 10**6  # the preview works on copies


def test_a_new_project_takes_the_files_codebook_in_one_step(db: Database, admin: Actor, corpus: Path) -> None:
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    codebook = file_codebook(loaded)
    assert codebook == load_builtin("semeval2020-ptc")
    preview = preview_import(db, admin, loaded, project_id=None, codebook=codebook)
    assert preview.unknown == () and preview.problems == ()
    done = import_loaded(db, admin, "PTC", loaded, source="zip", codebook=codebook, annotator="ptc-gold",
                         mapping={}, project_settings={"blind": True})
    assert done.created and done.project.codebook_key == "semeval2020-ptc" and done.project.blind
    assert sum(stored_label_counts(db, done.project.id).values()) == sum(gold_counts(corpus).values())


def test_only_leads_preview_into_a_project_and_only_creators_into_a_new_one(db: Database, admin: Actor, corpus: Path) -> None:
    project = create_project(db, admin, "Study")
    ann = make_user(db, "ann")
    add_member(db, admin, project.id, ann)
    loaded = read_uploads(db, admin, None, [Upload("ptc-sample.zip", ptc_zip(corpus))], settings=get_settings(db.url))
    with pytest.raises(Forbidden):
        preview_import(db, ann, loaded, project_id=project.id)
    with pytest.raises(Forbidden):
        preview_import(db, ann, loaded, project_id=None, codebook=file_codebook(loaded))
    assert [p.name for p in list_projects(db, admin)] == ["Study"]


def test_add_labels_adds_what_the_pages_new_label_adds(db: Database, admin: Actor) -> None:
    """The command line's --add-labels refused a file's label that cannot be a key as it is,
    where the page's "add as a new label" makes a key for it: both now take the key the preview
    names (label_mapping.new_label_key) and the name label_mapping.new_label_name gives, and
    the spans go to the label whatever its key."""
    text = "The regime said so-called rebels attacked the town again."
    spans = [(4, 10, "Cafe\u0301"), (16, 25, "=cmd"), (26, 32, "Loaded_language!"), (33, 41, "fine_key")]
    data = label_studio_tasks(text, spans)
    added: dict[str, dict[str, str]] = {}
    for project, page in (("By flag", False), ("By page", True)):
        create_project(db, admin, project, codebook="framing")
        loaded = read_uploads(db, admin, project, [Upload("tasks.json", data)], settings=get_settings(db.url))
        if page:  # what the page's "add as a new label" hands over for each
            preview = preview_import(db, admin, loaded, project_id=next(
                p.id for p in list_projects(db, admin) if p.name == project))
            made = {label.key: label.new_key for label in preview.labels}
            assert made == {"Cafe\u0301": "café", "=cmd": "cmd", "Loaded_language!": "loaded_language_2",
                            "fine_key": "fine_key"}
            done = import_loaded(db, admin, project, loaded, source="tasks.json",
                                 mapping={key: MapTo("new", made[key], name=new_label_name(key))
                                          for key in preview.unknown})
        else:
            done = import_loaded(db, admin, project, loaded, source="tasks.json", add_labels=True)
        assert done.result.annotations == 4
        codebook = get_project_codebook(db, admin, done.project.id)
        added[project] = {label.key: label.name for label in codebook.labels[-4:]}
    assert added["By flag"] == added["By page"] == {
        "café": "Cafe\u0301", "cmd": "=cmd", "loaded_language_2": "Loaded language!", "fine_key": "fine key"}
