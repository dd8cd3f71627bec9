"""What URL import may fetch: public addresses only (every hop of a redirect, the address that
was checked is the one connected to), unless ANNOTATOR_FETCH_ALLOW_PRIVATE says otherwise; and
the timeout is a deadline for the whole fetch, however slowly a server answers.

Local servers on 127.0.0.x stand in for internal services; nothing goes to the internet (a
test that pretends a host is public never lets the connection leave the machine)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.config import Settings, get_settings
from annotator.errors import InvalidInput
from annotator.ingest import url as url_module
from annotator.ingest.url import fetch, is_public

from ..support.recording_http import PAGE, RecordingServer


@pytest.fixture
def internal() -> Iterator[RecordingServer]:
    """An "internal service" on 127.0.0.1."""
    served = RecordingServer("127.0.0.1")
    yield served
    served.stop()


@pytest.fixture
def outside() -> Iterator[RecordingServer]:
    """A server on 127.0.0.2 that the tests that need one treat as public."""
    served = RecordingServer("127.0.0.2")
    yield served
    served.stop()


def _refused(url: str, **options: object) -> str:
    with pytest.raises(InvalidInput) as error:
        fetch(url, timeout=2, max_bytes=1_000_000, **options)  # type: ignore[arg-type]
    return error.value.located()


def test_loopback_in_every_spelling_is_refused(internal: RecordingServer) -> None:
    port = internal.port
    for host in ("127.0.0.1", "0x7f000001", "2130706433", "0177.0.0.1", "127.1", "0x7f.1", "localhost",
                 "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "0"):
        message = _refused(f"http://{host}:{port}/article")
        assert "not a public address" in message, (host, message)
    assert internal.seen == []


@pytest.mark.parametrize("host", [
    "[::1]", "169.254.169.254", "[fd00:ec2::254]", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1",
    "[fc00::1]", "[fe80::1]", "[fec0::1]", "224.0.0.1", "[ff02::1]", "192.0.2.1", "198.18.0.1", "240.0.0.1",
    "255.255.255.255", "[::]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]", "[::7f00:1]",
])
def test_private_link_local_and_metadata_addresses_are_refused(host: str) -> None:
    # Refused before any connection: with the old code these timed out or were refused by
    # the network instead, after trying.
    assert "not a public address" in _refused(f"http://{host}/latest/meta-data/")


def test_a_redirect_into_an_internal_address_is_refused(internal: RecordingServer, outside: RecordingServer,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = url_module.is_public
    monkeypatch.setattr(url_module, "is_public", lambda a: a == ipaddress.ip_address("127.0.0.2") or real(a))
    target = f"http://127.0.0.1:{internal.port}/article"
    message = _refused(f"http://127.0.0.2:{outside.port}/to?{target}")
    assert message.startswith(f"http://127.0.0.2:{outside.port}/to?") and "not a public address" in message
    assert "redirect" in message and target in message
    assert outside.seen == [f"/to?{target}"] and internal.seen == []


def test_redirects_to_other_schemes_are_refused(outside: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(url_module, "is_public", lambda a: a == ipaddress.ip_address("127.0.0.2"))
    assert "http" in _refused(f"http://127.0.0.2:{outside.port}/to?file:///etc/passwd")


@pytest.mark.parametrize("address", ["https://ana:s3cret@example.org/page", "http://ana@example.org/",
                                     "https://:s3cret@example.org/", "https://ana:s3cret@@example.org/x?q=1"])
def test_an_address_with_credentials_is_refused_and_never_repeated(address: str) -> None:
    """Refused before anything is resolved; the message names the address without them."""
    message = _refused(address)
    assert "user name or password" in message
    assert "s3cret" not in message and "ana" not in message


def test_a_redirect_to_an_address_with_credentials_is_refused(outside: RecordingServer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(url_module, "is_public", lambda a: a == ipaddress.ip_address("127.0.0.2"))
    message = _refused(f"http://127.0.0.2:{outside.port}/to?http://ana:s3cret@127.0.0.2:{outside.port}/article")
    assert "redirect" in message and "user name or password" in message and outside.seen == [
        f"/to?http://ana:s3cret@127.0.0.2:{outside.port}/article"]


def test_the_host_is_resolved_once_and_the_checked_address_is_connected(
        internal: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name answers a public address when checked, then the loopback one.
    The fetch connects to the address it checked (which never leaves the machine here)."""
    answers = iter(["93.184.215.14"] + ["127.0.0.1"] * 10)
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    connected: list[tuple[str, int]] = []

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if host == "rebind.test":
            return real_getaddrinfo(next(answers), port, *args, **kwargs)  # type: ignore[arg-type]
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host, port = address
        resolved = real_getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
        connected.append((resolved, port))
        if not ipaddress.ip_address(resolved).is_loopback:
            raise ConnectionRefusedError("the test lets nothing leave the machine")
        return real_connect((resolved, port), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    message = _refused(f"http://rebind.test:{internal.port}/article")
    assert connected == [("93.184.215.14", internal.port)], message
    assert internal.seen == []


def test_the_allow_setting_lets_tests_and_intranets_fetch(internal: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings("sqlite://").fetch_allow_private is False
    monkeypatch.setenv("ANNOTATOR_FETCH_ALLOW_PRIVATE", "1")
    settings = get_settings("sqlite://")
    assert settings.fetch_allow_private is True
    page = fetch(f"http://localhost:{internal.port}/to?/article", timeout=5, max_bytes=1_000_000, allow_private=True)
    assert page.data == PAGE and page.url == f"http://localhost:{internal.port}/article"
    monkeypatch.setenv("ANNOTATOR_FETCH_ALLOW_PRIVATE", "no")
    assert get_settings("sqlite://").fetch_allow_private is False


def test_redirects_end_after_a_few_hops(internal: RecordingServer) -> None:
    message = _refused(f"http://127.0.0.1:{internal.port}/loop", allow_private=True)
    assert "redirects" in message
    assert len(internal.seen) == url_module.MAX_REDIRECTS + 1


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_an_ipv4_address_hidden_in_ipv6_is_judged_as_itself(value: int) -> None:
    v4 = ipaddress.IPv4Address(value)
    for wrapped in (f"::ffff:{v4}", f"2002:{value >> 16:x}:{value & 0xffff:x}::", f"64:ff9b::{v4}"):
        if not is_public(v4):
            assert not is_public(ipaddress.ip_address(wrapped)), wrapped


def test_public_addresses_pass() -> None:
    for address in ("93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"):
        assert is_public(ipaddress.ip_address(address)), address


# --- the deadline -------------------------------------------------------------------------


class Trickler:
    """A raw-socket server that sends a response one byte at a time, `delay` seconds apart,
    and notes whether it got to the end (the client still listening) or the client left."""

    def __init__(self, response: bytes, delay: float, redirect_first: bytes | None = None) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.responses = [r for r in (redirect_first, response) if r is not None]
        self.delay = delay
        self.finished: list[bool] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for response in self.responses:
            connection, _ = self.listener.accept()
            with connection:
                connection.recv(65536)
                try:
                    for byte in response:
                        connection.sendall(bytes([byte]))
                        time.sleep(self.delay)
                    self.finished.append(True)
                except OSError:
                    self.finished.append(False)
                    return
        self.listener.close()

    def stop(self) -> None:
        self.thread.join(timeout=30)
        self.listener.close()


def _response(body: bytes = PAGE[:40]) -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"p" * 40 + b"\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def test_headers_sent_a_byte_at_a_time_do_not_outlast_the_deadline() -> None:
    server = Trickler(_response(), delay=0.1)  # about 16 s for the whole response
    try:
        with pytest.raises(InvalidInput) as error:
            fetch(f"http://127.0.0.1:{server.port}/", timeout=1.0, max_bytes=1_000_000, allow_private=True)
        message = error.value.located()
    finally:
        server.stop()
    assert "longer than 1 s" in message
    assert server.finished == [False]  # the fetch hung up while the headers were still coming


def test_the_deadline_covers_every_redirect_hop() -> None:
    """Each hop alone is within the timeout (about 1.2 s and 0.9 s), both together are not."""
    redirect = b"HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"
    page = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n<p>x</p>"
    server = Trickler(page, delay=0.02, redirect_first=redirect)
    try:
        with pytest.raises(InvalidInput) as error:
            fetch(f"http://127.0.0.1:{server.port}/", timeout=1.5, max_bytes=1_000_000, allow_private=True)
    finally:
        server.stop()
    assert "longer than 1.5 s" in error.value.located()
    assert server.finished == [True, False]


def test_settings_carry_the_fetch_options() -> None:
    settings = Settings(database_url="sqlite://")
    assert settings.fetch_allow_private is False and settings.fetch_timeout == 10.0
