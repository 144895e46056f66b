"""Near-duplicate reports: syndicated wire copy published by several outlets is one source, not many.

Each stored report gets a MinHash signature of its 5-word shingles (60 hash functions) and 20 band keys
of 3 values each (locality-sensitive hashing): a new report looks up the reports that share a band key
(an indexed lookup: the cost does not grow with the store) and compares signatures. It is a near-duplicate
when the estimated share of its shingles found in the other report (containment, from the Jaccard
estimate and both sizes) is at least CONTAINMENT: a copy with another headline, a trimmed end or an
added line still counts. Reports under MIN_SHINGLES shingles are too short to judge.

A band key that more than BAND_CAP stored reports have is uninformative (boilerplate many reports repeat,
like a stop word): nothing is compared through it and nothing more is added to it, so a lookup reads at
most 20 * BAND_CAP candidates however large the store. Reports with the very same signature are linked
whatever the cap (a wire story carried word for word by hundreds of outlets).

`documents.dup_of` names a report's original: the earliest (published, then fullest, then smallest id) of
its near-duplicates, when that one precedes it. It depends only on which reports are stored, never on the
order they came in (single process, workers or a cluster give the same marks); `mark_near_duplicate`
keeps it so at a cost bounded by the report's neighbours. Fusion counts copies as one publisher
(flashpoint.fuse.consensus.independent_sources).
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import sqlalchemy as sa

from flashpoint.store import plain, schema
from flashpoint.store.db import RetryableConflict, holds_lock, more_advisory_locks

SHINGLE = 5
BANDS, ROWS = 20, 3
N_HASH = BANDS * ROWS
MIN_SHINGLES = 20
CONTAINMENT = 0.7
# A band key shared by more than BAND_CAP stored reports says nothing about any pair of them (boilerplate
# many reports repeat, like a stop word): no report is compared through it any more and no row is added to
# it, so a lookup reads at most 20 * BAND_CAP candidates whatever the store's size. Whether a band is over
# the cap depends only on how many stored reports have it (never on their order).
BAND_CAP = 64
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20240205)
_A = _rng.integers(1, _PRIME, N_HASH, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, N_HASH, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> np.ndarray:
    """The distinct 5-word shingles of a text, hashed to 31 bits."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}
    return np.array(sorted(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") % _PRIME
                           for g in grams), dtype=np.uint64)


