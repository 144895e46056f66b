"""Near-duplicate marks under concurrent writers on PostgreSQL: two writers, each in its own transaction,
store reports whose marks depend on each other at the same moment. The first holds its transaction open
(after its report's marks are written) while the second runs; the store must end with the marks one writer
storing the same reports one after the other gives.

The reports' MinHash signatures are chosen (the sketch of their text is replaced) so that they share
exactly the bands each case needs: building texts whose hashes collide so would be luck, not a test."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import flashpoint.ingest.dedup as dedup
from flashpoint.ingest.batch import ingest_items
from flashpoint.models import Document
from flashpoint.store import open_store
from tests.conftest import Databases

pytestmark = pytest.mark.postgres

DAY = dt.date(2024, 5, 1)


class Signatures:
    """Reports with chosen signatures: each gets its own random values, and the bands named in `shares`
    take the values of that group (so every report given a group's band has the same key there)."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(5)
        self.groups: dict[str, np.ndarray] = {}
        self.sketches: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}

    def doc(self, name: str, *, size: int, day: int, shares: dict[int, str], copy_of: str | None = None) -> Document:
        if copy_of is not None:  # the very signature of another report
            sig = self.sketches[f"body of {copy_of}"][1].copy()
        else:
            sig = self.rng.integers(0, (1 << 31) - 1, dedup.N_HASH).astype(np.uint64)
            for band, group in shares.items():
                values = self.groups.setdefault(group, self.rng.integers(0, (1 << 31) - 1, dedup.ROWS).astype(np.uint64))
                sig[band * dedup.ROWS:(band + 1) * dedup.ROWS] = values
        body = f"body of {name}"
        self.sketches[body] = (np.zeros(size, dtype=np.uint64), sig, dedup.band_keys(sig))
        return Document(id=name, source="test", body=body, raw=body, format="text",
                        url=f"https://{name}.example.org/", published=DAY + dt.timedelta(days=day))

    def sketch(self, text: str) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
        return self.sketches.get(text)


@pytest.fixture
def pg(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Databases, Signatures]]:
    dbs = Databases("postgresql", tmp_path)
    sigs = Signatures()
    monkeypatch.setattr(dedup, "_sketch", sigs.sketch)
    yield dbs, sigs
    dbs.close()


def _marks(url: str) -> dict[str, str | None]:
    return {d.doc_id: d.dup_of for d in open_store(url).documents()}


def _sequential(url: str, docs: list[Document]) -> dict[str, str | None]:
    store = open_store(url)
    for d in docs:
        summary = ingest_items([(d.id, d)], store)
        assert summary.ok, summary.errors
    return _marks(url)


def _race(url: str, setup: list[Document], first: Document, second: Document, pause_s: float = 1.5) -> dict[str, str | None]:
    """Store `setup`, then `first` with one writer whose transaction stays open (its marks written) while
    another writer stores `second` (given `pause_s` to finish), then let the first commit."""
    a, b = open_store(url), open_store(url)
    assert ingest_items(((d.id, d) for d in setup), a, chunk_docs=8).ok
    wrote, go = threading.Event(), threading.Event()
    errors: list[Any] = []

    def hold(doc: Document, _conn: Any) -> None:
        wrote.set()
        go.wait(30)

    def run(store: Any, doc: Document, after: Callable[..., None] | None) -> None:
        try:
            summary = ingest_items([(doc.id, doc)], store, after_save=after)
            errors.extend(summary.errors)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    ta = threading.Thread(target=run, args=(a, first, hold))
    ta.start()
    assert wrote.wait(30)
    tb = threading.Thread(target=run, args=(b, second, None))
    tb.start()
    tb.join(pause_s)  # unlocked, the second writer finishes here without seeing the first's report
    go.set()
    ta.join(60)
    tb.join(60)
    assert not ta.is_alive() and not tb.is_alive() and not errors, errors
    return _marks(url)


