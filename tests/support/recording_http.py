"""A local HTTP server that writes down every request it gets: an "internal service" that a
fetch must not reach, or a page that it may (with the allow setting). It serves the saved
article page, redirects `/to?<url>` there, and redirects `/loop...` to itself forever."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE = (Path(__file__).resolve().parents[1] / "ingest" / "pages" / "article.html").read_bytes()


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        if self.path.startswith(("/to?", "/loop")):
            self.send_response(302 if self.path.startswith("/to?") else 301)
            self.send_header("Location", self.path[4:] if self.path.startswith("/to?") else f"/loop{len(self.seen)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


class RecordingServer:
    """Listening on `host` (a loopback address) and a free port until stop()."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        handler = type("Handler", (_Recorder,), {"seen": []})
        self.seen: list[str] = handler.seen
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.port: int = self.httpd.server_address[1]  # type: ignore[assignment]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
