"""Driving the app's pages with AppTest: log in, open a page, hand the workspace the events
its highlighter would send from the browser (AppTest cannot run the component's JavaScript,
so events are injected through the component's session-state key)."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.ui.pages.workspace import HIGHLIGHTER_KEY

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long password"


def lead_and_annotator(db: Database) -> tuple[Actor, Actor]:
    """The usual pair of accounts (both log in with PASSWORD): "lead", an admin, and "ana"."""
    lead = create_user(db, Actor.system(), "lead", PASSWORD, role="admin")
    ana = create_user(db, Actor.system(), "ana", PASSWORD)
    return Actor(lead.id, "lead", GlobalRole.ADMIN), Actor(ana.id, "ana", GlobalRole.ANNOTATOR)


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, url_path: str, **query: str) -> AppTest:
    """Run the page registered under `url_path` in st.navigation (pages are functions, which
    AppTest.switch_page cannot name; st.Page hashes its url_path)."""
    at.query_params.update(query)
    at._page_hash = calc_hash(url_path)
    at.run()
    assert not at.exception, at.exception
    return at


def selection(text: str, quote: str, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {"start": start, "end": start + len(quote), "quote": quote, "uid": str(uuid.uuid4())}


def event(doc: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": kind, "doc": doc, "t": time.time() * 1000, **fields}


def send(at: AppTest, *events: dict[str, Any]) -> AppTest:
    """What the browser does: put its latest events into the component state, rerun."""
    at.session_state[HIGHLIGHTER_KEY] = {"events": list(events)}
    at.run()
    assert not at.exception, at.exception
    return at


def unescape(markdown: str) -> str:
    """The text a reader sees for markdown made with md_escape (backslash escapes undone)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> list[str]:
    """Every message, caption and text element on the page as a reader sees it."""
    found = [e.value for e in at.error] + [e.value for e in at.warning] + [e.value for e in at.info]
    found += [e.value for e in at.success] + [e.value for e in at.caption] + [e.value for e in at.text]
    found += [e.value for e in at.markdown]
    return [unescape(str(f)) for f in found]
