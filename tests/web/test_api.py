from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from flashpoint.web.app import create_app


@pytest.fixture
def client(web_db: str) -> TestClient:
    return TestClient(create_app(web_db))


def login(client: TestClient, user: str, password: str) -> str:
    r = client.post("/api/login", json={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["csrf"]


def test_events_filters_paging_and_downloads(client):
    all_ = client.get("/api/events", params={"per_page": 500}).json()
    assert all_["total"] == len(all_["items"]) > 5
    jor = client.get("/api/events", params={"country": "JOR"}).json()
    assert 0 < jor["total"] < all_["total"] and all(e["country"] == "JOR" for e in jor["items"])
    page = client.get("/api/events", params={"per_page": 2, "page": 2}).json()
    assert len(page["items"]) == 2 and page["items"][0]["id"] == all_["items"][2]["id"]
    assert client.get("/api/events", params={"min_sources": 2}).json()["total"] >= 1
    assert client.get("/api/events", params={"q": "Tower 22"}).json()["total"] >= 1
    assert client.get("/api/events", params={"type": "ASSAULT", "mode": "drone", "side": "United States"}).json()["total"] >= 1
    csv = client.get("/api/events.csv", params={"country": "JOR"})
    assert csv.status_code == 200 and csv.text.startswith("id,") and "acled_event_type" in csv.text.splitlines()[0]
    geo = client.get("/api/events.geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_event_documents_tallies_series_analysis(client):
    ev = client.get("/api/events", params={"min_sources": 2}).json()["items"][0]
    one = client.get(f"/api/events/{ev['id']}").json()
    assert len(one["mentions"]) >= 2 and one["review"]["status"] == "unreviewed"
    assert {"fatalities", "injured", "claims", "retaliation_links", "audit"} <= set(one)
    docs = client.get("/api/documents").json()
    assert docs["total"] >= 10
    assert "body" in client.get(f"/api/documents/{docs['items'][0]['id']}").json()
    assert any(t["check"]["measure"] for t in client.get("/api/tallies").json()["items"])
    assert client.get("/api/series", params={"freq": "W"}).json()["items"]
    analysis = client.get("/api/analysis").json()
    assert analysis["reciprocity"] and analysis["data"]["used"] > 0 and analysis["data"]["dropped"]
    assert analysis["hawkes"] is None and "needs at least" in analysis["hawkes_note"]  # too few events: refused
    assert client.get("/api/links").json()["items"]
    assert client.get("/api/openapi.json").json()["paths"]


def test_one_error_shape(client):
    for r in (client.get("/api/events/ev-nope"), client.get("/api/events", params={"per_page": 0}),
              client.get("/api/nothing-here"), client.post("/api/login", json={"username": "ana", "password": "wrong"})):
        assert r.status_code >= 400
        body = r.json()
        assert set(body) == {"error"} and {"code", "message", "fix"} <= set(body["error"])
    big = client.post("/api/login", content=b"x" * 70_000, headers={"Content-Type": "application/json"})
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"


def test_writes_need_login_csrf_and_role(client):
    ev = client.get("/api/events").json()["items"][0]["id"]
    body = {"action": "confirm", "reason": "checked against the sources"}
    assert client.post(f"/api/events/{ev}/review", json=body).status_code == 401
    csrf = login(client, "vic", "viewer-pass")
    r = client.post(f"/api/events/{ev}/review", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"  # a viewer cannot write
    csrf = login(client, "ana", "analyst-pass")
    r = client.post(f"/api/events/{ev}/review", json=body)  # no CSRF token
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = client.post(f"/api/events/{ev}/review", json=body, headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    r = client.post(f"/api/events/{ev}/review", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["review"]["status"] == "confirmed"
    bad = client.post(f"/api/events/{ev}/review", json={"action": "correct", "field": "id", "value": 1, "reason": "typo"},
                      headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_review"


def test_correction_is_audited_and_applied(client):
    ev = client.get("/api/events", params={"min_sources": 2}).json()["items"][0]
    csrf = login(client, "ana", "analyst-pass")
    r = client.post(f"/api/events/{ev['id']}/review", json={"action": "correct", "field": "injured", "value": 41, "reason": "later report"},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    got = client.get(f"/api/events/{ev['id']}").json()
    assert got["injured"]["best"] == 41 and got["review"]["status"] == "corrected"
    assert got["review"]["machine"]["injured"]["best"] == ev["injured"]["best"]
    entry = client.get("/api/audit", params={"event_id": ev["id"]}).json()["items"][0]
    assert (entry["username"], entry["action"], entry["field"]) == ("ana", "correct", "injured")
    assert entry["after"] == {"best": 41, "low": 41, "high": 41} and entry["reason"] == "later report"
    listed = {e["id"]: e for e in client.get("/api/events", params={"per_page": 500}).json()["items"]}
    assert listed[ev["id"]]["injured"]["best"] == 41


def test_hostile_report_text_is_data_not_markup(client):
    hits = client.get("/api/events", params={"q": "script"}).json()["items"]
    assert hits
    one = client.get(f"/api/events/{hits[0]['id']}")
    assert one.headers["content-type"].startswith("application/json")
    assert "<script>" in one.text  # kept verbatim as JSON data; the pages insert it with textContent
    page = client.get(f"/event/{hits[0]['id']}")
    assert "<script>alert" not in page.text and "innerHTML" not in client.get("/static/event.js").text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_private_mode_needs_login(web_db):
    c = TestClient(create_app(web_db, private=True))
    assert c.get("/api/events").status_code == 401
    login(c, "vic", "viewer-pass")
    assert c.get("/api/events").status_code == 200


def test_correction_survives_reextraction(web_db, client):
    from flashpoint.nlp.pipeline import Extractor
    from flashpoint.store import open_store
    from flashpoint.store.events import update_events
    from flashpoint.store.extractions import save_extraction

    ev = client.get("/api/events", params={"country": "JOR"}).json()["items"][0]
    csrf = login(client, "ana", "analyst-pass")
    client.post(f"/api/events/{ev['id']}/review", json={"action": "correct", "field": "fatalities", "value": 4, "reason": "official toll"},
                headers={"X-CSRF-Token": csrf})
    store = open_store(web_db)
    ex = Extractor()
    for d in store.documents():  # extract every stored report again and rebuild every event
        with store.engine.begin() as conn:
            save_extraction(conn, d.uid, ex(d.to_document()))
    update_events(store.engine, rebuild=True)
    assert client.get(f"/api/events/{ev['id']}").json()["fatalities"]["best"] == 4


def test_me_logout_and_rate_limit(web_db, monkeypatch):
    from flashpoint.web import app as app_module

    c = TestClient(create_app(web_db))
    csrf = login(c, "ana", "analyst-pass")
    assert c.get("/api/me").json()["role"] == "analyst"
    assert c.post("/api/logout").status_code == 403  # CSRF needed to log out too
    assert c.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert c.get("/api/me").status_code == 401
    monkeypatch.setattr(app_module, "RATE_PER_MINUTE", 5)
    limited = TestClient(app_module.create_app(web_db))
    codes = [limited.get("/api/links").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_merge_and_split_events(tmp_path, new_db):
    from tests.web.conftest import build_store

    db = build_store(tmp_path, new_db("merge"))
    c = TestClient(create_app(db))
    csrf = login(c, "ana", "analyst-pass")
    h = {"X-CSRF-Token": csrf}
    events = c.get("/api/events", params={"country": "JOR", "type": "ASSAULT"}).json()["items"]
    assert len(events) >= 2
    a, b = events[:2]
    r = c.post(f"/api/events/{a['id']}/review", json={"action": "merge", "value": b["id"], "reason": "same attack"}, headers=h)
    assert r.status_code == 200
    merged = c.get("/api/events", params={"country": "JOR", "type": "ASSAULT"}).json()["items"]
    assert len(merged) == len(events) - 1
    both = [e for e in merged if e["n_mentions"] == a["n_mentions"] + b["n_mentions"]]
    assert both, merged
    one = c.get(f"/api/events/{both[0]['id']}").json()
    r = c.post(f"/api/events/{one['id']}/review", json={"action": "split", "value": one["mentions"][-1]["id"], "reason": "another day"}, headers=h)
    assert r.status_code == 200
    assert len(c.get("/api/events", params={"country": "JOR", "type": "ASSAULT"}).json()["items"]) == len(events)
    assert {e["action"] for e in c.get("/api/audit").json()["items"]} >= {"merge", "split"}
