"""GeoJSON that keeps every event.

- an event with coordinates is a Point there (`location_basis`: "site", its own geo precision);
- an event known only to its country is a Point at the country's representative point
  (`location_basis`: "country", geo_precision 3), from data/country_points.csv (Natural Earth
  outlines, pole of inaccessibility: always inside the country);
- an event without a place is a Feature with a null geometry (`location_basis`: "unmapped"), as
  RFC 7946 allows, and its id is listed under the collection's "unmapped".
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) of the country's representative point."""
    text = resources.files("flashpoint.export").joinpath("data/country_points.csv").read_text("utf-8")
    return {r["iso3"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(text.splitlines())}


def placed(e: dict[str, Any]) -> tuple[str, float | None, float | None, int | None]:
    """(location_basis, lat, lon, geo_precision) of an event."""
    if e.get("latitude") is not None and e.get("longitude") is not None:
        return "site", float(e["latitude"]), float(e["longitude"]), e.get("geo_precision")
    point = country_points().get(e.get("country") or "")
    if point:
        return "country", point[0], point[1], 3
    return "unmapped", None, None, None


def feature_collection(events: list[dict[str, Any]]) -> dict[str, Any]:
    from flashpoint.export import flat_event

    features = []
    unmapped = []
    for e in events:
        basis, lat, lon, precision = placed(e)
        props = flat_event(e)
        props.update(location_basis=basis, geo_precision=precision, latitude=lat, longitude=lon)
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
        if geometry is None:
            unmapped.append(e["id"])
        features.append({"type": "Feature", "id": e["id"], "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features, "unmapped": unmapped}
