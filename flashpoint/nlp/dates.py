"""Finding date expressions in text and resolving them against a reference day.

Pure functions: used by ingestion (publication dates in page dumps) and by the
`dates` pipeline component (event dates).  Resolution follows the annotation
guide: year-less dates and weekdays resolve to the most recent such day on or
before the reference date; relative phrases resolve to their earliest possible
day with `approximate` precision.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from flashpoint.fastre import Pattern, caseless

Precision = Literal["day", "month", "approximate"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}

_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Order matters: longer forms first so a full date is not read as a year-less one.
_PATTERNS: list[tuple[str, Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<day>[0-3]?\d)\b")),
    ("mdy_num", re.compile(r"\b(?P<m>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b")),
    ("mdy", caseless(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", caseless(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b")),
    ("md", caseless(rf"\b{_MON}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![:.]\d)")),
    ("dm", caseless(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("my", caseless(rf"\b(?P<mid>(?:mid|early|late)[- ])?{_MON}\s+(?:of\s+)?{_YEAR}\b")),
    ("mid_month", caseless(rf"\b(?P<mid>mid|early|late)[- ]{_MON}\b(?!\s+(?:of\s+)?(?:19|20)\d\d)")),
    ("weekday", caseless(rf"\b(?P<part>(?:late|early)\s+)?{_WD}\b")),
    (
        "relative",
        caseless(
            r"\b(?P<rel>earlier\s+today|later\s+today|today|tonight|this\s+morning|this\s+evening|"
            r"(?:late\s+|early\s+)?yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night|overnight|"
            r"last\s+weekend|this\s+weekend|over\s+the\s+weekend|the\s+weekend|"
            r"(?<=\ba\s)weekend(?=\s+(?:[\w\-]+\s+)?(?:attacks?|strikes?|raids?|assaults?|bombings?)\b)|"
            r"last\s+week|this\s+week|earlier\s+this\s+week|earlier\s+this\s+month|"
            r"late\s+last\s+month|earlier\s+last\s+month|last\s+month|this\s+month|"
            r"(?P<ago>a|one|two|three|four|five|six|seven|\d)\s+days?\s+ago)\b"
        ),
    ),
]
# Numeric month-day like "Nov. 21" must not be a time ("21:30") or a figure ("May 5 people"?)
_SMALL_WORD_MONTHS = {"may", "march", "mar"}

@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, not yet resolved."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: str | None = None
    part: str | None = None  # early/mid/late qualifiers

    @property
    def is_full(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None


@dataclass(frozen=True)
class ResolvedDate:
    date: dt.date
    precision: Precision
    text: str


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMention]:
    """All date expressions in `text`, left to right, without overlaps."""
    found: list[DateMention] = []
    starts: list[int] = []  # the spans taken, disjoint, sorted by start: overlap checks in log time
    ends: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, s)
        return not ((i and ends[i - 1] > s) or (i < len(starts) and starts[i] < e))

    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            mention = _make(kind, m, text)
            if mention is None:
                continue
            i = bisect.bisect_right(starts, s)
            starts.insert(i, s)
            ends.insert(i, e)
            found.append(mention)
    found.sort(key=lambda d: d.start)
    return _continued_days(text, _without_apposed(text, found))


_APPOSITION = re.compile(r"^\s*(?:,|\(|—|-|–)?\s*$")
_EXPLICIT = ("month_day", "full")


def _without_apposed(text: str, found: list[DateMention]) -> list[DateMention]:
    """A relative day or weekday in apposition with an explicit date ("Today, Nov. 26", "Nov. 26
    (Tuesday)") names that same day: the explicit date stands for both."""
    drop: set[int] = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        gap = text[a.end : b.start]
        if not _APPOSITION.match(gap) or not gap.strip():
            continue
        if a.kind in ("relative", "weekday") and b.kind in _EXPLICIT:
            drop.add(i)
        elif b.kind in ("relative", "weekday") and a.kind in _EXPLICIT and gap.strip() == "(":
            drop.add(i + 1)
    return [m for i, m in enumerate(found) if i not in drop]


# "November 21 and 22", "Dec. 3, 4 and 5": further days of the month just named
_MORE_DAYS = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?=\s*(?:,|and\b|or\b|[.;)]|$))")


