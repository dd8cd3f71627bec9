"""Checks on what a user hands to an import before and while a format parses it: UTF-8 text
only, files no larger than the configured limit, and no more records than the import may
bring. The file readers, the bundle reader, the registry upload and the command line all
refuse in the same words."""

from __future__ import annotations

from pathlib import Path

from ..errors import AnnotatorError, InvalidInput


def check_size(path: Path, limit: int) -> int:
    """The file's size, or InvalidInput when it is larger than `limit` bytes: checked before
    anything reads it."""
    size = path.stat().st_size
    if size > limit:
        raise InvalidInput(f"file is larger than the limit of {limit} bytes", file=str(path))
    return size


def decode(data: bytes, source: str, *, keep_bom: bool = False) -> str:
    """UTF-8 (with or without BOM); anything else is refused rather than guessed. A byte-order
    mark is dropped, except with `keep_bom`: a document text whose offsets were counted by a
    tool that reads plain UTF-8 (brat, the PTC scripts) holds it as its first character."""
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(f"not UTF-8 text (byte {error.start})", file=source, line=line) from error


class TooManyRecords(AnnotatorError):
    """An import passed its record limit. Not an InvalidInput on purpose: the readers collect
    those and go on, while this one must stop the reading at once."""

    def __init__(self, issue: InvalidInput) -> None:
        super().__init__(issue.located())
        self.issue = issue


class RecordLimit:
    """How many records (documents and spans) one import may still bring. The readers count
    as they go and stop at the first record beyond the limit, so that a file of a million tiny
    documents is refused before its records fill the memory. One instance spans every file
    of an import."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.taken = 0

    def take(self, count: int, *, file: str | None, line: int | str | None = None) -> None:
        """Count `count` more records, read at `file`/`line`; TooManyRecords past the limit."""
        self.taken += count
        if self.taken > self.maximum:
            raise TooManyRecords(InvalidInput(
                f"more than {self.maximum:,} records (documents and spans) in one import: split the input, "
                "or raise ANNOTATOR_MAX_IMPORT_RECORDS", file=file, line=line))


    def room(self) -> int:
        """How many more records fit."""
        return max(0, self.maximum - self.taken)


def take(limit: RecordLimit | None, count: int, *, file: str | None, line: int | str | None = None) -> None:
    """`limit.take(...)` for readers called with or without a limit."""
    if limit is not None:
        limit.take(count, file=file, line=line)
