"""Toponym resolution on TR-News and GeoWebNews (../shared/external/geoparsing), gold spans given.

Figure: the share of gold toponyms (annotations with coordinates) whose best candidate lies within
161 km of the truth.  The ranking weights and the point conventions shipped in flashpoint/geo/data
were fitted on these two sets, so the headline figures are document-level 5-fold cross-validated
(choose and fit on 4/5 of the documents of both sets, measure on the other 1/5); the same figure
for the shipped weights, measured on data they saw, is reported beside it as `_insample`, and the
hand-set weights before any fit as `_untrained`.  Skipped when the data is absent.
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "external" / "geoparsing"


def bench_geocode() -> dict[str, float]:
    tr_path, gwn_path = DATA / "TR-News.xml", DATA / "GeoWebNews_GWN.xml"
    if not (tr_path.exists() and gwn_path.exists()):
        print("geocoding: skipped (../shared/external/geoparsing absent)")
        return {}
    from flashpoint.geo import build_index
    from flashpoint.geo.evaluate import accuracy, cross_validate, read_geowebnews, read_trnews
    from flashpoint.geo.resolve import DEFAULT_WEIGHTS, Geocoder, Weights

    t0 = time.perf_counter()
    build_index()
    geo = Geocoder()
    t_open = time.perf_counter() - t0
    tr, gwn = read_trnews(tr_path), read_geowebnews(gwn_path)
    out: dict[str, float] = {"geocode_index_open_s": round(t_open, 2)}
    t0 = time.perf_counter()
    n_total = 0
    for name, docs in (("trnews", tr), ("gwn", gwn)):
        acc, n = accuracy(docs, geo)
        n_total += n
        out[f"geocode_{name}_acc161_insample"] = round(acc, 4)
        out[f"geocode_{name}_toponyms"] = n
        untrained = Geocoder(geo.index, Weights(dict(DEFAULT_WEIGHTS), "given", "given"))
        out[f"geocode_{name}_acc161_untrained"] = round(accuracy(docs, untrained)[0], 4)
    out["geocode_ms_per_toponym"] = round((time.perf_counter() - t0) * 1000 / max(2 * n_total, 1), 3)
    cv = cross_validate(tr + gwn, geo, folds=5, sets={"trnews": tr, "gwn": gwn})
    out["geocode_trnews_acc161"] = round(cv["trnews"], 4)
    out["geocode_gwn_acc161"] = round(cv["gwn"], 4)
    print(f"geocoding (gold spans, 161 km, 5-fold CV by document): TR-News {cv['trnews']:.1%} of "
          f"{out['geocode_trnews_toponyms']}, GeoWebNews {cv['gwn']:.1%} of {out['geocode_gwn_toponyms']} "
          f"(shipped weights on the data they were fitted on: {out['geocode_trnews_acc161_insample']:.1%}, "
          f"{out['geocode_gwn_acc161_insample']:.1%}; hand-set weights: {out['geocode_trnews_acc161_untrained']:.1%}, "
          f"{out['geocode_gwn_acc161_untrained']:.1%}); {out['geocode_ms_per_toponym']} ms a toponym")
    return out
