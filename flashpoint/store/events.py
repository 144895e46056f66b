"""Fused events in the store: queries answered from columns and indexes (fusion itself: `store.fusion`).

Nothing here reads the whole store to answer one question: one event reads its own mentions; lists,
filters and search use indexes (SQLite FTS5 / PostgreSQL full-text); series, tallies, analysis inputs
and map data are aggregated in SQL; exports read the events page by page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa

from flashpoint.errors import NotFoundError
from flashpoint.fuse.consensus import FusedEvent, fuse
from flashpoint.fuse.mentions import Mention
from flashpoint.fuse.retaliation import RetaliationLink
from flashpoint.store import schema
from flashpoint.store.extractions import mention_records, mention_records_by_id
from flashpoint.store.fusion import FuseSummary, update_events

__all__ = ["EventQuery", "FuseSummary", "answered_by", "count_events", "event_rows", "fused_event", "fused_events",
           "iter_fused_events", "latest_mentions", "links_of", "retaliation_links", "update_events"]

PAGE = 500


def latest_mentions(engine: sa.Engine) -> list[Mention]:
    return [Mention.from_record(r) for r in mention_records(engine)]


REVIEW_STATUSES = ("unreviewed", "confirmed", "corrected", "rejected")


@dataclass
class EventQuery:
    """Filters over the reviewed events. Values are expected valid (see `flashpoint.filters`).

    `status`: None = every event an analyst has not rejected; "all"; "reviewed" (confirmed or
    corrected); or one review status. `sides`: actor names, an event matches when its actor or its
    target is one of them (a side filter resolved to its members).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    side: str | None = None
    event_type: str | None = None
    mode: str | None = None
    min_sources: int | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0
    status: str | None = None
    sides: frozenset[str] | None = None


def search_terms(text: str) -> list[str]:
    """The words of a search (lowercased; each matches as a word prefix)."""
    return re.findall(r"\w+", text.lower())[:16]


def _text_filter(dialect: str, text: str) -> Any:
    t = schema.events
    terms = search_terms(text)
    if not terms:  # punctuation only: a plain substring search over the indexed words
        like = "%" + text.replace("%", "").replace("_", "") + "%"
        return t.c.search.ilike(like)
    if dialect == "sqlite":
        match = " AND ".join(f'"{w}"*' for w in terms)
        return t.c.seq.in_(sa.select(sa.column("rowid")).select_from(sa.table("events_fts"))
                           .where(sa.text("events_fts MATCH :fts_query").bindparams(fts_query=match)))
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in terms)
        return sa.text("to_tsvector('simple', coalesce(events.search, '')) @@ to_tsquery('simple', :ts_query)"
                       ).bindparams(ts_query=query)
    return sa.and_(*(t.c.search.ilike(f"%{w}%") for w in terms))


def _where(q: Any, f: EventQuery, dialect: str) -> Any:
    t = schema.events
    if f.status is None:
        q = q.where(t.c.review_status != "rejected")
    elif f.status == "reviewed":
        q = q.where(t.c.review_status.in_(("confirmed", "corrected")))
    elif f.status != "all":
        q = q.where(t.c.review_status == f.status)
    if f.sides is not None:
        names = sorted(f.sides)
        q = q.where(sa.or_(t.c.actor.in_(names), t.c.target.in_(names)))
    if f.since:  # the sort key starts with the date: the same bounds on it let indexes give rows in list order
        q = q.where(t.c.date >= f.since.isoformat(), t.c.sort_key >= f.since.isoformat())
    if f.until:
        q = q.where(t.c.date <= f.until.isoformat(), t.c.sort_key < (f.until + dt.timedelta(days=1)).isoformat())
    if f.country:
        q = q.where(t.c.country == f.country.upper())
    if f.side:
        q = q.where(sa.or_(t.c.actor == f.side, t.c.target == f.side))
    if f.event_type:
        q = q.where(t.c.event_type == f.event_type.upper())
    if f.mode:
        q = q.where(t.c.mode == f.mode.lower())
    if f.min_sources:
        q = q.where(t.c.n_publishers >= f.min_sources)
    if f.text:
        q = q.where(_text_filter(dialect, f.text))
    return q


