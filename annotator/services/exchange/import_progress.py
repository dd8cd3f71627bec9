"""How far a long import has come, told to whoever watches it (the Import / export page's
progress bar; no one on the command line)."""

from __future__ import annotations

from collections.abc import Callable

#: Told how far a long import has come: (fraction done, 0 to 1; what it is doing).
Progress = Callable[[float, str], None]


def silent(fraction: float, doing: str) -> None:
    """No one to tell (the command line, tests)."""
