"""Files that hold secrets must be readable by the server's account alone.

The one such file is Streamlit's `.streamlit/secrets.toml`: its `[auth]` section holds the
identity provider's client secret and the `cookie_secret` that signs Streamlit's identity
cookie. Whoever reads it can forge that cookie and sign in through single sign-on as anyone, so
single sign-on is refused while another account of the server may read the file (ui/oidc.py),
and `annotator init` says so. Sessions of local accounts need no server secret at all
(services/accounts/sessions.py keeps only digests of random tokens).
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path


def secrets_toml_paths() -> list[Path]:
    """Where Streamlit reads secrets from: the working directory's .streamlit/ and the home's."""
    return [Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def exposure(path: Path) -> str | None:
    """Why `path` is not private (group or others may read or write it), or None if it is
    private or does not exist."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    loose = mode & (stat.S_IRWXG | stat.S_IRWXO)
    if not loose:
        return None
    return (f"{path} holds secrets but other accounts of this machine may "
            f"{'read' if loose & (stat.S_IRGRP | stat.S_IROTH) else 'change'} it "
            f"(mode {stat.filemode(mode)}); make it private with `chmod 600 {path}`")


def exposed_secret_files(paths: Iterable[Path] | None = None) -> list[str]:
    """A message per secrets file that others may read or change (empty when all are private)."""
    return [message for path in (secrets_toml_paths() if paths is None else paths)
            if (message := exposure(path)) is not None]
