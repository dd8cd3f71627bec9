"""Several files as one input or output: a folder or a zip, read within stated limits.

brat and SemEval data are sets of files. Reading goes through `Bundle` (a folder, or a zip that
is checked against the size limits before and while it is expanded: a zip bomb is refused, not
unpacked); writing goes through a sink that puts files in a folder or in a zip.

A zip is read member by member into memory, never unpacked onto the disk, and a member that
could point outside the archive if it were (an absolute path, `..`, a backslash path, a
symbolic link) is refused. A damaged member (its data or its header lies) is a located error.
Every zip is opened through `open_zip`, which refuses one of more members than the limit before
zipfile reads its directory (an object per member), from the count its end record declares,
and counts the directory as read again (an end record may understate it).
"""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from ..config import DEFAULT_MAX_ZIP_MEMBERS
from ..errors import InvalidInput
from .input_checks import check_size, decode

_CHUNK = 1 << 16
#: What zipfile raises for a member whose data or header is wrong: a CRC that does not match
#: (e.g. a size that under-states the data), damaged deflate data, a truncated stream, an
#: unsupported method or an encrypted member.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)


@dataclass(frozen=True)
class Limits:
    """Largest single file and largest total a bundle may expand to, in bytes, and the most
    members a zip may hold."""

    max_file_bytes: int
    max_total_bytes: int
    max_members: int = DEFAULT_MAX_ZIP_MEMBERS


@dataclass
class Member:
    name: str  # relative POSIX path inside the bundle
    size: int
    opener: Callable[[], IO[bytes]]

    @property
    def path(self) -> PurePosixPath:
        return PurePosixPath(self.name)


class Bundle:
    """The files of a folder or a zip, by relative path, read lazily and within limits."""

    def __init__(self, source: str, members: list[Member], limits: Limits) -> None:
        self.source = source
        self.members = sorted(members, key=lambda m: m.name)
        self.limits = limits
        self._read_total = 0

    def where(self, member: Member) -> str:
        return f"{self.source}/{member.name}" if not self.source.endswith("/") else self.source + member.name

    def read_bytes(self, member: Member) -> bytes:
        """The member's bytes; more than the limits allow (whatever its header said) is refused."""
        out = bytearray()
        try:
            with member.opener() as fp:
                # The bytes really produced are counted, whatever the header claimed.
                while chunk := fp.read(_CHUNK):
                    out += chunk
                    self._read_total += len(chunk)
                    if len(out) > self.limits.max_file_bytes:
                        raise InvalidInput(f"file expands beyond the limit of {self.limits.max_file_bytes} bytes",
                                           file=self.where(member))
                    if self._read_total > self.limits.max_total_bytes:
                        raise InvalidInput(f"the archive expands beyond the limit of {self.limits.max_total_bytes} "
                                           "bytes", file=self.source)
        except _DAMAGED as error:
            raise InvalidInput(f"the archive is damaged or unreadable here: {error}", file=self.where(member)) from error
        return bytes(out)

    def read_text(self, member: Member) -> str:
        return decode(self.read_bytes(member), self.where(member))

    def read_document(self, member: Member) -> str:
        """A document's text, as brat and the PTC scripts read it (plain UTF-8): a leading
        U+FEFF stays its first character, since the offsets of its spans count it, and the
        writers write it back."""
        return decode(self.read_bytes(member), self.where(member), keep_bom=True)


def _open_binary(path: Path) -> IO[bytes]:
    return path.open("rb")


def open_bundle(path: Path, limits: Limits) -> Bundle:
    """A folder or a .zip file as a bundle."""
    if path.is_dir():
        members = []
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not _left_by_macos(p.relative_to(path).as_posix())):
            size = check_size(file, limits.max_file_bytes)
            members.append(Member(file.relative_to(path).as_posix(), size, partial(_open_binary, file)))
        return Bundle(str(path), members, limits)
    check_size(path, limits.max_file_bytes)
    return zip_bundle(path.open("rb"), str(path), limits)


_END = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")


