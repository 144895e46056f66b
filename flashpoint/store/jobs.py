"""Background jobs with progress: fusion after analysts' merges and splits, and full rebuilds.

A job is a row of `jobs` (queued -> running -> done | failed, with done/total progress). Any process may
run jobs (`run_next`): claiming one is a single conditional UPDATE, so two server processes never run the
same job. The work itself is crash-safe (the fusion queue is in the store), so a job whose runner died
(no heartbeat for STALE_S) is queued again.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import NotFoundError
from flashpoint.store import schema

KINDS = ("fuse", "rebuild")
STALE_S = 300


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass
class Job:
    id: int
    kind: str
    status: str
    done: int
    total: int | None
    message: str | None
    username: str | None
    created_at: str
    started_at: str | None
    finished_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def submit(engine: sa.Engine, kind: str, *, username: str | None = None, params: dict[str, Any] | None = None) -> int:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with engine.begin() as c:
        r = c.execute(schema.jobs.insert().values(kind=kind, params=json.dumps(params or {}), status="queued", done=0,
                                                  username=username, created_at=_now()))
        return int(r.inserted_primary_key[0])  # type: ignore[index]


def get(engine: sa.Engine, job_id: int) -> Job:
    j = schema.jobs
    with engine.connect() as c:
        r = c.execute(sa.select(j).where(j.c.id == job_id)).first()
    if r is None:
        raise NotFoundError(f"no job {job_id}", "list jobs with GET /api/jobs")
    return Job(r.id, r.kind, r.status, r.done, r.total, r.message, r.username, r.created_at, r.started_at,
               r.finished_at)


def recent(engine: sa.Engine, limit: int = 50) -> list[Job]:
    j = schema.jobs
    with engine.connect() as c:
        ids = [r.id for r in c.execute(sa.select(j.c.id).order_by(j.c.id.desc()).limit(limit))]
    return [get(engine, i) for i in ids]


def _claim(engine: sa.Engine) -> int | None:
    j = schema.jobs
    stale = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=STALE_S)).isoformat(timespec="milliseconds")
    with engine.begin() as c:
        c.execute(j.update().where(j.c.status == "running", j.c.heartbeat_at < stale).values(status="queued"))
        ids = [r.id for r in c.execute(sa.select(j.c.id).where(j.c.status == "queued").order_by(j.c.id).limit(5))]
    for i in ids:
        with engine.begin() as c:
            got = c.execute(j.update().where(j.c.id == i, j.c.status == "queued")
                            .values(status="running", started_at=_now(), heartbeat_at=_now())).rowcount
        if got == 1:
            return i
    return None


def _progress(engine: sa.Engine, job_id: int, done: int, total: int) -> None:
    j = schema.jobs
    with engine.begin() as c:
        c.execute(j.update().where(j.c.id == job_id).values(done=done, total=total, heartbeat_at=_now()))


def run_next(engine: sa.Engine) -> int | None:
    """Claim and run one queued job; returns its id (None: nothing to do)."""
    from flashpoint.store.fusion import update_events

    job_id = _claim(engine)
    if job_id is None:
        return None
    job = get(engine, job_id)
    j = schema.jobs
    try:
        s = update_events(engine, rebuild=job.kind == "rebuild",
                          progress=lambda done, total: _progress(engine, job_id, done, total))
        status, message = "done", f"{len(s.blocks)} block(s), {s.events} event(s) written, {s.removed} removed"
    except Exception as exc:  # the job fails; its work stays queued in the store for the next run
        status, message = "failed", f"{type(exc).__name__}: {exc}"[:500]
    with engine.begin() as c:
        c.execute(j.update().where(j.c.id == job_id).values(status=status, message=message, finished_at=_now()))
    return job_id


def wait(engine: sa.Engine, job_id: int, timeout: float, wake: threading.Event | None = None) -> Job:
    """The job once finished, or as it stands after `timeout` seconds."""
    import time

    end = time.monotonic() + timeout
    while True:
        job = get(engine, job_id)
        if job.status in ("done", "failed") or time.monotonic() >= end:
            return job
        time.sleep(0.02)


class Runner:
    """A thread that runs jobs as they are submitted (and queued ones at start)."""

    def __init__(self, engine: sa.Engine, poll_s: float = 2.0) -> None:
        self.engine, self.poll_s = engine, poll_s
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._loop, name="flashpoint-jobs", daemon=True)

    def ensure_started(self) -> None:
        with self.lock:
            if not self.thread.is_alive() and not self.stop.is_set():
                self.thread.start()

    def submit(self, kind: str, *, username: str | None = None) -> int:
        self.ensure_started()
        job_id = submit(self.engine, kind, username=username)
        self.wake.set()
        return job_id

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                while run_next(self.engine) is not None:
                    pass
            except Exception:  # the store is unreachable for now: try again later
                pass
            self.wake.wait(self.poll_s)
            self.wake.clear()

    def close(self) -> None:
        self.stop.set()
        self.wake.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
