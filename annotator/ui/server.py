"""Starting the app's web server: Streamlit's, sending at once, its front end from memory, and
its pages saying where the server is.

    python -m annotator.ui.server run app.py [streamlit options]

is `streamlit run app.py [options]` with three differences:

- Nagle's algorithm off on every TCP connection (`send_at_once`). Streamlit 1.67 binds its
  listening socket itself (`socket.socket(family=...)`, protocol number 0), and asyncio turns
  Nagle's algorithm off only for sockets whose protocol number is IPPROTO_TCP
  (`asyncio.base_events._set_nodelay`), so every connection Streamlit accepts kept it on. A
  response sent in two writes (headers, then body; a websocket message and the next) then
  waited for the browser's delayed acknowledgement, 40 ms on Linux: each of the ~95 files of a
  fresh page load after the first on a keep-alive connection took 40 ms instead of under 1 ms
  (95 in a row: 4.0 s before, 0.08 s after, measured with a keep-alive client). The fix is the
  option asyncio meant to set.
- Streamlit's immutable front-end files answered from memory after their first request
  (`static_cache.py`, which says why).
- The HTML of the app's pages tells Streamlit's front end the server's address, which it
  otherwise finds by probing (`page_base.py`, which says why).

`app.py` calls `send_at_once()` too, so a server started with plain `streamlit run app.py`
gets it from its first page run on (the files of the very first page load come before that).
"""

from __future__ import annotations

import asyncio.base_events
import socket
import sys
from typing import Any

from annotator.ui.page_base import ServerBaseInPage
from annotator.ui.static_cache import ImmutableStaticCache

_PATCHED = "_annotator_nodelay"
#: asyncio's own function, as this module found it (for the tests that show why it is replaced).
ASYNCIO_SET_NODELAY: Any = getattr(asyncio.base_events, "_set_nodelay", None)


def _set_nodelay(sock: socket.socket) -> None:
    """asyncio's own `_set_nodelay` without its protocol-number condition."""
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def send_at_once() -> None:
    """Turn Nagle's algorithm off on every TCP connection asyncio accepts from now on (its
    transports call `base_events._set_nodelay` when they are made). Idempotent."""
    base: Any = asyncio.base_events
    if getattr(base, _PATCHED, False) or not hasattr(base, "_set_nodelay") or not hasattr(socket, "TCP_NODELAY"):
        return
    base._set_nodelay = _set_nodelay
    setattr(base, _PATCHED, True)


def wrap_streamlit_app() -> None:
    """Wrap the ASGI app Streamlit's server makes in `ServerBaseInPage` and
    `ImmutableStaticCache`. Idempotent; does nothing where Streamlit no longer makes its app
    through `create_starlette_app`."""
    from streamlit import config
    from streamlit.web.server.starlette import starlette_server

    make_app: Any = getattr(starlette_server, "create_starlette_app", None)
    if make_app is None or getattr(make_app, _PATCHED, False):
        return

    def create_starlette_app(runtime: Any) -> Any:
        from annotator.ui.routes import ROUTES

        pages = ServerBaseInPage(make_app(runtime), (route.url_path for route in ROUTES),
                                 base_path=str(config.get_option("server.baseUrlPath") or ""))
        return ImmutableStaticCache(pages)

    setattr(create_starlette_app, _PATCHED, True)
    setattr(starlette_server, "create_starlette_app", create_starlette_app)  # noqa: B010 (not exported)


def main(argv: list[str]) -> None:
    """`streamlit <argv>`, with `send_at_once` and `wrap_streamlit_app` in force before the
    server starts."""
    send_at_once()
    wrap_streamlit_app()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *argv]
    streamlit_main()


if __name__ == "__main__":
    main(sys.argv[1:])
