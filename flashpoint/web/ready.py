"""Ready answers: a kept GET answer served as bytes before any routing.

A JSON answer the API keeps whole (routes.json_answer, the map) is remembered here under the request's own
path and query string (`ReadyIndex.remember`). A later GET of exactly that path and query is answered by
`ReadyAnswers`, an ASGI layer just inside the rate limit and login check (`app.Guard`), without FastAPI's
routing, parameter validation, dependencies and thread hops (about half of a kept answer's cost), when the
kept answer is current: labelled with the store counters it depends on as they are now. The counters are
read for every request, as the route reads them, so a write by any server process or command is seen at
once; an If-None-Match naming the current entity tag is answered 304 as the route would.

An answer kept from before analysts' edits, and nothing else, changed the store (its `shown` events listed
with it: lists and one event) is served here too when none of those edits touched the events it shows
(`edits_then`, then the events' `changed` stamps: one read by primary key), as the route would serve it.

Everything else goes on to the route, which answers as before and keeps its answer for next time: a path
and query never answered, an answer no longer current (the route recomputes, revalidates or patches it),
a reader with a session cookie when the answer depends on who reads it (analysts' names), a heavy request
over its client's rate (the route answers 429), an answer whose arguments were resolved against the store
(`key_from_store`: its key itself may change with the store), any error reading the counters.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, MutableMapping
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import sqlalchemy as sa

from flashpoint.store import schema
from flashpoint.store.events import edited_since, version_of
from flashpoint.web.load import HeavyGate, Overloaded, ResultCache, etag, matches

Scope = MutableMapping[str, Any]
INDEX_SIZE = 16_384  # paths and queries remembered per server process (least recently used out first)
# Counters only analysts' edits bump (with the edited events' `changed` stamps): see `edits_then`.
EDIT_COUNTERS = ("edits", "fatalities")


def edits_then(counters: dict[str, int], was_version: tuple[int, ...]) -> int | None:
    """The "edits" counter an answer kept under `was_version` (every counter, by name) was made at, when only
    analysts' edits changed the store since (EDIT_COUNTERS); else None (the answer must be made again)."""
    names = sorted(counters)
    if len(was_version) != len(names):
        return None
    was = dict(zip(names, was_version, strict=True))
    if any(counters[k] != was[k] for k in names if k not in EDIT_COUNTERS):
        return None
    return was["edits"]


@dataclass(frozen=True)
class Ready:
    """Where a request's answer is kept: its key in the response cache, the store counters it depends on
    (None: all), whether it depends on who reads it (`personal`: then only anonymous readers are served
    here), whether it counts as a heavy request (`heavy`: the client's heavy rate is checked) and whether it
    is kept with the events it shows (`shown`: (bytes, event ids), for `edits_then`)."""

    key: Hashable
    depends: tuple[str, ...] | None
    personal: bool
    heavy: bool = False
    shown: bool = False


def _target(scope: Scope) -> tuple[str, bytes]:
    return scope["path"], scope.get("query_string", b"")


def _has_session(scope: Scope, cookie: str) -> bool:
    needle = cookie.encode() + b"="
    return any(k == b"cookie" and needle in v for k, v in scope.get("headers") or [])


