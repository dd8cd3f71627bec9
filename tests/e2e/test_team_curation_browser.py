"""Browser test of the team workflow, in Debian's chromium against `streamlit run`: two
annotators annotate the same article blind with the mouse, a curator curates in the
browser, and the gold export holds the expected spans with their provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import list_annotations
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.team.assignments import assign
from annotator.services.team.curation import comparison
from annotator.services.team.projects import create_project

from ..conftest import make_user
from ..support.builders import add_member
from .conftest import RunningApp
from .driver import click_label, drag_select, go_to_page, log_in, poll, settle, wait_painted

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _spans_of(app: RunningApp, username: str, document_id: int) -> list[Any]:
    return [a for a in list_annotations(app.db, app.actor, document_id) if a.username == username]


def test_two_annotators_blind_then_curator_curates(app: RunningApp, browser: Any, corpus: Path, tmp_path: Path) -> None:
    db, lead = app.db, app.actor
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
    for who, spans in drawn.items():
        # Both annotate blind, with the mouse, from their queue into the workspace.
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        log_in(page, app, who, PASSWORD)
        go_to_page(page, "My queue")
        page.get_by_role("button", name="Open next").click()
        wait_painted(page)
        for number, (quote, label) in enumerate(spans, start=1):
            drag_select(page, quote)
            click_label(page, label)
            poll(lambda w=who, n=number: len(_spans_of(app, w, doc)) == n, f"{who}'s span {quote!r}", timeout=60)
            page.wait_for_function("n => document.querySelector('.anno-hl')?.dataset.spanCount == String(n)",
                                   arg=number, timeout=60_000)
            settle(page)
        page.screenshot(path=str(tmp_path / f"{who}-workspace.png"), full_page=True)
        context.close()
    mine = {who: sorted(a.quote for a in _spans_of(app, who, doc)) for who in drawn}
    assert mine == {who: sorted(q for q, _ in spans) for who, spans in drawn.items()}
    assert {a.username for a in list_annotations(db, ann, doc)} == {"ann"}  # blind
    order = [v.annotator for v in comparison(db, cura, doc).clusters[0].versions]

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log_in(page, app, "cura", PASSWORD)
    go_to_page(page, "Curation")
    page.get_by_role("button", name="Accept 1 unanimous span(s)").click()
    # Each step waits for its outcome on the page before the next click.
    page.get_by_text("1 unanimous (0 not in gold yet) · 2 open disagreement(s)").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Accept", exact=True).nth(order.index("ann")).click()
    page.get_by_text("1 open disagreement(s) of 2").wait_for(timeout=60_000)
    page.get_by_text("Claim: “the biggest militant group”").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Reject all versions").click()
    page.get_by_text("Nothing left to decide on this document.").wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "curated.png"), full_page=True)
    context.close()

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
