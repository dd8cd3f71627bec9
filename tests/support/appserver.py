"""Running the real app for browser tests and benchmarks: `python -m annotator.ui.server run app.py`
(as `make run` starts it) on a free loopback port against a given database, and Debian's chromium
driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
#: Never `playwright install`: Debian's chromium, with what a sandboxed CI needs.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@dataclass(frozen=True)
class AppProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@contextmanager
def running_app(database_url: str, directory: Path, **env: str) -> Iterator[AppProcess]:
    """The app serving `database_url`; its log and anything else it writes stay in
    `directory`. Stopped (by its own pid) on exit."""
    log = directory / "server.log"
    port = free_port()
    full_env = {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": database_url,
        **env,
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "annotator.ui.server", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log, timeout=60)
        yield AppProcess(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser), closed on exit; a
    test is skipped, with the reason, where it is missing."""
    if not CHROMIUM.exists():
        import pytest  # only a test gets here: the workspace benchmark checks before it starts

        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: object, url: str, username: str, password: str) -> None:
    """Log in through the form and wait until the session cookie is written."""
    page.goto(url + "/")  # type: ignore[attr-defined]
    page.get_by_role("textbox", name="User name").fill(username)  # type: ignore[attr-defined]
    page.get_by_role("textbox", name="Password").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]
    page.get_by_text("Signed in as").wait_for(timeout=20_000)  # type: ignore[attr-defined]
    page.wait_for_function("() => document.cookie.includes('annotator_session=')", timeout=10_000)  # type: ignore[attr-defined]
