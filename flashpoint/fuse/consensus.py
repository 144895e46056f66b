"""One fused event from its mentions: a consensus reading, per-source figures and disagreement flags.

Rules (documented for users):
- date: the date most day-precise mentions give (ties: the earliest); precision `day` if any mention
  is day-precise, else the most common precision. `date_low`/`date_high` span every mention's date.
- actor/target: the most specific name any source gives (a named group over an umbrella front over a
  collective term over unknown), ties by the number of sources; claimed_by: the union.
- place: the most precise one (smallest geo precision, most sources); mode: the most common.
- casualties: every source's figure is kept. best = the figure stated by the most independent
  publishers (ties: the one in the latest report, since counts rise as news comes in, then the
  lower); low = the smallest low, high = the largest high (open when a source gives only "at least").
- a field is flagged as disputed when sources give different non-empty values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from flashpoint.fuse.cluster import event_id
from flashpoint.fuse.compat import SideMatch, side_match
from flashpoint.fuse.mentions import Figure, Mention, figure_dict
from flashpoint.nlp.records import Range
from flashpoint.ontology.actors import actor_lexicon

KIND_SPECIFICITY = {"militia": 4, "state_forces": 4, "person": 4, "state": 4, "umbrella": 3, "group": 2}


@dataclass
class SourceFigure:
    """What one report says about a casualty count."""

    mention_id: str
    doc_id: str
    publisher: str
    published: dt.date | None
    low: int | None
    high: int | None
    source: str = ""  # the independent source it counts for (copies of one story are one source)


@dataclass
class Casualties:
    best: int | None
    low: int | None
    high: int | None
    sources: list[SourceFigure]
    disputed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"best": self.best, "low": self.low, "high": self.high, "disputed": self.disputed,
                "sources": [vars(s) | {"published": s.published.isoformat() if s.published else None}
                            for s in self.sources]}


@dataclass
class Claim:
    """Who claimed the event or was named as its author, and by whom."""

    actor: str
    kind: str  # "claimed" (the group said it did it) or "attributed" (a report names it as the actor)
    doc_id: str
    mention_id: str


@dataclass
class FusedEvent:
    id: str
    event_type: str
    date: dt.date | None
    date_precision: str | None
    date_low: dt.date | None
    date_high: dt.date | None
    actor: str | None
    target: str | None
    mode: str | None
    claimed_by: list[str]
    location: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: Casualties
    injured: Casualties
    claims: list[Claim]
    retaliation_for: list[str]
    confidence: float
    n_mentions: int
    n_documents: int
    n_publishers: int
    disputed: dict[str, list[str]]
    mentions: list[Mention] = field(repr=False, default_factory=list)

    @property
    def block(self) -> str:
        return f"{self.event_type}|{self.country or '-'}"


def _most_common(values: list[Hashable], tiebreak: Callable[[Any], Any] = str) -> Any:
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], tiebreak(v)))[0]


def _specificity(name: str | None) -> int:
    if not name:
        return 0
    a = actor_lexicon().get(name)
    return KIND_SPECIFICITY.get(a.kind, 1) if a else 4  # an organisation outside the ontology is specific


def _side(ms: list[Mention], attr: str) -> str | None:
    names = [getattr(m, attr) for m in ms if getattr(m, attr)]
    if not names:
        return None
    counts = Counter(names)
    return sorted(counts, key=lambda n: (-_specificity(n), -counts[n], n))[0]


def independent_sources(ms: list[Mention]) -> dict[str, str]:
    """mention id -> its independent source: publishers whose reports are near-duplicates of one another
    (syndicated copies of one story) are one source; otherwise each publisher is one."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in ms:
        key = m.source_key
        for story in (m.doc_id, m.dup_of):
            if story:
                a, b = find(key), find(f"story:{story}")
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {m.id: find(m.source_key) for m in ms}


def _casualties(ms: list[Mention], attr: str, source_of: dict[str, str] | None = None) -> Casualties:
    source_of = source_of or {}
    figs: list[SourceFigure] = []
    for m in ms:
        f: Figure | None = getattr(m, attr)
        if f is not None:
            figs.append(SourceFigure(m.id, m.doc_id, m.source_key, m.published, f[0], f[1],
                                     source_of.get(m.id, m.source_key)))
    if not figs:
        return Casualties(None, None, None, [], False)
    support: dict[int, set[str]] = {}
    latest: dict[int, dt.date] = {}
    for sf in figs:
        for v in (x for x in {sf.low, sf.high} if x is not None):
            support.setdefault(v, set()).add(sf.source or sf.publisher)
            if sf.published:
                latest[v] = max(latest.get(v, dt.date.min), sf.published)
    best = sorted(support, key=lambda v: (-len(support[v]), -latest.get(v, dt.date.min).toordinal(), v))[0] if support else None
    lows = [sf.low for sf in figs if sf.low is not None]
    tops = [sf.high for sf in figs if sf.high is not None]
    # an "at least N" beyond every exact figure leaves the range open (Range.merge, over all sources at once)
    open_beyond = any(sf.high is None and sf.low is not None and (not tops or sf.low > max(tops)) for sf in figs)
    merged = Range(min(lows) if lows else None, None if open_beyond or not tops else max(tops))
    closed = {sf.low for sf in figs if sf.low is not None and sf.low == sf.high}
    # disputed: two different exact figures, or an "at least" beyond an exact one
    disputed = len(closed) > 1 or any(
        sf.high is None and sf.low is not None and closed and sf.low > max(closed) for sf in figs
    )
    return Casualties(best, merged.low, merged.high, figs, bool(disputed))


