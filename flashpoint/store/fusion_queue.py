"""Queueing mentions for fusion (`store.fusion`), in the transaction of the change that made them come or go."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from flashpoint.store import schema


def block_expr() -> Any:
    """A mention's fusion block (event type | country) in SQL."""
    m = schema.mentions
    return m.c.event_type + "|" + sa.func.coalesce(m.c.country, "-")


def enqueue_documents(conn: sa.Connection, doc_uids: list[str]) -> None:
    """Queue the mentions of these document versions (they came, went, or may have changed)."""
    m = schema.mentions
    conn.execute(schema.fusion_queue.insert().from_select(
        ["mention_id", "block", "kind"],
        sa.select(m.c.id, block_expr(), sa.literal("m")).where(m.c.doc_uid.in_(doc_uids)).order_by(m.c.id),
    ))
