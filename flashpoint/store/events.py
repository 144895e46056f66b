"""Fused events in the store: incremental update after ingest, and queries.

`update_events` finds what changed on its own: latest mentions that belong to no event yet, and events
that lost a member (a report replaced by a new version). Only their (type, country) blocks are
re-clustered; clustering is deterministic, so events that did not change keep their ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import NotFoundError
from flashpoint.fuse.cluster import block_key, cluster_mentions
from flashpoint.fuse.consensus import FusedEvent, event_record, fuse
from flashpoint.fuse.mentions import Mention
from flashpoint.fuse.retaliation import RetaliationLink, resolve
from flashpoint.store import schema
from flashpoint.store.extractions import mention_records
from flashpoint.store.review import apply_edits, cluster_overrides, edits_by_anchor, machine_record


@dataclass
class FuseSummary:
    blocks: list[str] = field(default_factory=list)
    events: int = 0  # events (re)written
    mentions: int = 0
    links: int = 0
    resolved_links: int = 0


def latest_mentions(engine: sa.Engine) -> list[Mention]:
    return [Mention.from_record(r) for r in mention_records(engine)]


def update_events(engine: sa.Engine, *, rebuild: bool = False) -> FuseSummary:
    mentions = latest_mentions(engine)
    by_id = {m.id: m for m in mentions}
    em, ev = schema.event_mentions, schema.events
    with engine.connect() as c:
        assigned = {r.mention_id: (r.event_id, r.block) for r in c.execute(
            sa.select(em.c.mention_id, em.c.event_id, ev.c.block).join(ev, ev.c.id == em.c.event_id))}
    if rebuild:
        blocks = {block_key(m) for m in mentions} | {b for _, b in assigned.values()}
    else:
        blocks = {block_key(m) for m in mentions if m.id not in assigned}
        blocks |= {b for mid, (_, b) in assigned.items() if mid not in by_id}
    merges, splits = cluster_overrides(engine)
    blocks = _merge_closure(blocks, merges, by_id, assigned)
    summary = FuseSummary(blocks=sorted(blocks))
    if not blocks:
        return summary
    clusters = cluster_mentions(m for m in mentions if block_key(m) in blocks)
    fused = [fuse(c) for c in apply_overrides(clusters, merges, splits)]
    with engine.begin() as conn:
        conn.execute(ev.delete().where(ev.c.block.in_(blocks)))
        edits = edits_by_anchor(conn, [m.id for e in fused for m in e.mentions])
        for e in fused:
            _insert(conn, e, [x for m in e.mentions for x in edits.get(m.id, [])])
        summary.events = len(fused)
        summary.mentions = sum(e.n_mentions for e in fused)
        links = resolve(_all_events(conn, by_id))
        conn.execute(schema.retaliation_links.delete())
        for link in links:
            conn.execute(schema.retaliation_links.insert().values(
                from_event=link.from_event, to_event=link.to_event, text=link.text, score=link.score))
    summary.links = len(links)
    summary.resolved_links = sum(1 for lk in links if lk.to_event)
    return summary


def apply_overrides(clusters: list[list[Mention]], merges: list[tuple[str, str]], splits: set[str]) -> list[list[Mention]]:
    """Analysts' merges (two anchors into one event) and splits (a mention into its own event)."""
    out = [[m for m in c if m.id not in splits] for c in clusters]
    out += [[m] for c in clusters for m in c if m.id in splits]
    for a, b in merges:
        ia = next((i for i, c in enumerate(out) if any(m.id == a for m in c)), None)
        ib = next((i for i, c in enumerate(out) if any(m.id == b for m in c)), None)
        if ia is not None and ib is not None and ia != ib:
            out[ia] = out[ia] + out[ib]
            out[ib] = []
    return [c for c in out if c]


def _merge_closure(blocks: set[str], merges: list[tuple[str, str]], by_id: dict[str, Mention],
                   assigned: dict[str, tuple[str, str]]) -> set[str]:
    """Blocks joined by an analyst's merge are rebuilt together (a merged event spans both)."""
    def blocks_of(anchor: str) -> set[str]:
        out = {block_key(by_id[anchor])} if anchor in by_id else set()
        if anchor in assigned:
            out.add(assigned[anchor][1])
        return out

    out = set(blocks)
    changed = bool(out)
    while changed:
        changed = False
        for a, b in merges:
            both = blocks_of(a) | blocks_of(b)
            if out & both and not both <= out:
                out |= both
                changed = True
    return out


