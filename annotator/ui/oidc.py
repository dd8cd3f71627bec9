"""Single sign-on through OpenID Connect with Streamlit's `st.login`, offered only when
`.streamlit/secrets.toml` has an `[auth]` section. The identity in `st.user` is mapped to
our own user records by services/accounts/oidc.py (linked by subject, by an admin, or by a
verified e-mail from an allow-listed issuer, or a new annotator account), so roles, projects and the
audit trail work as for local accounts. A sign-in starts a server-side session like a
password login (ui/auth.py), which is then checked on every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..errors import AnnotatorError
from ..secret_files import exposed_secret_files
from ..services.accounts.oidc import OidcIdentity, actor_for_identity
from ..services.actor import Actor
from .auth import begin_session
from .resources import get_db
from .text import md_escape


def providers(section: Mapping[str, Any] | None) -> list[str | None]:
    """Provider names to offer: None for a provider configured directly in [auth]
    (client_id there), and the name of each [auth.NAME] sub-section."""
    if not section:
        return []
    found: list[str | None] = [None] if "client_id" in section else []
    found += sorted(k for k, v in section.items() if isinstance(v, Mapping) and "client_id" in v)
    return found


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets file at all: Streamlit raises rather than returning None
        return None
    return section if isinstance(section, Mapping) else None


def configured() -> bool:
    """Single sign-on is offered when [auth] names a provider and no secrets file is exposed."""
    return bool(providers(_auth_section())) and not exposed_secret_files()


def login_buttons() -> None:
    """One button per configured provider (nothing when none is configured)."""
    names = providers(_auth_section())
    if not names:
        return
    exposed = exposed_secret_files()
    if exposed:  # whoever reads the file can forge the identity cookie: refuse, and say why
        st.error("Single sign-on is off: " + md_escape("; ".join(exposed)))
        return
    st.divider()
    for name in names:
        label = f"Sign in with {name.title()}" if name else "Sign in with single sign-on"
        if st.button(label, key=f"oidc_{name or 'default'}"):
            st.login(name) if name else st.login()


def signed_in_actor() -> Actor | None:
    """The actor for the identity in `st.user`, if someone signed in through a provider."""
    if not configured() or not _logged_in():
        return None
    try:
        return begin_session(actor_for_identity(get_db(), OidcIdentity.from_claims(_claims())))
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return None


def logout() -> None:
    """End the provider's session too (st.logout reloads the app)."""
    if configured() and _logged_in():
        st.logout()


def _claims() -> dict[str, Any]:
    """The ID-token claims of the signed-in identity (iss, sub, email, email_verified, iat ...)."""
    return dict(st.user.to_dict())


def _logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):  # AppTest and bare runs have no identity cookie at all
        return False
