"""Holding load: map data and aggregates from the store, cached until it changes, paged and rate-limited heavy
endpoints, streamed downloads, idempotent writes, merges and splits as background jobs."""

from __future__ import annotations

import csv
import io
import json
import threading

from fastapi.testclient import TestClient

from flashpoint.store import open_store
from flashpoint.store.events import EventQuery, event_rows
from flashpoint.web import load
from flashpoint.web.app import create_app
from tests.web.test_api import login

REASON = "checked against the sources"


def test_map_cells_and_points_agree_with_the_events(web_db):
    c = TestClient(create_app(web_db))
    rows = [r for r in event_rows(open_store(web_db).engine, EventQuery()) if r.get("latitude") is not None]
    cells = c.get("/api/map", params={"cell": 1}).json()
    assert cells["mode"] == "cells" and cells["total"] == len(rows) > 0
    assert sum(cell["n"] for cell in cells["cells"]) == len(rows)
    for cell in cells["cells"]:
        assert cell["south"] <= cell["lat"] < cell["south"] + 1 and cell["west"] <= cell["lon"] < cell["west"] + 1
        assert sum(cell["by_side"].values()) == cell["n"]
    pts = c.get("/api/map", params={"cell": 0}).json()
    assert pts["mode"] == "points" and {p["id"] for p in pts["points"]} == {r["id"] for r in rows}
    jor = c.get("/api/map", params={"cell": 0, "country": "JOR"}).json()
    assert jor["points"] and all(r["country"] == "JOR" for r in rows if r["id"] in {p["id"] for p in jor["points"]})
    one = pts["points"][0]
    box = c.get("/api/map", params={"cell": 0, "south": one["lat"] - 0.01, "north": one["lat"] + 0.01,
                                    "west": one["lon"] - 0.01, "east": one["lon"] + 0.01}).json()
    assert one["id"] in {p["id"] for p in box["points"]} and box["total"] < pts["total"]
    few = c.get("/api/map", params={"cell": 0, "limit": 1}).json()
    assert len(few["points"]) == 1 and few["truncated"]


def test_streamed_downloads_hold_every_event(web_db):
    c = TestClient(create_app(web_db))
    n = c.get("/api/events", params={"per_page": 1}).json()["total"]
    from flashpoint.web import routes

    old = routes.DOWNLOAD_PAGE
    routes.DOWNLOAD_PAGE = 3  # several pages even for the small store
    try:
        text = c.get("/api/events.csv").text
        geo = c.get("/api/events.geojson").json()
    finally:
        routes.DOWNLOAD_PAGE = old
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == n and len({r["id"] for r in rows}) == n and rows[0]["acled_event_type"] is not None
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == n
    assert set(geo["unmapped"]) == {f["id"] for f in geo["features"] if f["geometry"] is None}


def test_paged_lists(web_db):
    c = TestClient(create_app(web_db))
    docs = c.get("/api/documents", params={"per_page": 4}).json()
    assert docs["total"] >= 10 and len(docs["items"]) == 4
    second = c.get("/api/documents", params={"per_page": 4, "page": 2}).json()
    assert not {d["id"] for d in docs["items"]} & {d["id"] for d in second["items"]}
    links = c.get("/api/links", params={"per_page": 1}).json()
    assert links["total"] >= 1 and len(links["items"]) == 1
    tallies = c.get("/api/tallies", params={"per_page": 1}).json()
    assert tallies["total"] >= 1 and len({t["doc_id"] for t in tallies["items"]}) == 1
    everything = c.get("/api/tallies").json()["items"]
    assert any(t["check"]["measure"] for t in everything)


def test_cached_answers_follow_edits(tmp_path, new_db):
    from tests.web.conftest import build_store

    db = build_store(tmp_path, new_db("cache"))
    c = TestClient(create_app(db))
    before = c.get("/api/map", params={"cell": 0}).json()
    series = c.get("/api/series").json()
    assert c.get("/api/series").json() == series  # served from the cache
    target = before["points"][0]
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    r = c.post(f"/api/events/{target['id']}/review", json={"action": "reject", "reason": REASON}, headers=h)
    assert r.status_code == 200
    after = c.get("/api/map", params={"cell": 0}).json()
    assert target["id"] not in {p["id"] for p in after["points"]} and after["total"] == before["total"] - 1


