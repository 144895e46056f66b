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


def _opponents(targets: set[str], pairs: Counter[tuple[str, str]]) -> dict[str, tuple[str, int, int]]:
    """target side -> (its opposing side in the profile, attributed attacks on it by that side, all of them)."""
    out: dict[str, tuple[str, int, int]] = {}
    for target in targets:
        other = opposing_side(target)
        if other:
            attackers: Counter[str] = Counter()
            for (a, t), n in pairs.items():
                if t == target:
                    attackers[a] += n
            out[target] = (other, attackers.get(other, 0), sum(attackers.values()))
    return out


@dataclass
class _Used:
    """A row (one event, or `n` alike) the analysis uses, with its sides and directed dyad."""
    row: dict[str, Any]
    actor_side: str
    target_side: str
    node: str
    assigned: bool


def _account(rows: list[dict[str, Any]], report: DataReport, event_types: tuple[str, ...] | None,
             assign_unattributed: bool) -> list[_Used]:
    """The data checks (module docstring) over rows of analysis columns, each standing for `n` events: what is
    used (with its dyad) and, in `report`, what is left out by reason, the assumptions and the warnings."""
    sides: dict[str | None, str | None] = {}

    def side(name: str | None) -> str | None:  # a few names recur over many events: resolved once each
        if name not in sides:
            sides[name] = side_of(name)
        return sides[name]

    report.selected = sum(r["n"] for r in rows)
    kept = []
    for r in rows:
        if r["status"] == "rejected":
            report.drop("rejected by an analyst", r["n"])
        elif event_types is not None and r["event_type"] not in event_types:
            report.drop(f"not an attack ({r['event_type']})", r["n"])
        elif not r["date"]:
            report.drop("no date", r["n"])
        else:
            kept.append(r)
    labels = set(side_labels().values())
    opponents: dict[str, tuple[str, int, int]] = {}
    if assign_unattributed:
        pairs: Counter[tuple[str, str]] = Counter()
        for r in kept:
            a, t = side(r["actor"]), side(r["target"])
            if a and t and a != t:
                pairs[(a, t)] += r["n"]
        opponents = _opponents(labels, pairs)
    assigned: Counter[tuple[str, str]] = Counter()
    unattributed = 0
    out = []
    for r in kept:
        n = r["n"]
        a, t = side(r["actor"]), side(r["target"])
        was_assigned = False
        if not a and t in labels and t in opponents:
            a, was_assigned = opponents[t][0], True
            assigned[(t, a)] += n
        if not a:
            unattributed += n
            report.drop("actor not reported" + ("" if t in labels else " (and no side's forces targeted)"), n)
            continue
        if not t:
            report.drop("target not reported", n)
            continue
        node = dyad(a, t)
        if node is None:
            report.drop("actor and target on the same side", n)
            continue
        out.append(_Used(r, a, t, node, was_assigned))
    for (t, a), n in sorted(assigned.items()):
        side_t, k, total = opponents[t]
        report.assumptions.append(
            f"{n} attack(s) on {t} with no reported actor assigned to {a}, the side the profile opposes to it "
            f"({a} made {k} of the {total} attributed attacks on {t} in this data; --assign-unattributed)")
    attacks = sum(r["n"] for r in kept if event_types is None or r["event_type"] == "ASSAULT")
    if unattributed and not assign_unattributed and attacks:
        report.warnings.append(
            f"{unattributed} of {attacks} attacks ({unattributed / attacks:.0%}) have no reported actor and are left out; "
            "--assign-unattributed gives an attack on a side's forces to the opposing side")
    imprecise: Counter[str] = Counter()
    for u in out:
        if (u.row["date_precision"] or "day") != "day":
            imprecise[u.row["date_precision"]] += u.row["n"]
    if imprecise:
        report.assumptions.append("dates as intervals: " + ", ".join(
            f"{n} {p}-precision ({'the month' if p == 'month' else f'+-{APPROXIMATE_DAYS} days'})" for p, n in sorted(imprecise.items())))
    report.used = sum(u.row["n"] for u in out)
    if out:
        days = [u.row["date"] for u in out]
        report.first, report.last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
    return out


def _store_report(since: dt.date | None, until: dt.date | None, country: str | None) -> DataReport:
    filters = {k: v.isoformat() if isinstance(v, dt.date) else v
               for k, v in (("since", since), ("until", until), ("country", country)) if v}
    return DataReport("the store", filters)


def load_store(engine: sa.Engine, *, since: dt.date | None = None, until: dt.date | None = None,
               country: str | None = None, event_types: tuple[str, ...] | None = ("ASSAULT",),
               assign_unattributed: bool = False) -> AnalysisInput:
    """The reviewed events of the store as directed-dyad events (time in days), with the data report."""
    from flashpoint.store.events import EventQuery, analysis_rows

    report = _store_report(since, until, country)
    rows = analysis_rows(engine, EventQuery(since=since, until=until, country=country, status="all"))
    used = _account(rows, report, event_types, assign_unattributed)
    if not used:
        return AnalysisInput([], report)
    origin = min(dt.date.fromisoformat(u.row["date"]) for u in used)
    out = []
    for u in used:
        r = u.row
        day = dt.date.fromisoformat(r["date"])
        time, lo, hi = _interval(day, r["date_precision"], origin)
        out.append(AnalysisEvent(
            id=r["id"], time=time, node=u.node, event_type=r["event_type"], actor_side=u.actor_side,
            target_side=u.target_side, mode=r["mode"], fatalities=r["fatalities"], injured=r["injured"], date=day,
            date_precision=r["date_precision"] or "day", time_low=lo, time_high=hi, assigned=u.assigned,
        ))
    out.sort(key=lambda e: (e.time, e.id))
    return AnalysisInput(out, report)


def store_series(engine: sa.Engine, freq: str = "W", *, since: dt.date | None = None, until: dt.date | None = None,
                 country: str | None = None, assign_unattributed: bool = False) -> tuple[list[Any], DataReport]:
    """Attacks per period (D: day, W: ISO week from Monday) per directed dyad, with the data report: the same
    events and report as `dyad_series(load_store(...).events)`, counted in SQL (a row per day, pair of actors
    and review status, not per event)."""
    from flashpoint.analysis.reciprocity import SeriesPoint
    from flashpoint.store.events import EventQuery, analysis_groups

    report = _store_report(since, until, country)
    groups = analysis_groups(engine, EventQuery(since=since, until=until, country=country, status="all"))
    counts: Counter[tuple[str, str, str]] = Counter()
    for u in _account(groups, report, ("ASSAULT",), assign_unattributed):
        day = dt.date.fromisoformat(u.row["date"])
        start = day if freq == "D" else day - dt.timedelta(days=day.weekday())
        counts[(start.isoformat(), u.node, u.row["event_type"])] += u.row["n"]
    return [SeriesPoint(p, d, t, c) for (p, d, t), c in sorted(counts.items())], report


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
