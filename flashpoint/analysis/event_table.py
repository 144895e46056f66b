"""The event table analysis works on: from the store, or from a user's CSV/Parquet file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import AnalysisError
from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.profile import active_profile


@dataclass(frozen=True)
class AnalysisEvent:
    id: str
    time: float  # days since the table's origin (or the file's own numeric unit)
    node: str  # what the point process counts: a directed dyad "A -> B", or the file's type column
    event_type: str = "ASSAULT"
    actor_side: str | None = None
    target_side: str | None = None
    mode: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    sequence: str = ""
    date: dt.date | None = None
    # what the date really says: day-precise events are points; approximate (+-3 days) and month-precision
    # dates are intervals [time_low, time_high] in the same unit as `time` (None: the point `time`)
    date_precision: str = "day"
    time_low: float | None = None
    time_high: float | None = None
    assigned: bool = False  # the actor was not reported; --assign-unattributed gave it the opposing side

    @property
    def lo(self) -> float:
        return self.time if self.time_low is None else self.time_low

    @property
    def hi(self) -> float:
        return self.time if self.time_high is None else self.time_high

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


# Everything the analysis knows about sides goes through the active profile (flashpoint.ontology.profile):
# side_labels, side_of, opposing_side and covered_names below.
def side_labels() -> dict[str, str]:
    """Side id -> the label analyses print for it."""
    return {s.id: s.label for s in active_profile().sides.values()}


def opposing_side(label: str) -> str | None:
    """The label of the side the profile says fights the side labelled `label` (None: no such side)."""
    prof = active_profile()
    for s in prof.sides.values():
        if s.label == label:
            other = prof.opponent(s.id)
            return other.label if other else None
    return None


def side_of(name: str | None) -> str | None:
    """The side an actor is on, as analysts name it: the active profile's label for its side, else the
    actor's own name (a party outside the sides, or outside the profile, is its own side)."""
    if not name:
        return None
    a = actor_lexicon().get(name)
    if a is None:
        return name
    rep = actor_lexicon().get(a.represents) or a
    return active_profile().label(rep.side) if rep.side else rep.name


def covered_names(value: str) -> set[str] | None:
    """The actor names a side filter `value` covers, or None when it names no known side or actor.

    A side label ("Iran-aligned") or key covers every actor on that side; an actor covers itself, the
    members of a front (transitively), the people who stand for it and, for a collective term
    ("Iran-backed militias"), the armed groups of its side.
    """
    lex = actor_lexicon()
    wanted = value.strip().lower()
    labels = side_labels()
    for key, label in labels.items():
        if wanted in (key.lower(), label.lower()):
            return {a.name for a in lex.actors.values() if side_of(a.name) == label} | {label}
    root = lex.get(value)
    if root is None:
        return None
    armed = {"group", "militia", "umbrella"}
    out = {root.name}
    changed = True
    while changed:
        changed = False
        for a in lex.actors.values():
            if a.name in out:
                continue
            covered = (any(m in out for m in a.member_of) or a.stands_for in out
                       or (root.kind == "group" and a.kind in armed and bool(root.side) and a.side == root.side))
            if covered:
                out.add(a.name)
                changed = True
    return out


def dyad(actor_side: str | None, target_side: str | None) -> str | None:
    if not actor_side or not target_side or actor_side == target_side:
        return None
    return f"{actor_side} -> {target_side}"


def from_store(engine: sa.Engine, *, event_types: tuple[str, ...] | None = ("ASSAULT",)) -> list[AnalysisEvent]:
    """Dated reviewed events with both sides known, as directed-dyad events (time in days).
    `flashpoint.analysis.data.load_store` does the same and says what it left out and why."""
    from flashpoint.analysis.data import load_store

    return load_store(engine, event_types=event_types).events


def read_table(path: str) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise AnalysisError(f"no file {path}", "pass --events PATH to a CSV or Parquet file")
    try:
        if p.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return list(pq.read_table(p).to_pylist())
        import pyarrow.csv as pcsv

        return list(pcsv.read_csv(p).to_pylist())
    except Exception as exc:  # pyarrow raises several types for unreadable files
        raise AnalysisError(f"cannot read {path} ({exc})", "check that it is a CSV with a header row, or Parquet")


def _times(values: list[Any], column: str) -> tuple[list[float], list[dt.date | None]]:
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return [float(v) for v in values], [None] * len(values)
    days: list[dt.date] = []
    for v in values:
        if isinstance(v, dt.datetime):
            days.append(v.date())
        elif isinstance(v, dt.date):
            days.append(v)
        else:
            try:
                days.append(dt.date.fromisoformat(str(v)[:10]))
            except ValueError:
                raise AnalysisError(f"column {column!r} has {v!r}, neither a number nor a date",
                                    "give numeric times or YYYY-MM-DD dates")
    origin = min(days)
    return [float((d - origin).days) for d in days], list(days)


def from_file(path: str, *, time_col: str, type_col: str | None = None, sequence_col: str | None = None,
              actor_col: str | None = None, target_col: str | None = None) -> list[AnalysisEvent]:
    rows = read_table(path)
    if not rows:
        raise AnalysisError(f"{path} has no rows", "give a table with one event per row")
    cols = set(rows[0])
    for c in (time_col, type_col, sequence_col, actor_col, target_col):
        if c and c not in cols:
            raise AnalysisError(f"{path} has no column {c!r} (columns: {', '.join(sorted(cols))})", "name an existing column")
    rows = [r for r in rows if r.get(time_col) is not None]
    times, days = _times([r[time_col] for r in rows], time_col)
    out = []
    for i, (r, t, d) in enumerate(zip(rows, times, days, strict=True)):
        a = side_of(str(r[actor_col])) if actor_col and r.get(actor_col) else None
        b = side_of(str(r[target_col])) if target_col and r.get(target_col) else None
        node = str(r[type_col]) if type_col else dyad(a, b)
        if node is None:
            continue
        out.append(AnalysisEvent(id=str(r.get("id", i)), time=t, node=node, actor_side=a, target_side=b,
                                 sequence=str(r[sequence_col]) if sequence_col else "", date=d,
                                 event_type=str(r.get("event_type") or "ASSAULT"), mode=r.get("mode")))
    return sorted(out, key=lambda e: (e.sequence, e.time, e.id))
