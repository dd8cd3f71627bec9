"""Login timing: how long a refused login takes for a real account with a wrong password, an
unknown name, a deactivated account and a password-less (single sign-on) account, and a
throttled attempt, plus a successful login and one session check. The refusals should take
the same time: a difference tells an attacker which names exist.

    python bench/login.py [--runs 15]

Each attempt comes from its own client address, so throttling does not get in the way of
the first four rows.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

from _common import median_time, sqlite_url

from annotator.db import Database
from annotator.errors import AuthenticationError
from annotator.migrate import upgrade
from annotator.services.accounts.sessions import resume_session, start_session
from annotator.services.accounts.users import authenticate, create_user, set_active
from annotator.services.actor import Actor

PASSWORD = "a long password"
_addresses = (f"198.51.{i // 250}.{i % 250 + 1}" for i in itertools.count())


def refused(db: Database, name: str, address: str | None = None) -> None:
    try:
        authenticate(db, name, "wrong guess", address=address or next(_addresses))
    except AuthenticationError:
        return
    raise AssertionError(f"{name} was let in with a wrong password")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with sqlite_url() as url:
        db = Database(url)
        upgrade(db.engine)
        system = Actor.system()
        create_user(db, system, "ana", PASSWORD)
        create_user(db, system, "old", PASSWORD)
        set_active(db, system, "old", False)
        create_user(db, system, "sso", None)
        for _ in range(4):  # the throttled row: this address has used its free attempts
            refused(db, "ana", "203.0.113.9")
        rows = [
            ("wrong password, real account", lambda: refused(db, "ana")),
            ("unknown user name", lambda: refused(db, "nobody")),
            ("deactivated account", lambda: refused(db, "old")),
            ("single sign-on account (no password)", lambda: refused(db, "sso")),
            ("throttled (no password check)", lambda: refused(db, "ana", "203.0.113.9")),
            ("right password", lambda: authenticate(db, "ana", PASSWORD, address=next(_addresses))),
        ]
        # Round-robin, so that a busy spell of the machine falls on every row alike.
        times: dict[str, list[float]] = {label: [] for label, _ in rows}
        for run in range(runs + 2):
            for label, call in rows:
                started = time.perf_counter()
                call()
                if run >= 2:  # two warm-up rounds
                    times[label].append(time.perf_counter() - started)
        print(f"login timing on SQLite, median of {runs} interleaved runs")
        for label, seconds in times.items():
            print(f"  {label:<40} {statistics.median(seconds) * 1000:8.1f} ms")
        token = start_session(db, authenticate(db, "ana", PASSWORD, address=next(_addresses))).token
        seconds, _ = median_time(lambda: resume_session(db, token), runs=runs * 10, warmup=5)
        print(f"  {'session check (every script run)':<40} {seconds * 1000:8.2f} ms")
        db.dispose()


if __name__ == "__main__":
    main()
