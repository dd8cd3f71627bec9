"""Login throttling and account probing: unknown names behave exactly like real accounts, and
failures slow down the address they come from, not the colleague somewhere else.

The rule (README, "Security notes"): failures are counted per (user name, client address), per
client address over all names, and per user name over all addresses at a much higher
threshold from which addresses the account signed in from lately are exempt."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from annotator.db import Database
from annotator.errors import AuthenticationError
from annotator.models import AuditEvent, User, utcnow
from annotator.services.accounts import login_throttle
from annotator.services.accounts.users import authenticate, create_user, set_active, set_password
from annotator.services.actor import Actor

PASSWORD = "s3cret-passphrase"
STRANGER, COLLEAGUE, OTHER = "203.0.113.9", "198.51.100.7", "192.0.2.44"
#: The tests' clock: attempts at one instant make the waits exact (a password check can take
#: a second on a busy machine, long enough for a 2-second wait to run out).
NOW = utcnow()


def _refusal(db: Database, name: str, password: str, address: str | None = None, *,
             now: datetime = NOW) -> str:
    with pytest.raises(AuthenticationError) as refused:
        authenticate(db, name, password, address=address, now=now)
    return str(refused.value)


def _signed_in(db: Database, name: str, password: str, address: str | None = None, *,
               now: datetime = NOW) -> bool:
    return authenticate(db, name, password, address=address, now=now).username == name


def test_a_stranger_cannot_lock_a_colleague_out(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    for _ in range(8):
        _refusal(db, "ana", "guess", STRANGER)
    assert "try again in" in _refusal(db, "ana", PASSWORD, STRANGER)
    assert _signed_in(db, "ana", PASSWORD, COLLEAGUE)
    # ... and her success does not free the stranger's address either.
    assert "try again in" in _refusal(db, "ana", PASSWORD, STRANGER)


def test_unknown_names_get_the_same_answers_as_real_accounts(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    create_user(db, system, "old", PASSWORD)
    set_active(db, system, "old", False)
    answers = {}
    for name in ("ana", "nobody", "old"):
        seen = [_refusal(db, name, "guess", STRANGER) for _ in range(3)]
        seen.append(_refusal(db, name, PASSWORD, STRANGER))
        answers[name] = seen
    assert answers["ana"] == answers["nobody"] == answers["old"]
    assert answers["ana"][:3] == ["wrong user name or password"] * 3
    assert answers["ana"][3].startswith("too many failed attempts; try again in")


def test_every_name_costs_one_password_verification(
    db: Database, system: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time of a refusal must not tell whether the account exists: unknown names, inactive
    and password-less (single sign-on) accounts are checked against a dummy argon2 hash."""
    create_user(db, system, "ana", PASSWORD)
    create_user(db, system, "old", PASSWORD)
    set_active(db, system, "old", False)
    create_user(db, system, "sso", None)
    checked: list[str] = []
    real = PasswordHasher.verify

    def spy(self: PasswordHasher, hash: str, password: str) -> bool:  # noqa: A002
        checked.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    for name in ("ana", "nobody", "old", "sso"):
        _refusal(db, name, "guess", OTHER)
    assert len(checked) == 4 and all(h.startswith("$argon2id$") for h in checked)
    parameters = {h.rsplit("$", 2)[0] for h in checked}
    assert len(parameters) == 1  # the dummy hash has the real hashes' cost


def test_one_address_trying_many_names_is_slowed(
    db: Database, system: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(login_throttle, "ADDRESS_FREE", 5)
    create_user(db, system, "ana", PASSWORD)
    for i in range(5):
        _refusal(db, f"user{i}", "guess", STRANGER)
    assert "try again in" in _refusal(db, "ana", PASSWORD, STRANGER)
    assert _signed_in(db, "ana", PASSWORD, COLLEAGUE)


def test_many_addresses_on_one_account_slow_only_new_addresses(
    db: Database, system: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(login_throttle, "ACCOUNT_FREE", 5)
    create_user(db, system, "ana", PASSWORD)
    assert _signed_in(db, "ana", PASSWORD, COLLEAGUE)  # where she usually signs in
    for i in range(5):
        _refusal(db, "ana", "guess", f"203.0.113.{i}")
    assert "try again in" in _refusal(db, "ana", PASSWORD, OTHER)
    assert _signed_in(db, "ana", PASSWORD, COLLEAGUE)


def test_without_a_client_address_counting_is_per_account(db: Database, system: Actor) -> None:
    """Streamlit gives no address for local connections (and behind a proxy that does not
    forward one): those attempts share one address, so the rule falls back to per account."""
    create_user(db, system, "ana", PASSWORD)
    for _ in range(3):
        _refusal(db, "ana", "guess")
    assert "try again in" in _refusal(db, "ana", PASSWORD)
    assert _signed_in(db, "ana", PASSWORD, COLLEAGUE)


def test_names_are_counted_case_blind_and_trimmed(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    for name in ("ana", "ANA", " Ana "):
        _refusal(db, name, "guess", STRANGER)
    assert "try again in" in _refusal(db, "ana", PASSWORD, STRANGER)


def test_waits_grow_and_are_forgotten_after_a_quiet_day(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    t0 = utcnow()
    for i in range(3):
        _refusal(db, "ana", "guess", STRANGER, now=t0 + timedelta(seconds=i))
    assert _refusal(db, "ana", PASSWORD, STRANGER, now=t0 + timedelta(seconds=3)).endswith("try again in 1 second")
    _refusal(db, "ana", "guess", STRANGER, now=t0 + timedelta(seconds=10))
    assert _refusal(db, "ana", PASSWORD, STRANGER, now=t0 + timedelta(seconds=11)).endswith("try again in 3 seconds")
    assert _signed_in(db, "ana", PASSWORD, STRANGER, now=t0 + timedelta(seconds=15))
    for i in range(6):
        _refusal(db, "ana", "guess", STRANGER, now=t0 + timedelta(minutes=10 + 6 * i))
    quiet = t0 + timedelta(days=1, hours=1)
    _refusal(db, "ana", "guess", STRANGER, now=quiet)  # counted from zero again: no wait
    assert _signed_in(db, "ana", PASSWORD, STRANGER, now=quiet + timedelta(seconds=1))


def test_throttling_is_shared_between_app_servers(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    other = Database(db.url)
    try:
        for server in (db, other, db):
            _refusal(server, "ana", "guess", STRANGER)
        assert "try again in" in _refusal(other, "ana", PASSWORD, STRANGER)
    finally:
        other.dispose()


def test_failures_of_real_accounts_are_audited_and_a_reset_clears_the_wait(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    for _ in range(3):
        _refusal(db, "ana", "guess")
    _refusal(db, "nobody", "guess")
    with db.read() as s:
        failed = s.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "login_failed")).all()
        ana_id = s.scalar(select(User.id).where(User.username == "ana"))
    assert failed == [ana_id] * 3
    assert "try again in" in _refusal(db, "ana", PASSWORD)
    set_password(db, system, "ana", "another-passphrase")
    assert _signed_in(db, "ana", "another-passphrase")


def test_old_rows_are_cleaned_up(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", PASSWORD)
    long_ago = utcnow() - timedelta(days=40)
    _refusal(db, "nobody", "guess", STRANGER, now=long_ago)
    authenticate(db, "ana", PASSWORD, address=COLLEAGUE, now=long_ago)
    authenticate(db, "ana", PASSWORD, address=COLLEAGUE)
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM login_throttle")) == 1  # ana's fresh success
