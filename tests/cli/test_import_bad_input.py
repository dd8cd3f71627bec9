"""Input that used to end the command line with a traceback: a lone surrogate ("\\ud800" as a
JSON escape: valid JSON, but no character, so it cannot be stored) in any reader that takes
JSON, and a zip whose headers under-state a member's size or whose data is damaged. Each is a
located `error:` line, the exit code is 1, and nothing is written."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats import brat, labelstudio, native_jsonl, semeval, w3c
from annotator.formats.records import Manifest
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import list_projects
from tests.cli.test_cli import run

from ..formats.helpers import write_bytes
from ..formats.samples import sample_manifest, sample_records

LONE = "\\ud800"  # the six characters of the JSON escape


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'bad.sqlite3'}"
    assert run("--database", database, "init")[0] == 0
    return database


def _refused(url: str, path: Path, *extra: str) -> str:
    code, out, err = run("--database", url, "import", str(path), "--project", "P", *extra)
    assert code == 1, (out, err)
    assert err.startswith("error: import refused, nothing was written: "), err
    assert "Traceback" not in err
    db = Database(url)
    try:
        assert list_projects(db, Actor.system()) == []  # not even the project was created
    finally:
        db.dispose()
    return err.splitlines()[0]


def _manifest() -> Manifest:
    """The sample's manifest as a native export's, for the gold layer only (a SemEval file
    holds one annotator's spans)."""
    manifest = sample_manifest(native_jsonl.FORMAT_ID)
    manifest.filters = {"gold_only": True}
    return manifest


def _inject(data: bytes, old: str, new: str) -> bytes:
    assert old.encode() in data
    return data.replace(old.encode(), new.encode(), 1)


def _rezip(data: bytes, changes: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.get(info.filename, source.read(info)))
    return out.getvalue()


def test_lone_surrogates_in_json_lines_of_articles(url: str, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text('{"text": "fine"}\n{"text": "bad ' + LONE + ' text"}\n', encoding="utf-8")
    line = _refused(url, path)
    assert line.endswith(f"{path}, line 2, field 'text': a lone surrogate (\\ud800) is not a character: "
                         "the value cannot be stored"), line
    path.write_text('{"text": "fine", "title": "x\\udc00"}\n', encoding="utf-8")
    assert f"{path}, line 1, field 'title': a lone surrogate (\\udc00)" in _refused(url, path)
    path.write_text('{"text": "fine", "meta": {"tags": ["a", "\\udbff"]}}\n', encoding="utf-8")
    assert f"{path}, line 1, field 'meta.tags[1]': a lone surrogate (\\udbff)" in _refused(url, path)


def test_pairs_and_escaped_backslashes_are_text(url: str, tmp_path: Path) -> None:
    path = tmp_path / "fine.jsonl"
    path.write_text('{"text": "emoji \\ud83d\\ude00 and a backslash-u \\\\ud800"}\n', encoding="utf-8")
    code, out, err = run("--database", url, "import", str(path), "--project", "P")
    assert code == 0, err
    assert "1 documents added" in out


@pytest.mark.parametrize(("module", "where"), [
    (native_jsonl, r"line 2, field 'text'"),
    (labelstudio, r"line 2, field '\[0\]\.data\.text'"),
    (w3c, r"line \d+, field 'documents\[0\]\.text'"),
])
def test_lone_surrogates_in_every_json_format(url: str, tmp_path: Path, module: object, where: str) -> None:
    data = write_bytes(module, _manifest(), sample_records())  # type: ignore[arg-type]
    word = "Negotiations"  # the first word of the first text, and nowhere before it
    path = tmp_path / f"sample{module.EXTENSIONS[0]}"  # type: ignore[attr-defined]
    path.write_bytes(_inject(data, word, word + LONE))
    line = _refused(url, path, "--format", module.NAME)  # type: ignore[attr-defined]
    assert re.search(re.escape(f"{path}, ") + where + re.escape(": a lone surrogate (\\ud800)"), line), line


def test_lone_surrogates_in_a_csv_attribute_cell(url: str, tmp_path: Path) -> None:
    path = tmp_path / "spans.csv"
    path.write_text('external_id,label,start,end,attributes\nx1,claim,0,4,"{""who"": ""a' + LONE + '""}"\n',
                    encoding="utf-8")
    line = _refused(url, path)
    assert f"{path}, line 2, field 'attributes.who': a lone surrogate" in line, line


def test_lone_surrogates_in_a_brat_manifest(url: str, tmp_path: Path) -> None:
    data = write_bytes(brat, _manifest(), sample_records())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    first = next(iter(manifest["documents"]))
    manifest["documents"][first]["title"] = "TITLE-HERE"
    changed = json.dumps(manifest).replace("TITLE-HERE", "bad " + LONE)
    path = tmp_path / "brat.zip"
    path.write_bytes(_rezip(data, {"manifest.json": changed.encode()}))
    line = _refused(url, path)
    assert f"{path}/manifest.json, line 1, field 'documents.{first}.title': a lone surrogate" in line, line


def test_encoded_surrogates_in_text_files_are_not_utf8(url: str, tmp_path: Path) -> None:
    data = write_bytes(semeval, _manifest(), sample_records())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        article = next(n for n in archive.namelist() if n.startswith("articles/"))
        text = archive.read(article)
    path = tmp_path / "ptc.zip"
    path.write_bytes(_rezip(data, {article: b"bad \xed\xa0\x80 " + text}))
    line = _refused(url, path, "--annotator", "ptc")
    assert f"{path}/{article}, line 1: not UTF-8 text (byte 4)" in line, line


def _understated(data: bytes, member: str, claimed: int) -> bytes:
    """The zip with `member`'s uncompressed size written as `claimed`, in the local header and
    in the central directory (the CRC stays that of the real content)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 22, claimed)
    at = 0
    while (at := bytes(patched).find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", patched, at + 28)[0]
        if bytes(patched[at + 46: at + 46 + name_length]).decode() == member:
            struct.pack_into("<I", patched, at + 24, claimed)
        at += 4
    return bytes(patched)


@pytest.mark.parametrize("module", [semeval, brat])
def test_a_zip_that_understates_a_size_is_refused(url: str, tmp_path: Path, module: object) -> None:
    data = write_bytes(module, _manifest(), sample_records())  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".txt"))
    path = tmp_path / "under.zip"
    path.write_bytes(_understated(data, member, 10))
    line = _refused(url, path, "--annotator", "ptc")
    assert f"{path}/{member}: the archive is damaged" in line, line


def test_a_zip_with_damaged_data_is_refused(url: str, tmp_path: Path) -> None:
    data = bytearray(write_bytes(semeval, _manifest(), sample_records()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(".txt"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + min(info.compress_size, 40)):
        data[i] ^= 0x5A
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    line = _refused(url, path, "--annotator", "ptc")
    assert f"{path}/{info.filename}: the archive is damaged" in line, line


def test_the_page_refuses_the_same_uploads(sqlite_db: Database) -> None:
    settings = get_settings(sqlite_db.url)
    data = write_bytes(semeval, _manifest(), sample_records())
    member = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".txt"))
    uploads = [Upload("under.zip", _understated(data, member, 10)),
               Upload("a.jsonl", b'{"text": "x\\ud800"}\n')]
    with pytest.raises(ImportRefused) as refused:
        import_uploads(sqlite_db, Actor.system(), "P", uploads, annotator="ptc", settings=settings)
    located = [i.located() for i in refused.value.issues]
    assert located[0].startswith(f"under.zip/{member}: the archive is damaged")
    assert located[-1].startswith("a.jsonl, line 1, field 'text': a lone surrogate")
    assert list_projects(sqlite_db, Actor.system()) == []


def test_registry_uploads_refuse_damaged_zips_and_lone_surrogates() -> None:
    """The registry page reads uploads the same way (from memory, within limits)."""
    from annotator.formats.registry.files import read_registry_files

    table = b"kind,name\noutlet,Example Front\n" + b"outlet,Other Outlet\n" * 50
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entities.csv", table)
    result = read_registry_files({"registry.zip": _understated(buffer.getvalue(), "entities.csv", 10)})
    assert [i.located() for i in result.issues][0].startswith("registry.zip/entities.csv: the archive is damaged")
    result = read_registry_files({"r.json": b'{"entities": [{"kind": "outlet", "name": "x\\udfff"}]}'})
    assert [i.located() for i in result.issues] == [
        "r.json, line 1, field 'entities[0].name': a lone surrogate (\\udfff) is not a character: "
        "the value cannot be stored"]
    result = read_registry_files({"entities.csv": b'kind,name,meta\noutlet,X,"{""a"": ""\\ud800""}"\n'})
    assert "a lone surrogate" in result.issues[0].located() and "field 'meta'" in result.issues[0].located()
