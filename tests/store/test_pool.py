"""Pooled connections: pinged only after sitting idle, a dead one replaced; single-statement driver reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from flashpoint.store import open_store
from flashpoint.store.db import ping_when_idle
from flashpoint.store.events import EventQuery, driver_rows, page_keys, rows_by_keys, store_counters


def _engine(path: Path, clock: list[float], monkeypatch: pytest.MonkeyPatch) -> tuple[sa.Engine, list[Any]]:
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=0)
    pings: list[Any] = []
    real = engine.dialect.do_ping

    def ping(dbapi_conn: Any) -> bool:
        pings.append(dbapi_conn)
        if len(pings) == 2:
            raise OSError("server closed the connection unexpectedly")
        return bool(real(dbapi_conn))

    monkeypatch.setattr(engine.dialect, "do_ping", ping)
    ping_when_idle(engine, idle_s=2, clock=lambda: clock[0])
    return engine, pings


def test_connections_are_pinged_only_after_sitting_idle_and_a_dead_one_is_replaced(tmp_path, monkeypatch):
    clock = [100.0]
    engine, pings = _engine(tmp_path / "pool.db", clock, monkeypatch)

    def use() -> Any:
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT 1").scalar_one() == 1
            return c.connection.dbapi_connection

    first = use()  # a new connection: not pinged
    clock[0] += 1.5
    assert use() is first and pings == []  # used moments ago: handed out as it is
    clock[0] += 2.5
    assert use() is first and pings == [first]  # idle for longer: pinged (and alive)
    clock[0] += 2.5
    replaced = use()  # the ping fails: the pool hands out a fresh connection instead, and the read works
    assert pings[1] is first and replaced is not first
    clock[0] += 0.5
    assert use() is replaced and len(pings) == 2


def test_driver_reads_give_what_the_store_reads_give(tmp_path, new_db):
    from tests.web.conftest import build_store

    engine = open_store(build_store(tmp_path, new_db("rows"))).engine
    f = EventQuery(limit=7)
    keys = page_keys(engine, f)
    with engine.connect() as c:
        t = sa.table("events", sa.column("sort_key"), sa.column("record"))
        expected = {r.sort_key: r.record for r in c.execute(sa.select(t.c.sort_key, t.c.record))}
        state = {r[0]: int(r[1]) for r in c.execute(sa.text("SELECT key, value FROM store_state"))}
    import json

    shuffled = [keys[3], "no-such-key", keys[0], *keys[4:]]
    assert [json.dumps(r, sort_keys=True) for r in rows_by_keys(engine, shuffled)] == [
        json.dumps(json.loads(expected[k]), sort_keys=True) for k in shuffled if k in expected]
    assert store_counters(engine) == state and set(state) >= {"events", "edits"}
    assert driver_rows(engine, "SELECT sort_key FROM events WHERE sort_key = ? OR sort_key = ?",
                       [keys[1], keys[2]]) and rows_by_keys(engine, []) == []
