"""`python -m flashpoint.geo build | resolve NAME [--text T] [--scope ISO3,...] | find TEXT | train XML...`"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from importlib import resources
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m flashpoint.geo", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the gazetteer index now (else it is built on first use)")
    b.add_argument("--force", action="store_true")
    r = sub.add_parser("resolve", help="candidates for one place name, best first (JSON lines)")
    r.add_argument("name")
    r.add_argument("--text", default=None, help="the text the name comes from")
    r.add_argument("--scope", default="", help="ISO3 codes of the countries you work on, comma-separated")
    r.add_argument("--limit", type=int, default=5)
    fp = sub.add_parser("find", help="every place name of a text, resolved (JSON lines)")
    fp.add_argument("text")
    fp.add_argument("--scope", default="")
    tp = sub.add_parser("train", help="fit the ranking weights on TR-News / GeoWebNews XML files")
    tp.add_argument("--trnews", type=Path, action="append", default=[])
    tp.add_argument("--gwn", type=Path, action="append", default=[])
    tp.add_argument("--out", type=Path, default=None, help="weights file (default: the shipped one)")
    args = ap.parse_args(argv)

    from flashpoint.geo import GeoIndexError, build_index, find_toponyms, geocoder, resolve

    try:
        if args.cmd == "build":
            print(build_index(force=args.force))
        elif args.cmd == "resolve":
            scope = [s for s in args.scope.split(",") if s]
            for c in resolve(args.name, args.text, scope=scope, limit=args.limit):
                print(json.dumps(asdict(c), ensure_ascii=False))
        elif args.cmd == "find":
            for top in find_toponyms(args.text, scope=[s for s in args.scope.split(",") if s]):
                print(json.dumps({"start": top.start, "end": top.end, "text": top.text,
                                  "best": asdict(top.best) if top.best else None}, ensure_ascii=False))
        elif args.cmd == "train":
            from flashpoint.geo.evaluate import read_geowebnews, read_trnews, train

            docs = [d for p in args.trnews for d in read_trnews(p)] + [d for p in args.gwn for d in read_geowebnews(p)]
            if not docs:
                ap.error("give --trnews and/or --gwn files")
            w = train(docs, geocoder())
            out = args.out or Path(str(resources.files("flashpoint.geo").joinpath("data/weights.json")))
            out.write_text(json.dumps({"weights": w.values, "country_point": w.country_point,
                                       "division_point": w.division_point,
                                       "fitted_on": [p.name for p in (*args.trnews, *args.gwn)]}, indent=1) + "\n")
            print(f"wrote {out}")
    except GeoIndexError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
