"""Putting an export's file or folder into place only when it is whole.

An export is written into a temporary file (or folder) beside the destination, which replaces
the destination only when everything was written: a refused or failed export never leaves half
a file where the user expects a whole one. Which format is written, and how, is the exporters'
business (services/exchange/exports.py); this module knows only files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ...errors import InvalidInput


def _readable(path: Path, *, folder: bool = False) -> None:
    """mkstemp/mkdtemp make private files; an export gets the usual permissions (umask)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod((0o777 if folder else 0o666) & ~umask)


@contextmanager
def file_in_place(destination: Path) -> Iterator[Path]:
    """A temporary path beside `destination` to write the file to; it replaces `destination`
    when the block ends normally and is removed when it raises. A folder at `destination` is
    refused before anything is written (no file can replace it)."""
    if destination.is_dir():
        raise InvalidInput("is a folder: give a file name (a folder is the output of brat and SemEval only)",
                           file=str(destination), field="output")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _readable(partial)
    os.replace(partial, destination)


@contextmanager
def folder_in_place(destination: Path) -> Iterator[Path]:
    """A temporary folder beside `destination` to write the files to; it becomes
    `destination` (which must be new or an empty folder) when the block ends normally, and is
    removed when it raises."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise InvalidInput("exists already and is not an empty folder: choose a new one", file=str(destination),
                           field="output")
    partial = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"))
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if destination.exists():
        destination.rmdir()
    _readable(partial, folder=True)
    os.replace(partial, destination)


def write_beside(destination: Path, files: Mapping[str, str]) -> list[Path]:
    """Files named `<destination><suffix>` (suffix -> text), e.g. a CSV export's manifest."""
    paths = []
    for suffix, text in files.items():
        side = destination.with_name(destination.name + suffix)
        side.write_text(text, encoding="utf-8")
        paths.append(side)
    return paths
