"""The app's pages tell Streamlit's front end where the server is (annotator/ui/page_base.py):
the script goes into the HTML of the app's own pages only, the answer stays whole and correct,
and the script computes the address the front end would have found by probing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from annotator.ui.page_base import ServerBaseInPage, page_script
from tests.ui.test_static_cache import FakeApp

HTML = b"<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <script>window.prerenderReady = false</script>\n</head></html>"
HTML_HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(HTML)).encode()),
                (b"etag", b'"f1"'), (b"last-modified", b"Sun, 06 Dec 2026 16:39:43 GMT"),
                (b"cache-control", b"no-cache")]
PAGES = ("projects", "workspace", "documents")


class SeeingApp(FakeApp):
    """A FakeApp that keeps the request headers it was given."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: list[list[tuple[bytes, bytes]]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.seen.append(list(scope["headers"]))
        await super().__call__(scope, receive, send)


def request(app: Any, path: str, method: str = "GET",
            headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": b"doc=7", "headers": headers or []}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize(("path", "part"), [("/", ""), ("/workspace", "workspace"), ("/projects", "projects")])
def test_a_page_gets_the_script_first_in_its_head(path: str, part: str) -> None:
    inner = SeeingApp(headers=HTML_HEADERS, body=HTML, chunks=3)
    status, headers, body = request(ServerBaseInPage(inner, PAGES), path)
    script = page_script(part)
    assert status == 200
    assert body == HTML.replace(b"<head>", b"<head>" + script)
    assert body.index(script) < body.index(b"prerenderReady")
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers and b"last-modified" not in headers
    assert headers[b"cache-control"] == b"no-cache" and headers[b"content-type"].startswith(b"text/html")


def test_a_pages_request_reaches_streamlit_without_compression_or_validators() -> None:
    inner = SeeingApp(headers=HTML_HEADERS, body=HTML)
    asked = [(b"accept-encoding", b"gzip"), (b"If-None-Match", b'"f1"'), (b"cookie", b"a=b"),
             (b"if-modified-since", b"Sun, 06 Dec 2026 16:39:43 GMT")]
    request(ServerBaseInPage(inner, PAGES), "/workspace", headers=asked)
    assert inner.seen == [[(b"cookie", b"a=b")]]


@pytest.mark.parametrize(("path", "method"), [
    ("/nowhere", "GET"),  # not a page: Streamlit's own "page not found" and its probing
    ("/workspace/_stcore/health", "GET"),
    ("/static/js/index.abc.js", "GET"),
    ("/workspace/deeper", "GET"),
    ("/workspace", "HEAD"),
    ("/workspace", "POST"),
])
def test_anything_else_is_answered_as_streamlit_answers_it(path: str, method: str) -> None:
    inner = SeeingApp(headers=HTML_HEADERS, body=HTML)
    asked = [(b"accept-encoding", b"gzip")]
    assert request(ServerBaseInPage(inner, PAGES), path, method, asked) == (200, dict(HTML_HEADERS), HTML)
    assert inner.seen == [asked]


@pytest.mark.parametrize("headers", [
    [(b"content-type", b"application/json")],
    [(b"content-type", b"text/html"), (b"content-encoding", b"gzip")],
])
def test_an_answer_that_is_not_plain_html_passes_unchanged(headers: list[tuple[bytes, bytes]]) -> None:
    inner = FakeApp(headers=headers, body=HTML)
    assert request(ServerBaseInPage(inner, PAGES), "/workspace") == (200, dict(headers), HTML)


def test_an_answer_other_than_200_passes_unchanged() -> None:
    inner = FakeApp(headers=HTML_HEADERS, body=HTML, status=404)
    assert request(ServerBaseInPage(inner, PAGES), "/workspace") == (404, dict(HTML_HEADERS), HTML)


def test_html_without_a_head_keeps_its_bytes_and_length() -> None:
    inner = FakeApp(headers=HTML_HEADERS, body=b"<html>no head</html>")
    status, headers, body = request(ServerBaseInPage(inner, PAGES), "/workspace")
    assert body == b"<html>no head</html>" and headers[b"content-length"] == b"20"


def test_under_a_base_path_only_its_pages_are_touched() -> None:
    inner = FakeApp(headers=HTML_HEADERS, body=HTML)
    app = ServerBaseInPage(inner, PAGES, base_path="/annotator/")
    assert page_script("workspace") in request(app, "/annotator/workspace")[2]
    assert page_script("") in request(app, "/annotator")[2]
    assert page_script("") in request(app, "/annotator/")[2]
    assert request(app, "/workspace")[2] == HTML
    assert request(app, "/annotatorx/workspace")[2] == HTML


def test_the_page_name_cannot_close_the_script() -> None:
    script = page_script("</script><script>alert(1)//")
    assert script.count(b"</script>") == 1 and b"<script>alert" not in script
