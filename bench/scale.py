"""Scale benchmarks (`make bench`, or `python -m bench.scale [SECTION...]`), figures to bench/results.json.

- ingest: end-to-end (read, extract, store, fuse) `flashpoint ingest --workers 2` of 10k and 100k generated
  reports (bench/synth.py: several reports per real event, a report every day): wall time, reports/s and
  the peak RSS of the whole process tree, on SQLite and (when a server is at hand) PostgreSQL;
- incremental: 100 more reports into the 100k store (a plain `flashpoint ingest`);
- api: p50/p95 of list, filter, search, one event, map data and series with 1 and 50 concurrent clients on a
  store of ~92k events (built directly: `direct_store`; FLASHPOINT_BENCH_REUSE=1 copies one built once),
  analysts' writes during the 50-client runs (corrections of the injured and of deaths by turns, each checked
  in the audit log afterwards: none may be lost); 50 clients without a pause (the machine saturated: latency
  is queueing) and paced (a round of 6 requests every FLASHPOINT_BENCH_PACE_S = 2 s each: 150 req/s offered);
  server and client CPU per request and the load average with each run;
- dask: 5k reports with --workers 1 and 2 (the speed-up).

The machine is shared: other load only slows runs down, so wall times are upper bounds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DATA = Path(os.environ.get("FLASHPOINT_BENCH_DATA", tempfile.gettempdir())) / "flashpoint-bench"
FP = [sys.executable, "-m", "flashpoint.cli"]
PG_URL = os.environ.get("FLASHPOINT_BENCH_PG")  # e.g. the URL `scripts/postgres.sh start` prints
BIG = int(os.environ.get("FLASHPOINT_BENCH_BIG", "100000"))  # smaller for a quick trial of the harness
EXTRA = int(os.environ.get("FLASHPOINT_BENCH_EXTRA", "60000"))
PACE_S = float(os.environ.get("FLASHPOINT_BENCH_PACE_S", "2"))  # the paced API run: each client's round of 6 every PACE_S  # single-report events added for the API store


def corpus(n: int, *, prefix: str = "syn", seed: int = 13, single: bool = False) -> Path:
    from bench.synth import write

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{prefix}-{n}{'-single' if single else ''}-{seed}.jsonl"
    if not path.exists():
        write(n, path, seed=seed, prefix=prefix, single=single)
    return path


CPU: dict[str, float] = {}  # the CPU seconds of the last `measured` command (all its processes)
SERVER: dict[str, float] = {}  # the PostgreSQL server's CPU seconds and peak memory (PSS, MB) during it
LOAD: list[float] = []  # the 1-minute load average sampled during the last `measured` command


def _load() -> str:
    return f"{min(LOAD):.1f}-{max(LOAD):.1f} (shared machine)" if LOAD else ""


def _server_root() -> Any:
    """The postmaster of the PostgreSQL server at PG_URL (found by its port; None without one)."""
    import psutil

    if not PG_URL:
        return None
    port = PG_URL.rsplit(":", 1)[-1].split("/", 1)[0]
    for p in psutil.process_iter(["name", "cmdline", "ppid"]):
        cmd = p.info["cmdline"] or []
        if p.info["name"] == "postgres" and "-p" in cmd and port in cmd:
            return p
    return None


def _server_cpu(root: Any) -> float:
    """CPU seconds of the server: the postmaster, its ended children (reaped), its live ones."""
    import psutil

    try:
        t = root.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for q in root.children():
            with contextlib.suppress(psutil.Error):
                c = q.cpu_times()
                total += c.user + c.system
        return total
    except psutil.Error:
        return 0.0


def _server_pss(root: Any) -> float:
    """Proportional set size of the server's processes (shared buffers counted once), bytes."""
    import psutil

    total = 0
    for q in [root, *root.children()]:
        with contextlib.suppress(psutil.Error):
            total += q.memory_full_info().pss
    return total


def measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run `cmd`; (wall seconds, peak RSS in MB of the process and all its children, output). The CPU
    seconds its processes used go to CPU["last"]: on a shared machine wall time is an upper bound, CPU
    time is what the work costs (wall on an idle machine of n cores >= CPU / n)."""
    import psutil

    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    peak = 0
    proc = psutil.Process(p.pid)
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(p.stdout or []), daemon=True)
    reader.start()
    cpu: dict[int, float] = {}
    server = _server_root() if "postgresql" in " ".join(cmd) else None
    LOAD.clear()
    server_cpu0, server_peak, next_pss = (_server_cpu(server) if server else 0.0), 0.0, 0.0
    while p.poll() is None:
        if time.perf_counter() >= next_pss:  # every 2 s: reading smaps costs
            LOAD.append(os.getloadavg()[0])
            if server is not None:
                server_peak = max(server_peak, _server_pss(server))
            next_pss = time.perf_counter() + 2.0
        try:
            procs = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(q.memory_info().rss for q in procs if q.is_running()))
            for q in procs:
                t = q.cpu_times()
                cpu[q.pid] = max(cpu.get(q.pid, 0.0), t.user + t.system)
        except psutil.Error:
            pass
        time.sleep(0.2)
    reader.join()
    CPU["last"] = sum(cpu.values())
    SERVER.clear()
    if server is not None:
        SERVER.update(cpu_s=_server_cpu(server) - server_cpu0, peak_pss_mb=server_peak / 1e6)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{''.join(out)[-3000:]}")
    return wall, peak / 1e6, "".join(out)


def new_db(backend: str, name: str) -> str:
    if backend == "sqlite":
        d = DATA / "stores"
        d.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{d / name}.db{suffix}").unlink(missing_ok=True)
        return str(d / f"{name}.db")
    import sqlalchemy as sa

    admin = sa.create_engine("postgresql+psycopg://" + PG_URL.split("://", 1)[1], isolation_level="AUTOCOMMIT")  # type: ignore[union-attr]
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "bench_{name}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "bench_{name}"'))
    return PG_URL.rsplit("/", 1)[0] + f"/bench_{name}"  # type: ignore[union-attr]


def backends() -> list[str]:
    """sqlite, and postgresql when a server is at hand; FLASHPOINT_BENCH_BACKENDS=postgresql (a comma list)
    runs only those."""
    chosen = [b for b in os.environ.get("FLASHPOINT_BENCH_BACKENDS", "").split(",") if b]
    return [b for b in ["sqlite", *(["postgresql"] if PG_URL else [])] if not chosen or b in chosen]


def ingest(n: int, backend: str, workers: int = 2, name: str | None = None) -> tuple[dict[str, Any], str]:
    src = corpus(n)
    db = new_db(backend, name or f"ingest{n}")
    wall, rss, out = measured([*FP, "ingest", "--db", db, "--workers", str(workers), "-q", str(src)])
    tag = f"{n // 1000}k_{backend}"
    cpu = CPU["last"]
    res: dict[str, Any] = {f"ingest_{tag}_s": round(wall, 1), f"ingest_{tag}_reports_per_s": round(n / wall, 1),
           f"ingest_{tag}_peak_rss_mb": round(rss), f"ingest_{tag}_cpu_s": round(cpu, 1),
           f"ingest_{tag}_cpu_reports_per_s_2cores": round(2 * n / cpu, 1) if cpu else None}
    if SERVER:
        res.update({f"ingest_{tag}_server_cpu_s": round(SERVER["cpu_s"], 1),
                    f"ingest_{tag}_server_peak_pss_mb": round(SERVER["peak_pss_mb"]),
                    f"ingest_{tag}_cpu_with_server_reports_per_s_2cores": round(2 * n / (cpu + SERVER["cpu_s"]), 1)})
    res[f"ingest_{tag}_load_average"] = _load()
    failed = re.search(r"failed (\d+)", out)
    res[f"ingest_{tag}_failed"] = int(failed.group(1)) if failed else None  # reports not stored (each reported)
    server = f", server CPU {SERVER['cpu_s']:.0f} s, server PSS {SERVER['peak_pss_mb']:.0f} MB" if SERVER else ""
    print(f"ingest {n} reports ({backend}, {workers} workers): {wall:.0f} s, {n / wall:.0f} reports/s, "
          f"peak RSS {rss:.0f} MB, CPU {cpu:.0f} s (= {2 * n / max(cpu, 1):.0f} reports/s on 2 idle cores){server}, "
          f"load {_load()} | {out.strip().splitlines()[-1] if out.strip() else ''}")
    return res, db


def incremental(db: str, backend: str) -> dict[str, Any]:
    src = corpus(100, prefix="inc", seed=99)
    wall, rss, out = measured([*FP, "ingest", "--db", db, "-q", str(src)])
    print(f"incremental: 100 reports into the 100k store ({backend}): {wall:.1f} s, CPU {CPU['last']:.1f} s, "
          f"load {_load()} | {out.strip().splitlines()[-1]}")
    res = {f"incremental_100_into_100k_{backend}_s": round(wall, 2),
           f"incremental_100_into_100k_{backend}_cpu_s": round(CPU["last"], 2),
           f"incremental_100_into_100k_{backend}_load_average": _load()}
    if SERVER:
        res[f"incremental_100_into_100k_{backend}_server_cpu_s"] = round(SERVER["cpu_s"], 2)
    return res


def dask_speedup() -> dict[str, Any]:
    n = 5000
    walls = {}
    for w in (1, 2):
        src = corpus(n)
        db = new_db("sqlite", f"dask{w}")
        walls[w], _, _ = measured([*FP, "ingest", "--db", db, "--workers", str(w), "-q", str(src)])
        print(f"dask: {n} reports with {w} worker(s): {walls[w]:.1f} s (CPU {CPU['last']:.0f} s)")
    return {"dask_5k_1worker_s": round(walls[1], 1), "dask_5k_2workers_s": round(walls[2], 1),
            "dask_speedup_1_to_2": round(walls[1] / walls[2], 2)}


# -- the API under load ------------------------------------------------------------------------------------
def _serve(db: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FLASHPOINT_RATE_PER_MINUTE": "10000000", "FLASHPOINT_HEAVY_PER_MINUTE": "10000000"}
    workers = os.environ.get("FLASHPOINT_BENCH_WORKERS", "2")  # server processes (README "Serving": one per core)
    p = subprocess.Popen([*FP, "serve", "--db", db, "--port", str(port), "--workers", workers], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/events?per_page=1", timeout=5).status_code == 200:
                return p
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    p.kill()
    raise RuntimeError("the server did not come up")


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (the server's workers)."""
    import psutil

    total = 0.0
    proc = psutil.Process(pid)
    for q in [proc, *proc.children(recursive=True)]:
        try:
            t = q.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _requests(base: str, sample: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One request per endpoint kind, with varied arguments."""
    pages = max(1, sample["total"] // 50)
    word = rng.choice(sample["words"])
    return {
        "list": f"{base}/api/events?page={rng.randrange(1, min(pages, 2000) + 1)}",
        "filter": f"{base}/api/events?country={rng.choice(['IRQ', 'SYR', 'JOR'])}&type=ASSAULT"
                  f"&since={rng.choice(sample['days'])}",
        "search": f"{base}/api/events?q={word}",
        "event": f"{base}/api/events/{rng.choice(sample['ids'])}",
        "map": f"{base}/api/map?cell={rng.choice([0.5, 1, 2])}",
        "series": f"{base}/api/series?freq={rng.choice(['W', 'D'])}",
    }


def api(db: str, backend: str, port: int = 8791) -> dict[str, Any]:
    import httpx
    import sqlalchemy as sa

    from flashpoint.store import open_store
    from flashpoint.store.review import add_user

    store = open_store(db)
    add_user(store.engine, "bench", "bench-password", "analyst")
    with store.engine.connect() as c:
        total = c.execute(sa.text("select count(*) from events")).scalar_one()
        ids = [r[0] for r in c.execute(sa.text("select id from events order by id limit 5000"))]
    sample = {"total": total, "ids": ids, "days": [f"{y}-{m:02d}-01" for y in (2024, 2025, 2026) for m in (1, 4, 7, 10)],
              "words": ["rockets", "drone", "Erbil", "Kataib", "warplanes", "Nujaba", "Deir", "depots"]}
    p = _serve(db, port)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {f"api_{backend}_events": total}
    try:
        def warm_up(k: int) -> None:
            with httpx.Client(timeout=60) as warm:
                for url in _requests(base, sample, random.Random(k)).values():
                    warm.get(url)

        # first hits fill the caches, as a running server's would be: from 16 connections at once, so that every
        # worker process gets some (each keeps its own caches; one connection reaches one worker only)
        warmers = [threading.Thread(target=warm_up, args=(k,)) for k in range(16)]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        # (clients, rounds each, seconds between a client's rounds): no pause measures the server saturated by
        # clients that never wait (latency is then queueing: 50 / req/s); paced, 50 clients offer a load below
        # what the machine serves (50 x 6 requests every PACE_S), so latency is the answers' own time
        runs: list[tuple[int, int, float | None]] = [(1, 40, None), (50, 12, None), (50, 12, PACE_S)]
        for clients, per_client, pace in runs:
            tag = f"{clients}c" if pace is None else f"{clients}c_paced"
            lat: dict[str, list[float]] = {k: [] for k in ("list", "filter", "search", "event", "map", "series")}
            errors = [0]
            writes: list[str] = []
            statuses: Counter[str] = Counter()  # answers to the analysts' logins and write attempts
            with store.engine.connect() as c:
                before = c.execute(sa.text("select count(*) from audit_log where reason = 'benchmark write'")).scalar_one()

            def client(k: int, clients: int = clients, per_client: int = per_client, lat: dict[str, list[float]] = lat,
                       errors: list[int] = errors, writes: list[str] = writes,
                       statuses: Counter[str] = statuses, pace: float | None = pace) -> None:
                r = random.Random(k)
                start = time.perf_counter() + (random.Random(100 + k).uniform(0, pace) if pace else 0)
                fresh = random.Random()  # values no earlier run wrote (an equal value is refused: 409)
                with httpx.Client(timeout=60) as c:
                    h: dict[str, str] = {}
                    if clients > 1 and k < 2:  # two analysts write while the others read
                        for _attempt in range(20):
                            try:
                                resp = c.post(f"{base}/api/login", json={"username": "bench", "password": "bench-password"})
                            except httpx.HTTPError as exc:
                                statuses[f"login {type(exc).__name__}"] += 1
                                continue
                            statuses[f"login {resp.status_code}"] += 1
                            if resp.status_code == 200:
                                h = {"X-CSRF-Token": resp.json()["csrf"]}
                                break
                            time.sleep(float(resp.headers.get("retry-after", "1")))
                    for round_ in range(per_client):
                        if pace:  # this client's next round is due at start + round_ x pace
                            time.sleep(max(0.0, start + round_ * pace - time.perf_counter()))
                        for kind, url in _requests(base, sample, r).items():
                            t0 = time.perf_counter()
                            try:
                                resp = c.get(url)
                                ok = resp.status_code == 200
                            except httpx.HTTPError:
                                ok = False
                            lat[kind].append(time.perf_counter() - t0)
                            errors[0] += not ok
                        if h:
                            ev = r.choice(sample["ids"])
                            key = str(uuid.uuid4())
                            # injured and deaths by turns: a correction of deaths changes map data as well
                            field = "fatalities" if len(writes) % 2 else "injured"
                            for _attempt in range(5):  # a client that gets no answer retries with the same key
                                try:
                                    resp = c.post(f"{base}/api/events/{ev}/review", headers={**h, "Idempotency-Key": key},
                                                  json={"action": "correct", "field": field, "value": fresh.randrange(100, 10**6),
                                                        "reason": "benchmark write"})
                                    statuses[f"write {resp.status_code}"] += 1
                                    if resp.status_code in (200, 409):
                                        writes.append(ev) if resp.status_code == 200 else None
                                        break
                                except httpx.HTTPError as exc:
                                    statuses[f"write {type(exc).__name__}"] += 1
                                    continue

            threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
            cpu0, own0, load0 = _tree_cpu(p.pid), time.process_time(), os.getloadavg()[0]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            server_cpu, client_cpu = _tree_cpu(p.pid) - cpu0, time.process_time() - own0
            n = sum(len(v) for v in lat.values())
            line = []
            for kind, v in lat.items():
                v.sort()
                p50, p95 = statistics.median(v) * 1000, v[int(0.95 * (len(v) - 1))] * 1000
                out[f"api_{backend}_{tag}_{kind}_p50_ms"] = round(p50, 1)
                out[f"api_{backend}_{tag}_{kind}_p95_ms"] = round(p95, 1)
                line.append(f"{kind} {p50:.0f}/{p95:.0f}")
            out[f"api_{backend}_{tag}_errors"] = errors[0]
            out[f"api_{backend}_{tag}_req_per_s"] = round(n / wall, 1)
            # what the requests cost, whatever else runs on the machine: server and client CPU per request
            out[f"api_{backend}_{tag}_server_cpu_ms_per_req"] = round(1000 * server_cpu / n, 2)
            out[f"api_{backend}_{tag}_client_cpu_ms_per_req"] = round(1000 * client_cpu / n, 2)
            out[f"api_{backend}_{tag}_load_average"] = f"{load0:.1f}-{os.getloadavg()[0]:.1f}"
            if clients > 1:
                with store.engine.connect() as c:
                    stored = c.execute(sa.text("select count(*) from audit_log where reason = 'benchmark write'")
                                       ).scalar_one() - before
                w = "" if pace is None else "_paced"
                out[f"api_{backend}{w}_writes_acknowledged"] = len(writes)
                out[f"api_{backend}{w}_writes_lost"] = len(writes) - int(stored) if stored < len(writes) else 0
            if pace:
                out[f"api_{backend}_{tag}_offered_req_per_s"] = round(clients * 6 / pace, 1)
            print(f"api ({backend}, {total} events, {clients} client(s){f', a round of 6 every {pace} s' if pace else ''}): p50/p95 ms {', '.join(line)}; "
                  f"{n / wall:.0f} req/s, errors {errors[0]}; CPU per request: server {1000 * server_cpu / n:.1f} ms, "
                  f"client {1000 * client_cpu / n:.1f} ms; load {load0:.1f}-{os.getloadavg()[0]:.1f}"
                  + (f", writes acknowledged {len(writes)}, stored {stored}, answers {dict(statuses)}" if clients > 1 else ""))
    finally:
        p.terminate()
        p.wait(30)
    return out


def direct_store(db: str, n_events: int = 100_000) -> str:
    """A store of about n_events events built without extraction (the API benchmark needs the events, not
    the reading): one stored report and one mention per generated event, then fused as an ingest would."""
    import sqlalchemy as sa

    from bench.synth import events
    from flashpoint.store import open_store, schema
    from flashpoint.store.fusion import update_events

    store = open_store(db)
    rng = random.Random(21)
    docs, mentions, queue = [], [], []
    coords = {"IRQ": (33.3, 44.4), "SYR": (35.0, 38.5), "JOR": (31.9, 35.9)}
    for ev in events(n_events, seed=21, single=True):
        i = ev["n"]
        place = ev.get("place")
        country = place.country if place else "IRQ"
        lat, lon = coords.get(country, (33.0, 44.0))
        day = ev["day"].isoformat()
        uid = f"api-{i:07d}"
        actor = ev.get("actor") or "United States"
        target = ev.get("target") or ("United States" if ev["kind"] == "attack" else "Iran-backed militias")
        text = (f"{actor} struck {place.name if place else 'a position'} on {day}; report {i} of the benchmark store, "
                f"{rng.choice(['rockets', 'drone', 'warplanes', 'depots', 'Erbil', 'Deir', 'Kataib', 'Nujaba'])}.")
        docs.append(dict(uid=uid, doc_id=uid, version=1, lineage=f"id:{uid}", is_latest=True, source="bench",
                         format="jsonl", url=f"https://bench.example.org/{i}", title=f"Report {i}",
                         publisher=f"outlet{i % 40}.example.org", published=day, published_source="metadata",
                         language="en", body=text, raw=text, content_hash=uid, ingested_at="2026-12-01T00:00:00"))
        mid = f"m{i:023d}"
        mentions.append(dict(id=mid, doc_uid=uid, doc_id=uid, event_type="ASSAULT" if ev["kind"] != "threat" else "THREATEN",
                             date=day, date_precision="day", date_text=None, mode=ev.get("mode"), actor=actor,
                             target=target, claimed_by="[]", location=place.name if place else None, country=country,
                             latitude=lat + rng.uniform(-1.5, 1.5), longitude=lon + rng.uniform(-1.5, 1.5), geo_precision=1,
                             fatalities_low=ev.get("killed"), fatalities_high=ev.get("killed"),
                             fatalities_stated=ev.get("killed") is not None, injured_low=ev.get("injured"),
                             injured_high=ev.get("injured"), injured_stated=ev.get("injured") is not None,
                             retaliation_for=None, evidence=text, evidence_start=0, evidence_end=len(text),
                             confidence=0.8, notes=None, extractor="bench"))
        queue.append(dict(mention_id=mid, block=f"{mentions[-1]['event_type']}|{country}", kind="m"))
    with store.engine.begin() as c:
        for table, rows in ((schema.documents, docs), (schema.mentions, mentions), (schema.fusion_queue, queue)):
            for k in range(0, len(rows), 2000):
                c.execute(table.insert(), rows[k:k + 2000])
    t0 = time.process_time()
    s = update_events(store.engine)
    with store.engine.connect() as c:
        total = c.execute(sa.text("select count(*) from events")).scalar_one()
    print(f"api store: {len(docs)} reports stored directly, fused into {total} events ({s.events} written) in "
          f"{time.process_time() - t0:.0f} s CPU")
    return db


def api_db(backend: str) -> str:
    """The API benchmark's store: built afresh, or with FLASHPOINT_BENCH_REUSE=1 copied from a pristine one built
    once (per backend and size) and kept, so runs while iterating skip the build and start from the same store."""
    n = int(os.environ.get("FLASHPOINT_BENCH_EVENTS", "100000"))
    if os.environ.get("FLASHPOINT_BENCH_REUSE") != "1":
        return direct_store(new_db(backend, "api100k"), n)
    pristine = f"apipristine{n}"
    if backend == "sqlite":
        import shutil

        src = DATA / "stores" / f"{pristine}.db"
        if not src.exists():
            direct_store(new_db(backend, pristine), n)
        db = new_db(backend, "api100k")
        shutil.copyfile(src, db)
        return db
    import sqlalchemy as sa

    admin = sa.create_engine("postgresql+psycopg://" + PG_URL.split("://", 1)[1], isolation_level="AUTOCOMMIT")  # type: ignore[union-attr]
    with admin.connect() as c:
        have = c.execute(sa.text("select 1 from pg_database where datname = :n"), {"n": f"bench_{pristine}"}).first()
    if have is None:
        direct_store(new_db(backend, pristine), n)
    with admin.connect() as c:
        c.execute(sa.text('DROP DATABASE IF EXISTS "bench_api100k" WITH (FORCE)'))
        c.execute(sa.text("select pg_terminate_backend(pid) from pg_stat_activity where datname = :n"),
                  {"n": f"bench_{pristine}"})  # a template must have no connections
        c.execute(sa.text(f'CREATE DATABASE "bench_api100k" TEMPLATE "bench_{pristine}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/bench_api100k"  # type: ignore[union-attr]


def api_store(db: str, backend: str) -> str:
    """The 100k-report store plus 60k single-report events: over 100k events."""
    src = corpus(EXTRA, prefix="one", seed=7, single=True)
    wall, _, _ = measured([*FP, "ingest", "--db", db, "--workers", "2", "-q", str(src)])
    print(f"api store: {EXTRA} single-report events added in {wall:.0f} s")
    return db


def fusion_only(n: int = 100_000, k: int = 100) -> dict[str, Any]:
    """Fusion alone (no extraction, no store): clustering n mentions (a report every day, ~3 per event, three
    years, three countries) from scratch, then placing k more through the incremental replay."""
    from collections import defaultdict

    from flashpoint.fuse.cluster import BlockClustering, Node, block_key, cluster_mentions
    from flashpoint.fuse.mentions import Mention

    rng = random.Random(5)
    sides = ["United States", "Kata'ib Hezbollah", "Harakat Hezbollah al-Nujaba", "Islamic Resistance in Iraq", None]
    sites = [(f"Site {i}", 30 + rng.random() * 7, 38 + rng.random() * 8) for i in range(150)]

    def mentions(count: int, tag: str) -> list[Mention]:
        out: list[Mention] = []
        while len(out) < count:
            day = dt.date(2023, 10, 20) + dt.timedelta(days=rng.randrange(3 * 365))
            place, lat, lon = rng.choice(sites)
            actor, target = rng.sample(sides[:4], 2)
            country = rng.choice(["IRQ", "IRQ", "SYR", "JOR"])
            for _ in range(rng.choice([2, 3, 3, 4])):
                prec = rng.choice(["day"] * 8 + ["approximate", "month"])
                out.append(Mention(id=f"{tag}{len(out):07d}", doc_id=f"{tag}d{len(out)}", event_type="ASSAULT", date=day,
                                   date_precision=prec, actor=actor if rng.random() < 0.8 else None, target=target,
                                   country=country, location=place, latitude=lat, longitude=lon, geo_precision=1,
                                   mode=rng.choice(["rocket", "drone"]), evidence="late at night" if rng.random() < 0.2 else ""))
        return out[:count]

    base = mentions(n, "m")
    t0 = time.process_time()
    clusters = cluster_mentions(base)
    bulk = time.process_time() - t0
    stored: dict[str, dict[int, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for c in clusters:
        founder = min(c, key=lambda m: Node.of(m).key).id
        for m in c:
            node = Node.of(m, founder)
            if node.lo is not None:
                stored[block_key(m)][node.lo].append(node)
    extra = mentions(k, "x")
    t0 = time.process_time()
    woken = 0
    for block in sorted({block_key(m) for m in extra}):
        days = stored[block]
        bc = BlockClustering(loader=lambda lo, hi, days=days: [Node(x.id, x.m, x.key, x.lo, x.hi, x.founder)
                                                               for d in range(lo, hi + 1) for x in days.get(d, ())])
        for m in extra:
            if block_key(m) == block:
                bc.add(m)
        bc.run()
        woken += len(bc.nodes)
    inc = time.process_time() - t0
    print(f"fusion alone: {n} mentions into {len(clusters)} events in {bulk:.1f} s CPU; {k} more placed "
          f"incrementally in {inc:.2f} s CPU (read {woken} stored mentions around them)")
    return {f"fusion_{n // 1000}k_mentions_cpu_s": round(bulk, 1), f"fusion_{n // 1000}k_events": len(clusters),
            f"fusion_incremental_{k}_into_{n // 1000}k_cpu_s": round(inc, 3),
            f"fusion_incremental_{k}_stored_mentions_read": woken}


def save(found: dict[str, Any]) -> None:
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(found)
    results["scale_measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def main(argv: list[str]) -> int:
    """Sections: fusion, ingest100k (with incremental), api, dask, ingest10k; default all. Each one's figures are
    written as soon as it ends."""
    sections = set(argv) or {"fusion", "ingest100k", "api", "dask", "ingest10k"}
    if "fusion" in sections:
        save(fusion_only())
    for backend in backends():
        if "ingest100k" in sections:
            r, db = ingest(BIG, backend, name="ingest100k")
            r.update(incremental(db, backend))
            save(r)
        if "api" in sections:  # a store of 100k events (built directly: extraction is measured above)
            save(api(api_db(backend), backend))
        if "ingest10k" in sections:
            save(ingest(10_000, backend, name="ingest10k")[0])
    if "dask" in sections:
        save(dask_speedup())
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
