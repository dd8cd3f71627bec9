"""Browser test: a lead sets up a whole study through the pages only, from a database that holds
one admin account: two annotator accounts made on the Administration page, a project whose
codebook is built in the editor (one label with a choice attribute), the annotators added from
the Members list, the PTC sample zip imported with its 14 techniques mapped (some onto the
project's label, the rest added as new labels, one dropped), documents assigned; then what the
database holds is checked. A second test creates a project straight from the zip, with the
file's codebook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from annotator.models import Assignment, Document
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.team.projects import list_members, list_projects

from ..support.ptc import gold_counts, ptc_zip, stored_label_counts
from .conftest import RunningApp
from .driver import go_to_page, log_in, settle

pytestmark = pytest.mark.browser

MAPPED = ("Loaded_Language", "Name_Calling,Labeling")
DROPPED = "Repetition"


def _enter(page: Any, label: str, text: str) -> None:
    """Type into a text input as a person does, and apply it with Enter."""
    box = page.get_by_role("textbox", name=label, exact=True)
    box.click()
    box.fill(text)
    box.press("Enter")
    settle(page)


def _area(page: Any, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label, exact=True)
    box.click()
    box.fill(text)
    box.press("Control+Enter")  # Streamlit's way to apply a text area
    settle(page)


def _choose(page: Any, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True).first
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page)


def _click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def _upload(page: Any, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").locator("button", has_text="Upload").click()
    chooser.value.set_files(str(path))
    page.get_by_test_id("stFileChip").wait_for(timeout=30_000)
    expect(page.get_by_test_id("stFileChipIconSpinner")).to_have_count(0, timeout=60_000)
    settle(page)


def _both_sizes(page: Any, screenshot: Any, name: str) -> None:
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 1280, "height": 720})
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_lead_sets_up_a_study_in_the_browser(app: RunningApp, page: Any, corpus: Path, tmp_path: Path,
                                               screenshot: Any) -> None:
    assert list_projects(app.db, app.actor, include_archived=True) == []
    archive = tmp_path / "ptc-sample.zip"
    archive.write_bytes(ptc_zip(corpus))
    counts = gold_counts(corpus)
    assert len(counts) == 14
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, app)
    expect(page.get_by_text("No project yet").first).to_be_visible()
    expect(page.get_by_role("combobox", name="Built-in codebook")).to_be_visible(timeout=30_000)
    settle(page)
    _both_sizes(page, screenshot, "study-empty-projects")

    # Two annotator accounts, on the Administration page.
    go_to_page(page, "Administration")
    for username, display in (("ann", "Ann Annotator"), ("bob", "Bob Annotator")):
        page.get_by_role("textbox", name="User name", exact=True).fill(username)
        page.get_by_role("textbox", name="Display name", exact=True).fill(display)
        _click(page, "Create account")
        expect(page.get_by_text(f"New password for {username}").first).to_be_visible(timeout=30_000)

    # The project, with a codebook built in the editor.
    go_to_page(page, "Projects")
    _enter(page, "Project name", "Propaganda 2020")
    _area(page, "Description", "The PTC sample, coarse-grained.")
    page.get_by_text("Build it in the editor", exact=True).click()
    settle(page)
    _enter(page, "New label", "Technique")
    _click(page, "Add label")
    _area(page, "Guideline", "Any persuasion technique.")
    _enter(page, "New attribute", "Strength")
    _click(page, "Add attribute")
    _choose(page, "Type", "choice (from a list)")
    _area(page, "Choices, one per line", "weak\nstrong")
    page.get_by_label("Annotators per document").fill("2")
    page.get_by_label("Annotators per document").press("Enter")
    settle(page)
    expect(page.get_by_text("Not ready yet")).to_have_count(0)
    page.get_by_role("button", name="Create project").scroll_into_view_if_needed()
    _both_sizes(page, screenshot, "study-create-project-editor")
    _click(page, "Create project")
    expect(page.get_by_text("Project Propaganda 2020 created").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Next steps for Propaganda 2020").first).to_be_visible()

    # Two annotators from the list (the next step the Projects page links to).
    page.get_by_role("link", name="Add members").click()
    page.get_by_role("heading", name="Members").first.wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("combobox", name="People to add").click()
    page.get_by_role("option", name="Ann Annotator (ann)").click()
    page.get_by_role("option", name="Bob Annotator (bob)").click()
    page.keyboard.press("Escape")
    settle(page)
    _click(page, "Add to the project")
    expect(page.get_by_text("Added as annotator: ann, bob").first).to_be_visible(timeout=30_000)
    _both_sizes(page, screenshot, "study-members")

    # The PTC zip, its techniques mapped.
    go_to_page(page, "Import / export")
    _upload(page, archive)
    _click(page, "Read the files")
    expect(page.get_by_text("14 label(s) the codebook").first).to_be_visible(timeout=60_000)
    for key in MAPPED:
        _choose(page, f"Spans of {key}", "→ Technique (technique)")
    _choose(page, f"Spans of {DROPPED}", f"drop its {counts[DROPPED]} span(s)")
    expect(page.get_by_text(f"As chosen: 11 new label(s); {counts[DROPPED]} span(s) dropped.")).to_be_visible()
    page.get_by_text("label(s) the codebook").first.scroll_into_view_if_needed()
    _both_sizes(page, screenshot, "study-import-mapping")
    _click(page, "Import")
    expect(page.get_by_text("40 documents added").first).to_be_visible(timeout=120_000)
    expect(page.get_by_text(f"{counts[DROPPED]} span(s) of {DROPPED} dropped, as chosen").first).to_be_visible()

    # Documents assigned.
    go_to_page(page, "Assignment")
    _click(page, "Assign automatically")
    expect(page.get_by_text("80 assignment(s) added, 0 already there.")).to_be_visible(timeout=30_000)
    go_to_page(page, "Codebook")
    expect(page.get_by_text("version 2, 12 labels").first).to_be_visible()
    _both_sizes(page, screenshot, "study-codebook")
    # The editor's Relations tab: a new relation type, its guideline (not saved here).
    page.get_by_role("tab", name="Relations").click()
    settle(page)
    expect(page.get_by_text("No relation type yet").first).to_be_visible(timeout=30_000)
    _enter(page, "New relation type", "Cites")
    _click(page, "Add relation type")
    _area(page, "Guideline", "A technique span citing another one.")
    expect(page.get_by_role("combobox", name="Relation type to edit")).to_have_value("Cites · cites", timeout=30_000)
    expect(page.get_by_text("Not ready yet")).to_have_count(0)
    _both_sizes(page, screenshot, "study-codebook-relations")
    go_to_page(page, "Project settings")
    expect(page.get_by_text("already drawn stay as they are").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Archive this project")).to_be_visible()
    _both_sizes(page, screenshot, "study-settings")
    go_to_page(page, "Documents", "Propaganda 2020")
    expect(page.get_by_text("40 of 40 documents").first).to_be_visible()
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the grid paints its canvas after the frame appears
    _both_sizes(page, screenshot, "study-documents")
    grid = page.get_by_test_id("stDataFrame").first.bounding_box()
    page.mouse.click(grid["x"] + grid["width"] * 0.45, grid["y"] + 35 * 2.5)  # the second row's title
    page.wait_for_url("**/workspace?doc=*", timeout=30_000)
    with app.db.read() as session:
        second = session.scalars(select(Document.id).where(Document.project_id == list_projects(
            app.db, app.actor)[0].id).order_by(Document.id).limit(2)).all()[1]
    assert page.url.endswith(f"/workspace?doc={second}")

    [project] = list_projects(app.db, app.actor)
    assert (project.name, project.description, project.annotators_per_document) == (
        "Propaganda 2020", "The PTC sample, coarse-grained.", 2)
    assert {m.username: m.role for m in list_members(app.db, app.actor, project.id)} == {
        "ana": "admin", "ann": "annotator", "bob": "annotator"}
    codebook = get_project_codebook(app.db, app.actor, project.id)
    assert codebook.version == 2  # the added labels made a new version
    technique = codebook.label("technique")
    assert technique is not None and technique.description == "Any persuasion technique."
    [strength] = technique.attributes
    assert (strength.key, strength.type, list(strength.choices)) == ("strength", "choice", ["weak", "strong"])
    added = set(counts) - set(MAPPED) - {DROPPED}
    assert {label.key for label in codebook.labels} == {"technique", *added}
    stored = stored_label_counts(app.db, project.id)
    assert stored["technique"] == sum(counts[key] for key in MAPPED)
    assert all(stored[key] == counts[key] for key in added)
    assert DROPPED not in stored and sum(stored.values()) == sum(counts.values()) - counts[DROPPED]
    with app.db.read() as session:
        documents = session.scalar(select(func.count(Document.id)).where(Document.project_id == project.id))
        assignments = session.scalar(select(func.count(Assignment.id)).join(Document)
                                     .where(Document.project_id == project.id))
    assert (documents, assignments) == (40, 80)


def test_a_project_straight_from_the_ptc_zip(app: RunningApp, page: Any, corpus: Path, tmp_path: Path,
                                             screenshot: Any) -> None:
    archive = tmp_path / "ptc-sample.zip"
    archive.write_bytes(ptc_zip(corpus))
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, app)
    go_to_page(page, "Import / export")
    page.get_by_text("a new project", exact=True).click()
    settle(page)
    _enter(page, "New project's name", "PTC gold")
    _upload(page, archive)
    _click(page, "Read the files")
    expect(page.get_by_text("The new project takes the file's codebook").first).to_be_visible(timeout=60_000)
    assert page.get_by_text("label(s) the codebook").count() == 0  # nothing to map
    _both_sizes(page, screenshot, "study-import-new-project")
    _click(page, "Import")
    expect(page.get_by_text("Project PTC gold created with codebook semeval2020-ptc").first).to_be_visible(
        timeout=120_000)
    project = next(p for p in list_projects(app.db, app.actor) if p.name == "PTC gold")
    assert (project.codebook_key, project.codebook_version) == ("semeval2020-ptc", 1)
    assert stored_label_counts(app.db, project.id) == gold_counts(corpus)
