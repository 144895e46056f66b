"""PostgreSQL planner statistics for a store filled from empty (flashpoint.store.db.refresh_statistics)."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from bench.synth import write
from flashpoint.ingest.batch import ingest
from flashpoint.store import db as store_db
from flashpoint.store import open_store
from tests.conftest import Databases

pytestmark = pytest.mark.postgres


def _reltuples(engine: sa.Engine, table: str) -> float:
    with engine.connect() as c:
        return float(c.execute(sa.text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}).scalar_one())


def test_tables_grown_from_empty_are_analysed_and_then_left_alone(tmp_path):
    """A store filled from empty has no statistics until autovacuum's next round: the band lookups then read
    the whole table. Ingest gathers them once a looked-up table has more than doubled since, and not again
    until it doubles again; SQLite and a table that has not grown are left alone."""
    dbs = Databases("postgresql", tmp_path)
    try:
        store = open_store(dbs("stats"))
        engine = store.engine
        assert _reltuples(engine, "document_bands") < 0  # never analysed
        src = write(60, tmp_path / "feed.jsonl", seed=3)
        store_db._statistics_checked.clear()
        assert ingest([str(src)], store).ok
        analysed: list[str] = []
        for _ in range(40):  # the server's activity counters lag a transaction's end by up to a second or so
            store_db._statistics_checked.clear()
            analysed = store_db.refresh_statistics(engine)
            if analysed:
                break
            time.sleep(0.25)
        assert "document_bands" in analysed  # 20 rows a report: over 500 changes; documents are 60
        assert _reltuples(engine, "document_bands") > 500
        time.sleep(1.5)
        store_db._statistics_checked.clear()
        assert store_db.refresh_statistics(engine) == []  # nothing grew since
        store_db._statistics_checked.clear()
        assert store_db.refresh_statistics(open_store(str(tmp_path / "lite.db")).engine) == []
    finally:
        dbs.close()
