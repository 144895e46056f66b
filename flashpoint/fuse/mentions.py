"""The typed mention record fusion works on (one event as one report tells it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

Figure = tuple[int | None, int | None]


def _date(v: Any) -> dt.date | None:
    if not v:
        return None
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _figure(v: Any) -> Figure | None:
    if v is None:
        return None
    if isinstance(v, dict):
        return (v.get("low"), v.get("high"))
    return (int(v), int(v))


@dataclass(frozen=True)
class Mention:
    id: str
    doc_id: str
    event_type: str
    date: dt.date | None
    date_precision: str | None
    actor: str | None
    target: str | None
    country: str | None
    mode: str | None = None
    claimed_by: tuple[str, ...] = ()
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: Figure | None = None
    injured: Figure | None = None
    retaliation_for: str | None = None
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    date_text: str | None = None
    confidence: float = 0.5
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    dup_of: str | None = None  # the report this mention's report is a near-duplicate of (syndicated copy)

    @classmethod
    def from_record(cls, rec: dict[str, Any], *, id: str | None = None) -> Mention:
        """From a GUIDE §8 record (extractor output, a stored mention, or a gold event)."""
        mid = id or rec.get("id") or _content_id(rec)
        return cls(
            id=str(mid), doc_id=str(rec.get("doc_id") or ""), event_type=str(rec.get("event_type") or "").upper(),
            date=_date(rec.get("date")), date_precision=rec.get("date_precision"), actor=rec.get("actor") or None,
            target=rec.get("target") or None, country=(rec.get("country") or None), mode=rec.get("mode") or None,
            claimed_by=tuple(rec.get("claimed_by") or ()), location=rec.get("location") or None,
            latitude=rec.get("latitude"), longitude=rec.get("longitude"), geo_precision=rec.get("geo_precision"),
            fatalities=_figure(rec.get("fatalities")), injured=_figure(rec.get("injured")),
            retaliation_for=rec.get("retaliation_for") or None, evidence=rec.get("evidence") or "",
            evidence_start=rec.get("evidence_start"), evidence_end=rec.get("evidence_end"),
            date_text=rec.get("date_text"), confidence=float(rec.get("confidence") or 0.5),
            publisher=rec.get("publisher"), url=rec.get("source_url") or rec.get("url"),
            published=_date(rec.get("published")), title=rec.get("source_title") or rec.get("title"),
            dup_of=rec.get("dup_of") or None,
        )

    @property
    def source_key(self) -> str:
        """Who published it: the publisher, else the URL's host, else the document."""
        if self.publisher:
            return self.publisher.strip().lower()
        if self.url and "://" in self.url:
            host = self.url.split("://", 1)[1].split("/", 1)[0].lower()
            return host.removeprefix("www.")
        return f"doc:{self.doc_id}"


def figure_dict(f: Figure | None) -> dict[str, int | None] | None:
    """A (low, high) figure as the {"low", "high"} record of GUIDE §4."""
    return {"low": f[0], "high": f[1]} if f else None


def _content_id(rec: dict[str, Any]) -> str:
    key = "\x1f".join(str(rec.get(k)) for k in ("doc_id", "event_type", "date", "actor", "target", "evidence"))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def with_coordinates(m: Mention) -> Mention:
    """Geocode a mention that names a place but has no coordinates (e.g. hand-made records)."""
    if m.latitude is not None or not m.location:
        return m
    from dataclasses import replace

    from flashpoint.ontology.places import gazetteer

    gaz = gazetteer()
    context = (m.country,) if m.country else ()
    for part in re.split(r"[;,(]", m.location):
        for place in gaz.lookup(part.strip(), context):
            if place.lat is not None and (not m.country or place.country == m.country):
                return replace(m, latitude=place.lat, longitude=place.lon, geo_precision=place.precision)
    return m
