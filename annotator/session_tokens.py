"""Signed, expiring session tokens: what lets a login survive a page reload.

Streamlit's session state dies with the browser's websocket, so the app keeps a token in a
cookie and reads it back on the next connection. The token is `v1.<payload>.<signature>`:
the payload (base64url JSON) names the user, when it was issued, when it expires and a
fingerprint of the account's credentials; the signature is HMAC-SHA256 over the payload with
a server secret. A changed password changes the fingerprint, so older tokens stop working.

The standard library's `hmac` is enough here; a JWT library would add algorithm negotiation
that this single-issuer, single-verifier token does not need.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .config import DB_DIR

VERSION = "v1"
SECRET_ENV = "ANNOTATOR_SESSION_SECRET"
SECRET_FILE_ENV = "ANNOTATOR_SESSION_SECRET_FILE"
HOURS_ENV = "ANNOTATOR_SESSION_HOURS"
DEFAULT_SECRET_FILE = DB_DIR / "session-secret"
DEFAULT_TTL_SECONDS = 12 * 3600
MIN_SECRET_BYTES = 32


class InvalidToken(ValueError):
    """The token is malformed, forged, expired or from an older credential."""


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    issued_at: int
    expires_at: int
    fingerprint: str

    def age(self, now: float) -> float:
        return now - self.issued_at


def credential_fingerprint(password_hash: str | None, oidc_subject: str | None = None) -> str:
    """A short digest that changes whenever the account's credential changes."""
    material = f"{password_hash or ''}|{oidc_subject or ''}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, payload: str) -> str:
    return _b64(hmac.new(secret, f"{VERSION}.{payload}".encode("ascii"), hashlib.sha256).digest())


def issue_token(
    user_id: int, fingerprint: str, *, secret: bytes, now: float, ttl_seconds: int = DEFAULT_TTL_SECONDS
) -> str:
    if ttl_seconds <= 0:
        raise ValueError("a session token needs a positive lifetime")
    claims = {"u": user_id, "iat": int(now), "exp": int(now) + ttl_seconds, "fp": fingerprint}
    payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{VERSION}.{payload}.{_signature(secret, payload)}"


def verify_token(token: object, *, secret: bytes, now: float) -> TokenClaims:
    """The claims of a genuine, unexpired token; `InvalidToken` (with the reason) otherwise."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != VERSION:
        raise InvalidToken("not a session token of this version")
    _, payload, signature = parts
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        raise InvalidToken("bad signature")
    try:
        raw = json.loads(_unb64(payload))
        claims = TokenClaims(
            user_id=int(raw["u"]), issued_at=int(raw["iat"]), expires_at=int(raw["exp"]),
            fingerprint=str(raw["fp"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidToken(f"unreadable payload: {error}") from error
    if now >= claims.expires_at:
        raise InvalidToken("expired")
    if claims.issued_at > now + 300:
        raise InvalidToken("issued in the future")
    return claims


def ttl_seconds() -> int:
    """Token lifetime from ANNOTATOR_SESSION_HOURS (default 12 hours)."""
    raw = os.environ.get(HOURS_ENV)
    if not raw:
        return DEFAULT_TTL_SECONDS
    hours = float(raw)
    if hours <= 0:
        raise ValueError(f"{HOURS_ENV} must be positive, got {raw!r}")
    return int(hours * 3600)


def load_secret(path: Path | None = None) -> bytes:
    """The signing secret: ANNOTATOR_SESSION_SECRET if set (use this when several app servers
    share a database), else a random secret kept in a file that is created on first use with
    owner-only permissions (ANNOTATOR_SESSION_SECRET_FILE, default db/session-secret)."""
    from_env = os.environ.get(SECRET_ENV)
    if from_env:
        if len(from_env.encode("utf-8")) < MIN_SECRET_BYTES:
            raise ValueError(f"{SECRET_ENV} must be at least {MIN_SECRET_BYTES} bytes long")
        return from_env.encode("utf-8")
    path = path or Path(os.environ.get(SECRET_FILE_ENV) or DEFAULT_SECRET_FILE)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two app processes starting at once must end up with the same secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    secret = path.read_text(encoding="ascii").strip().encode("ascii")
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"session secret in {path} is shorter than {MIN_SECRET_BYTES} bytes")
    return secret