def signature(sh: np.ndarray) -> np.ndarray:
    """The MinHash signature: per hash function, the smallest (a*x + b) mod p over the shingles."""
    return ((_A[:, None] * sh[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def band_keys(sig: np.ndarray) -> list[str]:
    return [f"{b:02d}{hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for b in range(BANDS)]


def exact_key(sig: np.ndarray) -> str:
    """The key of the whole signature: reports that have it are copies (containment 1) whatever the cap."""
    return f"xx{hashlib.blake2b(sig.tobytes(), digest_size=11).hexdigest()}"


def containment(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> float:
    """Estimated share of the smaller report's shingles found in the other."""
    j = float(np.mean(sig_a == sig_b))
    return min(1.0, j * (n_a + n_b) / ((1 + j) * min(n_a, n_b))) if j else 0.0


def _published(day: Any) -> str | None:
    """A report's date as `documents.published` holds it."""
    return day.isoformat() if hasattr(day, "isoformat") else day


def _rank(published: Any, n_shingles: int, doc_id: str) -> tuple[str, int, str]:
    """Which report of a group of copies is the original: the earliest published, then the fullest text
    (copies trim and prefix), then the smallest id. Not the first stored: the result must not depend on the
    order reports arrive in."""
    day = published.isoformat() if hasattr(published, "isoformat") else (published or "")
    return (day or "9999-12-31", -n_shingles, doc_id)


class Candidate(NamedTuple):
    """A stored report that shares a band key with a new one: what choosing the group's original reads."""

    doc_id: str
    dup_of: str | None
    published: str | None
    n_shingles: int
    uid: str = ""


def _matches_by_query(conn: sa.Connection, keys: list[str], sig: np.ndarray, n: int,
                      doc_id: str) -> list[tuple[float, Candidate]]:
    """(containment, candidate) for every latest report of another page sharing a band key, read from the
    store each time (the reference `BandIndex.matches` equals; its cost grows with the band's members)."""
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    rows = conn.execute(
        sa.select(d.c.uid, d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles, s.c.signature)
        .join(s, s.c.doc_uid == d.c.uid)
        .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band.in_(keys))), d.c.doc_id != doc_id,
               d.c.is_latest.is_(True))
    ).all()
    return [(containment(sig, n, np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64), r.n_shingles),
             Candidate(r.doc_id, r.dup_of, r.published, r.n_shingles, r.uid)) for r in rows]


USE_BAND_INDEX = True  # False: read every candidate's signature from the store each time (the reference)
INDEX_MAX_REPORTS = 1_000_000  # a process's signature cache starts afresh beyond this (about 0.6 GB)
_TENTATIVE = "fp_band_index_tentative"  # conn.info: uids cached from reads inside the open transaction
_CAPPED = "fp_band_index_capped"  # conn.info: bands seen over the cap inside the open transaction


class BandIndex:
    """The signatures, sizes, ids and dates one process has read of the reports of one store (none of
    which changes once a report is committed; documents are never deleted).

    Boilerplate that many reports share (a wire service's sign-off, a generator's filler sentences) makes
    some bands hold many reports, and reading all their members' signatures for every new report made
    ingest cost grow with the store. A lookup reads only the band rows of the new report's bands within the
    cap (at most BAND_CAP each, from the covering primary key: no signatures), reads the signatures of
    members it has not seen before (each report once per process), compares them in one vectorised step,
    and reads from the store only the mutable facts (latest version, `dup_of`) of the few reports over the
    threshold. The answer is the one `_matches_by_query` gives.

    Memory is about 0.6 KB per report cached (its signature and ids); band membership is not kept (most
    band keys belong to one report, and holding every key seen cost more than the signatures). Reports
    read inside a write transaction may not be committed: a rollback (of the transaction or a savepoint)
    forgets them, since a later report may reuse their uid with another text."""

    def __init__(self) -> None:
        self.capped: set[str] = set()  # band keys seen over the cap: they stay over it (rows are never removed)
        self.pos: dict[str, int] = {}  # doc uid -> row of the arrays below
        self.uids: list[str] = []
        self.doc_ids: list[str] = []
        self.published: list[str | None] = []
        self.sizes = np.zeros(1024, dtype=np.int64)
        self.sigs = np.zeros((1024, N_HASH), dtype=np.uint64)

    def load(self, conn: sa.Connection, uids: Iterable[str], *, committed: bool = False) -> None:
        """Cache the reports among `uids` not cached yet. `committed`: `conn` has written nothing (a read
        before the write transaction), so every report read is committed and stays."""
        missing = sorted({u for u in uids if u not in self.pos})
        if not missing:
            return
        tentative = None if committed else conn.info.setdefault(_TENTATIVE, [])
        for i in range(0, len(missing), 500):
            for r in conn.execute(_REPORTS, {"uids": missing[i:i + 500]}):
                self._append(r.doc_uid, r.doc_id, r.published, r.n_shingles,
                             np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64))
                if tentative is not None:
                    tentative.append(r.doc_uid)

    def forget(self, uids: Iterable[str]) -> None:
        """Drop these reports from the cache (their rows stay in the arrays, unreachable)."""
        for u in uids:
            self.pos.pop(u, None)

    def matches(self, conn: sa.Connection, uids: Iterable[str], sig: np.ndarray, n: int,
                doc_id: str) -> list[tuple[float, Candidate]]:
        """(containment, candidate) for the latest reports of other pages among `uids` (the members of a new
        report's bands) whose containment reaches CONTAINMENT: what `_matches_by_query` finds, less those
        under the threshold."""
        uids = set(uids)
        self.load(conn, uids)
        rows = np.array(sorted(self.pos[u] for u in uids if u in self.pos), dtype=np.int64)
        if not len(rows):
            return []
        j = (self.sigs[rows] == sig).sum(axis=1) / N_HASH
        sizes = self.sizes[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            est = j * (n + sizes) / ((1 + j) * np.minimum(n, sizes))
        near = rows[(j > 0) & (est >= CONTAINMENT - 1e-9)]  # a margin; the exact figure is taken below
        scored = [(containment(sig, n, self.sigs[k], int(self.sizes[k])), int(k)) for k in near]
        scored = [(c, k) for c, k in scored if c >= CONTAINMENT and self.doc_ids[k] != doc_id]
        if not scored:
            return []
        state = _latest_state(conn, [self.uids[k] for _, k in scored])
        out = []
        for c, k in scored:
            r = state.get(self.uids[k])
            if r is not None and r[1]:
                out.append((c, Candidate(self.doc_ids[k], r[0], self.published[k], int(self.sizes[k]),
                                         self.uids[k])))
        return out

    def add(self, conn: sa.Connection, uid: str, doc_id: str, published: str | None, n: int, sig: np.ndarray) -> None:
        """Cache a report this transaction has just stored (forgotten if the transaction rolls back)."""
        if uid in self.pos:
            return
        self._append(uid, doc_id, published, n, sig)
        conn.info.setdefault(_TENTATIVE, []).append(uid)

    def _append(self, uid: str, doc_id: str, published: str | None, n: int, sig: np.ndarray) -> None:
        """One report into the arrays (doubling them when full)."""
        k = len(self.uids)
        if k == len(self.sizes):
            self.sizes = np.concatenate([self.sizes, np.zeros_like(self.sizes)])
            self.sigs = np.concatenate([self.sigs, np.zeros_like(self.sigs)])
        self.pos[uid] = k
        self.uids.append(uid)
        self.doc_ids.append(doc_id)
        self.published.append(published)
        self.sizes[k] = n
        self.sigs[k] = sig


_REPORTS = (sa.select(schema.document_signatures.c.doc_uid, schema.document_signatures.c.n_shingles,
                      schema.document_signatures.c.signature, schema.documents.c.doc_id, schema.documents.c.published)
            .join(schema.documents, schema.documents.c.uid == schema.document_signatures.c.doc_uid)
            .where(schema.document_signatures.c.doc_uid.in_(sa.bindparam("uids", expanding=True))))

_INDEXES: weakref.WeakKeyDictionary[sa.Engine, BandIndex] = weakref.WeakKeyDictionary()


def _committed(conn: sa.Connection) -> None:
    conn.info.pop(_TENTATIVE, None)
    capped = conn.info.pop(_CAPPED, None)
    index = _INDEXES.get(conn.engine)
    if capped and index is not None:
        index.capped.update(capped)


def _rolled_back(conn: sa.Connection, *_args: Any) -> None:
    """A rollback (of the transaction, or of a savepoint inside it): reports read in the transaction may be
    gone; forget them (the rest of the transaction reads them again if they are still there)."""
    uids = conn.info.pop(_TENTATIVE, None)
    conn.info.pop(_CAPPED, None)
    index = _INDEXES.get(conn.engine)
    if uids and index is not None:
        index.forget(uids)


def band_index(conn: sa.Connection) -> BandIndex:
    """This process's `BandIndex` of the store `conn` belongs to."""
    engine = conn.engine
    index = _INDEXES.get(engine)
    if index is None or len(index.uids) > INDEX_MAX_REPORTS:
        if index is None:
            sa.event.listen(engine, "commit", _committed)
            sa.event.listen(engine, "rollback", _rolled_back)
            sa.event.listen(engine, "rollback_savepoint", _rolled_back)
        index = _INDEXES[engine] = BandIndex()
    return index


@functools.lru_cache(maxsize=256)
def _sketch(text: str) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """(shingles, signature, band keys) of a text; None when it is too short to judge."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    sig = signature(sh)
    return sh, sig, band_keys(sig)


def document_band_keys(doc: Any) -> list[str]:
    """The band keys `mark_near_duplicate` will look up and lock for this report (none if it is too short)."""
    sketched = _sketch(doc.body)
    return sorted(set(sketched[2])) if sketched else []


def _sketch_ahead(doc: Any) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """`_sketch` for work done ahead of the write (a report that cannot be sketched fails in
    `mark_near_duplicate`, alone, with its error)."""
    try:
        return _sketch(doc.body)
    except Exception:
        return None


def _keys_ahead(doc: Any) -> list[str]:
    """`document_band_keys` for work done ahead of the write."""
    sketched = _sketch_ahead(doc)
    return sorted(set(sketched[2])) if sketched else []


PREFETCH_KEYS = 100  # band keys per statement (SQLite limits an expression's depth)


def prefetch_bands(engine: sa.Engine, docs: list[Any]) -> None:
    """Cache in this process's band index, before the write transaction, the committed reports that the
    near-duplicate checks of `docs` will compare with (the members of their bands within the cap, and the
    reports with their very signature). Under the write lock `mark_near_duplicate` then reads only the
    signatures of reports stored since (few), so the part of ingest that writers do one at a time is
    shorter. An optimisation only: committed reports never change."""
    if not USE_BAND_INDEX:
        return
    keys: set[str] = set()
    for d in docs:
        sketched = _sketch_ahead(d)
        if sketched is not None:
            keys |= {*sketched[2], exact_key(sketched[1])}
    if not keys:
        return
    with engine.begin() as conn:  # ended by COMMIT: a ROLLBACK makes psycopg drop its prepared statements
        members = _query_bands(conn, sorted(keys), committed=True)
        band_index(conn).load(conn, {u for k, uids in members.items() if len(uids) <= BAND_CAP or k.startswith("xx")
                                     for u in uids}, committed=True)


def open_band_keys(engine: sa.Engine, docs: list[Any]) -> dict[int, list[str]]:
    """For each of `docs` (by position), its band keys that are not over the cap in the committed store,
    and the key of its whole signature: the bands a writer must lock (PostgreSQL). One over the cap stays
    over it, so it is never locked: the commonest bands (boilerplate) then no longer make concurrent writers
    wait for one another. The signature's key is never capped, so always locked (two writers storing the
    same wire copy, whose bands are all over the cap, must still see each other)."""
    per_doc: dict[int, list[str]] = {}
    exact: dict[int, str] = {}
    for i, d in enumerate(docs):
        sketched = _sketch_ahead(d)
        per_doc[i] = sorted(set(sketched[2])) if sketched else []
        if sketched:
            exact[i] = exact_key(sketched[1])
    keys = sorted({k for ks in per_doc.values() for k in ks})
    if not keys:
        return per_doc
    with engine.begin() as conn:  # ended by COMMIT: a ROLLBACK makes psycopg drop its prepared statements
        capped = band_index(conn).capped  # known over the cap: not counted again
        counts = {k: BAND_CAP + 1 for k in keys if k in capped}
        counts.update(_band_counts(conn, [k for k in keys if k not in capped]))
    return {i: [*(k for k in ks if counts.get(k, 0) <= BAND_CAP), *([exact[i]] if i in exact else [])]
            for i, ks in per_doc.items()}


def _band_counts(conn: sa.Connection, keys: list[str]) -> dict[str, int]:
    """Rows per band key (a band over the cap holds BAND_CAP + 1 and grows no further: the count is cheap)."""
    b = schema.document_bands
    out: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        out.update({r.band: int(r.n) for r in conn.execute(
            sa.select(b.c.band, sa.func.count().label("n")).where(b.c.band.in_(keys[i:i + 500])).group_by(b.c.band))})
    return out


def _placeholders(conn: sa.Connection, n: int) -> str | None:
    """n positional parameter marks in the driver's style, for statements sent without SQLAlchemy's
    per-statement work (None: a driver whose style this does not write)."""
    style = conn.dialect.paramstyle
    if style == "qmark":
        return ", ".join(["?"] * n)
    if style in ("format", "pyformat"):
        return ", ".join(["%s"] * n)
    return None


def _latest_state(conn: sa.Connection, uids: list[str]) -> dict[str, tuple[str | None, bool]]:
    """uid -> (dup_of, is_latest) of these stored reports (the facts of a report that change)."""
    out: dict[str, tuple[str | None, bool]] = {}
    d = schema.documents
    for i in range(0, len(uids), 500):
        part = uids[i:i + 500]
        marks = _placeholders(conn, len(part))
        rows = (conn.exec_driver_sql(f"SELECT uid, dup_of, is_latest FROM documents WHERE uid IN ({marks})", tuple(part))
                if marks else conn.execute(sa.select(d.c.uid, d.c.dup_of, d.c.is_latest).where(d.c.uid.in_(part))))
        out.update({r[0]: (r[1], bool(r[2])) for r in rows})
    return out


@functools.lru_cache(maxsize=64)
def _band_rows_sql(paramstyle: str, n: int) -> str:
    mark = "?" if paramstyle == "qmark" else "%s"
    return f"SELECT band, doc_uid FROM document_bands WHERE band IN ({', '.join([mark] * n)})"


_READ = "fp_band_rows_read"  # conn.info: (transaction, band -> uids) read by `preload_bands` and kept up to date


def _read_bands(conn: sa.Connection) -> dict[str, list[str]] | None:
    """The band rows `preload_bands` read in the connection's current transaction (None: not preloaded)."""
    got = conn.info.get(_READ)
    if got is None or got[0] is not conn.get_transaction():
        return None
    return got[1]  # type: ignore[no-any-return]


