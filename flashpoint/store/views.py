"""Read-side views for displays (the dashboard): sorted pages, map clusters, timeline bins, audit pages.

Each answers one display question with a few aggregate queries over the events' columns and indexes
(the filters are those of `store.events.EventQuery`), so the cost follows the answer, not the store:
a map is a few hundred clusters and a timeline a few hundred bins whether the store holds a hundred
events or a million.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from flashpoint.store import schema
from flashpoint.store.events import EventQuery
from flashpoint.store.events import _where as where_clause

__all__ = ["SORTS", "audit_page", "date_extent", "event_page", "map_clusters", "timeline"]

BBox = tuple[float, float, float, float]  # south, west, north, east

# sort name -> the column it orders by (ties: the list order, sort_key)
SORTS: dict[str, str] = {"date": "date", "type": "event_type", "mode": "mode", "actor": "actor", "target": "target",
                         "place": "location", "country": "country", "killed": "fatalities_best",
                         "injured": "injured_best", "sources": "n_publishers", "review": "review_status"}
LOCATED = ("site", "country", "none")


def _filtered(q: Any, f: EventQuery, dialect: str, *, bbox: BBox | None = None, located: str | None = None) -> Any:
    t = schema.events
    q = where_clause(q, f, dialect)
    if bbox is not None:
        south, west, north, east = bbox
        q = q.where(t.c.latitude >= south, t.c.latitude <= north, t.c.longitude >= west, t.c.longitude <= east)
    if located == "site":
        q = q.where(t.c.latitude.is_not(None), t.c.longitude.is_not(None))
    elif located == "country":
        q = q.where(sa.or_(t.c.latitude.is_(None), t.c.longitude.is_(None)), t.c.country.is_not(None))
    elif located == "none":
        q = q.where(sa.or_(t.c.latitude.is_(None), t.c.longitude.is_(None)), t.c.country.is_(None))
    return q


def event_page(engine: sa.Engine, f: EventQuery | None = None, *, sort: str = "date", descending: bool = True,
               limit: int = 50, offset: int = 0, bbox: BBox | None = None,
               located: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, one page of their reviewed records) in the order asked; missing values
    sort last either way, ties in list order (date, then id)."""
    f = f or EventQuery()
    t = schema.events
    d = engine.dialect.name
    col = t.c[SORTS[sort]]
    order = [col.is_(None), col.desc() if descending else col.asc(),
             t.c.sort_key.desc() if descending else t.c.sort_key.asc()]
    # the page's ids from the display index, then their records by key (a sort never carries the records)
    q = _filtered(sa.select(t.c.id), f, d, bbox=bbox, located=located)
    n = _filtered(sa.select(sa.func.count()).select_from(t), f, d, bbox=bbox, located=located)
    with engine.connect() as c:
        total = int(c.execute(n).scalar_one())
        ids = [r.id for r in c.execute(q.order_by(*order).limit(limit).offset(offset))]
        rows = {r.id: r for r in c.execute(sa.select(t.c.id, t.c.record, t.c.actor_side, t.c.target_side)
                                           .where(t.c.id.in_(ids)))} if ids else {}
    out = []
    for i in ids:
        r = rows[i]
        rec = json.loads(r.record)
        rec["actor_side"], rec["target_side"] = r.actor_side, r.target_side
        out.append(rec)
    return total, out


def date_extent(engine: sa.Engine, f: EventQuery | None = None) -> tuple[str | None, str | None, int]:
    """(first date, last date, number of events) of the events matching `f`."""
    t = schema.events
    q = _filtered(sa.select(sa.func.min(t.c.date), sa.func.max(t.c.date), sa.func.count()).select_from(t),
                  f or EventQuery(), engine.dialect.name)
    with engine.connect() as c:
        lo, hi, n = c.execute(q).one()
    return lo, hi, int(n)


