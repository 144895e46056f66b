"""The store answers from indexes (issue 13): SQLite's query plans for searches and analysis counts read
narrow covering indexes, not the wide event rows (plans, not timings: speed is shown in `make bench`)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from flashpoint.store import schema
from flashpoint.store.events import EventQuery, _searched, _where, analysis_groups, count_events, event_rows
from tests.factories import build, mention

MILITIA, US = "Kata'ib Hezbollah", "United States"


def _plan(engine: sa.Engine, q: sa.Select) -> str:  # type: ignore[type-arg]
    compiled = q.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as c:
        return " | ".join(r[3] for r in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))


def _store(tmp_path):
    ms = [mention(i, f"2024-0{1 + i % 6}-{10 + i % 9}", MILITIA if i % 2 else US, US if i % 2 else MILITIA,
                  country="IRQ" if i % 3 else "SYR", precision="approximate" if i % 5 == 0 else "day") for i in range(30)]
    return build(tmp_path / "plans.db", ms)


def test_a_search_checks_its_matches_in_the_narrow_index(tmp_path):
    store = _store(tmp_path)
    f = EventQuery(text="fixture")
    q = _searched(_where(sa.select(sa.func.count()).select_from(schema.events), f, "sqlite"), f, "sqlite")
    assert "COVERING INDEX ix_events_seq_list" in _plan(store.engine, q)
    everything = count_events(store.engine, EventQuery())
    assert count_events(store.engine, f) == everything  # same answers as the table: every report says it
    f.limit = 10
    assert [r["id"] for r in event_rows(store.engine, f)] == [r["id"] for r in event_rows(store.engine,
                                                                                          EventQuery(limit=10))]


def test_series_groups_are_counted_in_the_analysis_index(tmp_path):
    store = _store(tmp_path)
    t = schema.events
    cols = (t.c.event_type, t.c.date, t.c.date_precision, t.c.actor, t.c.target, t.c.review_status)
    q = sa.select(*cols, sa.func.count()).group_by(*cols)
    plan = _plan(store.engine, q)
    assert "COVERING INDEX ix_events_analysis" in plan and "TEMP B-TREE" not in plan
    groups = analysis_groups(store.engine)
    assert sum(g["n"] for g in groups) == count_events(store.engine, EventQuery(status="all"))


def test_filtered_counts_read_no_event_row(tmp_path):
    store = _store(tmp_path)
    f = EventQuery(country="IRQ", event_type="ASSAULT", since=dt.date(2024, 3, 1))
    q = _where(sa.select(sa.func.count()).select_from(schema.events), f, "sqlite")
    assert "COVERING INDEX ix_events_type_country_sort" in _plan(store.engine, q)
