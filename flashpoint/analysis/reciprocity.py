"""Who answers whom, how fast and how hard: dyad series, response delays, escalation intensity.

Escalation intensity of one event (documented scale, not a learned one):
    type weight (ASSAULT 3, THREATEN 1, MOBILIZE 1, SANCTION 1, ACCUSE 0.5, REQUEST 0.3, CONSULT -0.5,
    RETREAT -1) + mode weight (missile 2, aerial 1.5, drone/rocket/explosive/ground 1, artillery 0.5)
    + 2 * log(1 + killed) + 0.5 * log(1 + injured).
Its trend per dyad is the least-squares slope per 30 days (with the p-value of a zero slope).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from flashpoint.analysis.event_table import AnalysisEvent

TYPE_WEIGHT = {"ASSAULT": 3.0, "THREATEN": 1.0, "MOBILIZE": 1.0, "SANCTION": 1.0, "ACCUSE": 0.5, "REQUEST": 0.3,
               "CONSULT": -0.5, "RETREAT": -1.0}
MODE_WEIGHT = {"missile": 2.0, "aerial": 1.5, "drone": 1.0, "rocket": 1.0, "explosive": 1.0, "ground": 1.0,
               "artillery": 0.5}
WINDOWS = (1, 3, 7, 14)


def intensity(e: AnalysisEvent) -> float:
    return (TYPE_WEIGHT.get(e.event_type, 1.0) + MODE_WEIGHT.get(e.mode or "", 0.0)
            + 2 * math.log1p(e.fatalities or 0) + 0.5 * math.log1p(e.injured or 0))


@dataclass
class DyadReciprocity:
    dyad: str
    answered_by: str  # the reverse dyad
    actions: int
    delays: list[float | None]  # per action: days to the other side's next action against this one (central)
    answered_within: dict[int, float]  # window (days) -> share of actions surely answered within it
    median_delay: float | None
    stated: int  # actions the other side explicitly answered (a resolved retaliation link)
    timing_only: int  # actions answered within the longest window without a stated link
    mean_intensity: float
    intensity_trend_per_30d: float | None
    trend_p_value: float | None
    events: list[str] = field(default_factory=list, repr=False)
    # with interval dates (month, approximate) a delay is a range: the shares answered "possibly" within a
    # window count every delay whose range reaches into it; for day-precise dates both are the same
    delay_ranges: list[tuple[float, float] | None] = field(default_factory=list, repr=False)
    possibly_within: dict[int, float] = field(default_factory=dict)
    median_delay_range: tuple[float, float] | None = None
    imprecise: int = 0  # actions or answers whose dates are intervals
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"dyad": self.dyad, "answered_by": self.answered_by, "actions": self.actions,
                "answered_within": {str(k): v for k, v in self.answered_within.items()},
                "possibly_answered_within": {str(k): v for k, v in self.possibly_within.items()},
                "median_delay_days": self.median_delay,
                "median_delay_range_days": list(self.median_delay_range) if self.median_delay_range else None,
                "stated_retaliations": self.stated,
                "timing_only": self.timing_only, "mean_intensity": self.mean_intensity,
                "intensity_trend_per_30d": self.intensity_trend_per_30d, "trend_p_value": self.trend_p_value,
                "pairs_with_interval_dates": self.imprecise, "warnings": self.warnings}


MIN_ACTIONS = 5  # below this a dyad's shares say little: warn


def _next_answer(e: AnalysisEvent, answers: list[AnalysisEvent]) -> tuple[float, float, float, bool] | None:
    """(central delay, lowest, highest, imprecise) to the first answer that can come after `e`."""
    best: tuple[float, float, float, bool] | None = None
    for b in answers:
        if b.hi < e.lo:
            continue
        mid = max(0.0, b.mid - e.mid)
        cand = (mid, max(0.0, b.lo - e.hi), b.hi - e.lo, b.date_precision != "day" or e.date_precision != "day")
        if best is None or (cand[0], cand[2]) < (best[0], best[2]):
            best = cand
    return best


class _Answers:
    """A dyad's answers sorted by central time: the first answer that can come after an event is found by
    bisection in a window, not by scanning them all (the same choice as `_next_answer`)."""

    def __init__(self, answers: list[AnalysisEvent]) -> None:
        order = {id(b): k for k, b in enumerate(answers)}  # ties go to the earlier in (lo, id) order
        self.items = sorted(answers, key=lambda b: (b.mid, order[id(b)]))
        self.rank = [order[id(b)] for b in self.items]
        self.mids = [b.mid for b in self.items]
        self.span = max([b.hi - b.mid for b in answers] + [0.0])  # how far after its centre an answer reaches

    def next_after(self, e: AnalysisEvent) -> tuple[float, float, float, bool] | None:
        import bisect

        def cand(b: AnalysisEvent) -> tuple[float, float, float, bool]:
            return (max(0.0, b.mid - e.mid), max(0.0, b.lo - e.hi), b.hi - e.lo,
                    b.date_precision != "day" or e.date_precision != "day")

        # centred at or before e: delay 0; it must reach e (hi >= e.lo), so its centre is within span of e.lo
        start = bisect.bisect_left(self.mids, e.lo - self.span)
        end = bisect.bisect_right(self.mids, e.mid)
        best: tuple[tuple[float, float, int], AnalysisEvent] | None = None
        for k in range(start, end):
            b = self.items[k]
            if b.hi >= e.lo and (best is None or (b.hi - e.lo, self.rank[k]) < best[0][1:]):
                best = ((0.0, b.hi - e.lo, self.rank[k]), b)
        if best is not None:
            return cand(best[1])
        # else the answers with the next centre after e (the earliest that reach e)
        k = end
        while k < len(self.items):
            group_end = bisect.bisect_right(self.mids, self.mids[k])
            found = [(b.hi - e.lo, self.rank[j], j) for j, b in enumerate(self.items[k:group_end], k) if b.hi >= e.lo]
            if found:
                return cand(self.items[min(found)[2]])
            k = group_end
        return None


def reciprocity(events: list[AnalysisEvent], links: dict[str, set[str]] | None = None,
                windows: tuple[int, ...] = WINDOWS) -> list[DyadReciprocity]:
    """`links` maps an event id to the ids of events stated to answer it."""
    links = links or {}
    by_node: dict[str, list[AnalysisEvent]] = defaultdict(list)
    for e in events:
        by_node[e.node].append(e)
    out = []
    for node in sorted(by_node):
        acts = sorted(by_node[node], key=lambda e: (e.time, e.id))
        a, b = (node.split(" -> ") + [""])[:2]
        reverse = f"{b} -> {a}"
        answers = sorted(by_node.get(reverse, []), key=lambda e: (e.lo, e.id))
        index = _Answers(answers)
        found = [index.next_after(e) for e in acts]
        delays = [f[0] if f else None for f in found]
        ranges = [(f[1], f[2]) if f else None for f in found]
        known = [f for f in found if f]
        longest = max(windows)
        stated = sum(1 for e in acts if links.get(e.id))
        timing = sum(1 for e, f in zip(acts, found, strict=True) if f and f[2] <= longest and not links.get(e.id))
        slope, p = _trend(acts)
        warnings = []
        if len(acts) < MIN_ACTIONS:
            warnings.append(f"{len(acts)} action(s): shares and delays say little below {MIN_ACTIONS}")
        if not answers:
            warnings.append(f"no '{reverse}' events in the data: nothing can count as an answer")
        out.append(DyadReciprocity(
            dyad=node, answered_by=reverse, actions=len(acts), delays=delays,
            answered_within={w: sum(1 for f in known if f[2] <= w) / len(acts) for w in windows},
            median_delay=float(np.median([f[0] for f in known])) if known else None, stated=stated,
            timing_only=timing, mean_intensity=float(np.mean([intensity(e) for e in acts])),
            intensity_trend_per_30d=slope, trend_p_value=p, events=[e.id for e in acts], delay_ranges=ranges,
            possibly_within={w: sum(1 for f in known if f[1] <= w) / len(acts) for w in windows},
            median_delay_range=(float(np.median([f[1] for f in known])), float(np.median([f[2] for f in known])))
            if known else None,
            imprecise=sum(1 for f in known if f[3]), warnings=warnings,
        ))
    return out


def _trend(acts: list[AnalysisEvent]) -> tuple[float | None, float | None]:
    times = np.array([e.mid for e in acts])
    if len(acts) < 3 or np.ptp(times) == 0:
        return None, None
    res = stats.linregress(times, [intensity(e) for e in acts])
    if not (math.isfinite(res.slope) and math.isfinite(res.pvalue)):
        return None, None
    return float(res.slope * 30), float(res.pvalue)


@dataclass
class SeriesPoint:
    period: str  # the first day of the day/week, or the time bucket for numeric times
    dyad: str
    event_type: str
    count: int


def dyad_series(events: list[AnalysisEvent], freq: str = "W") -> list[SeriesPoint]:
    """Counts per period (D: day, W: ISO week starting Monday) per directed dyad and type."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for e in events:
        if e.date is not None:
            start = e.date if freq == "D" else e.date - dt.timedelta(days=e.date.weekday())
            period = start.isoformat()
        else:
            width = 1.0 if freq == "D" else 7.0
            period = f"{math.floor(e.time / width) * width:g}"
        counts[(period, e.node, e.event_type)] += 1
    return [SeriesPoint(p, d, t, c) for (p, d, t), c in sorted(counts.items())]
