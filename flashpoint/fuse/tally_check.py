"""How complete is the dataset? Each stated running count next to what the store holds for it.

A tally's `what` says what is counted: attacks/strikes (count ASSAULT events), people killed or
injured (sum the best casualty figure). A side named after "on/against/targeting" or before
"personnel/troops ... injured" is the target; a side named first ("U.S. strikes") is the actor.
The window runs from `since` (a month means its first day) to `until`; `where` limits countries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flashpoint.fuse.compat import SideMatch, side_match
from flashpoint.ontology.actors import actor_lexicon

TARGET_CUE = re.compile(r"\b(?:on|against|targeting|at|to|attacked|struck|hit|targeted)\s+(?:the\s+)?$", re.I)
PASSIVE = re.compile(r"\b(?:been|were|was|are)\s+(?:attacked|targeted|struck|hit)\b", re.I)


@dataclass
class TallyCheck:
    tally: dict[str, Any]
    measure: str | None  # "events" | "fatalities" | "injured" | None (not checkable)
    actor: str | None
    target: str | None
    since: dt.date | None
    until: dt.date | None
    in_store: float | None
    ratio: float | None
    note: str = ""


def _day(v: str | None, *, end: bool = False) -> dt.date | None:
    if not v:
        return None
    try:
        if len(v) == 7:
            d = dt.date.fromisoformat(v + "-01")
            if end:
                nxt = d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1)
                return nxt - dt.timedelta(days=1)
            return d
        return dt.date.fromisoformat(v[:10])
    except ValueError:
        return None


def read_what(what: str, evidence: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(measure, actor, target) from a tally's description, else from its evidence sentence."""
    found = _read(what)
    if found[0] is None and evidence:
        return _read(evidence)
    return found


def _read(what: str) -> tuple[str | None, str | None, str | None]:
    low = what.lower()
    if re.search(r"injur|wound|hurt|casualt", low):
        measure = "injured"
    elif re.search(r"\b(?:killed|dead|deaths?|fatalit)", low):
        measure = "fatalities"
    elif re.search(r"attack|strike|assault|incident|raid", low):
        measure = "events"
    else:
        return None, None, None
    actor = target = None
    for m in actor_lexicon().find(what):
        name = m.actor.represents
        if measure != "events" or TARGET_CUE.search(what[: m.start]) or PASSIVE.search(what[m.end:]):
            target = target or name  # victims of a casualty count are the side named
        else:
            actor = actor or name
    return measure, actor, target


def _side_ok(wanted: str | None, got: str | None) -> bool:
    if wanted is None:
        return True
    rel = side_match(wanted, got)
    return rel is not None and rel != SideMatch.UNKNOWN


def check_tallies(tallies: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[TallyCheck]:
    out = []
    for t in tallies:
        measure, actor, target = read_what(t.get("what") or "", t.get("evidence"))
        since, until = _day(t.get("since")), _day(t.get("until"), end=True)
        if measure is None:
            out.append(TallyCheck(t, None, None, None, since, until, None, None, "not a count of events or casualties"))
            continue
        where = set(t.get("where") or [])
        total = 0.0
        for e in events:
            if e.get("event_type") != "ASSAULT" or not e.get("date"):
                continue
            day = dt.date.fromisoformat(e["date"])
            if (since and day < since) or (until and day > until) or (where and e.get("country") not in where):
                continue
            if not (_side_ok(actor, e.get("actor")) and _side_ok(target, e.get("target"))):
                continue
            if measure == "events":
                total += 1
            else:
                total += (e.get(measure) or {}).get("best") or 0
        count = t.get("count") or 0
        out.append(TallyCheck(t, measure, actor, target, since, until, total, total / count if count else None))
    return out
