"""Python's cyclic garbage collector paused while a command builds objects that all stay alive.

An import builds a few small objects per span that live until it ends, and the modules a
command imports (SQLAlchemy, the ORM models) make hundreds of thousands more: the collector
would walk them again and again and free none (a tenth of a large import).

Both helpers move objects in and out of the collector's permanent generation (`gc.freeze`),
which is one list for the whole process: when something else has frozen objects already (a
server that forks, say), they leave it alone and only switch the collector off and on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block (unless it was off already), then on again.

    What was allocated meanwhile sits in the youngest generation: turned on as it is, the next
    allocation would start a collection of that generation, which walks every object the block
    made (0.05-0.1 s after an import, freeing nothing), and its survivors would be walked again
    as they move up. `freeze` + `unfreeze` first moves them all into the oldest generation in
    one step, as if they had survived; they stay collectable, at the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
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
