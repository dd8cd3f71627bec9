"""A zip of very many members is refused before anything is expanded or parsed into objects:
zipfile reads a zip's whole directory into one object per member, so a million empty files (a
few tens of megabytes, under the size limit, when the directory entries share one local header)
cost a gigabyte before any size check ran. The number the archive's end record declares is
checked first, from its last bytes; the directory as read is counted again (an end record may
lie). Every way a zip comes in: an upload, the command line, format detection, a registry zip."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import DEFAULT_MAX_ZIP_MEMBERS, Settings, get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats import bundle as bundle_module
from annotator.models import Document, Project
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_registry_files, import_uploads
from annotator.services.exchange.local_imports import import_paths

MILLION = 1_000_000
_CRC = zlib.crc32(b"")


def _empty_files(count: int, *, shared: bool, declared: int | None = None) -> bytes:
    """A zip of `count` empty files `ann/<n>.txt`; with `shared`, every directory entry points
    at one local header (the smallest zip of that many members); `declared` puts another count
    in the end record."""
    local = bytearray()
    central = bytearray()
    header_at = 0
    for n in range(count):
        name = f"{n:x}".encode()
        if not shared or n == 0:
            header_at = len(local)
            local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, _CRC, 0, 0, len(name), 0) + name
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, _CRC, 0, 0, len(name),
                               0, 0, 0, 0, 0, header_at) + name
    entries = min(declared if declared is not None else count, 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(central), len(local), 0)
    if count <= 0xFFFF or declared is not None:
        return bytes(local + central + end)
    # More than 65,535 members: the zip64 end record holds the count.
    zip64_at = len(local) + len(central)
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), len(local))
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(local + central + zip64 + locator + end)


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as session:
        return session.scalar(select(func.count(Project.id))) or 0, session.scalar(select(func.count(Document.id))) or 0


@pytest.fixture
def no_directory_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile must not be asked to read the directory of such a zip at all."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile.ZipFile was asked to read the zip")
    monkeypatch.setattr(zipfile, "ZipFile", refuse)


def test_the_sample_zip_is_what_its_end_record_says() -> None:
    """The hand-made zips are zips: zipfile reads their directories (small ones) as they are
    meant, and the honest one's files too (a shared header names the first file only)."""
    for shared in (False, True):
        with zipfile.ZipFile(io.BytesIO(_empty_files(3, shared=shared))) as archive:
            assert archive.namelist() == ["0", "1", "2"] and archive.read("0") == b""
            assert shared or archive.read("2") == b""
    with zipfile.ZipFile(io.BytesIO(_empty_files(70_000, shared=True))) as archive:
        assert len(archive.infolist()) == 70_000  # zip64 end record


@pytest.mark.parametrize("fmt", ["brat", None])
def test_an_upload_of_a_million_empty_files_is_refused_before_it_is_read(
        db: Database, system: Actor, fmt: str | None, no_directory_read: None) -> None:
    data = _empty_files(MILLION, shared=True)
    assert len(data) < get_settings(db.url).max_import_bytes  # under the size limit
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, system, "Study", [Upload("million.zip", data)], fmt=fmt, settings=get_settings(db.url))
    [issue] = refused.value.issues
    assert issue.located() == (f"million.zip: the archive holds {MILLION:,} members, more than the limit of "
                               f"{DEFAULT_MAX_ZIP_MEMBERS:,} (ANNOTATOR_MAX_ZIP_MEMBERS)")
    assert _counts(db) == (0, 0)


def test_a_zip_on_this_machine_is_refused_too_and_the_limit_is_a_setting(
        db: Database, system: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(_empty_files(MILLION, shared=False))  # honest local headers: 70 MB
    monkeypatch.setenv("ANNOTATOR_MAX_IMPORT_BYTES", str(200 * 1024 * 1024))
    monkeypatch.setenv("ANNOTATOR_MAX_ZIP_MEMBERS", "500")
    with monkeypatch.context() as patched:
        patched.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("zipfile read the directory"))
        with pytest.raises(ImportRefused, match=re.escape(f"{path}: the archive holds 1,000,000 members, more than "
                                                          "the limit of 500 (ANNOTATOR_MAX_ZIP_MEMBERS)")):
            import_paths(db, system, "Study", [str(path)], fmt=None, settings=get_settings(db.url))
    assert _counts(db) == (0, 0)


def test_an_end_record_that_understates_the_count_is_caught_by_the_directory(db: Database, system: Actor) -> None:
    data = _empty_files(2_000, shared=True, declared=1)
    settings = Settings(database_url=db.url, max_zip_members=1_000)
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, system, "Study", [Upload("lying.zip", data)], fmt="brat", settings=settings)
    assert refused.value.issues[0].located() == (
        "lying.zip: the archive holds more than the limit of 1,000 members (ANNOTATOR_MAX_ZIP_MEMBERS)")
    assert _counts(db) == (0, 0)


def test_a_registry_zip_is_held_to_the_limit(db: Database, system: Actor, no_directory_read: None) -> None:
    with pytest.raises(ImportRefused, match=r"registry.zip: the archive holds 1,000,000 members"):
        import_registry_files(db, system, {"registry.zip": _empty_files(MILLION, shared=True)}, source="registry.zip",
                              settings=get_settings(db.url))


def test_a_zip_within_the_limit_is_read_as_before() -> None:
    bundle = bundle_module.zip_bundle(io.BytesIO(_empty_files(3, shared=False)), "ok.zip",
                                      bundle_module.Limits(1000, 1000, max_members=3))
    assert [m.name for m in bundle.members] == ["0", "1", "2"]
