"""The app's server sends every response at once: TCP_NODELAY on each accepted connection, which
asyncio skips for a listening socket made the way Streamlit makes its own (annotator/ui/server.py)."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.ui import server
from tests.support.appserver import ROOT


def _streamlit_like_listener() -> socket.socket:
    """A listening socket as Streamlit 1.67's `_bind_socket` makes it: no protocol number."""
    sock = socket.socket(family=socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    return sock


def _accepted_nodelay() -> int:
    """TCP_NODELAY of the server side of one connection accepted by an asyncio server."""

    async def run() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        listener = _streamlit_like_listener()
        port = listener.getsockname()[1]
        async with await asyncio.start_server(connected, sock=listener):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            value = await asyncio.wait_for(seen, timeout=10)
            writer.close()
            return value

    return asyncio.run(run())


@pytest.fixture
def asyncio_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """asyncio's own `_set_nodelay` for the test, whatever an earlier test in this process did."""
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", server.ASYNCIO_SET_NODELAY)
    monkeypatch.delattr(asyncio.base_events, "_annotator_nodelay", raising=False)


def test_asyncio_leaves_nagle_on_for_a_listener_without_protocol_number(asyncio_as_shipped: None) -> None:
    # Why the module exists: if this starts failing, asyncio (or the way the listener is made)
    # has changed and send_at_once may no longer be needed.
    assert _accepted_nodelay() == 0


def test_send_at_once_turns_nagle_off_on_accepted_connections(asyncio_as_shipped: None) -> None:
    server.send_at_once()
    server.send_at_once()  # idempotent
    assert _accepted_nodelay() != 0


def test_the_server_module_starts_streamlit_with_its_options() -> None:
    # The launcher hands its arguments to Streamlit's own command line unchanged.
    done = subprocess.run([sys.executable, "-m", "annotator.ui.server", "run", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "--server.port" in done.stdout or "server.port" in done.stdout


def test_the_app_skips_streamlits_full_collection_after_every_run() -> None:
    # A forced gc.collect(2) after each page run took 100-200 ms holding the interpreter lock
    # (the event loop's websocket writes waited behind it): .streamlit/config.toml turns it off.
    import tomllib

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is False


def test_the_app_server_answers_streamlits_files_from_memory_with_the_same_bytes_and_headers(
        tmp_path: Path) -> None:
    import urllib.request

    import streamlit

    from tests.support.appserver import running_app
    from tests.support.databases import migrate

    url = migrate(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    static = Path(streamlit.__file__).parent / "static"
    html = (static / "index.html").read_text(encoding="utf-8")
    bundle = next(part.split('"')[0] for part in html.split('src="./')[1:] if part.startswith("static/js/"))
    with running_app(url, tmp_path) as app:
        answers = []
        for _ in range(3):
            with urllib.request.urlopen(f"{app.url}/{bundle}", timeout=30) as response:
                headers = {k.lower(): v for k, v in response.getheaders() if k.lower() != "date"}
                answers.append((response.status, headers, response.read()))
    assert answers[0] == answers[1] == answers[2]
    status, headers, body = answers[0]
    assert status == 200 and "immutable" in headers["cache-control"]
    assert body == (static / bundle).read_bytes()