def _searched(q: Any, f: EventQuery, dialect: str) -> Any:
    """On SQLite, rows a search matches are checked in the narrow index by seq (the FTS5 rowid), not read
    from the table: the planner otherwise takes the unique index on seq and reads every matching row."""
    if f.text and dialect == "sqlite" and search_terms(f.text):
        return q.with_hint(schema.events, "INDEXED BY ix_events_seq_list", "sqlite")
    return q


def event_rows(engine: sa.Engine, f: EventQuery | None = None, anchors: list[str] | None = None) -> list[dict[str, Any]]:
    """Fused event records (without mentions), date order (undated last), then id. A page (`f.limit`) is found
    in the list index first (`page_keys`; `anchors` from `page_anchors` for the same filters skip to a page
    deep in the list), then only its records are read."""
    f = f or EventQuery()
    t = schema.events
    if not f.limit:
        q = _where(sa.select(t.c.record), f, engine.dialect.name).order_by(t.c.sort_key)
        with engine.connect() as c:
            return [json.loads(r.record) for r in c.execute(q)]
    return rows_by_keys(engine, page_keys(engine, f, anchors))


ANCHOR_EVERY = 500  # events between two page anchors: a page reads at most this many index entries to skip


def page_anchors(engine: sa.Engine, f: EventQuery) -> list[str]:
    """The sort keys of the events matching `f` at positions 0, ANCHOR_EVERY, 2 x ANCHOR_EVERY ... (one pass
    over the list index). With them a page at any offset starts from the anchor before it: OFFSET counts the
    index entries it skips, so without them page 1,000 of 50 reads 50,000 entries to find its first key.
    Valid while the matching events and their order are (cache it under the counters `list_depends` names)."""
    t = schema.events
    d = engine.dialect.name
    q = _searched(_where(sa.select(t.c.sort_key), f, d), f, d).order_by(t.c.sort_key)
    with engine.connect() as c:  # read as a stream, every key kept only at an anchor (a window function: slower)
        return [key for i, key in enumerate(c.execute(q).scalars()) if i % ANCHOR_EVERY == 0]