def declared_members(fp: IO[bytes]) -> int | None:
    """How many members the zip's end record says it holds (the zip64 end record's count where
    there is one), read from its last bytes alone; None where there is no end record (zipfile
    then says what is wrong)."""
    size = fp.seek(0, io.SEEK_END)
    tail_at = max(0, size - _END.size - 0xFFFF)  # the end record, then a comment of at most 64 KiB
    fp.seek(tail_at)
    tail = fp.read()
    fp.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return None
    count: int = _END.unpack_from(tail, at)[4]
    locator_at = tail_at + at - _ZIP64_LOCATOR.size
    if count == 0xFFFF and locator_at >= 0:
        fp.seek(locator_at)
        signature, _, zip64_at, _ = _ZIP64_LOCATOR.unpack(fp.read(_ZIP64_LOCATOR.size))
        if signature == b"PK\x06\x07" and zip64_at < size:
            fp.seek(zip64_at)
            record = fp.read(_ZIP64_END.size)
            if len(record) == _ZIP64_END.size and record[:4] == b"PK\x06\x06":
                count = _ZIP64_END.unpack(record)[7]
        fp.seek(0)
    return count


def open_zip(fp: IO[bytes], source: str, limits: Limits) -> zipfile.ZipFile:
    """The zip, once it is known to hold no more members than `limits` allows: the count its
    end record declares is checked before zipfile reads the directory, and the directory as
    read is counted again. Not a zip, or too many members: InvalidInput naming `source`."""
    declared = declared_members(fp)
    if declared is not None and declared > limits.max_members:
        raise InvalidInput(f"the archive holds {declared:,} members, more than the limit of {limits.max_members:,} "
                           "(ANNOTATOR_MAX_ZIP_MEMBERS)", file=source)
    try:
        archive = zipfile.ZipFile(fp)
    except zipfile.BadZipFile as error:
        raise InvalidInput(f"not a zip file: {error}", file=source) from error
    if len(archive.infolist()) > limits.max_members:
        archive.close()
        raise InvalidInput(f"the archive holds more than the limit of {limits.max_members:,} members "
                           "(ANNOTATOR_MAX_ZIP_MEMBERS)", file=source)
    return archive


def zip_bundle(fp: IO[bytes], source: str, limits: Limits) -> Bundle:
    """A zip as a bundle. The number of members and the declared sizes are checked before
    anything is expanded, and the real sizes again while reading (a header may lie)."""
    archive = open_zip(fp, source, limits)
    members: list[Member] = []
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        _check_member(info, source)
        if _left_by_macos(info.filename):
            continue
        if info.file_size > limits.max_file_bytes:
            raise InvalidInput(f"file expands beyond the limit of {limits.max_file_bytes} bytes",
                               file=f"{source}/{info.filename}")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise InvalidInput(f"the archive expands beyond the limit of {limits.max_total_bytes} bytes", file=source)
        members.append(Member(info.filename, info.file_size, partial(archive.open, info)))
    return Bundle(source, members, limits)


def _left_by_macos(name: str) -> bool:
    """What macOS adds to a folder or a zip of it (Finder's Compress), not a file of the
    export: `__MACOSX/` (AppleDouble resource forks, binary `._<file>` beside every file),
    `._<file>` itself on other volumes, and `.DS_Store`."""
    parts = PurePosixPath(name).parts
    return parts[0] == "__MACOSX" or parts[-1] == ".DS_Store" or parts[-1].startswith("._")


def _check_member(info: zipfile.ZipInfo, source: str) -> None:
    """Refuse a member that would point outside the archive if it were unpacked. Nothing is
    unpacked (members are read into memory), but such a member has no honest use here."""
    name = PurePosixPath(info.filename)
    where = f"{source}/{info.filename}"
    if name.is_absolute() or ".." in name.parts or "\\" in info.filename or ":" in name.parts[0]:
        raise InvalidInput("the archive holds a path outside itself", file=where)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise InvalidInput("the archive holds a symbolic link (archives must hold the files themselves)", file=where)


class Sink(Protocol):
    """Where a bundle format writes its files."""

    def open_text(self, name: str) -> AbstractContextManager[IO[str]]: ...


class DirSink:
    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def open_text(self, name: str) -> Iterator[IO[str]]:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # newline="" keeps "\r\n" in article texts exactly as stored.
        with target.open("w", encoding="utf-8", newline="") as fp:
            yield fp


class ZipSink:
    def __init__(self, fp: IO[bytes]) -> None:
        self.archive = zipfile.ZipFile(fp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    @contextmanager
    def open_text(self, name: str) -> Iterator[IO[str]]:
        with self.archive.open(name, "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
            yield text
            text.flush()
            text.detach()

    def close(self) -> None:
        self.archive.close()
