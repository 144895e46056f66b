"""Ingesting a batch of sources into a store: a transaction per chunk of documents, a savepoint per document,
failures reported, never fatal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flashpoint.errors import IngestError
from flashpoint.ingest.dedup import mark_near_duplicate, open_band_keys, prefetch_bands, preload_bands
from flashpoint.ingest.language import is_english
from flashpoint.ingest.sources import Item, ReadOptions, read_source, unexpected
from flashpoint.models import Document
from flashpoint.store import Store
from flashpoint.store.db import (
    LocksNeeded,
    RetryableConflict,
    advisory_locks,
    is_retryable,
    refresh_statistics,
    retrying,
    try_advisory_locks,
)

# Called inside the document's transaction after it is saved (e.g. to store extracted events). One with a
# `prepare(doc)` method has it called first, outside the transaction (the slow part, e.g. extraction, then
# holds no lock), and gets its result as a third argument.
AfterSave = Callable[..., None]


@dataclass
class IngestSummary:
    ingested: int = 0
    new_versions: int = 0
    reverted: int = 0  # a page back to an earlier version's content: that version is the latest again
    not_english: Counter[str] = field(default_factory=Counter)  # language -> reports stored without events
    near_duplicates: int = 0  # reports stored as near-duplicates (syndicated copies) of stored ones
    unchanged: int = 0
    failed: int = 0
    errors: list[IngestError] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def iter_items(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    for src in sources:
        yield from read_source(src, options)


CHUNK_DOCS = 50  # documents written per transaction (each in its own savepoint when one fails)


@dataclass
class _Entry:
    label: str
    item: Document | IngestError
    outcome: str = ""
    prepared: Any = None
    locks: list[str] = field(default_factory=list)
    failure: IngestError | None = None
    copy_of: str | None = None


def _fail(entry: _Entry, exc: Exception) -> None:
    if isinstance(exc, IngestError):
        entry.failure = exc if exc.source else IngestError(exc.cause, exc.fix, source=entry.label)
    else:  # one document's surprise is reported with its input; the batch goes on
        entry.failure = unexpected(exc, entry.label)


def _prepare_chunk(store: Store, chunk: list[_Entry], after_save: AfterSave | None) -> list[_Entry]:
    """Skip what is stored already (one query for the chunk), then prepare the rest outside any transaction
    (the slow part: extraction); returns the entries to write."""
    docs = [e for e in chunk if isinstance(e.item, Document)]
    stored = store.stored_latest([e.item for e in docs])  # type: ignore[misc]
    prepare = getattr(after_save, "prepare", None)
    postgres = store.engine.dialect.name == "postgresql"
    todo = []
    for e in docs:
        doc = e.item
        assert isinstance(doc, Document)
        if (store.lineage_of(doc), doc.content_hash) in stored:  # stored rows never go away
            e.outcome = "unchanged"
            continue
        try:
            e.prepared = prepare(doc) if prepare is not None else None
        except Exception as exc:
            _fail(e, exc)
            continue
        todo.append(e)
    if postgres:  # the locks the chunk's writes need (bands over the cap need none: see mark_near_duplicate)
        bands = open_band_keys(store.engine, [e.item for e in todo])
        for i, e in enumerate(todo):
            e.locks = [f"lineage:{store.lineage_of(e.item)}", *(f"band:{k}" for k in bands[i])]  # type: ignore[arg-type]
    # the committed band rows the near-duplicate checks will read, read now: less work under the write lock
    prefetch_bands(store.engine, [e.item for e in todo])
    return todo


class _DocumentFailed(Exception):
    """A document of a chunk written without savepoints failed: the whole transaction was rolled back."""


class _WaitForLocks(RetryableConflict):
    """Every document of a chunk needs a lock another writer holds: the transaction (which took the free ones
    without waiting) is rolled back, and the next attempt waits for all of them in the global order."""


def _locked(conn: Any, todo: list[_Entry], learned: list[str], patience: dict[str, bool]) -> list[_Entry]:
    """Take the advisory locks (PostgreSQL) of the documents to write now, and return those documents.

    Locks another writer holds are not waited for when some documents of the chunk need none of them: those
    are written now, the others in a later transaction of the same chunk (by then the other writer has
    usually committed). A writer used to wait for the other's whole transaction whenever their chunks shared
    one band within the cap: 2,638 waits, 113 ms each, 298 s of the two writers' time on 100k generated
    reports. When every document needs a held lock, or on an attempt after one that found half way that it
    needed a held lock (`learned`), all of them are waited for, in one global order, by a transaction that
    holds none yet (waiting while holding locks taken out of that order could deadlock)."""
    names = [*(n for e in todo for n in e.locks), *learned]
    if learned or patience.get("wait"):
        advisory_locks(conn, names)
        return todo
    missed = try_advisory_locks(conn, names)
    now = [e for e in todo if missed.isdisjoint(e.locks)]
    if not now:
        patience["wait"] = True
        raise _WaitForLocks()
    return now


def _write_chunk(store: Store, todo: list[_Entry], after_save: AfterSave | None, *, isolate: bool = True,
                 learned: list[str] | None = None, patience: dict[str, bool] | None = None) -> list[_Entry]:
    """Save the documents (and what `after_save` adds) in one write transaction; returns those left for a
    later one (their locks were held by another writer: `_locked`). A write conflict re-runs the transaction
    (`retrying`). `isolate`: each document in a savepoint, so one that fails is rolled back alone;
    without, a failure rolls back the whole transaction and raises `_DocumentFailed` (the savepoints' two
    statements per document are then saved while nothing fails: see `_store_chunk`). `learned`: the locks
    an earlier attempt found it needed half way (`LocksNeeded`), taken up front with the others; a new
    `LocksNeeded` adds to it."""
    prepare = getattr(after_save, "prepare", None)
    learned = [] if learned is None else learned
    patience = {} if patience is None else patience
    with store.transaction() as conn:
        now = _locked(conn, todo, learned, patience)  # PostgreSQL: the advisory locks of the documents written now
        if not isolate:  # what each document's writes look up, read for the whole chunk under its locks
            docs = [e.item for e in now if isinstance(e.item, Document)]
            store.preload_documents(conn, docs)
            preload_bands(conn, docs)
        for e in now:
            e.outcome, e.failure, e.copy_of = "", None, None
            try:
                if isolate:
                    with conn.begin_nested():
                        _write_one(store, conn, e, after_save, prepare)
                else:
                    _write_one(store, conn, e, after_save, prepare)
            except Exception as exc:
                if isinstance(exc, LocksNeeded):
                    learned.extend(exc.names)
                if is_retryable(exc):
                    raise
                if not isolate:
                    raise _DocumentFailed() from exc
                _fail(e, exc)
    written = {id(e) for e in now}
    return [e for e in todo if id(e) not in written]


def _write_one(store: Store, conn: Any, e: _Entry, after_save: AfterSave | None, prepare: Any) -> None:
    doc = e.item
    assert isinstance(doc, Document)
    e.outcome = store.save_document(doc, conn)
    if e.outcome in ("ingested", "new_version", "reverted"):
        copy_of = mark_near_duplicate(conn, doc, doc.uid, reverted=e.outcome == "reverted")
        e.copy_of = copy_of if e.outcome != "reverted" else None
    if e.outcome != "unchanged" and after_save is not None:
        if prepare is not None:
            after_save(doc, conn, e.prepared)
        else:
            after_save(doc, conn)


def _store_chunk(store: Store, chunk: list[_Entry], after_save: AfterSave | None) -> None:
    try:
        refresh_statistics(store.engine)  # PostgreSQL: the lookups below plan from them
        todo = _prepare_chunk(store, chunk, after_save)
    except Exception as exc:  # the store itself failed: every document of the chunk not yet judged fails
        todo = [e for e in chunk if isinstance(e.item, Document) and not e.outcome and e.failure is None]
        for e in todo:
            _fail(e, exc)
        return
    if not todo:
        return
    while todo:  # one transaction, or a few when some documents' locks were held by another writer
        todo = _write_some(store, todo, after_save)


def _write_some(store: Store, todo: list[_Entry], after_save: AfterSave | None) -> list[_Entry]:
    """Write what `_locked` lets one transaction write of `todo`; returns the documents left."""
    learned: list[str] = []  # locks found needed half way by an attempt: the next takes them up front
    patience: dict[str, bool] = {}  # {"wait": True}: the next attempt waits for every lock (`_locked`)
    try:
        try:  # first without a savepoint per document (nearly every chunk: nothing fails) ...
            return retrying(lambda: _write_chunk(store, todo, after_save, isolate=False, learned=learned,
                                                 patience=patience))
        except _DocumentFailed:  # ... and when one failed, again with them: it is rolled back alone
            return retrying(lambda: _write_chunk(store, todo, after_save, isolate=True, learned=learned,
                                                 patience=patience))
    except Exception as exc:  # the transaction failed as a whole: none of its documents was stored
        for e in todo:
            e.outcome, e.copy_of = "", None
            if e.failure is None:
                _fail(e, exc)
        return []


def ingest(
    sources: Iterable[str],
    store: Store,
    options: ReadOptions | None = None,
    *,
    after_save: AfterSave | None = None,
    on_item: Callable[[str, str], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    chunk_docs: int = CHUNK_DOCS,
) -> IngestSummary:
    """Read every source and store its documents; `on_item(label, outcome)` reports progress and
    `on_error(error)` each failure (after each chunk of `chunk_docs` documents is written, in input order).
    No input ends the batch: an unexpected error in one document rolls back that document only and is
    reported as its failure. A crash loses at most the chunk being written; running again completes it."""
    return ingest_items(iter_items(sources, options), store, after_save=after_save, on_item=on_item, on_error=on_error,
                        chunk_docs=chunk_docs)


def ingest_items(
    items: Iterable[Item],
    store: Store,
    *,
    after_save: AfterSave | None = None,
    on_item: Callable[[str, str], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    chunk_docs: int = CHUNK_DOCS,
) -> IngestSummary:
    """`ingest` over items already read (e.g. one partition of a corpus on a cluster worker). Documents are
    written CHUNK_DOCS to a transaction, each in its own savepoint; progress is reported in input order."""
    summary = IngestSummary()
    chunk: list[_Entry] = []

    def flush() -> None:
        _store_chunk(store, chunk, after_save)
        for e in chunk:
            _account(summary, e, on_item, on_error)
        chunk.clear()

    for label, item in items:
        chunk.append(_Entry(label, item))
        if sum(isinstance(e.item, Document) for e in chunk) >= chunk_docs:
            flush()
    flush()
    return summary


def _account(summary: IngestSummary, e: _Entry, on_item: Callable[[str, str], None] | None,
             on_error: Callable[[IngestError], None] | None) -> None:
    item = e.item
    failure = item if isinstance(item, IngestError) else e.failure
    if failure is not None:
        summary.failed += 1
        summary.errors.append(failure)
        if on_error:
            on_error(failure)
        outcome = "failed"
    else:
        assert isinstance(item, Document)
        outcome = e.outcome
        summary.doc_ids.append(item.id)
        if outcome != "unchanged" and not is_english(item.language):
            summary.not_english[item.language or "und"] += 1
        if e.copy_of:
            summary.near_duplicates += 1
        if outcome == "ingested":
            summary.ingested += 1
        elif outcome == "new_version":
            summary.new_versions += 1
        elif outcome == "reverted":
            summary.reverted += 1
        else:
            summary.unchanged += 1
    if on_item:
        on_item(e.label, outcome)
