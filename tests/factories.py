"""Stores with chosen events, written straight into the tables (no extraction), for tests that need
exact data: one document and one mention per event unless `doc` groups them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from flashpoint.models import content_hash
from flashpoint.store import Store, open_store, schema
from flashpoint.store.events import update_events
from flashpoint.store.fusion_queue import enqueue_documents


def mention(i: int, date: str | None, actor: str | None, target: str | None, *, event_type: str = "ASSAULT",
            country: str = "IRQ", precision: str = "day", killed: int | None = None, doc: str | None = None,
            publisher: str | None = None, location: str | None = None, lat: float | None = None,
            lon: float | None = None, mode: str | None = None) -> dict[str, Any]:
    return {"i": i, "date": date, "actor": actor, "target": target, "event_type": event_type, "country": country,
            "precision": precision, "killed": killed, "doc": doc or f"fx-doc-{i}", "publisher": publisher,
            "location": location, "lat": lat, "lon": lon, "mode": mode}


def build(path: Path, mentions: list[dict[str, Any]]) -> Store:
    store = open_store(str(path))
    now = dt.datetime.now(dt.UTC).isoformat()
    with store.engine.begin() as c:
        for doc in sorted({m["doc"] for m in mentions}):
            body = f"Fixture report {doc}."
            first = next(m for m in mentions if m["doc"] == doc)
            c.execute(schema.documents.insert().values(
                uid=doc, doc_id=doc, version=1, lineage=f"id:{doc}", is_latest=True, source="fixture", format="text",
                url=f"https://{(first['publisher'] or doc)}.example.org/{doc}", title=f"Report {doc}",
                publisher=first["publisher"], published=first["date"], published_source="metadata", language="en",
                body=body, raw=body, content_hash=content_hash(doc, body), ingested_at=now))
        for m in mentions:
            c.execute(schema.mentions.insert().values(
                id=f"m{m['i']:04d}", doc_uid=m["doc"], doc_id=m["doc"], event_type=m["event_type"], date=m["date"],
                date_precision=m["precision"] if m["date"] else None, mode=m["mode"], actor=m["actor"],
                target=m["target"], claimed_by=json.dumps([]), location=m["location"], country=m["country"] or None,
                latitude=m["lat"], longitude=m["lon"], geo_precision=1 if m["lat"] is not None else None,
                fatalities_low=m["killed"], fatalities_high=m["killed"], fatalities_stated=m["killed"] is not None,
                injured_stated=False, evidence=f"Fixture sentence {m['i']} about an event.", evidence_start=0,
                evidence_end=30, confidence=0.8, extractor="fixture"))
        enqueue_documents(c, sorted({m["doc"] for m in mentions}))
    update_events(store.engine)
    return store
