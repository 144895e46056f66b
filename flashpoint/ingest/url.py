"""Fetching http(s) URLs, only when the user names them.

Guarantees, whatever the server does:
- one deadline (`timeout` seconds) for the whole exchange: name resolution, connecting, every redirect,
  the headers and the body; a server that drips bytes is cut off when it runs out;
- the host is resolved once per hop, every address it resolves to is checked, and the connection goes
  to the checked address (pinned), so DNS rebinding cannot swap in another one between check and connect;
- without --allow-private, addresses that are not public are refused: loopback, private, link-local,
  carrier-grade NAT (100.64.0.0/10), IPv6 site-local (fec0::/10) and unique-local, multicast, reserved
  and documentation ranges, and IPv4 addresses embedded in IPv6 (mapped, 6to4, NAT64, Teredo);
- the media type must be one of ALLOWED_TYPES exactly (a missing Content-Type is refused);
- at most `max_bytes` are read; nothing is decompressed.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from flashpoint.errors import FetchError

ALLOWED_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml",
    "application/xml", "text/xml", "application/json", "application/x-ndjson", "application/jsonl",
})
USER_AGENT = "flashpoint/0.1 (+https://github.com/flashpoint)"
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_SPECIAL: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = [
    (ipaddress.ip_network("100.64.0.0/10"), "a carrier-grade NAT address (100.64.0.0/10)"),
    (ipaddress.ip_network("192.0.0.0/24"), "an IETF protocol assignment address (192.0.0.0/24)"),
    (ipaddress.ip_network("fec0::/10"), "an IPv6 site-local address (fec0::/10)"),
    (ipaddress.ip_network("fc00::/7"), "an IPv6 unique-local address (fc00::/7)"),
    (ipaddress.ip_network("64:ff9b:1::/48"), "a local-use NAT64 address (64:ff9b:1::/48)"),
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass
class Fetched:
    url: str
    content_type: str
    data: bytes


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def printable(text: str, limit: int = 120) -> str:
    """Text a server sent (a reason phrase, a content type), safe for one line of output."""
    flat = re.sub(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]", "?", text).strip()
    return flat if len(flat) <= limit else flat[:limit] + "..."


def refusal(ip: IPAddress) -> str | None:
    """Why `ip` must not be fetched from without --allow-private; None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: list[ipaddress.IPv4Address] = []
        if ip.ipv4_mapped is not None:
            embedded.append(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            embedded.append(ip.sixtofour)
        if ip.teredo is not None:
            embedded.extend(ip.teredo)
        if ip in _NAT64:  # the well-known NAT64 prefix: as good as the IPv4 address it carries
            why = refusal(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
            return f"{why} inside {ip}" if why else None
        for inner in embedded:
            why = refusal(inner)
            if why:
                return f"{why} inside {ip}"
    for net, why in _SPECIAL:
        if ip.version == net.version and ip in net:
            return why
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved or special-purpose address"
    return None


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in seen:
            seen.append(addr)
    return seen


# Hooks for tests: how names resolve and how a socket to a checked address is opened.
resolve: Callable[[str, int], list[str]] = _system_resolve


def open_socket(address: tuple[str, int], timeout: float) -> socket.socket:
    return socket.create_connection(address, timeout=timeout)


class _Deadline:
    """The time left for the whole exchange; a timer shuts the current socket when it runs out."""

    def __init__(self, seconds: float, url: str) -> None:
        self.seconds, self.url = seconds, url
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        rest = self.end - time.monotonic()
        if rest <= 0 or self.expired:
            raise self.error()
        return rest

    def error(self) -> FetchError:
        return FetchError(f"timed out after {self.seconds:g} s (the whole exchange)",
                          "try again later or raise --timeout", source=self.url)

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _resolve_within(host: str, port: int, deadline: _Deadline) -> list[str]:
    """Name resolution on a helper thread, so that a stalled resolver cannot outlast the deadline."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["addrs"] = resolve(host, port)
        except Exception as exc:  # reported below
            box["error"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(deadline.left())
    if t.is_alive():
        raise deadline.error()
    if "error" in box:
        exc = box["error"]
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise FetchError(f"cannot resolve host {host!r} ({reason})", "check the URL and network", source=deadline.url)
    return list(box.get("addrs") or [])  # type: ignore[call-overload]


def checked_addresses(url: str, allow_private: bool, deadline: _Deadline) -> tuple[str, int, list[str]]:
    """(host, port, addresses): the host resolved once and every address checked; the connection goes to
    these addresses only, never to a second resolution's."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported scheme {parts.scheme!r}", "use http or https", source=url)
    try:
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"bad URL ({exc})", "check the URL", source=url)
    if not host:
        raise FetchError("URL has no host", "check the URL", source=url)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        literal = None
    addrs = [str(literal)] if literal is not None else _resolve_within(host, port, deadline)
    if not addrs:
        raise FetchError(f"host {host!r} has no address", "check the URL", source=url)
    if not allow_private:
        for a in addrs:
            why = refusal(ipaddress.ip_address(a.split("%")[0]))
            if why:
                raise FetchError(f"refusing to fetch {host} ({a}): {why}",
                                 "pass --allow-private to fetch from your own network", source=url)
    return host, port, addrs


def _connect(addresses: list[str], port: int, deadline: _Deadline) -> socket.socket:
    """A socket to the first of the checked addresses that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            sock = open_socket((address, port), deadline.left())
        except OSError as exc:
            error = exc
            continue
        deadline.watch(sock)
        return sock
    raise error or OSError("no address to connect to")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, addresses: list[str], deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=deadline.left())
        self.addresses, self.deadline = addresses, deadline

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.deadline)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, addresses: list[str], deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=deadline.left(), context=ssl.create_default_context())
        self.addresses, self.deadline = addresses, deadline

    def connect(self) -> None:
        raw = _connect(self.addresses, self.port, self.deadline)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _read_body(resp: http.client.HTTPResponse, max_bytes: int, deadline: _Deadline, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        deadline.left()
        chunk = resp.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response is over the {max_bytes:,}-byte limit", "raise --max-bytes", source=url)


def fetch(url: str, *, allow_private: bool = False, timeout: float = 15.0, max_bytes: int = 10 * 1024 * 1024) -> Fetched:
    """GET `url` (following up to MAX_REDIRECTS redirects) under the guarantees in the module docstring."""
    deadline = _Deadline(timeout, url)
    try:
        return _fetch(url, allow_private, max_bytes, deadline)
    except FetchError:
        raise
    except TimeoutError:
        raise deadline.error()
    except (OSError, http.client.HTTPException, ssl.SSLError, ValueError) as exc:
        if deadline.expired:
            raise deadline.error()
        raise FetchError(f"unreachable ({printable(str(exc) or type(exc).__name__)})", "check the URL and network",
                         source=url)
    finally:
        deadline.cancel()


def _fetch(url: str, allow_private: bool, max_bytes: int, deadline: _Deadline) -> Fetched:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        host, port, addresses = checked_addresses(current, allow_private, deadline)
        parts = urlsplit(current)
        conn_type = _PinnedHTTPS if parts.scheme.lower() == "https" else _PinnedHTTP
        conn = conn_type(host, port, addresses, deadline)
        try:
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(sorted(ALLOWED_TYPES)),
                                               "Accept-Encoding": "identity", "Connection": "close"})
            resp = conn.getresponse()
            deadline.left()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {resp.status} redirect without a Location", "check the URL", source=url)
                current = urljoin(current, location.strip())
                continue
            if not 200 <= resp.status < 300:
                raise FetchError(f"HTTP {resp.status} {printable(resp.reason or '')}".strip(), "check the URL",
                                 source=url)
            raw_type = resp.getheader("Content-Type")
            ctype = (raw_type or "").split(";")[0].strip().lower()
            if not ctype:
                raise FetchError("the server sent no content type", "fetch an HTML page, text or a feed", source=url)
            if ctype not in ALLOWED_TYPES:
                raise FetchError(f"unsupported content type {printable(ctype)!r}", "fetch an HTML page, text or a feed",
                                 source=url)
            length = resp.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length.strip()[:30]) > max_bytes:
                raise FetchError(f"response is {int(length.strip()[:30]):,} bytes, over the limit", "raise --max-bytes",
                                 source=url)
            data = _read_body(resp, max_bytes, deadline, url)
            deadline.left()
            return Fetched(current, ctype, data)
        finally:
            conn.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", "fetch the final URL directly", source=url)