def preload_bands(conn: sa.Connection, docs: list[Any]) -> None:
    """Read in one go, inside the write transaction and after its locks, the band rows every document of a
    chunk will look up (its band keys and its signature's key); `_band_rows` then answers them from memory and
    `mark_near_duplicate` adds the rows it writes. What is kept stays true to the end of the transaction: a
    band within the cap is locked by this transaction (`open_band_keys`), one over it never changes. Only
    for a transaction that is rolled back whole when a document fails (no savepoint per document: a
    savepoint rolled back would leave rows here that are gone from the store)."""
    keys: set[str] = set()
    for d in docs:
        sketched = _sketch_ahead(d)
        if sketched is not None:
            keys |= {*sketched[2], exact_key(sketched[1])}
    conn.info[_READ] = (conn.get_transaction(), _query_bands(conn, sorted(keys)) if keys else {})


def _band_rows(conn: sa.Connection, keys: list[str], *, fresh: bool = False) -> dict[str, list[str]]:
    """band -> the uids of its rows, for each of `keys` (through the primary key; a band over the cap holds
    BAND_CAP + 1 rows and grows no further, so this reads at most that many per band, exact keys aside).
    From what `preload_bands` read when it can (unless `fresh`: read again, e.g. after taking a lock)."""
    read = _read_bands(conn)
    if read is None:
        return _query_bands(conn, keys)
    missing = keys if fresh else [k for k in keys if k not in read]
    if missing:
        read.update(_query_bands(conn, missing))
    return {k: list(read[k]) for k in keys}