def _claims(ms: list[Mention]) -> list[Claim]:
    out: list[Claim] = []
    seen: set[tuple[str, str, str]] = set()
    for m in sorted(ms, key=lambda m: m.id):
        for name in m.claimed_by:
            if (name, "claimed", m.doc_id) not in seen:
                seen.add((name, "claimed", m.doc_id))
                out.append(Claim(name, "claimed", m.doc_id, m.id))
        if m.actor and m.actor not in m.claimed_by and (m.actor, "attributed", m.doc_id) not in seen:
            seen.add((m.actor, "attributed", m.doc_id))
            out.append(Claim(m.actor, "attributed", m.doc_id, m.id))
    return out


def _disputes(ms: list[Mention], cas: dict[str, Casualties]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    days = sorted({m.date.isoformat() for m in ms if m.date and m.date_precision == "day"})
    if len(days) > 1:
        out["date"] = days
    for attr in ("actor", "target"):
        names = sorted({getattr(m, attr) for m in ms if getattr(m, attr)})
        # an umbrella and its member, or a collective term and a group, are readings of one side
        if len(names) > 1 and any(side_match(a, b) in (None, SideMatch.SAME) for a in names for b in names if a < b):
            out[attr] = names
    modes = sorted({m.mode for m in ms if m.mode})
    if len(modes) > 1:
        out["mode"] = modes
    for name, c in cas.items():
        if c.disputed:
            out[name] = sorted({_fmt(s.low, s.high) for s in c.sources})
    return out


def _fmt(low: int | None, high: int | None) -> str:
    if low == high:
        return str(low)
    if high is None:
        return f"{low}+"
    return f"{low}-{high}"


def fuse(members: list[Mention]) -> FusedEvent:
    ms = sorted(members, key=lambda m: m.id)
    day_dates = [m.date for m in ms if m.date and m.date_precision == "day"]
    dates = [m.date for m in ms if m.date]
    if day_dates:
        date, precision = _most_common(day_dates, lambda d: d.toordinal()), "day"  # type: ignore[arg-type]
    else:
        date = min(dates) if dates else None
        precision = _most_common([m.date_precision for m in ms if m.date_precision])
    placed = [m for m in ms if m.location]
    place = sorted(placed, key=lambda m: (m.geo_precision or 9, -sum(o.location == m.location for o in placed), m.id))
    where = place[0] if place else None
    source_of = independent_sources(ms)
    cas = {"fatalities": _casualties(ms, "fatalities", source_of), "injured": _casualties(ms, "injured", source_of)}
    return FusedEvent(
        id=event_id(ms), event_type=ms[0].event_type, date=date, date_precision=precision,
        date_low=min(dates) if dates else None, date_high=max(dates) if dates else None,
        actor=_side(ms, "actor"), target=_side(ms, "target"),
        mode=_most_common([m.mode for m in ms if m.mode]),
        claimed_by=sorted({c for m in ms for c in m.claimed_by}),
        location=where.location if where else None, country=ms[0].country,
        latitude=where.latitude if where else None, longitude=where.longitude if where else None,
        geo_precision=where.geo_precision if where else None,
        fatalities=cas["fatalities"], injured=cas["injured"], claims=_claims(ms),
        retaliation_for=sorted({m.retaliation_for for m in ms if m.retaliation_for}),
        confidence=round(1 - _product(1 - m.confidence for m in ms), 3),
        n_mentions=len(ms), n_documents=len({m.doc_id for m in ms}), n_publishers=len(set(source_of.values())),
        disputed=_disputes(ms, cas), mentions=ms,
    )


def _product(values: Any) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def event_record(e: FusedEvent, *, with_mentions: bool = True) -> dict[str, Any]:
    """The fused event as a plain record (JSON exports, the API)."""
    rec: dict[str, Any] = {
        "id": e.id, "kind": "fused_event", "event_type": e.event_type, "date": _iso(e.date),
        "date_precision": e.date_precision, "date_low": _iso(e.date_low), "date_high": _iso(e.date_high),
        "mode": e.mode, "actor": e.actor, "target": e.target, "claimed_by": e.claimed_by,
        "location": e.location, "country": e.country, "latitude": e.latitude, "longitude": e.longitude,
        "geo_precision": e.geo_precision, "fatalities": e.fatalities.as_dict(), "injured": e.injured.as_dict(),
        "claims": [vars(c) for c in e.claims], "retaliation_for": e.retaliation_for, "confidence": e.confidence,
        "n_mentions": e.n_mentions, "n_documents": e.n_documents, "n_publishers": e.n_publishers,
        "disputed": e.disputed,
    }
    if with_mentions:
        rec["mentions"] = [mention_record(m) for m in e.mentions]
    return rec


def mention_record(m: Mention) -> dict[str, Any]:
    return {
        "id": m.id, "doc_id": m.doc_id, "publisher": m.publisher, "url": m.url, "title": m.title,
        "published": _iso(m.published), "event_type": m.event_type, "date": _iso(m.date),
        "date_precision": m.date_precision, "date_text": m.date_text, "mode": m.mode, "actor": m.actor,
        "target": m.target, "claimed_by": list(m.claimed_by), "location": m.location, "country": m.country,
        "latitude": m.latitude, "longitude": m.longitude,
        "fatalities": figure_dict(m.fatalities), "injured": figure_dict(m.injured),
        "retaliation_for": m.retaliation_for, "evidence": m.evidence, "evidence_start": m.evidence_start,
        "evidence_end": m.evidence_end, "confidence": m.confidence,
    }
