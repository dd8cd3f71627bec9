"""Python's cyclic garbage collector paused while a command builds objects that all stay alive.

An import builds a few small objects per span that live until it ends, and the modules a
command imports (SQLAlchemy, the ORM models) make hundreds of thousands more: the collector
would walk them again and again and free none (a tenth of a large import).

Both helpers move objects in and out of the collector's permanent generation (`gc.freeze`),
which is one list for the whole process: when something else has frozen objects already (a
server that forks, say), they leave it alone and only switch the collector off and on.

Every command's process starts the same way (`off_until_settled`, from `cli.run`): the
collector is off while the command imports its modules and on, with those modules frozen, once
it opens its database (`settled`). `annotator projects list` on an empty database took 0.40 s,
0.12 s of it the collector walking SQLAlchemy's and the models' objects while they were
imported and once more as the interpreter ended (0.28 s after, 2026-12-07, quiet machine).
A test or a program that calls `cli.main` in its own process keeps its collector as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_starting = False  # off_until_settled ran; neither settled nor a paused block has ended the start
_pauses = 0  # collector_paused blocks running


def off_until_settled() -> None:
    """The collector off from the process's start until `settled` (or a paused block) ends it."""
    global _starting
    _starting = True
    gc.disable()


def settled() -> None:
    """The command has imported what it needs (it is opening its database): what exists is
    frozen for the rest of the process, so no collection walks it again, and the collector is
    on. Inside a paused block, the block's end does this instead; without `off_until_settled`
    (a host process), nothing happens."""
    global _starting
    if _starting and not _pauses:
        _starting = False
        gc.freeze()
        gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block (unless it was off already), then on again.

    What was allocated meanwhile sits in the youngest generation: turned on as it is, the next
    allocation would start a collection of that generation, which walks every object the block
    made (0.05-0.1 s after an import, freeing nothing), and its survivors would be walked again
    as they move up. `freeze` + `unfreeze` first moves them all into the oldest generation in
    one step, as if they had survived; they stay collectable, at the next full collection.
    """
    global _pauses, _starting
    enabled = gc.isenabled() or _starting  # a block in the start ends the start
    gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if enabled and not _pauses:
            _starting = False
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextmanager
def existing_objects_left_alone() -> Iterator[None]:
    """The collector, while it runs in the block, walks only what the block allocates.

    An export streams batches of records and runs the collector as usual (their memory stays
    flat), but each full collection would also walk every object of the modules imported
    before (about 0.04 s each, two or more per export), none of which is garbage. `freeze`
    sets them aside until the block ends; `unfreeze` puts them back in the oldest generation,
    so nothing is kept from the collector for longer than the block.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
