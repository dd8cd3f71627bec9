"""Shared bits of the benchmarks: repo root on sys.path, medians, synthetic article text,
throwaway databases."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"

T = TypeVar("T")

#: Words of the synthetic articles: the seed article's kind of vocabulary, with accents, an emoji
#: (outside the BMP) and a hyphen; each script may add words that stress its own code.
VOCABULARY = ("the", "so-called", "regime", "talks", "government", "groups", "said", "Ankara",
              "opposition", "ceasefire", "élan", "naïve", "😀", "militants", "report")


def words(rng: random.Random, count: int, vocabulary: Sequence[str] = VOCABULARY, *,
          per_line: int | None = None, line_break: str = "\n") -> str:
    """`count` words drawn from `vocabulary` and joined by spaces; with `per_line`, in lines of
    that many words (a last partial line is not drawn) joined by `line_break`."""
    if per_line is None:
        return " ".join(rng.choice(vocabulary) for _ in range(count))
    return line_break.join(" ".join(rng.choice(vocabulary) for _ in range(per_line))
                           for _ in range(count // per_line))


def median_time(fn: Callable[[], T], *, runs: int = 5, warmup: int = 0) -> tuple[float, T]:
    """Median wall seconds of `runs` timed calls after `warmup` untimed ones (the first calls pay
    for imports and for growing the heap), and what the last call returned."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


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
