"""Fusion in the store: incremental, crash-safe, and safe with several writers.

Every change to the mentions (a new report, a new version of a page, a re-extraction) queues the
mentions that came or went in `fusion_queue`, in the same transaction as the change. `update_events`
works the queue block by block (type, country): it replays the clustering only where it can change
(`fuse.cluster.BlockClustering`, reading the stored outcome through the (block, day) index of `fusion`),
rewrites only the events whose members changed, and re-resolves only the retaliation links those
events can affect. Each block is one transaction: a crash leaves the queue as it was.

Writers: on SQLite the transaction holds the write lock (BEGIN IMMEDIATE); on PostgreSQL it takes an
advisory lock per block (and one for the links), so processes fuse different blocks at once and the
same block one after the other; conflicts are retried (`db.retrying`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from flashpoint.fuse.cluster import BlockClustering, Node, block_key
from flashpoint.fuse.compat import near_midnight
from flashpoint.fuse.consensus import FusedEvent, event_record, fuse
from flashpoint.fuse.mentions import Mention
from flashpoint.fuse.retaliation import MAX_DAYS, LinkEvent, RetaliationLink, resolve_for
from flashpoint.store import plain, schema
from flashpoint.store.db import RetryableConflict, advisory_lock, retrying, write_transaction
from flashpoint.store.extractions import mention_records_by_id
from flashpoint.store.fusion_queue import block_expr, enqueue_documents
from flashpoint.store.review import apply_edits, edits_by_anchor

CHUNK = 500  # ids per IN (...) list
Progress = Callable[[int, int], None]


@dataclass
class FuseSummary:
    blocks: list[str] = field(default_factory=list)
    events: int = 0  # events (re)written
    mentions: int = 0  # mentions in the events (re)written
    removed: int = 0  # events that no longer exist
    links: int = 0  # retaliation links re-resolved
    resolved_links: int = 0


# -- the queue -------------------------------------------------------------------------------------------
def enqueue_event_refresh(conn: sa.Connection, mention_ids: Iterable[str]) -> None:
    """Queue the events holding these mentions to be rebuilt (after an analyst's merge or split)."""
    ids = sorted(set(mention_ids))
    rows = []
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        rows += [{"mention_id": r.mention_id, "block": r.block, "kind": "e"} for r in plain.run(
            conn, f"SELECT mention_id, block FROM fusion WHERE mention_id IN ({plain.marks(len(part))})", part)]
    plain.insert(conn, schema.fusion_queue, rows)


def pending_blocks(engine: sa.Engine) -> list[str]:
    with engine.connect() as c:
        return sorted(r[0] for r in c.execute(sa.select(schema.fusion_queue.c.block).distinct()))


def mark_edited(conn: sa.Connection, event_ids: list[str]) -> int:
    """An analyst's edit to these events: bump "edits" and stamp the events' `changed` with its new value (so
    cached answers that show them are read again); returns that value."""
    bump(conn, "edits")
    s, ev = schema.store_state, schema.events
    stamp = int(conn.execute(sa.select(s.c.value).where(s.c.key == "edits")).scalar_one())
    if event_ids:
        conn.execute(ev.update().where(ev.c.id.in_(sorted(set(event_ids)))).values(changed=stamp))
    return stamp


def bump(conn: sa.Connection, key: str) -> None:
    """Tell cached readers that what they read has changed."""
    conn.execute(schema.store_state.update().where(schema.store_state.c.key == key)
                 .values(value=schema.store_state.c.value + 1))


# -- the fusion state ------------------------------------------------------------------------------------
def snapshot(m: Mention) -> str:
    """What the fusion rules read of a mention, as stored in `fusion.data`."""
    return json.dumps({
        "doc_id": m.doc_id, "event_type": m.event_type, "date": m.date.isoformat() if m.date else None,
        "date_precision": m.date_precision, "actor": m.actor, "target": m.target, "country": m.country,
        "mode": m.mode, "location": m.location, "latitude": m.latitude, "longitude": m.longitude,
        "geo_precision": m.geo_precision, "fatalities": list(m.fatalities) if m.fatalities else None,
        "near_midnight": near_midnight(m),
    }, sort_keys=True)


def _from_snapshot(mention_id: str, data: str) -> Mention:
    d = json.loads(data)
    nm = d.pop("near_midnight")
    d["date"] = dt.date.fromisoformat(d["date"]) if d["date"] else None
    d["fatalities"] = tuple(d["fatalities"]) if d["fatalities"] else None
    m = Mention(id=mention_id, **d)
    object.__setattr__(m, "_near_midnight", nm)  # the evidence itself is not kept here
    return m


def _node(r: Any) -> Node:
    return Node(r.mention_id, _from_snapshot(r.mention_id, r.data), r.key, r.lo, r.hi, r.founder)


def _loader(conn: sa.Connection, block: str) -> Callable[[int, int], list[Node]]:
    f = schema.fusion

    def load(first: int, last: int) -> list[Node]:
        q = sa.select(f).where(f.c.block == block, f.c.lo >= first, f.c.lo <= last)
        return [_node(r) for r in conn.execute(q)]

    return load


def _in(conn: sa.Connection, query: Callable[[list[str]], Any], ids: Iterable[str]) -> list[Any]:
    ids = sorted(set(ids))
    out: list[Any] = []
    for i in range(0, len(ids), CHUNK):
        out += list(conn.execute(query(ids[i:i + CHUNK])))
    return out


# -- update ----------------------------------------------------------------------------------------------
def update_events(engine: sa.Engine, *, rebuild: bool = False, blocks: Iterable[str] | None = None,
                  progress: Progress | None = None) -> FuseSummary:
    """Work the fusion queue (or, with `rebuild`, cluster every block from scratch)."""
    summary = FuseSummary()
    if rebuild:
        with engine.connect() as c:
            todo = sorted({r[0] for r in c.execute(sa.select(block_expr()).distinct())}
                          | {r[0] for r in c.execute(sa.select(schema.fusion.c.block).distinct())})
    else:
        todo = sorted(set(blocks) if blocks is not None else pending_blocks(engine))
    for k, block in enumerate(todo):
        _fuse_block(engine, block, summary, rebuild=rebuild)
        if progress:
            progress(k + 1, len(todo))
    summary.blocks = todo if rebuild else [b for b in todo if b in summary.blocks]
    return summary


FUSE_SLICE = 4000  # queued mentions of a block fused per transaction (bounds the memory of a large backfill)


def _fuse_block(engine: sa.Engine, block: str, summary: FuseSummary, *, rebuild: bool) -> None:
    """Fuse what is queued for `block`, in slices of FUSE_SLICE mentions in date order, each slice one
    transaction (retried alone on a conflict). Each slice is an incremental update like any other: the
    clustering is a function of the stored mentions, not of the order they were fused in, so the events
    are those of one pass; slices only bound the memory (a backfill queues a whole block at once)."""
    if rebuild:
        retrying(lambda: _fuse_slice(engine, block, summary, rebuild=True))
        return
    while retrying(lambda: _fuse_slice(engine, block, summary, rebuild=False)):
        pass


def _next_slice(conn: sa.Connection, block: str) -> Sequence[Any]:
    """The queue rows of the first FUSE_SLICE queued mentions of `block` by date (undated and gone last)."""
    q, m = schema.fusion_queue, schema.mentions
    q2 = q.alias("q2")
    first = (sa.select(q2.c.mention_id).outerjoin(m, m.c.id == q2.c.mention_id).where(q2.c.block == block)
             .group_by(q2.c.mention_id).order_by(sa.func.min(sa.func.coalesce(m.c.date, "~")), q2.c.mention_id)
             .limit(FUSE_SLICE))
    return conn.execute(sa.select(q.c.seq, q.c.mention_id, q.c.kind)
                        .where(q.c.block == block, q.c.mention_id.in_(first.scalar_subquery()))).all()


def _fuse_slice(engine: sa.Engine, block: str, summary: FuseSummary, *, rebuild: bool) -> bool:
    """Fuse one slice of the block's queue (everything, with `rebuild`); False when nothing was queued."""
    with write_transaction(engine) as conn:
        advisory_lock(conn, f"fuse:{block}")
        q, f = schema.fusion_queue, schema.fusion
        queued = (conn.execute(sa.select(q.c.seq, q.c.mention_id, q.c.kind).where(q.c.block == block)).all()
                  if rebuild else _next_slice(conn, block))
        if not queued and not rebuild:
            return False
        mids = {r.mention_id for r in queued if r.kind == "m"}
        refresh = {r.mention_id for r in queued if r.kind == "e"}
        if rebuild:
            mids |= {r[0] for r in conn.execute(sa.select(f.c.mention_id).where(f.c.block == block))}
            m = schema.mentions
            mids |= {r[0] for r in conn.execute(sa.select(m.c.id).where(block_expr() == block))}
        stored = {r.mention_id: r for r in _in(conn, lambda ids: sa.select(f).where(f.c.mention_id.in_(ids),
                                                                                    f.c.block == block), mids)}
        current = {r["id"]: Mention.from_record(r) for r in mention_records_by_id(conn, sorted(mids))}
        current = {i: mm for i, mm in current.items() if block_key(mm) == block}
        bc = BlockClustering(loader=_loader(conn, block))
        if rebuild:
            bc.loader = None  # every mention is re-placed: nothing stored is read
        for i in sorted(mids):
            s, c = stored.get(i), current.get(i)
            if s is not None and c is not None and snapshot(c) == s.data and not rebuild:
                continue  # re-extracted the same
            if s is not None:
                bc.remove(_node(s))
            if c is not None:
                bc.add(c)
        bc.run()
        _write_state(conn, block, bc)
        seqs = [r.seq for r in queued]
        for i in range(0, len(seqs), CHUNK):
            conn.execute(q.delete().where(q.c.seq.in_(seqs[i:i + CHUNK])))
        seeds = set(bc.changed) | refresh | {i for fo in bc.touched for i in bc.members.get(fo, ())}
        seeds |= {fo for fo in bc.touched}
        if rebuild:
            seeds |= set(stored)
        if seeds:
            changed = rewrite_events(conn, seeds, summary)
            if changed:
                if block not in summary.blocks:
                    summary.blocks.append(block)
                bump(conn, "events")
        return True


def _write_state(conn: sa.Connection, block: str, bc: BlockClustering) -> None:
    f = schema.fusion
    gone = [i for i in bc.changed if i not in bc.nodes]
    kept = [bc.nodes[i] for i in sorted(bc.changed) if i in bc.nodes]
    for i in range(0, len(gone), CHUNK):
        conn.execute(f.delete().where(f.c.mention_id.in_(gone[i:i + CHUNK])))
    ids = [n.id for n in kept]
    for i in range(0, len(ids), CHUNK):
        conn.execute(f.delete().where(f.c.mention_id.in_(ids[i:i + CHUNK])))
    rows = [{"mention_id": n.id, "block": block, "key": n.key, "lo": n.lo, "hi": n.hi, "founder": n.founder,
             "data": snapshot(n.m)} for n in kept]
    for i in range(0, len(rows), CHUNK):
        conn.execute(f.insert(), rows[i:i + CHUNK])


# -- events ----------------------------------------------------------------------------------------------
def _overrides(conn: sa.Connection) -> tuple[list[tuple[int, str, str]], dict[str, int]]:
    """Analysts' merges as (edit id, anchor, other anchor) in the order made, and each mention split off with the
    id of its latest split."""
    t = schema.review_edits
    merges: list[tuple[int, str, str]] = []
    splits: dict[str, int] = {}
    for r in conn.execute(sa.select(t).where(t.c.action.in_(("merge", "split"))).order_by(t.c.id)):
        v = json.loads(r.value) if r.value else None
        if r.action == "merge" and isinstance(v, str):
            merges.append((r.id, r.anchor, v))
        elif r.action == "split" and isinstance(v, str):
            splits[v] = r.id
    return merges, splits


def rewrite_events(conn: sa.Connection, seeds: set[str], summary: FuseSummary) -> int:
    """Rebuild every event that holds (or should hold) one of the `seeds` mentions; returns how many
    events changed. Events are the clusters of `fusion`, with analysts' splits taken out and merges joined."""
    f, em, ev = schema.fusion, schema.event_mentions, schema.events
    merges, splits = _overrides(conn)
    founder: dict[str, str] = {}  # mention -> founder, for every mention reached
    members: dict[str, set[str]] = defaultdict(set)  # founder -> mentions
    old_event: dict[str, str] = {}  # mention -> the event it is in now
    seen_events: set[str] = set()
    frontier = set(seeds)
    seen: set[str] = set()
    while frontier:
        seen |= frontier
        for r in _in(conn, lambda ids: sa.select(em.c.mention_id, em.c.event_id).where(em.c.mention_id.in_(ids)), frontier):
            old_event[r.mention_id] = r.event_id
        new_events = {old_event[i] for i in frontier if i in old_event} - seen_events
        seen_events |= new_events
        reached = set(frontier)
        for r in _in(conn, lambda ids: sa.select(em.c.mention_id, em.c.event_id).where(em.c.event_id.in_(ids)), new_events):
            old_event[r.mention_id] = r.event_id
            reached.add(r.mention_id)
        for r in _in(conn, lambda ids: sa.select(f.c.mention_id, f.c.founder).where(f.c.mention_id.in_(ids)), reached):
            founder[r.mention_id] = r.founder
        new_founders = {founder[i] for i in reached if i in founder} - set(members)
        for r in _in(conn, lambda ids: sa.select(f.c.mention_id, f.c.founder, f.c.block).where(f.c.founder.in_(ids)),
                     new_founders):
            founder[r.mention_id] = r.founder
            members[r.founder].add(r.mention_id)
        known = set(founder)
        partners = {b for _, a, b in merges if a in known} | {a for _, a, b in merges if b in known}
        frontier = (partners | known | reached) - seen
    # components: a cluster minus its split mentions, each split mention alone; merges join them
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def node(i: str) -> str:
        return f"s:{i}" if i in splits else f"c:{founder[i]}"

    def merged_node(i: str, when: int) -> str:  # a merge made before its anchor was split off joins the rest of
        return f"c:{founder[i]}" if splits.get(i, 0) > when else node(i)  # that anchor's event, not the anchor

    for when, a, b in merges:
        if a in founder and b in founder:
            ra, rb = find(merged_node(a, when)), find(merged_node(b, when))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in founder:
        groups[find(node(i))].append(i)
    mentions = {r["id"]: Mention.from_record(r) for r in mention_records_by_id(conn, sorted(founder))}
    fused = [fuse([mentions[i] for i in sorted(g) if i in mentions]) for g in groups.values()]
    fused = [e for e in fused if e.mentions]
    # compare with what is stored; write only what changed
    olds = {r.id: r for r in _in(conn, lambda ids: sa.select(ev.c.id, ev.c.record, ev.c.seq, ev.c.search, ev.c.date)
                                 .where(ev.c.id.in_(ids)), set(old_event.values()) | {e.id for e in fused})}
    old_members: dict[str, set[str]] = defaultdict(set)
    for r in _in(conn, lambda ids: sa.select(em).where(em.c.event_id.in_(ids)), olds):
        old_members[r.event_id].add(r.mention_id)
    keep: set[str] = set()
    write: list[tuple[FusedEvent, dict[str, Any]]] = []
    edits = edits_by_anchor(conn, [m.id for e in fused for m in e.mentions])
    for e in fused:
        mine = sorted((x for m in e.mentions for x in edits.get(m.id, [])), key=lambda x: x["id"])
        rec = apply_edits(event_record(e, with_mentions=False), mine)  # the reviewed event
        o = olds.get(e.id)
        if o is not None and json.loads(o.record) == rec and old_members[e.id] == {m.id for m in e.mentions}:
            keep.add(e.id)
        else:
            write.append((e, rec))
    drop = [olds[i] for i in olds if i not in keep]
    _delete_events(conn, drop)
    _insert_events(conn, write)
    summary.events += len(write)
    summary.mentions += sum(e.n_mentions for e, _ in write)
    summary.removed += len({r.id for r in drop} - {e.id for e, _ in write})
    if drop or write:
        days = {r.date for r in drop if r.date} | {e.date.isoformat() for e, _ in write if e.date}
        _relink(conn, {e.id for e, _ in write}, days, summary)
    return len(drop) + len(write)


def search_text(e: FusedEvent, rec: dict[str, Any] | None = None) -> str:
    """The words search finds an event by: its id, type, mode, sides, place, claims and every source's
    title and sentence (with an analyst's corrected values, when `rec` is the reviewed record)."""
    parts: list[str | None] = [e.id, e.event_type, e.mode, e.actor, e.target, e.location, e.country,
                               *e.claimed_by, *e.retaliation_for]
    if rec is not None:
        parts += [rec.get("event_type"), rec.get("mode"), rec.get("actor"), rec.get("target"), rec.get("location"),
                  rec.get("country"), *(rec.get("claimed_by") or [])]
    for m in e.mentions:
        parts += [m.title, m.publisher, m.evidence]
    seen: set[str] = set()
    out = []
    for p in parts:
        if p and p not in seen:
            seen.add(p)
            out.append(p)
    # words only: both full-text engines then split the same way (PostgreSQL's parser would otherwise skip
    # what looks like markup or read URLs and paths as one token)
    return re.sub(r"[^\w]+", " ", "\n".join(out)).strip()


def event_columns(e: FusedEvent, rec: dict[str, Any]) -> dict[str, Any]:
    """The events row of a reviewed record `rec` (its columns hold reviewed values; `seq` is not set here)."""
    from flashpoint.analysis.event_table import side_of

    day = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
    return dict(
        id=e.id, block=e.block, event_type=rec["event_type"], date=rec["date"], date_precision=rec["date_precision"],
        mode=rec["mode"], actor=rec["actor"], target=rec["target"], location=rec["location"], country=rec["country"],
        latitude=rec["latitude"], longitude=rec["longitude"],
        fatalities_best=(rec.get("fatalities") or {}).get("best"), injured_best=(rec.get("injured") or {}).get("best"),
        n_mentions=e.n_mentions, n_documents=e.n_documents, n_publishers=e.n_publishers,
        disputed=json.dumps(rec.get("disputed") or {}), record=json.dumps(rec),
        sort_key=f"{rec['date'] or '~'}|{e.id}", week=(day - dt.timedelta(days=day.weekday())).isoformat() if day else None,
        actor_side=side_of(rec["actor"]), target_side=side_of(rec["target"]),
        has_retaliation=bool(rec.get("retaliation_for")), search=search_text(e, rec),
        review_status=(rec.get("review") or {}).get("status", "unreviewed"),
    )


# Columns only what shows events reads (figures, the record): an edit that changes nothing else (and no
# review status to or from rejected) leaves counts and series as they were (the "shape" counter in
# store_state), so their cached answers stay.
FIGURE_CHANGES_KEPT = 1000  # changes of deaths kept (figure_changes): cached maps older than that are recomputed
FIGURE_COLUMNS = frozenset({"record", "fatalities_best", "injured_best", "disputed"})


def _changes_shape(old: Any, new: dict[str, Any]) -> bool:
    """Whether an edit changes what counts read: a column outside FIGURE_COLUMNS, or the review status to or
    from rejected (a counted event becomes uncounted). Confirming or correcting alone does not: counts by
    review status depend on every edit."""
    for k, v in new.items():
        if k in FIGURE_COLUMNS or old[k] == v:
            continue
        if k != "review_status" or "rejected" in (old[k], v):
            return True
    return False


def refresh_reviews(conn: sa.Connection, event_ids: list[str]) -> None:
    """Apply the stored edits to events again (after an edit): reviewed values in the columns and the
    record, search text and side columns to match; the machine reading comes from the event's mentions.
    Bumps "edits" (what is shown changed; the events' `changed` is set to its new value), "fatalities" when
    an event's deaths changed, and, when a column outside FIGURE_COLUMNS changed, "shape"."""
    em, ev = schema.event_mentions, schema.events
    shape_changed = False
    deaths: list[tuple[str, Any, Any]] = []  # (event, deaths before, after) where they changed
    stamp = mark_edited(conn, event_ids) if event_ids else None
    for event_id in event_ids:
        row = conn.execute(sa.select(ev).where(ev.c.id == event_id)).first()
        if row is None:
            continue
        ids = sorted(r.mention_id for r in conn.execute(sa.select(em.c.mention_id).where(em.c.event_id == event_id)))
        mentions = [Mention.from_record(r) for r in mention_records_by_id(conn, ids)]
        if not mentions:
            continue
        e = fuse(mentions)
        rec = apply_edits(event_record(e, with_mentions=False), edits_by_anchor(conn, ids)["*"])
        cols = event_columns(e, rec)
        cols.pop("id")
        cols.pop("block")
        old = row._mapping
        shape_changed = shape_changed or _changes_shape(old, cols)
        if old["fatalities_best"] != cols["fatalities_best"]:
            deaths.append((event_id, old["fatalities_best"], cols["fatalities_best"]))
        # `changed`: the "edits" counter of this edit, so an answer cached before it knows it is out of date
        conn.execute(ev.update().where(ev.c.id == event_id).values(**cols, changed=stamp))
        if conn.dialect.name == "sqlite" and row.seq is not None:
            conn.execute(sa.text("INSERT INTO events_fts(events_fts, rowid, search) VALUES ('delete', :s, :t)"),
                         {"s": row.seq, "t": row.search or ""})
            conn.execute(sa.text("INSERT INTO events_fts(rowid, search) VALUES (:s, :t)"),
                         {"s": row.seq, "t": cols["search"]})
    if shape_changed:
        bump(conn, "shape")
    if deaths:
        bump(conn, "fatalities")
        s, fc = schema.store_state, schema.figure_changes
        counter = int(conn.execute(sa.select(s.c.value).where(s.c.key == "fatalities")).scalar_one())
        conn.execute(fc.insert(), [{"counter": counter, "event_id": e, "before": b, "after": a} for e, b, a in deaths])
        conn.execute(fc.delete().where(fc.c.counter <= counter - FIGURE_CHANGES_KEPT))


def _delete_events(conn: sa.Connection, rows: list[Any]) -> None:
    if not rows:
        return
    ev = schema.events
    ids = [r.id for r in rows]
    if conn.dialect.name == "sqlite":
        for r in rows:
            if r.seq is not None:
                conn.execute(sa.text("INSERT INTO events_fts(events_fts, rowid, search) VALUES ('delete', :s, :t)"),
                             {"s": r.seq, "t": r.search or ""})
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        conn.execute(schema.retaliation_links.delete().where(schema.retaliation_links.c.from_event.in_(part)))
        conn.execute(schema.event_mentions.delete().where(schema.event_mentions.c.event_id.in_(part)))
        conn.execute(ev.delete().where(ev.c.id.in_(part)))


def _insert_events(conn: sa.Connection, items: list[tuple[FusedEvent, dict[str, Any]]]) -> None:
    if not items:
        return
    ev, em = schema.events, schema.event_mentions
    sqlite = conn.dialect.name == "sqlite"
    seq = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(ev.c.seq), 0))).scalar_one()) if sqlite else 0
    rows, links = [], []
    fts = []
    for e, rec in items:
        seq += 1
        row = event_columns(e, rec)
        row["seq"] = seq if sqlite else None
        rows.append(row)
        fts.append({"s": seq, "t": row["search"]})
        links += [{"mention_id": m.id, "event_id": e.id} for m in e.mentions]
    for i in range(0, len(rows), CHUNK):
        conn.execute(ev.insert(), rows[i:i + CHUNK])
    for i in range(0, len(links), CHUNK):
        conn.execute(em.insert(), links[i:i + CHUNK])
    if sqlite:
        conn.execute(sa.text("INSERT INTO events_fts(rowid, search) VALUES (:s, :t)"), fts)


