"""Streamlit's immutable front-end files answered from memory (ASGI middleware).

A fresh browser fetches about 95 of Streamlit's hashed JavaScript and CSS files before the
first page can run, and Streamlit's server sends each through its whole middleware stack and a
worker thread that reads the file: about 2.5 ms of the server's interpreter per file, one file
at a time, while the browser waits (measured with py-spy, --gil, on cold page loads). The files
never change while the server runs (their names carry their content's hash and Streamlit marks
them `immutable`), so after the first time each is answered with the status, headers and bytes
Streamlit sent for it. A reverse proxy in front of the app does the same in a larger
deployment; this keeps the embedded default fast without one.

Only what cannot differ is kept: a GET of a path under /static/ with no query string (the
files' own addresses have none: a query would let anyone fill the cache with one file under
endless names) and no Range or conditional header, answered 200 with `Cache-Control: ...
immutable`, without Set-Cookie or Vary, and the whole kept at most `limit` bytes. Everything else goes to Streamlit's app unchanged.
"""

from __future__ import annotations

from .asgi import ASGIApp, Message, Receive, Scope, Send, header_map

#: Request headers that make an answer depend on more than the path.
_VARYING_REQUEST = frozenset({b"range", b"if-none-match", b"if-modified-since", b"if-range"})
#: Response headers that make an answer unfit to give to someone else.
_PRIVATE_RESPONSE = frozenset({b"set-cookie", b"vary"})
DEFAULT_LIMIT = 64 * 1024 * 1024


class ImmutableStaticCache:
    """Wraps an ASGI app; see the module docstring for what is kept."""

    def __init__(self, app: ASGIApp, *, limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limit = limit
        self.kept_bytes = 0
        self._kept: dict[str, tuple[Message, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable_request(scope):
            await self.app(scope, receive, send)
            return
        key = str(scope["path"])
        kept = self._kept.get(key)
        if kept is not None:
            start, body = kept
            await send(dict(start))
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        start_seen: Message = {}
        parts: list[bytes] = []

        async def watching(message: Message) -> None:
            if message["type"] == "http.response.start":
                start_seen.update(message)
            elif message["type"] == "http.response.body":
                parts.append(bytes(message.get("body", b"")))
            await send(message)

        await self.app(scope, receive, watching)
        self._keep(key, start_seen, parts)

    def _keep(self, key: str, start: Message, parts: list[bytes]) -> None:
        if start.get("status") != 200 or start.get("trailers"):
            return
        headers = header_map(start.get("headers", []))
        if _PRIVATE_RESPONSE & headers.keys() or b"immutable" not in headers.get(b"cache-control", b"").lower():
            return
        body = b"".join(parts)
        length = headers.get(b"content-length")
        if length is not None and int(length) != len(body):  # a partial or odd answer: never replay it
            return
        if self.kept_bytes + len(body) > self.limit:
            return
        self._kept[key] = ({"type": "http.response.start", "status": 200,
                            "headers": list(start.get("headers", []))}, body)
        self.kept_bytes += len(body)


def _cacheable_request(scope: Scope) -> bool:
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    if not str(scope.get("path", "")).startswith("/static/") or scope.get("query_string"):
        return False
    return not header_map(scope.get("headers", [])).keys() & _VARYING_REQUEST
