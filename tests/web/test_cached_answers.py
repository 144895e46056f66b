"""Whole answers cached until the store changes, with ETags; deep pages from page anchors.

Every test writes and then reads: a cached answer must never outlive the write that changed it, whichever
server process (app) made the write, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from flashpoint.store import events as store_events
from flashpoint.store import open_store
from flashpoint.store.events import EventQuery, event_rows, page_anchors, page_keys
from flashpoint.web import load
from flashpoint.web.app import create_app
from tests.web.test_api import login

REASON = "checked against the sources"


@pytest.fixture
def db(tmp_path, new_db):
    from tests.web.conftest import build_store

    return build_store(tmp_path, new_db("answers"))


def _mapped_event(c: TestClient) -> dict:
    return c.get("/api/map", params={"cell": 0}).json()["points"][0]


def test_etag_answers_304_until_the_store_changes(db):
    c = TestClient(create_app(db))
    urls = ["/api/events", "/api/events?country=IRQ", "/api/map?cell=1", "/api/series"]
    ev = _mapped_event(c)
    urls.append(f"/api/events/{ev['id']}")
    tags = {}
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200 and r.headers["etag"].startswith('W/"') and "no-cache" in r.headers["cache-control"]
        tags[url] = r.headers["etag"]
        again = c.get(url, headers={"If-None-Match": tags[url]})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tags[url]
        assert c.get(url, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200
        assert c.get(url, headers={"If-None-Match": f'"x", {tags[url]}'}).status_code == 304  # one of a list
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    r = c.post(f"/api/events/{ev['id']}/review", headers=h,
               json={"action": "correct", "field": "injured", "value": 4321, "reason": REASON})
    assert r.status_code == 200
    c.cookies.clear()  # read anonymously again, as before
    for url in urls:
        r = c.get(url, headers={"If-None-Match": tags[url]})
        if url in ("/api/series", "/api/map?cell=1"):  # they count events and deaths, not the injured
            assert r.status_code == 304, url
            continue
        assert r.status_code == 200 and r.headers["etag"] != tags[url], url
        tags[url] = r.headers["etag"]
    detail = c.get(f"/api/events/{ev['id']}").json()
    assert detail["injured"]["best"] == 4321 and detail["audit"][0]["after"]["best"] == 4321
    cells = c.get("/api/map?cell=1").json()
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    r = c.post(f"/api/events/{ev['id']}/review", headers=h,
               json={"action": "correct", "field": "fatalities", "value": 999, "reason": REASON})
    assert r.status_code == 200
    c.cookies.clear()
    for url in urls:
        r = c.get(url, headers={"If-None-Match": tags[url]})
        if url == "/api/series":
            assert r.status_code == 304
            continue
        assert r.status_code == 200 and r.headers["etag"] != tags[url], url
    after = c.get("/api/map?cell=1").json()
    assert sum(x["fatalities"] for x in after["cells"]) - sum(x["fatalities"] for x in cells["cells"]) == (
        999 - (ev["fatalities"] or 0))


def test_a_write_by_another_server_process_is_seen_at_once(db):
    """Two apps on one store stand for two `serve --workers` processes, each with its own caches."""
    reader, writer = TestClient(create_app(db)), TestClient(create_app(db))
    ev = _mapped_event(reader)
    listed = reader.get("/api/events", params={"per_page": 500}).json()
    detail = reader.get(f"/api/events/{ev['id']}").json()
    cells = reader.get("/api/map", params={"cell": 2}).json()
    h = {"X-CSRF-Token": login(writer, "ana", "analyst-pass")}
    r = writer.post(f"/api/events/{ev['id']}/review", headers=h,
                    json={"action": "correct", "field": "fatalities", "value": 777, "reason": REASON})
    assert r.status_code == 200
    shown = {i["id"]: i for i in reader.get("/api/events", params={"per_page": 500}).json()["items"]}
    assert shown[ev["id"]]["fatalities"]["best"] == 777 != {i["id"]: i for i in listed["items"]}[ev["id"]]["fatalities"]["best"]
    assert reader.get(f"/api/events/{ev['id']}").json()["fatalities"]["best"] == 777 != detail["fatalities"]["best"]
    after = reader.get("/api/map", params={"cell": 2}).json()
    assert sum(x["fatalities"] for x in after["cells"]) != sum(x["fatalities"] for x in cells["cells"])
    r = writer.post(f"/api/events/{ev['id']}/review", headers=h, json={"action": "reject", "reason": REASON})
    assert r.status_code == 200
    now = reader.get("/api/events", params={"per_page": 500}).json()
    assert now["total"] == listed["total"] - 1 and ev["id"] not in {i["id"] for i in now["items"]}


def test_names_are_cached_apart(db):
    """Logged-in readers see analysts' names, anonymous ones never, whatever was cached first."""
    c = TestClient(create_app(db))
    ev = _mapped_event(c)
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    c.post(f"/api/events/{ev['id']}/review", headers=h, json={"action": "confirm", "reason": REASON})
    named = c.get(f"/api/events/{ev['id']}").json()
    assert named["audit"][0]["username"] == "ana"
    assert "ana" in c.get("/api/events", params={"per_page": 500}).text
    c.cookies.clear()  # the same server and caches, now without the session cookie
    assert "ana" not in c.get(f"/api/events/{ev['id']}").text
    assert "ana" not in c.get("/api/events", params={"per_page": 500}).text


