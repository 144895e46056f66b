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


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    rows = [flat_record(r) for r in records]
    buf = io.StringIO()
    if not rows:
        return ""
    fields = list(rows[0])
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
