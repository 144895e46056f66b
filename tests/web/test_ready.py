"""Kept answers served before routing (web.ready), the text guard's fast check, and write combining.

The ready path must answer exactly as the route would: the same body and headers, 304 for a current entity
tag, never an answer older than the last write (by this app or another on the same store), never a
logged-in reader's answer to an anonymous one, heavy requests counted as the route counts them.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from fastapi.testclient import TestClient

from flashpoint.web import load
from flashpoint.web.app import create_app
from flashpoint.web.ready import Ready, ReadyIndex
from flashpoint.web.security import _BIDI_BYTES, _REPLACEMENT, TextGuard, neutralise_bytes
from flashpoint.web.server import WriteCombining
from tests.web.test_api import login

REASON = "checked against the sources"
HEADERS = ("content-type", "content-length", "etag", "cache-control", "vary", "x-content-type-options",
           "content-security-policy", "x-frame-options")


@pytest.fixture
def db(tmp_path, new_db):
    from tests.web.conftest import build_store

    return build_store(tmp_path, new_db("ready"))


def _event(c: TestClient) -> dict[str, Any]:
    return c.get("/api/map", params={"cell": 0}).json()["points"][0]


def _urls(ev: dict[str, Any]) -> list[str]:
    return ["/api/events", "/api/events?country=IRQ&per_page=5", "/api/events?q=rockets", "/api/map?cell=1",
            "/api/series?freq=D", f"/api/events/{ev['id']}"]


def test_a_kept_answer_is_served_before_routing_as_the_route_served_it(db):
    app = create_app(db)
    c = TestClient(app)
    ready = app.state.ready
    for url in _urls(_event(c)):
        first = c.get(url)
        served = ready.served
        again = c.get(url)
        assert ready.served == served + 1, url  # answered by the ready path
        assert first.status_code == again.status_code == 200 and again.content == first.content, url
        assert {h: again.headers.get(h) for h in HEADERS} == {h: first.headers.get(h) for h in HEADERS}, url
        not_modified = c.get(url, headers={"If-None-Match": again.headers["etag"]})
        assert not_modified.status_code == 304 and not_modified.content == b"" and ready.served == served + 2
        assert not_modified.headers["etag"] == again.headers["etag"]
    # a different query string is another request: routed (and then kept under its own key)
    served = ready.served
    assert c.get("/api/events?per_page=5&country=IRQ").status_code == 200 and ready.served == served
    if ready.reader.pg is not None:  # PostgreSQL: read on the ready path's own asynchronous connection
        assert ready.reader.pg_conn is not None and ready.reader.pg_failed_at == -float("inf")


def test_without_its_own_postgresql_connection_the_ready_path_reads_on_a_worker_thread(db):
    app = create_app(db)
    reader = app.state.ready.reader
    if reader.pg is None:
        pytest.skip("PostgreSQL only")
    reader.pg = "postgresql://nobody@127.0.0.1:1/none"  # a server that is not there
    c = TestClient(app)
    first = c.get("/api/series")
    served, passed = app.state.ready.served, app.state.ready.passed
    again = c.get("/api/series")  # the connection fails: routed
    assert again.status_code == 200 and app.state.ready.passed == passed + 1 and app.state.ready.served == served
    assert again.content == first.content and reader.pg_failed_at > 0
    assert c.get("/api/series").content == first.content and app.state.ready.served == served + 1  # pooled read


def test_writes_by_this_or_another_app_are_seen_at_once(db):
    """Two apps on one store stand for two server processes; each keeps its own ready answers."""
    reader, writer = TestClient(create_app(db)), TestClient(create_app(db))
    ready = reader.app.state.ready  # type: ignore[attr-defined]
    ev = _event(reader)
    url = f"/api/events/{ev['id']}"
    for u in (url, "/api/map?cell=1", "/api/events?per_page=500"):
        reader.get(u)
        reader.get(u)
    served = ready.served
    cells = reader.get("/api/map?cell=1").json()
    assert ready.served == served + 1
    h = {"X-CSRF-Token": login(writer, "ana", "analyst-pass")}
    r = writer.post(f"{url}/review", headers=h, json={"action": "correct", "field": "fatalities", "value": 4321,
                                                      "reason": REASON})
    assert r.status_code == 200
    assert reader.get(url).json()["fatalities"]["best"] == 4321
    after = reader.get("/api/map?cell=1").json()
    assert sum(x["fatalities"] for x in after["cells"]) - sum(x["fatalities"] for x in cells["cells"]) == (
        4321 - (ev["fatalities"] or 0))
    listed = {i["id"]: i for i in reader.get("/api/events?per_page=500").json()["items"]}
    assert listed[ev["id"]]["fatalities"]["best"] == 4321
    # the reader's own write (its caches and ready answers) too
    h = {"X-CSRF-Token": login(reader, "ana", "analyst-pass")}
    assert reader.post(f"{url}/review", headers=h, json={"action": "reject", "reason": REASON}).status_code == 200
    reader.cookies.clear()
    assert ev["id"] not in {i["id"] for i in reader.get("/api/events?per_page=500").json()["items"]}
    assert reader.get(url).json()["review"]["status"] == "rejected"
    served = ready.served
    assert reader.get(url).json()["review"]["status"] == "rejected" and ready.served == served + 1


def test_answers_with_names_never_reach_anonymous_readers_and_sessions_are_routed(db):
    app = create_app(db)
    c = TestClient(app)
    ready = app.state.ready
    ev = _event(c)
    url = f"/api/events/{ev['id']}"
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    assert c.post(f"{url}/review", headers=h, json={"action": "confirm", "reason": REASON}).status_code == 200
    served = ready.served
    assert c.get(url).json()["audit"][0]["username"] == "ana"  # logged in: names, kept for logged-in readers only
    assert c.get(url).json()["audit"][0]["username"] == "ana" and ready.served == served
    c.cookies.clear()
    assert "ana" not in c.get(url).text and "ana" not in c.get(url).text
    assert ready.served == served + 1  # the second anonymous read: the anonymous answer, kept
    login(c, "ana", "analyst-pass")
    assert c.get(url).json()["audit"][0]["username"] == "ana" and ready.served == served + 1  # a session: routed


def test_heavy_requests_are_counted_on_the_ready_path(db):
    app = create_app(db)
    app.state.heavy = load.HeavyGate(per_minute=3, concurrent=1, wait_s=0.2)
    c = TestClient(app)
    ready = app.state.ready
    codes = [c.get("/api/map", params={"cell": 2}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429] and ready.served == 2
    r = c.get("/api/map", params={"cell": 2})
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited" and r.headers["retry-after"]


def test_anything_unusual_goes_to_the_route(db):
    app = create_app(db)
    c = TestClient(app)
    ready = app.state.ready
    c.get("/api/series")

    async def broken() -> dict[str, int]:
        raise OSError("the store cannot be read")

    ready.reader.read = broken
    served, passed = ready.served, ready.passed
    r = c.get("/api/series")
    assert r.status_code == 200 and ready.served == served and ready.passed == passed + 1
    # an answer whose key was resolved against the store is not kept; nor is anything but a GET
    index = ReadyIndex(app.state.responses, lambda: app.state.heavy, "fp_session")
    scope: dict[str, Any] = {"type": "http", "method": "GET", "path": "/api/events", "query_string": b"side=x",
                             "headers": [], "state": {"key_from_store": True}}
    index.remember(scope, Ready(("k",), None, personal=True))
    index.remember({**scope, "state": {}, "method": "HEAD"}, Ready(("k",), None, personal=True))
    assert index.lookup({**scope, "state": {}}) is None and index.lookup({**scope, "method": "HEAD"}) is None
    index.remember({**scope, "state": {}}, Ready(("k",), None, personal=True))
    assert index.lookup(scope) == Ready(("k",), None, personal=True)
    assert index.lookup({**scope, "headers": [(b"cookie", b"a=1; fp_session=t")]}) is None


def test_the_fast_check_finds_every_control_the_pattern_does():
    rng = random.Random(5)
    alphabet = ["a", " ", "é", "’", "—", "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",
                "ب", "\u2028", "€"]
    for _ in range(500):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))).encode()
        assert neutralise_bytes(data) == _BIDI_BYTES.sub(_REPLACEMENT, data)
    plain = b'{"a": "plain ascii"}' * 500
    assert neutralise_bytes(plain) is plain


def test_the_text_guard_neutralises_a_kept_body_each_time_it_is_sent():
    body = ('{"text": "wounding \u202e21\u202c troops"}' + " " * 5000).encode()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})  # the same bytes object every time

    guard = TextGuard(app)
    for _ in range(3):
        out: list[dict[str, Any]] = []

        async def send(m: dict[str, Any], out: list[dict[str, Any]] = out) -> None:
            out.append(m)

        asyncio.run(guard({"type": "http"}, None, send))  # type: ignore[arg-type]
        got = out[1]["body"]
        assert b"\xe2\x80\xae" not in got and "\ufffd21\ufffd troops".encode() in got
        assert dict(out[0]["headers"])[b"content-length"] == str(len(got)).encode()


class _Transport:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        assert not self.closed
        self.sent.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, key: str) -> str:
        return f"info:{key}"


def test_writes_of_one_loop_turn_go_out_together_in_order():
    async def run() -> _Transport:
        real = _Transport()
        t = WriteCombining(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(b"HTTP/1.1 200 OK\r\n\r\n")
        t.write(b"")
        t.writelines([b"body", b"!"])
        assert real.sent == []  # nothing until the turn ends
        await asyncio.sleep(0)
        assert real.sent == [b"HTTP/1.1 200 OK\r\n\r\nbody!"]
        t.write(b"next")
        await asyncio.sleep(0)
        t.write(b"last")
        t.close()  # what is pending goes first
        assert real.sent[1:] == [b"next", b"last"] and real.closed
        assert t.get_extra_info("peername") == "info:peername" and t.is_closing()
        return real

    asyncio.run(run())


def test_an_edit_leaves_answers_that_do_not_show_its_event_ready(db):
    app = create_app(db)
    c = TestClient(app)
    ready = app.state.ready
    pages = [c.get("/api/events", params={"per_page": 2, "page": p}) for p in (1, 2)]
    edited = pages[0].json()["items"][0]["id"]
    for p in (1, 2):
        c.get("/api/events", params={"per_page": 2, "page": p})
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    r = c.post(f"/api/events/{edited}/review", headers=h,
               json={"action": "correct", "field": "injured", "value": 8765, "reason": REASON})
    assert r.status_code == 200
    c.cookies.clear()
    served = ready.served
    other = c.get("/api/events", params={"per_page": 2, "page": 2})
    assert ready.served == served + 1 and other.content == pages[1].content  # still the answer: served here
    assert other.headers["etag"] != pages[1].headers["etag"]  # labelled with the store as it now is
    first = c.get("/api/events", params={"per_page": 2, "page": 1})
    assert ready.served == served + 1  # its event was edited: routed, made again
    assert first.json()["items"][0]["injured"]["best"] == 8765
    assert c.get("/api/events", params={"per_page": 2, "page": 1}).content == first.content
    assert ready.served == served + 2