@pytest.mark.parametrize("every", [1, 3, 7])
def test_deep_pages_from_anchors_are_the_pages(db, monkeypatch, every):
    monkeypatch.setattr(store_events, "ANCHOR_EVERY", every)
    engine = open_store(db).engine
    for f in (EventQuery(), EventQuery(country="IRQ"), EventQuery(text="rockets"), EventQuery(status="all")):
        everything = page_keys(engine, EventQuery(**{**vars(f), "limit": 10_000}))
        anchors = page_anchors(engine, f)
        assert anchors == everything[::every]
        for size in (1, 2, 5):
            for offset in range(len(everything) + 2):
                q = EventQuery(**{**vars(f), "limit": size, "offset": offset})
                assert page_keys(engine, q, anchors) == everything[offset:offset + size]


def test_pages_follow_edits_that_move_events(db, monkeypatch):
    """Anchors and page keys are kept while only figures change; a rejection or a date correction moves
    events, and every page after it is read again."""
    monkeypatch.setattr(store_events, "ANCHOR_EVERY", 2)
    from flashpoint.web import routes

    monkeypatch.setattr(routes, "ANCHOR_EVERY", 2)
    c = TestClient(create_app(db))

    def pages() -> list[str]:
        out: list[str] = []
        page = 1
        while True:
            got = c.get("/api/events", params={"per_page": 3, "page": page}).json()
            out += [i["id"] for i in got["items"]]
            if page * 3 >= got["total"]:
                return out
            page += 1

    before = pages()
    assert len(before) == len(set(before)) >= 7
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    gone = before[1]
    assert c.post(f"/api/events/{gone}/review", headers=h, json={"action": "reject", "reason": REASON}).status_code == 200
    assert pages() == [e for e in before if e != gone]
    moved = before[2]
    r = c.post(f"/api/events/{moved}/review", headers=h,
               json={"action": "correct", "field": "date", "value": dt.date.today().isoformat(), "reason": REASON})
    assert r.status_code == 200
    now = pages()
    assert now == [r["id"] for r in event_rows(open_store(db).engine, EventQuery())]  # read without any cache
    assert now.index(moved) > before.index(moved) and sorted(now) == sorted(e for e in before if e != gone)