def test_a_figure_correction_keeps_counts_and_series_cached(tmp_path, new_db, monkeypatch):
    """Correcting a casualty figure changes what events show, not what is counted: list totals and series
    stay cached (not computed again); correcting an actor changes them."""
    from flashpoint.analysis import data
    from flashpoint.store.events import SHAPE, store_version
    from tests.web.conftest import build_store

    db = build_store(tmp_path, new_db("shape"))
    engine = open_store(db).engine
    c = TestClient(create_app(db))
    computed: list[str] = []
    real = data.store_series
    monkeypatch.setattr(data, "store_series", lambda *a, **k: computed.append("series") or real(*a, **k))
    series, listed = c.get("/api/series").json(), c.get("/api/events").json()
    reviewed = c.get("/api/events", params={"status": "reviewed"}).json()["total"]
    ev = next(p for p in c.get("/api/map", params={"cell": 0}).json()["points"] if p["actor_side"])
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    shape, everything = store_version(engine, SHAPE), store_version(engine)
    r = c.post(f"/api/events/{ev['id']}/review", headers=h,
               json={"action": "correct", "field": "injured", "value": 4321, "reason": REASON})
    assert r.status_code == 200 and r.json()["injured"]["best"] == 4321
    assert store_version(engine, SHAPE) == shape and store_version(engine) != everything
    assert c.get("/api/series").json() == series and computed == ["series"]  # from the cache
    again = c.get("/api/events").json()
    assert again["total"] == listed["total"]
    assert c.get("/api/events", params={"status": "reviewed"}).json()["total"] == reviewed + 1  # now corrected
    shown = {i["id"]: i for i in again["items"]}
    assert ev["id"] not in shown or shown[ev["id"]]["injured"]["best"] == 4321  # the page itself is fresh
    r = c.post(f"/api/events/{ev['id']}/review", headers=h,
               json={"action": "correct", "field": "actor", "value": None, "reason": REASON})
    assert r.status_code == 200
    assert store_version(engine, SHAPE) != shape
    after = c.get("/api/series").json()
    assert computed == ["series", "series"] and after["data"]["used"] == series["data"]["used"] - 1


def test_idempotent_review_writes(tmp_path, new_db):
    from tests.web.conftest import build_store

    db = build_store(tmp_path, new_db("idem"))
    c = TestClient(create_app(db))
    ev = c.get("/api/events").json()["items"][0]["id"]
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass"), "Idempotency-Key": "k-1"}
    body = {"action": "correct", "field": "injured", "value": 7, "reason": REASON}
    first = c.post(f"/api/events/{ev}/review", json=body, headers=h)
    again = c.post(f"/api/events/{ev}/review", json=body, headers=h)  # the client got no answer and retries
    assert first.status_code == again.status_code == 200 and again.json()["replayed"]
    assert again.json()["injured"]["best"] == 7
    audit = c.get("/api/audit", params={"event_id": ev}).json()["items"]
    assert sum(1 for a in audit if a["action"] == "correct") == 1  # applied once
    other = c.post(f"/api/events/{ev}/review", json={**body, "value": 8}, headers=h)
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    # two copies of one request at the same moment: one edit
    h2 = {**h, "Idempotency-Key": "k-2"}
    body2 = {"action": "correct", "field": "injured", "value": 9, "reason": REASON}
    codes: list[int] = []
    threads = [threading.Thread(target=lambda: codes.append(c.post(f"/api/events/{ev}/review", json=body2,
                                                                    headers=h2).status_code)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    audit = c.get("/api/audit", params={"event_id": ev}).json()["items"]
    assert codes == [200] * 4
    assert sum(1 for a in audit if a["action"] == "correct" and (a["after"] or {}).get("best") == 9) == 1


def test_merge_split_and_rebuild_are_jobs_with_progress(tmp_path, new_db):
    from tests.web.conftest import build_store

    db = build_store(tmp_path, new_db("jobs"))
    c = TestClient(create_app(db))
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    a, b = c.get("/api/events", params={"country": "JOR", "type": "ASSAULT"}).json()["items"][:2]
    r = c.post(f"/api/events/{a['id']}/review", json={"action": "merge", "value": b["id"], "reason": REASON}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["n_mentions"] == a["n_mentions"] + b["n_mentions"]
    assert c.post("/api/jobs/rebuild", headers=h).status_code == 403  # admins only
    from flashpoint.store.review import add_user

    add_user(open_store(db).engine, "adm", "admin-pass-1", "admin")
    h = {"X-CSRF-Token": login(c, "adm", "admin-pass-1")}
    job = c.post("/api/jobs/rebuild", headers=h).json()["job"]
    from flashpoint.store import jobs

    done = jobs.wait(open_store(db).engine, job["id"], 60)
    assert done.status == "done" and done.total and done.done == done.total
    assert c.get(f"/api/jobs/{job['id']}").json()["status"] == "done"
    merged = c.get("/api/events", params={"country": "JOR", "type": "ASSAULT"}).json()["items"]
    assert any(e["n_mentions"] == a["n_mentions"] + b["n_mentions"] for e in merged)  # the merge survives


def test_heavy_requests_have_their_own_budget(web_db, monkeypatch):
    monkeypatch.setattr(load, "HEAVY_PER_MINUTE", 2)
    app = create_app(web_db)
    app.state.heavy = load.HeavyGate(per_minute=2, concurrent=1, wait_s=0.2)
    from flashpoint.web import routes

    c = TestClient(app)
    codes = [c.get("/api/map", params={"cell": 2}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert c.get("/api/events").status_code == 200  # cheap reads are not held back
    limited = c.get("/api/map", params={"cell": 2})
    assert limited.headers["retry-after"] and limited.json()["error"]["code"] == "rate_limited"
    # no free heavy slot: 503 with Retry-After, while cheap reads go on
    gate = load.HeavyGate(per_minute=100, concurrent=1, wait_s=0.2)
    gate.slots.acquire()
    app2 = create_app(web_db)
    app2.state.heavy = gate
    c2 = TestClient(app2)
    busy = c2.get("/api/map", params={"cell": 3})
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert c2.get("/api/events").status_code == 200
    assert routes.DOWNLOAD_PAGE > 0 and json.loads(busy.text)["error"]["code"] == "busy"
    gate.slots.release()
