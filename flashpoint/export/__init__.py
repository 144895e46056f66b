"""Exports in the formats analysts' tools read. Every export holds reviewed events (analysts' corrections
applied, rejected events left out unless asked for), with the machine reading and review status beside.

| format    | files                                                                                   |
| --------- | --------------------------------------------------------------------------------------- |
| `csv`     | events.csv (with evidence, source URLs/titles and review columns), mentions.csv,          |
|           | sources.csv, tallies.csv                                                                |
| `json`    | flashpoint.json: {"meta", "events", "mentions", "sources", "tallies"}                    |
| `parquet` | the four tables of `csv` as Parquet                                                     |
| `geojson` | events.geojson: every event a Feature (see `flashpoint.export.geo`)                      |
| `acled`   | acled.csv: ACLED's own columns and vocabularies, flashpoint's columns after them          |
| `plover`  | plover.jsonl: one PLOVER-style JSON record per line                                     |
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.event_types import event_types

_TIME_PRECISION = {"day": 1, "approximate": 2, "month": 3}
EXPORT_FORMATS = ("csv", "json", "parquet", "geojson", "acled", "plover")


def json_safe(v: Any) -> Any:
    """A value JSON can hold: NaN and infinities become null, dates ISO strings, tuples lists."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {str(k): json_safe(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [json_safe(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "tolist"):  # numpy arrays and scalars
        return json_safe(v.tolist())
    return v


def dumps(v: Any, **kw: Any) -> str:
    """Strict JSON text (never a bare NaN)."""
    return json.dumps(json_safe(v), ensure_ascii=False, allow_nan=False, **kw)


def acled_columns(rec: dict[str, Any]) -> dict[str, Any]:
    """ACLED-style event_type/sub_event_type, inter codes, geo_precision and time_precision."""
    types = event_types()
    kind = rec.get("event_type") or ""
    acled = dict(types.acled.get(kind, {}))
    if kind == "ASSAULT" and rec.get("mode"):
        sub = types.acled_sub_event.get(rec["mode"])
        if sub:
            acled["sub_event_type"] = sub
            acled["event_type"] = "Battles" if rec["mode"] == "ground" else "Explosions/Remote violence"
    i1, i2 = inter_code(rec.get("actor")), inter_code(rec.get("target"))
    return {
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "inter1": i1,
        "inter2": i2,
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else None,
        "geo_precision": rec.get("geo_precision"),
        "time_precision": _TIME_PRECISION.get(rec.get("date_precision") or ""),
    }


def inter_code(name: str | None) -> int | None:
    """ACLED's numeric actor type (1 state forces ... 8 external/other forces) from the ontology."""
    lex = actor_lexicon()
    a = lex.get(name) if name else None
    if a is None:
        return None
    rep = lex.get(a.represents) or a
    return rep.inter


def plover_columns(rec: dict[str, Any]) -> dict[str, Any]:
    """PLOVER-style event type and mode vocabulary (rocket/missile/artillery are heavy-weapons)."""
    mode = rec.get("mode")
    return {"plover_event": rec.get("event_type"), "plover_mode": event_types().plover_modes.get(mode) if mode else None}


def flat_record(rec: dict[str, Any]) -> dict[str, Any]:
    """One event record (a mention, an extractor record) as a flat row with the ACLED and PLOVER columns."""
    row = dict(rec)
    for key in ("fatalities", "injured"):
        r = row.pop(key, None)
        row[f"{key}_low"] = r.get("low") if r else None
        row[f"{key}_high"] = r.get("high") if r else None
    row["claimed_by"] = "; ".join(row.get("claimed_by") or [])
    row.update(acled_columns(rec))
    row.update(plover_columns(rec))
    return row


