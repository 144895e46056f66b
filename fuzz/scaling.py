"""Does any reader grow faster than the text? Runs of one token through each reader at two sizes.

    python -m fuzz.scaling [--small 20000] [--big 120000] [--floor 0.3] [--report artifacts/fuzz/scaling.json]

Random inputs rarely hold a run long enough to show a quadratic pattern (a regex tried from every position of
a run of spaces costs nothing at 20 KB and minutes at 300 KB), so each token below (what page dumps, HTML and
report text are made of, and what the rules react to) is repeated to `small` and to `big` characters inside a
page dump, an HTML page and a report, and each reader is timed in CPU seconds. Linear work grows by big/small
(6x); a reader that grows over twice that is flagged. Exit status 1 when any is flagged or over HANG_SECONDS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fuzz.targets import HANG_SECONDS

TOKENS = [" ", "\t", "a", "A", "|", " | ", "newsletter ", "- ", ".", ". ", ",", "'", '"', "0", "9,", "The ", "Al ",
          "said ", "on ", "January ", "killed ", "1 ", "\n", "\n \n", "By ", "Photo: ", "© ", "date ",
          "http://x.example/ ", "<p>", "<", "&amp;", "(", "[1]", "U.S. ", "e.g. ", "...", "—", "Mr. ", "and ", "two ",
          "Kataib Hezbollah ", "Iraq ", "Read more: ", "Advertisement\n", "2024-01-05 ", "5 Jan ", "at least ",
          "rockets ", "drone ", "\u202e", "\u00a0", "an ", "twenty-", ",000", "Camp Alpha "]
LEAD = "Rockets hit the base on Monday, officials said."
REF = dt.date(2024, 1, 5)


class _Over(Exception):
    pass


def _readers() -> dict[str, Callable[[str], object]]:
    from flashpoint.ingest.feed import html_to_text
    from flashpoint.ingest.html import parse_html
    from flashpoint.ingest.textdump import clean_text_dump
    from flashpoint.nlp.pipeline import Extractor

    extractor = Extractor()
    extractor.extract_text("warm", LEAD, REF)
    return {
        "page dump": lambda run: clean_text_dump(f"A headline\n\n{run}\n{LEAD}"),
        "html page": lambda run: parse_html(f"<html><head><title>T</title></head><body><article><p>{run}</p>"
                                            f"<p>{LEAD}</p></article></body></html>", "scaling"),
        "feed entry": lambda run: html_to_text(f"<p>{LEAD}</p><p>{run}</p>"),
        "extraction": lambda run: extractor.extract_text("scaling", f"{LEAD} {run} Two soldiers were killed.", REF),
    }


def cpu_seconds(read: Callable[[str], object], text: str, limit: float) -> float:
    """CPU seconds of `read(text)` (the limit is CPU time too: a loaded machine does not make a hang)."""
    def over(*_: Any) -> None:
        raise _Over

    old = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, limit)
    start = time.process_time()
    try:
        read(text)
    except _Over:
        return float("inf")
    except Exception:  # noqa: BLE001 - a reader's own error is the fuzzer's business, not this check's
        pass
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", type=int, default=20_000)
    p.add_argument("--big", type=int, default=120_000)
    p.add_argument("--floor", type=float, default=0.3, help="CPU seconds at the big size below which no reader is flagged")
    p.add_argument("--report", default=None)
    args = p.parse_args(argv)
    readers = _readers()
    growth_limit = 2 * args.big / args.small
    rows = []
    for token in TOKENS:
        small_run = (token * (args.small // len(token) + 1))[: args.small]
        big_run = (token * (args.big // len(token) + 1))[: args.big]
        for name, read in readers.items():
            small = cpu_seconds(read, small_run, 4 * HANG_SECONDS)
            big = cpu_seconds(read, big_run, 4 * HANG_SECONDS)
            flagged = big > HANG_SECONDS or (big > args.floor and big > growth_limit * max(small, 0.01))
            rows.append({"token": token, "reader": name, "small_s": round(small, 3), "big_s": round(big, 3),
                         "flagged": flagged})
            if flagged or big > 0.5:
                print(f"{token!r:22} {name:10} {args.small:,} chars {small:.2f} s, {args.big:,} chars {big:.2f} s"
                      + ("  <- grows faster than the text" if flagged else ""), flush=True)
    worst = max(rows, key=lambda r: r["big_s"])
    flagged_rows = [r for r in rows if r["flagged"]]
    print(f"{len(TOKENS)} tokens x {len(readers)} readers: {len(flagged_rows)} flagged; slowest at {args.big:,} "
          f"characters: {worst['big_s']:.2f} CPU s ({worst['token']!r} through {worst['reader']})")
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps({"small": args.small, "big": args.big, "rows": rows}, indent=1) + "\n")
    return 1 if flagged_rows else 0


if __name__ == "__main__":
    sys.exit(main())
