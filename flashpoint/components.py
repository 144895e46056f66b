"""Yardsticks per component of the extractor (issue 11): how well it reads each kind of date, figure and
role, and which constructions its false events come from.

The gold does not label these kinds; they are read off each gold event's own evidence and fields:

- dates: weekday ("on Monday"), year-less ("Jan. 20"), full, relative ("yesterday", "last week"),
  "announced on" (a reporting verb dates the act), approximate, month;
- figures (killed and injured alike): zero ("no casualties"), exact, open ("at least N"), range
  (sources disagree), and whether the figure is stated outside the event's evidence sentence;
- roles: passive ("was targeted by"), headline (the report's first line), "according to", claim, active;
- statements: per type (the scorer's per-type F1);
- not an act: the unmatched predictions, by the cue in their sentence (future or hypothetical, hedged,
  denied, a generic series, background).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from flashpoint.evaluate import NormEvent, date_ok, match

_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_FULL = re.compile(rf"\b{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d\d\b|\b\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b")
_YEARLESS = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}")
_RELATIVE = re.compile(r"\b(?:yesterday|today|tonight|last\s+(?:night|week|month|weekend)|earlier\s+this|days?\s+ago|"
                       r"the\s+(?:previous|next)\s+day|a\s+day\s+(?:earlier|later))\b", re.I)
_ANNOUNCED = re.compile(r"\b(?:said|announced|reported|stated|claimed|confirmed)\s+(?:on\s+)?(?:\w+\s+){0,2}"
                        r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:said|announced|reported)\s+on\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:targeted|attacked|hit|struck|killed|wounded|injured|"
                      r"fired|launched|shelled|bombed)\b", re.I)
_CUES = [
    ("future or hypothetical", re.compile(r"\b(?:will|would|could|might|may|if|threaten(?:ed|s)?\s+to|vow(?:ed|s)?\s+to)\b", re.I)),
    ("hedged", re.compile(r"\b(?:suspected|possible|apparent|reportedly|unconfirmed|believed|alleged)\b", re.I)),
    ("denied", re.compile(r"\b(?:denied|denies|no\s+evidence|not\s+responsible)\b", re.I)),
    ("generic series", re.compile(r"\b(?:\d+|dozens|scores|hundreds|several|multiple|repeated(?:ly)?|series\s+of)\b.*\b"
                                  r"(?:attacks|strikes|times)\b|\bsince\b", re.I)),
    ("background", re.compile(r"\b(?:had|has|have)\s+\w+ed\b|\b(?:after|following|previously|earlier|last\s+(?:month|year))\b",
                              re.I)),
]


def _date_kind(g: dict[str, Any], evidence: str) -> str:
    precision = (g.get("date_precision") or "day").lower()
    if precision == "month":
        return "month"
    if _ANNOUNCED.search(evidence):
        return "announced on"
    if precision == "approximate":
        return "approximate"
    if _RELATIVE.search(evidence):
        return "relative"
    if _WEEKDAY.search(evidence):
        return "weekday"
    if _FULL.search(evidence):
        return "full date"
    if _YEARLESS.search(evidence):
        return "year-less date"
    return "from context"


def _figure_kind(r: tuple[int | None, int | None]) -> str:
    low, high = r
    if low == 0 and high == 0:
        return "zero"
    if high is None:
        return "open (at least)"
    return "exact" if low == high else "range"


def _role_kind(evidence: str, text: str) -> str:
    if text and text.lstrip()[:200].find(evidence[:60]) >= 0:
        return "headline or lead"
    if re.search(r"\baccording\s+to\b", evidence, re.I):
        return "according to"
    if re.search(r"\bclaim", evidence, re.I):
        return "claim"
    if _PASSIVE.search(evidence):
        return "passive"
    return "active"


def component_report(gold: dict[str, dict[str, Any]], predictions: list[dict[str, Any]],
                     texts: dict[str, str] | None = None) -> dict[str, Any]:
    """Accuracy per kind of date, figure and role on matched required gold events, and false events by
    cue. `texts` (document id -> text) lets figures tell "stated in the evidence" from "stated elsewhere"
    and roles find headlines."""
    cells: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def add(component: str, kind: str, ok: bool) -> None:
        cell = cells[component][kind]
        cell[0] += int(ok)
        cell[1] += 1

    false_events: dict[str, int] = defaultdict(int)
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in predictions:
        if rec.get("kind") != "tally" and not ("count" in rec and "event_type" not in rec):
            by_doc[str(rec.get("doc_id") or "")].append(rec)
    for doc_id, g in gold.items():
        raw = g.get("events", [])
        recs = by_doc.get(doc_id, [])
        preds = [NormEvent.of(r) for r in recs]
        golds = [NormEvent.of(e) for e in raw]
        text = (texts or {}).get(doc_id, "")
        pairs = match(preds, golds)
        for i, j in pairs:
            p, q, ev = preds[i], golds[j], raw[j]
            if not q.required:
                continue
            evidence = str(ev.get("evidence") or "")
            ok = date_ok(p, q)
            if ok is not None:
                add("dates", _date_kind(ev, evidence), ok)
            for name in ("fatalities", "injured"):
                figure = getattr(q, name)
                if figure:
                    add("figures", _figure_kind(figure), getattr(p, name) == figure)
                    stated_here = any(str(n) in evidence for n in figure if n)
                    add("figures", "stated in the evidence" if stated_here or figure == (0, 0) else "stated elsewhere",
                        getattr(p, name) == figure)
            if q.type == "ASSAULT":
                kind = _role_kind(evidence, text)
                add("roles", kind, p.actor == q.actor and p.target == q.target)
        matched = {i for i, _ in pairs}
        for i, rec in enumerate(recs):
            if i in matched:
                continue
            sentence = str(rec.get("evidence") or "")
            cue = next((name for name, pat in _CUES if pat.search(sentence)), "other")
            false_events[f"{preds[i].type if preds[i].type == 'ASSAULT' else 'statement'}: {cue}"] += 1
    out: dict[str, Any] = {
        component: {kind: {"accuracy": round(c[0] / c[1], 3), "n": c[1]} for kind, c in sorted(kinds.items())}
        for component, kinds in cells.items()
    }
    out["false_events_by_cue"] = dict(sorted(false_events.items(), key=lambda x: -x[1]))
    return out
