"""Running the real app for browser tests: `streamlit run` on a free loopback port against a
throwaway SQLite database, and Debian's chromium through Playwright (never a downloaded one)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_app(database_url: str, home: Path) -> Iterator[str]:
    """The app served on 127.0.0.1; yields its base URL and stops it afterwards."""
    port = _free_port()
    env = {**os.environ, "ANNOTATOR_DATABASE_URL": database_url, "HOME": str(home),
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    log = (home / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start: {(home / 'streamlit.log').read_text()[-2000:]}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (scripts/install-system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def log_in(page: Any, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Signed in as").wait_for(timeout=60_000)


def open_page(page: Any, url: str, path: str) -> None:
    """Open a page of the app by its URL path (the session cookie keeps the login when the
    app supports it; otherwise the caller logs in again)."""
    page.goto(f"{url}/{path}")
    page.wait_for_load_state("networkidle")


_LOCATE = """([quote, occurrence]) => {
  const root = document.querySelector('.anno-hl-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) { at = text.indexOf(quote, at + 1); if (at < 0) return null; }
  const locate = (pos) => { for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= pos) return [nodes[i][0], pos - nodes[i][1]]; };
  const [startNode, startOffset] = locate(at);
  const [endNode, endOffset] = locate(at + quote.length - 1);
  startNode.parentElement.scrollIntoView({block: 'center'});
  const rect = (node, offset) => { const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1); return r.getBoundingClientRect(); };
  const a = rect(startNode, startOffset), b = rect(endNode, endOffset);
  return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2];
}"""


def select_with_mouse(page: Any, quote: str, occurrence: int = 0) -> None:
    """Drag the mouse over `quote` in the highlighter, as a person would."""
    box = page.evaluate(_LOCATE, [quote, occurrence])
    assert box is not None, f"{quote!r} is not in the highlighter's text"
    x1, y1, x2, y2 = box
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=8)
    page.mouse.up()
    selected = page.evaluate("() => window.getSelection().toString()")
    assert selected == quote, f"the mouse selected {selected!r}, not {quote!r}"
