"""Add up the reports of several `make fuzz` runs (chunks of one long run) into one.

    python -m fuzz.summary artifacts/fuzz/long-*.json --out bench/fuzz-results.json

Prints a Markdown table (for bench/FUZZ.md) of inputs, crashes, hangs and the slowest input per target.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# The formats the issue names (documents, HTML, feeds, JSONL, review bodies, query parameters) go through these.
FORMAT_TARGETS = ("ingest", "read", "extract", "web", "cli")


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    targets: dict[str, dict[str, Any]] = {}
    for rep in reports:
        for t in rep["targets"]:
            agg = targets.setdefault(t["target"], {"target": t["target"], "inputs": 0, "crashes": 0, "hangs": 0,
                                                   "cpu_seconds": 0.0, "max_cpu_seconds": 0.0, "max_wall_seconds": 0.0})
            agg["inputs"] += t["inputs"]
            agg["crashes"] += t["crashes"]
            agg["hangs"] += t["hangs"]
            agg["cpu_seconds"] = round(agg["cpu_seconds"] + t["seconds"], 1)
            agg["max_cpu_seconds"] = round(max(agg["max_cpu_seconds"], t["max_seconds"]), 2)
            agg["max_wall_seconds"] = round(max(agg["max_wall_seconds"], t.get("max_wall_seconds", 0.0)), 2)
    rows = list(targets.values())
    return {
        "runs": [{k: r[k] for k in ("commit", "when", "machine", "budget_s", "inputs", "crashes", "hangs")} for r in reports],
        "hang_seconds": reports[0]["hang_seconds"] if reports else None,
        "inputs": sum(r["inputs"] for r in rows),
        "inputs_in_the_formats": sum(r["inputs"] for r in rows if r["target"] in FORMAT_TARGETS),
        "crashes": sum(r["crashes"] for r in rows),
        "hangs": sum(r["hangs"] for r in rows),
        "targets": rows,
    }


def table(total: dict[str, Any]) -> str:
    lines = ["| target | inputs | crashes | hangs | slowest input (CPU s) | CPU s in flashpoint |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in total["targets"]:
        lines.append(f"| `{r['target']}` | {r['inputs']:,} | {r['crashes']} | {r['hangs']} | {r['max_cpu_seconds']:.2f} | "
                     f"{r['cpu_seconds']:,.0f} |")
    lines.append(f"| **all** | **{total['inputs']:,}** | **{total['crashes']}** | **{total['hangs']}** | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("reports", nargs="+")
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)
    total = merge([json.loads(Path(f).read_text()) for f in args.reports])
    if args.out:
        Path(args.out).write_text(json.dumps(total, indent=1) + "\n")
    print(table(total))
    print(f"\n{total['inputs']:,} inputs ({total['inputs_in_the_formats']:,} documents, pages, feed entries, JSONL lines, "
          f"review bodies and API requests), {total['crashes']} crashes, {total['hangs']} hangs")


if __name__ == "__main__":
    main()