class CounterReader:
    """The store's counters (`store_state`) and events' `changed` stamps, read for the ready path on a
    connection of its own in autocommit (never waiting for the pool, never holding a snapshot, no ROLLBACK
    after): SQLite (a file) on the event loop's thread (a few microseconds); PostgreSQL (psycopg) without
    blocking the loop, on an asynchronous connection (one per event loop and server process: count it in
    max_connections). Otherwise, or for PG_RETRY_S after that connection failed, on a worker thread with a
    pooled connection, as the routes read them."""

    PG_RETRY_S = 10.0

    def __init__(self, engine: sa.Engine, cache: ResultCache) -> None:
        self.engine, self.cache = engine, cache
        path = engine.url.database if engine.dialect.name == "sqlite" else None
        self.path = path if path and path != ":memory:" and not path.startswith("file:") else None
        self.conn: sqlite3.Connection | None = None
        self.lock = threading.Lock()
        self.pg = (engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
                   if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg" else None)
        self.pg_conn: tuple[asyncio.AbstractEventLoop, asyncio.Lock, list[Any]] | None = None
        self.pg_failed_at = -float("inf")

    async def read(self) -> dict[str, int]:
        rows = await self._rows(f"SELECT key, value FROM {schema.store_state.name}", ())
        if rows is None:
            return await anyio.to_thread.run_sync(self.cache.counters)
        return {str(k): int(v) for k, v in rows}

    async def edited_since(self, event_ids: list[str], edits: int) -> bool:
        """`store.events.edited_since`, read as `read` reads the counters."""
        if not event_ids:
            return False
        ev = schema.events
        rows = await self._rows(f"SELECT {ev.c.changed.name} FROM {ev.name} WHERE {ev.c.id.name} IN "
                                f"({', '.join('?' * len(event_ids))})", event_ids)
        if rows is None:
            return bool(await anyio.to_thread.run_sync(edited_since, self.engine, event_ids, edits))
        return len(rows) != len(set(event_ids)) or any(r[0] is not None and r[0] > edits for r in rows)

    async def _rows(self, sql: str, params: Any) -> list[Any] | None:
        """The rows of `sql` (`?` placeholders) on the ready path's own connection; None without one."""
        if self.path is not None:
            return self._sqlite_rows(sql, params)
        if self.pg is not None and time.monotonic() - self.pg_failed_at > self.PG_RETRY_S:
            return await self._pg_rows(sql.replace("?", "%s"), params)
        return None

    def _sqlite_rows(self, sql: str, params: Any) -> list[Any]:
        with self.lock:
            try:
                if self.conn is None:
                    self.conn = sqlite3.connect(self.path or "", timeout=0.1, isolation_level=None,
                                                check_same_thread=False)
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error:
                self.close()
                raise

    async def _pg_rows(self, sql: str, params: Any) -> list[Any]:
        import psycopg

        loop = asyncio.get_running_loop()
        if self.pg_conn is None or self.pg_conn[0] is not loop:  # (a test client runs a loop per request)
            self.pg_conn = (loop, asyncio.Lock(), [])
        _, lock, held = self.pg_conn
        async with lock:  # one statement at a time on the connection
            try:
                if not held or held[0].closed:
                    held[:] = [await psycopg.AsyncConnection.connect(self.pg or "", autocommit=True)]
                cur = await held[0].execute(sql, params)
                return await cur.fetchall()
            except psycopg.Error:
                if held:
                    await held.pop().close()
                self.pg_failed_at = time.monotonic()
                raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class ReadyIndex:
    """Request targets (path, query string) whose answers the routes keep, and where each is kept."""

    def __init__(self, responses: ResultCache, heavy: Callable[[], HeavyGate], cookie: str,
                 size: int = INDEX_SIZE) -> None:
        """`heavy()`: the app's HeavyGate (app.state.heavy, looked up for each request)."""
        self.responses, self.heavy, self.cookie, self.size = responses, heavy, cookie, size
        self.targets: OrderedDict[tuple[str, bytes], Ready] = OrderedDict()
        self.guard = threading.Lock()
        self.reader = CounterReader(responses.engine, responses)
        self.served = self.passed = 0  # answers given here, requests passed on to the routes (tests, diagnostics)

    def remember(self, scope: Scope, ready: Ready) -> None:
        """Called by a route that answered `scope` (a GET) from the response cache entry `ready.key`. A personal
        answer is remembered only as an anonymous reader's (the only reader `lookup` serves it to)."""
        if scope.get("method") != "GET" or scope.get("state", {}).get("key_from_store"):
            return
        if ready.personal and _has_session(scope, self.cookie):
            return
        target = _target(scope)
        with self.guard:
            self.targets[target] = ready
            self.targets.move_to_end(target)
            while len(self.targets) > self.size:
                self.targets.popitem(last=False)

    def lookup(self, scope: Scope) -> Ready | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        with self.guard:
            ready = self.targets.get(_target(scope))
        if ready is None or (ready.personal and _has_session(scope, self.cookie)):
            return None
        return ready


class ReadyAnswers:
    """The ASGI layer that answers from `ReadyIndex` (see the module's docstring), else calls the app."""

    def __init__(self, app: Any, *, index: ReadyIndex, client_of: Callable[[Scope], str]) -> None:
        self.app, self.index, self.client_of = app, index, client_of

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        ready = self.index.lookup(scope) if scope["type"] == "http" else None
        answer = None if ready is None else await self._answer(scope, ready)
        if answer is None:
            self.index.passed += ready is not None
            await self.app(scope, receive, send)
            return
        self.index.served += 1
        status, headers, body = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, ready: Ready) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        try:
            counters = await self.index.reader.read()
        except Exception:  # noqa: BLE001 - the route reads them again and reports what is wrong
            return None
        version = version_of(counters, ready.depends)
        tag = etag(ready.key, version)
        headers = [(b"etag", tag.encode()), (b"cache-control", b"no-cache"), (b"vary", b"Cookie")]
        asked = next((v for k, v in scope.get("headers") or [] if k == b"if-none-match"), None)
        if asked is not None and matches(asked.decode("latin-1"), tag):
            answer: tuple[int, list[tuple[bytes, bytes]], bytes] = (304, headers, b"")
        else:
            found, value = self.index.responses.peek(ready.key, ready.depends, version)
            if not found and ready.shown and ready.depends is None:
                found, value = await self._still(ready.key, counters, version)
            body = value[0] if found and isinstance(value, tuple) else value
            if not found or not isinstance(body, bytes):
                return None
            answer = (200, [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json"),
                            *headers], body)
        if ready.heavy:  # counted as the route counts it, 304s included
            try:
                self.index.heavy().admit(self.client_of(scope))
            except Overloaded:
                return None  # the route answers 429 (a refused request is not counted)
        return answer

    async def _still(self, key: Hashable, counters: dict[str, int], version: tuple[int, ...]) -> tuple[bool, Any]:
        """The kept answer for `key`, relabelled with `version`, when only edits that left its events alone
        came since it was made (as routes.json_answer revalidates it); else (False, None)."""
        responses = self.index.responses
        with responses.guard:
            old = responses.entries.get(key)
        if old is None or not isinstance(old[1], tuple) or old[1][1] is None:
            return False, None
        edits = edits_then(counters, old[0])
        try:
            if edits is None or await self.index.reader.edited_since(old[1][1], edits):
                return False, None
        except Exception:  # noqa: BLE001 - the route checks again
            return False, None
        if not responses.revalidate(key, version, lambda was, kept: kept is old[1]):
            return False, None
        return True, old[1]
