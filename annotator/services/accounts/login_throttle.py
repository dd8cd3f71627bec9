"""Slowing down password guessing without letting a stranger lock a colleague out.

Failed logins are counted in three buckets, all keyed by the user name as typed (trimmed,
lower-cased) whether or not such an account exists, so an unknown name is treated exactly
like a real one:

- per (user name, client address): after PAIR_FREE failures each further attempt waits
  2, 4, 8 ... up to MAX_WAIT_SECONDS after the last failure; a success resets it;
- per client address, over all names: the same waits after ADDRESS_FREE failures (one
  address trying many names); a success does not reset it;
- per user name, over all addresses: the same waits after ACCOUNT_FREE failures (many
  addresses guessing one password), except for addresses from which the account signed in
  successfully within TRUST_DAYS; a success resets it.

A colleague at another address is therefore never slowed by a stranger's failures, unless the
stranger fails ACCOUNT_FREE times from many addresses and the colleague then signs in from a
new one. A bucket is forgotten after FORGET_HOURS without a failure.

Without a client address (Streamlit reports none for connections from the machine itself)
attempts share one address: the per-address bucket is skipped, since it would be one global
bucket, and the pair bucket then counts per account.

An attempt is counted as a failure before the password is checked (`begin_attempt`) and
settled afterwards (`succeeded`): parallel attempts cannot all pass one check together, and
the slow password check runs outside any transaction. The state lives in the database, so
every app server sees the same.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ...models import LoginThrottle

PAIR_FREE = 3
ADDRESS_FREE = 30
ACCOUNT_FREE = 100
MAX_WAIT_SECONDS = 300
FORGET_HOURS = 24
TRUST_DAYS = 30


@dataclass(frozen=True)
class Attempt:
    """A login attempt that was let through and counted as a failure until settled."""

    name: str
    address: str | None
    at: datetime
    #: The address bucket's last failure before this attempt (restored on success).
    address_failure_before: datetime | None


def normal_name(username: str) -> str:
    return username.strip().lower()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _buckets(name: str, address: str | None) -> dict[str, str]:
    """kind -> bucket digest, for the buckets an attempt counts in."""
    found = {"pair": _digest("pair", name, address or ""), "account": _digest("account", name)}
    if address:
        found["address"] = _digest("address", address)
    return found


def _rows(session: Session, buckets: dict[str, str]) -> dict[str, LoginThrottle]:
    """The existing rows of these buckets, locked until the transaction ends (PostgreSQL; a
    SQLite write transaction holds the whole database already)."""
    rows = session.scalars(
        select(LoginThrottle).where(LoginThrottle.bucket.in_(buckets.values())).with_for_update())
    by_bucket = {row.bucket: row for row in rows}
    return {kind: by_bucket[b] for kind, b in buckets.items() if b in by_bucket}


def _row(session: Session, rows: dict[str, LoginThrottle], kind: str, bucket: str, name: str) -> LoginThrottle:
    if kind not in rows:
        rows[kind] = LoginThrottle(bucket=bucket, failures=0,
                                   name_sha256=None if kind == "address" else _digest(name))
        session.add(rows[kind])
    return rows[kind]


def _failures(row: LoginThrottle | None, now: datetime) -> int:
    if row is None or row.last_failure_at is None:
        return 0
    return 0 if now - row.last_failure_at > timedelta(hours=FORGET_HOURS) else row.failures


def _wait(row: LoginThrottle | None, free: int, now: datetime) -> float:
    failures = _failures(row, now)
    if row is None or row.last_failure_at is None or failures < free:
        return 0.0
    wait: float = min(2 ** (failures - free + 1), MAX_WAIT_SECONDS)
    return max(0.0, wait - (now - row.last_failure_at).total_seconds())


def _trusted(pair: LoginThrottle | None, now: datetime) -> bool:
    return pair is not None and pair.succeeded_at is not None and (
        now - pair.succeeded_at <= timedelta(days=TRUST_DAYS))


def begin_attempt(session: Session, username: str, address: str | None, now: datetime) -> Attempt | int:
    """Whole seconds to wait before trying again, or the attempt, counted as a failure in each
    of its buckets until `succeeded` settles it."""
    name = normal_name(username)
    buckets = _buckets(name, address)
    rows = _rows(session, buckets)
    waits = [_wait(rows.get("pair"), PAIR_FREE, now), _wait(rows.get("address"), ADDRESS_FREE, now)]
    if not _trusted(rows.get("pair"), now):
        waits.append(_wait(rows.get("account"), ACCOUNT_FREE, now))
    if max(waits) > 0:
        return math.ceil(max(waits))
    before = rows["address"].last_failure_at if "address" in rows else None
    for kind, bucket in buckets.items():
        row = _row(session, rows, kind, bucket, name)
        row.failures = _failures(row, now) + 1
        row.last_failure_at = now
    return Attempt(name, address, now, before)


def succeeded(session: Session, attempt: Attempt, now: datetime) -> None:
    """The attempt's password was right: take back its failure; the pair's address becomes
    trusted for the account."""
    buckets = _buckets(attempt.name, attempt.address)
    rows = _rows(session, buckets)
    pair = _row(session, rows, "pair", buckets["pair"], attempt.name)
    pair.failures, pair.last_failure_at, pair.succeeded_at = 0, None, now
    if "account" in rows:
        session.delete(rows["account"])
    if "address" in rows:
        shared = rows["address"]
        shared.failures = max(0, shared.failures - 1)
        if shared.last_failure_at == attempt.at:  # nobody failed from there since
            shared.last_failure_at = attempt.address_failure_before
        if shared.failures == 0:
            session.delete(shared)


def failed(session: Session, attempt: Attempt, now: datetime) -> None:
    """The attempt's password was wrong: it stays counted, and the waits run from now, when the
    refusal is given, rather than from when the (slow) check began."""
    for row in _rows(session, _buckets(attempt.name, attempt.address)).values():
        if row.last_failure_at == attempt.at:
            row.last_failure_at = max(now, attempt.at)


def forget_name(session: Session, username: str) -> None:
    """Clear the waits of an account (an admin set a new password)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.name_sha256 == _digest(normal_name(username))))


def prune(session: Session, now: datetime) -> None:
    """Delete buckets with nothing left to remember."""
    session.execute(delete(LoginThrottle).where(
        or_(LoginThrottle.last_failure_at.is_(None),
            LoginThrottle.last_failure_at < now - timedelta(hours=FORGET_HOURS)),
        or_(LoginThrottle.succeeded_at.is_(None),
            LoginThrottle.succeeded_at < now - timedelta(days=TRUST_DAYS)),
    ))
