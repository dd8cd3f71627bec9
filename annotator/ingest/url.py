"""Fetching an article page over HTTP(S): public addresses only, one deadline for the whole
fetch, and a size limit.

Why not urllib: it resolves the host again when it connects (so a name can answer a public
address to a check and a private one to the connection), follows redirects wherever they
point, and its timeout applies to each socket operation (a server that sends a byte a second
holds it forever). Here each hop is resolved once, every address it resolves to must be
public (unless the allow setting says otherwise), the connection goes to the address that
was checked (TLS still verifies the host name), redirects are followed by hand up to
MAX_REDIRECTS with the same check on every hop, and a watchdog closes the connection when the
deadline passes, whatever the server is doing. Proxy settings of the environment are not used.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .. import __version__
from ..errors import InvalidInput

MAX_REDIRECTS = 5
_CHUNK = 1 << 16
_REDIRECTS = {301, 302, 303, 307, 308}
_HEADERS = {"User-Agent": f"annotator/{__version__} (research import)",
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
#: NAT64's well-known prefix (RFC 6052) carries an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes


def is_public(address: Address) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local
    (cloud metadata), shared, reserved, multicast or unspecified, and, for an IPv6 address
    that carries an IPv4 one (mapped, 6to4, NAT64, Teredo), that IPv4 address neither."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour, address.teredo[1] if address.teredo else None]
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if any(inner is not None and not is_public(inner) for inner in embedded):
            return False
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


class _Expired(Exception):
    """The deadline of the whole fetch has passed."""


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.hung_up = False  # set by the watchdog when it ended a connection

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise _Expired
        return left

    @property
    def passed(self) -> bool:
        return self.hung_up or time.monotonic() >= self.end


@dataclass(frozen=True)
class _Hop:
    url: str
    https: bool
    host: str  # ASCII (IDNA) form
    port: int
    target: str  # path and query, as sent


def _hop(url: str) -> _Hop:
    """The parts of an http(s) address, or InvalidInput saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as error:
        raise InvalidInput(f"not a valid address ({error})", file=url) from error
    if parts.username is not None or parts.password is not None:
        # Never fetched with them, nor kept as the document's address (every member sees it)
        # or named in a message: the address is shown without them.
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise InvalidInput("an address with a user name or password is not fetched (the server reads public "
                           "pages without logging in): leave them out", file=shown)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidInput("only http:// and https:// addresses can be fetched", file=url)
    if not host:
        raise InvalidInput("the address names no host", file=url)
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidInput(f"not a valid host name: {host!r}", file=url) from error
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Hop(url, scheme == "https", ascii_host, port or (443 if scheme == "https" else 80), target)


def _resolve(hop: _Hop, deadline: _Deadline) -> list[str]:
    """The host's addresses, resolved once. getaddrinfo cannot be given a timeout, so it runs
    on a daemon thread and the fetch stops waiting for it at the deadline."""
    found: dict[str, object] = {}

    def work() -> None:
        try:
            found["infos"] = socket.getaddrinfo(hop.host, hop.port, type=socket.SOCK_STREAM)
        except OSError as error:
            found["error"] = error

    worker = threading.Thread(target=work, name="annotator-resolve", daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise _Expired
    if "error" in found:
        raise InvalidInput(f"cannot resolve {hop.host}: {found['error']}", file=hop.url)
    infos: list[tuple] = found["infos"]  # type: ignore[assignment,type-arg]
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _check(hop: _Hop, addresses: list[str]) -> None:
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not is_public(address):
            shown = "" if text == hop.host else f" ({text})"
            raise InvalidInput(f"{hop.host}{shown} is not a public address: the server fetches public addresses "
                               "only (ANNOTATOR_FETCH_ALLOW_PRIVATE allows others)", file=hop.url)


def _connect(addresses: list[str], port: int, deadline: _Deadline) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout=deadline.remaining())
            sock.settimeout(deadline.remaining())
            return sock
        except OSError as failed:
            error = failed
    raise error or OSError("no address to connect to")


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand (Host is still the name)."""

    def __init__(self, hop: _Hop, addresses: list[str], deadline: _Deadline) -> None:
        super().__init__(hop.host, hop.port, timeout=deadline.remaining())
        self.addresses, self.deadline = addresses, deadline

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.deadline)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same over TLS; the certificate is verified for the host name."""

    def __init__(self, hop: _Hop, addresses: list[str], deadline: _Deadline) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(hop.host, hop.port, timeout=deadline.remaining(), context=self.tls)
        self.addresses, self.deadline = addresses, deadline

    def connect(self) -> None:
        raw = _connect(self.addresses, self.port, self.deadline)
        self.sock = raw  # so that the watchdog can end a slow handshake
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


def _hang_up(connection: http.client.HTTPConnection, deadline: _Deadline) -> None:
    """The watchdog: at the deadline, end whatever the connection is waiting for."""
    deadline.hung_up = True
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _get(hop: _Hop, addresses: list[str], deadline: _Deadline, max_bytes: int) -> tuple[int, str, str | None, bytes]:
    """(status, reason, Location, body) of one GET; the body only for a 2xx answer."""
    kind = _PinnedHTTPS if hop.https else _PinnedHTTP
    connection = kind(hop, addresses, deadline)
    watchdog = threading.Timer(deadline.remaining(), _hang_up, args=(connection, deadline))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", hop.target, headers=_HEADERS)
        response = connection.getresponse()
        if not 200 <= response.status < 300:
            return response.status, response.reason, response.getheader("Location"), b""
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise InvalidInput(f"the page is larger than the limit of {max_bytes} bytes", file=hop.url)
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise InvalidInput(f"the page is larger than the limit of {max_bytes} bytes", file=hop.url)
            deadline.remaining()
        if deadline.passed:  # the watchdog hung up: what arrived is not the whole page
            raise _Expired
        if declared and declared.isdigit() and len(body) < int(declared):
            raise InvalidInput(f"the page ended after {len(body)} of its {declared} bytes", file=hop.url)
        return response.status, response.reason, None, bytes(body)
    finally:
        watchdog.cancel()
        connection.close()


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Fetched:
    """The page at `url` after redirects; InvalidInput (naming `url`) for an address that is
    not public (unless `allow_private`), a fetch longer than `timeout` seconds in all, a body
    over `max_bytes`, an error answer or a failed connection."""
    deadline = _Deadline(timeout)
    current = url
    try:
        for hops in range(MAX_REDIRECTS + 1):
            try:
                hop = _hop(current)
                addresses = _resolve(hop, deadline)
                if not allow_private:
                    _check(hop, addresses)
            except InvalidInput as error:
                if current == url:
                    raise
                raise InvalidInput(f"redirect to {current}: {error.message}", file=url) from error
            try:
                status, reason, location, body = _get(hop, addresses, deadline, max_bytes)
            except (OSError, http.client.HTTPException) as error:
                if deadline.passed:
                    raise _Expired from error
                raise InvalidInput(f"cannot fetch: {str(error) or type(error).__name__}", file=url) from error
            if status in _REDIRECTS and location:
                if hops == MAX_REDIRECTS:
                    break
                current = urljoin(current, location.strip())
                continue
            if not 200 <= status < 300:
                raise InvalidInput(f"the server answered {status} {reason}", file=url)
            return Fetched(current, body)
        raise InvalidInput(f"more than {MAX_REDIRECTS} redirects", file=url)
    except _Expired:
        raise InvalidInput(f"the fetch took longer than {timeout:g} s", file=url) from None
