"""Session tokens: signing, expiry, tampering, the secret file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.session_tokens import (
    InvalidToken,
    credential_fingerprint,
    issue_token,
    load_secret,
    ttl_seconds,
    verify_token,
)

SECRET = b"k" * 40
NOW = 1_800_000_000.0


def test_round_trip() -> None:
    token = issue_token(7, "abc", secret=SECRET, now=NOW, ttl_seconds=60)
    claims = verify_token(token, secret=SECRET, now=NOW + 59)
    assert (claims.user_id, claims.fingerprint, claims.expires_at - claims.issued_at) == (7, "abc", 60)


def test_expired_token_refused() -> None:
    token = issue_token(7, "abc", secret=SECRET, now=NOW, ttl_seconds=60)
    with pytest.raises(InvalidToken, match="expired"):
        verify_token(token, secret=SECRET, now=NOW + 60)


def test_other_secret_refused() -> None:
    token = issue_token(7, "abc", secret=SECRET, now=NOW)
    with pytest.raises(InvalidToken, match="signature"):
        verify_token(token, secret=b"x" * 40, now=NOW)


def test_token_from_the_future_refused() -> None:
    token = issue_token(7, "abc", secret=SECRET, now=NOW + 3600)
    with pytest.raises(InvalidToken, match="future"):
        verify_token(token, secret=SECRET, now=NOW)


@given(position=st.integers(min_value=0, max_value=200), replacement=st.sampled_from("AQwz_-.0"))
def test_any_changed_character_is_refused(position: int, replacement: str) -> None:
    token = issue_token(12345, credential_fingerprint("hash"), secret=SECRET, now=NOW)
    position %= len(token)
    if token[position] == replacement:
        return
    forged = token[:position] + replacement + token[position + 1 :]
    with pytest.raises(InvalidToken):
        verify_token(forged, secret=SECRET, now=NOW)


@pytest.mark.parametrize("token", ["", "v1", "v1..", "v2.e30.x", "v1.e30.", None, "a.b.c.d"])
def test_garbage_refused(token: object) -> None:
    with pytest.raises(InvalidToken):
        verify_token(token, secret=SECRET, now=NOW)


def test_fingerprint_follows_the_credential() -> None:
    assert credential_fingerprint("h1") != credential_fingerprint("h2")
    assert credential_fingerprint(None, "iss|sub") != credential_fingerprint(None, "iss|other")
    assert credential_fingerprint("h1") == credential_fingerprint("h1")


def test_secret_file_created_once_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATOR_SESSION_SECRET", raising=False)
    path = tmp_path / "sub" / "secret"
    first = load_secret(path)
    assert load_secret(path) == first and len(first) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_secret_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANNOTATOR_SESSION_SECRET", "s" * 32)
    assert load_secret(tmp_path / "unused") == b"s" * 32
    assert not (tmp_path / "unused").exists()
    monkeypatch.setenv("ANNOTATOR_SESSION_SECRET", "short")
    with pytest.raises(ValueError, match="at least 32"):
        load_secret()


def test_lifetime_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_SESSION_HOURS", "1.5")
    assert ttl_seconds() == 5400
    monkeypatch.setenv("ANNOTATOR_SESSION_HOURS", "0")
    with pytest.raises(ValueError):
        ttl_seconds()
