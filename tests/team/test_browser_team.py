"""Browser tests of the team workflow, in Debian's chromium against `streamlit run`:
(1) two annotators annotate the same article blind, a curator adjudicates in the browser,
and the gold export holds the expected spans with provenance; (2) hostile content in every
user-text field is shown literally on every team page and no script runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from annotator.db import Database
from annotator.models import Document, Entity
from annotator.models.enums import EntityKind, GlobalRole
from annotator.services.actor import Actor
from annotator.services.adjudication import comparison
from annotator.services.annotations import list_annotations
from annotator.services.assignments import assign
from annotator.services.data_export import ExportFilter, open_export
from annotator.services.documents import add_document
from annotator.services.projects import create_project

from ..conftest import make_user
from ..support.builders import add_member, span
from .browser_support import browser, log_in, running_app, select_with_mouse

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _click_page(page: Any, title: str) -> None:
    page.get_by_role("link", name=title).click()
    if title == "Documents":  # headed by the project's name
        page.locator("[data-testid='stDataFrame'], [data-testid='stTable']").first.wait_for(timeout=60_000)
    else:
        page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)


def _rerun_settled(page: Any) -> None:
    """Wait until Streamlit has finished the rerun a click started."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(300)


def _spans_of(db: Database, username: str, document_id: int) -> list[Any]:
    return [a for a in list_annotations(db, Actor.system(), document_id) if a.username == username]


def _wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the browser's change never reached the database"
        time.sleep(0.2)


def test_two_annotators_blind_then_curator_adjudicates(sqlite_db: Database, tmp_path: Path, corpus: Path) -> None:
    db = sqlite_db
    lead = make_user(db, "lead", GlobalRole.ADMIN)
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project = create_project(db, lead, "Astana study", blind=True, annotators_per_document=2)
    doc, _ = add_document(db, lead, project.id, text, title="Syria Peace Talks In Astana")
    ann, bob, cura = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cura, "curator")):
        add_member(db, lead, project.id, person, role)
    assign(db, lead, project.id, [doc], ["ann", "bob"])
    drawn = {
        "ann": [("so-called", "loaded_language"), ("“opposition groups”", "scare_quotes")],
        "bob": [("so-called", "loaded_language"), ("so-called “opposition groups”", "scare_quotes"),
                ("the biggest militant group", "claim")],
    }
    with running_app(db.url, tmp_path) as url, browser() as chromium:
        for who, spans in drawn.items():
            # Both annotate blind, with the mouse, from their queue into the workspace.
            context = chromium.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            log_in(page, url, who, PASSWORD)
            _click_page(page, "My queue")
            page.get_by_role("button", name="Open next").click()
            page.locator(".anno-hl-text").wait_for(timeout=60_000)
            for number, (quote, label) in enumerate(spans, start=1):
                select_with_mouse(page, quote)
                page.locator(f".anno-hl-chip[data-label='{label}']").click()
                _wait_for(lambda w=who, n=number: len(_spans_of(db, w, doc)) == n)
                # And the highlighter has redrawn with it, before the next drag starts.
                page.wait_for_function("n => document.querySelector('.anno-hl')?.dataset.spanCount == String(n)",
                                       arg=number, timeout=60_000)
                page.wait_for_timeout(300)
            # Blind: the other annotator's spans are not drawn for this one.
            page.screenshot(path=str(tmp_path / f"{who}-workspace.png"), full_page=True)
            context.close()
        mine = {who: sorted(a.quote for a in _spans_of(db, who, doc)) for who in drawn}
        assert mine == {who: sorted(q for q, _ in spans) for who, spans in drawn.items()}
        assert {a.username for a in list_annotations(db, ann, doc)} == {"ann"}  # blind
        order = [v.annotator for v in comparison(db, cura, doc).clusters[0].versions]
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        log_in(page, url, "cura", PASSWORD)
        _click_page(page, "Adjudication")
        page.get_by_role("button", name="Accept 1 unanimous span(s)").click()
        # Each step waits for the outcome on the page before the next click.
        page.get_by_text("1 unanimous (0 not in gold yet) · 2 open disagreement(s)").wait_for(timeout=60_000)
        _rerun_settled(page)
        page.get_by_role("button", name="Accept", exact=True).nth(order.index("ann")).click()
        page.get_by_text("1 open disagreement(s) of 2").wait_for(timeout=60_000)
        page.get_by_text("Claim: “the biggest militant group”").wait_for(timeout=60_000)
        _rerun_settled(page)
        page.get_by_role("button", name="Reject all versions").click()
        page.get_by_text("Nothing left to decide on this document.").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "adjudicated.png"), full_page=True)

    with open_export(db, cura, project.id, fmt="native", filters=ExportFilter(gold_only=True)) as stream:
        (record,) = list(stream.records)
    uids = {a.quote: a.uid for a in list_annotations(db, lead, doc) if a.username == "ann"}
    gold = [(g.quote, g.label, g.provenance, g.chosen_from, g.curator, len(g.source_uids)) for g in record.gold]
    assert gold == [
        ("so-called", "loaded_language", "unanimous", None, "cura", 2),
        ("“opposition groups”", "scare_quotes", "chosen", "ann", "cura", 1),
    ]
    assert record.gold[1].source_uids == [uids["“opposition groups”"]]
    assert record.annotations == []


SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
MARKDOWN = "[click me](javascript:window.__pwned=3) **bold** :red[red] $x^2$"
CONTROL = "bell\x07 escape\x1b[31m tab\t end"
LONG = "L" * 4000


def _hostile_codebook(tmp_path: Path) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(
        "key: evil\nname: Evil codebook\ncategories:\n  - {key: c, name: 'C', layer: span}\n"
        "labels:\n"
        f"  - {{key: evil, name: '{SCRIPT} **label**', category: c, colour: '#aa0000', description: '{IMG}'}}\n"
        f"  - {{key: plain, name: 'Plain {IMG}', category: c, colour: '#00aa00', description: 'x'}}\n",
        encoding="utf-8")
    return path


def _check_clean(page: Any, dialogs: list[str], where: str) -> None:
    assert page.evaluate("window.__pwned") is None, f"a script ran on {where}"
    assert dialogs == [], f"a dialog opened on {where}: {dialogs}"
    assert page.locator("img[src='x']").count() == 0, f"an injected image on {where}"
    assert page.locator("a[href^='javascript']").count() == 0, f"a javascript: link on {where}"


def test_hostile_content_is_shown_literally_and_never_runs(sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    lead = make_user(db, "lead", GlobalRole.ADMIN)
    project = create_project(db, lead, f"Study {IMG}", codebook=str(_hostile_codebook(tmp_path)), blind=True)
    text = f"Intro {SCRIPT} then {IMG} and {MARKDOWN}.\n{LONG}\nControl: {CONTROL} done."
    doc, _ = add_document(db, lead, project.id, text, title=f"{IMG} **title** {SCRIPT}")
    with db.write() as session:
        outlet = Entity(kind=EntityKind.OUTLET, name=f"Outlet {SCRIPT} {IMG}")
        session.add(outlet)
        session.flush()
        session.get(Document, doc).outlet_id = outlet.id  # type: ignore[union-attr]
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, lead, project.id, ann)
    add_member(db, lead, project.id, bob)
    assign(db, lead, project.id, [doc], ["ann", "bob", "lead"])
    span(db, ann, doc, text, SCRIPT, "evil", note=f"note {MARKDOWN} {IMG}")
    span(db, bob, doc, text, IMG, "plain", note=f"{SCRIPT}")
    span(db, bob, doc, text, MARKDOWN, "evil")

    with running_app(db.url, tmp_path) as url, browser() as chromium:
        for who, pages in (("ann", ["Documents", "My queue", "History"]),
                           ("lead", ["Projects", "Documents", "My queue", "History", "Assignment", "Adjudication",
                                     "Administration"])):
            context = chromium.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
            log_in(page, url, who, PASSWORD)
            for title in pages:
                _click_page(page, title)
                if title == "Administration":
                    page.get_by_role("tab", name="Audit log").click()
                    page.wait_for_timeout(800)
                _check_clean(page, dialogs, f"{title} as {who}")
                page.screenshot(path=str(tmp_path / f"{who}-{title}.png"), full_page=True)
            # The annotation workspace of the same document, opened from the queue.
            _click_page(page, "My queue")
            page.get_by_role("button", name="Open next").click()
            page.locator(".anno-hl-text").wait_for(timeout=60_000)
            page.wait_for_timeout(800)
            _check_clean(page, dialogs, f"the workspace as {who}")
            page.screenshot(path=str(tmp_path / f"{who}-workspace.png"), full_page=True)
            if who == "lead":
                # On the adjudication page the quotes and notes are text elements: literal.
                _click_page(page, "Adjudication")
                body = page.inner_text("body")
                assert SCRIPT in body and "**label**" in body and "**bold**" in body
                _check_clean(page, dialogs, "Adjudication (again)")
            context.close()