def _rows_added(conn: sa.Connection, keys: list[str], uid: str) -> None:
    """Rows (band, uid) this transaction wrote: kept in what `preload_bands` read."""
    read = _read_bands(conn)
    if read is not None:
        for k in keys:
            if k in read:
                read[k].append(uid)


def _query_bands(conn: sa.Connection, keys: list[str], *, committed: bool = False) -> dict[str, list[str]]:
    """`_band_rows` read from the store (`committed`: by a connection that has written nothing). The hottest statement of ingest: sent as plain SQL, without
    SQLAlchemy's per-statement work (PostgreSQL: all keys in one array parameter).

    A band this process has seen over the cap is not read again: it stays over it, and only its size
    matters (it is given BAND_CAP + 1 placeholder members). On 100k generated reports the bands of shared
    boilerplate made most of the rows read (about 260 a report, 65 per band over the cap)."""
    capped = band_index(conn).capped
    over = [""] * (BAND_CAP + 1)
    out: dict[str, list[str]] = {k: list(over) if k in capped else [] for k in keys}
    keys = [k for k in keys if k not in capped]
    if not keys:
        return out
    _read_rows(conn, keys, out)
    seen = [k for k in keys if len(out[k]) > BAND_CAP and not k.startswith("xx")]
    if seen and committed:
        capped.update(seen)
    elif seen:  # this transaction's own rows may count: known once it commits (`_committed`)
        conn.info.setdefault(_CAPPED, []).extend(seen)
    return out