def page_keys(engine: sa.Engine, f: EventQuery, anchors: list[str] | None = None) -> list[str]:
    """The sort keys of one page of the events matching `f` (`f.limit` from `f.offset`), from the covering list
    index; with `anchors` (`page_anchors` of the same filters, same store version) from the nearest anchor."""
    t = schema.events
    d = engine.dialect.name
    q = _searched(_where(sa.select(t.c.sort_key), f, d), f, d)
    offset = f.offset
    if anchors and offset >= ANCHOR_EVERY:
        k = min(offset // ANCHOR_EVERY, len(anchors) - 1)
        q = q.where(t.c.sort_key >= anchors[k])
        offset -= k * ANCHOR_EVERY
    q = q.order_by(t.c.sort_key).limit(f.limit).offset(offset)
    with engine.connect() as c:
        return [r.sort_key for r in c.execute(q)]


def driver_rows(engine: sa.Engine, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows of one read statement (`?` placeholders) run on a pooled driver connection, without
    SQLAlchemy's statement building, transaction events and result rows: for the hottest single-statement
    reads (a page's records: 0.12 instead of 0.35 ms on SQLite). One statement sees one state of the store."""
    if engine.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql, tuple(params))
        rows = cur.fetchall()
        cur.close()
    finally:
        raw.close()  # back to the pool, which ends the read's transaction
    return list(rows)


def rows_by_keys(engine: sa.Engine, keys: list[str]) -> list[dict[str, Any]]:
    """The event records of these sort keys, in their order (a key no longer stored is left out)."""
    if not keys:
        return []
    t = schema.events
    by_key: dict[str, str] = {}
    for i in range(0, len(keys), PAGE):
        chunk = keys[i:i + PAGE]
        by_key.update(driver_rows(engine, f"SELECT {t.c.sort_key.name}, {t.c.record.name} FROM {t.name} "
                                          f"WHERE {t.c.sort_key.name} IN ({', '.join('?' * len(chunk))})", chunk))
    return [orjson.loads(by_key[k]) for k in keys if k in by_key]


def edited_since(engine: sa.Engine, event_ids: list[str], edits: int) -> bool:
    """Whether an analyst's edit after the "edits" counter value `edits` changed any of these events
    (their `changed` stamps; an event no longer stored counts as changed)."""
    if not event_ids:
        return False
    t = schema.events
    with engine.connect() as c:
        rows = c.execute(sa.select(t.c.changed).where(t.c.id.in_(event_ids))).all()
    return len(rows) != len(set(event_ids)) or any(r.changed is not None and r.changed > edits for r in rows)


def list_depends(f: EventQuery) -> tuple[str, ...] | None:
    """The store counters (`store_version`) that the events matching `f`, their count and order depend on:
    `SHAPE` (fused events and edits beyond figures) unless `f` picks by review status, where every edit counts."""
    return SHAPE if f.status in (None, "all") else None


def iter_event_rows(engine: sa.Engine, f: EventQuery | None = None, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Like `event_rows`, read page by page (keyset on the sort key): memory stays bounded."""
    f = f or EventQuery()
    t = schema.events
    after = ""
    left = f.limit
    while left is None or left > 0:
        size = page if left is None else min(page, left)
        q = _where(sa.select(t.c.sort_key, t.c.record), f, engine.dialect.name).where(t.c.sort_key > after)
        with engine.connect() as c:
            rows = c.execute(q.order_by(t.c.sort_key).limit(size)).all()
        if not rows:
            return
        for r in rows:
            yield json.loads(r.record)
        after = rows[-1].sort_key
        if left is not None:
            left -= len(rows)


def count_events(engine: sa.Engine, f: EventQuery | None = None) -> int:
    f = f or EventQuery()
    q = _searched(_where(sa.select(sa.func.count()).select_from(schema.events), f, engine.dialect.name), f,
                  engine.dialect.name)
    with engine.connect() as c:
        return int(c.execute(q).scalar_one())


def members_of(conn: sa.Connection, event_ids: list[str]) -> dict[str, list[str]]:
    """event id -> its mention ids (sorted)."""
    em = schema.event_mentions
    out: dict[str, list[str]] = defaultdict(list)
    for i in range(0, len(event_ids), PAGE):
        for r in conn.execute(sa.select(em).where(em.c.event_id.in_(event_ids[i:i + PAGE]))):
            out[r.event_id].append(r.mention_id)
    return {k: sorted(v) for k, v in out.items()}


def fused_events(engine: sa.Engine, event_ids: list[str], conn: sa.Connection | None = None) -> list[FusedEvent]:
    """Events re-fused from their own stored mentions, in the given order (read on `conn` when given)."""
    if conn is None:
        with engine.connect() as c:
            return fused_events(engine, event_ids, c)
    members = members_of(conn, event_ids)
    by_id = {r["id"]: Mention.from_record(r)
             for r in mention_records_by_id(conn, sorted({i for ids in members.values() for i in ids}))}
    groups = [[by_id[i] for i in members.get(e, []) if i in by_id] for e in event_ids]
    return [fuse(g) for g in groups if g]


def iter_fused_events(engine: sa.Engine, f: EventQuery | None = None, page: int = PAGE) -> Iterator[FusedEvent]:
    """Every event matching `f` with its mentions, read page by page (for exports)."""
    batch: list[str] = []
    for r in iter_event_rows(engine, f, page):
        batch.append(r["id"])
        if len(batch) >= page:
            yield from fused_events(engine, batch)
            batch = []
    if batch:
        yield from fused_events(engine, batch)


def fused_event(engine: sa.Engine, event_id: str) -> FusedEvent:
    """One event re-fused from its stored mentions (so every source's reading is at hand)."""
    em = schema.event_mentions
    with engine.connect() as c:
        found = c.execute(sa.select(em.c.event_id).where(em.c.event_id == event_id).limit(1)).first()
        if found is None and len(event_id) >= 6:
            like = event_id.replace("%", "").replace("_", "") + "%"
            rows = c.execute(sa.select(schema.events.c.id).where(schema.events.c.id.like(like)).limit(2)).all()
            if len(rows) == 1:
                event_id = rows[0].id
                found = rows[0]
    if found is None:
        raise NotFoundError(f"no event {event_id!r}", "list events with `flashpoint events`")
    events = fused_events(engine, [event_id])
    if not events:
        raise NotFoundError(f"no event {event_id!r}", "list events with `flashpoint events`")
    return events[0]


def _links(engine: sa.Engine, where: Any = None, conn: sa.Connection | None = None) -> list[RetaliationLink]:
    t = schema.retaliation_links
    q = sa.select(t).order_by(t.c.from_event, t.c.text)
    if where is not None:
        q = q.where(where)
    if conn is not None:
        return [RetaliationLink(r.from_event, r.to_event, r.text, r.score) for r in conn.execute(q)]
    with engine.connect() as c:
        return [RetaliationLink(r.from_event, r.to_event, r.text, r.score) for r in c.execute(q)]


def retaliation_links(engine: sa.Engine) -> list[RetaliationLink]:
    return _links(engine)


def links_of(engine: sa.Engine, event_id: str, conn: sa.Connection | None = None) -> list[RetaliationLink]:
    """The retaliation links that start or end at one event."""
    t = schema.retaliation_links
    return _links(engine, sa.or_(t.c.from_event == event_id, t.c.to_event == event_id), conn)


def answered_by(engine: sa.Engine) -> dict[str, set[str]]:
    """Resolved retaliation links as: event id -> ids of the events stated to answer it."""
    out: dict[str, set[str]] = {}
    for lk in _links(engine, schema.retaliation_links.c.to_event.is_not(None)):
        if lk.to_event:
            out.setdefault(lk.to_event, set()).add(lk.from_event)
    return out


# What counts and series depend on: fused events and edits that change more than figures (SHAPE); what
# shows events depends on every edit as well.
SHAPE = ("events", "shape")
# What map data depends on: SHAPE and the one figure it shows, deaths (not injured, not the record).
MAP = ("events", "shape", "fatalities")


def counters_on(conn: sa.Connection) -> dict[str, int]:
    """Every store_state counter, read on `conn` (in its transaction's snapshot)."""
    s = schema.store_state
    return {r.key: int(r.value) for r in conn.execute(sa.select(s.c.key, s.c.value))}


def snapshot(engine: sa.Engine) -> Any:
    """A connection whose reads all see one state of the store (PostgreSQL: REPEATABLE READ; SQLite: a read
    transaction in WAL mode already does), for answers labelled exactly with the counters read in it."""
    c = engine.connect()
    if engine.dialect.name == "postgresql":
        c = c.execution_options(isolation_level="REPEATABLE READ")
    return c


def store_counters(engine: sa.Engine) -> dict[str, int]:
    """Every store_state counter: one statement on a pooled driver connection (every cached answer of the API
    reads them; a SQLAlchemy transaction around it cost more than the read)."""
    return {str(k): int(v) for k, v in driver_rows(engine, f"SELECT key, value FROM {schema.store_state.name}")}


def version_of(counters: dict[str, int], keys: tuple[str, ...] | None = None) -> tuple[int, ...]:
    """`store_version` from counters already read (`store_counters`)."""
    return tuple(counters[k] for k in sorted(counters) if keys is None or k in keys)


def store_version(engine: sa.Engine, keys: tuple[str, ...] | None = None) -> tuple[int, ...]:
    """Changes whenever events or analysts' edits change (cached answers are keyed by it); with `keys`, only
    when those counters do (`SHAPE`: not when an edit changes figures alone)."""
    return version_of(store_counters(engine), keys)


def resolve_event_id(engine: sa.Engine, key: str, conn: sa.Connection | None = None) -> str:
    """An event id from a full id or a unique prefix of one."""
    if conn is None:
        with engine.connect() as c:
            return resolve_event_id(engine, key, c)
    ev = schema.events
    if conn.execute(sa.select(ev.c.id).where(ev.c.id == key)).first():
        return key
    like = key.replace("%", "").replace("_", "") + "%"
    found = conn.execute(sa.select(ev.c.id).where(ev.c.id.like(like)).limit(2)).all() if len(key) >= 6 else []
    if len(found) == 1:
        return str(found[0].id)
    raise NotFoundError(f"no event {key!r}" + (" (the prefix is not unique)" if len(found) > 1 else ""),
                        "list events with `flashpoint events`")


def event_of_mention(engine: sa.Engine, mention_id: str) -> str | None:
    em = schema.event_mentions
    with engine.connect() as c:
        row = c.execute(sa.select(em.c.event_id).where(em.c.mention_id == mention_id)).first()
    return str(row.event_id) if row else None


def review_event(engine: sa.Engine, session: Any, event_id: str, action: str, field: str | None = None,
                 value: Any = None, reason: Any = None, *, fuse_now: bool = True, also: Any = None) -> dict[str, Any]:
    """Check and store one analyst's edit, then update the stored event (merges and splits rebuild the
    events they touch). Returns the audit entry with `event_id`: the event as it now stands.

    `fuse_now=False`: merges and splits only queue their events for fusion (in the edit's transaction);
    the caller runs it, e.g. as a background job (`store.jobs`). `also(conn, entry)` writes more in the
    edit's transaction (an idempotency key)."""
    from flashpoint.store.fusion import enqueue_event_refresh, mark_edited, refresh_reviews
    from flashpoint.store.review import record_edit

    event_id = resolve_event_id(engine, event_id)
    other = resolve_event_id(engine, str(value)) if action == "merge" and value is not None else None
    touched: list[str] = []
    if action in ("merge", "split"):
        with engine.connect() as c:
            touched = [m for ids in members_of(c, [event_id, *([other] if other else [])]).values() for m in ids]

    def with_edit(conn: sa.Connection, entry: dict[str, Any]) -> None:
        if touched:
            enqueue_event_refresh(conn, touched)  # the events are rebuilt by whoever fuses next
            mark_edited(conn, [event_id, *([other] if other else [])])  # meanwhile readers see the edit itself
        else:
            refresh_reviews(conn, [event_id])  # the stored event shows the edit from the same commit on
        if also is not None:
            also(conn, entry)

    entry = record_edit(engine, session, event_id, action, field, value, reason, other_event=other, also=with_edit)
    if action in ("merge", "split"):
        if not fuse_now:
            entry["event_id"] = event_id
            return entry
        update_events(engine)
        entry["event_id"] = event_of_mention(engine, entry["anchor"]) or event_id
    else:
        entry["event_id"] = event_id
    return entry


def with_mentions(engine: sa.Engine, rows: list[dict[str, Any]], conn: sa.Connection | None = None) -> list[dict[str, Any]]:
    """Reviewed event records (as `event_rows` gives them) with every source's mention attached."""
    from flashpoint.fuse.consensus import mention_record

    fused = {e.id: e for e in fused_events(engine, [r["id"] for r in rows], conn)}
    return [{**r, "mentions": [mention_record(m) for m in fused[r["id"]].mentions] if r["id"] in fused else []}
            for r in rows]


def reviewed_event(engine: sa.Engine, event_id: str) -> dict[str, Any]:
    """One event as reviewed, with its mentions, retaliation links and audit trail."""
    from flashpoint.store.review import audit, current_record

    with engine.connect() as c:  # one connection and one snapshot for all its parts
        eid = resolve_event_id(engine, event_id, c)
        rec = with_mentions(engine, [current_record(engine, eid, c)], c)[0]
        rec["retaliation_links"] = [vars(lk) for lk in links_of(engine, eid, c)]
        rec["audit"] = audit(engine, eid, conn=c)
    return rec


# -- aggregates answered in SQL ------------------------------------------------------------------------------
def _cell(dialect: str, col: Any, offset: float, size: float) -> Any:
    shifted = (col + offset) / size
    if dialect == "postgresql":
        return sa.cast(sa.func.floor(shifted), sa.Integer)
    return sa.cast(shifted, sa.Integer)  # SQLite: the shifted value is never negative, so CAST truncates = floor


def map_data(engine: sa.Engine, f: EventQuery | None = None, *, cell: float = 0.5,
             bbox: tuple[float, float, float, float] | None = None, max_points: int = 5000,
             conn: sa.Connection | None = None) -> dict[str, Any]:
    """Map data for the events matching `f` (with coordinates; inside bbox = (south, west, north, east)).

    `cell` > 0: events counted per grid cell of that many degrees (per acting side), with the cell's mean
    position, deaths and first/last day: a few KB whatever the store holds. `cell` = 0: the events
    themselves (id, position, date, type, sides, deaths, sources), at most `max_points`, newest first.
    Read on `conn` when given (one snapshot with what else the caller reads)."""
    f = f or EventQuery()
    t = schema.events
    d = engine.dialect.name
    cond: list[Any] = [t.c.latitude.is_not(None), t.c.longitude.is_not(None)]
    if bbox:
        south, west, north, east = bbox
        cond += [t.c.latitude >= south, t.c.latitude <= north, t.c.longitude >= west, t.c.longitude <= east]
    if conn is None:
        with engine.connect() as c:
            return map_data(engine, f, cell=cell, bbox=bbox, max_points=max_points, conn=c)
    c = conn
    if cell <= 0:
        q = _where(sa.select(t.c.id, t.c.latitude, t.c.longitude, t.c.date, t.c.event_type, t.c.actor_side,
                             t.c.target_side, t.c.fatalities_best, t.c.n_publishers), f, d).where(*cond)
        total = c.execute(_where(sa.select(sa.func.count()).select_from(t), f, d).where(*cond)).scalar_one()
        rows = c.execute(q.order_by(t.c.sort_key.desc()).limit(max_points)).all()
        return {"mode": "points", "total": int(total), "truncated": int(total) > len(rows),
                "points": [{"id": r.id, "lat": r.latitude, "lon": r.longitude, "date": r.date,
                            "type": r.event_type, "actor_side": r.actor_side, "target_side": r.target_side,
                            "fatalities": r.fatalities_best, "sources": r.n_publishers} for r in rows]}
    cy, cx = _cell(d, t.c.latitude, 90.0, cell).label("cy"), _cell(d, t.c.longitude, 180.0, cell).label("cx")
    q = _where(sa.select(cy, cx, t.c.actor_side, sa.func.count().label("n"),
                         sa.func.sum(t.c.fatalities_best).label("dead"), sa.func.avg(t.c.latitude).label("lat"),
                         sa.func.avg(t.c.longitude).label("lon"), sa.func.min(t.c.date).label("first"),
                         sa.func.max(t.c.date).label("last")), f, d).where(*cond)
    rows = c.execute(q.group_by(cy, cx, t.c.actor_side)).all()
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rows:
        k = (r.cy, r.cx)
        e = cells.setdefault(k, {"n": 0, "fatalities": 0, "lat_sum": 0.0, "lon_sum": 0.0, "first": r.first,
                                 "last": r.last, "by_side": {}})
        e["n"] += r.n
        e["fatalities"] += int(r.dead or 0)
        e["lat_sum"] += float(r.lat) * r.n
        e["lon_sum"] += float(r.lon) * r.n
        e["first"], e["last"] = min(e["first"] or "~", r.first or "~"), max(e["last"] or "", r.last or "")
        e["by_side"][r.actor_side or "unknown"] = r.n
    out = []
    for (y, x), e in sorted(cells.items()):
        out.append({"lat": round(e.pop("lat_sum") / e["n"], 4), "lon": round(e.pop("lon_sum") / e["n"], 4),
                    "south": y * cell - 90.0, "west": x * cell - 180.0, **e})
    return {"mode": "cells", "cell_deg": cell, "total": sum(e["n"] for e in out), "cells": out}


def map_changes(conn: sa.Connection, since: int, until: int) -> list[tuple[str, int | None, int | None]] | None:
    """The changes of deaths between two values of the "fatalities" counter, in order: (event id, deaths
    before, after); None when some are no longer kept (then the map must be computed again)."""
    fc = schema.figure_changes
    rows = conn.execute(sa.select(fc.c.counter, fc.c.event_id, fc.c.before, fc.c.after)
                        .where(fc.c.counter > since, fc.c.counter <= until).order_by(fc.c.seq)).all()
    if len({r.counter for r in rows}) != until - since:  # every bump wrote its rows in the same transaction
        return None
    return [(r.event_id, r.before, r.after) for r in rows]


def patch_map(conn: sa.Connection, answer: dict[str, Any], changes: list[tuple[str, int | None, int | None]],
              f: EventQuery | None = None, *, cell: float = 0.5,
              bbox: tuple[float, float, float, float] | None = None) -> dict[str, Any] | None:
    """`map_data`'s answer brought up to date with `changes` of deaths (`map_changes`) made while nothing else
    that map data reads changed (the "events" and "shape" counters as they were): the events are where they
    were, so each change adds its difference to its event's cell (or sets its point's deaths). None when
    the answer cannot be patched (an event's cell is not in it): compute it again."""
    f = f or EventQuery()
    t = schema.events
    d = conn.dialect.name
    ids = sorted({e for e, _, _ in changes})
    cond: list[Any] = [t.c.latitude.is_not(None), t.c.longitude.is_not(None), t.c.id.in_(ids)]
    if bbox:
        south, west, north, east = bbox
        cond += [t.c.latitude >= south, t.c.latitude <= north, t.c.longitude >= west, t.c.longitude <= east]
    out = json.loads(json.dumps(answer))  # a copy: the cached answer may be served meanwhile
    if out.get("mode") == "points":
        last = {e: after for e, _, after in changes}
        for p in out["points"]:
            if p["id"] in last:
                p["fatalities"] = last[p["id"]]
        return out
    cy, cx = _cell(d, t.c.latitude, 90.0, cell).label("cy"), _cell(d, t.c.longitude, 180.0, cell).label("cx")
    # the matching events' cells, computed as map_data computes them
    where = {r.id: (r.cy, r.cx) for r in conn.execute(_where(sa.select(t.c.id, cy, cx), f, d).where(*cond))}
    cells = {(round((e["south"] + 90.0) / cell), round((e["west"] + 180.0) / cell)): e for e in out["cells"]}
    for e, before, after in changes:
        if e not in where:
            continue  # not on this map (filtered out, outside the box, no position)
        entry = cells.get(where[e])
        if entry is None:
            return None
        entry["fatalities"] += (after or 0) - (before or 0)
    return out


def analysis_rows(engine: sa.Engine, f: EventQuery | None = None) -> list[dict[str, Any]]:
    """What the analysis reads of each event (reviewed values), from columns: no record is parsed. Each row
    stands for one event (`n` = 1), as `analysis_groups` rows stand for several."""
    f = f or EventQuery(status="all")
    t = schema.events
    q = _where(sa.select(t.c.id, t.c.event_type, t.c.date, t.c.date_precision, t.c.actor, t.c.target, t.c.mode,
                         t.c.fatalities_best, t.c.injured_best, t.c.review_status), f,
               engine.dialect.name)  # in no order: read from the covering analysis index
    with engine.connect() as c:
        return [{"id": r[0], "event_type": r[1], "date": r[2], "date_precision": r[3], "actor": r[4], "target": r[5],
                 "mode": r[6], "fatalities": r[7], "injured": r[8], "status": r[9] or "unreviewed", "n": 1}
                for r in c.execute(q)]


def analysis_groups(engine: sa.Engine, f: EventQuery | None = None) -> list[dict[str, Any]]:
    """The analysis columns that decide whether and where an event is counted (type, day, precision, actor,
    target, review status), grouped in SQL with the number of events `n` of each: for counts (series), a
    few thousand rows whatever the number of events."""
    f = f or EventQuery(status="all")
    t = schema.events
    cols = (t.c.event_type, t.c.date, t.c.date_precision, t.c.actor, t.c.target, t.c.review_status)
    q = _where(sa.select(*cols, sa.func.count().label("n")), f, engine.dialect.name).group_by(*cols)
    with engine.connect() as c:
        return [{"event_type": r[0], "date": r[1], "date_precision": r[2], "actor": r[3], "target": r[4],
                 "status": r[5] or "unreviewed", "n": int(r[6])} for r in c.execute(q)]


def links_page(engine: sa.Engine, *, since: dt.date | None = None, until: dt.date | None = None,
               limit: int = 1000, offset: int = 0) -> tuple[int, list[RetaliationLink]]:
    """Retaliation links whose answering event falls in [since, until], a page at a time (with the total)."""
    rl, ev = schema.retaliation_links, schema.events
    cond = []
    if since:
        cond.append(ev.c.date >= since.isoformat())
    if until:
        cond.append(ev.c.date <= until.isoformat())
    base = sa.select(rl).join(ev, ev.c.id == rl.c.from_event).where(*cond)
    with engine.connect() as c:
        total = c.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
        rows = c.execute(base.order_by(rl.c.from_event, rl.c.text).limit(limit).offset(offset)).all()
    return int(total), [RetaliationLink(r.from_event, r.to_event, r.text, r.score) for r in rows]


def tally_counter(engine: sa.Engine) -> Any:
    """A `check_tallies` counter that counts in SQL: ASSAULT events not rejected, in the window and countries,
    whose actor and target are (or belong to) the named sides; memoised per question."""
    from flashpoint.fuse.tally_check import _side_ok

    t = schema.events
    names: dict[str, list[str]] = {}
    memo: dict[tuple[Any, ...], float] = {}

    def distinct(col: Any) -> list[str]:
        if col.name not in names:
            with engine.connect() as c:
                names[col.name] = sorted(r[0] for r in c.execute(sa.select(col).where(col.is_not(None)).distinct()))
        return names[col.name]

    def count(measure: str, actor: str | None, target: str | None, since: dt.date | None, until: dt.date | None,
              where: set[str]) -> float:
        key = (measure, actor, target, since, until, tuple(sorted(where)))
        if key in memo:
            return memo[key]
        what = sa.func.count() if measure == "events" else sa.func.coalesce(
            sa.func.sum(t.c.fatalities_best if measure == "fatalities" else t.c.injured_best), 0)
        q = sa.select(what).select_from(t).where(t.c.event_type == "ASSAULT", t.c.date.is_not(None),
                                                 t.c.review_status != "rejected")
        if since:
            q = q.where(t.c.date >= since.isoformat())
        if until:
            q = q.where(t.c.date <= until.isoformat())
        if where:
            q = q.where(t.c.country.in_(sorted(where)))
        for wanted, col in ((actor, t.c.actor), (target, t.c.target)):
            if wanted is not None:
                q = q.where(col.in_([n for n in distinct(col) if _side_ok(wanted, n)]))
        with engine.connect() as c:
            memo[key] = float(c.execute(q).scalar_one() or 0)
        return memo[key]

    return count
