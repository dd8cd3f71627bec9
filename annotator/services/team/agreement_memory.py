"""Small pages for the agreement study's large arrays.

numpy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) on every array
of 4 MB or more. Where the kernel's THP defrag setting is ``madvise`` (Debian's default), a
page fault in such an array may compact memory on the spot to find 2 MB pages; the study
allocates a few GB of short-lived arrays, and at 100,000 documents that took 3.7 s of
system time, 2.0 s with ordinary pages (user time the same). numpy's own switch for it
(``NUMPY_MADVISE_HUGEPAGE``, or ``_set_madvise_hugepage`` at run time) is process-wide, so it
is turned off while any study runs and back to what it was when the last one ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Lock
from typing import Any

_LOCK = Lock()
_running = 0
_before = True


def _switch() -> Callable[[bool], Any] | None:
    """numpy's switch (returns the previous setting), or None if this numpy has none."""
    try:
        from numpy._core import multiarray
    except ImportError:  # pragma: no cover - numpy < 2
        return None
    switch: Callable[[bool], Any] | None = getattr(multiarray, "_set_madvise_hugepage", None)
    return switch


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy's arrays without huge pages while the body runs (studies may overlap)."""
    global _running, _before
    switch = _switch()
    if switch is None:
        yield
        return
    with _LOCK:
        if _running == 0:
            _before = bool(switch(False))
        _running += 1
    try:
        yield
    finally:
        with _LOCK:
            _running -= 1
            if _running == 0:
                switch(_before)