def _continued_days(text: str, found: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    for i, m in enumerate(found):
        out.append(m)
        if m.kind not in ("month_day", "full") or m.month is None:
            continue
        pos = m.end
        limit = found[i + 1].start if i + 1 < len(found) else len(text)
        while True:
            nxt = _MORE_DAYS.match(text, pos, limit)
            if nxt is None:
                break
            day = int(nxt.group("day"))
            if not 1 <= day <= 31 or (m.year is not None and _safe_date(m.year, m.month, day) is None):
                break
            s, e = nxt.span("day")
            out.append(DateMention(s, e, text[s:e], m.kind, m.year, m.month, day))
            pos = nxt.end()
    return out


def _make(kind: str, m: re.Match[str], text: str) -> DateMention | None:
    g = m.groupdict()
    s, e = m.span()
    raw = m.group(0)
    if kind in ("iso", "mdy_num"):
        mon, day, year = int(g["m"]), int(g["day"]), int(g["year"])
        if kind == "mdy_num" and mon > 12 and day <= 12:
            mon, day = day, mon
        if _safe_date(year, mon, day) is None:
            return None
        return DateMention(s, e, raw, "full", year, mon, day)
    if kind in ("mdy", "dmy"):
        mon, day, year = _month(g["mon"]), int(g["day"]), int(g["year"])
        if _safe_date(year, mon, day) is None:
            return None
        return DateMention(s, e, raw, "full", year, mon, day)
    if kind in ("md", "dm"):
        mon, day = _month(g["mon"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        word = g["mon"].lower().rstrip(".")
        if word in _SMALL_WORD_MONTHS and g["mon"][0].islower():
            return None  # "may 5" as a verb, "march 3" as a verb
        return DateMention(s, e, raw, "month_day", None, mon, day)
    if kind == "my":
        return DateMention(s, e, raw, "month", int(g["year"]), _month(g["mon"]), None, part=_part(g.get("mid")))
    if kind == "mid_month":
        return DateMention(s, e, raw, "month", None, _month(g["mon"]), None, part=_part(g.get("mid")))
    if kind == "weekday":
        if g["wd"][0].islower():
            return None
        return DateMention(s, e, raw, "weekday", weekday=WEEKDAYS[g["wd"].lower()], part=_part(g.get("part")))
    if kind == "relative":
        rel = " ".join(g["rel"].lower().split())
        return DateMention(s, e, raw, "relative", relative=rel)
    return None


def _part(s: str | None) -> str | None:
    if not s:
        return None
    return s.strip(" -").lower()


def most_recent(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The most recent `month`/`day` on or before `ref`."""
    for year in (ref.year, ref.year - 1):
        d = _safe_date(year, month, day)
        if d is not None and d <= ref:
            return d
    return None


def last_weekday(weekday: int, ref: dt.date) -> dt.date:
    """The most recent `weekday` on or before `ref`."""
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def resolve(m: DateMention, ref: dt.date | None) -> ResolvedDate | None:
    """Resolve a mention to a day with its precision; None where the text gives too little."""
    if m.kind == "full":
        assert m.year and m.month and m.day
        d = _safe_date(m.year, m.month, m.day)
        return ResolvedDate(d, "day", m.text) if d else None
    if m.kind == "month":
        year = m.year
        if year is None:
            if ref is None:
                return None
            year = ref.year if m.month is not None and m.month <= ref.month else ref.year - 1
        assert m.month
        first = dt.date(year, m.month, 1)
        if m.part in ("mid", "late"):
            return ResolvedDate(first.replace(day=11 if m.part == "mid" else 21), "approximate", m.text)
        return ResolvedDate(first, "month", m.text)
    if ref is None:
        return None
    if m.kind == "month_day":
        assert m.month and m.day
        d = most_recent(m.month, m.day, ref)
        return ResolvedDate(d, "day", m.text) if d else None
    if m.kind == "weekday":
        assert m.weekday is not None
        return ResolvedDate(last_weekday(m.weekday, ref), "day", m.text)
    if m.kind == "relative":
        return _resolve_relative(m.relative or "", ref, m.text)
    return None


def _resolve_relative(rel: str, ref: dt.date, text: str) -> ResolvedDate | None:
    day = dt.timedelta(days=1)
    if rel in ("today", "earlier today", "later today", "tonight", "this morning", "this evening"):
        return ResolvedDate(ref, "day", text)
    if rel.endswith("yesterday") or rel.startswith("yesterday") or rel == "last night":
        return ResolvedDate(ref - day, "day", text)
    ago = re.match(r"(a|one|two|three|four|five|six|seven|\d)\s+days?\s+ago$", rel)
    if ago:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}.get(ago.group(1))
        return ResolvedDate(ref - (n if n is not None else int(ago.group(1))) * day, "approximate", text)
    if rel.endswith("weekend"):
        # the most recent Saturday before the reference day (the weekend may run into Sunday)
        saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7 or 7) if rel != "this weekend" else \
            ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
        return ResolvedDate(saturday, "approximate", text)
    if rel == "overnight":
        return ResolvedDate(ref - day, "approximate", text)
    monday = ref - dt.timedelta(days=ref.weekday())
    if rel == "last week":
        return ResolvedDate(monday - 7 * day, "approximate", text)
    if rel in ("this week", "earlier this week"):
        return ResolvedDate(monday, "approximate", text)
    first = ref.replace(day=1)
    prev_first = (first - day).replace(day=1)
    if rel in ("earlier this month", "this month"):
        return ResolvedDate(first, "approximate", text)
    if rel == "last month":
        return ResolvedDate(prev_first, "month", text)
    if rel == "late last month":
        return ResolvedDate(prev_first.replace(day=21), "approximate", text)
    if rel == "earlier last month":
        return ResolvedDate(prev_first, "approximate", text)
    return None


def full_dates(text: str) -> Iterator[tuple[DateMention, dt.date]]:
    """Full (day, month, year) dates in `text` with their values."""
    for m in find_dates(text):
        if m.is_full:
            r = resolve(m, None)
            if r:
                yield m, r.date
