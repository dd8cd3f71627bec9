"""The size limit holds on every way a file comes in: an article file, a file in an exchange
format, each file of a folder bundle and the zip itself; the refusal names the file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from annotator.config import Settings
from annotator.ingest.local import load_paths

LIMIT = 100


def _issues(path: Path, fmt: str | None) -> list[str]:
    loaded = load_paths([path], fmt=fmt, settings=Settings(database_url="sqlite://", max_import_bytes=LIMIT))
    assert loaded.records == []
    return [i.located() for i in loaded.issues]


def test_files_over_the_limit_are_refused_by_name(tmp_path: Path) -> None:
    refused = f"file is larger than the limit of {LIMIT} bytes"
    article = tmp_path / "big.txt"
    article.write_text("x" * (LIMIT + 1), encoding="utf-8")
    assert _issues(article, "txt") == [f"{article}: {refused}"]
    lines = tmp_path / "big.jsonl"
    lines.write_text(json.dumps({"text": "x" * LIMIT}) + "\n", encoding="utf-8")
    assert _issues(lines, "jsonl") == [f"{lines}: {refused}"]
    folder = tmp_path / "brat" / "ana"
    folder.mkdir(parents=True)
    (folder / "doc.txt").write_text("x" * (LIMIT + 1), encoding="utf-8")
    assert _issues(folder.parent, "brat") == [f"{folder / 'doc.txt'}: {refused}"]
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as out:
        out.writestr("ana/doc.txt", "x" * (LIMIT + 1))
    assert _issues(archive, "brat") == [f"{archive}: {refused}"]


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    article = tmp_path / "small.txt"
    article.write_text("x" * LIMIT, encoding="utf-8")
    loaded = load_paths([article], fmt="txt", settings=Settings(database_url="sqlite://", max_import_bytes=LIMIT))
    assert loaded.issues == [] and len(loaded.records) == 1
