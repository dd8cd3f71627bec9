"""Browser test: sessions end when they are ended. A cookie copied before Log out does not sign
a fresh browser in; a reload keeps a live session; an open tab whose sessions an admin ended
is signed out at its next click; a garbage cookie shows the login form, not a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from annotator.services.accounts.sessions import end_sessions
from annotator.services.accounts.users import set_active
from annotator.services.annotation.documents import add_document
from annotator.services.team.curation import list_gold
from annotator.services.team.projects import create_project

from ..conftest import USER_PASSWORD, make_user
from ..support.appserver import log_in
from ..support.builders import add_member, span
from .conftest import PASSWORD, USER, RunningApp

pytestmark = pytest.mark.browser
COOKIE = "annotator_session"


def _login_form(page: Any) -> None:
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def _fresh_page(browser: Any, app: RunningApp, cookies: list[dict[str, Any]]) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(app.url + "/")
    return context, page


def test_a_cookie_saved_before_log_out_no_longer_signs_in(page: Any, app: RunningApp, browser: Any, screenshot: Any) -> None:
    log_in(page, app.url, USER, PASSWORD)
    page.reload()  # a reload keeps the live session
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    saved = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert len(saved) == 1 and saved[0]["value"].startswith("v2.")

    # The saved cookie works in another browser while the session lives ...
    context, other = _fresh_page(browser, app, saved)
    expect(other.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    context.close()

    page.get_by_role("button", name="Log out").click()
    _login_form(page)
    page.wait_for_function(f"() => !document.cookie.includes('{COOKIE}=')", timeout=10_000)

    # ... and no longer after Log out.
    context, other = _fresh_page(browser, app, saved)
    try:
        _login_form(other)
        screenshot(other, "sessions-copied-cookie-after-logout")
    finally:
        context.close()


def test_an_open_tab_is_signed_out_when_an_admin_ends_its_sessions(page: Any, app: RunningApp) -> None:
    log_in(page, app.url, USER, PASSWORD)
    assert end_sessions(app.db, app.actor, USER) >= 1
    page.get_by_role("link", name="History").click()  # any interaction reruns the script
    _login_form(page)
    expect(page.get_by_text("session has ended")).to_be_visible()
    page.reload()
    _login_form(page)
    log_in(page, app.url, USER, PASSWORD)  # and signing in again works


@pytest.mark.parametrize("end", ["end sessions", "deactivate"])
def test_an_open_curation_view_stops_at_once_when_its_session_ends(page: Any, app: RunningApp, end: str) -> None:
    """The curation view is a fragment: its buttons rerun it alone, without the frame that
    checks the session. A curator whose sessions an admin ends (or whose account is
    deactivated) clicks "Accept all agreed spans" in a view left open: nothing is written,
    and the login form says the session has ended."""
    db, lead = app.db, app.actor
    text = "The so-called rebels attacked first, officials said."
    project = create_project(db, lead, f"Open tab {end}")
    doc, _ = add_document(db, lead, project.id, text, title="Open tab")
    name = f"cura{len(end)}"
    people = [make_user(db, f"{name}a"), make_user(db, f"{name}b"), make_user(db, name)]
    for person, role in zip(people, ("annotator", "annotator", "curator"), strict=True):
        add_member(db, lead, project.id, person, role)
    for person in people[:2]:
        span(db, person, doc, text, "so-called", "scare_quotes")
    log_in(page, app.url, name, USER_PASSWORD)
    page.goto(f"{app.url}/curation?doc={doc}")
    accept = page.get_by_role("button", name="Accept all 1 agreed span(s)")
    expect(accept).to_be_enabled(timeout=60_000)
    if end == "deactivate":
        set_active(db, lead, name, False)
    else:
        assert end_sessions(db, lead, name) >= 1
    accept.click()
    _login_form(page)
    expect(page.get_by_text("session has ended")).to_be_visible()
    assert list_gold(db, lead, doc) == []


@pytest.mark.parametrize("value", ["v1.éabc.xyz", "v2.%%%.\u202e", "v1." + "A" * 3000 + ".sig"])
def test_a_garbage_cookie_shows_the_login_form(app: RunningApp, browser: Any, value: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(app.url + "/")
    page.evaluate("([name, value]) => { document.cookie = `${name}=${value}; Path=/`; }", [COOKIE, value])
    page.reload()
    try:
        _login_form(page)
        log_in(page, app.url, USER, PASSWORD)  # the login form still works with it
    finally:
        context.close()


def test_password_managers_are_told_what_the_login_fields_hold(page: Any, app: RunningApp) -> None:
    """The password field says autocomplete="current-password" (a manager fills a saved password
    there; "new-password" makes it offer to generate one) and the name field "username"."""
    page.goto(app.url + "/")
    _login_form(page)
    assert page.get_by_role("textbox", name="Password").get_attribute("autocomplete") == "current-password"
    assert page.get_by_role("textbox", name="User name").get_attribute("autocomplete") == "username"


def test_a_user_changes_their_password_and_signs_in_with_the_new_one(
        page: Any, app: RunningApp, browser: Any, screenshot: Any) -> None:
    make_user(app.db, "pat")
    log_in(page, app.url, "pat", USER_PASSWORD)
    saved = [c for c in page.context.cookies() if c["name"] == COOKIE]
    page.get_by_role("button", name="Change password").click()  # in the sidebar: opens the dialog
    form = page.get_by_role("dialog")
    form.get_by_label("Current password").fill("not the password")
    form.get_by_label("New password (at least 8 characters)").fill("pat's new passphrase")
    form.get_by_label("New password again").fill("pat's new passphrase")
    form.get_by_role("button", name="Change password").click()
    expect(form.get_by_text("the current password is wrong")).to_be_visible(timeout=30_000)

    form.get_by_label("Current password").fill(USER_PASSWORD)
    form.get_by_label("New password (at least 8 characters)").fill("pat's new passphrase")
    form.get_by_label("New password again").fill("pat's new passphrase")
    form.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible(timeout=30_000)
    _login_form(page)
    screenshot(page, "sessions-password-changed")
    context, other = _fresh_page(browser, app, saved)  # the session before the change has ended
    try:
        _login_form(other)
    finally:
        context.close()
    log_in(page, app.url, "pat", "pat's new passphrase")
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
