"""Backfills on a Dask cluster: `flashpoint ingest --workers N` (a local cluster) or `--cluster tcp://HOST:8786`.

The corpus is cut into partitions (byte ranges of JSONL files, groups of other files and URLs). Each
partition is read, extracted and written by a worker: straight into the shared store (a transaction per chunk
of 50 documents, a savepoint per document, retried on conflicts, as a single-process ingest does), or, with `--parquet DIR`, into Parquet
files of documents and mentions. Fusion then runs per independent block (event type, country) as one task
each: in the store through `update_events`, or over the Parquet mentions with the same clustering. Fusion
does not depend on the order reports arrive in, so the events are those of a single-process run.

Workers need the same flashpoint version and profile, and must see the input files and the store (a path
on shared storage, or a PostgreSQL URL). See README "Backfills on a cluster".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError, FlashpointError, IngestError

PARTITION_BYTES = 2 * 1024 * 1024  # about 4,000 short reports per JSONL partition
FILES_PER_PARTITION = 200


@dataclass(frozen=True)
class Partition:
    """A JSONL byte range [start, end) whose first line is line `first_line`, or a list of sources."""

    sources: tuple[str, ...] = ()
    path: str | None = None
    start: int = 0
    end: int = 0
    first_line: int = 1


@dataclass
class PartitionResult:
    ingested: int = 0
    new_versions: int = 0
    reverted: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)


def _is_jsonl(source: str) -> bool:
    return source.lower().endswith((".jsonl", ".ndjson")) and Path(source).is_file()


def partitions(sources: list[str], *, target_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """JSONL files cut at line boundaries into ranges of about target_bytes; other sources in groups."""
    out: list[Partition] = []
    others: list[str] = []
    for src in sources:
        if not _is_jsonl(src):
            others.append(src)
            continue
        start, line, first = 0, 1, 1
        with open(src, "rb") as fh:
            pos = 0
            for raw in fh:
                pos += len(raw)
                line += 1
                if pos - start >= target_bytes:
                    out.append(Partition(path=src, start=start, end=pos, first_line=first))
                    start, first = pos, line
            if pos > start:
                out.append(Partition(path=src, start=start, end=pos, first_line=first))
    for i in range(0, len(others), FILES_PER_PARTITION):
        out.append(Partition(sources=tuple(others[i:i + FILES_PER_PARTITION])))
    return out


def _items(part: Partition, options: Any) -> Iterator[tuple[str, Any]]:
    from flashpoint.ingest.sources import read_source, read_text_source

    if part.path is None:
        for src in part.sources:
            yield from read_source(src, options)
        return
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        data = fh.read(part.end - part.start)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield part.path, IngestError(f"bytes {part.start}-{part.end}: not UTF-8 ({exc.reason})", "save it as UTF-8",
                                     source=part.path)
        return
    # blank lines in front keep the line numbers of the file in labels and messages
    yield from read_text_source("\n" * (part.first_line - 1) + text, part.path, "jsonl")


_WORKER: dict[str, Any] = {}


def _extractor(profile: Any, spacy_model: str | None) -> Any:
    """One ExtractAndStore per worker process and profile (building it loads the lexicons)."""
    from flashpoint.ontology.profile import set_profile
    from flashpoint.store.extractions import ExtractAndStore

    key = f"{getattr(profile, 'name', profile)}|{spacy_model}"
    if key not in _WORKER:
        set_profile(profile)
        _WORKER[key] = ExtractAndStore(spacy_model)
    set_profile(profile)
    return _WORKER[key]


_STORES: dict[str, Any] = {}


def _worker_store(db: str) -> Any:
    """One Store per worker process and database: its connection pool and the near-duplicate band index
    (`ingest.dedup.BandIndex`, per engine) then last from one partition to the next, instead of every
    partition starting with a cold index and a new pool."""
    from flashpoint.store import open_store

    if db not in _STORES:
        _STORES[db] = open_store(db, mapped=False)  # its reads span the store: mapped pages would count as its memory
    return _STORES[db]


def ingest_partition(part: Partition, db: str | None, parquet_dir: str | None, profile: Any,
                     spacy_model: str | None, options: Any) -> PartitionResult:
    """Read, extract and write one partition (runs on a worker)."""
    from flashpoint.ingest.batch import ingest_items

    after = _extractor(profile, spacy_model)
    res = PartitionResult()
    if parquet_dir is not None:
        return _partition_to_parquet(part, parquet_dir, after, options, res)
    summary = ingest_items(_items(part, options), _worker_store(db), after_save=after)  # type: ignore[arg-type]
    res.ingested, res.new_versions, res.unchanged, res.failed = (summary.ingested, summary.new_versions,
                                                                 summary.unchanged, summary.failed)
    res.reverted = summary.reverted
    res.errors = [e.one_line() for e in summary.errors]
    return res


def _partition_to_parquet(part: Partition, out_dir: str, after: Any, options: Any, res: PartitionResult) -> PartitionResult:
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from flashpoint.store.extractions import extraction_rows

    docs: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for label, item in _items(part, options):
        if isinstance(item, FlashpointError):
            res.failed += 1
            res.errors.append(item.one_line())
            continue
        try:
            ex = after.prepare(item)
        except Exception as exc:  # one document's surprise is its failure; the partition goes on
            from flashpoint.ingest.sources import unexpected

            res.failed += 1
            res.errors.append(unexpected(exc, label).one_line())
            continue
        docs.append({"uid": item.uid, "doc_id": item.id, "url": item.url, "title": item.title,
                     "publisher": item.publisher, "published": item.published.isoformat() if item.published else None,
                     "content_hash": item.content_hash, "source": item.source})
        mentions += [{**r, "title": item.title, "url": item.url, "publisher": item.publisher,
                      "published": item.published.isoformat() if item.published else None}
                     for r in extraction_rows(item.uid, ex)]
        res.ingested += 1
    name = hashlib.sha256(f"{part}".encode()).hexdigest()[:16]
    d = Path(out_dir)
    for kind, rows in (("documents", docs), ("mentions", mentions)):
        (d / kind).mkdir(parents=True, exist_ok=True)
        if rows:
            path = d / kind / f"part-{name}.parquet"
            pq.write_table(pa.Table.from_pylist(rows), path)
            res.parquet.append(str(path))
    return res


def fuse_block(db: str, block: str) -> int:
    """Fuse one block of the shared store (runs on a worker); returns the events written."""
    from flashpoint.store.fusion import update_events

    return update_events(_worker_store(db).engine, blocks=[block]).events


def _dataset(paths: list[str]) -> Any:
    """The Parquet parts as one dataset, their schemas unified: a column that is empty in one part is
    typed null there, and reading it under another part's schema would fail."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    schema = pa.unify_schemas([pq.read_schema(p) for p in paths])
    return ds.dataset(paths, format="parquet", schema=schema)


