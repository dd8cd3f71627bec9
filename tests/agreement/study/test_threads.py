"""Work handed to a thread: its result or its error, and the freed heap trimmed either way."""

from __future__ import annotations

import pytest

from annotator.agreement.study import threads


@pytest.fixture
def trims(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(threads, "_malloc_trim", lambda: calls.append)
    return calls


def test_the_result_comes_back_and_the_heap_is_trimmed(trims: list[int]) -> None:
    assert threads.in_thread(lambda a, *, b: a + b, 2, b=3).result(timeout=30) == 5
    assert trims == [0]


def test_an_error_comes_back_and_the_heap_is_trimmed(trims: list[int]) -> None:
    def fail() -> None:
        raise ValueError("the layout given is not of these documents")

    with pytest.raises(ValueError, match="not of these documents"):
        threads.in_thread(fail).result(timeout=30)
    assert trims == [0]


def test_glibc_trim_is_found_here() -> None:
    threads._malloc_trim.cache_clear()
    assert threads._malloc_trim() is not None  # the machines we run on use glibc
