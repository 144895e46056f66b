"""Build flashpoint/export/data/country_points.csv: one representative point per country, for exports
that place a country-level event (GeoJSON, PLOVER) at its country.

The point is the pole of inaccessibility of the country's largest polygon (the interior point furthest
from its border, found on a refining grid), so it always lies inside the country, unlike a centroid.
Outlines: Natural Earth 1:110m countries (public domain), as shipped in the geopandas 0.14.4 wheel on
PyPI. Run by hand when the source changes; the CSV is tracked.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapefile  # pyshp

WHEEL = "geopandas==0.14.4"
INNER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "flashpoint" / "export" / "data" / "country_points.csv"


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def _seg_dist(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x0 + t * dx), y - (y0 + t * dy))


def _depth(x: float, y: float, rings: list[list[tuple[float, float]]]) -> float:
    if not _inside(x, y, rings[0]) or any(_inside(x, y, h) for h in rings[1:]):
        return -1.0
    return min(_seg_dist(x, y, a, b) for r in rings for a, b in zip(r, r[1:] + r[:1], strict=True))


def pole(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in rings[0]], [p[1] for p in rings[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    best = (-1.0, (x0 + x1) / 2, (y0 + y1) / 2)
    step = max(x1 - x0, y1 - y0) / 24
    cx, cy = best[1], best[2]
    for _ in range(8):
        for i in range(-24, 25):
            for j in range(-24, 25):
                x, y = cx + i * step, cy + j * step
                d = _depth(x, y, rings)
                if d > best[0]:
                    best = (d, x, y)
        cx, cy = best[1], best[2]
        step /= 4
    return best[1], best[2]


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL]
        if subprocess.run(cmd, check=False).returncode != 0:
            print("could not download the Natural Earth outlines")
            return 1
        wheel = next(Path(tmp).glob("geopandas-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            parts = {ext: io.BytesIO(z.read(f"{INNER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    rows = []
    for rec in reader.iterShapeRecords():
        props = dict(zip(fields, rec.record, strict=True))
        iso3 = props["iso_a3"]
        if not iso3 or iso3 == "-99":
            continue
        geo = rec.shape.__geo_interface__
        polys = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
        rings = max(([[tuple(p) for p in r] for r in poly] for poly in polys), key=lambda rs: _area(rs[0]))
        lon, lat = pole(rings)
        rows.append({"iso3": iso3, "name": props["name"], "lat": round(lat, 4), "lon": round(lon, 4),
                     "source": "Natural Earth 1:110m, pole of inaccessibility of the largest polygon"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(sorted(rows, key=lambda r: r["iso3"]))
    print(f"wrote {OUT} ({len(rows)} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
