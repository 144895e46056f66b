"""The URL fetcher's guard: one deadline for the whole exchange, the checked address pinned, special ranges
refused, content types checked exactly.

No test here sends a packet outside 127.0.0.0/8 or ::1: addresses are checked by calling the guard
directly, names resolve through a fake resolver to loopback only, and every socket the fetcher opens goes
through `loopback_only`, which fails the test instead of connecting anywhere else.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.errors import FetchError
from flashpoint.ingest import ReadOptions, read_source
from flashpoint.ingest import url as fetcher

PAGE = (b"<html><head><title>Rockets hit a base</title></head><body><article><h1>Rockets hit a base</h1><p>"
        b"Rockets landed inside the base on Monday, officials said, and two soldiers were wounded near the gate."
        b"</p><p>The army said it had found the launch site in a field outside the town.</p></article></body></html>")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection the fetcher makes, which must be to loopback (else the test fails, nothing is sent)."""
    opened: list[tuple[str, int]] = []
    real = fetcher.open_socket

    def guarded(address: tuple[str, int], timeout: float) -> socket.socket:
        ip = ipaddress.ip_address(address[0])
        assert ip.is_loopback, f"the fetcher tried to connect to {address[0]}"
        opened.append(address)
        return real(address, timeout)

    monkeypatch.setattr(fetcher, "open_socket", guarded)
    return opened


def serve(handler: Callable[[http.server.BaseHTTPRequestHandler], None], host: str = "127.0.0.1") -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            handler(self)

        def log_message(self, *a: object) -> None:
            pass

    family = socket.AF_INET6 if ":" in host else socket.AF_INET

    class Server(http.server.ThreadingHTTPServer):
        address_family = family
        daemon_threads = True

    httpd = Server((host, 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"{'[' + host + ']' if ':' in host else host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(status: int = 200, ctype: str | None = "text/html", body: bytes = PAGE, headers: dict[str, str] | None = None,
          reason: str | None = None) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status, reason)
        if ctype is not None:
            h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return handle


@pytest.fixture
def site() -> Iterator[str]:
    routes: dict[str, Any] = {
        "/page": reply(), "/page-charset": reply(ctype="Text/HTML; charset=utf-8"),
        "/no-type": reply(ctype=None), "/htmlx": reply(ctype="text/htmlx"), "/pdf": reply(ctype="application/pdf"),
        "/weird-type": reply(ctype="text/[/x]html"), "/teapot": reply(status=418, reason="I am [/x] a teapot"),
        "/loop": reply(status=302, headers={"Location": "/loop"}),
        "/to-page": reply(status=301, headers={"Location": "/page"}),
    }

    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        routes.get(h.path, reply(status=404))(h)

    yield from serve(handle)


def fetch(url: str, **kw: Any) -> Any:
    kw.setdefault("allow_private", True)
    return fetcher.fetch(url, **kw)


# -- the address guard, called directly ------------------------------------------------------------------------
@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "192.0.2.7", "198.18.0.1",
    "192.0.0.8", "::1", "::", "fe80::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
    "::ffff:127.0.0.1", "::ffff:10.1.2.3", "2002:7f00:1::", "2002:0a00:0001::1", "2002:c0a8:0101::",
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::1", "2001:0:4136:e378:8000:63bf:f5ff:fffe",
    "::127.0.0.1",
])
def test_special_addresses_are_refused(address: str) -> None:
    assert fetcher.refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111",
                                     "2002:0808:0808::1", "64:ff9b::808:808"])
def test_public_addresses_pass(address: str) -> None:
    assert fetcher.refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("resolved", [["100.64.0.1"], ["fec0::1"], ["2002:7f00:1::"], ["8.8.8.8", "10.0.0.1"]])
def test_names_resolving_to_special_addresses_are_refused_before_connecting(
        monkeypatch: pytest.MonkeyPatch, loopback_only: list[tuple[str, int]], resolved: list[str]) -> None:
    monkeypatch.setattr(fetcher, "resolve", lambda host, port: resolved)
    with pytest.raises(FetchError, match="refusing to fetch news.test"):
        fetcher.fetch("http://news.test/a", timeout=5)
    assert loopback_only == []


