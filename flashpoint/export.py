"""Export columns in the vocabularies analysts know: ACLED-style and PLOVER-style."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from flashpoint.ontology.actors import actor_lexicon
from flashpoint.ontology.event_types import event_types

_TIME_PRECISION = {"day": 1, "approximate": 2, "month": 3}


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
    lex = actor_lexicon()

    def inter(name: str | None) -> int | None:
        a = lex.get(name) if name else None
        if a is None:
            return None
        rep = lex.get(a.represents) or a
        return rep.inter

    i1, i2 = inter(rec.get("actor")), inter(rec.get("target"))
    return {
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "inter1": i1,
        "inter2": i2,
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else None,
        "geo_precision": rec.get("geo_precision"),
        "time_precision": _TIME_PRECISION.get(rec.get("date_precision") or ""),
    }


def plover_columns(rec: dict[str, Any]) -> dict[str, Any]:
    """PLOVER-style event type and mode vocabulary (rocket/missile/artillery are heavy-weapons)."""
    mode = rec.get("mode")
    return {"plover_event": rec.get("event_type"), "plover_mode": event_types().plover_modes.get(mode) if mode else None}


def flat_record(rec: dict[str, Any]) -> dict[str, Any]:
    """One event record as a flat row with the ACLED and PLOVER columns added."""
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


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Flat rows as CSV text, columns from the first row ("" for no rows)."""
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    return rows_to_csv([flat_record(r) for r in records])


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def flat_event(rec: dict[str, Any]) -> dict[str, Any]:
    """A fused event as a flat row: best/low/high figures, source counts, disputed fields, ACLED/PLOVER columns."""
    row = {k: v for k, v in rec.items() if k not in ("fatalities", "injured", "claims", "mentions", "disputed")}
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
    row.update(acled_columns(rec))
    row.update(plover_columns(rec))
    return row


def mention_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mention table: one flat row per (event, mention), keyed by event_id."""
    return [{"event_id": e["id"], **flat_record(m)} for e in events for m in e.get("mentions", [])]


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Events with coordinates as a GeoJSON FeatureCollection (lon, lat order)."""
    features = []
    for e in events:
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        features.append({
            "type": "Feature", "id": e["id"],
            "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
            "properties": flat_event(e),
        })
    return {"type": "FeatureCollection", "features": features}


EXPORT_FORMATS = ("csv", "json", "parquet", "geojson")


def write_tables(out_dir: str, fmt: str, events: list[dict[str, Any]]) -> list[str]:
    """Write the event and mention tables (events carry their mentions) to `out_dir`; returns the paths."""
    from pathlib import Path

    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    flat = [flat_event(e) for e in events]
    mentions = mention_rows(events)
    written: list[Path] = []
    if fmt == "csv":
        for name, rows in (("events.csv", flat), ("mentions.csv", mentions)):
            (d / name).write_text(rows_to_csv(rows), encoding="utf-8")
            written.append(d / name)
    elif fmt == "json":
        (d / "events.jsonl").write_text(to_jsonl(events), encoding="utf-8")
        written.append(d / "events.jsonl")
    elif fmt == "geojson":
        (d / "events.geojson").write_text(json.dumps(to_geojson(events), ensure_ascii=False), encoding="utf-8")
        written.append(d / "events.geojson")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, rows in (("events.parquet", flat), ("mentions.parquet", mentions)):
            pq.write_table(pa.Table.from_pylist(rows), d / name)
            written.append(d / name)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return [str(p) for p in written]
