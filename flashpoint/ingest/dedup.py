"""Near-duplicate reports: syndicated wire copy published by several outlets is one source, not many.

Each stored report gets a MinHash signature of its 5-word shingles (60 hash functions) and 20 band keys
of 3 values each (locality-sensitive hashing): a new report looks up the reports that share a band key
(an indexed lookup: the cost does not grow with the store) and compares signatures. It is a near-duplicate
when the estimated share of its shingles found in the other report (containment, from the Jaccard
estimate and both sizes) is at least CONTAINMENT: a copy with another headline, a trimmed end or an
added line still counts. Reports under MIN_SHINGLES shingles are too short to judge.

`documents.dup_of` then names the group's original (the earliest published, then the smallest id, whatever
the order reports arrive in); fusion counts a group of copies as
one publisher (flashpoint.fuse.consensus.independent_sources).
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections import defaultdict
from typing import Any, NamedTuple

import numpy as np
import sqlalchemy as sa

from flashpoint.store import schema

SHINGLE = 5
BANDS, ROWS = 20, 3
N_HASH = BANDS * ROWS
MIN_SHINGLES = 20
CONTAINMENT = 0.7
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


def containment(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> float:
    """Estimated share of the smaller report's shingles found in the other."""
    j = float(np.mean(sig_a == sig_b))
    return min(1.0, j * (n_a + n_b) / ((1 + j) * min(n_a, n_b))) if j else 0.0


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


def _matches_by_query(conn: sa.Connection, keys: list[str], sig: np.ndarray, n: int,
                      doc_id: str) -> list[tuple[float, Candidate]]:
    """(containment, candidate) for every latest report of another page sharing a band key, read from the
    store each time (the reference `BandIndex.matches` equals; its cost grows with the band's members)."""
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    rows = conn.execute(
        sa.select(d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles, s.c.signature)
        .join(s, s.c.doc_uid == d.c.uid)
        .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band.in_(keys))), d.c.doc_id != doc_id,
               d.c.is_latest.is_(True))
    ).all()
    return [(containment(sig, n, np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64), r.n_shingles),
             Candidate(r.doc_id, r.dup_of, r.published, r.n_shingles)) for r in rows]


USE_BAND_INDEX = True  # False: read every candidate's signature from the store each time (the reference)
INDEX_MAX_REPORTS = 1_000_000  # a process's index starts afresh beyond this (about 0.6 GB)
_DIRTY = "fp_band_index_dirty"