def fuse_parquet_block(paths: list[str], block: str) -> list[dict[str, Any]]:
    """Cluster and fuse one block's mentions read from Parquet parts; returns the event records."""
    import pyarrow.dataset as ds

    from flashpoint.fuse.cluster import cluster_mentions
    from flashpoint.fuse.consensus import event_record, fuse
    from flashpoint.fuse.mentions import Mention
    from flashpoint.store.extractions import record_from_row

    rows = _dataset(paths).to_table(filter=ds.field("block") == block).to_pylist()
    ms = [Mention.from_record(record_from_row(r)) for r in rows]
    return [event_record(fuse(c)) for c in cluster_mentions(ms)]


@dataclass
class ClusterSummary:
    partitions: int = 0
    ingested: int = 0
    new_versions: int = 0
    reverted: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    blocks: int = 0
    events: int = 0
    parquet: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def client_for(cluster: str | None, workers: int | None) -> Any:
    """A dask.distributed Client: on the scheduler at `cluster`, or on a new LocalCluster of `workers` processes
    (closed with the client)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(f"Dask is not installed ({exc.name})", "pip install 'flashpoint[cluster]'")
    if cluster:
        try:
            return Client(cluster, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {cluster} ({exc})",
                              "start it with `dask scheduler` and give its address, e.g. tcp://HOST:8786")
    import dask

    n = workers or os.cpu_count() or 1
    # no dashboard, so no statistical profiler either: it sampled each worker's stack 100 times a second and
    # kept an hour of profiles (CPU, and memory that grew through a long backfill)
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=40)
    client = Client(local)
    client._flashpoint_local = local  # type: ignore[attr-defined]  # closed in close_client
    return client


def close_client(client: Any) -> None:
    local = getattr(client, "_flashpoint_local", None)
    client.close()
    if local is not None:
        local.close()


def ingest_on_cluster(sources: list[str], *, db: str | None, parquet_dir: str | None = None, cluster: str | None = None,
                      workers: int | None = None, spacy_model: str | None = None, options: Any = None,
                      on_progress: Callable[[str, int, int], None] | None = None) -> ClusterSummary:
    """Ingest `sources` on a Dask cluster into the store `db` (or Parquet files under `parquet_dir`)."""
    from dask.distributed import as_completed

    from flashpoint.ontology.profile import active_profile
    from flashpoint.store import open_store, resolve_db_url

    profile = active_profile()
    url = resolve_db_url(db) if parquet_dir is None else None
    if url is not None:
        open_store(url)  # create and migrate once, before the workers open it
    client = client_for(cluster, workers)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = sum(Path(s).stat().st_size for s in sources if _is_jsonl(s))
        # several partitions per worker keep them all busy to the end
        parts = partitions(sources, target_bytes=max(8 * 1024, min(PARTITION_BYTES, size // (4 * n_workers) + 1)))
        summary = ClusterSummary(partitions=len(parts))
        futures = [client.submit(ingest_partition, p, url, parquet_dir, profile, spacy_model, options, pure=False)
                   for p in parts]
        for k, fut in enumerate(as_completed(futures), start=1):
            r: PartitionResult = fut.result()
            for name in ("ingested", "new_versions", "reverted", "unchanged", "failed"):
                setattr(summary, name, getattr(summary, name) + getattr(r, name))
            summary.errors += r.errors
            summary.parquet += r.parquet
            if on_progress:
                on_progress("ingest", k, len(parts))
        if url is not None:
            from flashpoint.store.fusion import pending_blocks

            blocks = pending_blocks(open_store(url).engine)
            fused = [client.submit(fuse_block, url, b, pure=False) for b in blocks]
            for k, fut in enumerate(as_completed(fused), start=1):
                summary.events += fut.result()
                if on_progress:
                    on_progress("fuse", k, len(blocks))
            summary.blocks = len(blocks)
        else:
            summary.events = _fuse_parquet(client, parquet_dir, summary, on_progress)  # type: ignore[arg-type]
    finally:
        close_client(client)
    return summary


def _fuse_parquet(client: Any, out_dir: str, summary: ClusterSummary,
                  on_progress: Callable[[str, int, int], None] | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from dask.distributed import as_completed

    from flashpoint.export import flat_event, mention_rows
    from flashpoint.fuse.retaliation import resolve_records

    paths = sorted(p for p in summary.parquet if "/mentions/" in p.replace(os.sep, "/"))
    if not paths:
        return 0
    blocks = sorted(set(_dataset(paths).to_table(columns=["block"]).column("block").to_pylist()))
    futures = [client.submit(fuse_parquet_block, paths, b, pure=False) for b in blocks]
    events: list[dict[str, Any]] = []
    for k, fut in enumerate(as_completed(futures), start=1):
        events += fut.result()
        if on_progress:
            on_progress("fuse", k, len(blocks))
    events.sort(key=lambda e: e["id"])
    summary.blocks = len(blocks)
    d = Path(out_dir)
    pq.write_table(pa.Table.from_pylist([flat_event(e) for e in events]), d / "events.parquet")
    pq.write_table(pa.Table.from_pylist(mention_rows(events)), d / "event_mentions.parquet")
    links = resolve_records(events)
    pq.write_table(pa.Table.from_pylist([vars(lk) for lk in links]), d / "retaliation_links.parquet")
    summary.parquet += [str(d / n) for n in ("events.parquet", "event_mentions.parquet", "retaliation_links.parquet")]
    return len(events)

