"""Ingesting a batch of sources into a store: one transaction per document, failures reported, never fatal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from flashpoint.errors import IngestError
from flashpoint.ingest.dedup import mark_near_duplicate
from flashpoint.ingest.language import is_english
from flashpoint.ingest.sources import Item, ReadOptions, read_source, unexpected
from flashpoint.models import Document
from flashpoint.store import Store
from flashpoint.store.db import retrying

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


def _store_one(store: Store, doc: Document, after_save: AfterSave | None, copies: dict[str, str | None]) -> str:
    """Save one document (and what `after_save` adds) in one write transaction, retried on conflicts."""
    if store.is_stored(doc):  # stored rows never go away: no need to prepare anything
        return "unchanged"
    prepare = getattr(after_save, "prepare", None)
    prepared = prepare(doc) if prepare is not None else None

    def write() -> str:
        with store.transaction() as conn:
            outcome = store.save_document(doc, conn)
            if outcome in ("ingested", "new_version"):
                copies[doc.id] = mark_near_duplicate(conn, doc, doc.uid)
            if outcome != "unchanged" and after_save is not None:
                if prepare is not None:
                    after_save(doc, conn, prepared)
                else:
                    after_save(doc, conn)
            return outcome

    return retrying(write)


def ingest(
    sources: Iterable[str],
    store: Store,
    options: ReadOptions | None = None,
    *,
    after_save: AfterSave | None = None,
    on_item: Callable[[str, str], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> IngestSummary:
    """Read every source and store its documents; `on_item(label, outcome)` reports progress and
    `on_error(error)` each failure as it happens. No input ends the batch: an unexpected error in one
    document rolls back that document only and is reported as its failure."""
    return ingest_items(iter_items(sources, options), store, after_save=after_save, on_item=on_item, on_error=on_error)


def ingest_items(
    items: Iterable[Item],
    store: Store,
    *,
    after_save: AfterSave | None = None,
    on_item: Callable[[str, str], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> IngestSummary:
    """`ingest` over items already read (e.g. one partition of a corpus on a cluster worker)."""
    summary = IngestSummary()
    for label, item in items:
        if isinstance(item, IngestError):
            summary.failed += 1
            summary.errors.append(item)
            if on_error:
                on_error(item)
            outcome = "failed"
        else:
            failure: IngestError | None = None
            try:
                copies: dict[str, str | None] = {}
                outcome = _store_one(store, item, after_save, copies)
            except IngestError as exc:
                failure = exc if exc.source else IngestError(exc.cause, exc.fix, source=label)
            except Exception as exc:  # one document's surprise is reported with its input; the batch goes on
                failure = unexpected(exc, label)
            else:
                summary.doc_ids.append(item.id)
                if outcome != "unchanged" and not is_english(item.language):
                    summary.not_english[item.language or "und"] += 1
                if copies.get(item.id):
                    summary.near_duplicates += 1
                if outcome == "ingested":
                    summary.ingested += 1
                elif outcome == "new_version":
                    summary.new_versions += 1
                elif outcome == "reverted":
                    summary.reverted += 1
                else:
                    summary.unchanged += 1
            if failure is not None:
                summary.failed += 1
                summary.errors.append(failure)
                if on_error:
                    on_error(failure)
                outcome = "failed"
        if on_item:
            on_item(label, outcome)
    return summary
