"""The web server's defences, each one small and testable on its own.

- `BodyLimit`: request bodies are read (Content-Length or chunked) up to MAX_BODY bytes before any route
  runs; a longer body is answered 413 after MAX_BODY bytes, never read whole.
- `HostGuard`: the Host header must be one of the allowed host names (a DNS-rebinding page cannot talk to
  a dashboard on localhost); the wrong host is answered 400.
- `TextGuard`: bidirectional-text controls in report text (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
  U+061C) are replaced by U+FFFD in every JSON, GeoJSON and CSV answer, so that no evidence sentence or
  figure can be shown reversed. U+FFFD is one UTF-16 unit like them: character offsets still hold.
- `RateLimiter`: requests per client per minute, static files not counted, 429 with Retry-After.
- `LoginThrottle`: failed logins back off per account and per client (doubling waits after a few
  failures), checked before any password is hashed.
- `SECURITY_HEADERS`: no framing (CSP frame-ancestors, X-Frame-Options), no referrer to other sites,
  no MIME sniffing; HSTS when served behind a TLS proxy.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 64 * 1024
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
HSTS = "max-age=31536000"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# The same characters in UTF-8: E2 80 8E-8F and AA-AE, E2 81 A6-A9, D8 9C (lead bytes never occur inside
# another character's encoding, so a byte match is a character match).
_BIDI_BYTES = re.compile(rb"\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c")
_REPLACEMENT = "\ufffd".encode()
_TEXT_TYPES = (b"application/json", b"application/geo+json", b"text/csv", b"application/problem+json")


def neutralise_bytes(data: bytes) -> bytes:
    """UTF-8 `data` with its bidirectional controls replaced by U+FFFD's encoding. Every control begins with
    the byte E2 or D8: a body with neither (found at memchr speed) is returned as it is, and the pattern is
    matched only from the first of them (matching it over a whole body costs about 2 ns a byte)."""
    first = min((i for i in (data.find(b"\xe2"), data.find(b"\xd8")) if i >= 0), default=-1)
    if first < 0:
        return data
    return data[:first] + _BIDI_BYTES.sub(_REPLACEMENT, data[first:])


def error_body(code: str, message: str, fix: str = "") -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "fix": fix}}).encode()


async def send_error(send: Send, status: int, code: str, message: str, fix: str = "",
                     headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = error_body(code, message, fix)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *headers,
                            *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]})
    await send({"type": "http.response.body", "body": body})


def neutralise(text: str) -> str:
    """Text with its bidirectional controls replaced by U+FFFD (same length in UTF-16)."""
    return BIDI.sub("\ufffd", text)


def http_url(url: Any) -> str | None:
    """An http(s) URL to show as a link, or None (javascript:, data:, file: and the like never are)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class BodyLimit:
    """Reads a request's body up to `limit` bytes before the app sees it (Content-Length or chunked alike)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.strip().isdigit():
                await send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if int(length) > self.limit:
                await self._too_large(send)
                return
        if length is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body (GET, HEAD)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await send_error(send, 413, "too_large", f"request body over {self.limit:,} bytes", "send less")


class HostGuard:
    """Only the allowed host names (ports ignored) reach the app; None allows any."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed is None else {h.strip("[]").lower() for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.allowed is None or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").strip().lower()
        name = host[1:].split("]", 1)[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if name not in self.allowed:
            await send_error(send, 400, "bad_host", "this server does not answer to that host name",
                             "use the address the server was started for (flashpoint serve --allowed-host)")
            return
        await self.app(scope, receive, send)


class TextGuard:
    """Replaces bidirectional controls in JSON, GeoJSON and CSV answers, streamed or not. A whole body the
    app sends again (the same bytes object: a kept answer) reuses its neutralised form (`MEMO` of them)."""

    MEMO = 64  # bodies remembered (each with a reference, so that its id is never another object's) ...
    MEMO_BYTES = 32 * 2**20  # ... holding at most this many bytes
    MEMO_MIN = 4096  # smaller bodies are checked again: cheaper than remembering them

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.memo: OrderedDict[int, tuple[bytes, bytes]] = OrderedDict()
        self.memo_bytes = 0
        self.memo_lock = threading.Lock()

    def neutralised(self, data: bytes) -> bytes:
        """A whole body neutralised (remembered when large enough)."""
        if not self.MEMO_MIN <= len(data) <= self.MEMO_BYTES // 4:
            return neutralise_bytes(data)
        with self.memo_lock:
            hit = self.memo.get(id(data))
            if hit is not None and hit[0] is data:
                self.memo.move_to_end(id(data))
                return hit[1]
        out = neutralise_bytes(data)
        with self.memo_lock:
            old = self.memo.pop(id(data), None)
            self.memo_bytes -= 0 if old is None else len(old[0]) + (len(old[1]) if old[1] is not old[0] else 0)
            self.memo[id(data)] = (data, out)
            self.memo_bytes += len(data) + (len(out) if out is not data else 0)
            while len(self.memo) > self.MEMO or self.memo_bytes > self.MEMO_BYTES:
                _, (a, b) = self.memo.popitem(last=False)
                self.memo_bytes -= len(a) + (len(b) if b is not a else 0)
        return out

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        carry = b""

        async def guarded(message: Message) -> None:
            nonlocal start, carry
            if message["type"] == "http.response.start":
                ctype = dict(message.get("headers") or []).get(b"content-type", b"")
                if ctype.split(b";")[0].strip().lower() in _TEXT_TYPES:
                    start = message  # held until the body shows whether the length changes
                    return
                await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            more = message.get("more_body", False)
            data = carry + message.get("body", b"") if carry else message.get("body", b"")
            carry = b""
            if more:  # a control split across chunks: keep its first bytes for the next one
                tail = data[-2:]
                for k in (2, 1):
                    if len(tail) >= k and tail[-k:] in (b"\xe2\x80", b"\xe2\x81", b"\xe2", b"\xd8"):
                        data, carry = data[:-k], data[-k:]
                        break
            whole = not more and isinstance(data, bytes) and data is message.get("body")  # not a stream's chunk
            data = self.neutralised(data) if whole else neutralise_bytes(bytes(data))
            if start is not None and start.get("type") == "http.response.start":
                headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
                if not more:
                    headers.append((b"content-length", str(len(data)).encode()))
                await send({**start, "headers": headers})
                start = {"type": "sent"}
            await send({**message, "body": data})

        await self.app(scope, receive, guarded)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


class RateLimiter:
    """At most `per_minute` requests per client in any 60 s; `check` gives the seconds to wait, or 0."""

    MAX_CLIENTS = 50_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self.hits: OrderedDict[str, deque[float]] = OrderedDict()
        self.lock = threading.Lock()

    def check(self, client: str) -> float:
        now = self.clock()
        with self.lock:
            q = self.hits.get(client)
            if q is None:
                q = self.hits[client] = deque()
                if len(self.hits) > self.MAX_CLIENTS:  # forget the longest-idle clients
                    for _ in range(len(self.hits) // 10):
                        self.hits.popitem(last=False)
            self.hits.move_to_end(client)
            while q and now - q[0] > 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return 60 - (now - q[0])
            q.append(now)
            return 0.0


class LoginThrottle:
    """Failed logins per account and per client: FREE_FAILURES are free, then each further failure doubles
    the wait (1 s, 2 s, 4 s ... up to MAX_WAIT_S) before the next attempt is even checked. A success clears
    the account's and the client's record. Names that do not exist are throttled the same way, so the
    throttle does not tell which accounts exist."""

    FREE_FAILURES = 5
    MAX_WAIT_S = 900.0
    FORGET_S = 3600.0
    MAX_KEYS = 100_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> (count, last failure)
        self.lock = threading.Lock()

    @staticmethod
    def keys(username: str, client: str) -> tuple[str, str]:
        return "user:" + username.strip().casefold(), "client:" + client

    def _wait(self, key: str, now: float) -> float:
        count, last = self.failures.get(key, (0, 0.0))
        if now - last > self.FORGET_S:
            return 0.0
        if count < self.FREE_FAILURES:
            return 0.0
        wait = min(self.MAX_WAIT_S, 2.0 ** (count - self.FREE_FAILURES))
        return max(0.0, last + wait - now)

    def wait(self, username: str, client: str) -> float:
        """Seconds before this account may be tried from this client (0: go ahead)."""
        now = self.clock()
        with self.lock:
            return max(self._wait(k, now) for k in self.keys(username, client))

    def failed(self, username: str, client: str) -> None:
        now = self.clock()
        with self.lock:
            for k in self.keys(username, client):
                count, last = self.failures.pop(k, (0, 0.0))
                self.failures[k] = (1 if now - last > self.FORGET_S else count + 1, now)
            while len(self.failures) > self.MAX_KEYS:
                self.failures.popitem(last=False)

    def succeeded(self, username: str, client: str) -> None:
        with self.lock:
            for k in self.keys(username, client):
                self.failures.pop(k, None)


def without_names(rec: dict[str, Any]) -> dict[str, Any]:
    """An event as anonymous readers see it: the review (status, values, reasons) without analysts' names."""
    out = dict(rec)
    review = out.get("review")
    if isinstance(review, dict):
        review = dict(review)
        review["edits"] = [{k: v for k, v in e.items() if k != "username"} for e in review.get("edits") or []
                           if isinstance(e, dict)]
        out["review"] = review
    if isinstance(out.get("audit"), list):
        out["audit"] = [{k: v for k, v in e.items() if k != "username"} for e in out["audit"] if isinstance(e, dict)]
    if "reviewed_by" in out:
        out["reviewed_by"] = ""
    for m in out.get("mentions") or []:
        if isinstance(m, dict) and "url" in m:
            m["url"] = http_url(m["url"])
    return out
