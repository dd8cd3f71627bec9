"""The collector helpers of the command line (cli/collector.py): what they set aside comes
back, garbage made meanwhile is still collected, and the collector's state is restored."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from annotator.cli import collector
from annotator.cli.collector import (
    collector_paused,
    existing_objects_left_alone,
    off_until_settled,
    settled,
)


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
    collector._starting = False  # a test that starts a process's collector and never settles it


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


def test_a_process_start_runs_without_the_collector_until_the_command_settles() -> None:
    gc.enable()
    off_until_settled()
    assert not gc.isenabled()
    imported = Node()
    settled()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert not any(o is imported for g in range(3) for o in gc.get_objects(g))  # frozen: never walked
    frozen = gc.get_freeze_count()
    settled()  # a command that opens a second database
    assert gc.get_freeze_count() == frozen


def test_settled_leaves_a_host_process_alone() -> None:
    """`cli.main` called by a test or a program: its collector is neither frozen nor turned on."""
    gc.disable()
    settled()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_a_paused_block_in_the_start_keeps_the_collector_off_and_ends_the_start() -> None:
    """The import command: its block opens the database (settled) and keeps the collector off
    until the block ends, then on as after any paused block."""
    gc.enable()
    off_until_settled()
    with collector_paused():
        settled()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
        made = Node()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and _in_generation(made, 2)
    settled()
    assert gc.get_freeze_count() == 0


def test_a_paused_block_before_the_database_ends_the_start_too() -> None:
    """The export command: its block imports the services; the database is opened after it."""
    gc.enable()
    off_until_settled()
    with collector_paused():
        pass
    assert gc.isenabled()
    settled()
    assert gc.get_freeze_count() == 0
