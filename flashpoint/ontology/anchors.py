"""Well-known dated events, used to give year-less texts a reference year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from flashpoint.fastre import isearch
from flashpoint.nlp.dates import find_dates


@dataclass(frozen=True)
class Anchor:
    name: str
    date: dt.date
    cues: tuple[str, ...]
    in_scope: bool = True


@lru_cache(maxsize=1)
def load_anchors() -> tuple[Anchor, ...]:
    data = yaml.safe_load(resources.files("flashpoint.ontology").joinpath("data/anchor_events.yaml").read_text())
    return tuple(Anchor(d["name"], d["date"], tuple(d["cues"]), d.get("in_scope", True)) for d in data)


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
