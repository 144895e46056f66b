"""Can two mentions be the same real event? Dates within their precision, sides, places, modes."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from flashpoint.fuse.mentions import Mention
from flashpoint.ontology.actors import Actor, actor_lexicon
from flashpoint.ontology.geo import km
from flashpoint.ontology.places import fold as place_fold

APPROXIMATE_DAYS = 3  # an approximate date is a report day or an earliest possible day: +/- 3 days
SAME_SITE_KM = 30.0  # two site-level places further apart than this are different attacks
# A day boundary is uncertain when the act happened near midnight or the text gives a time zone:
# "late Sunday (EST)" in Washington can be Monday in Baghdad.
NEAR_MIDNIGHT = re.compile(
    r"\b(?:late|overnight|midnight|night|evening|early (?:morning|hours)|predawn|pre-dawn|dawn|"
    r"(?:1[0-2]|[0-9])(?::\d\d)?\s*[ap]\.?m\.?|local time|\w+ time)\b|\b(?:EST|EDT|ET|GMT|UTC|CET|AST)\b",
    re.I,
)


def date_window(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The days the act may have happened on, given the date and its precision."""
    cached = m.__dict__.get("_window", False)  # mentions are immutable: computed once per mention
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    window = _window(m)
    object.__setattr__(m, "_window", window)
    return window


def _window(m: Mention) -> tuple[dt.date, dt.date] | None:
    if m.date is None:
        return None
    if m.date_precision == "month":
        last = calendar.monthrange(m.date.year, m.date.month)[1]
        return m.date.replace(day=1), m.date.replace(day=last)
    if m.date_precision == "approximate":
        span = dt.timedelta(days=APPROXIMATE_DAYS)
        return m.date - span, m.date + span
    return m.date, m.date


def near_midnight(m: Mention) -> bool:
    cached = m.__dict__.get("_near_midnight")
    if cached is None:
        cached = bool(NEAR_MIDNIGHT.search(f"{m.evidence} {m.date_text or ''}"))
        object.__setattr__(m, "_near_midnight", cached)
    return cached  # type: ignore[no-any-return]


def dates_compatible(a: Mention, b: Mention, *, time_zones: bool = True) -> bool:
    """Overlapping windows; two day dates one day apart count when either text is near midnight or zoned."""
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None:
        return False
    slack = dt.timedelta(days=1) if time_zones and (near_midnight(a) or near_midnight(b)) else dt.timedelta(0)
    return wa[0] - slack <= wb[1] and wb[0] - slack <= wa[1]


class SideMatch(IntEnum):
    """How two side names relate; higher is a stronger match."""

    UNKNOWN = 0  # one side is not known
    COLLECTIVE = 1  # a collective term ("Iran-backed militias") and one of the groups it covers
    MEMBER = 2  # an umbrella front and its member
    SAME = 3


@lru_cache(maxsize=4096)
def side_match(a: str | None, b: str | None) -> SideMatch | None:
    """None when the two names are different sides (or different groups of one side)."""
    if not a or not b:
        return SideMatch.UNKNOWN
    if a == b:
        return SideMatch.SAME
    lex = actor_lexicon()
    x, y = lex.get(a), lex.get(b)
    if x is None or y is None:
        return None
    x_name, y_name = x.represents, y.represents
    if x_name == y_name:
        return SideMatch.SAME
    x, y = lex.get(x_name) or x, lex.get(y_name) or y
    if y.name in x.member_of or x.name in y.member_of:
        return SideMatch.MEMBER
    if x.side == y.side and (_collective(x) or _collective(y)) and _armed_group(x) and _armed_group(y):
        return SideMatch.COLLECTIVE
    return None


def _collective(a: Actor) -> bool:
    """A generic term for several groups (kind `group`) rather than one organisation."""
    return a.kind == "group"


def _armed_group(a: Actor) -> bool:
    return a.kind in {"group", "militia", "umbrella"}


def distance_km(a: Mention, b: Mention) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def same_site_level(a: Mention, b: Mention) -> bool:
    return (a.geo_precision or 9) == 1 and (b.geo_precision or 9) == 1


@dataclass(frozen=True)
class Rules:
    """What may join: `join_unknown` lets an unknown side join a named one; `join_related` lets an
    umbrella front join its member and a collective term join a group it covers; `split_places` keeps
    site-level places further apart than SAME_SITE_KM apart; `time_zones` allows the one-day slack."""

    join_unknown: bool = True
    join_related: bool = True
    split_places: bool = True
    time_zones: bool = True


def pair_compatible(a: Mention, b: Mention, rules: Rules | None = None) -> bool:
    rules = rules or Rules()
    if a.event_type != b.event_type or (a.country or "") != (b.country or ""):
        return False
    if not dates_compatible(a, b, time_zones=rules.time_zones):
        return False
    loose = False  # sides that are not the same name need everything else to agree
    for x, y in ((a.actor, b.actor), (a.target, b.target)):
        m = side_match(x, y)
        if m is None:
            return False
        if m == SideMatch.UNKNOWN and (x or y):
            if not rules.join_unknown:
                return False
            loose = True
        if m in (SideMatch.MEMBER, SideMatch.COLLECTIVE):
            if not rules.join_related:
                return False
            loose = True
    if rules.split_places and same_site_level(a, b):
        d = distance_km(a, b)
        if d is not None and d > SAME_SITE_KM:
            return False
    return not loose or everything_else_agrees(a, b)


def everything_else_agrees(a: Mention, b: Mention) -> bool:
    """No conflicting weapon or casualty count, the same day (both day-precise) and the same place
    (named by both). A matching toll alone is too weak: two attacks in a week can each kill one."""
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if _conflicting(a.fatalities, b.fatalities):
        return False
    if not (a.date_precision == "day" and b.date_precision == "day" and a.date == b.date):
        return False
    return same_place(a, b)


def _conflicting(x: tuple[int | None, int | None] | None, y: tuple[int | None, int | None] | None) -> bool:
    """Two exact death tolls that differ (0 vs 3): not one event told twice."""
    return bool(x and y and x[0] == x[1] and y[0] == y[1] and x[0] is not None and x != y and 0 in (x[0], y[0]))


def same_place(a: Mention, b: Mention) -> bool:
    if not a.location or not b.location:
        return False
    d = distance_km(a, b)
    if d is not None:
        return d <= SAME_SITE_KM
    return place_fold(a.location) == place_fold(b.location)


def pair_affinity(a: Mention, b: Mention) -> float:
    """How alike two compatible mentions are (for choosing among candidate events)."""
    score = 0.0
    if a.date and b.date:
        score += 2.0 if a.date == b.date else 1.0 / (1 + abs((a.date - b.date).days))
    for x, y in ((a.actor, b.actor), (a.target, b.target)):
        score += float(side_match(x, y) or 0)
    d = distance_km(a, b)
    if d is not None:
        score += 1.5 if d <= SAME_SITE_KM else 0.0
    elif a.location and b.location and a.location.lower() == b.location.lower():
        score += 1.5
    if a.mode and b.mode:
        score += 1.0 if a.mode == b.mode else -1.0
    return score
