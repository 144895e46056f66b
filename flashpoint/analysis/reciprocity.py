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
    delays: list[float | None]  # per action: days to the other side's next action against this one
    answered_within: dict[int, float]  # window (days) -> share of actions answered
    median_delay: float | None
    stated: int  # actions the other side explicitly answered (a resolved retaliation link)
    timing_only: int  # actions answered within the longest window without a stated link
    mean_intensity: float
    intensity_trend_per_30d: float | None
    trend_p_value: float | None
    events: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, object]:
        return {"dyad": self.dyad, "answered_by": self.answered_by, "actions": self.actions,
                "answered_within": {str(k): v for k, v in self.answered_within.items()},
                "median_delay_days": self.median_delay, "stated_retaliations": self.stated,
                "timing_only": self.timing_only, "mean_intensity": self.mean_intensity,
                "intensity_trend_per_30d": self.intensity_trend_per_30d, "trend_p_value": self.trend_p_value}


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
        answers = np.array(sorted(e.time for e in by_node.get(reverse, [])))
        delays: list[float | None] = []
        for e in acts:
            k = int(np.searchsorted(answers, e.time, side="left"))
            delays.append(float(answers[k] - e.time) if k < len(answers) else None)
        known = [d for d in delays if d is not None]
        longest = max(windows)
        stated = sum(1 for e in acts if links.get(e.id))
        timing = sum(1 for e, d in zip(acts, delays, strict=True) if d is not None and d <= longest and not links.get(e.id))
        slope, p = _trend(acts)
        out.append(DyadReciprocity(
            dyad=node, answered_by=reverse, actions=len(acts), delays=delays,
            answered_within={w: sum(1 for d in known if d <= w) / len(acts) for w in windows},
            median_delay=float(np.median(known)) if known else None, stated=stated, timing_only=timing,
            mean_intensity=float(np.mean([intensity(e) for e in acts])), intensity_trend_per_30d=slope,
            trend_p_value=p, events=[e.id for e in acts],
        ))
    return out


def _trend(acts: list[AnalysisEvent]) -> tuple[float | None, float | None]:
    times = np.array([e.time for e in acts])
    if len(acts) < 3 or np.ptp(times) == 0:
        return None, None
    res = stats.linregress(times, [intensity(e) for e in acts])
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
