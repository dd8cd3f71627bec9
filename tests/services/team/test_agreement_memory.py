"""The agreement study turns numpy's huge pages off while it runs, and back as they were."""

from __future__ import annotations

from collections.abc import Iterator
from threading import Barrier, Thread

import pytest
from numpy._core import multiarray

from annotator.services.team import agreement_memory
from annotator.services.team.agreement_memory import small_pages


@pytest.fixture
def setting() -> Iterator[None]:
    """Huge pages on to start with; the process's setting back afterwards."""
    before = multiarray._set_madvise_hugepage(True)
    yield
    multiarray._set_madvise_hugepage(before)


def _current() -> bool:
    now = multiarray._set_madvise_hugepage(True)
    multiarray._set_madvise_hugepage(now)
    return bool(now)


@pytest.mark.parametrize("before", [True, False])
def test_off_inside_and_restored_after(setting: None, before: bool) -> None:
    multiarray._set_madvise_hugepage(before)
    with small_pages():
        assert _current() is False
    assert _current() is before
    with pytest.raises(RuntimeError), small_pages():
        raise RuntimeError("a study that fails")
    assert _current() is before


def test_overlapping_studies_restore_once_the_last_ends(setting: None) -> None:
    inside, leave = Barrier(2), Barrier(2)
    seen: list[bool] = []

    def first() -> None:
        with small_pages():
            inside.wait()
            leave.wait()
        leave.wait()  # ended while the second still runs

    def second() -> None:
        with small_pages():
            inside.wait()
            leave.wait()
            leave.wait()
            seen.append(_current())

    threads = [Thread(target=first), Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert seen == [False] and _current() is True and agreement_memory._running == 0
