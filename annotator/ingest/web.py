"""The web page's way in: uploaded files as bytes, and article URLs typed in a box.

Nothing here opens a path: an upload is read from the bytes the browser sent (a zip member by
member, in memory), and a line of the URL box must be an http(s) address, which is fetched
only if it is public (see `ingest.url`). A line that is anything else (a server path, a
`file:` URL) is refused with its line number, and then nothing at all is read or fetched.
Server paths are the command line's alone (`ingest.local`, which this module cannot import:
a test checks that).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import InvalidInput
from ..formats.bundle import zip_bundle
from ..formats.catalog import ARTICLE_FORMATS, detect_data, get_format
from ..formats.input_checks import decode
from .readers import Loaded, Reading

#: How messages name the URL box of the Import / export page.
URL_BOX = "Article URLs"


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: the name it had on the user's machine, and its bytes."""

    name: str
    data: bytes


def check_address(line: str, number: int) -> str:
    """A line of the URL box as an http(s) address, or InvalidInput naming the line."""
    address = line.strip()

    def refuse(why: str) -> InvalidInput:
        shown = address if len(address) <= 200 else address[:200] + "…"
        return InvalidInput(f"{shown!r} {why}", file=URL_BOX, line=number)

    if any(c.isspace() or ord(c) < 32 for c in address):
        raise refuse("holds spaces or control characters: not a web address")
    try:
        parts = urlsplit(address)
        host = parts.hostname
        parts.port  # noqa: B018 (a malformed port raises here)
    except ValueError as error:
        raise refuse(f"is not a web address ({error})") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("is not an http:// or https:// address (files go in the upload)")
    if not host:
        raise refuse("names no host")
    return address


def load_uploads(uploads: Sequence[Upload], urls: Sequence[str], *, fmt: str | None,
                 settings: Settings) -> Loaded:
    """The uploads and the pages at `urls` (the URL box's lines; blank lines are skipped, the
    others numbered from 1) as records, with every problem found. The addresses and sizes are
    checked before anything is read: a bad line or an oversized file reads and fetches
    nothing."""
    reading = Reading(settings)
    addresses: list[str] = []
    for number, line in enumerate(urls, start=1):
        if line.strip():
            reading.attempt(lambda line, number: addresses.append(check_address(line, number)), line, number)
    for upload in uploads:
        if len(upload.data) > settings.max_import_bytes:
            reading.loaded.issues.append(InvalidInput(
                f"file is larger than the limit of {settings.max_import_bytes} bytes", file=upload.name))
    if fmt is not None and fmt not in ARTICLE_FORMATS[:2]:
        reading.attempt(get_format, fmt)  # an unknown name is refused before anything is read
    if reading.loaded.issues:
        return reading.loaded
    for upload in uploads:
        reading.attempt(_read_upload, reading, upload, fmt)
    if not reading.loaded.issues:  # a refused import fetches nothing more
        for address in addresses:
            reading.attempt(reading.page, address)
    return reading.finish()


def _read_upload(reading: Reading, upload: Upload, fmt: str | None) -> None:
    name, data = upload.name, upload.data
    if reading.sidecar(name, lambda: decode(data, name), source=name):
        return
    chosen = fmt or detect_data(name, data, reading.bundle_limits)
    if chosen in ARTICLE_FORMATS[:2]:
        reading.article(data, chosen, name=name, source=name)
        return
    reading.formatted(chosen, source=name, text=lambda: io.StringIO(decode(data, name), newline=""),
                      bundle=lambda: zip_bundle(io.BytesIO(data), name, reading.bundle_limits))
