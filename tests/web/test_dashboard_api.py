"""The dashboard's read endpoints (/api/dash/...): clusters, timeline, sorted pages, audit page, docs."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from flashpoint.store import open_store, views
from flashpoint.web.app import create_app
from tests.web.test_api import login


@pytest.fixture
def client(web_db: str) -> TestClient:
    return TestClient(create_app(web_db))


def test_meta_names_the_profile_sides_and_period(client):
    m = client.get("/api/dash/meta").json()
    labels = {s["label"]: s["colour"] for s in m["profile"]["sides"]}
    assert labels and all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in labels.values())
    assert "ASSAULT" in m["event_types"] and "THREATEN" in m["statement_types"] and "ASSAULT" not in m["statement_types"]
    assert m["first"] <= m["last"] and m["total"] == client.get("/api/events").json()["total"]


def test_map_clusters_every_event_once(client):
    total = client.get("/api/events").json()["total"]
    world = client.get("/api/dash/map", params={"zoom": 2}).json()
    assert world["total"] + world["unmapped"] == total  # every event: in a cell, at its country, or listed unmapped
    assert world["countries"], "country-level events are placed at their country"
    assert all(c["geo_precision"] == 3 for c in world["countries"])
    assert sum(c["n"] for c in world["cells"]) == client.get("/api/dash/events", params={"located": "site"}).json()["total"]
    close = client.get("/api/dash/map", params={"zoom": 12}).json()
    assert len(close["cells"]) >= len(world["cells"])  # zooming in splits clusters
    single = [c for c in close["cells"] if c["n"] == 1]
    assert single and all(c["id"] for c in single)
    one = client.get(f"/api/events/{single[0]['id']}").json()
    assert abs(one["latitude"] - single[0]["lat"]) < 1e-6
    box = client.get("/api/dash/map", params={"zoom": 6, "south": 29, "west": 34, "north": 34, "east": 40}).json()
    assert all(29 - 3 <= c["lat"] <= 34 + 3 for c in box["cells"])  # inside the box (plus a cell's margin)
    jor = client.get("/api/dash/map", params={"zoom": 4, "country": "JOR"}).json()
    assert 0 < jor["total"] < world["total"]


def test_timeline_events_links_and_bins(client, web_db):
    tl = client.get("/api/dash/timeline").json()
    assert tl["mode"] == "events" and tl["events"] and tl["dyads"]
    assert {e["kind"] for e in tl["events"]} == {"act", "statement"}
    assert all(e["dyad"] in tl["dyads"] for e in tl["events"])
    ids = {e["id"] for e in tl["events"]}
    assert tl["links"] and all(lk["from"] in ids and lk["to"] in ids for lk in tl["links"])
    dated = sum(1 for e in client.get("/api/dash/events", params={"per_page": 500}).json()["items"] if e["date"])
    assert len(tl["events"]) == dated == tl["total"] - tl["undated"]
    # the same events in bins: counts add up, links counted per pair of bins
    from flashpoint.ontology.event_types import VERBAL

    binned = views.timeline(open_store(web_db).engine, verbal=tuple(VERBAL), max_events=0)
    assert binned["mode"] == "bins" and sum(b["n"] for b in binned["bins"]) == dated
    assert sum(lk["n"] for lk in binned["links"]) == len(tl["links"])
    assert views.bin_for("2024-01-01", "2024-02-01") == "day" and views.bin_for("2023-01-01", "2024-06-01") == "week"
    assert views.bin_for("2020-01-01", "2024-06-01") == "month"


def test_events_sorted_and_paged_on_the_server(client):
    newest = client.get("/api/dash/events", params={"per_page": 500}).json()
    dates = [e["date"] for e in newest["items"] if e["date"]]
    assert dates == sorted(dates, reverse=True) and newest["items"][-1]["date"] is None  # undated last
    assert newest["total"] == client.get("/api/events").json()["total"]
    page2 = client.get("/api/dash/events", params={"per_page": 5, "page": 2}).json()
    assert [e["id"] for e in page2["items"]] == [e["id"] for e in newest["items"][5:10]]
    killed = client.get("/api/dash/events", params={"sort": "killed", "per_page": 500}).json()["items"]
    figures = [e["fatalities"]["best"] for e in killed if e["fatalities"]["best"] is not None]
    assert figures == sorted(figures, reverse=True) and figures[0] >= 1
    assert killed[-1]["fatalities"]["best"] is None  # missing values last
    asc = client.get("/api/dash/events", params={"sort": "killed", "order": "asc", "per_page": 500}).json()["items"]
    assert [e["fatalities"]["best"] for e in asc if e["fatalities"]["best"] is not None] == sorted(figures)
    jor = client.get("/api/dash/events", params={"country": "JOR"}).json()
    assert jor["total"] == client.get("/api/events", params={"country": "JOR"}).json()["total"]
    assert client.get("/api/dash/events", params={"sort": "record"}).status_code == 422
    bad = client.get("/api/dash/events", params={"type": "ATTACK"})
    assert bad.status_code == 400 and "ASSAULT" in bad.json()["error"]["fix"]


def test_audit_page_needs_a_login_and_pages(client):
    assert client.get("/api/dash/audit").status_code == 401
    csrf = login(client, "ana", "analyst-pass")
    ids = [e["id"] for e in client.get("/api/dash/events", params={"per_page": 3}).json()["items"]]
    for n, ev in enumerate(ids):
        r = client.post(f"/api/events/{ev}/review", headers={"X-CSRF-Token": csrf},
                        json={"action": "correct", "field": "injured", "value": 40 + n, "reason": f"report {n} says so"})
        assert r.status_code == 200, r.text
    page = client.get("/api/dash/audit", params={"per_page": 2}).json()
    assert page["total"] >= 3 and len(page["items"]) == 2 and page["items"][0]["after"] == {"best": 42, "low": 42, "high": 42}
    older = client.get("/api/dash/audit", params={"per_page": 2, "page": 2}).json()["items"]
    assert older[0]["id"] < page["items"][-1]["id"]
    mine = client.get("/api/dash/audit", params={"event_id": ids[0], "field": "injured", "username": "ana"}).json()
    assert mine["total"] == 1 and mine["items"][0]["reason"] == "report 0 says so"
    assert client.get("/api/dash/audit", params={"action": "merge"}).json()["total"] == 0
    assert client.get("/api/dash/audit", params={"until": "2000-01-01"}).json()["total"] == 0


def test_docs_are_served_locally_and_allowed_by_the_csp(client):
    r = client.get("/api/docs")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert not re.search(r"""(src|href)=["']https?://""", r.text)  # nothing from a CDN
    assert "/static/build/swagger-ui-bundle.js" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/api/openapi.json").json()["paths"]["/api/dash/map"]