def test_result_cache_is_bounded_in_bytes_and_entries(db):
    cache = load.ResultCache(open_store(db).engine, size=5, max_bytes=1000)
    for i in range(20):
        cache.get(("k", i), lambda i=i: bytes(300) if i % 2 else {"n": i})
        assert cache.bytes <= 1000 and len(cache.entries) <= 5
    assert cache.bytes == sum(len(v) for _, v in cache.entries.values() if isinstance(v, bytes))
    assert ("k", 19) in cache.entries and ("k", 0) not in cache.entries


MAPS = [{"cell": 1}, {"cell": 0.5}, {"cell": 2, "country": "IRQ"}, {"cell": 0},
        {"cell": 0.25, "south": 30, "north": 37, "west": 38, "east": 46}]


def _fresh(db: str, params: dict) -> dict:
    """Map data computed now, without any cache (the reference)."""
    from flashpoint.filters import event_query

    p = dict(params)
    cell = p.pop("cell")
    box = tuple(p.pop(k) for k in ("south", "west", "north", "east")) if "south" in p else None
    return store_events.map_data(open_store(db).engine, event_query(**p), cell=cell, bbox=box)


def test_maps_follow_corrections_of_deaths_without_computing_again(db, monkeypatch):
    """A correction of deaths is added to the kept map data (store.events.patch_map): the answer equals
    map data computed afresh, and the grouped scan does not run again."""
    from flashpoint.web import routes

    reader, writer = TestClient(create_app(db)), TestClient(create_app(db))
    for params in MAPS:
        assert reader.get("/api/map", params=params).json() == _fresh(db, params)
    computed: list[float] = []
    real = routes.map_data
    monkeypatch.setattr(routes, "map_data", lambda *a, **k: computed.append(k["cell"]) or real(*a, **k))
    points = reader.get("/api/map", params={"cell": 0}).json()["points"]
    near = [p for p in points if abs(p["lat"] - points[0]["lat"]) < 1 and abs(p["lon"] - points[0]["lon"]) < 1]
    targets = [p["id"] for p in (near[:2] + points[-1:])]  # two in one cell, one elsewhere
    h = {"X-CSRF-Token": login(writer, "ana", "analyst-pass")}
    for k, ev in enumerate(targets + targets[:1]):  # the first one twice
        r = writer.post(f"/api/events/{ev}/review", headers=h,
                        json={"action": "correct", "field": "fatalities", "value": 100 + k, "reason": REASON})
        assert r.status_code == 200
        if k == 1:  # read between the corrections too
            assert reader.get("/api/map", params=MAPS[0]).json() == _fresh(db, MAPS[0])
    for params in MAPS:
        assert reader.get("/api/map", params=params).json() == _fresh(db, params), params
    assert computed == []
    r = writer.post(f"/api/events/{targets[0]}/review", headers=h, json={"action": "reject", "reason": REASON})
    assert r.status_code == 200  # a rejection changes what is counted: computed again
    for params in MAPS:
        assert reader.get("/api/map", params=params).json() == _fresh(db, params), params
    assert len(computed) == len(MAPS)


def test_maps_are_computed_again_when_the_changes_are_no_longer_kept(db, monkeypatch):
    from flashpoint.store import fusion
    from flashpoint.web import routes

    monkeypatch.setattr(fusion, "FIGURE_CHANGES_KEPT", 1)
    c = TestClient(create_app(db))
    assert c.get("/api/map", params=MAPS[0]).json() == _fresh(db, MAPS[0])
    points = c.get("/api/map", params={"cell": 0}).json()["points"]
    computed: list[float] = []
    real = routes.map_data
    monkeypatch.setattr(routes, "map_data", lambda *a, **k: computed.append(k["cell"]) or real(*a, **k))
    h = {"X-CSRF-Token": login(c, "ana", "analyst-pass")}
    for k, p in enumerate(points[:2]):
        r = c.post(f"/api/events/{p['id']}/review", headers=h,
                   json={"action": "correct", "field": "fatalities", "value": 50 + k, "reason": REASON})
        assert r.status_code == 200
    assert c.get("/api/map", params=MAPS[0]).json() == _fresh(db, MAPS[0])
    assert computed == [1]  # the first of the two changes is gone: computed, not patched