def test_the_checked_address_is_the_one_connected_to(monkeypatch: pytest.MonkeyPatch,
                                                     loopback_only: list[tuple[str, int]]) -> None:
    """DNS rebinding: the first answer is checked and used; a second resolution never happens."""
    seen: list[str] = []

    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        seen.append(h.headers["Host"])
        reply()(h)

    server = serve(handle, "127.0.0.2")
    hostport = next(server)
    port = int(hostport.rsplit(":", 1)[1])
    answers = iter([["127.0.0.2"], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    monkeypatch.setattr(fetcher, "resolve", rebinding)
    # this test's policy: 127.0.0.2 stands for a public address, 127.0.0.1 for the private one the attacker wants
    monkeypatch.setattr(fetcher, "refusal", lambda ip: None if str(ip) == "127.0.0.2" else "private")
    got = fetcher.fetch(f"http://rebind.test:{port}/page", timeout=5)
    assert b"two soldiers" in got.data
    assert calls == ["rebind.test"] and loopback_only == [("127.0.0.2", port)] and seen == [f"rebind.test:{port}"]
    next(server, None)


def test_redirects_are_checked_hop_by_hop(monkeypatch: pytest.MonkeyPatch, site: str) -> None:
    port = int(site.rsplit(":", 1)[1])

    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        reply(status=302, headers={"Location": f"http://inside.test:{port}/page"})(h)

    server = serve(handle, "127.0.0.2")
    outer = next(server)
    monkeypatch.setattr(fetcher, "resolve", lambda host, p: ["127.0.0.1"] if host == "inside.test" else ["127.0.0.2"])
    monkeypatch.setattr(fetcher, "refusal", lambda ip: None if str(ip) == "127.0.0.2" else "a private address")
    with pytest.raises(FetchError, match=r"refusing to fetch inside.test \(127.0.0.1\): a private address"):
        fetcher.fetch(f"http://outside.test:{outer.rsplit(':', 1)[1]}/x", timeout=5)
    next(server, None)


# -- content types, statuses, redirects ------------------------------------------------------------------------
def test_content_types_are_checked_exactly(site: str) -> None:
    assert fetch(f"http://{site}/page").content_type == "text/html"
    assert fetch(f"http://{site}/page-charset").content_type == "text/html"
    with pytest.raises(FetchError, match="no content type"):
        fetch(f"http://{site}/no-type")
    for path in ("htmlx", "pdf"):
        with pytest.raises(FetchError, match="unsupported content type"):
            fetch(f"http://{site}/{path}")


def test_redirect_limits(site: str) -> None:
    assert fetch(f"http://{site}/to-page").url == f"http://{site}/page"
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"http://{site}/loop")


def test_markup_from_a_server_cannot_break_the_cli(site: str, tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "x.db"), "-q", "--allow-private",
                                  f"http://{site}/teapot", f"http://{site}/weird-type", f"http://{site}/page"])
    assert r.exit_code == 1, r.output
    failed = [ln for ln in r.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 2 and "HTTP 418 I am [/x] a teapot" in failed[0] and "text/[/x]html" in failed[1]
    assert "ingested 1" in r.stdout


# -- one deadline for the whole exchange -----------------------------------------------------------------------
def drip(what: str) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    """A server that sends a little every 0.2 s for at most 8 s: headers line by line, or the body."""
    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            if what == "body":
                h.wfile.write(b"\r\n")
            for n in range(40):
                time.sleep(0.2)
                h.wfile.write(f"X-Drip-{n}: 1\r\n".encode() if what == "headers" else b"<p>word</p>")
                h.wfile.flush()
        except OSError:
            pass
    return handle


@pytest.mark.parametrize("what", ["headers", "body"])
def test_a_dripping_server_is_cut_off_at_the_deadline(what: str) -> None:
    server = serve(drip(what))
    hostport = next(server)
    with pytest.raises(FetchError, match=r"timed out after 1 s \(the whole exchange\)"):
        fetch(f"http://{hostport}/x", timeout=1)
    next(server, None)


def test_a_stalled_resolver_is_cut_off_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def stalled(host: str, port: int) -> list[str]:
        release.wait(10)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetcher, "resolve", stalled)
    try:
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch("http://slow-dns.test/x", timeout=0.5, allow_private=True)
    finally:
        release.set()


# -- IPv6 ------------------------------------------------------------------------------------------------------
def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here")
def test_ipv6_urls_are_fetched_and_printed_whole(tmp_path: Path) -> None:
    server = serve(reply(), "::1")
    hostport = next(server)
    url = f"http://{hostport}/page"
    ((label, doc),) = list(read_source(url, ReadOptions(allow_private=True)))
    assert label == url and doc.url == url, doc
    r = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "x.db"), "-q", url])
    assert r.exit_code == 1 and f"failed: {url}: refusing to fetch ::1 (::1): a loopback address" in r.stderr
    next(server, None)