def _read_rows(conn: sa.Connection, keys: list[str], out: dict[str, list[str]]) -> None:
    style = conn.dialect.paramstyle
    if conn.dialect.name == "postgresql" and style in ("format", "pyformat"):
        rows: Any = conn.exec_driver_sql("SELECT band, doc_uid FROM document_bands WHERE band = ANY(%s)", (keys,))
        for band, uid in rows:
            out[band].append(uid)
        return
    for i in range(0, len(keys), PREFETCH_KEYS):
        part = keys[i:i + PREFETCH_KEYS]
        if style in ("qmark", "format", "pyformat"):
            rows = conn.exec_driver_sql(_band_rows_sql(style, len(part)), tuple(part))
        else:
            b = schema.document_bands
            rows = conn.execute(sa.select(b.c.band, b.c.doc_uid).where(b.c.band.in_(part)))
        for band, uid in rows:
            out[band].append(uid)


def _neighbours(conn: sa.Connection, sig: np.ndarray, n: int, keys: list[str], doc_id: str,
                rows: dict[str, list[str]]) -> list[Candidate]:
    """The latest reports of other pages that are near-duplicates of a report: containment at least
    CONTAINMENT through a band key within the cap (`keys`), or the very same signature (however many have
    it). `rows`: `_band_rows` of `keys` and the signature's exact key."""
    exact = exact_key(sig)
    if USE_BAND_INDEX:
        uids = {u for k in (*keys, exact) for u in rows.get(k, ())}
        return [r for _, r in band_index(conn).matches(conn, uids, sig, n, doc_id)]
    found = {r.uid: r for c, r in (_matches_by_query(conn, keys, sig, n, doc_id) if keys else []) if c >= CONTAINMENT}
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    for r in conn.execute(sa.select(d.c.uid, d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles)
                          .join(s, s.c.doc_uid == d.c.uid)
                          .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band == exact)),
                                 d.c.is_latest.is_(True), d.c.doc_id != doc_id)):
        found.setdefault(r.uid, Candidate(r.doc_id, r.dup_of, r.published, r.n_shingles, r.uid))
    return list(found.values())


