"""Account administration the users service leaves to a page: resetting a password to a
generated one that the admin passes on once."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from ..actor import Actor
from ..unit import write_service
from .users import require_admin, set_password


@write_service
def reset_password(session: Session, actor: Actor, username: str) -> str:
    """Give the account a new random password and return it (shown once, never stored or
    logged in clear). Admins only, and refused and audited for anyone else, their own
    account included (a user changes their own with the current password: change_password)."""
    require_admin(actor, "reset a password")
    password = secrets.token_urlsafe(12)
    set_password.tx(session, actor, username, password)
    return password
