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


def dyad(actor_side: str | None, target_side: str | None) -> str | None:
    if not actor_side or not target_side or actor_side == target_side:
        return None
    return f"{actor_side} -> {target_side}"


def from_store(engine: sa.Engine, *, event_types: tuple[str, ...] | None = ("ASSAULT",)) -> list[AnalysisEvent]:
    """Dated fused events with both sides known, as directed-dyad events (time in days)."""
    from flashpoint.store.events import event_rows

    rows = [r for r in event_rows(engine) if r.get("date") and (event_types is None or r["event_type"] in event_types)]
    if not rows:
        return []
    origin = min(dt.date.fromisoformat(r["date"]) for r in rows)
    out = []
    for r in rows:
        day = dt.date.fromisoformat(r["date"])
        a, t = side_of(r.get("actor")), side_of(r.get("target"))
        node = dyad(a, t)
        if node is None:
            continue
        out.append(AnalysisEvent(
            id=r["id"], time=float((day - origin).days), node=node, event_type=r["event_type"], actor_side=a,
            target_side=t, mode=r.get("mode"), fatalities=(r.get("fatalities") or {}).get("best"),
            injured=(r.get("injured") or {}).get("best"), date=day,
        ))
    return sorted(out, key=lambda e: (e.time, e.id))


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
