"""Shared bits of the benchmarks: repo root on sys.path, medians, throwaway databases."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


def median_time(fn: Callable[[], object], runs: int = 5) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"


@contextmanager
def postgres_url() -> Iterator[str | None]:
    """A fresh PostgreSQL database from the test suite's throwaway server, or None."""
    from tests.support.databases import empty_pg_database
    from tests.support.pgserver import PostgresUnavailable, start_server

    try:
        server = start_server()
    except PostgresUnavailable as error:
        print(f"(PostgreSQL skipped: {error})")
        yield None
        return
    try:
        yield empty_pg_database(server, "bench")
    finally:
        server.stop()