def _earliest(rank: tuple[str, int, str], neighbours: list[Candidate]) -> str | None:
    """A report's original: the earliest of its near-duplicates when that one precedes it, else none."""
    if not neighbours:
        return None
    first = min(neighbours, key=lambda c: _rank(c.published, c.n_shingles, c.doc_id))
    return first.doc_id if _rank(first.published, first.n_shingles, first.doc_id) < rank else None


def _requeue(conn: sa.Connection, uids: list[str]) -> None:
    """Queue the events of reports whose original changed: they count their sources anew (what
    `fusion.enqueue_event_refresh` queues for their mentions, in one statement instead of three)."""
    for i in range(0, len(uids), 400):
        part = uids[i:i + 400]
        plain.run(conn, "INSERT INTO fusion_queue (mention_id, block, kind) SELECT f.mention_id, f.block, 'e' "
                    "FROM fusion f JOIN mentions m ON m.id = f.mention_id "
                    f"WHERE m.doc_uid IN ({plain.marks(len(part))}) ORDER BY f.mention_id", part)


def _recompute(conn: sa.Connection, uids: set[str]) -> None:
    """Find the original of these stored reports again from their own neighbours (after an edge of theirs
    may have gone): each costs one lookup, whatever the store's size."""
    d, s = schema.documents, schema.document_signatures
    changed: dict[str | None, list[str]] = defaultdict(list)
    ids = sorted(uids)
    query = (sa.select(d.c.uid, d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles, s.c.signature)
             .outerjoin(s, s.c.doc_uid == d.c.uid).where(d.c.uid.in_(sa.bindparam("uids", expanding=True)),
                                                         d.c.is_latest.is_(True)))
    for i in range(0, len(ids), 200):
        for r in conn.execute(query, {"uids": ids[i:i + 200]}).all():
            original = None
            if r.signature:
                sig = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)
                keys = sorted(set(band_keys(sig)))
                rows = _band_rows(conn, [*keys, exact_key(sig)])
                informative = [k for k in keys if len(rows[k]) <= BAND_CAP]
                # PostgreSQL: its neighbours are read under the locks of its bands within the cap (and of its
                # signature), so no other writer adds to them, or tips them over the cap, unseen meanwhile
                if more_advisory_locks(conn, [f"band:{k}" for k in (*informative, exact_key(sig))]):
                    again = conn.execute(query, {"uids": [r.uid]}).first()
                    if again is None:
                        continue
                    r = again
                    rows = _band_rows(conn, [*keys, exact_key(sig)], fresh=True)
                    informative = [k for k in keys if len(rows[k]) <= BAND_CAP]
                near = _neighbours(conn, sig, r.n_shingles, informative, r.doc_id, rows)
                original = _earliest(_rank(r.published, r.n_shingles, r.doc_id), near)
            if original != r.dup_of:
                changed[original].append(r.uid)
    for value, group in changed.items():
        conn.execute(d.update().where(d.c.uid.in_(group)).values(dup_of=value))
        _requeue(conn, group)