def _columns(rec: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns of a (reviewed) event record."""
    return dict(
        event_type=rec["event_type"], date=rec["date"], date_precision=rec["date_precision"], mode=rec["mode"],
        actor=rec["actor"], target=rec["target"], location=rec["location"], country=rec["country"],
        latitude=rec["latitude"], longitude=rec["longitude"],
        fatalities_best=(rec.get("fatalities") or {}).get("best"), injured_best=(rec.get("injured") or {}).get("best"),
        n_mentions=rec["n_mentions"], n_documents=rec["n_documents"], n_publishers=rec["n_publishers"],
        disputed=json.dumps(rec.get("disputed") or {}), record=json.dumps(rec),
        review_status=(rec.get("review") or {}).get("status", "unreviewed"),
    )


def _insert(conn: sa.Connection, e: FusedEvent, edits: list[dict[str, Any]]) -> None:
    rec = apply_edits(event_record(e, with_mentions=False), edits)
    conn.execute(schema.events.insert().values(id=e.id, block=e.block, **_columns(rec)))
    for m in e.mentions:
        conn.execute(schema.event_mentions.insert().values(mention_id=m.id, event_id=e.id))


def refresh_reviews(conn: sa.Connection, event_ids: list[str]) -> None:
    """Re-apply the stored edits to events (after an edit): the machine reading is kept in each record."""
    em, ev = schema.event_mentions, schema.events
    for event_id in event_ids:
        row = conn.execute(sa.select(ev.c.record).where(ev.c.id == event_id)).first()
        if row is None:
            continue
        members = [r.mention_id for r in conn.execute(sa.select(em.c.mention_id).where(em.c.event_id == event_id))]
        rec = apply_edits(machine_record(json.loads(row.record)), edits_by_anchor(conn, members)["*"])
        conn.execute(ev.update().where(ev.c.id == event_id).values(**_columns(rec)))


def resolve_event_id(engine: sa.Engine, key: str) -> str:
    """An event id from a full id or a unique prefix of one."""
    ev = schema.events
    with engine.connect() as c:
        if c.execute(sa.select(ev.c.id).where(ev.c.id == key)).first():
            return key
        like = key.replace("%", "").replace("_", "") + "%"
        found = c.execute(sa.select(ev.c.id).where(ev.c.id.like(like)).limit(2)).all() if len(key) >= 6 else []
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
                 value: Any = None, reason: Any = None) -> dict[str, Any]:
    """Check and store one analyst's edit, then update the stored event (merges and splits rebuild the
    events they touch). Returns the audit entry with `event_id`: the event as it now stands."""
    from flashpoint.store.review import record_edit

    event_id = resolve_event_id(engine, event_id)
    other = resolve_event_id(engine, str(value)) if action == "merge" and value is not None else None
    entry = record_edit(engine, session, event_id, action, field, value, reason, other_event=other)
    if action in ("merge", "split"):
        update_events(engine, rebuild=True)
        entry["event_id"] = event_of_mention(engine, entry["anchor"]) or event_id
    else:
        with engine.begin() as conn:
            refresh_reviews(conn, [event_id])
        entry["event_id"] = event_id
    return entry


def _all_events(conn: sa.Connection, by_id: dict[str, Mention]) -> list[FusedEvent]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for r in conn.execute(sa.select(schema.event_mentions)):
        if r.mention_id in by_id:
            groups[r.event_id].append(by_id[r.mention_id])
    return [fuse(ms) for _, ms in sorted(groups.items())]


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


def _where(q: Any, f: EventQuery) -> Any:
    t = schema.events
    if f.status is None:
        q = q.where(t.c.review_status != "rejected")
    elif f.status == "reviewed":
        q = q.where(t.c.review_status.in_(("confirmed", "corrected")))
    elif f.status != "all":
        q = q.where(t.c.review_status == f.status)
    if f.since:
        q = q.where(t.c.date >= f.since.isoformat())
    if f.until:
        q = q.where(t.c.date <= f.until.isoformat())
    if f.country:
        q = q.where(t.c.country == f.country.upper())
    if f.side:
        q = q.where(sa.or_(t.c.actor == f.side, t.c.target == f.side))
    if f.sides is not None:
        names = sorted(f.sides)
        q = q.where(sa.or_(t.c.actor.in_(names), t.c.target.in_(names)))
    if f.event_type:
        q = q.where(t.c.event_type == f.event_type.upper())
    if f.mode:
        q = q.where(t.c.mode == f.mode.lower())
    if f.min_sources:
        q = q.where(t.c.n_publishers >= f.min_sources)
    if f.text:
        like = "%" + f.text.replace("%", "").replace("_", "") + "%"
        q = q.where(sa.or_(t.c.record.ilike(like), t.c.id.in_(
            sa.select(schema.event_mentions.c.event_id).join(
                schema.mentions, schema.mentions.c.id == schema.event_mentions.c.mention_id
            ).where(schema.mentions.c.evidence.ilike(like)))))
    return q


def event_rows(engine: sa.Engine, f: EventQuery | None = None) -> list[dict[str, Any]]:
    """Fused event records (without mentions), date order."""
    f = f or EventQuery()
    t = schema.events
    q = _where(sa.select(t.c.record), f).order_by(t.c.date.is_(None), t.c.date, t.c.id)
    if f.limit:
        q = q.limit(f.limit).offset(f.offset)
    with engine.connect() as c:
        return [json.loads(r.record) for r in c.execute(q)]


def count_events(engine: sa.Engine, f: EventQuery | None = None) -> int:
    q = _where(sa.select(sa.func.count()).select_from(schema.events), f or EventQuery())
    with engine.connect() as c:
        return int(c.execute(q).scalar_one())


def fused_events(engine: sa.Engine, event_ids: list[str]) -> list[FusedEvent]:
    """Events re-fused from their stored mentions, in the given order; the mentions are read once."""
    em = schema.event_mentions
    with engine.connect() as c:
        members: dict[str, set[str]] = defaultdict(set)
        for r in c.execute(sa.select(em).where(em.c.event_id.in_(event_ids))):
            members[r.event_id].add(r.mention_id)
    by_id = {m.id: m for m in latest_mentions(engine)}
    groups = [[by_id[i] for i in sorted(members[e]) if i in by_id] for e in event_ids]
    return [fuse(g) for g in groups if g]


def fused_event(engine: sa.Engine, event_id: str) -> FusedEvent:
    """One event re-fused from its stored mentions (so every source's reading is at hand)."""
    em = schema.event_mentions
    with engine.connect() as c:
        ids = [r.mention_id for r in c.execute(sa.select(em.c.mention_id).where(em.c.event_id == event_id))]
        if not ids:
            like = event_id.replace("%", "").replace("_", "") + "%"
            found = c.execute(sa.select(schema.events.c.id).where(schema.events.c.id.like(like)).limit(2)).all()
            if len(found) == 1:
                return fused_event(engine, found[0].id)
    if not ids:
        raise NotFoundError(f"no event {event_id!r}", "list events with `flashpoint events`")
    return fused_events(engine, [event_id])[0]


def with_mentions(engine: sa.Engine, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reviewed event records (as `event_rows` gives them) with every source's mention attached."""
    from flashpoint.fuse.consensus import mention_record

    fused = {e.id: e for e in fused_events(engine, [r["id"] for r in rows])}
    return [{**r, "mentions": [mention_record(m) for m in fused[r["id"]].mentions] if r["id"] in fused else []}
            for r in rows]


def reviewed_event(engine: sa.Engine, event_id: str) -> dict[str, Any]:
    """One event as reviewed, with its mentions, retaliation links and audit trail."""
    from flashpoint.store.review import audit, current_record

    eid = resolve_event_id(engine, event_id)
    rec = with_mentions(engine, [current_record(engine, eid)])[0]
    rec["retaliation_links"] = [vars(lk) for lk in links_of(engine, eid)]
    rec["audit"] = audit(engine, eid)
    return rec


def retaliation_links(engine: sa.Engine) -> list[RetaliationLink]:
    t = schema.retaliation_links
    with engine.connect() as c:
        return [RetaliationLink(r.from_event, r.to_event, r.text, r.score)
                for r in c.execute(sa.select(t).order_by(t.c.from_event, t.c.text))]


def links_of(engine: sa.Engine, event_id: str) -> list[RetaliationLink]:
    """The retaliation links that start or end at one event."""
    return [lk for lk in retaliation_links(engine) if event_id in (lk.from_event, lk.to_event)]


def answered_by(engine: sa.Engine) -> dict[str, set[str]]:
    """Resolved retaliation links as: event id -> ids of the events stated to answer it."""
    out: dict[str, set[str]] = {}
    for lk in retaliation_links(engine):
        if lk.to_event:
            out.setdefault(lk.to_event, set()).add(lk.from_event)
    return out
