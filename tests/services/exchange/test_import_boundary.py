"""The web import never opens a server path: the Import / export page hands the uploads
service bytes (name + data) and article URLs, and a URL line that is not an http(s) address
is a located refusal, however the format is chosen. Zips come from memory: a member that is a
symbolic link or climbs out with `..` is refused, never followed. Nothing is written on a
refusal."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.models import Document
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import create_project

SECRET = "root:x:0:0:the secret line of a server file\n"


def _documents(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(Document.id))) or 0


@pytest.fixture
def secret_files(tmp_path: Path) -> dict[str, Path]:
    """Server files of the kinds a curator reached: a text file, JSON lines, a page."""
    files = {"txt": tmp_path / "passwd", "jsonl": tmp_path / "secrets.jsonl", "html": tmp_path / "page.html"}
    files["txt"].write_text(SECRET, encoding="utf-8")
    files["jsonl"].write_text('{"text": "' + SECRET.strip() + '"}\n', encoding="utf-8")
    files["html"].write_text(f"<html><body><article><p>{SECRET * 5}</p></article></body></html>", encoding="utf-8")
    return files


@pytest.mark.parametrize("fmt", [None, "txt", "html", "jsonl"])
def test_a_server_path_in_the_url_box_is_a_located_refusal(db: Database, system: Actor, tmp_path: Path,
                                                          secret_files: dict[str, Path], fmt: str | None) -> None:
    create_project(db, system, "Study")
    lines = ["https://example.org/fine-but-never-fetched", str(secret_files[fmt or "jsonl"]),
             "/etc/passwd", "db/annotator.sqlite3", f"file://{secret_files['txt']}", "ftp://example.org/x",
             "/proc/self/environ"]
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, system, "Study", [], urls=lines, fmt=fmt, settings=get_settings(db.url))
    messages = [issue.located() for issue in refused.value.issues]
    assert len(messages) == 6, messages
    for number in (2, 3, 4, 5, 6, 7):
        assert any(m.startswith(f"Article URLs, line {number}: ") and "http" in m for m in messages), messages
    assert not any("line 1:" in m for m in messages)
    assert not any(SECRET.strip() in m for m in messages)
    assert _documents(db) == 0


def test_uploaded_names_are_only_names(db: Database, system: Actor, secret_files: dict[str, Path]) -> None:
    """An upload called like a server file is read from its own bytes."""
    create_project(db, system, "Study")
    name = str(secret_files["txt"])
    done = import_uploads(db, system, "Study", [Upload(name, b"An honest article.\n")], fmt="txt",
                          settings=get_settings(db.url))
    assert done.result.added == 1
    with db.read() as session:
        assert session.scalars(select(Document.text)).all() == ["An honest article.\n"]


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, data in members:
            archive.writestr(info, data)
    return buffer.getvalue()


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, so that the mode bits count
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


@pytest.mark.parametrize(("fmt", "members", "bad"), [
    ("brat", [("ana/a.txt", b"Fine text.\n"), ("ana/a.ann", b""), _symlink("ana/b.txt", "/etc/passwd"),
              ("ana/b.ann", b"")], "ana/b.txt"),
    ("semeval", [_symlink("articles/article1.txt", "../../db/annotator.sqlite3"),
                 ("labels/article1.task2-TC.labels", b"")], "articles/article1.txt"),
    ("brat", [("ana/a.txt", b"Fine text.\n"), ("../outside/a.ann", b"")], "../outside/a.ann"),
    ("brat", [("ana/a.txt", b"Fine text.\n"), ("/abs/a.ann", b"")], "/abs/a.ann"),
    ("brat", [("ana/a.txt", b"Fine text.\n"), ("ana\\..\\..\\a.ann", b"")], "ana\\..\\..\\a.ann"),
])
def test_uploaded_zips_cannot_point_outside(db: Database, system: Actor, fmt: str,
                                            members: list[tuple[zipfile.ZipInfo | str, bytes]], bad: str) -> None:
    create_project(db, system, "Study")
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, system, "Study", [Upload("upload.zip", _zip(members))], fmt=fmt,
                       settings=get_settings(db.url))
    [issue] = refused.value.issues
    assert issue.located().startswith(f"upload.zip/{bad}: "), issue.located()
    assert _documents(db) == 0


def test_nothing_is_read_or_fetched_for_someone_who_may_not_import(db: Database, system: Actor,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The server fetches the URLs that a curator gives (SECURITY.md): an annotator of the
    project, or someone who may not create the project an import would make, is refused
    before any upload is read or any address is looked up."""
    from annotator.errors import Forbidden
    from annotator.services.exchange import imports

    from ...conftest import make_user
    from ...support.builders import add_member

    project = create_project(db, system, "Study")
    annotator = make_user(db, "ann")
    add_member(db, system, project.id, annotator)
    looked_up: list[str] = []
    monkeypatch.setattr(imports, "load_uploads", lambda *args, **kwargs: looked_up.append("read"))
    for name in ("Study", "A new one"):
        with pytest.raises(Forbidden):
            import_uploads(db, annotator, name, [Upload("a.txt", b"text")], urls=["https://example.org/a"],
                           settings=get_settings(db.url))
    assert looked_up == [] and _documents(db) == 0


def test_reading_for_a_preview_is_refused_to_someone_who_may_not_import(db: Database, system: Actor,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The page reads the uploads and fetches the URLs first, for its preview: that reading was
    a service taking no actor, so the refusal rested on the page calling `check_may_import`
    before it. The reading now checks for itself, audited, before anything is read or fetched."""
    from annotator.errors import Forbidden
    from annotator.services.exchange import imports

    from ...conftest import make_user
    from ...support.audit import audit_events
    from ...support.builders import add_member

    project = create_project(db, system, "Study")
    annotator = make_user(db, "ann")
    add_member(db, system, project.id, annotator)
    looked_up: list[str] = []
    monkeypatch.setattr(imports, "load_uploads", lambda *args, **kwargs: looked_up.append("read"))
    for name in ("Study", None):
        with pytest.raises(Forbidden):
            imports.read_uploads(db, annotator, name, [Upload("a.txt", b"text")], urls=["https://example.org/a"],
                                 settings=get_settings(db.url))
    assert looked_up == []
    assert [e.action for e in audit_events(db, "project", project.id)].count("forbidden") == 1
    imports.read_uploads(db, system, "Study", [Upload("a.txt", b"text")], settings=get_settings(db.url))
    assert looked_up == ["read"]
