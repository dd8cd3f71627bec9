"""Work in a thread of its own, and the heap it freed given back.

The study runs a few independent steps beside the main one (the layout while the database
hands over spans, the span matching while positions are tallied, the bootstrap's draws):
SQLite and numpy let go of the GIL, and the machine has more than one core. glibc gives
each thread a heap (arena) of its own, and what a thread freed there stays resident and out
of the other threads' reach (100,000 documents: the layout's left 300 MB behind), so each
thread hands its free pages back with glibc's ``malloc_trim`` when its work is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


def in_thread(work: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
    """``work(*args, **kwargs)`` started in a thread of its own, which trims the heap after."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agreement")
    try:
        return executor.submit(_then_trim, work, *args, **kwargs)
    finally:
        executor.shutdown(wait=False)


def _then_trim(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return work(*args, **kwargs)
    finally:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None on other C libraries."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
