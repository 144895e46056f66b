"""Answers of display views kept in the store across server restarts, valid until the store changes.

A dashboard's first screen (map clusters, timeline bins, the first page, the reciprocity table) is a few
aggregate queries over the whole store, and its answers change only when the store does. `AnswerStore`
keeps each answer in the `view_answers` table under a version: the store's counters (`store_state`,
bumped in the same transaction as every change to events or analysts' edits) plus a digest of what else
the answer depends on (flashpoint's version, the active profile, the views' answer format). So a freshly
started server answers a store it has answered before from one row by key, and any ingest, fusion or
review makes every kept answer stale: never served again, replaced when next asked, removed on the next
write.

Writes run on one background thread: a reader never waits for the store's write lock, and a store that
cannot be written (read-only file, a busy writer past the timeout) only loses the keeping, never the
answer. At most `max_rows` rows are kept, the oldest written out first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import sqlalchemy as sa

from flashpoint.store import schema

__all__ = ["FORMAT", "AnswerStore", "digest"]

T = TypeVar("T")
log = logging.getLogger(__name__)

FORMAT = 1  # the display views' answer format: bump when an answer changes shape, so older rows go stale


def digest(*parts: Any) -> str:
    """A stable short digest of `parts` (their repr)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class AnswerStore:
    """Answers kept in `view_answers` under the store's version and `context` (what else they depend on)."""

    def __init__(self, engine: sa.Engine, context: str = "", *, max_rows: int = 500) -> None:
        self.engine, self.context, self.max_rows = engine, context, max_rows
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="view-answers")
        self.pending: list[Future[None]] = []
        self.guard = threading.Lock()
        self.hits = self.misses = 0

    def version(self) -> str:
        from flashpoint.store.events import store_version

        return f"{FORMAT}:{self.context}:" + ".".join(str(v) for v in store_version(self.engine))

    def load(self, key: Hashable, version: str | None = None) -> tuple[bool, Any]:
        """(True, answer) when an answer for `key` is kept under the current version, else (False, None)."""
        t = schema.view_answers
        version = version or self.version()
        with self.engine.connect() as c:
            row = c.execute(sa.select(t.c.answer).where(t.c.key == digest(key), t.c.version == version)).first()
        if row is None:
            return False, None
        return True, json.loads(row.answer)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for `key` when it is current; else `compute()`, kept for next time."""
        version = self.version()  # read before computing: an answer is never newer-labelled than its data
        found, value = self.load(key, version)
        if found:
            self.hits += 1
            return value  # type: ignore[no-any-return]
        self.misses += 1
        t0 = time.perf_counter()
        value = compute()
        cost_ms = int((time.perf_counter() - t0) * 1000)
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            return value  # not plain JSON: answered, not kept
        fut = self.writer.submit(self._write, digest(key), version, text, cost_ms)
        with self.guard:
            self.pending = [f for f in self.pending if not f.done()] + [fut]
        return value

    def _write(self, key: str, version: str, text: str, cost_ms: int) -> None:
        from flashpoint.store.db import write_transaction

        t = schema.view_answers
        try:
            with write_transaction(self.engine) as c:
                c.execute(t.delete().where(sa.or_(t.c.version != version, t.c.key == key)))
                c.execute(t.insert().values(key=key, version=version, answer=text, cost_ms=cost_ms,
                                            stored_at=dt.datetime.now(dt.UTC).isoformat()))
                n = int(c.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                if n > self.max_rows:
                    old = sa.select(t.c.key).order_by(t.c.stored_at).limit(n - self.max_rows)
                    c.execute(t.delete().where(t.c.key.in_(old.scalar_subquery())))
        except sa.exc.SQLAlchemyError as exc:  # a cache: losing a row costs a recomputation, nothing else
            log.info("view answer not kept: %s", exc)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait for the answers being written (tests; a server need not)."""
        with self.guard:
            pending, self.pending = self.pending, []
        for f in pending:
            f.result(timeout=timeout)

    def clear(self) -> int:
        """Forget every kept answer; returns how many there were."""
        from flashpoint.store.db import write_transaction

        self.flush()
        with write_transaction(self.engine) as c:
            return int(c.execute(schema.view_answers.delete()).rowcount or 0)
