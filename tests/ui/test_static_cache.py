"""Streamlit's immutable front-end files answered from memory (annotator/ui/static_cache.py):
the same status, headers and bytes as the app's own answer, and only where nothing can differ."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from annotator.ui.static_cache import ImmutableStaticCache

IMMUTABLE = [(b"content-type", b"application/javascript"), (b"content-length", b"5"),
             (b"etag", b'"abc"'), (b"cache-control", b"public, immutable, max-age=31536000")]


class FakeApp:
    """An ASGI app that answers every request with `headers` and `body` and counts its calls."""

    def __init__(self, headers: list[tuple[bytes, bytes]] = IMMUTABLE, body: bytes = b"hello",
                 status: int = 200, chunks: int = 1) -> None:
        self.headers, self.body, self.status, self.chunks, self.calls = headers, body, status, chunks, 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        step = max(1, len(self.body) // self.chunks)
        pieces = [self.body[i:i + step] for i in range(0, len(self.body), step)] or [b""]
        for i, piece in enumerate(pieces):
            await send({"type": "http.response.body", "body": piece, "more_body": i < len(pieces) - 1})


def request(app: Any, path: str = "/static/js/index.abc123.js", method: str = "GET",
            headers: list[tuple[bytes, bytes]] | None = None, kind: str = "http",
            query: bytes = b"") -> tuple[int, list[Any], bytes]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": kind, "method": method, "path": path, "query_string": query, "headers": headers or []}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], list(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_a_second_request_is_answered_from_memory_exactly_as_the_first() -> None:
    inner = FakeApp(chunks=3)
    cache = ImmutableStaticCache(inner)
    first = request(cache)
    second = request(cache)
    assert first == second == (200, IMMUTABLE, b"hello")
    assert inner.calls == 1
    assert cache.kept_bytes == 5


@pytest.mark.parametrize("headers", [[(b"range", b"bytes=0-1")], [(b"If-None-Match", b'"abc"')],
                                     [(b"if-modified-since", b"Sun, 06 Dec 2026 16:39:43 GMT")]])
def test_range_and_conditional_requests_always_reach_the_app(headers: list[tuple[bytes, bytes]]) -> None:
    inner = FakeApp()
    cache = ImmutableStaticCache(inner)
    request(cache)
    request(cache, headers=headers)
    assert inner.calls == 2


@pytest.mark.parametrize("inner", [
    FakeApp(headers=[(b"cache-control", b"no-cache"), (b"content-length", b"5")]),
    FakeApp(headers=[*IMMUTABLE, (b"set-cookie", b"session=1")]),
    FakeApp(headers=[*IMMUTABLE, (b"vary", b"Accept-Encoding")]),
    FakeApp(status=404),
    FakeApp(body=b"hello, longer than its content-length"),
], ids=["not immutable", "set-cookie", "vary", "not 200", "length differs"])
def test_answers_that_could_differ_are_not_kept(inner: FakeApp) -> None:
    cache = ImmutableStaticCache(inner)
    request(cache)
    request(cache)
    assert inner.calls == 2
    assert cache.kept_bytes == 0


@pytest.mark.parametrize(("path", "method"), [("/", "GET"), ("/workspace", "GET"), ("/_stcore/health", "GET"),
                                              ("/static/js/index.abc123.js", "HEAD"),
                                              ("/static/js/index.abc123.js", "POST")])
def test_other_paths_and_methods_always_reach_the_app(path: str, method: str) -> None:
    inner = FakeApp()
    cache = ImmutableStaticCache(inner)
    request(cache, path=path, method=method)
    request(cache, path=path, method=method)
    assert inner.calls == 2


def test_websockets_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    async def run() -> None:
        async def receive() -> dict[str, Any]:
            return {"type": "websocket.connect"}

        async def send(message: Any) -> None:
            return None

        await ImmutableStaticCache(app)({"type": "websocket", "path": "/static/x"}, receive, send)

    asyncio.run(run())
    assert seen == ["websocket"]


def test_nothing_is_kept_beyond_the_limit() -> None:
    inner = FakeApp()
    cache = ImmutableStaticCache(inner, limit=8)
    request(cache, path="/static/a.js")
    request(cache, path="/static/b.js")  # 5 + 5 > 8: b is not kept
    request(cache, path="/static/a.js")
    request(cache, path="/static/b.js")
    assert inner.calls == 3
    assert cache.kept_bytes == 5


def test_a_query_string_reaches_the_app_and_fills_nothing() -> None:
    """Anyone could ask for one file under endless queries: such requests are never kept."""
    inner = FakeApp()
    cache = ImmutableStaticCache(inner)
    for n in range(3):
        assert request(cache, query=f"v={n}".encode()) == (200, IMMUTABLE, b"hello")
    assert inner.calls == 3 and cache.kept_bytes == 0
    request(cache)
    request(cache)
    assert inner.calls == 4 and cache.kept_bytes == 5
