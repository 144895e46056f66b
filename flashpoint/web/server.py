"""The HTTP protocol `flashpoint serve` runs: uvicorn's, with TCP_NODELAY on every connection.

With several worker processes uvicorn binds the listening socket itself, and asyncio then leaves Nagle's
algorithm on for the connections it accepts: every keep-alive response waited ~40 ms for the client's
delayed ACK (measured: 44 ms per request instead of 3). Small JSON answers must go out at once.

uvicorn writes a response's status line and headers, then its body, as two sends: two segments, and the
client woken twice (profiled under load: the first send alone held the server's interpreter lock for a third
of its time, the client being scheduled in its place). `WriteCombining` sends what one turn of the event
loop writes to a connection at once, in one call, at the end of that turn.

`protocol()` picks httptools' parser (C, the `serve` extra's httptools) when it is installed, else h11's
(pure Python; about a fifth of a cached answer's cost goes to parsing and writing HTTP with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class WriteCombining:
    """A transport whose writes during one turn of the event loop are handed to the real one together, at the
    end of that turn (`flush`, scheduled by the turn's first write). Everything else is the real transport's;
    closing sends what is pending first."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport, self.loop = transport, loop
        self.pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self.pending:
            self.loop.call_soon(self.flush)
        self.pending.append(data)

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending or self.transport.is_closing():
            return
        self.transport.write(pending[0] if len(pending) == 1 else b"".join(pending))

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


def _combining(transport: asyncio.Transport) -> asyncio.Transport:
    return WriteCombining(transport, asyncio.get_running_loop())  # type: ignore[return-value]


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        _no_delay(transport)
        super().connection_made(_combining(transport))


if importlib.util.find_spec("httptools") is not None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            _no_delay(transport)
            super().connection_made(_combining(transport))


def protocol() -> str:
    """The protocol class for uvicorn's `http=` (a dotted name, so worker processes import it)."""
    if importlib.util.find_spec("httptools") is not None:
        return "flashpoint.web.server:NoDelayHttpToolsProtocol"
    return "flashpoint.web.server:NoDelayH11Protocol"
