"""Fetching http(s) URLs, only when the user names them: timeouts, size cap, type check, no private targets."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from flashpoint.errors import FetchError

ALLOWED_TYPES = (
    "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml",
    "application/xml", "text/xml", "application/json", "application/x-ndjson", "application/jsonl",
)
USER_AGENT = "flashpoint/0.1 (+https://github.com/flashpoint)"


@dataclass
class Fetched:
    url: str
    content_type: str
    data: bytes


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def check_host(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"unsupported scheme {parts.scheme!r}", "use http or https", source=url)
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host", "check the URL", source=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc.strerror})", "check the URL and network", source=url)
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise FetchError(
                f"refusing to fetch {host} ({ip}): a private, loopback or link-local address",
                "pass --allow-private to fetch from your own network",
                source=url,
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_host(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, allow_private: bool = False, timeout: float = 15.0, max_bytes: int = 10 * 1024 * 1024) -> Fetched:
    check_host(url, allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ALLOWED_TYPES)})
    try:
        with opener.open(req, timeout=timeout) as resp:
            ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(ALLOWED_TYPES):
                raise FetchError(f"unsupported content type {ctype!r}", "fetch an HTML page, text or a feed", source=url)
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"response is {int(length):,} bytes, over the limit", "raise --max-bytes", source=url)
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"response is over the {max_bytes:,}-byte limit", "raise --max-bytes", source=url)
            return Fetched(resp.geturl(), ctype, data)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}", "check the URL", source=url)
    except urllib.error.URLError as exc:
        raise FetchError(f"unreachable ({exc.reason})", "check the URL and network", source=url)
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s", "try again later or raise --timeout", source=url)
    except OSError as exc:
        raise FetchError(f"unreachable ({exc})", "check the URL and network", source=url)
