"""Concurrency without loss, measured: `python -m bench.concurrency` (figures to bench/results.json).

- writers: RUNS runs of WRITERS `flashpoint ingest` processes started at once on one store, with
  overlapping inputs (every report is in two or more writers' files, one file is given to two writers); after
  each run the store must hold exactly the documents, mentions, events and links of one sequential run.
  On SQLite and, with FLASHPOINT_BENCH_PG (or FLASHPOINT_TEST_PG), on PostgreSQL.
- kill -9: TRIALS times an ingest is killed at a random moment (while reading, extracting, writing or
  fusing); the store must then pass its integrity checks, hold every document it has whole (its mentions
  exactly those of the reference run), and a re-run must end with the reference's documents and events.

tests/store/test_concurrency.py runs a few of each in CI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
FP = [sys.executable, "-m", "flashpoint.cli"]


WORDS = ["amber", "basin", "cedar", "delta", "ember", "fjord", "granite", "harbor", "iris", "jasper", "kestrel", "lagoon", "meadow", "nectar", "orchid", "pylon", "quartz", "raven", "sierra", "tundra", "umber", "valley", "willow", "yarrow", "zephyr"]


def make_inputs(folder: Path, n_reports: int, writers: int, seed: int = 3) -> tuple[Path, list[Path]]:
    """(every report in one file, one overlapping file per writer; writers 0 and 1 get the same file).

    Each report gets a few lines of its own, so no two are near-duplicates: these runs measure the store
    and fusion under concurrent writers (near-duplicate marks, which do not depend on arrival order either,
    are tested in tests/ingest/test_near_duplicates.py)."""
    from bench.synth import reports

    rng = random.Random(seed)
    def own() -> str:
        return " ".join(f"The {rng.choice(WORDS)} {rng.choice(WORDS)} desk noted item {rng.randrange(10**6)}."
                        for _ in range(4))

    rows = [json.dumps({**r, "text": r["text"] + " " + own()}) for r in reports(n_reports, seed=seed, prefix=f"cc{seed}")]
    whole = folder / "all.jsonl"
    whole.write_text("\n".join(rows) + "\n")
    files = []
    for w in range(writers):
        if w == 1:
            files.append(files[0])
            continue
        picked = [r for r in rows if rng.random() < 0.6]
        rng.shuffle(picked)
        p = folder / f"writer{w}.jsonl"
        p.write_text("\n".join(picked) + "\n")
        files.append(p)
    covered = {json.loads(line)["id"] for f in files for line in f.read_text().splitlines() if line}
    missing = [r for r in rows if json.loads(r)["id"] not in covered]
    if missing:  # every report reaches the store through some writer
        with files[-1].open("a") as fh:
            fh.write("\n".join(missing) + "\n")
    return whole, files


def snapshot(db: str) -> dict[str, Any]:
    """What a store holds, in a form two stores can be compared by."""
    from flashpoint.store import open_store

    eng = open_store(db).engine
    with eng.connect() as c:
        q = lambda sql: [tuple(r) for r in c.execute(sa.text(sql))]  # noqa: E731
        return {
            "documents": q("select doc_id, version, is_latest, content_hash from documents order by uid"),
            "mentions": q("select id, doc_uid from mentions order by id"),
            "events": q("select id, record from events order by id"),
            "event_mentions": q("select mention_id, event_id from event_mentions order by mention_id"),
            "links": q("select from_event, text, to_event from retaliation_links order by from_event, text"),
            "queue": q("select count(*) from fusion_queue")[0][0],
        }


def integrity(db: str) -> list[str]:
    """Problems a crash could leave (none expected): engine checks, orphans, half-written documents."""
    from flashpoint.store import open_store

    eng = open_store(db).engine
    out = []
    with eng.connect() as c:
        if eng.dialect.name == "sqlite":
            ok = c.execute(sa.text("PRAGMA integrity_check")).scalar_one()
            if ok != "ok":
                out.append(f"integrity_check: {ok}")
            fk = c.execute(sa.text("PRAGMA foreign_key_check")).all()
            if fk:
                out.append(f"foreign keys: {fk[:3]}")
        orphans = c.execute(sa.text("select count(*) from event_mentions em left join events e on e.id = em.event_id "
                                    "where e.id is null")).scalar_one()
        if orphans:
            out.append(f"{orphans} event_mentions without their event")
        latest = c.execute(sa.text("select lineage, count(*) from documents where is_latest group by lineage "
                                   "having count(*) > 1")).all()
        if latest:
            out.append(f"{len(latest)} pages with two latest versions")
    return out


def _run(db: str, src: Path, *, extra: list[str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*FP, "ingest", "--db", db, "-q", *(extra or []), str(src)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


LAST_RUN_S: list[float] = [0.0]  # how long the last reference run took (kill trials aim inside such a run)


def reference(db: str, whole: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    p = _run(db, whole)
    _, err = p.communicate()
    LAST_RUN_S[0] = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(err.decode()[-2000:])
    return snapshot(db)


def concurrent_run(db: str, files: list[Path]) -> tuple[list[int], str]:
    """Start one ingest per file at once; (exit codes, their stderr)."""
    procs = [_run(db, f) for f in files]
    errs = []
    for p in procs:
        _, err = p.communicate()
        errs.append(err.decode())
    # a writer that found its mentions fused by another has nothing left to do; make sure nothing is pending
    final = _run(db, files[0])
    final.communicate()
    return [p.returncode for p in procs], "\n".join(e for e in errs if e.strip())


def differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    return [f"{k}: {len(set(map(str, got[k])) ^ set(map(str, want[k]))) if isinstance(got[k], list) else (got[k], want[k])}"
            for k in want if got[k] != want[k]]


def kill_trial(db: str, whole: Path, want: dict[str, Any], rng: random.Random, *, max_delay: float,
               min_delay: float = 0.3) -> dict[str, Any]:
    """Kill an ingest at a random moment in [min_delay, max_delay] s; check the store; re-run; compare with
    the reference."""
    p = subprocess.Popen([*FP, "ingest", "--db", db, "-q", str(whole)], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    delay = rng.uniform(min_delay, max_delay)
    time.sleep(delay)
    killed = p.poll() is None
    if killed:
        os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    problems = integrity(db)
    got = snapshot(db)
    by_doc: dict[str, set[str]] = {}
    for mid, uid in want["mentions"]:
        by_doc.setdefault(uid, set()).add(mid)
    have: dict[str, set[str]] = {}
    for mid, uid in got["mentions"]:
        have.setdefault(uid, set()).add(mid)
    stored = {d[0] for d in got["documents"]}
    half = [uid for uid in stored if have.get(uid, set()) != by_doc.get(uid, set())]
    if half:
        problems.append(f"{len(half)} document(s) stored without exactly their mentions")
    rerun = _run(db, whole)
    rerun.communicate()
    problems += [f"after re-run: {d}" for d in differences(snapshot(db), want)]
    return {"delay_s": round(delay, 2), "killed": killed, "documents_at_kill": len(stored), "problems": problems}


# -- figures -----------------------------------------------------------------------------------------------
def _pg_db(url: str, name: str) -> str:
    admin = sa.create_engine("postgresql+psycopg://" + url.split("://", 1)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return url.rsplit("/", 1)[0] + "/" + name


def fresh(backend: str, folder: Path, name: str) -> str:
    if backend == "sqlite":
        return str(folder / f"{name}-{uuid.uuid4().hex[:8]}.db")
    return _pg_db(os.environ.get("FLASHPOINT_BENCH_PG") or os.environ["FLASHPOINT_TEST_PG"], f"cc_{name}")


def main() -> int:
    runs, writers, trials = int(os.environ.get("RUNS", "10")), int(os.environ.get("WRITERS", "4")), int(
        os.environ.get("TRIALS", "20"))
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("FLASHPOINT_BENCH_PG") or os.environ.get(
        "FLASHPOINT_TEST_PG") else [])
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in backends:
            lost = dup = failed = 0
            for run in range(runs):
                whole, files = make_inputs(folder, 120, writers, seed=run)
                want = reference(fresh(backend, folder, f"ref{run}"), whole)
                db = fresh(backend, folder, f"run{run}")
                codes, errs = concurrent_run(db, files)
                got = snapshot(db)
                failed += sum(1 for c in codes if c != 0)
                for k in ("documents", "mentions", "events", "event_mentions", "links"):
                    lost += len(set(want[k]) - set(got[k]))
                    dup += len(got[k]) - len(set(got[k])) + len(set(got[k]) - set(want[k]))
                print(f"{backend} run {run + 1}: {writers} writers, exit codes {codes}, "
                      f"differences from one sequential run: {differences(got, want) or 'none'}"
                      + (f"\n{errs[-1500:]}" if errs else ""))
            found.update({f"concurrency_{backend}_runs": runs, f"concurrency_{backend}_writers": writers,
                          f"concurrency_{backend}_rows_lost": lost, f"concurrency_{backend}_rows_extra": dup,
                          f"concurrency_{backend}_writers_failed": failed})
        rng = random.Random(11)
        whole, _ = make_inputs(folder, 150, 1, seed=99)
        wants, spans = {}, {}
        for b in backends:
            wants[b] = reference(fresh(b, folder, f"killref_{b}"), whole)
            spans[b] = LAST_RUN_S[0]
        bad = killed = 0
        for t in range(trials):
            backend = backends[t % len(backends)]
            # aim inside a run: from start-up (imports, the extractor) to the end of fusion
            r = kill_trial(fresh(backend, folder, f"kill{t}"), whole, wants[backend], rng,
                           min_delay=0.15 * spans[backend], max_delay=0.95 * spans[backend])
            bad += bool(r["problems"])
            killed += r["killed"]
            print(f"kill -9 trial {t + 1} ({backend}): after {r['delay_s']} s, {r['documents_at_kill']} documents "
                  f"stored; problems: {r['problems'] or 'none'}")
        found.update({"kill9_trials": trials, "kill9_killed_mid_run": killed, "kill9_inconsistent": bad})
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(found)
    results["concurrency_measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(json.dumps(found, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