def format_range(r: dict[str, Any] | None) -> str:
    """A casualty range for display: "3", "34-" (at least 34), "5-8"."""
    if not r:
        return ""
    lo, hi = r.get("low"), r.get("high")
    if lo == hi:
        return str(lo)
    return f"{lo if lo is not None else '?'}-{hi if hi is not None else ''}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text starting like a spreadsheet formula (= + - @, tab, CR) gets a leading
    apostrophe, so that a report's text or an analyst's correction is shown, never evaluated (numbers stay
    numbers: -3.5 is a longitude, not a formula)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Flat rows as CSV text, columns from the first row ("" for no rows); cells escaped with `csv_cell`."""
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), extrasaction="ignore")
    w.writerow({c: csv_cell(c) for c in rows[0]})
    w.writerows({k: csv_cell(v) for k, v in r.items()} for r in rows)
    return buf.getvalue()


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    return rows_to_csv([flat_record(r) for r in records])


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(dumps(r) + "\n" for r in records)


def _unique(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v not in (None, "") and v not in out:
            out.append(v)
    return out


def review_columns(rec: dict[str, Any]) -> dict[str, Any]:
    """The review beside the reviewed values: status, corrected fields, the machine's values, the reasons."""
    review = rec.get("review") or {}
    edits = review.get("edits") or []
    return {
        "review_status": review.get("status", "unreviewed"),
        "reviewed_fields": ", ".join(review.get("corrected") or []),
        "machine_values": dumps(review.get("machine")) if review.get("machine") else "",
        "review_reasons": " | ".join(_unique(f"{e.get('action')}{' ' + e['field'] if e.get('field') else ''}: "
                                             f"{e.get('reason') or ''}".strip() for e in edits)),
        "reviewed_by": ", ".join(_unique(e.get("username") for e in edits)),
    }


def flat_event(rec: dict[str, Any]) -> dict[str, Any]:
    """A reviewed event as a flat row: best/low/high figures, source counts, disputed fields, review columns,
    evidence sentences, source URLs and titles (when the record carries its mentions), ACLED/PLOVER columns."""
    skip = ("fatalities", "injured", "claims", "mentions", "disputed", "review", "retaliation_links", "audit",
            "actor_side", "target_side")
    row = {k: v for k, v in rec.items() if k not in skip}
    row.update(review_columns(rec))
    for key in ("fatalities", "injured"):
        c = rec.get(key) or {}
        row[f"{key}_best"] = c.get("best")
        row[f"{key}_low"] = c.get("low")
        row[f"{key}_high"] = c.get("high")
        row[f"{key}_by_source"] = "; ".join(
            f"{s['doc_id']}={format_range({'low': s['low'], 'high': s['high']})}" for s in c.get("sources", [])
        )
    row["claimed_by"] = "; ".join(rec.get("claimed_by") or [])
    row["retaliation_for"] = "; ".join(rec.get("retaliation_for") or [])
    row["claims"] = "; ".join(f"{c['actor']} ({c['kind']}, {c['doc_id']})" for c in rec.get("claims") or [])
    row["disputed_fields"] = ", ".join(sorted(rec.get("disputed") or {}))
    mentions = rec.get("mentions") or []
    row["evidence"] = " | ".join(_unique(m.get("evidence") for m in mentions))
    row["source_urls"] = "; ".join(_unique(m.get("url") for m in mentions))
    row["source_titles"] = " | ".join(_unique(m.get("title") for m in mentions))
    row["publishers"] = "; ".join(_unique(m.get("publisher") for m in mentions))
    row["reports"] = "; ".join(_unique(m.get("doc_id") for m in mentions))
    row.update(acled_columns(rec))
    row.update(plover_columns(rec))
    return row