def map_extent(engine: sa.Engine, f: EventQuery | None = None,
               country_points: dict[str, tuple[float, float]] | None = None) -> list[float] | None:
    """[south, west, north, east] of the events matching `f` as a map shows them (events known only to their
    country at the country's point), or None when none has a place."""
    t = schema.events
    d = engine.dialect.name
    f = f or EventQuery()
    q = _filtered(sa.select(sa.func.min(t.c.latitude), sa.func.min(t.c.longitude), sa.func.max(t.c.latitude),
                            sa.func.max(t.c.longitude)).select_from(t), f, d, located="site")
    cq = _filtered(sa.select(t.c.country).distinct(), f, d, located="country")
    with engine.connect() as c:
        box = c.execute(q).one()
        countries = [r.country for r in c.execute(cq)]
    lats = [v for v in (box[0], box[2]) if v is not None]
    lons = [v for v in (box[1], box[3]) if v is not None]
    for iso in countries:
        at = (country_points or {}).get(iso)
        if at is not None:
            lats.append(at[0])
            lons.append(at[1])
    return [min(lats), min(lons), max(lats), max(lons)] if lats else None


def _cell(dialect: str, col: Any, offset: float, size: float) -> Any:
    shifted = (col + offset) / size
    if dialect == "postgresql":
        return sa.cast(sa.func.floor(shifted), sa.Integer)
    return sa.cast(shifted, sa.Integer)  # the shifted value is never negative: CAST truncates = floor


