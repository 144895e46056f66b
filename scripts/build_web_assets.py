"""Build the dashboard's map outlines: Natural Earth 1:110m countries (public domain), as shipped in
the geopandas 0.14.4 wheel on PyPI, cut to the region and written as GeoJSON for the app to serve.

Run by `make install` (and `make web-assets`); the output lands in flashpoint/web/static/build/.
Offline runs keep the previous build; without one the map shows points on a plain background.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapefile  # pyshp

WHEEL = "geopandas==0.14.4"
INNER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "flashpoint" / "web" / "static" / "build" / "region.geojson"
BBOX = (24.0, 10.0, 64.0, 43.0)  # lon/lat: the Levant, Iraq, Iran, the Gulf and around


def _intersects(bbox: list[float]) -> bool:
    x0, y0, x1, y1 = bbox
    return not (x1 < BBOX[0] or x0 > BBOX[2] or y1 < BBOX[1] or y0 > BBOX[3])


def main() -> int:
    if OUT.exists() and "--force" not in sys.argv:
        print(f"{OUT} exists")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL]
        if subprocess.run(cmd, check=False).returncode != 0:
            print("could not download the map outlines (offline?): the map will show points only")
            return 0
        wheel = next(Path(tmp).glob("geopandas-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            parts = {ext: io.BytesIO(z.read(f"{INNER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for rec in reader.iterShapeRecords():
        if not _intersects(list(rec.shape.bbox)):
            continue
        props = dict(zip(fields, rec.record, strict=True))
        geom = rec.shape.__geo_interface__
        features.append({"type": "Feature", "properties": {"name": props.get("name"), "iso3": props.get("iso_a3")},
                         "geometry": geom})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "source": "Natural Earth 1:110m (public domain)",
                               "features": features}))
    print(f"wrote {OUT} ({len(features)} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