def _tipped_members_to_recompute(conn: sa.Connection, tipped: list[str]) -> set[str]:
    """The reports of bands that just went over the cap whose original may change.

    A report's original is the earliest of its near-duplicates; losing neighbours other than that one
    changes nothing (nor for a report without an original: the earliest of fewer neighbours still does not
    precede it). So a report R of these bands can change only when its original O (its latest version) is
    in one of them too (O's own copies are members whose original is a member, found the same way), and
    only when no other link joins them: the very same signature, or another band key that both have a row
    in and that is still within the cap. Equal to looking again at every member (what `_recompute` would
    find), at a fraction of the cost: most members of a boilerplate band are not copies of one another,
    and copies share most of their bands."""
    b, d, s = schema.document_bands, schema.documents, schema.document_signatures
    rows = conn.execute(sa.select(b.c.doc_uid, d.c.doc_id, d.c.dup_of, d.c.is_latest, s.c.signature)
                        .join(d, d.c.uid == b.c.doc_uid).join(s, s.c.doc_uid == b.c.doc_uid)
                        .where(b.c.band.in_(tipped))).all()
    latest = {r.doc_id: r for r in rows if r.is_latest}
    pairs = [(r, latest[r.dup_of]) for r in rows if r.is_latest and r.dup_of is not None and r.dup_of in latest]
    if not pairs:
        return set()
    gone = set(tipped)
    keys: dict[str, tuple[set[str], str]] = {}
    for r in {x.doc_uid: x for p in pairs for x in p}.values():
        sig = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)
        keys[r.doc_uid] = (set(band_keys(sig)) - gone, exact_key(sig))
    shared = {r.doc_uid: (o.doc_uid, keys[r.doc_uid][0] & keys[o.doc_uid][0]) for r, o in pairs
              if keys[r.doc_uid][1] != keys[o.doc_uid][1]}  # the same signature: linked whatever the cap
    wanted = sorted(set().union(*(k for _, k in shared.values()))) if shared else []
    counts = _band_counts(conn, wanted)
    open_keys = [k for k in wanted if counts.get(k, 0) <= BAND_CAP]
    # PostgreSQL: whether a link is still within the cap is judged under that band's lock (another writer may
    # be tipping it at this moment, and judging this band still within the cap the same way)
    if more_advisory_locks(conn, [f"band:{k}" for k in open_keys]):
        counts = _band_counts(conn, open_keys)
        open_keys = [k for k in open_keys if counts.get(k, 0) <= BAND_CAP]
    uids = sorted({u for r, (o, _) in shared.items() for u in (r, o)})
    has: set[tuple[str, str]] = set()
    for i in range(0, len(open_keys), 200):
        has |= {(x.band, x.doc_uid) for x in conn.execute(
            sa.select(b.c.band, b.c.doc_uid).where(b.c.band.in_(open_keys[i:i + 200]), b.c.doc_uid.in_(uids)))}
    return {r for r, (o, ks) in shared.items() if not any((k, r) in has and (k, o) in has for k in ks)}


def _ranks_of(conn: sa.Connection, doc_ids: Iterable[str]) -> dict[str, tuple[str, int, str]]:
    """`_rank` of the latest version of each of these pages (those without one are left out)."""
    ids = sorted(set(doc_ids))
    return {r.doc_id: _rank(r.published, r.n_shingles, r.doc_id) for r in plain.run(
        conn, "SELECT d.doc_id, d.published, s.n_shingles FROM documents d JOIN document_signatures s "
        f"ON s.doc_uid = d.uid WHERE d.doc_id IN ({plain.marks(len(ids))}) AND d.is_latest = ?",
        (*ids, True))} if ids else {}


_NOBODY = ("~", 0, "")  # the rank of an original no longer stored: any report precedes it


def _take_over(conn: sa.Connection, doc_id: str, rank: tuple[str, int, str], seen: dict[str, str | None]) -> None:
    """Make `doc_id` (of rank `rank`) the original of those of its neighbours (uid -> their original as read)
    it precedes and that it precedes their original too.

    Compare and set: a row is changed only while its original is still one this report precedes (or none).
    Another writer may change it meanwhile (PostgreSQL: following it to its own new report through another
    band, or looking at it again); the UPDATE then waits for that writer to commit and leaves the row, which
    is read again and judged anew: the earliest of the two originals wins whichever writer commits first,
    where a plain UPDATE let the last one win."""
    for _ in range(16):
        ranks = _ranks_of(conn, (o for o in seen.values() if o))
        follow = sorted(u for u, o in seen.items() if not o or rank < ranks.get(o, _NOBODY))
        if not follow:
            return
        olds = sorted({o for u in follow if (o := seen[u])})
        either = f" OR dup_of IN ({plain.marks(len(olds))})" if olds else ""
        done = [r[0] for r in plain.run(
            conn, f"UPDATE documents SET dup_of = ? WHERE uid IN ({plain.marks(len(follow))}) "
            f"AND (dup_of IS NULL{either}) RETURNING uid", (doc_id, *follow, *olds))]
        if done:
            _requeue(conn, sorted(done))
        rest = sorted(set(follow) - set(done))
        if not rest:
            return
        seen = {u: o for u, (o, latest) in _latest_state(conn, rest).items() if latest and o != doc_id}
    raise RetryableConflict("the near-duplicate marks of a report's neighbours kept changing under it")


