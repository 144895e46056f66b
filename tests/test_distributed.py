"""Backfills on Dask: a LocalCluster ingest gives the events of a single-process run (store and Parquet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.synth import reports
from flashpoint.distributed import Partition, _items, ingest_on_cluster, partitions
from flashpoint.ingest import ingest
from flashpoint.store import open_store
from flashpoint.store.events import event_rows, retaliation_links, update_events
from flashpoint.store.extractions import ExtractAndStore

pytest.importorskip("dask.distributed")


def corpus(tmp_path: Path, n: int = 90, broken_line: int | None = None) -> Path:
    lines = [json.dumps(r) for r in reports(n, seed=5)]
    if broken_line:
        lines.insert(broken_line - 1, "{not json")
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_partitions_cut_at_lines_and_keep_line_numbers(tmp_path):
    src = corpus(tmp_path, 40, broken_line=23)
    parts = partitions([str(src)], target_bytes=2000)
    assert len(parts) > 3
    assert parts[0].start == 0 and parts[-1].end == src.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    items = [it for p in parts for it in _items(p, None)]
    assert len(items) == 41
    broken = [(label, it) for label, it in items if isinstance(it, Exception)]
    assert len(broken) == 1 and broken[0][0].endswith(":23") and "line 23" in str(broken[0][1])
    others = partitions([str(src), str(tmp_path)])
    assert others[-1] == Partition(sources=(str(tmp_path),))


def _single(tmp_path: Path, src: Path) -> tuple[list[dict], list]:
    store = open_store(str(tmp_path / "single.db"))
    ingest([str(src)], store, after_save=ExtractAndStore())
    update_events(store.engine)
    return event_rows(store.engine), retaliation_links(store.engine)


def test_local_cluster_ingest_equals_single_process(tmp_path, new_db):
    """On SQLite and on PostgreSQL, the cluster's events are the single-process (SQLite) run's."""
    src = corpus(tmp_path)
    events, links = _single(tmp_path, src)
    db = new_db("cluster")
    s = ingest_on_cluster([str(src)], db=db, workers=2)
    assert s.ok and s.ingested == 90 and s.partitions >= 2
    store = open_store(db)
    assert event_rows(store.engine) == events
    assert retaliation_links(store.engine) == links
    again = ingest_on_cluster([str(src)], db=db, workers=2)  # re-running stores nothing new
    assert (again.ingested, again.unchanged, again.events) == (0, 90, 0)


def test_local_cluster_to_parquet_equals_single_process(tmp_path):
    import pyarrow.parquet as pq

    src = corpus(tmp_path)
    events, _ = _single(tmp_path, src)
    out = tmp_path / "pq"
    p = ingest_on_cluster([str(src)], db=None, parquet_dir=str(out), workers=2)
    assert p.ok and p.events == len(events)
    got = pq.read_table(out / "events.parquet").to_pylist()
    want = {e["id"]: e for e in events}
    assert {e["id"] for e in got} == set(want)
    assert all((e["date"], e["actor"], e["target"], e["n_mentions"]) ==
               (want[e["id"]]["date"], want[e["id"]]["actor"], want[e["id"]]["target"], want[e["id"]]["n_mentions"])
               for e in got)
    assert len(pq.read_table(out / "event_mentions.parquet")) == sum(e["n_mentions"] for e in events)


def test_local_cluster_workers_run_without_the_statistical_profiler():
    import dask

    from flashpoint.distributed import client_for, close_client

    client = client_for(None, 1)
    try:
        on_workers = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    finally:
        close_client(client)
    assert list(on_workers.values()) == [False]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # this process's config is left as it was


def test_backfill_workers_read_sqlite_without_a_memory_map(tmp_path):
    import sqlalchemy as sa

    from flashpoint.distributed import _worker_store
    from flashpoint.store import open_store

    db = f"sqlite:///{tmp_path / 'm.db'}"
    with open_store(db).engine.connect() as c:
        assert c.execute(sa.text("PRAGMA mmap_size")).scalar_one() > 0  # readers (the API) map the file
    with _worker_store(db).engine.connect() as c:
        assert c.execute(sa.text("PRAGMA mmap_size")).scalar_one() == 0
