"""Browser test: a curator types server paths (the app's own SQLite file, /etc/passwd) and a
loopback URL into the Import / export page. Nothing is imported (the database is checked),
no request reaches the internal server, and the page says why, line by line. Then the same
curator uploads an honest file through the file chooser, and it is imported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from annotator.models import Document
from annotator.services.team.projects import create_project, set_member

from ..conftest import USER_PASSWORD, make_user
from ..support.recording_http import RecordingServer
from .conftest import RunningApp
from .driver import go_to_page, log_in, settle

pytestmark = pytest.mark.browser
PASSWORD = USER_PASSWORD  # make_user's
REFUSED = "Import refused; nothing was written."


@pytest.fixture
def internal() -> Iterator[RecordingServer]:
    """An internal service the server could reach: it notes every request."""
    server = RecordingServer("127.0.0.1")
    yield server
    server.stop()


def _documents(app: RunningApp, project_id: int) -> int:
    with app.db.read() as session:
        return session.scalar(select(func.count(Document.id)).where(Document.project_id == project_id)) or 0


def _type_urls(page: Any, lines: list[str]) -> None:
    box = page.get_by_role("textbox", name="Article URLs, one per line")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for n, line in enumerate(lines):
        if n:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    page.keyboard.press("Control+Enter")  # Streamlit's way to apply a text area
    settle(page)


def _read(page: Any, expected: str) -> str:
    """Press "Read the files" (the inputs are read, nothing is written) and wait for the answer
    that contains `expected`; the messages shown."""
    page.get_by_role("button", name="Read the files").or_(page.get_by_role("button", name="Read them again")).click()
    expect(page.get_by_text(expected).first).to_be_visible(timeout=30_000)
    settle(page)
    return page.locator("[data-testid='stCode']").all_inner_texts()


def _choose_format(page: Any, name: str) -> None:
    page.get_by_role("combobox", name="Format").first.click()
    page.keyboard.type(name)  # the list is drawn in part: filter it down to the option
    page.get_by_role("option", name=name, exact=True).click()
    settle(page)


def test_a_curator_cannot_import_server_files_or_internal_urls(
        app: RunningApp, page: Any, internal: RecordingServer, tmp_path: Path, screenshot: Any) -> None:
    port, seen = internal.port, internal.seen
    project = create_project(app.db, app.actor, "Boundary study")
    make_user(app.db, "cora")
    set_member(app.db, app.actor, project.id, "cora", "curator")
    database_file = app.db.url.removeprefix("sqlite:///")
    assert Path(database_file).is_file()

    page.set_viewport_size({"width": 1440, "height": 900})
    if True:
        log_in(page, app, "cora", PASSWORD)
        go_to_page(page, "Import / export")
        _choose_format(page, "txt")  # how the server files were read before: as plain text

        _type_urls(page, [database_file, "/etc/passwd", "file:///etc/passwd", f"http://127.0.0.1:{port}/admin"])
        shown = "\n".join(_read(page, "Article URLs, line 1"))
        assert page.get_by_text(REFUSED).is_visible()
        assert f"Article URLs, line 1: {database_file!r} is not an http:// or https:// address" in shown
        assert "Article URLs, line 2: '/etc/passwd' is not an http:// or https:// address" in shown
        assert "Article URLs, line 3: 'file:///etc/passwd' is not an http:// or https:// address" in shown
        assert "line 4" not in shown  # a well-formed address; nothing was fetched, the import was refused
        assert "root:" not in page.content()
        page.locator("[data-testid='stCode']").scroll_into_view_if_needed()
        screenshot(page, "import-boundary-paths-1440")
        page.set_viewport_size({"width": 1280, "height": 720})
        screenshot(page, "import-boundary-paths-1280")
        page.set_viewport_size({"width": 1440, "height": 900})

        _type_urls(page, [f"http://127.0.0.1:{port}/admin", f"http://0x7f000001:{port}/admin",
                          f"http://[::1]:{port}/admin"])
        shown = "\n".join(_read(page, "is not a public address"))
        assert page.get_by_text(REFUSED).is_visible()
        assert f"http://127.0.0.1:{port}/admin: 127.0.0.1 is not a public address" in shown
        assert "Astana" not in page.content()  # the internal server's page
        page.locator("[data-testid='stCode']").scroll_into_view_if_needed()
        screenshot(page, "import-boundary-loopback-1440")
        assert seen == []
        assert _documents(app, project.id) == 0

        # An honest curator's upload still goes in.
        articles = tmp_path / "articles.jsonl"
        articles.write_text("".join(json.dumps({"text": f"Article {n}: the so-called talks.\n", "title": f"A{n}"}) + "\n"
                                    for n in range(2)), encoding="utf-8")
        _choose_format(page, "detect from the file")
        _type_urls(page, [])
        with page.expect_file_chooser() as chooser:
            page.get_by_test_id("stFileUploaderDropzone").locator("button", has_text="Upload").click()
        chooser.value.set_files(str(articles))
        page.get_by_test_id("stFileChip").wait_for(timeout=30_000)
        expect(page.get_by_test_id("stFileChipIconSpinner")).to_have_count(0, timeout=30_000)  # uploaded
        settle(page)
        _read(page, "What the files hold")
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_text("2 documents added, 0 already present, 0 annotations added.").first).to_be_visible(
            timeout=30_000)
        assert _documents(app, project.id) == 2
