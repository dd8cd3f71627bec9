"""HTML and URL import: trafilatura finds the main text and the metadata; fetching has a time
and a size limit. A local server on 127.0.0.1 serves a saved page; nothing goes to the internet.
The server is on a loopback address, so these tests use the allow setting
(ANNOTATOR_FETCH_ALLOW_PRIVATE) that tests and intranets need; tests/ingest/test_fetch_guard.py
checks that without it such addresses are refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from annotator.config import get_settings
from annotator.errors import InvalidInput
from annotator.ingest.html import read_html
from annotator.ingest.local import load_paths
from annotator.ingest.url import fetch

PAGE = Path(__file__).parent / "pages" / "article.html"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(80):
                self.wfile.write(b"<p>" + b"x" * 10 + b"</p>")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/missing":
            self.send_error(404)
            return
        body = PAGE.read_bytes() if self.path == "/article" else b"<html><body>" + b"<p>big</p>" * 20_000 + b"</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path != "/big-unannounced":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_main_text_and_metadata_from_a_saved_page() -> None:
    record = read_html(PAGE.read_bytes(), source=str(PAGE))
    assert "so-called “opposition groups” kicked off in Astana 🇰🇿" in record.text
    assert "Geneva in February" in record.text
    for furniture in ("PayPal", "Newest Most Voted", "All rights reserved", "About us"):
        assert furniture not in record.text
    assert record.title.startswith("Astana talks open")
    assert record.outlet == "Example Front"
    assert record.author == "Jane Reporter"
    assert record.published is not None and record.published.isoformat() == "2017-01-23"
    assert record.url == "https://front.example/2017/01/astana-talks"


def test_a_page_without_text_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no article text"):
        read_html(b"<html><head><title>t</title></head><body></body></html>", source="empty.html")


def test_url_import_keeps_the_address(server: str) -> None:
    settings = replace(get_settings("sqlite://"), fetch_allow_private=True)
    loaded = load_paths([f"{server}/article"], fmt=None, settings=settings)
    assert loaded.issues == []
    [record] = loaded.records
    assert record.url == f"{server}/article"
    assert record.outlet == "Example Front" and record.meta["canonical_url"].startswith("https://front.example/")


def test_fetch_refuses_a_page_over_the_size_limit(server: str) -> None:
    with pytest.raises(InvalidInput, match="larger than the limit of 10000 bytes"):
        fetch(f"{server}/big", timeout=5, max_bytes=10_000, allow_private=True)
    with pytest.raises(InvalidInput, match="larger than the limit of 10000 bytes"):
        fetch(f"{server}/big-unannounced", timeout=5, max_bytes=10_000, allow_private=True)


def test_fetch_gives_up_after_the_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InvalidInput, match="longer than 0.5 s"):
        fetch(f"{server}/slow", timeout=0.5, max_bytes=10_000_000, allow_private=True)
    assert time.monotonic() - started < 5  # the server would trickle for 8 s


def test_fetch_errors_are_one_line(server: str) -> None:
    with pytest.raises(InvalidInput, match="404"):
        fetch(f"{server}/missing", timeout=5, max_bytes=1000, allow_private=True)
    with pytest.raises(InvalidInput, match="only http"):
        fetch("file:///etc/passwd", timeout=5, max_bytes=1000)


def test_html_files_and_urls_through_the_cli(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.test_cli import run

    monkeypatch.setenv("ANNOTATOR_FETCH_ALLOW_PRIVATE", "1")
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    run("--database", url, "init")
    code, out, err = run("--database", url, "import", str(PAGE), f"{server}/article", "--project", "Web")
    assert code == 0, err
    assert "1 documents added, 1 already present" in out  # the same text twice: one document


ARTICLE = ("<p>Die Regierung hat am Montag neue Regeln für die Energiepreise vorgestellt, die ab dem "
           "kommenden Jahr gelten sollen. Kritiker sprechen von einem „Geschenk an die Industrie“.</p>") * 3


@pytest.mark.parametrize(("opening", "language"), [
    ('<html lang="de-AT">', "de-AT"),
    ("<html xml:lang='tr' lang=tr>", "tr"),
    ('<html lang="">', None),
    ('<html lang="de; drop table">', None),  # not a language tag: not kept
    ("<html>", None),
])
def test_the_language_the_page_declares_is_the_documents(opening: str, language: str | None) -> None:
    """A page's `<html lang>` was not read: every HTML import came without a language."""
    page = f"{opening}<head><title>Energiepreise</title></head><body><article>{ARTICLE}</article></body></html>"
    assert read_html(page.encode("utf-8"), source="a.html").language == language
