"""Typed records the extractor emits: events and tallies (GUIDE §4, §6, §8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_TYPES = ("ASSAULT", "THREATEN", "ACCUSE", "REQUEST", "CONSULT", "RETREAT", "SANCTION", "MOBILIZE")
MODES = ("drone", "rocket", "missile", "aerial", "artillery", "ground", "explosive")


@dataclass
class Range:
    low: int | None
    high: int | None

    def merge(self, other: Range | None) -> Range:
        """Two figures for one event: low = the smaller, high = the larger.

        An open figure ("at least 5", "at least 1" for one named victim) next to a closed one as
        large or larger ("5") adds nothing; an open figure beyond every closed one leaves the range open.
        """
        if other is None:
            return self
        figures = (self, other)
        closed = [f for f in figures if f.high is not None]
        top = max((f.high for f in closed), default=None)  # type: ignore[type-var]
        # "at least N" with N no larger than a closed figure says nothing more than that figure
        kept = [f for f in figures if f.high is not None or top is None or (f.low is not None and f.low > top)]
        lows = [f.low for f in kept if f.low is not None]
        open_beyond = any(f.high is None and f.low is not None and (top is None or f.low > top) for f in kept)
        return Range(min(lows) if lows else None, None if open_beyond else top)


@dataclass
class Location:
    name: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None  # ACLED geo_precision: 1 place, 2 near/part of region, 3 province/country
    kind: str | None = None
    weak: bool = False  # only "near X" places: the act may lie across a border


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Event:
    doc_id: str
    event_type: str
    date: dt.date | None
    date_precision: str | None
    actor: str | None
    target: str | None
    location: Location
    evidence: Evidence
    mode: str | None = None
    claimed_by: list[str] = field(default_factory=list)
    fatalities: Range | None = None
    injured: Range | None = None
    retaliation_for: str | None = None
    date_text: str | None = None
    confidence: float = 0.5
    notes: list[str] = field(default_factory=list)
    mentions: list[Evidence] = field(default_factory=list)
    # what the extractor knows about how it read the event (not part of the record): the flags of what
    # speaks against it being a new, reportable act; the trigger's character span; the candidates
    # merged into it; the decider's probability
    flags: list[str] = field(default_factory=list)
    trigger: tuple[int, int] | None = None
    members: list[Event] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)

    @property
    def country(self) -> str | None:
        return self.location.country

    def to_record(self) -> dict[str, Any]:
        """The GUIDE §8 record, with coordinates, precision and confidence added."""
        return {
            "doc_id": self.doc_id,
            "kind": "event",
            "event_type": self.event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "mode": self.mode,
            "actor": self.actor,
            "target": self.target,
            "claimed_by": list(self.claimed_by),
            "location": self.location.name,
            "country": self.location.country,
            "latitude": self.location.lat,
            "longitude": self.location.lon,
            "geo_precision": self.location.precision,
            "fatalities": asdict(self.fatalities) if self.fatalities else None,
            "injured": asdict(self.injured) if self.injured else None,
            "retaliation_for": self.retaliation_for,
            "evidence": self.evidence.text,
            "evidence_start": self.evidence.start,
            "evidence_end": self.evidence.end,
            "confidence": round(self.confidence, 2),
            "notes": "; ".join(self.notes) or None,
        }


@dataclass
class Tally:
    doc_id: str
    count: int
    qualifier: str
    what: str
    where: list[str]
    since: str | None
    until: str | None
    until_basis: str | None
    evidence: Evidence
    by_country: dict[str, int] | None = None
    part_of: int | None = None  # a country's part of a breakdown: the count of the whole it is part of
    breakdown: Evidence | None = None  # where a breakdown of this count is stated, when in a later sentence

    def to_record(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "kind": "tally", "count": self.count, "qualifier": self.qualifier,
            "what": self.what, "where": self.where, "since": self.since, "until": self.until,
            "until_basis": self.until_basis, "by_country": self.by_country, "part_of": self.part_of,
            "evidence": self.evidence.text, "evidence_start": self.evidence.start, "evidence_end": self.evidence.end,
        }

    def parts(self) -> list[Tally]:
        """One tally per country of a breakdown (GUIDE §6: each country's count is a running count too),
        each marked as part of this one."""
        ev = self.breakdown or self.evidence
        return [Tally(self.doc_id, n, "exact", f"{self.what} in {c}", [c], self.since, self.until, self.until_basis, ev,
                      part_of=self.count) for c, n in sorted((self.by_country or {}).items())]