def test_two_writers_tipping_the_two_bands_that_link_a_pair_over_the_cap(pg, monkeypatch):
    """R is a copy of O through two bands, K and J, each one report short of going over the cap. One writer
    stores a report that tips K, the other one that tips J: each alone would leave the link through the
    other band, both together leave none. Each writer must judge whether the other band still links the
    pair under that band's lock, or both keep the mark."""
    dbs, sigs = pg
    monkeypatch.setattr(dedup, "BAND_CAP", 4)
    o = sigs.doc("o", size=1000, day=0, shares={0: "K", 1: "J"})
    r = sigs.doc("r", size=100, day=1, shares={0: "K", 1: "J"})
    fill = [sigs.doc(f"k{i}", size=100, day=5, shares={0: "K"}) for i in range(2)]
    fill += [sigs.doc(f"j{i}", size=100, day=5, shares={1: "J"}) for i in range(2)]
    tip_k = sigs.doc("tip-k", size=100, day=6, shares={0: "K"})
    tip_j = sigs.doc("tip-j", size=100, day=6, shares={1: "J"})
    setup = [o, r, *fill]
    assert _sequential(dbs("before"), setup)["r"] == "o"
    want = _sequential(dbs("sequential"), [*setup, tip_k, tip_j])
    assert want["r"] is None  # K and J are both over the cap: nothing links r to o any more
    assert _race(dbs("race"), setup, tip_k, tip_j) == want


def test_two_writers_following_one_report_to_their_own_earlier_copies(pg):
    """C is a copy of two earlier, fuller reports stored by two writers at once through different bands
    (they are no copies of each other). C's original must be the earlier of the two whichever commits
    last: the second writer's update of C, waiting for the first's, must not overwrite it blindly."""
    dbs, sigs = pg
    c = sigs.doc("c", size=100, day=10, shares={0: "a0", 1: "a1", 2: "a2", 3: "b3", 4: "b4", 5: "b5"})
    earliest = sigs.doc("earliest", size=1000, day=1, shares={0: "a0", 1: "a1", 2: "a2"})
    early = sigs.doc("early", size=1000, day=2, shares={3: "b3", 4: "b4", 5: "b5"})
    want = _sequential(dbs("sequential"), [c, earliest, early])
    assert want == {"c": "earliest", "earliest": None, "early": None}
    assert _race(dbs("race"), [c], earliest, early) == want


def test_two_writers_storing_the_same_wire_copy_whose_bands_are_all_over_the_cap(pg, monkeypatch):
    """Two outlets' copies of one wire story (the very same signature) stored at once, every band of it
    already over the cap (boilerplate): only the signature's own key links them, so it must be locked."""
    dbs, sigs = pg
    monkeypatch.setattr(dedup, "BAND_CAP", 4)
    x = sigs.doc("x-first", size=100, day=1, shares={b: f"x{b}" for b in range(dedup.BANDS)})
    x2 = sigs.doc("x-second", size=100, day=2, shares={}, copy_of="x-first")
    fill = [sigs.doc(f"f{g}-{i}", size=100, day=0, shares={b: f"x{b}" for b in range(5 * g, 5 * g + 5)})
            for g in range(4) for i in range(5)]
    want = _sequential(dbs("sequential"), [*fill, x, x2])
    assert want["x-second"] == "x-first"
    assert _race(dbs("race"), fill, x, x2) == want


def test_a_chunk_writes_the_documents_whose_locks_are_free_while_another_writer_holds_one(pg):
    """One document of a chunk shares a band with what another writer holds locked: the chunk's other
    documents are written (committed, visible) meanwhile, that one once the other writer commits."""
    import sqlalchemy as sa

    from flashpoint.store.db import advisory_locks

    dbs, sigs = pg
    url = dbs("split")
    held = sigs.doc("held", size=100, day=1, shares={0: "S"})
    free = [sigs.doc(f"free{i}", size=100, day=1, shares={}) for i in range(2)]
    other, writer = open_store(url), open_store(url)
    key = sigs.sketches["body of held"][2][0]
    done: list[Any] = []

    def visible() -> set[str]:
        with writer.engine.connect() as c:
            return {r[0] for r in c.execute(sa.text("SELECT doc_id FROM documents"))}

    with other.transaction() as conn:
        advisory_locks(conn, [f"band:{key}"])
        t = threading.Thread(target=lambda: done.append(ingest_items(((d.id, d) for d in [held, *free]), writer)))
        t.start()
        deadline = time.monotonic() + 20
        while visible() != {"free0", "free1"} and time.monotonic() < deadline:
            time.sleep(0.05)
        assert visible() == {"free0", "free1"}  # written while the lock is held elsewhere; "held" waits
        assert t.is_alive()
    t.join(30)
    assert not t.is_alive() and done[0].ok and done[0].ingested == 3
    assert visible() == {"held", "free0", "free1"}
