"""One truth: a correction made through the review API on a fresh store built from the example corpus
shows in `flashpoint events`, `event`, `export` (every format) and `analyze`."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from click.testing import CliRunner
from fastapi.testclient import TestClient

from flashpoint.cli import main
from flashpoint.store import open_store
from flashpoint.store.review import add_user
from flashpoint.web.app import create_app
from tests.conftest import EXAMPLES

NEW_DATE, NEW_TOLL = "2024-03-15", 99


def test_a_correction_reaches_every_reader(tmp_path):
    db = str(tmp_path / "fresh.db")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir()))])
    assert res.exit_code == 0, res.output
    add_user(open_store(db).engine, "ana", "analyst-pass", "analyst")

    client = TestClient(create_app(db))
    h = {"X-CSRF-Token": client.post("/api/login", json={"username": "ana", "password": "analyst-pass"}).json()["csrf"]}
    attacks = client.get("/api/events", params={"type": "ASSAULT", "per_page": 500}).json()["items"]
    used = [e for e in attacks if e["date"] and e["actor_side"] and e["target_side"]
            and e["actor_side"] != e["target_side"] and e["date_precision"] == "day"]
    target, dropped = used[0], used[1]
    for field, value in (("fatalities", NEW_TOLL), ("date", NEW_DATE)):
        r = client.post(f"/api/events/{target['id']}/review", headers=h,
                        json={"action": "correct", "field": field, "value": value, "reason": f"checked {field}"})
        assert r.status_code == 200, r.text
    r = client.post(f"/api/events/{dropped['id']}/review", headers=h,
                    json={"action": "reject", "reason": "not an attack after all"})
    assert r.status_code == 200, r.text

    # flashpoint events / event
    res = runner.invoke(main, ["events", "--db", db, "--format", "json"])
    rows = {r["id"]: r for r in map(json.loads, res.output.splitlines())}
    ev = rows[target["id"]]
    assert (ev["date"], ev["fatalities"]["best"], ev["review"]["status"]) == (NEW_DATE, NEW_TOLL, "corrected")
    assert ev["review"]["machine"]["date"] == target["date"]
    assert dropped["id"] not in rows
    table = runner.invoke(main, ["events", "--db", db]).output
    assert f"{NEW_TOLL}*" in table and f"{NEW_DATE} day*" in table  # * marks a corrected value
    one = json.loads(runner.invoke(main, ["event", target["id"], "--db", db, "--json"]).output)
    assert one["date"] == NEW_DATE and [a["reason"] for a in one["audit"]] == ["checked date", "checked fatalities"]
    text = runner.invoke(main, ["event", target["id"], "--db", db]).output
    assert "corrected fatalities: 99 (machine:" in text and "checked date" in text

    # export, every format
    out = tmp_path / "out"
    res = runner.invoke(main, ["export", str(out), "--db", db, "--format", "all"])
    assert res.exit_code == 0, res.output
    events_csv = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "events.csv").read_text()))}
    row = events_csv[target["id"]]
    assert (row["date"], row["fatalities_best"], row["review_status"]) == (NEW_DATE, str(NEW_TOLL), "corrected")
    assert "fatalities" in row["reviewed_fields"] and dropped["id"] not in events_csv
    doc = json.loads((out / "flashpoint.json").read_text())
    (j,) = [e for e in doc["events"] if e["id"] == target["id"]]
    assert (j["date"], j["fatalities"]["best"]) == (NEW_DATE, NEW_TOLL)
    parquet = {r["id"]: r for r in pq.read_table(out / "events.parquet").to_pylist()}
    assert (parquet[target["id"]]["date"], parquet[target["id"]]["fatalities_best"]) == (NEW_DATE, NEW_TOLL)
    geo = {f["id"]: f for f in json.loads((out / "events.geojson").read_text())["features"]}
    assert geo[target["id"]]["properties"]["fatalities_best"] == NEW_TOLL and dropped["id"] not in geo
    acled = {r["fp_event_id"]: r for r in csv.DictReader(io.StringIO((out / "acled.csv").read_text()))}
    assert (acled[target["id"]]["event_date"], acled[target["id"]]["fatalities"]) == (NEW_DATE, str(NEW_TOLL))
    plover = {r["id"]: r for r in map(json.loads, (out / "plover.jsonl").read_text().splitlines())}
    assert (plover[target["id"]]["date"], plover[target["id"]]["size"]["dead"]) == (NEW_DATE, NEW_TOLL)

    # analyze
    res = runner.invoke(main, ["analyze", "reciprocity", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    dates = {e["id"]: e["date"] for e in data["events"]}
    assert dates[target["id"]] == NEW_DATE and data["data"]["last_date"] == NEW_DATE
    assert dropped["id"] not in dates and data["data"]["dropped"]["rejected by an analyst"] == 1
    api = client.get("/api/analysis").json()
    assert api["data"]["last_date"] == NEW_DATE
