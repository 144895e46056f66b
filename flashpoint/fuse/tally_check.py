"""How complete is the dataset? Each stated running count next to what the store holds for it.

A tally's `what` says what is counted: attacks/strikes (count ASSAULT events), people killed or
injured (sum the best casualty figure). A side named after "on/against/targeting" or before
"personnel/troops ... injured" is the target; a side named first ("U.S. strikes") is the actor.
The window runs from `since` (a month means its first day) to `until`; `where` limits countries.
Events are read as reviewed (corrections applied, rejected events left out).

What is not compared, and said so:
- a casualty figure of one event: a tally stated in the very sentence an event was read from, with
  that event's figure, is that event's toll, not a running count;
- a count of people with no start date: without a window it is not a running count;
- the parts of a breakdown ("78 times ..., 37 in Iraq and 41 in Syria"): checked once, as the whole
  with its by-country parts, not as separate tallies.
Each check explains its ratio: what was counted in the store, over which window and countries,
against what was stated, and how to read it (an "at least" count makes the ratio an upper bound).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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
    explanation: str = ""
    by_country: dict[str, dict[str, float | None]] | None = None  # country -> {"stated", "in_store", "ratio"}

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "actor": self.actor, "target": self.target,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None, "in_store": self.in_store,
                "ratio": self.ratio, "note": self.note, "explanation": self.explanation, "by_country": self.by_country}


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


def _count(events: list[dict[str, Any]], measure: str, actor: str | None, target: str | None,
           since: dt.date | None, until: dt.date | None, where: set[str]) -> float:
    total = 0.0
    for e in events:
        if e.get("event_type") != "ASSAULT" or not e.get("date"):
            continue
        day = dt.date.fromisoformat(e["date"])
        if (since and day < since) or (until and day > until) or (where and e.get("country") not in where):
            continue
        if not (_side_ok(actor, e.get("actor")) and _side_ok(target, e.get("target"))):
            continue
        total += 1 if measure == "events" else ((e.get(measure) or {}).get("best") or 0)
    return total


_NOUN = {"events": "attacks", "fatalities": "people killed", "injured": "people injured"}


def _explain(measure: str, actor: str | None, target: str | None, since: dt.date | None, until: dt.date | None,
             where: set[str], in_store: float, count: int, qualifier: str) -> str:
    who = f"by {actor}" if actor else "by any actor"
    on = f" on {target}" if target else ""
    if measure != "events":
        who, on = (f"in attacks by {actor}" if actor else "in attacks"), (f" on {target}" if target else "")
    span = f"from {since or 'the first event'} to {until or 'the last event'}"
    place = f" in {', '.join(sorted(where))}" if where else ""
    text = (f"the store holds {in_store:g} {_NOUN[measure]} {who}{on}{place} {span}, against "
            f"{qualifier.replace('_', ' ') + ' ' if qualifier != 'exact' else ''}{count} stated")
    if count:
        text += f": {in_store / count:.0%}"
        if qualifier in ("at_least", "more_than"):
            text += " (the stated count is a floor, so this is at most the share covered)"
        if in_store > count and qualifier not in ("at_most", "fewer_than"):
            text += "; more than stated: duplicates in the store, events outside what the report counted, or a figure that is not a running count"
    return text


def _breakdown_parts(tallies: list[dict[str, Any]]) -> dict[int, int]:
    """index of a tally -> index of the whole it is part of (same report and sentence, a by-country part or a
    repeat of the whole)."""
    parts: dict[int, int] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(tallies):
        groups.setdefault((t.get("doc_id") or "", t.get("evidence") or ""), []).append(i)
    for idx in groups.values():
        wholes = [i for i in idx if tallies[i].get("by_country")]
        for w in wholes:
            values = set((tallies[w]["by_country"] or {}).values())
            for i in idx:
                if i != w and i not in wholes and (tallies[i]["count"] in values or tallies[i]["count"] == tallies[w]["count"]):
                    parts[i] = w
    return parts


def event_figures(engine: Any, doc_ids: list[str]) -> dict[tuple[str, str], set[int]]:
    """(doc id, evidence sentence) -> the casualty figures of the events read from that sentence."""
    import sqlalchemy as sa

    from flashpoint.store import schema

    m = schema.mentions
    out: dict[tuple[str, str], set[int]] = {}
    with engine.connect() as c:
        for i in range(0, len(doc_ids), 500):
            q = sa.select(m.c.doc_id, m.c.evidence, m.c.fatalities_low, m.c.fatalities_high, m.c.injured_low,
                          m.c.injured_high).where(m.c.doc_id.in_(doc_ids[i:i + 500]))
            for r in c.execute(q):
                figs = {v for v in (r.fatalities_low, r.fatalities_high, r.injured_low, r.injured_high) if v is not None}
                out.setdefault((r.doc_id, r.evidence), set()).update(figs)
    return out


TallyCounter = Callable[..., float]  # (measure, actor, target, since, until, where) -> the store's count


def check_tallies(tallies: list[dict[str, Any]], events: list[dict[str, Any]],
                  figures: dict[tuple[str, str], set[int]] | None = None, *,
                  counter: TallyCounter | None = None) -> list[TallyCheck]:
    """One check per tally, in order. `figures` (see `event_figures`) lets a single event's casualty
    figure be told from a running count. `counter(measure, actor, target, since, until, where)` counts
    in the store instead of over `events` (see `store.events.tally_counter`)."""
    figures = figures or {}
    if counter is None:
        def counter(measure: str, actor: str | None, target: str | None, since: dt.date | None,
                    until: dt.date | None, where: set[str]) -> float:
            return _count(events, measure, actor, target, since, until, where)
    parts = _breakdown_parts(tallies)
    out = []
    for i, t in enumerate(tallies):
        measure, actor, target = read_what(t.get("what") or "", t.get("evidence"))
        since, until = _day(t.get("since")), _day(t.get("until"), end=True)
        count = t.get("count") or 0
        if measure is None:
            out.append(TallyCheck(t, None, None, None, since, until, None, None, "not a count of events or casualties"))
            continue
        if i in parts:
            whole = tallies[parts[i]]
            out.append(TallyCheck(t, None, actor, target, since, until, None, None,
                                  f"part of the breakdown of the {whole['count']} stated in the same sentence; checked there"))
            continue
        if measure != "events" and count in figures.get((t.get("doc_id") or "", t.get("evidence") or ""), set()):
            out.append(TallyCheck(t, None, actor, target, since, until, None, None,
                                  "the casualty figure of one event stated in the same sentence, not a running count"))
            continue
        if measure != "events" and since is None:
            out.append(TallyCheck(t, None, actor, target, since, until, None, None,
                                  "a count of people with no start date: not a running count that can be checked"))
            continue
        where = set(t.get("where") or [])
        total = counter(measure, actor, target, since, until, where)
        check = TallyCheck(t, measure, actor, target, since, until, total, total / count if count else None,
                           explanation=_explain(measure, actor, target, since, until, where, total, count,
                                                t.get("qualifier") or "exact"))
        if since is None:
            check.note = "no start date stated: counted from the first event in the store"
        if t.get("by_country"):
            check.by_country = {}
            for c, n in sorted(t["by_country"].items()):
                got = counter(measure, actor, target, since, until, {c})
                check.by_country[c] = {"stated": n, "in_store": got, "ratio": got / n if n else None}
        out.append(check)
    return out
