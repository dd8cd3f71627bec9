"""Opened at a page's own address, the app's page tells Streamlit's front end where the server
is (annotator/ui/page_base.py): the front end asks for its health once, at the server's root,
instead of first at the page's address and again 100 ms later; and the script in the page
computes the same address behind a proxy that serves the app under a longer path."""

from __future__ import annotations

import uuid

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.team.projects import create_project
from annotator.ui.page_base import page_script

from .conftest import RunningApp
from .driver import log_in, open_document

pytestmark = pytest.mark.browser

HEALTH_ASKED = "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('_stcore/health'))"


def test_a_page_opened_at_its_own_address_asks_the_servers_root_once(page, app: RunningApp) -> None:  # type: ignore[no-untyped-def]
    project = create_project(app.db, app.actor, f"base {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, "Ein Text mit Umlauten: grün, Straße.", title="Kurz")
    log_in(page, app)
    open_document(page, app, document_id)  # waits for the article's highlights to be painted
    assert page.evaluate("() => window.__streamlit.BACKEND_BASE_URL") == app.url + "/"
    assert page.evaluate(HEALTH_ASKED) == [app.url + "/_stcore/health"]
    page.goto(app.url + "/no-such-page")  # not one of the app's pages: Streamlit's own answer
    page.get_by_text("Page not found").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__streamlit === undefined")


@pytest.mark.parametrize(("origin", "pathname", "part", "expected"), [
    ("http://127.0.0.1:8501", "/workspace", "workspace", "http://127.0.0.1:8501/"),
    ("http://127.0.0.1:8501", "/", "", "http://127.0.0.1:8501/"),
    ("https://lab.example", "/tools/annotator/workspace/", "workspace", "https://lab.example/tools/annotator/"),
    ("https://lab.example", "/tools/annotator", "", "https://lab.example/tools/annotator/"),
    ("https://lab.example", "/Workspace", "workspace", None),  # not the page's own part: Streamlit probes
])
def test_the_script_gives_the_address_streamlit_would_probe_its_way_to(  # type: ignore[no-untyped-def]
        page, origin: str, pathname: str, part: str, expected: str | None) -> None:
    script = page_script(part).decode().removeprefix("<script>").removesuffix("</script>")
    found = page.evaluate(f"""([origin, pathname]) => {{
        const window = {{}}, location = {{origin, pathname}};
        {script}
        return window.__streamlit ? window.__streamlit.BACKEND_BASE_URL : null; }}""", [origin, pathname])
    assert found == expected


def test_an_address_a_host_page_set_is_kept(page) -> None:  # type: ignore[no-untyped-def]
    script = page_script("workspace").decode().removeprefix("<script>").removesuffix("</script>")
    found = page.evaluate(f"""() => {{
        const window = {{__streamlit: {{BACKEND_BASE_URL: "https://host.example/app/"}}}};
        const location = {{origin: "https://other.example", pathname: "/workspace"}};
        {script}
        return window.__streamlit.BACKEND_BASE_URL; }}""")
    assert found == "https://host.example/app/"
