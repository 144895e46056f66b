"""Well-known dated events of the active profile, used to give year-less texts a reference year."""

from __future__ import annotations

import re

from flashpoint.fastre import isearch
from flashpoint.nlp.dates import find_dates
from flashpoint.ontology.profile import AnchorEvent, active_profile


def load_anchors() -> tuple[AnchorEvent, ...]:
    return active_profile().anchor_events


def anchor_year(text: str, window: int = 150) -> tuple[int, int, int] | None:
    """(year, month, day) of the first year-less date in `text` that names a known event."""
    anchors = load_anchors()
    for m in find_dates(text):
        if m.kind != "month_day":
            continue
        ctx = text[max(0, m.start - window) : m.end + window]
        for a in anchors:
            if (a.date.month, a.date.day) == (m.month, m.day) and any(
                isearch(rf"\b{re.escape(c)}\b", ctx) for c in a.cues
            ):
                return a.date.year, a.date.month, a.date.day
    return None


def is_out_of_scope_anchor(text: str, start: int, end: int, month: int | None, day: int | None,
                           window: int = 80) -> bool:
    """Whether the date at text[start:end] names a well-known event outside the event scope (e.g. Oct. 7)."""
    ctx = text[max(0, start - window) : end + window]
    for a in load_anchors():
        if a.in_scope or (a.date.month, a.date.day) != (month, day):
            continue
        if any(isearch(rf"\b{re.escape(c)}\b", ctx) for c in a.cues):
            return True
    return False
