"""Fetching an article page over HTTP(S), with a total time limit and a size limit.

The body is read in chunks and the fetch is abandoned as soon as it passes the size limit or
the deadline (a slow server cannot hold an import open, a huge page cannot fill memory).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__
from ..errors import InvalidInput

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes


def fetch(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    if urlsplit(url).scheme not in ("http", "https"):
        raise InvalidInput("only http:// and https:// addresses can be fetched", file=url)
    request = urllib.request.Request(url, headers={"User-Agent": f"annotator/{__version__} (research import)"})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InvalidInput(f"the page is larger than the limit of {max_bytes} bytes", file=url)
            body = bytearray()
            # read1 returns what has arrived, so a trickling server cannot outlast the deadline.
            while chunk := response.read1(_CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise InvalidInput(f"the page is larger than the limit of {max_bytes} bytes", file=url)
                if time.monotonic() > deadline:
                    raise InvalidInput(f"the fetch took longer than {timeout:g} s", file=url)
            return Fetched(response.geturl(), bytes(body))
    except urllib.error.HTTPError as error:
        raise InvalidInput(f"the server answered {error.code} {error.reason}", file=url) from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise InvalidInput(f"the fetch took longer than {timeout:g} s", file=url) from error
        raise InvalidInput(f"cannot fetch: {reason}", file=url) from error
    except TimeoutError as error:
        raise InvalidInput(f"the fetch took longer than {timeout:g} s", file=url) from error