def mention_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mention table: one flat row per (event, mention), keyed by event_id."""
    return [{"event_id": e["id"], **flat_record(m)} for e in events for m in e.get("mentions", [])]


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    from flashpoint.export.geo import feature_collection

    return feature_collection(list(events))


@dataclass
class Dataset:
    """What an export writes: reviewed events with their mentions, the reports they come from (sources)
    and the running tallies those reports state; `meta` says how it was made."""

    events: list[dict[str, Any]]
    sources: list[dict[str, Any]] = field(default_factory=list)
    tallies: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def dataset(engine: Any, query: Any = None, *, filters: dict[str, Any] | None = None) -> Dataset:
    """The reviewed events a query selects, with their mentions, sources and the sources' tallies."""
    import sqlalchemy as sa

    from flashpoint.store import schema
    from flashpoint.store.events import event_rows, with_mentions
    from flashpoint.store.extractions import tally_records

    events = with_mentions(engine, event_rows(engine, query))
    doc_ids = sorted({m["doc_id"] for e in events for m in e["mentions"]})
    d = schema.documents
    sources: list[dict[str, Any]] = []
    with engine.connect() as c:
        for i in range(0, len(doc_ids), 500):
            q = sa.select(d.c.doc_id, d.c.version, d.c.title, d.c.url, d.c.author, d.c.publisher, d.c.published,
                          d.c.published_source, d.c.language, d.c.format, d.c.ingested_at, d.c.dup_of).where(
                d.c.doc_id.in_(doc_ids[i:i + 500]), d.c.is_latest.is_(True))
            sources += [dict(r._mapping) for r in c.execute(q)]
    counts: dict[str, int] = {}
    for e in events:
        for m in e["mentions"]:
            counts[m["doc_id"]] = counts.get(m["doc_id"], 0) + 1
    for s in sources:
        s["n_mentions"] = counts.get(s["doc_id"], 0)
    sources.sort(key=lambda s: (s["published"] or "", s["doc_id"]))
    wanted = set(doc_ids)
    tallies = [t for t in tally_records(engine) if t["doc_id"] in wanted]
    from flashpoint import __version__

    meta = {"generator": f"flashpoint {__version__}", "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "filters": filters or {}, "counts": {"events": len(events), "mentions": sum(len(e["mentions"]) for e in events),
                                                 "sources": len(sources), "tallies": len(tallies)},
            "values": "reviewed (analysts' corrections applied; the machine reading under review.machine)"}
    return Dataset(events, sources, tallies, meta)


def _tally_row(t: dict[str, Any]) -> dict[str, Any]:
    return {**t, "where": ", ".join(t.get("where") or []), "by_country": dumps(t["by_country"]) if t.get("by_country") else ""}


def write_dataset(out_dir: str, fmt: str, data: Dataset) -> list[str]:
    """Write `data` to `out_dir` in one format (or "all"); returns the paths written."""
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    formats = EXPORT_FORMATS if fmt == "all" else (fmt,)
    written: list[Path] = []
    tables = {
        "events": [flat_event(e) for e in data.events],
        "mentions": mention_rows(data.events),
        "sources": data.sources,
        "tallies": [_tally_row(t) for t in data.tallies],
    }
    for f in formats:
        if f == "csv":
            for name, rows in tables.items():
                (d / f"{name}.csv").write_text(rows_to_csv(rows), encoding="utf-8")
                written.append(d / f"{name}.csv")
        elif f == "json":
            doc = {"meta": data.meta, "events": [{k: v for k, v in e.items() if k != "mentions"} for e in data.events],
                   "mentions": [{"event_id": e["id"], **m} for e in data.events for m in e["mentions"]],
                   "sources": data.sources, "tallies": data.tallies}
            (d / "flashpoint.json").write_text(dumps(doc, indent=1), encoding="utf-8")
            written.append(d / "flashpoint.json")
        elif f == "geojson":
            (d / "events.geojson").write_text(dumps(to_geojson(data.events)), encoding="utf-8")
            written.append(d / "events.geojson")
        elif f == "acled":
            from flashpoint.export.acled import acled_rows

            (d / "acled.csv").write_text(rows_to_csv(acled_rows(data.events)), encoding="utf-8")
            written.append(d / "acled.csv")
        elif f == "plover":
            from flashpoint.export.plover import plover_records

            (d / "plover.jsonl").write_text(to_jsonl(plover_records(data.events)), encoding="utf-8")
            written.append(d / "plover.jsonl")
        elif f == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            for name, rows in tables.items():
                pq.write_table(pa.Table.from_pylist([json_safe(r) for r in rows]), d / f"{name}.parquet")
                written.append(d / f"{name}.parquet")
        else:
            raise ValueError(f"unknown export format {f!r}")
    return [str(p) for p in written]


def write_tables(out_dir: str, fmt: str, events: list[dict[str, Any]]) -> list[str]:
    """Write events that carry their mentions (no sources or tallies) to `out_dir`."""
    return write_dataset(out_dir, fmt, Dataset(events))
