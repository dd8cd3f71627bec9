"""`users end-sessions`, `users sessions`, `users link` and `users unlink` on a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.db import Database
from annotator.errors import AuthenticationError
from annotator.services.accounts.oidc import OidcIdentity, actor_for_identity
from annotator.services.accounts.sessions import resume_session, start_session
from annotator.services.accounts.users import authenticate

from .test_cli import run


def test_end_sessions_list_and_link(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run("--database", url, "init")[0] == 0
    for name in ("ana", "bob"):
        assert run("--database", url, "users", "add", name, "--password-stdin", stdin="a long password\n")[0] == 0
    db = Database(url)
    try:
        ana, bob = authenticate(db, "ana", "a long password"), authenticate(db, "bob", "a long password")
        tokens = [start_session(db, ana, user_agent="Firefox 150").token for _ in range(2)]
        bobs = start_session(db, bob).token
        code, out, _ = run("--database", url, "users", "sessions", "ana")
        assert code == 0 and len(out.strip().splitlines()) == 2 and "Firefox 150" in out
        code, out, _ = run("--database", url, "users", "end-sessions", "ana")
        assert (code, out.strip()) == (0, "2 session(s) of ana ended")
        for token in tokens:
            with pytest.raises(AuthenticationError):
                resume_session(db, token)
        assert resume_session(db, bobs).actor == bob
        code, _, err = run("--database", url, "--as", "bob", "users", "end-sessions", "ana")
        assert code == 1 and err.startswith("error:") and "may not" in err
        code, _, err = run("--database", url, "users", "end-sessions", "nobody")
        assert code == 1 and "no user 'nobody'" in err

        identity = OidcIdentity("https://id.example.org", "sub-7")
        code, out, _ = run("--database", url, "users", "link", "ana", "--issuer", identity.issuer,
                           "--subject", identity.subject)
        assert code == 0 and "linked" in out
        assert actor_for_identity(db, identity).user_id == ana.user_id
        code, out, _ = run("--database", url, "users", "unlink", "ana")
        assert code == 0 and "unlinked" in out
    finally:
        db.dispose()
