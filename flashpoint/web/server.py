"""The HTTP protocol `flashpoint serve` runs: uvicorn's, with TCP_NODELAY on every connection.

With several worker processes uvicorn binds the listening socket itself, and asyncio then leaves Nagle's
algorithm on for the connections it accepts: every keep-alive response waited ~40 ms for the client's
delayed ACK (measured: 44 ms per request instead of 3). Small JSON answers must go out at once.

`protocol()` picks httptools' parser (C, the `serve` extra's httptools) when it is installed, else h11's
(pure Python; about a fifth of a cached answer's cost goes to parsing and writing HTTP with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        _no_delay(transport)
        super().connection_made(transport)


if importlib.util.find_spec("httptools") is not None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            _no_delay(transport)
            super().connection_made(transport)


def protocol() -> str:
    """The protocol class for uvicorn's `http=` (a dotted name, so worker processes import it)."""
    if importlib.util.find_spec("httptools") is not None:
        return "flashpoint.web.server:NoDelayHttpToolsProtocol"
    return "flashpoint.web.server:NoDelayH11Protocol"
