"""Browser-test helpers for pages outside the e2e package: a chromium page from Debian's
package (tests/support/appserver.py: never a downloaded browser, skipped with a reason when
chromium is missing), logging in, moving inside the app. The app itself is started with
appserver.running_app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .appserver import chromium
from .appserver import log_in as log_in


@contextmanager
def browser_page(height: int = 1100) -> Iterator[object]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1400, "height": height})


def go_to(page: object, path: str) -> None:
    """Move inside the running app (keeps the session, as a click on a link does)."""
    page.evaluate(  # type: ignore[attr-defined]
        "path => { window.history.pushState({}, '', path); window.dispatchEvent(new PopStateEvent('popstate')); }",
        path,
    )
