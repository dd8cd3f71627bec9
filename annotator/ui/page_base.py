"""Streamlit's front end told, in the page itself, where the app's server is (ASGI middleware).

Opened at one of its pages' own addresses (`/workspace?doc=7`: a link, a bookmark, a reload),
Streamlit's front end cannot tell whether `/workspace` is a page or the path the whole app is
served under. So it asks both in turn: `/workspace/_stcore/health`, which is a 404, then, after
waiting 100 ms, `/_stcore/health`, and only then opens its websocket. On the long article's
cold load that was 110 ms of about 1,000 (median of 7 loads, 2026-12-07).

Streamlit's front end takes the server's address from `window.__streamlit.BACKEND_BASE_URL`
when a page sets it before Streamlit's script runs (the configuration Streamlit reads from
pages that host it). This middleware writes that into the HTML of the app's own pages: the
address the browser asked for with the page's own part taken off, computed in the browser, so
it holds behind a proxy that serves the app under a longer path. Any other path (a page that
does not exist, a file) is answered exactly as Streamlit answers it, and keeps its probing.

Only a GET of `<base>/` or `<base>/<page>` for one of `pages` is touched. Its request goes to
Streamlit without Accept-Encoding (the HTML is 5 KB) or conditional headers (the answer
differs from the file its validators describe), and the answer, when it is a 200 with HTML, gets
one inline script after `<head>`, its length corrected and its validators removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .asgi import ASGIApp, Message, Receive, Scope, Send, header_map, without

#: Request headers dropped from a page's request (see the module docstring).
_DROPPED_REQUEST = frozenset({b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range"})
#: Response headers that describe the file as Streamlit has it, not the answer as changed.
_DROPPED_RESPONSE = frozenset({b"content-length", b"etag", b"last-modified"})

# The page's part of the address (`workspace`, or "" for the first page) is taken off the end of
# `location.pathname`; if it is not there (an address the browser encoded differently), nothing
# is set and Streamlit probes as it does without this.
_SCRIPT = (
    '<script>(function(){{var c=window.__streamlit||{{}};if(c.BACKEND_BASE_URL)return;'
    'var part={part},p=location.pathname.replace(/\\/+$/,"");'
    'if(part){{if(p.slice(-part.length-1)!=="/"+part)return;p=p.slice(0,-part.length-1);}}'
    'window.__streamlit=Object.assign({{}},c,{{BACKEND_BASE_URL:location.origin+p+"/"}});}})();</script>'
)


def page_script(part: str) -> bytes:
    """The inline script for a page whose own part of the address is `part`. `part` is one of
    the app's page names, but is written as a JSON string with `<` escaped all the same."""
    literal = json.dumps(part).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _SCRIPT.format(part=literal).encode("utf-8")


class ServerBaseInPage:
    """Wraps an ASGI app; see the module docstring."""

    def __init__(self, app: ASGIApp, pages: Iterable[str], *, base_path: str = "") -> None:
        self.app = app
        self.pages = frozenset(pages) | {""}
        self.base = "/" + base_path.strip("/") if base_path.strip("/") else ""

    def page_part(self, scope: Scope) -> str | None:
        """The page's own part of the request's path, or None when the request is not a GET of
        one of the app's pages."""
        if scope.get("type") != "http" or scope.get("method") != "GET":
            return None
        path = str(scope.get("path", ""))
        if self.base:
            if path != self.base and not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base):]
        part = path.strip("/")
        return part if part in self.pages and path in {"", "/", f"/{part}"} else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        part = self.page_part(scope)
        if part is None:
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = without(scope.get("headers", []), _DROPPED_REQUEST)
        start: Message = {}
        parts: list[bytes] = []

        async def changing(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message.get("status") == 200 and _is_html(message):
                    start.update(message)  # held until the whole body is in
                    return
            elif message["type"] == "http.response.body" and start:
                parts.append(bytes(message.get("body", b"")))
                if message.get("more_body", False):
                    return
                body = _with_script(b"".join(parts), page_script(part))
                headers = without(start.get("headers", []), _DROPPED_RESPONSE)
                headers.append((b"content-length", str(len(body)).encode("ascii")))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, changing)


def _is_html(start: Message) -> bool:
    headers = header_map(start.get("headers", []))
    return (headers.get(b"content-type", b"").lower().startswith(b"text/html")
            and b"content-encoding" not in headers)


def _with_script(html: bytes, script: bytes) -> bytes:
    """`html` with `script` right after its `<head>` (before every script of Streamlit's), or
    unchanged when it has none."""
    at = html.lower().find(b"<head>")
    if at < 0:
        return html
    at += len(b"<head>")
    return html[:at] + script + html[at:]
