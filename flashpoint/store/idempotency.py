"""Idempotency keys: a client that got no answer to a write sends it again with the same key and the
write is applied once. The key is stored in the write's own transaction (so either both are stored or
neither); a replay answers from what the first request did."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flashpoint.store import schema

MAX_KEY = 200


@dataclass
class Remembered:
    fingerprint: str
    status: int
    response: dict[str, Any]


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def lookup(engine: sa.Engine, key: str, username: str) -> Remembered | None:
    t = schema.idempotency_keys
    with engine.connect() as c:
        r = c.execute(sa.select(t).where(t.c.key == key, t.c.username == username)).first()
    return Remembered(r.fingerprint, r.status, json.loads(r.response)) if r else None


def remember(conn: sa.Connection, key: str, username: str, fp: str, response: dict[str, Any], status: int = 200) -> None:
    """Store the key with the write (a second request with the same key makes this insert fail, and its
    transaction with it)."""
    conn.execute(schema.idempotency_keys.insert().values(
        key=key, username=username, fingerprint=fp, status=status, response=json.dumps(response, default=str),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
