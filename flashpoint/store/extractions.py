"""Storing and querying what the extractor found: event mentions and tallies."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from flashpoint.store import plain, schema
from flashpoint.store.db import inserted_now

if TYPE_CHECKING:  # the extractor (and spaCy) is imported only by what extracts
    from flashpoint.nlp.pipeline import Extraction

EXTRACTOR_VERSION = "rules-1"


def _row_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:24]


def save_extraction(conn: sa.Connection, doc_uid: str, ex: Extraction) -> None:
    """Replace what is stored for `doc_uid` with `ex` (re-extraction is idempotent).

    The mentions that go and come are queued for fusion in the same transaction (`update_events`).
    """
    m, q = schema.mentions, schema.fusion_queue
    before: Sequence[Any] = ()
    fresh = inserted_now(conn)
    if doc_uid in fresh:  # a version stored in this transaction has nothing to replace (the first time)
        fresh.discard(doc_uid)
    else:
        before = plain.run(conn, "SELECT id, event_type, country FROM mentions WHERE doc_uid = ?", (doc_uid,)).all()
        if before:
            conn.execute(m.delete().where(m.c.doc_uid == doc_uid))
        conn.execute(schema.tallies.delete().where(schema.tallies.c.doc_uid == doc_uid))
    rows = extraction_rows(doc_uid, ex)
    plain.insert(conn, m, [{k: v for k, v in r.items() if k != "block"} for r in rows])
    # the mentions stored before leave their events, the new ones join (unchanged ones are recognised)
    queued = [{"mention_id": r.id, "block": f"{r.event_type}|{r.country or '-'}", "kind": "m"} for r in before]
    queued += [{"mention_id": r["id"], "block": r["block"], "kind": "m"} for r in rows]
    plain.insert(conn, q, queued)
    tallies = []
    for i, t in enumerate(ex.tallies):
        r = t.to_record()
        tallies.append(dict(
            id=_row_id(doc_uid, "t", i, r["count"]), doc_uid=doc_uid, doc_id=ex.doc_id, count=r["count"],
            qualifier=r["qualifier"], what=r["what"], where_=json.dumps(r["where"]), since=r["since"],
            until=r["until"], until_basis=r["until_basis"],
            by_country=json.dumps(r["by_country"]) if r["by_country"] else None, evidence=r["evidence"],
            evidence_start=r["evidence_start"], evidence_end=r["evidence_end"], profile=ex.profile,
        ))
    plain.insert(conn, schema.tallies, tallies)


def extraction_rows(doc_uid: str, ex: Extraction) -> list[dict[str, Any]]:
    """The `mentions` rows of one extraction (plus each mention's fusion `block`)."""
    rows = []
    for i, ev in enumerate(ex.events):
        r = ev.to_record()
        rows.append(dict(
            id=_row_id(doc_uid, i, r["event_type"], r["evidence_start"]), doc_uid=doc_uid, doc_id=ex.doc_id,
            event_type=r["event_type"], date=r["date"], date_precision=r["date_precision"], date_text=r["date_text"],
            mode=r["mode"], actor=r["actor"], target=r["target"], claimed_by=json.dumps(r["claimed_by"]),
            location=r["location"], country=r["country"], latitude=r["latitude"], longitude=r["longitude"],
            geo_precision=r["geo_precision"],
            fatalities_low=(r["fatalities"] or {}).get("low"), fatalities_high=(r["fatalities"] or {}).get("high"),
            fatalities_stated=r["fatalities"] is not None,
            injured_low=(r["injured"] or {}).get("low"), injured_high=(r["injured"] or {}).get("high"),
            injured_stated=r["injured"] is not None, retaliation_for=r["retaliation_for"], evidence=r["evidence"],
            evidence_start=r["evidence_start"], evidence_end=r["evidence_end"], confidence=r["confidence"],
            notes=r["notes"], extractor=EXTRACTOR_VERSION, profile=ex.profile,
            block=f"{r['event_type']}|{r['country'] or '-'}",
        ))
    return rows


def record_from_row(r: dict[str, Any]) -> dict[str, Any]:
    """A mentions row (with the source's title, url, publisher and published) as a GUIDE §8 record."""
    from types import SimpleNamespace

    return mention_record(SimpleNamespace(**r))


class ExtractAndStore:
    """An ingest `after_save`: extracts the document before the write transaction (`prepare`), stores
    the extraction inside it."""

    def __init__(self, spacy_model: str | None = None, models: str | None = "shipped") -> None:
        from flashpoint.nlp.pipeline import Extractor

        self.extractor = Extractor(spacy_model, models=models)

    def prepare(self, doc: Any) -> Extraction:
        from flashpoint.ingest.language import is_english
        from flashpoint.nlp.pipeline import Extraction

        if not is_english(doc.language):  # the rules read English: a report in another language gets no events
            return Extraction(doc.id)
        return self.extractor(doc)

    def __call__(self, doc: Any, conn: sa.Connection, prepared: Extraction | None = None) -> None:
        save_extraction(conn, doc.uid, prepared if prepared is not None else self.extractor(doc))


@dataclass
class EventFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    side: str | None = None  # an actor or target name (canonical)
    event_type: str | None = None
    limit: int | None = None


def _range(low: int | None, high: int | None, stated: bool) -> dict[str, int | None] | None:
    return {"low": low, "high": high} if stated else None


def mention_query() -> Any:
    """Mentions of the latest document versions with their source's title, URL, publisher and date."""
    m, d = schema.mentions, schema.documents
    return sa.select(m, d.c.title, d.c.url, d.c.publisher, d.c.published, d.c.dup_of).join(d, d.c.uid == m.c.doc_uid).where(
        d.c.is_latest.is_(True)
    )


def mention_record(r: Any) -> dict[str, Any]:
    """One row of `mention_query` as a GUIDE §8 record."""
    return {
        "id": r.id, "doc_id": r.doc_id, "kind": "event", "event_type": r.event_type, "date": r.date,
        "date_precision": r.date_precision, "date_text": r.date_text, "mode": r.mode, "actor": r.actor,
        "target": r.target, "claimed_by": json.loads(r.claimed_by), "location": r.location,
        "country": r.country, "latitude": r.latitude, "longitude": r.longitude,
        "geo_precision": r.geo_precision,
        "fatalities": _range(r.fatalities_low, r.fatalities_high, r.fatalities_stated),
        "injured": _range(r.injured_low, r.injured_high, r.injured_stated),
        "retaliation_for": r.retaliation_for, "evidence": r.evidence, "evidence_start": r.evidence_start,
        "evidence_end": r.evidence_end, "confidence": r.confidence, "notes": r.notes,
        "source_title": r.title, "source_url": r.url, "publisher": r.publisher, "published": r.published,
        "dup_of": getattr(r, "dup_of", None),  # rows without a document join have none
    }


def mention_records_by_id(conn: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The latest-version mentions among `ids` (in id order), read by primary key."""
    out: list[dict[str, Any]] = []
    m = schema.mentions
    for i in range(0, len(ids), 500):
        out += [mention_record(r) for r in conn.execute(mention_query().where(m.c.id.in_(ids[i:i + 500])))]
    return sorted(out, key=lambda r: r["id"])


def mention_records(engine: sa.Engine, f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Stored event mentions of the latest document versions, as GUIDE §8 records."""
    f = f or EventFilter()
    m = schema.mentions
    q = mention_query()
    if f.since:
        q = q.where(m.c.date >= f.since.isoformat())
    if f.until:
        q = q.where(m.c.date <= f.until.isoformat())
    if f.country:
        q = q.where(m.c.country == f.country.upper())
    if f.side:
        q = q.where(sa.or_(m.c.actor == f.side, m.c.target == f.side))
    if f.event_type:
        q = q.where(m.c.event_type == f.event_type.upper())
    q = q.order_by(m.c.date.is_(None), m.c.date, m.c.doc_id, m.c.evidence_start)
    if f.limit:
        q = q.limit(f.limit)
    with engine.connect() as c:
        return [mention_record(r) for r in c.execute(q)]


def tally_page(engine: sa.Engine, *, limit: int = 500, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many reports state tallies, the tallies of one page of those reports), in doc id order."""
    t, d = schema.tallies, schema.documents
    docs = sa.select(t.c.doc_id).join(d, d.c.uid == t.c.doc_uid).where(d.c.is_latest.is_(True)).distinct()
    with engine.connect() as c:
        total = c.execute(sa.select(sa.func.count()).select_from(docs.subquery())).scalar_one()
        ids = [r[0] for r in c.execute(docs.order_by(t.c.doc_id).limit(limit).offset(offset))]
    return int(total), tally_records(engine, doc_ids=ids) if ids else []


def tally_records(engine: sa.Engine, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
    t, d = schema.tallies, schema.documents
    q = sa.select(t).join(d, d.c.uid == t.c.doc_uid).where(d.c.is_latest.is_(True)).order_by(t.c.doc_id, t.c.id)
    if doc_ids is not None:
        q = q.where(t.c.doc_id.in_(doc_ids))
    with engine.connect() as c:
        return [{
            "doc_id": r.doc_id, "kind": "tally", "count": r.count, "qualifier": r.qualifier, "what": r.what,
            "where": json.loads(r.where_), "since": r.since, "until": r.until, "until_basis": r.until_basis,
            "by_country": json.loads(r.by_country) if r.by_country else None, "evidence": r.evidence,
        } for r in c.execute(q)]
