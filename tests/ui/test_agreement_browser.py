"""The agreement page in a real browser: a click on a document's bar opens that document side
by side (AppTest cannot click plotly charts), and user text shows literally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.projects import create_project

from ..support.appserver import running_app
from ..support.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "a long password"
TEXT = "The regime said the so-called opposition groups would fail, the regime said."


def _records() -> list[DocumentRecord]:
    def mark(quote: str, label: str, who: str) -> AnnotationRecord:
        return AnnotationRecord(TEXT.index(quote), TEXT.index(quote) + len(quote), label,
                                annotator=who)

    records = []
    for i in range(4):  # document i: annotators disagree on i of the spans
        spans = [mark("regime", "loaded_language", "ann"), mark("so-called", "scare_quotes", "ann")]
        spans += [mark("regime", "name_calling" if i >= 1 else "loaded_language", "bob"),
                  mark("so-called", "hedge" if i >= 2 else "scare_quotes", "bob")]
        records.append(DocumentRecord(text=f"{TEXT} ({i})", title=f"<b>Doc</b> **{i}**",
                                      annotations=spans))
    return records


@pytest.fixture
def server(sqlite_db: Database, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    system = Actor.system()
    create_user(sqlite_db, system, "ana", PASSWORD, role="admin")
    project = create_project(sqlite_db, system, "Study")
    import_records(sqlite_db, system, project.id, _records())
    report = project_agreement(sqlite_db, system, project.id, AgreementFilter(n_resamples=10))
    titles = [f"#{d.document_id} {d.title}" for d in report.documents]
    with running_app(sqlite_db.url, tmp_path) as app:
        yield app.url, titles


def test_click_on_a_document_bar_opens_it_side_by_side(server: tuple[str, list[str]]) -> None:
    from playwright.sync_api import expect

    url, titles = server
    assert titles[-1] == "#1 <b>Doc</b> **0**"  # the annotators agree on document 1

    with browser_page(height=4000) as page:
        log_in(page, url, "ana", PASSWORD)
        page.get_by_role("link", name="Agreement").click()
        expect(page.get_by_text("Side by side")).to_be_visible(timeout=60_000)
        # Lowest agreement first: that document opens by default, its title literally.
        expect(page.get_by_text(titles[0], exact=True)).to_be_visible()
        bars = page.locator('[data-testid="stPlotlyChart"]').nth(3).locator("g.point path")
        expect(bars).to_have_count(4, timeout=60_000)  # plotly draws late on a loaded machine
        bars.nth(3).click(force=True)
        expect(page.get_by_text(titles[3], exact=True)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("agree on every character")).to_be_visible()