def map_clusters(engine: sa.Engine, f: EventQuery | None = None, *, cell: float, bbox: BBox | None = None,
                 country_points: dict[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """The events matching `f` as map clusters.

    `cells`: events with coordinates counted per grid cell of `cell` degrees (inside `bbox`): count, per
    acting side, deaths and injured, the mean position, the cell's extent of events, first and last day,
    and the event itself when the cell holds one. `countries`: events known only to their country,
    counted per country at the country's representative point (geo precision 3). `unmapped`: events
    with neither. Cost: three grouped queries.
    """
    f = f or EventQuery()
    t = schema.events
    d = engine.dialect.name
    cy, cx = _cell(d, t.c.latitude, 90.0, cell).label("cy"), _cell(d, t.c.longitude, 180.0, cell).label("cx")
    side = sa.func.coalesce(t.c.actor_side, "").label("side")
    q = _filtered(sa.select(cy, cx, side, sa.func.count().label("n"),
                            sa.func.coalesce(sa.func.sum(t.c.fatalities_best), 0).label("dead"),
                            sa.func.coalesce(sa.func.sum(t.c.injured_best), 0).label("hurt"),
                            sa.func.sum(t.c.latitude).label("lat"), sa.func.sum(t.c.longitude).label("lon"),
                            sa.func.min(t.c.latitude).label("s"), sa.func.max(t.c.latitude).label("n_"),
                            sa.func.min(t.c.longitude).label("w"), sa.func.max(t.c.longitude).label("e"),
                            sa.func.min(t.c.date).label("first"), sa.func.max(t.c.date).label("last"),
                            sa.func.min(t.c.id).label("id"), sa.func.min(t.c.location).label("place"),
                            sa.func.max(t.c.location).label("place2")),
                  f, d, bbox=bbox, located="site").group_by(cy, cx, side)
    # grouped by an expression, not the bare column: SQLite then scans the covering display index instead of
    # reading every country-level row from the table through the country index (a tenth of the time)
    country = sa.func.coalesce(t.c.country, "").label("country")
    cq = _filtered(sa.select(country, side, sa.func.count().label("n"),
                             sa.func.coalesce(sa.func.sum(t.c.fatalities_best), 0).label("dead"),
                             sa.func.coalesce(sa.func.sum(t.c.injured_best), 0).label("hurt"),
                             sa.func.min(t.c.date).label("first"), sa.func.max(t.c.date).label("last"),
                             sa.func.min(t.c.id).label("id")),
                   f, d, located="country").group_by(country, side)
    uq = _filtered(sa.select(sa.func.count()).select_from(t), f, d, located="none")
    with engine.connect() as c:
        rows, crows, unmapped = c.execute(q).all(), c.execute(cq).all(), int(c.execute(uq).scalar_one())
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rows:
        e = cells.setdefault((r.cy, r.cx), {"n": 0, "killed": 0, "injured": 0, "lat": 0.0, "lon": 0.0, "by_side": {},
                                            "bounds": [r.s, r.w, r.n_, r.e], "first": r.first, "last": r.last,
                                            "id": r.id, "places": set()})
        e["n"] += r.n
        e["killed"] += int(r.dead)
        e["injured"] += int(r.hurt)
        e["lat"] += float(r.lat)
        e["lon"] += float(r.lon)
        e["by_side"][r.side] = e["by_side"].get(r.side, 0) + r.n
        b = e["bounds"]
        e["bounds"] = [min(b[0], r.s), min(b[1], r.w), max(b[2], r.n_), max(b[3], r.e)]
        e["first"], e["last"] = min(e["first"] or "~", r.first or "~"), max(e["last"] or "", r.last or "")
        e["id"] = min(e["id"], r.id)
        e["places"] |= {p for p in (r.place, r.place2) if p}
    out = []
    for e in cells.values():
        n = e["n"]
        places = sorted(e.pop("places"))
        out.append({**e, "lat": round(e["lat"] / n, 5), "lon": round(e["lon"] / n, 5), "id": e["id"] if n == 1 else None,
                    "place": places[0] if len(places) == 1 else None, "first": None if e["first"] == "~" else e["first"],
                    "last": e["last"] or None, "one_spot": e["bounds"][0] == e["bounds"][2] and e["bounds"][1] == e["bounds"][3]})
    points = country_points or {}
    by_country: dict[str, dict[str, Any]] = {}
    for r in crows:
        at = points.get(r.country)
        if at is None:
            unmapped += r.n
            continue
        if bbox is not None and not (bbox[0] <= at[0] <= bbox[2] and bbox[1] <= at[1] <= bbox[3]):
            continue
        e = by_country.setdefault(r.country, {"country": r.country, "lat": at[0], "lon": at[1], "n": 0, "killed": 0,
                                              "injured": 0, "by_side": {}, "first": r.first, "last": r.last,
                                              "id": r.id, "geo_precision": 3})
        e["n"] += r.n
        e["killed"] += int(r.dead)
        e["injured"] += int(r.hurt)
        e["by_side"][r.side] = e["by_side"].get(r.side, 0) + r.n
        e["first"], e["last"] = min(e["first"] or "~", r.first or "~"), max(e["last"] or "", r.last or "")
        e["id"] = min(e["id"], r.id)
    countries = [{**e, "id": e["id"] if e["n"] == 1 else None, "first": None if e["first"] == "~" else e["first"],
                  "last": e["last"] or None} for e in by_country.values()]
    return {"cell_deg": cell, "cells": sorted(out, key=lambda e: -e["n"]),
            "countries": sorted(countries, key=lambda e: -e["n"]), "unmapped": unmapped,
            "total": sum(e["n"] for e in out) + sum(e["n"] for e in countries)}


def bin_for(first: str | None, last: str | None) -> str:
    """The timeline's bin for a period: day up to 4 months, week up to 3 years, else month."""
    if not first or not last:
        return "day"
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    return "day" if days <= 120 else "week" if days <= 3 * 366 else "month"


def _bin_expr(dialect: str, unit: str) -> Any:
    t = schema.events
    if unit == "day":
        return t.c.date
    if unit == "week":
        return t.c.week
    return sa.func.substr(t.c.date, 1, 7) if dialect == "sqlite" else sa.func.substring(t.c.date, 1, 7)


def timeline(engine: sa.Engine, f: EventQuery | None = None, *, verbal: tuple[str, ...] = (), max_events: int = 1500,
             max_dyads: int = 8) -> dict[str, Any]:
    """The timeline of the events matching `f`, per directed dyad (acting side -> target side).

    Up to `max_events` dated events: the events themselves (`mode` "events") with the stated retaliation
    links between them. More: counts per bin (day, week or month, chosen from the period) per dyad and
    kind ("act", or "statement" for the `verbal` types), with deaths, and the links counted per pair of
    bins (`mode` "bins"). The `max_dyads` busiest dyads get rows; the rest share "other".
    """
    f = f or EventQuery()
    t, rl = schema.events, schema.retaliation_links
    d = engine.dialect.name
    first, last, n = date_extent(engine, f)
    actor = sa.func.coalesce(t.c.actor_side, "unknown")
    target = sa.func.coalesce(t.c.target_side, "unknown")
    dated = [t.c.date.is_not(None)]
    with engine.connect() as c:
        undated = int(c.execute(_filtered(sa.select(sa.func.count()).select_from(t), f, d)
                                .where(t.c.date.is_(None))).scalar_one())
    out: dict[str, Any] = {"first": first, "last": last, "total": n, "undated": undated}
    shown: list[str] = []

    def name_dyads(per_dyad: dict[tuple[str, str], int]) -> None:
        """The rows: the `max_dyads` busiest dyads (ties by name), then "other" for the rest. The dyads are
        counted from the events or bins themselves (one scan of the store, not two)."""
        dyads = sorted(per_dyad.items(), key=lambda kv: (-kv[1], kv[0]))
        shown[:] = [f"{a} -> {b}" for (a, b), _ in dyads[:max_dyads]]
        out.update(dyads=shown + (["other"] if len(dyads) > max_dyads else []),
                   dyad_counts={f"{a} -> {b}": k for (a, b), k in dyads})

    def row_of(a: str, b: str) -> str:
        name = f"{a} -> {b}"
        return name if name in shown else "other"

    if n - undated <= max_events:
        q = _filtered(sa.select(t.c.id, t.c.date, t.c.date_precision, t.c.event_type, t.c.mode, t.c.actor, t.c.target,
                                actor.label("a"), target.label("b"), t.c.location, t.c.country, t.c.fatalities_best,
                                t.c.injured_best, t.c.n_publishers, t.c.review_status), f, d).where(*dated)
        with engine.connect() as c:
            evs = c.execute(q.order_by(t.c.sort_key)).all()
            counts: dict[tuple[str, str], int] = defaultdict(int)
            for r in evs:
                counts[(r.a, r.b)] += 1
            name_dyads(counts)
            ids = [r.id for r in evs]
            links: list[dict[str, Any]] = []
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                lq = sa.select(rl.c.from_event, rl.c.to_event, rl.c.text).where(rl.c.from_event.in_(part),
                                                                                rl.c.to_event.is_not(None))
                links += [{"from": r.from_event, "to": r.to_event, "text": r.text} for r in c.execute(lq)]
        known = set(ids)
        out.update(mode="events", events=[
            {"id": r.id, "date": r.date, "date_precision": r.date_precision, "type": r.event_type, "mode": r.mode,
             "kind": "statement" if r.event_type in verbal else "act", "actor": r.actor, "target": r.target,
             "dyad": row_of(r.a, r.b), "place": r.location, "country": r.country, "killed": r.fatalities_best,
             "injured": r.injured_best, "sources": r.n_publishers, "review": r.review_status} for r in evs],
            links=[lk for lk in links if lk["to"] in known])
        return out
    unit = bin_for(first, last)
    b = _bin_expr(d, unit).label("bin")
    kind = sa.case((t.c.event_type.in_(verbal or ("-",)), "statement"), else_="act").label("kind")
    q = _filtered(sa.select(b, actor.label("a"), target.label("b"), kind, sa.func.count().label("n"),
                            sa.func.coalesce(sa.func.sum(t.c.fatalities_best), 0).label("dead")), f, d)
    # links: the answering event (the filtered `events`) joined to the answered one (`dst`)
    dst = schema.events.alias("dst")
    sb = {"day": t.c.date, "week": t.c.week}.get(unit, sa.func.substr(t.c.date, 1, 7))
    db = {"day": dst.c.date, "week": dst.c.week}.get(unit, sa.func.substr(dst.c.date, 1, 7))
    lq = _filtered(sa.select(sb.label("from_bin"), actor.label("fa"), target.label("fb"), db.label("to_bin"),
                             sa.func.coalesce(dst.c.actor_side, "unknown").label("ta"),
                             sa.func.coalesce(dst.c.target_side, "unknown").label("tb"), sa.func.count().label("n"))
                   .select_from(rl.join(t, t.c.id == rl.c.from_event).join(dst, dst.c.id == rl.c.to_event)), f, d)
    lq = lq.where(t.c.date.is_not(None), dst.c.date.is_not(None)).group_by(
        sa.text("1"), sa.text("2"), sa.text("3"), sa.text("4"), sa.text("5"), sa.text("6"))
    with engine.connect() as c:
        grouped = [r for r in c.execute(q.group_by(b, sa.text("a"), sa.text("b"), kind)) if r.bin is not None]
        per_dyad: dict[tuple[str, str], int] = defaultdict(int)  # undated events (no bin) are in `undated`
        for r in grouped:
            per_dyad[(r.a, r.b)] += r.n
        name_dyads(per_dyad)
        bins: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in grouped:
            key = (r.bin, row_of(r.a, r.b), r.kind)
            e = bins.setdefault(key, {"bin": r.bin, "dyad": key[1], "kind": r.kind, "n": 0, "killed": 0})
            e["n"] += r.n
            e["killed"] += int(r.dead)
        pairs: dict[tuple[str, str, str, str], int] = defaultdict(int)
        for r in c.execute(lq):
            pairs[(r.from_bin, row_of(r.fa, r.fb), r.to_bin, row_of(r.ta, r.tb))] += r.n
    out.update(mode="bins", unit=unit, bins=sorted(bins.values(), key=lambda e: (e["bin"], e["dyad"], e["kind"])),
               links=[{"from_bin": k[0], "from_dyad": k[1], "to_bin": k[2], "to_dyad": k[3], "n": v}
                      for k, v in sorted(pairs.items(), key=lambda kv: -kv[1])[:400]])
    return out


def cell_for_zoom(zoom: float) -> float:
    """Grid cell (degrees) for a web-map zoom level: about 48 screen pixels."""
    return 48 * 360 / (256 * 2 ** max(0.0, min(zoom, 22.0)))


def audit_page(engine: sa.Engine, *, username: str | None = None, action: str | None = None,
               field: str | None = None, event_id: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many audit entries match, one page of them, newest first). `since`/`until` are days (inclusive)."""
    t = schema.audit_log
    cond = []
    if username:
        cond.append(t.c.username == username)
    if action:
        cond.append(t.c.action == action)
    if field:
        cond.append(t.c.field == field)
    if event_id:
        cond.append(t.c.event_id == event_id)
    if since:
        cond.append(t.c.at >= since)
    if until:
        cond.append(t.c.at < (dt.date.fromisoformat(until) + dt.timedelta(days=1)).isoformat())
    with engine.connect() as c:
        total = int(c.execute(sa.select(sa.func.count()).select_from(t).where(*cond)).scalar_one())
        rows = c.execute(sa.select(t).where(*cond).order_by(t.c.id.desc()).limit(limit).offset(offset)).all()
    return total, [{"id": r.id, "at": r.at, "username": r.username, "action": r.action, "event_id": r.event_id,
                    "field": r.field, "before": json.loads(r.before) if r.before else None,
                    "after": json.loads(r.after) if r.after else None, "reason": r.reason} for r in rows]

