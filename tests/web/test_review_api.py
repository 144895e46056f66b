"""The review endpoint checks every edit (clear 4xx errors); filters check their values; reviewed values
are what every API reader sees."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from flashpoint.web.app import create_app
from tests.web.conftest import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("review"))


@pytest.fixture
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


def analyst(client: TestClient) -> dict[str, str]:
    r = client.post("/api/login", json={"username": "ana", "password": "analyst-pass"})
    return {"X-CSRF-Token": r.json()["csrf"]}


def post(client, ev, h, **body):
    return client.post(f"/api/events/{ev}/review", json=body, headers=h)


@pytest.mark.parametrize("field,value", [("fatalities", "lots"), ("claimed_by", "Kata'ib Hezbollah"),
                                         ("date", "not-a-date"), ("latitude", "abc"), ("event_type", "E" * 5000),
                                         ("country", "Narnia"), ("injured", {"low": 9, "high": 1})])
def test_bad_corrections_get_422_and_nothing_breaks(client, field, value):
    h = analyst(client)
    ev = client.get("/api/events").json()["items"][0]["id"]
    r = post(client, ev, h, action="correct", field=field, value=value, reason="testing a bad value")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_review", r.text
    assert r.json()["error"]["message"] and r.json()["error"]["fix"]
    assert client.get("/api/events.csv").status_code == 200
    assert client.get("/api/events.geojson").status_code == 200
    assert client.get(f"/event/{ev}").status_code == 200 and client.get(f"/api/events/{ev}").status_code == 200


def test_missing_reason_merge_with_itself_and_unknown_events(client):
    h = analyst(client)
    ev = client.get("/api/events").json()["items"][0]["id"]
    r = post(client, ev, h, action="correct", field="fatalities", value=2)
    assert r.status_code == 422 and "reason" in r.json()["error"]["message"]
    r = post(client, ev, h, action="merge", value=ev, reason="same event")
    assert r.status_code == 409 and r.json()["error"]["code"] == "review_conflict"
    r = post(client, ev, h, action="merge", value="ev-does-not-exist", reason="same event")
    assert r.status_code == 404
    assert post(client, "ev-nope", h, action="confirm", reason="fine").status_code == 404


def test_filters_check_their_values(client):
    r = client.get("/api/events", params={"type": "ATTACK"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_filter" and "ASSAULT" in r.json()["error"]["fix"]
    r = client.get("/api/events", params={"country": "Iraqq"})
    assert r.status_code == 400 and "IRQ" in r.json()["error"]["fix"]
    r = client.get("/api/events", params={"side": "Iran-alinged"})
    assert r.status_code == 400 and "did you mean" in r.json()["error"]["fix"]
    by_name = client.get("/api/events", params={"country": "Iraq"}).json()
    by_code = client.get("/api/events", params={"country": "IRQ"}).json()
    assert by_name["total"] == by_code["total"] > 0


def test_a_side_filter_covers_its_members(client):
    from flashpoint.analysis.event_table import side_of

    militia_side = side_of("Kata'ib Hezbollah")
    items = client.get("/api/events", params={"side": militia_side, "per_page": 500}).json()["items"]
    names = {e["actor"] for e in items} | {e["target"] for e in items}
    assert "Kata'ib Hezbollah" in names and len(names - {None, "United States", "Iran", "Iraq"}) >= 2
    collective = client.get("/api/events", params={"side": "Iran-backed militias", "per_page": 500}).json()["items"]
    assert any(e["actor"] == "Kata'ib Hezbollah" or e["target"] == "Kata'ib Hezbollah" for e in collective)


def test_filters_and_downloads_use_reviewed_values(db):
    client = TestClient(create_app(db))
    h = analyst(client)
    ev = client.get("/api/events", params={"country": "JOR"}).json()["items"][0]
    r = post(client, ev["id"], h, action="correct", field="country", value="Syria", reason="the outpost is in Syria")
    assert r.status_code == 200 and r.json()["country"] == "SYR" and r.json()["edit"]["before"] == "JOR"
    assert ev["id"] not in {e["id"] for e in client.get("/api/events", params={"country": "JOR"}).json()["items"]}
    moved = client.get("/api/events", params={"country": "SYR", "per_page": 500}).json()["items"]
    assert ev["id"] in {e["id"] for e in moved}
    csv_text = client.get("/api/events.csv", params={"country": "SYR"}).text
    assert ev["id"] in csv_text and '"{""machine' not in csv_text
    r = post(client, ev["id"], h, action="reject", reason="a duplicate of another report")
    assert r.status_code == 200 and r.json()["review"]["status"] == "rejected"
    assert ev["id"] not in {e["id"] for e in client.get("/api/events", params={"per_page": 500}).json()["items"]}
    rejected = client.get("/api/events", params={"status": "rejected"}).json()["items"]
    assert [e["id"] for e in rejected] == [ev["id"]]
    audit = client.get("/api/audit", params={"event_id": ev["id"]}).json()["items"]
    assert [a["action"] for a in audit] == ["reject", "correct"] and audit[0]["reason"]
