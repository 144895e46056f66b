"""The HTTP protocol `flashpoint serve` runs: httptools' parser when installed, TCP_NODELAY on every connection."""

from __future__ import annotations

import importlib
import importlib.util
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

from flashpoint.web import server


def test_the_protocol_is_importable_and_sends_at_once():
    module, name = server.protocol().split(":")
    cls = getattr(importlib.import_module(module), name)
    if importlib.util.find_spec("httptools") is not None:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        assert issubclass(cls, HttpToolsProtocol)
    else:
        assert issubclass(cls, H11Protocol)
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    try:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)

        class Transport:
            def get_extra_info(self, key: str) -> object:
                return conn if key == "socket" else None

        server._no_delay(Transport())  # type: ignore[arg-type]
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        for s in (conn, client, listener):
            s.close()
