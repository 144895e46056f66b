"""What an analysis runs on, and an account of it: the events used, those left out by reason, the
assumptions made and the warnings the data calls for.

Rules (the README's "data checks"):
- events come as reviewed (analysts' corrections applied); rejected events are left out and counted;
- only attacks (ASSAULT) between two known, different sides are used; the rest are counted by reason:
  not an attack, no date, actor not reported, target not reported, actor and target on one side;
- `assign_unattributed` (off by default) gives an attack whose actor is not reported, on a side's forces,
  to the side the profile says opposes that side; the output states how many were assigned, to whom,
  and how many of the attributed attacks on that side in the same data that side made;
- month-precision and approximate dates are intervals (a month; the day +-3 days): reciprocity reads
  delays as ranges; point processes (Hawkes, forecasts) use approximate dates at their central day and
  leave month-precision ones out, counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from flashpoint.analysis.event_table import AnalysisEvent, dyad, opposing_side, side_labels, side_of
from flashpoint.errors import AnalysisError

APPROXIMATE_DAYS = 3


@dataclass
class DataReport:
    source: str
    filters: dict[str, Any] = field(default_factory=dict)
    selected: int = 0  # events the filters select (rejected ones included, then counted as dropped)
    used: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.dropped[reason] += n

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "filters": self.filters, "selected": self.selected, "used": self.used,
                "dropped": dict(self.dropped.most_common()), "assumptions": self.assumptions, "warnings": self.warnings,
                "first_date": self.first.isoformat() if self.first else None,
                "last_date": self.last.isoformat() if self.last else None}

    def lines(self) -> list[str]:
        span = f", {self.first} to {self.last}" if self.first else ""
        where = "; ".join(f"{k} {v}" for k, v in self.filters.items())
        out = [f"data: {self.used} event(s) used of {self.selected} selected from {self.source}{span}"
               + (f" [{where}]" if where else "")]
        if self.dropped:
            out.append("left out: " + "; ".join(f"{n} {why}" for why, n in self.dropped.most_common()))
        out += [f"assumption: {a}" for a in self.assumptions]
        out += [f"warning: {w}" for w in self.warnings]
        return out

    def copy(self) -> DataReport:
        return DataReport(self.source, dict(self.filters), self.selected, self.used, Counter(self.dropped),
                          list(self.assumptions), list(self.warnings), self.first, self.last)


@dataclass
class AnalysisInput:
    events: list[AnalysisEvent]
    report: DataReport


def _interval(day: dt.date, precision: str | None, origin: dt.date) -> tuple[float, float | None, float | None]:
    t = float((day - origin).days)
    if precision == "month":
        first = day.replace(day=1)
        nxt = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
        return t, float((first - origin).days), float((nxt - dt.timedelta(days=1) - origin).days)
    if precision == "approximate":
        return t, t - APPROXIMATE_DAYS, t + APPROXIMATE_DAYS
    return t, None, None


def _opponents(targets: set[str], pairs: list[tuple[str, str]]) -> dict[str, tuple[str, int, int]]:
    """target side -> (its opposing side in the profile, attributed attacks on it by that side, all of them)."""
    out: dict[str, tuple[str, int, int]] = {}
    for target in targets:
        other = opposing_side(target)
        if other:
            attackers = Counter(a for a, t in pairs if t == target)
            out[target] = (other, attackers.get(other, 0), sum(attackers.values()))
    return out


def load_store(engine: sa.Engine, *, since: dt.date | None = None, until: dt.date | None = None,
               country: str | None = None, event_types: tuple[str, ...] | None = ("ASSAULT",),
               assign_unattributed: bool = False) -> AnalysisInput:
    """The reviewed events of the store as directed-dyad events (time in days), with the data report."""
    from flashpoint.store.events import EventQuery, analysis_rows

    filters = {k: v.isoformat() if isinstance(v, dt.date) else v
               for k, v in (("since", since), ("until", until), ("country", country)) if v}
    report = DataReport("the store", filters)
    rows = analysis_rows(engine, EventQuery(since=since, until=until, country=country, status="all"))
    report.selected = len(rows)
    kept = []
    for r in rows:
        if (r.get("review") or {}).get("status") == "rejected":
            report.drop("rejected by an analyst")
        elif event_types is not None and r["event_type"] not in event_types:
            report.drop(f"not an attack ({r['event_type']})")
        elif not r.get("date"):
            report.drop("no date")
        else:
            kept.append(r)
    if not kept:
        return AnalysisInput([], report)
    origin = min(dt.date.fromisoformat(r["date"]) for r in kept)
    labels = set(side_labels().values())
    pairs = []
    for r in kept:
        a, t = side_of(r.get("actor")), side_of(r.get("target"))
        if a and t and a != t:
            pairs.append((a, t))
    opponents = _opponents(labels, pairs) if assign_unattributed else {}
    assigned: Counter[tuple[str, str]] = Counter()
    unattributed = 0
    out = []
    for r in kept:
        day = dt.date.fromisoformat(r["date"])
        a, t = side_of(r.get("actor")), side_of(r.get("target"))
        was_assigned = False
        if not a and t in labels and t in opponents:
            a, was_assigned = opponents[t][0], True
            assigned[(t, a)] += 1
        if not a:
            unattributed += 1
            report.drop("actor not reported" + ("" if t in labels else " (and no side's forces targeted)"))
            continue
        if not t:
            report.drop("target not reported")
            continue
        node = dyad(a, t)
        if node is None:
            report.drop("actor and target on the same side")
            continue
        time, lo, hi = _interval(day, r.get("date_precision"), origin)
        out.append(AnalysisEvent(
            id=r["id"], time=time, node=node, event_type=r["event_type"], actor_side=a, target_side=t,
            mode=r.get("mode"), fatalities=(r.get("fatalities") or {}).get("best"),
            injured=(r.get("injured") or {}).get("best"), date=day, date_precision=r.get("date_precision") or "day",
            time_low=lo, time_high=hi, assigned=was_assigned,
        ))
    for (t, a), n in sorted(assigned.items()):
        side, k, total = opponents[t]
        report.assumptions.append(
            f"{n} attack(s) on {t} with no reported actor assigned to {a}, the side the profile opposes to it "
            f"({a} made {k} of the {total} attributed attacks on {t} in this data; --assign-unattributed)")
    attacks = sum(1 for r in kept if event_types is None or r["event_type"] == "ASSAULT")
    if unattributed and not assign_unattributed and attacks:
        report.warnings.append(
            f"{unattributed} of {attacks} attacks ({unattributed / attacks:.0%}) have no reported actor and are left out; "
            "--assign-unattributed gives an attack on a side's forces to the opposing side")
    imprecise = Counter(e.date_precision for e in out if e.date_precision != "day")
    if imprecise:
        report.assumptions.append("dates as intervals: " + ", ".join(
            f"{n} {p}-precision ({'the month' if p == 'month' else f'+-{APPROXIMATE_DAYS} days'})" for p, n in sorted(imprecise.items())))
    out.sort(key=lambda e: (e.time, e.id))
    report.used = len(out)
    if out:
        report.first, report.last = min(e.date for e in out if e.date), max(e.date for e in out if e.date)
    return AnalysisInput(out, report)


def load_file(path: str, **columns: Any) -> AnalysisInput:
    """A user's event table (see `event_table.from_file`) with its data report."""
    from flashpoint.analysis.event_table import from_file, read_table

    rows = read_table(path)
    events = from_file(path, **columns)
    report = DataReport(path)
    report.selected = len(rows)
    report.used = len(events)
    no_time = sum(1 for r in rows if r.get(columns["time_col"]) is None)
    report.drop("no time", no_time)
    report.drop("no dyad (actor or target missing, or one side)", len(rows) - no_time - len(events))
    dated = [e.date for e in events if e.date]
    if dated:
        report.first, report.last = min(dated), max(dated)
    return AnalysisInput(events, report)