def test_private_server_answers_login_required(web_db):
    c = TestClient(create_app(web_db, private=True))
    r = c.get("/api/dash/meta")
    assert r.status_code == 401 and r.json()["error"]["code"] == "login_required"
    assert c.get("/api/docs").status_code == 200 and c.get("/").status_code == 200
    login(c, "vic", "viewer-pass")
    assert c.get("/api/dash/meta").status_code == 200


def test_extent_holds_every_placed_event(client):
    s, w, n, e = client.get("/api/dash/extent").json()["extent"]
    world = client.get("/api/dash/map", params={"zoom": 2}).json()
    for c in world["cells"]:
        assert s <= c["bounds"][0] and c["bounds"][2] <= n and w <= c["bounds"][1] and c["bounds"][3] <= e
    for c in world["countries"]:
        assert s <= c["lat"] <= n and w <= c["lon"] <= e
    assert client.get("/api/dash/extent", params={"q": "zzqqxxnothing"}).json()["extent"] is None


def test_kept_answers_survive_a_restart_and_never_outlive_an_edit(web_db):
    """The dashboard's answers are kept in the store: a restarted server answers from them, and after an
    analyst's correction every reader (this server, a restarted one) sees the corrected figure."""
    asks = [("/api/dash/map", {"zoom": 12}), ("/api/dash/timeline", {}), ("/api/dash/events", {"sort": "killed"}),
            ("/api/dash/meta", {}), ("/api/dash/extent", {}), ("/api/dash/reciprocity", {})]
    first = TestClient(create_app(web_db))
    before = [first.get(p, params=q).json() for p, q in asks]
    first.app.state.view_answers.flush()
    restarted = TestClient(create_app(web_db))
    assert [restarted.get(p, params=q).json() for p, q in asks] == before
    assert restarted.app.state.view_answers.hits == len(asks) and restarted.app.state.view_answers.misses == 0
    # correct the deaths of an event that has a cell of its own on the map
    ev = next(c["id"] for c in before[0]["cells"] if c["n"] == 1 and c["id"])
    csrf = login(restarted, "ana", "analyst-pass")
    r = restarted.post(f"/api/events/{ev}/review", headers={"X-CSRF-Token": csrf},
                       json={"action": "correct", "field": "fatalities", "value": 777, "reason": "the ministry's count"})
    assert r.status_code == 200, r.text
    restarted.app.state.view_answers.flush()
    for server in (restarted, TestClient(create_app(web_db))):
        cells = server.get("/api/dash/map", params={"zoom": 12}).json()["cells"]
        assert next(c for c in cells if c["id"] == ev)["killed"] == 777
        assert server.get("/api/dash/events", params={"sort": "killed"}).json()["items"][0]["id"] == ev
        tl = server.get("/api/dash/timeline").json()
        assert all(e["killed"] == 777 for e in tl["events"] if e["id"] == ev)
        assert server.get("/api/dash/meta").json() == before[3]  # the period and counts did not change


def test_first_screen_is_kept_current_in_the_background(web_db):
    """FirstScreen computes the unfiltered first screen when the server starts and after each change to the
    store, so the first visitor after a change finds its answers kept."""
    import time

    with TestClient(create_app(web_db)) as client:  # the app's lifespan starts the refresher
        screen = client.app.state.first_screen
        end = time.monotonic() + 60
        while screen.runs == 0 and time.monotonic() < end:
            time.sleep(0.05)
        assert screen.runs >= 1
    app = create_app(web_db)
    screen, kept = app.state.first_screen, app.state.view_answers
    client = TestClient(app)
    assert client.get("/api/dash/map", params={"zoom": 4, "south": 20, "west": 30, "north": 40, "east": 60}).status_code == 200
    csrf = login(client, "ana", "analyst-pass")
    ev = client.get("/api/dash/events").json()["items"][0]["id"]
    r = client.post(f"/api/events/{ev}/review", headers={"X-CSRF-Token": csrf},
                    json={"action": "correct", "field": "injured", "value": 4321, "reason": "hospital figures"})
    assert r.status_code == 200, r.text
    assert screen.refresh_once() and not screen.refresh_once()  # once per change
    kept.flush()
    restarted = TestClient(create_app(web_db))
    after = restarted.app.state.view_answers
    page = restarted.get("/api/dash/events").json()
    assert next(e for e in page["items"] if e["id"] == ev)["injured"]["best"] == 4321
    assert restarted.get("/api/dash/map", params={"zoom": 4, "south": 20, "west": 30, "north": 40, "east": 60}).status_code == 200
    for path in ("/api/dash/meta", "/api/dash/timeline", "/api/dash/extent"):
        assert restarted.get(path).status_code == 200
    assert after.misses == 0 and after.hits == 5  # all computed by the refresher, none by a request
