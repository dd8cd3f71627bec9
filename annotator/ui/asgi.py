"""The ASGI types the app's server middleware is written against (`static_cache`, `page_base`),
and the reading of their headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = Iterable[tuple[bytes, bytes]]


def header_map(headers: Headers) -> dict[bytes, bytes]:
    """The headers of an ASGI scope or response start by lowercased name (ASGI gives byte
    pairs, names in any case)."""
    return {bytes(name).lower(): bytes(value) for name, value in headers}


def without(headers: Headers, names: frozenset[bytes]) -> list[tuple[bytes, bytes]]:
    """`headers` without those whose lowercased name is in `names`, in their order."""
    return [(name, value) for name, value in headers if bytes(name).lower() not in names]
