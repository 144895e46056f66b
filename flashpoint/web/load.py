"""Holding load: answers cached until the store changes, and a separate budget for heavy endpoints.

`ResultCache`: an answer is computed once per store version (`store_state` counters: events and analysts'
edits) and arguments; concurrent requests for the same answer wait for the one computation instead of
repeating it. Each server process keeps its own cache (bounded, least recently used out first).

`HeavyGate`: downloads, analysis, tallies and map data cost far more than a page of events. They get
their own per-client rate (HEAVY_PER_MINUTE) and at most HEAVY_CONCURRENT computations at once per process
(a cached answer passes without waiting); a request that cannot get a slot within HEAVY_WAIT_S gets 503 with
Retry-After, so cheap reads and analysts' writes always find a free thread.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa

T = TypeVar("T")

HEAVY_PER_MINUTE = int(os.environ.get("FLASHPOINT_HEAVY_PER_MINUTE", "120"))
HEAVY_CONCURRENT = int(os.environ.get("FLASHPOINT_HEAVY_CONCURRENT", "2"))
HEAVY_WAIT_S = 20.0


class ResultCache:
    """Answers computed once per store version and key, least recently used out first: at most `size` of them
    and, counting the answers that are bytes (whole responses), at most `max_bytes` bytes."""

    def __init__(self, engine: sa.Engine, size: int = 256, max_bytes: int = 64 * 2**20) -> None:
        self.engine = engine
        self.size, self.max_bytes = size, max_bytes
        self.bytes = 0
        self.entries: OrderedDict[Hashable, tuple[tuple[int, ...], Any]] = OrderedDict()
        self.locks: dict[Hashable, threading.Lock] = defaultdict(threading.Lock)
        self.guard = threading.Lock()

    def version(self, depends: tuple[str, ...] | None = None, counters: dict[str, int] | None = None) -> tuple[int, ...]:
        """The store counters `depends` names (None: all), read now or taken from `counters` (`counters()`)."""
        from flashpoint.store.events import version_of

        return version_of(self.counters() if counters is None else counters, depends)

    def counters(self) -> dict[str, int]:
        from flashpoint.store.events import store_counters

        return store_counters(self.engine)

    def peek(self, key: Hashable, depends: tuple[str, ...] | None = None,
             version: tuple[int, ...] | None = None) -> tuple[bool, Any]:
        """(True, answer) when a current answer for `key` is cached: one computed since the store last changed
        (with `depends`, since those store_state counters last changed). `version`: those counters as the
        caller just read them (`version(depends)`), to save reading them again."""
        if version is None:
            version = self.version(depends)
        with self.guard:
            hit = self.entries.get(key)
            if hit is not None and hit[0] == version:
                self.entries.move_to_end(key)
                return True, hit[1]
        return False, None

    def get(self, key: Hashable, compute: Callable[[], T], depends: tuple[str, ...] | None = None,
            version: tuple[int, ...] | None = None) -> T:
        found, value = self.peek(key, depends, version)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock(key) as lock, lock:  # one computation per answer; the others wait for it
            found, value = self.peek(key, depends)
            if found:
                return value  # type: ignore[no-any-return]
            version = self.version(depends)  # read before computing: an answer is never newer-labelled than its data
            value = compute()
            self._put(key, version, value)
            return value

    @contextmanager
    def _lock(self, key: Hashable) -> Iterator[threading.Lock]:
        """The lock of `key`'s computation; forgotten afterwards unless an answer is kept for it (a request
        that fails, such as an unknown event, leaves nothing behind)."""
        with self.guard:
            lock = self.locks[key]
        try:
            yield lock
        finally:
            with self.guard:
                if key not in self.entries:
                    self.locks.pop(key, None)

    def revalidate(self, key: Hashable, version: tuple[int, ...],
                   still: Callable[[tuple[int, ...], Any], bool]) -> bool:
        """A kept answer for `key` of other counters than `version` is relabelled with `version` when
        `still(its version, it)` says it is still the answer; True when `key` now has a current answer."""
        with self.guard:
            old = self.entries.get(key)
        if old is None:
            return False
        if old[0] == version:
            return True
        if not still(*old):
            return False
        with self.guard:
            if self.entries.get(key) is old:
                self.entries[key] = (version, old[1])
                self.entries.move_to_end(key)
                return True
        return False

    def get_labelled(self, key: Hashable, compute: Callable[[], tuple[tuple[int, ...], T]],
                     depends: tuple[str, ...] | None = None, version: tuple[int, ...] | None = None,
                     patch: Callable[[tuple[int, ...], Any], tuple[tuple[int, ...], T] | None] | None = None) -> T:
        """Like `get`, for answers computed together with the exact counters they were read under:
        `compute() -> (version, answer)`. A kept answer of earlier counters is first offered to
        `patch(its version, it) -> (version, answer)` (None: compute it again)."""
        found, value = self.peek(key, depends, version)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock(key) as lock, lock:
            found, value = self.peek(key, depends)
            if found:
                return value  # type: ignore[no-any-return]
            with self.guard:
                old = self.entries.get(key)
            got = patch(*old) if old is not None and patch is not None else None
            label, value = got if got is not None else compute()
            self._put(key, label, value)
            return value

    def _put(self, key: Hashable, version: tuple[int, ...], value: Any) -> None:
        with self.guard:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= _size(old[1])
            self.entries[key] = (version, value)
            self.bytes += _size(value)
            while self.entries and (len(self.entries) > self.size or self.bytes > self.max_bytes):
                gone, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= _size(dropped)
                self.locks.pop(gone, None)


def _size(value: Any) -> int:
    if isinstance(value, tuple):
        return sum(_size(v) for v in value)
    return len(value) if isinstance(value, bytes | str) else 0


class Overloaded(Exception):
    def __init__(self, retry_after: int, message: str) -> None:
        super().__init__(message)
        self.retry_after, self.message = retry_after, message


class HeavyGate:
    def __init__(self, per_minute: int = HEAVY_PER_MINUTE, concurrent: int = HEAVY_CONCURRENT,
                 wait_s: float = HEAVY_WAIT_S) -> None:
        self.per_minute, self.wait_s = per_minute, wait_s
        self.slots = threading.BoundedSemaphore(concurrent)
        self.hits: dict[str, deque[float]] = defaultdict(deque)
        self.guard = threading.Lock()

    def admit(self, client: str) -> None:
        """Count one heavy request of `client`; Overloaded when it is over its rate."""
        now = time.monotonic()
        with self.guard:
            q = self.hits[client]
            while q and now - q[0] > 60:
                q.popleft()
            if len(q) >= self.per_minute:
                raise Overloaded(int(60 - (now - q[0])) + 1, f"over {self.per_minute} heavy requests a minute")
            q.append(now)

    def run(self, compute: Callable[[], T]) -> T:
        """Run `compute` in one of the heavy slots (Overloaded when none frees up in time)."""
        if not self.slots.acquire(timeout=self.wait_s):
            raise Overloaded(5, "the server is busy with other heavy requests")
        try:
            return compute()
        finally:
            self.slots.release()


    def stream(self, chunks: Iterator[T]) -> Iterator[T]:
        """`chunks` (a streamed download) produced while holding a heavy slot."""
        if not self.slots.acquire(timeout=self.wait_s):
            raise Overloaded(5, "the server is busy with other heavy requests")

        def held() -> Iterator[T]:
            try:
                yield from chunks
            finally:
                self.slots.release()

        return held()


def cached_heavy(cache: ResultCache, gate: HeavyGate, key: Hashable, compute: Callable[[], T],
                 depends: tuple[str, ...] | None = None, version: tuple[int, ...] | None = None) -> T:
    """A cached answer at once; else computed in a heavy slot (and cached)."""
    found, value = cache.peek(key, depends, version)
    if found:
        return value  # type: ignore[no-any-return]
    return gate.run(lambda: cache.get(key, compute, depends))


def etag(key: Hashable, version: tuple[int, ...]) -> str:
    """A weak entity tag for the answer to `key` at this store version: it changes whenever the counters the
    answer depends on do, so a client holding it may reuse its copy while it still matches."""
    from flashpoint.store.answers import digest

    return f'W/"{digest(key, version)}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an If-None-Match header names `tag` (weak comparison, as RFC 9110 asks for GET) or is `*`."""
    if not if_none_match:
        return False
    opaque = tag.removeprefix("W/")
    for part in if_none_match.split(","):
        part = part.strip()
        if part == "*" or part.removeprefix("W/") == opaque:
            return True
    return False
