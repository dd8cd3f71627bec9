"""How a `python -m annotator` process starts and ends, which is most of a short command's time.

Measured on `annotator projects list` against an empty database (2026-12-07, 2 cores, quiet):
- The cyclic garbage collector runs dozens of times while SQLAlchemy and the models are
  imported (every 700 new objects), each time walking everything imported so far: 0.04 s.
  Nothing imported is garbage, so the collector is off until the command opens its database,
  and what was imported by then is frozen (`gc.freeze`: never walked again).
- After the command, the interpreter tears down every module and object one by one: 0.06 s.
  The command's work is complete by then (its output flushed, its databases closed, its
  `atexit` functions run), so the process ends with `os._exit` instead.

`run` is the process's entry point (`python -m annotator` and the `annotator` script): a test
or a program that calls `cli.main` in its own process keeps its collector and its teardown.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ..db import Database

_started = False
_databases: list[Database] = []


def run() -> NoReturn:
    """The command line's process: `main` between `start` and `end`."""
    start()
    from . import main

    end(main())


def start() -> None:
    """Collector off for the imports (see the module docstring)."""
    global _started
    _started = True
    gc.disable()


def settled() -> None:
    """The imports are done (the command opens its database): freeze what they made and turn
    the collector back on for the command's own work. Does nothing unless `start` ran."""
    global _started
    if _started:
        _started = False
        gc.freeze()
        gc.enable()


def opened(db: Database) -> Database:
    """Remember `db` so that `end` closes it: closing a SQLite database is what folds its
    write-ahead log back into the file (a copy of the file alone then holds everything)."""
    _databases.append(db)
    return db


def end(code: int) -> NoReturn:
    """Finish the process with exit status `code`, without the interpreter's teardown."""
    for db in _databases:
        db.dispose()
    _databases.clear()
    atexit._run_exitfuncs()  # what the interpreter would run at exit (logging's flush, ...)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away (`... | head`), as `main` already allows
    os._exit(code)