class BandIndex:
    """What one process has read of the band table of one store: each band's members and the members'
    signatures, sizes, ids and dates (none of which changes once stored; documents are never deleted).

    Boilerplate that many reports share (a wire service's sign-off, a generator's filler sentences) makes
    some bands hold a large share of the store, and reading all their members' signatures for every new
    report made ingest cost grow with the store. The index reads each band row once: before each lookup
    it reads only the rows added to the new report's bands since it last looked (by SQLite's rowid or
    PostgreSQL's `seq`: rows of one band are written under that band's lock, so their numbers grow in
    commit order), compares the signatures in one vectorised step, and reads from the store only the
    mutable facts (latest version, `dup_of`) of the few reports over the threshold. The answer is the one
    `_matches_by_query` gives. A transaction that read rows and then rolls back drops the index: it may
    have read rows written earlier in that transaction, never committed (and SQLite reuses their rowids)."""

    def __init__(self) -> None:
        self.pos: dict[str, int] = {}  # doc uid -> row of the arrays below
        self.uids: list[str] = []
        self.doc_ids: list[str] = []
        self.published: list[str | None] = []
        self.sizes = np.zeros(1024, dtype=np.int64)
        self.sigs = np.zeros((1024, N_HASH), dtype=np.uint64)
        self.members: dict[str, tuple[np.ndarray, int]] = {}  # band -> (rows, how many are used)
        self.seen: dict[str, int] = {}  # band -> the highest row number read

    def _add_reports(self, conn: sa.Connection, uids: list[str]) -> None:
        for i in range(0, len(uids), 500):
            for r in conn.execute(_REPORTS, {"uids": uids[i:i + 500]}):
                k = len(self.uids)
                if k == len(self.sizes):
                    self.sizes = np.concatenate([self.sizes, np.zeros_like(self.sizes)])
                    self.sigs = np.concatenate([self.sigs, np.zeros_like(self.sigs)])
                self.pos[r.doc_uid] = k
                self.uids.append(r.doc_uid)
                self.doc_ids.append(r.doc_id)
                self.published.append(r.published)
                self.sizes[k] = r.n_shingles
                self.sigs[k] = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)

    def refresh(self, conn: sa.Connection, keys: list[str]) -> None:
        """Read the band rows of `keys` added since the last look."""
        keys = sorted(set(keys))
        params: dict[str, Any] = {}
        for i, k in enumerate(keys):
            params[f"k{i}"], params[f"w{i}"] = k, self.seen.get(k, -1)
        rows = conn.execute(_new_band_rows(conn.dialect.name, len(keys)), params).all()
        conn.info[_DIRTY] = True  # rows written earlier in this transaction may be among them
        if not rows:
            return
        missing = sorted({r.doc_uid for r in rows if r.doc_uid not in self.pos})  # (not `- pos.keys()`: that
        # walks the whole index)
        if missing:
            self._add_reports(conn, missing)
        added: dict[str, list[int]] = defaultdict(list)
        for r in rows:
            if r.doc_uid in self.pos:  # a band row always comes with its report's signature
                added[r.band].append(self.pos[r.doc_uid])
            self.seen[r.band] = max(self.seen.get(r.band, -1), int(r.n))
        for band, new in added.items():
            arr, used = self.members.get(band, (np.zeros(4, dtype=np.int64), 0))
            if used + len(new) > len(arr):
                arr = np.concatenate([arr, np.zeros(max(len(arr), len(new)), dtype=np.int64)])
            arr[used:used + len(new)] = new
            self.members[band] = (arr, used + len(new))

    def matches(self, conn: sa.Connection, keys: list[str], sig: np.ndarray, n: int,
                doc_id: str) -> list[tuple[float, Candidate]]:
        """What `_matches_by_query` returns, less the candidates under the containment threshold."""
        self.refresh(conn, keys)
        parts = [arr[:used] for arr, used in (self.members[k] for k in set(keys) if k in self.members)]
        if not parts:
            return []
        rows = np.unique(np.concatenate(parts))
        j = (self.sigs[rows] == sig).sum(axis=1) / N_HASH
        sizes = self.sizes[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            est = j * (n + sizes) / ((1 + j) * np.minimum(n, sizes))
        near = rows[(j > 0) & (est >= CONTAINMENT - 1e-9)]  # a margin; the exact figure is taken below
        scored = [(containment(sig, n, self.sigs[k], int(self.sizes[k])), int(k)) for k in near]
        scored = [(c, k) for c, k in scored if c >= CONTAINMENT and self.doc_ids[k] != doc_id]
        if not scored:
            return []
        d = schema.documents
        state = {r.uid: r for r in conn.execute(sa.select(d.c.uid, d.c.dup_of, d.c.is_latest)
                                                .where(d.c.uid.in_([self.uids[k] for _, k in scored])))}
        out = []
        for c, k in scored:
            r = state.get(self.uids[k])
            if r is not None and r.is_latest:
                out.append((c, Candidate(self.doc_ids[k], r.dup_of, self.published[k], int(self.sizes[k]))))
        return out


_REPORTS = (sa.select(schema.document_signatures.c.doc_uid, schema.document_signatures.c.n_shingles,
                      schema.document_signatures.c.signature, schema.documents.c.doc_id, schema.documents.c.published)
            .join(schema.documents, schema.documents.c.uid == schema.document_signatures.c.doc_uid)
            .where(schema.document_signatures.c.doc_uid.in_(sa.bindparam("uids", expanding=True))))


@functools.lru_cache(maxsize=64)
def _new_band_rows(dialect: str, n: int) -> sa.TextClause:
    """The rows of n bands (:k0 ...) written after the row numbers :w0 ... (one statement, cached by shape)."""
    col = "rowid" if dialect == "sqlite" else "seq"
    where = " OR ".join(f"(band = :k{i} AND {col} > :w{i})" for i in range(n))
    return sa.text(f"SELECT band, {col} AS n, doc_uid FROM document_bands WHERE {where}")


_INDEXES: weakref.WeakKeyDictionary[sa.Engine, BandIndex] = weakref.WeakKeyDictionary()


def _committed(conn: sa.Connection) -> None:
    conn.info.pop(_DIRTY, None)


def _rolled_back(conn: sa.Connection) -> None:
    if conn.info.pop(_DIRTY, None):
        _INDEXES[conn.engine] = BandIndex()


def band_index(conn: sa.Connection) -> BandIndex:
    """This process's `BandIndex` of the store `conn` belongs to."""
    engine = conn.engine
    index = _INDEXES.get(engine)
    if index is None or len(index.uids) > INDEX_MAX_REPORTS:
        if index is None:
            sa.event.listen(engine, "commit", _committed)
            # a savepoint rolled back needs nothing: a report's own band rows are written after its lookup,
            # so no lookup inside the savepoint read them
            sa.event.listen(engine, "rollback", _rolled_back)
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


def mark_near_duplicate(conn: sa.Connection, doc: Any, uid: str) -> str | None:
    """Store the signature of a newly stored report and, when it is a near-duplicate of another stored
    report (another page: not a version of itself), set and return its `dup_of`: the group's original.
    When the new report is older than the group's original it becomes the original: the others point to
    it and their events are queued to be fused again."""
    from flashpoint.store.db import advisory_lock

    sketched = _sketch(doc.body)
    if sketched is None:
        return None
    sh, sig, keys = sketched
    for k in sorted(set(keys)):  # PostgreSQL: copies stored at the same moment see each other
        advisory_lock(conn, f"band:{k}")
    rows = (band_index(conn).matches(conn, keys, sig, len(sh), doc.id) if USE_BAND_INDEX
            else _matches_by_query(conn, keys, sig, len(sh), doc.id))
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    best: tuple[float, tuple[str, int, str], str] | None = None
    for c, r in rows:
        rank = _rank(r.published, r.n_shingles, r.doc_id)
        if c >= CONTAINMENT and (best is None or c > best[0] or (c == best[0] and rank < best[1])):
            best = (c, rank, r.dup_of or r.doc_id)
    conn.execute(s.insert().values(doc_uid=uid, n_shingles=len(sh), signature=sig.astype(np.uint64).tobytes().hex()))
    conn.execute(b.insert(), [{"band": k, "doc_uid": uid} for k in sorted(set(keys))])
    if best is None:
        return None
    original = best[2]
    row = conn.execute(sa.select(d.c.published, s.c.n_shingles).join(s, s.c.doc_uid == d.c.uid)
                       .where(d.c.doc_id == original, d.c.is_latest.is_(True))).first()
    if row is None or _rank(doc.published, len(sh), doc.id) < _rank(row.published, row.n_shingles, original):
        group = conn.execute(sa.select(d.c.uid).where(sa.or_(d.c.dup_of == original, d.c.doc_id == original),
                                                      d.c.is_latest.is_(True))).all()
        conn.execute(d.update().where(sa.or_(d.c.dup_of == original, d.c.doc_id == original)).values(dup_of=doc.id))
        from flashpoint.store.fusion import enqueue_event_refresh

        m = schema.mentions
        ids = [r.id for r in conn.execute(sa.select(m.c.id).where(m.c.doc_uid.in_([g.uid for g in group])))]
        enqueue_event_refresh(conn, ids)  # their events count this group's sources anew
        return None
    conn.execute(d.update().where(d.c.uid == uid).values(dup_of=original))
    return original