def mark_near_duplicate(conn: sa.Connection, doc: Any, uid: str, *, reverted: bool = False) -> str | None:
    """Store the signature of a newly stored report (or of a page's earlier version that is the latest
    again: `reverted`) and return its `dup_of`, the report it is a copy of (None: it is no copy).

    A report's original is the earliest (by `_rank`: published, fullest, id) of its near-duplicates (latest
    versions of other pages whose containment reaches CONTAINMENT through a band key that at most BAND_CAP
    reports have, or with the very same signature), when that one precedes the report itself. It is a
    function of the reports stored, not of the order they came in: a new report takes its original from its
    neighbours and becomes the original of the neighbours it precedes (their events are queued to be fused
    again); when an edge may have gone (this report pushes a band over the cap, or replaces the version of
    its page others named) only the reports concerned look again. Not transitive on purpose: boilerplate
    chains short reports of different events together."""
    d, b, s = schema.documents, schema.document_bands, schema.document_signatures
    replaced = set()
    if reverted or getattr(doc, "version", 1) > 1:  # the page had a version before this one
        replaced = {r.uid for r in conn.execute(  # those that named this page: its earlier version was their original
            sa.select(d.c.uid).where(d.c.dup_of == doc.id, d.c.is_latest.is_(True)))}
    sketched = _sketch(doc.body)
    if sketched is None:
        if reverted:
            conn.execute(d.update().where(d.c.uid == uid).values(dup_of=None))
        _recompute(conn, replaced)
        return None
    sh, sig, all_keys = sketched
    keys = sorted(set(all_keys))
    rows = _band_rows(conn, [*keys, exact_key(sig)])
    counts = {k: len(rows[k]) for k in keys}
    # PostgreSQL: copies stored at the same moment see each other. A band over the cap needs no lock: it
    # stays over it (rows are never taken away), nothing is compared through it or added to it. The
    # others were locked with the chunk (`open_band_keys`); a count read before its lock is read again.
    unlocked = [k for k in (*keys, exact_key(sig)) if (counts.get(k, 0) <= BAND_CAP or k.startswith("xx"))
                and not holds_lock(conn, f"band:{k}")]
    if more_advisory_locks(conn, [f"band:{k}" for k in unlocked]):  # what was read before the locks is read again
        rows = _band_rows(conn, [*keys, exact_key(sig)], fresh=True)
        counts = {k: len(rows[k]) for k in keys}
    has_row = {r.band for r in conn.execute(  # (through the primary key: band first)
        sa.select(b.c.band).where(b.c.band.in_(keys), b.c.doc_uid == uid))} if reverted else set()
    fresh = [k for k in keys if k not in has_row]
    # over the cap once this report counts: uninformative, like a stop word (never compared through again)
    informative = [k for k in keys if counts.get(k, 0) + (k in fresh) <= BAND_CAP]
    tipped = [k for k in fresh if counts.get(k, 0) == BAND_CAP]  # this report's row puts it over the cap
    near = _neighbours(conn, sig, len(sh), informative, doc.id, rows)
    if not reverted:
        plain.insert(conn, s, [{"doc_uid": uid, "n_shingles": len(sh), "signature": sig.astype(np.uint64).tobytes().hex()}])
        if USE_BAND_INDEX:  # the next reports of this chunk compare with it without reading it back
            band_index(conn).add(conn, uid, doc.id, _published(doc.published), len(sh), sig)
    added = [k for k in fresh if counts.get(k, 0) <= BAND_CAP]  # a band over the cap grows no further
    if not reverted:
        added.append(exact_key(sig))  # never capped: copies with one signature are linked however many there are
    if added:
        plain.insert(conn, b, [{"band": k, "doc_uid": uid} for k in added])
        _rows_added(conn, added, uid)
    rank = _rank(doc.published, len(sh), doc.id)
    original = _earliest(rank, near)
    if original is not None or reverted:
        plain.run(conn, "UPDATE documents SET dup_of = ? WHERE uid = ?", (original, uid))
    # a neighbour's original precedes it: only the neighbours this report precedes can be followed
    later = [c for c in near if rank < _rank(c.published, c.n_shingles, c.doc_id)]
    _take_over(conn, doc.id, rank, {c.uid: c.dup_of for c in later})
    if tipped:  # edges that ran through a band now over the cap may be gone: its reports whose original is there look again
        replaced |= _tipped_members_to_recompute(conn, tipped)
    _recompute(conn, replaced - {uid})
    return original
