"""The collector helpers of the command line (cli/collector.py): what they set aside comes
back, garbage made meanwhile is still collected, and the collector's state is restored."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from annotator.cli.collector import collector_paused, existing_objects_left_alone


class Node:
    """An object that can hold itself (a cycle, which only the collector frees)."""

    def __init__(self) -> None:
        self.me: Node | None = None


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation))


def test_what_the_paused_block_made_moves_to_the_oldest_generation() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        made = [Node() for _ in range(100)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert _in_generation(made[0], 2) and not _in_generation(made[0], 0)


def test_garbage_made_while_paused_is_still_collected() -> None:
    gc.enable()
    with collector_paused():
        node = Node()
        node.me = node
        gone = weakref.ref(node)
        del node
    assert gone() is not None  # a cycle: nothing but the collector frees it
    gc.collect()
    assert gone() is None


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_existing_objects_are_set_aside_for_the_block_only() -> None:
    gc.enable()
    before = Node()
    with existing_objects_left_alone():
        assert gc.get_freeze_count() > 0 and not _in_generation(before, 2)
        node = Node()
        node.me = node
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None  # what the block makes is collected as usual
    assert gc.get_freeze_count() == 0 and _in_generation(before, 2)


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with existing_objects_left_alone():
        pass
    with collector_paused():
        pass
    assert gc.get_freeze_count() == frozen
