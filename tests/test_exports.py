"""Exports in the formats analysts' tools read."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from flashpoint.export import dataset, write_dataset
from flashpoint.export.acled import ACLED_COLUMNS
from flashpoint.export.geo import country_points
from tests.factories import build, mention


@pytest.fixture
def data(tmp_path):
    store = build(tmp_path / "x.db", [
        mention(1, "2024-01-10", "Kata'ib Hezbollah", "United States", killed=2, location="Example Base", lat=33.1,
                lon=43.2, mode="drone", publisher="one"),
        mention(2, "2024-01-12", "United States", "Kata'ib Hezbollah", country="SYR", mode="aerial"),  # country only
        mention(3, "2024-01-15", None, "United States", country="", precision="month"),  # no place at all
        mention(4, "2024-01-20", "Iraq", "United States", event_type="ACCUSE"),
    ])
    return dataset(store.engine)


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_acled_csv_has_acleds_columns_first_and_its_vocabularies(tmp_path, data):
    (path,) = write_dataset(str(tmp_path), "acled", data)
    text = (tmp_path / "acled.csv").read_text()
    assert path.endswith("acled.csv")
    header = text.splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert all(h.startswith("fp_") for h in header[len(ACLED_COLUMNS):])
    rows = {r["fp_event_id"]: r for r in read_csv(tmp_path / "acled.csv")}
    drone = next(r for r in rows.values() if r["fp_mode"] == "drone")
    assert (drone["disorder_type"], drone["event_type"], drone["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")
    assert drone["inter1"] == "Political militia" and drone["inter2"] == "External/Other forces"
    assert drone["interaction"] == "Political militia-External/Other forces"
    assert (drone["iso"], drone["country"], drone["region"]) == ("368", "Iraq", "Middle East")
    assert drone["fatalities"] == "2" and drone["time_precision"] == "1" and drone["event_date"] == "2024-01-10"
    accuse = next(r for r in rows.values() if r["fp_event_type"] == "ACCUSE")
    assert accuse["disorder_type"] == "Strategic developments"


def test_geojson_keeps_every_event(tmp_path, data):
    write_dataset(str(tmp_path), "geojson", data)
    geo = json.loads((tmp_path / "events.geojson").read_text())
    assert len(geo["features"]) == len(data.events) == 4
    basis = {f["properties"]["location_basis"]: f for f in geo["features"]}
    assert basis["site"]["geometry"]["coordinates"] == [43.2, 33.1]
    lat, lon = country_points()["SYR"]
    country = next(f for f in geo["features"] if f["properties"]["country"] == "SYR")
    assert country["geometry"]["coordinates"] == [lon, lat] and country["properties"]["geo_precision"] == 3
    unmapped = [f for f in geo["features"] if f["geometry"] is None]
    assert len(unmapped) == 1 and geo["unmapped"] == [unmapped[0]["id"]]


def test_country_points_lie_in_their_country():
    pts = country_points()
    assert len(pts) > 150
    lat, lon = pts["IRQ"]
    assert 29 < lat < 37.5 and 38.8 < lon < 48.8  # inside Iraq's bounding box
    lat, lon = pts["JOR"]
    assert 29 < lat < 33.4 and 34.9 < lon < 39.3


def test_csv_tables_with_evidence_urls_titles_and_review(tmp_path, data):
    write_dataset(str(tmp_path), "csv", data)
    events = read_csv(tmp_path / "events.csv")
    for col in ("evidence", "source_urls", "source_titles", "publishers", "review_status", "reviewed_fields",
                "machine_values", "review_reasons"):
        assert col in events[0]
    first = next(e for e in events if e["date"] == "2024-01-10")
    assert first["evidence"].startswith("Fixture sentence") and first["source_urls"].startswith("https://")
    assert first["source_titles"] == "Report fx-doc-1" and first["review_status"] == "unreviewed"
    assert "{" not in first["review_status"]  # never a Python dict written as text
    assert len(read_csv(tmp_path / "mentions.csv")) == 4
    assert {s["doc_id"] for s in read_csv(tmp_path / "sources.csv")} == {f"fx-doc-{i}" for i in range(1, 5)}
    assert (tmp_path / "tallies.csv").exists()


def test_json_holds_events_mentions_sources_and_tallies(tmp_path, data):
    write_dataset(str(tmp_path), "json", data)
    doc = json.loads((tmp_path / "flashpoint.json").read_text())
    assert set(doc) == {"meta", "events", "mentions", "sources", "tallies"}
    assert len(doc["events"]) == 4 and len(doc["mentions"]) == 4 and len(doc["sources"]) == 4
    assert doc["meta"]["counts"]["events"] == 4 and "reviewed" in doc["meta"]["values"]


def test_plover_records(tmp_path, data):
    write_dataset(str(tmp_path), "plover", data)
    recs = [json.loads(line) for line in (tmp_path / "plover.jsonl").read_text().splitlines()]
    drone = next(r for r in recs if r["mode"] == ["drone"])
    assert drone["event"] == ["ASSAULT"] and drone["date"] == "2024-01-10"
    assert drone["actor"][0]["identifier_text"] == "Kata'ib Hezbollah" and drone["actor"][0]["code"] == "IRQ"
    assert drone["recipient"][0]["code"] == "USA" and drone["size"]["dead"] == 2
    assert drone["event_loc"]["country_code"] == "IRQ" and drone["event_loc"]["resolution"] == 4
    assert drone["cite_info"][0]["url"].startswith("https://") and drone["event_text"]
    month = next(r for r in recs if r["flashpoint"]["date_precision"] == "month")
    assert month["enddate"] == "2024-01-31"


def test_every_format_at_once(tmp_path, data):
    paths = write_dataset(str(tmp_path), "all", data)
    names = {p.rsplit("/", 1)[-1] for p in paths}
    assert {"events.csv", "flashpoint.json", "events.parquet", "events.geojson", "acled.csv", "plover.jsonl"} <= names
    assert pq.read_table(tmp_path / "events.parquet").num_rows == 4
