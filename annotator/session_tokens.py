"""Session tokens: what the session cookie holds, made and read without a server secret.

A token is `v2.<id>.<secret>`: a random session id (16 bytes) and a random secret (32 bytes),
both base64url. The database keeps the id and the sha256 of the secret
(services/accounts/sessions.py), so a token cannot be made from anything a database reader
sees, and ending a session is deleting its row. A plain sha256 is enough for the secret: it has 256 random bits, so there is
nothing to guess that a slow hash would protect.

Whatever arrives in a cookie is untrusted text: `parse_token` answers None for anything that
is not exactly this shape (non-ASCII, too long, wrong parts), never an exception.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass

PREFIX = "v2"
HOURS_ENV = "ANNOTATOR_SESSION_HOURS"
DEFAULT_TTL_SECONDS = 12 * 3600
_ID_BYTES, _SECRET_BYTES = 16, 32
_SHAPE = re.compile(rf"{PREFIX}\.([A-Za-z0-9_-]{{22}})\.([A-Za-z0-9_-]{{43}})", re.ASCII)
#: Longest text worth matching (the real length is 2 + 1 + 22 + 1 + 43 = 69).
_MAX_LENGTH = 80


@dataclass(frozen=True)
class NewToken:
    session_id: str
    secret: str
    #: sha256 (hex) of the secret: what the database stores.
    digest: str

    @property
    def token(self) -> str:
        return f"{PREFIX}.{self.session_id}.{self.secret}"


@dataclass(frozen=True)
class ParsedToken:
    session_id: str
    secret: str


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def new_token() -> NewToken:
    secret = secrets.token_urlsafe(_SECRET_BYTES)
    return NewToken(secrets.token_urlsafe(_ID_BYTES), secret, secret_digest(secret))


def parse_token(value: object) -> ParsedToken | None:
    """The parts of a well-formed token; None for anything else (of any type or length)."""
    if not isinstance(value, str) or len(value) > _MAX_LENGTH:
        return None
    match = _SHAPE.fullmatch(value)
    return ParsedToken(match.group(1), match.group(2)) if match else None


def ttl_seconds() -> int:
    """How long a session lasts after its last use: ANNOTATOR_SESSION_HOURS (default 12)."""
    raw = os.environ.get(HOURS_ENV)
    if not raw:
        return DEFAULT_TTL_SECONDS
    try:
        hours = float(raw)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= 24 * 366:  # also refuses nan and inf
        raise ValueError(f"{HOURS_ENV} must be a positive number of hours, got {raw!r}")
    return int(hours * 3600)