# -- retaliation links -----------------------------------------------------------------------------------
def _link_events(conn: sa.Connection, where: Any) -> list[LinkEvent]:
    ev = schema.events
    q = sa.select(ev.c.id, ev.c.event_type, ev.c.date, ev.c.actor, ev.c.target, ev.c.location, ev.c.country,
                  ev.c.mode, ev.c.n_publishers, ev.c.fatalities_best, ev.c.has_retaliation, ev.c.record).where(where)
    out = []
    for r in conn.execute(q):
        texts = json.loads(r.record).get("retaliation_for") or [] if r.has_retaliation else []
        out.append(LinkEvent(r.id, r.event_type, dt.date.fromisoformat(r.date) if r.date else None, r.actor,
                             r.target, r.location, r.country, r.mode, r.n_publishers, r.fatalities_best, texts))
    return out


def _relink(conn: sa.Connection, new_ids: set[str], days: set[str], summary: FuseSummary) -> None:
    """Re-resolve the links that can have changed: those of the events written, and those of events up to
    MAX_DAYS after a day where an event came or went (it was, or now is, a candidate)."""
    ev, rl = schema.events, schema.retaliation_links
    advisory_lock(conn, "flashpoint:links")
    answers: dict[str, LinkEvent] = {}
    for i in range(0, len(sorted(new_ids)), CHUNK):
        part = sorted(new_ids)[i:i + CHUNK]
        for e in _link_events(conn, sa.and_(ev.c.id.in_(part), ev.c.has_retaliation.is_(True))):
            answers[e.id] = e
    for lo, hi in _spans(sorted(days), MAX_DAYS):
        end = (dt.date.fromisoformat(hi) + dt.timedelta(days=MAX_DAYS)).isoformat()
        for e in _link_events(conn, sa.and_(ev.c.has_retaliation.is_(True), ev.c.date >= lo, ev.c.date <= end)):
            answers[e.id] = e
    if not answers:
        return
    dated = [a.date for a in answers.values() if a.date]
    candidates: list[LinkEvent] = []
    if dated:
        first = (min(dated) - dt.timedelta(days=MAX_DAYS)).isoformat()
        candidates = _link_events(conn, sa.and_(ev.c.event_type == "ASSAULT", ev.c.date >= first,
                                                ev.c.date <= max(dated).isoformat()))
    links = resolve_for(sorted(answers.values(), key=lambda e: e.id), candidates)
    ids = sorted(answers)
    for i in range(0, len(ids), CHUNK):
        conn.execute(rl.delete().where(rl.c.from_event.in_(ids[i:i + CHUNK])))
    rows = [{"from_event": lk.from_event, "to_event": lk.to_event, "text": lk.text, "score": lk.score} for lk in links]
    for i in range(0, len(rows), CHUNK):
        conn.execute(rl.insert(), rows[i:i + CHUNK])
    summary.links += len(links)
    summary.resolved_links += sum(1 for lk in links if lk.to_event)


def _spans(days: list[str], gap: int) -> list[tuple[str, str]]:
    """Sorted ISO days merged into (first, last) runs whose gaps are at most `gap` days."""
    out: list[tuple[str, str]] = []
    for d in days:
        if out and (dt.date.fromisoformat(d) - dt.date.fromisoformat(out[-1][1])).days <= gap:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def all_links(conn: sa.Connection) -> list[RetaliationLink]:
    rl = schema.retaliation_links
    return [RetaliationLink(r.from_event, r.to_event, r.text, r.score)
            for r in conn.execute(sa.select(rl).order_by(rl.c.from_event, rl.c.text))]


__all__ = ["FuseSummary", "RetryableConflict", "enqueue_documents", "enqueue_event_refresh", "refresh_reviews",
           "rewrite_events", "update_events"]
