"""Timing figures for the workspace benchmark, written only when ANNOTATOR_PERF_LOG names a
file: one JSON line per fragment run (server time) and per highlighter event (time from the
browser sending it to the server acting on it; both clocks are the same machine's in the
benchmark)."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

_LOCK = threading.Lock()


def record(what: str, **figures: Any) -> None:
    path = os.environ.get("ANNOTATOR_PERF_LOG")
    if not path:
        return
    line = json.dumps({"what": what, "at": time.time(), **figures})
    with _LOCK, open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


class Splits:
    """Milliseconds spent in the parts of one run: `mark(name)` closes the part since the
    previous mark."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.parts: dict[str, float] = {}

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.parts[name] = round((now - self.last) * 1000, 2)
        self.last = now

    def total_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 2)
