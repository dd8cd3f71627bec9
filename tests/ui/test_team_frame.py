"""The frame with the team pages: who sees which page, and single sign-on offered only when
configured (tested without a provider: the button, and the provider list)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from annotator import secret_files
from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.ui.oidc import providers

from ..conftest import make_user
from ..support.builders import add_member, project_with_document

ROOT = Path(__file__).resolve().parents[2]


def _login(app: AppTest, name: str) -> AppTest:
    app.run()
    app.text_input[0].input(name)
    app.text_input[1].input("correct horse battery")
    return app.button[0].click().run()


@pytest.fixture
def app(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project, _ = project_with_document(sqlite_db, lead, "Some text.")
    add_member(sqlite_db, lead, project, make_user(sqlite_db, "ann"))
    add_member(sqlite_db, lead, project, make_user(sqlite_db, "cura"), "curator")
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


@pytest.mark.parametrize(("name", "visible", "hidden"), [
    ("ann", ["My queue", "History"], ["Assignment", "Curation", "Administration"]),
    ("cura", ["My queue", "Assignment", "Curation"], ["Administration"]),
    ("lead", ["Assignment", "Curation", "Administration"], []),
])
def test_pages_follow_the_role(app: AppTest, name: str, visible: list[str], hidden: list[str]) -> None:
    from annotator.ui import routes

    seen: list[list[str]] = []
    original = routes.sections

    def spy(actor):  # type: ignore[no-untyped-def]
        pages = original(actor)
        seen.append([p.title for section in pages.values() for p in section])
        return pages

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(routes, "sections", spy)
        _login(app, name)
    assert not app.exception and seen
    titles = seen[-1]
    assert all(v in titles for v in visible) and not any(h in titles for h in hidden)


def test_single_sign_on_is_offered_only_when_configured(app: AppTest) -> None:
    app.run()
    assert [b.label for b in app.button] == ["Log in"]
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "annotator", "client_secret": "s",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception, app.exception
    assert [b.label for b in app.button] == ["Log in", "Sign in with single sign-on"]


def test_single_sign_on_is_refused_while_the_secrets_file_is_exposed(app: AppTest, monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """Whoever reads secrets.toml can forge Streamlit's identity cookie: no button, a reason."""
    exposed = tmp_path / "secrets.toml"
    exposed.write_text("[auth]\n", encoding="utf-8")
    exposed.chmod(0o644)
    monkeypatch.setattr(secret_files, "secrets_toml_paths", lambda: [exposed])
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "annotator", "client_secret": "s",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception, app.exception
    assert [b.label for b in app.button] == ["Log in"]
    assert any("Single sign-on is off" in e.value and "chmod 600" in e.value for e in app.error)
    exposed.chmod(0o600)
    app.run()
    assert [b.label for b in app.button] == ["Log in", "Sign in with single sign-on"]


def test_provider_list() -> None:
    assert providers(None) == [] and providers({"redirect_uri": "x"}) == []
    assert providers({"client_id": "a", "google": {"client_id": "g"}, "microsoft": {"client_id": "m"},
                      "cookie_secret": "s"}) == [None, "google", "microsoft"]
