"""The dashboard's first paint, as the browser tests measured it, into bench/results.json.

`FLASHPOINT_E2E_BIG=100000 make e2e` measures it in headless Chromium on a generated store of 100,000 events
(tests/web/test_e2e_dashboard.py, `measure_first_paint`) and writes artifacts/e2e/metrics.json; then
`python -m bench.first_paint` copies those figures here, with the machine's load while they were measured
(`python -m bench.first_paint RUN.json...`: several saved copies of metrics.json, each figure then a list,
one value per run).
Cases: `cold_after_change` (a freshly started server, nothing kept in the store, no background refresh:
every answer computed when asked, as for the first visitor right after an ingest or a review), `cold_restart`
(a freshly started server with the answers a previous one kept) and `warm` (the same server again).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
METRICS = ROOT / "artifacts" / "e2e" / "metrics.json"
RESULTS = ROOT / "bench" / "results.json"


def collect(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first-paint figures of the browser tests, named `dashboard_...`: the run's value, or with several
    runs the list of their values."""
    keys = sorted({k for m in runs for k in m if k.startswith(("first_paint", "load_average_during_first"))})
    if len(runs) == 1:
        return {f"dashboard_{k}": runs[0][k] for k in keys}
    return {f"dashboard_{k}": [m.get(k) for m in runs] for k in keys}


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [METRICS]
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"no {missing[0]}: run `FLASHPOINT_E2E_BIG=100000 make e2e` first", file=sys.stderr)
        return 1
    found = collect([json.loads(f.read_text()) for f in files])
    if not found:
        print("no first-paint figures in the browser tests' metrics", file=sys.stderr)
        return 1
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results = {k: v for k, v in results.items() if not k.startswith("dashboard_")}
    results.update(found)
    results["dashboard_measured_at"] = dt.datetime.fromtimestamp(max(f.stat().st_mtime for f in files), dt.UTC).isoformat(
        timespec="seconds")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    for k, v in sorted(found.items()):
        print(f"{k}: {v}")
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
