"""Resolve "in retaliation for ..." texts to the earlier event they name.

A candidate is an earlier ASSAULT (up to MAX_DAYS before) whose sides are the answering event's sides
reversed. The text then has to point at it: the place or its country named, the weapon, the death
toll, the acting group. The best-scoring candidate above MIN_SCORE becomes an event-to-event edge with
the text as evidence; ties go to the most recent attack; anything else stays as unresolved text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flashpoint.fuse.compat import SideMatch, side_match
from flashpoint.fuse.consensus import FusedEvent
from flashpoint.ontology.places import demonyms, fold, gazetteer

MAX_DAYS = 90
MIN_SCORE = 2.0
MODE_WORDS = {
    "drone": r"drones?|uavs?|unmanned",
    "rocket": r"rockets?|katyushas?",
    "missile": r"missiles?",
    "aerial": r"air ?strikes?|strikes?|bombing|warplanes?",
    "artillery": r"mortars?|shell(?:s|ing)?",
    "ground": r"raids?|gunfire|ambush",
    "explosive": r"bombs?|ieds?|explosives?",
}


@dataclass
class RetaliationLink:
    from_event: str
    to_event: str | None  # None: the text names no event in the store
    text: str
    score: float


def _country_words(iso3: str | None) -> list[str]:
    if not iso3:
        return []
    words = [d for d in demonyms().get(iso3, []) if len(d) > 3]
    place = gazetteer().country(iso3)
    if place:
        words.append(place.name.lower())
    return words


@dataclass
class LinkEvent:
    """What link resolution reads of an event (from a fused event, or from a row of the store)."""

    id: str
    event_type: str
    date: dt.date | None
    actor: str | None
    target: str | None
    location: str | None
    country: str | None
    mode: str | None
    n_publishers: int
    toll: int | None  # the best death toll
    retaliation_for: list[str]

    @classmethod
    def of(cls, e: FusedEvent) -> LinkEvent:
        return cls(e.id, e.event_type, e.date, e.actor, e.target, e.location, e.country, e.mode, e.n_publishers,
                   e.fatalities.best, list(e.retaliation_for))


def _score(text: str, answer: LinkEvent, cand: LinkEvent) -> float | None:
    by, on = side_match(cand.actor, answer.target), side_match(cand.target, answer.actor)
    if by is None or on is None or (by == SideMatch.UNKNOWN and on == SideMatch.UNKNOWN):
        return None
    score = 0.5 * (int(by) + int(on)) / 3
    low = text.lower()
    folded = f" {fold(text)} "
    if cand.location and any(f" {fold(p)} " in folded for p in re.split(r"[;,(]", cand.location) if len(fold(p)) > 3):
        score += 2
    elif any(w in low for w in _country_words(cand.country)):
        score += 1
    if cand.mode and re.search(rf"\b(?:{MODE_WORDS[cand.mode]})\b", low):
        score += 1
    toll = cand.toll
    if toll:
        from flashpoint.nlp.numbers import NUMBER, parse_number  # imported when first needed (a slow import)
    if toll and any(parse_number(m.group(0)) == toll for m in re.finditer(NUMBER, text, re.I)):
        score += 1
    if cand.actor and fold(cand.actor) in folded:
        score += 1
    return score


def resolve(events: list[FusedEvent]) -> list[RetaliationLink]:
    """Links for every stated retaliation among `events`."""
    light = [LinkEvent.of(e) for e in events]
    return resolve_for(light, light)


def resolve_records(events: list[dict[str, Any]]) -> list[RetaliationLink]:
    """`resolve` over fused event records (as exported)."""
    light = [LinkEvent(e["id"], e["event_type"], dt.date.fromisoformat(e["date"]) if e.get("date") else None,
                       e.get("actor"), e.get("target"), e.get("location"), e.get("country"), e.get("mode"),
                       e.get("n_publishers") or 0, (e.get("fatalities") or {}).get("best"),
                       list(e.get("retaliation_for") or [])) for e in events]
    return resolve_for(light, light)


def resolve_for(answers: list[LinkEvent], candidates: list[LinkEvent]) -> list[RetaliationLink]:
    """Links for the stated retaliations of `answers` (id order), each resolved among the `candidates`
    (only the ASSAULTs dated up to MAX_DAYS before it are looked at)."""
    links = []
    dated = sorted((e for e in candidates if e.date and e.event_type == "ASSAULT"), key=lambda e: (e.date, e.id))
    days: list[dt.date] = [e.date for e in dated if e.date]
    for ev in sorted(answers, key=lambda e: e.id):
        for text in ev.retaliation_for:
            best: tuple[float, int, int, LinkEvent] | None = None
            if ev.date is not None:
                lo = bisect.bisect_left(days, ev.date - dt.timedelta(days=MAX_DAYS))
                hi = bisect.bisect_right(days, ev.date)
                for cand in dated[lo:hi]:
                    if cand.id == ev.id:
                        continue
                    gap = (ev.date - cand.date).days  # type: ignore[operator]
                    s = _score(text, ev, cand)
                    if s is None or s < MIN_SCORE:
                        continue
                    # ties: the better-sourced event, then the most recent, then the smaller id
                    key = (s, cand.n_publishers, -gap, cand)
                    if best is None or key[:3] > best[:3] or (key[:3] == best[:3] and cand.id < best[3].id):
                        best = key
            links.append(RetaliationLink(ev.id, best[3].id if best else None, text, best[0] if best else 0.0))
    return links
