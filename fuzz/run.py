"""`make fuzz`: generated and mutated inputs through flashpoint until the time budget is spent.

    python -m fuzz.run --budget 600 [--targets ingest,extract,web,cli] [--report bench/fuzz-results.json]

The budget is shared among the targets by weight. Every input is timed in CPU seconds of this process (on
a shared machine wall time measures the others' load too; it is reported beside); one over HANG_SECONDS
of CPU is a hang, and a CPU-time alarm stops an input at 60 s. Crashes and hangs are written to fuzz/failures/ (input and message)
and printed; the exit status is 1 when there was any, else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzz import strategies as S
from fuzz.targets import HANG_SECONDS, TARGETS, Context, Crash, new_context

ROOT = Path(__file__).resolve().parents[1]
FAILURES = ROOT / "fuzz" / "failures"
# Shares of the budget. `ingest` (read, store, extract: the whole path of a document) and `web` (the API)
# matter most; `read` covers the readers many times faster; `csv` and `guard` check properties of the CSV
# writer and the URL guard on batches of 51 values (each value counted as an input).
WEIGHTS = {"ingest": 0.32, "read": 0.25, "extract": 0.12, "web": 0.25, "cli": 0.04, "csv": 0.01, "guard": 0.01}
ABORT_SECONDS = 60
SLOW_NOTE_SECONDS = float(os.environ.get("FUZZ_SLOW_NOTE", "5"))

# What each target is given (the formats): files of every kind; report text with a reference date; API
# requests (query parameters, review and login bodies); an ingest file plus options of a read command.
REF_DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)),
                      st.just(dt.date(2024, 1, 5)))
INPUTS = {
    "ingest": S.source_file(),
    "extract": st.tuples(st.one_of(S.report_text(), S.report_text(), S.runs(), st.text(max_size=300)), REF_DATES),
    "web": st.tuples(st.one_of(S.api_batch(), S.api_request().map(lambda r: [r])), st.integers(0, 10**6)),
    "read": S.source_file(),
    "csv": S.cells(),
    "guard": S.addresses(),
    "cli": st.tuples(S.source_file(), st.lists(st.sampled_from(
        ["--format", "csv", "json", "table", "--since", "2024-01-01", "--until", "0000-00-00", "--country", "IRQ",
         "Narnia", "--type", "ASSAULT", "--mode", "drone", "--min-sources", "99999999999999999999", "--status", "all",
         "--search", "[/x]", "--side", "\u202e", "--mentions", "--bogus"]), max_size=6)),
}


@dataclass
class Tally:
    target: str
    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    max_seconds: float = 0.0  # CPU seconds of the slowest input
    max_wall_seconds: float = 0.0
    seconds: float = 0.0  # CPU seconds in flashpoint, all inputs
    slowest: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)


class _Abort(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Abort(f"over {ABORT_SECONDS} s of CPU")


def _save(target: str, n: int, item: Any, message: str) -> str:
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / f"{target}-{os.getpid()}-{n}.txt"
    path.write_text(f"{message}\n\n{item!r}"[:5_000_000], encoding="utf-8", errors="backslashreplace")
    return str(path.relative_to(ROOT))


def fuzz_target(name: str, ctx: Context, seconds: float, batch: int = 200) -> Tally:
    tally = Tally(name)
    run: Callable[[Context, Any], int | None] = TARGETS[name]  # type: ignore[assignment]
    end = time.monotonic() + seconds

    @settings(max_examples=batch, deadline=None, database=None, derandomize=False, print_blob=False,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate,))
    @given(INPUTS[name])
    def one(item: Any) -> None:
        if time.monotonic() > end:
            return
        signal.setitimer(signal.ITIMER_PROF, ABORT_SECONDS)
        t0, w0 = time.process_time(), time.perf_counter()
        problem = None
        count = 1
        try:
            count = run(ctx, item) or 1  # a batch target returns how many inputs it ran
        except Crash as exc:
            problem = f"crash: {exc}"
        except _Abort as exc:
            problem = f"hang: {exc}"
        except Exception as exc:
            problem = f"crash: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        took, wall = time.process_time() - t0, time.perf_counter() - w0
        tally.max_wall_seconds = max(tally.max_wall_seconds, wall)
        tally.inputs += count
        tally.seconds += took
        tally.max_seconds = max(tally.max_seconds, took)
        tally.slowest = sorted([*tally.slowest, took])[-5:]
        if problem is None and took > HANG_SECONDS:
            problem = f"hang: {took:.1f} s of CPU ({wall:.1f} s wall)"
        if problem is None and took > SLOW_NOTE_SECONDS:  # kept for a look, not a failure
            tally.slow.append(f"{took:.1f} s: {_save(name + '-slow', tally.inputs, item, f'slow: {took:.2f} s of CPU')}")
        if problem is not None:
            if problem.startswith("hang"):
                tally.hangs += 1
            else:
                tally.crashes += 1
            where = _save(name, tally.inputs, item, problem)
            tally.failures.append(f"{problem.splitlines()[0][:300]} (input: {where})")
            print(f"[{name}] {problem.splitlines()[0][:300]} -> {where}", flush=True)

    while time.monotonic() < end:
        one()
    if name == "ingest":
        try:
            ctx.fuse()
        except Crash as exc:
            tally.crashes += 1
            tally.failures.append(str(exc))
    return tally


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--budget", type=float, default=float(os.environ.get("FUZZ_BUDGET", "600")), help="seconds in all")
    p.add_argument("--targets", default=",".join(WEIGHTS), help="comma-separated: " + ", ".join(WEIGHTS))
    p.add_argument("--report", default=None, help="write the tallies as JSON here")
    args = p.parse_args(argv)
    names = [n for n in args.targets.split(",") if n]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        p.error(f"unknown targets: {', '.join(unknown)}")
    signal.signal(signal.SIGPROF, _alarm)
    ctx = new_context()
    t0 = time.monotonic()
    ctx.extractor()  # loaded once, outside every target's time
    if "web" in names:
        ctx.web()
    total = sum(WEIGHTS[n] for n in names)
    tallies = []
    for n in names:
        share = args.budget * WEIGHTS[n] / total
        print(f"fuzzing {n} for {share:.0f} s ...", flush=True)
        tallies.append(fuzz_target(n, ctx, share))
        t = tallies[-1]
        print(f"  {t.inputs:,} inputs ({t.seconds:.0f} CPU s in flashpoint), {t.crashes} crashes, {t.hangs} hangs, "
              f"slowest {t.max_seconds:.2f} CPU s ({t.max_wall_seconds:.1f} s wall)", flush=True)
    inputs = sum(t.inputs for t in tallies)
    crashes = sum(t.crashes for t in tallies)
    hangs = sum(t.hangs for t in tallies)
    print(f"fuzz: {inputs:,} inputs in {time.monotonic() - t0:.0f} s: {crashes} crashes, {hangs} hangs "
          f"(hang = one input over {HANG_SECONDS:g} s of CPU)")
    print(f"fuzz: {inputs - crashes - hangs} passed, {crashes + hangs} failed")
    if args.report:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        report = {"commit": commit, "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "machine": f"{platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
                  "budget_s": args.budget, "hang_seconds": HANG_SECONDS, "inputs": inputs, "crashes": crashes,
                  "hangs": hangs, "targets": [asdict(t) for t in tallies]}
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(report, indent=1) + "\n")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
