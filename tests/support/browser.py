"""Browser-test helpers for pages outside the e2e package: the app started by
`tests/support/appserver.py` and a chromium page from Debian's package (never a downloaded
browser), skipped with a reason when chromium is missing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from .appserver import log_in as log_in


@contextmanager
def served_app(database_url: str, log: Path) -> Iterator[str]:
    """The app serving `database_url` (its log and session secret beside `log`); yields the
    base URL."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with running_app(database_url, log.parent) as app:
        yield app.url


@contextmanager
def browser_page(height: int = 1100) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": height})
        finally:
            browser.close()


def go_to(page: object, path: str) -> None:
    """Move inside the running app (keeps the session, as a click on a link does)."""
    page.evaluate(  # type: ignore[attr-defined]
        "path => { window.history.pushState({}, '', path); window.dispatchEvent(new PopStateEvent('popstate')); }",
        path,
    )
