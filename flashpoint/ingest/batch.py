"""Ingesting a batch of sources into a store: one transaction per document, failures reported, never fatal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from flashpoint.errors import IngestError
from flashpoint.ingest.sources import Item, ReadOptions, read_source
from flashpoint.models import Document
from flashpoint.store import Store

# Called inside the document's transaction after it is saved (e.g. to store extracted events).
AfterSave = Callable[[Document, sa.Connection], None]


@dataclass
class IngestSummary:
    ingested: int = 0
    new_versions: int = 0
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


def ingest(
    sources: Iterable[str],
    store: Store,
    options: ReadOptions | None = None,
    *,
    after_save: AfterSave | None = None,
    on_item: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Read every source and store its documents; `on_item(label, outcome)` reports progress."""
    summary = IngestSummary()
    for label, item in iter_items(sources, options):
        if isinstance(item, IngestError):
            summary.failed += 1
            summary.errors.append(item)
            outcome = "failed"
        else:
            try:
                with store.engine.begin() as conn:
                    outcome = store.save_document(item, conn)
                    if outcome != "unchanged" and after_save is not None:
                        after_save(item, conn)
            except IngestError as exc:
                summary.failed += 1
                summary.errors.append(exc)
                outcome = "failed"
            else:
                summary.doc_ids.append(item.id)
                if outcome == "ingested":
                    summary.ingested += 1
                elif outcome == "new_version":
                    summary.new_versions += 1
                else:
                    summary.unchanged += 1
        if on_item:
            on_item(label, outcome)
    return summary
