"""A running app and a real browser: `streamlit run app.py` on a free port against a temporary
SQLite database seeded through the services, driven by Playwright with Debian's chromium.

Screenshots go to the test's temporary directory and are copied to ANNOTATOR_TEST_ARTIFACTS
(default /tmp/annotator-artifacts), never into the working tree.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor

from ..support.appserver import chromium, running_app
from ..support.databases import migrate

USER, PASSWORD = "ana", "a long password"

pytestmark = pytest.mark.browser


@dataclass
class RunningApp:
    url: str
    db: Database
    actor: Actor
    log: Path


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    directory = tmp_path_factory.mktemp("e2e-app")
    url = migrate(f"sqlite:///{directory / 'app.sqlite3'}")
    db = Database(url)
    user = create_user(db, Actor.system(), USER, PASSWORD, role=GlobalRole.ADMIN)
    try:
        with running_app(url, directory, ANNOTATOR_PERF_LOG=str(directory / "perf.log")) as server:
            yield RunningApp(server.url, db, Actor(user.id, user.username, GlobalRole.ADMIN), server.log)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: object, app: RunningApp, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1480, "height": 940})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog opened: {dialog.message}"))
    yield page
    # An exception in a script run is drawn on the page, not raised in the browser.
    errors += page.locator("[data-testid='stException']").all_inner_texts()
    if getattr(request.node, "failed_call", False):
        target = artifacts_dir() / f"failed-{request.node.name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        print(f"screenshot of the failure: {target}")
    context.close()
    assert errors == [], errors


def artifacts_dir() -> Path:
    return Path(os.environ.get("ANNOTATOR_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "annotator-artifacts")


@pytest.fixture
def screenshot(tmp_path: Path) -> Iterator[object]:
    """save(page, name): a PNG in the test's temp dir, copied to the artifacts dir."""
    saved: list[Path] = []

    def save(page: object, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
        target = artifacts_dir() / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
        saved.append(target)
        print(f"screenshot: {target}")
        return target

    yield save