def for_point_process(inp: AnalysisInput) -> AnalysisInput:
    """Events a point process can use: month-precision dates left out (counted); approximate ones at their day."""
    report = inp.report.copy()
    keep = [e for e in inp.events if e.date_precision != "month"]
    report.drop("month-precision date (too coarse for a point process)", len(inp.events) - len(keep))
    approx = sum(1 for e in keep if e.date_precision == "approximate")
    if approx:
        report.assumptions = [a for a in report.assumptions if not a.startswith("dates as intervals")]
        report.assumptions.append(f"{approx} approximate date(s) used at their central day")
    report.used = len(keep)
    return AnalysisInput(keep, report)


MIN_EVENTS = 20
MIN_PER_NODE = 5


def drop_thin_dyads(inp: AnalysisInput, min_per_node: int = MIN_PER_NODE) -> AnalysisInput:
    """Leave out (counted, by dyad) the dyads with too few events to estimate their rates."""
    per_node = Counter(e.node for e in inp.events)
    thin = {n for n, c in per_node.items() if c < min_per_node}
    if not thin:
        return inp
    report = inp.report.copy()
    for n in sorted(thin):
        report.drop(f"in a dyad with under {min_per_node} events ({n})", per_node[n])
    keep = [e for e in inp.events if e.node not in thin]
    report.used = len(keep)
    return AnalysisInput(keep, report)


def check_enough(inp: AnalysisInput, what: str, *, min_events: int = MIN_EVENTS, min_per_node: int = MIN_PER_NODE) -> None:
    """Refuse a model the data cannot support, saying why and what was left out."""
    per_node = Counter(e.node for e in inp.events)
    thin = {n: c for n, c in per_node.items() if c < min_per_node}
    why = None
    if len(inp.events) < min_events:
        why = f"{len(inp.events)} usable event(s); {what} needs at least {min_events}"
    elif thin:
        why = ("too few events for " + ", ".join(f"{n} ({c})" for n, c in sorted(thin.items()))
               + f"; {what} needs at least {min_per_node} per dyad")
    if why:
        left = "; ".join(f"{n} {r}" for r, n in inp.report.dropped.most_common())
        raise AnalysisError(why + (f" (left out: {left})" if left else ""),
                            "add reports, widen --since/--until, review unattributed events or use "
                            "--assign-unattributed; --min-events lowers the bar at your own risk")