def test_answers_showing_no_edited_event_are_served_again(db, monkeypatch):
    """After an analyst's correction, pages and events that do not show the edited event are served from
    the cache (their events' `changed` stamps are older); those that show it are read again."""
    from flashpoint.web import routes

    reader, writer = TestClient(create_app(db)), TestClient(create_app(db))
    first = reader.get("/api/events", params={"per_page": 3}).json()
    second = reader.get("/api/events", params={"per_page": 3, "page": 2}).json()
    target, other = first["items"][0]["id"], second["items"][0]["id"]
    other_detail = reader.get(f"/api/events/{other}").json()
    reader.get(f"/api/events/{target}")
    read: list[str] = []
    real_rows, real_event = routes.rows_by_keys, routes.reviewed_event
    monkeypatch.setattr(routes, "rows_by_keys", lambda e, keys: read.append("page") or real_rows(e, keys))
    monkeypatch.setattr(routes, "reviewed_event", lambda e, i: read.append(i) or real_event(e, i))
    h = {"X-CSRF-Token": login(writer, "ana", "analyst-pass")}
    for field, value in (("injured", 321), ("fatalities", 123)):
        r = writer.post(f"/api/events/{target}/review", headers=h,
                        json={"action": "correct", "field": field, "value": value, "reason": REASON})
        assert r.status_code == 200
        read.clear()  # the writer's own answer read the edited event
        assert reader.get("/api/events", params={"per_page": 3, "page": 2}).json() == second
        assert reader.get(f"/api/events/{other}").json() == other_detail
        assert read == []  # both from the cache
        now = reader.get("/api/events", params={"per_page": 3}).json()
        assert now["items"][0][field]["best"] == value and read == ["page"]
        assert reader.get(f"/api/events/{target}").json()[field]["best"] == value and read[-1] == target
        read.clear()
    r = writer.post(f"/api/events/{target}/review", headers=h, json={"action": "reject", "reason": REASON})
    assert r.status_code == 200  # a rejection moves every later event up a place: every page is read again
    read.clear()
    again = reader.get("/api/events", params={"per_page": 3, "page": 2}).json()
    assert read == ["page"] and again["items"][0]["id"] != other
    assert [i["id"] for i in again["items"]] == [r["id"] for r in event_rows(open_store(db).engine, EventQuery())][3:6]


def test_failed_requests_leave_no_locks_behind(db):
    app = create_app(db)
    c = TestClient(app)
    for i in range(50):
        assert c.get(f"/api/events/ev-nothing-{i:04d}").status_code == 404
    assert len(app.state.responses.locks) <= len(app.state.responses.entries)
    assert len(app.state.cache.locks) <= len(app.state.cache.entries)


def test_a_merge_waiting_for_fusion_is_seen_at_once(db):
    """A merge (or split) is applied by a background fusion job; until it runs, the events' audit trails
    already show the edit: cached answers of both events are read again."""
    from flashpoint.store import review as rv
    from flashpoint.store.events import review_event

    c = TestClient(create_app(db))
    items = c.get("/api/events", params={"per_page": 500}).json()["items"]
    a, b = items[0]["id"], items[1]["id"]
    before = {e: c.get(f"/api/events/{e}").json() for e in (a, b)}
    listed = c.get("/api/events", params={"per_page": 500}).json()
    engine = open_store(db).engine
    session = rv.login(engine, "ana", "analyst-pass")
    review_event(engine, session, a, "merge", value=b, reason=REASON, fuse_now=False)  # not fused yet
    after = c.get(f"/api/events/{a}").json()
    assert after["audit"][0]["action"] == "merge" and after["audit"] != before[a]["audit"]
    assert c.get("/api/events", params={"per_page": 500}).json() == listed  # the events stay as they were
