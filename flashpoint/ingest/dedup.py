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
from typing import Any, NamedTuple

import numpy as np
import sqlalchemy as sa

from flashpoint.store import schema

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

    def refresh(self, conn: sa.Connection, keys: list[str], *, committed: bool = False) -> None:
        """Read the band rows of `keys` added since the last look. `committed`: `conn` has written nothing
        (a read before the write transaction), so every row read is committed and stays."""
        keys = sorted(set(keys))
        params: dict[str, Any] = {}
        for i, k in enumerate(keys):
            params[f"k{i}"], params[f"w{i}"] = k, self.seen.get(k, -1)
        rows = conn.execute(_new_band_rows(conn.dialect.name, len(keys)), params).all()
        if not committed:
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
                out.append((c, Candidate(self.doc_ids[k], r.dup_of, self.published[k], int(self.sizes[k]),
                                         self.uids[k])))
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


def _keys_ahead(doc: Any) -> list[str]:
    """`document_band_keys` for work done ahead of the write (a report that cannot be sketched fails in
    `mark_near_duplicate`, alone, with its error)."""
    try:
        return document_band_keys(doc)
    except Exception:
        return []


PREFETCH_KEYS = 100  # band keys per statement of `prefetch_bands` (SQLite limits an expression's depth)


def prefetch_bands(engine: sa.Engine, docs: list[Any]) -> None:
    """Read into this process's band index, before the write transaction, the committed band rows that the
    near-duplicate checks of `docs` will look up. Under the write lock `mark_near_duplicate` then reads only
    the rows added since (few), so the part of ingest that writers do one at a time is shorter. An
    optimisation only: what it reads is what the lookup would read (committed rows never change), and
    bands already seen over the cap are skipped (they are never compared through again)."""
    if not USE_BAND_INDEX:
        return
    keys = sorted({k for d in docs for k in _keys_ahead(d)})
    if not keys:
        return
    with engine.connect() as conn:
        index = band_index(conn)
        keys = [k for k in keys if index.members.get(k, (None, 0))[1] <= BAND_CAP]  # (rows read of the band)
        for i in range(0, len(keys), PREFETCH_KEYS):
            index.refresh(conn, keys[i:i + PREFETCH_KEYS], committed=True)


def open_band_keys(engine: sa.Engine, docs: list[Any]) -> dict[int, list[str]]:
    """For each of `docs` (by position), its band keys that are not over the cap in the committed store:
    the bands a writer must lock (PostgreSQL). One over the cap stays over it, so it is never locked:
    the commonest bands (boilerplate) then no longer make concurrent writers wait for one another."""
    per_doc = {i: _keys_ahead(d) for i, d in enumerate(docs)}
    keys = sorted({k for ks in per_doc.values() for k in ks})
    if not keys:
        return per_doc
    with engine.connect() as conn:
        counts = _band_counts(conn, keys)
    return {i: [k for k in ks if counts.get(k, 0) <= BAND_CAP] for i, ks in per_doc.items()}


def _band_counts(conn: sa.Connection, keys: list[str]) -> dict[str, int]:
    """Rows per band key (a band over the cap holds BAND_CAP + 1 and grows no further: the count is cheap)."""
    b = schema.document_bands
    out: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        out.update({r.band: int(r.n) for r in conn.execute(
            sa.select(b.c.band, sa.func.count().label("n")).where(b.c.band.in_(keys[i:i + 500])).group_by(b.c.band))})
    return out


def _neighbours(conn: sa.Connection, sig: np.ndarray, n: int, keys: list[str], doc_id: str) -> list[Candidate]:
    """The latest reports of other pages that are near-duplicates of a report: containment at least
    CONTAINMENT through a band key within the cap, or the very same signature (however many have it)."""
    rows = ((band_index(conn).matches(conn, keys, sig, n, doc_id) if USE_BAND_INDEX
             else _matches_by_query(conn, keys, sig, n, doc_id)) if keys else [])
    found = {r.uid: r for c, r in rows if c >= CONTAINMENT}
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    for r in conn.execute(sa.select(d.c.uid, d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles)
                          .join(s, s.c.doc_uid == d.c.uid)
                          .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band == exact_key(sig))),
                                 d.c.is_latest.is_(True), d.c.doc_id != doc_id)):
        found.setdefault(r.uid, Candidate(r.doc_id, r.dup_of, r.published, r.n_shingles, r.uid))
    return list(found.values())


def _informative(counts: dict[str, int], keys: list[str]) -> list[str]:
    return [k for k in keys if counts.get(k, 0) <= BAND_CAP]


def _earliest(rank: tuple[str, int, str], neighbours: list[Candidate]) -> str | None:
    """A report's original: the earliest of its near-duplicates when that one precedes it, else none."""
    if not neighbours:
        return None
    first = min(neighbours, key=lambda c: _rank(c.published, c.n_shingles, c.doc_id))
    return first.doc_id if _rank(first.published, first.n_shingles, first.doc_id) < rank else None


def _requeue(conn: sa.Connection, uids: list[str]) -> None:
    """Queue the events of reports whose original changed: they count their sources anew."""
    from flashpoint.store.fusion import enqueue_event_refresh

    m = schema.mentions
    for i in range(0, len(uids), 400):
        enqueue_event_refresh(conn, [r.id for r in conn.execute(sa.select(m.c.id).where(m.c.doc_uid.in_(uids[i:i + 400])))])


def _recompute(conn: sa.Connection, uids: set[str]) -> None:
    """Find the original of these stored reports again from their own neighbours (after an edge of theirs
    may have gone): each costs one lookup, whatever the store's size."""
    d, s = schema.documents, schema.document_signatures
    changed: dict[str | None, list[str]] = defaultdict(list)
    ids = sorted(uids)
    for i in range(0, len(ids), 200):
        for r in conn.execute(sa.select(d.c.uid, d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles, s.c.signature)
                              .outerjoin(s, s.c.doc_uid == d.c.uid)
                              .where(d.c.uid.in_(ids[i:i + 200]), d.c.is_latest.is_(True))):
            original = None
            if r.signature:
                sig = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)
                keys = sorted(set(band_keys(sig)))
                near = _neighbours(conn, sig, r.n_shingles, _informative(_band_counts(conn, keys), keys), r.doc_id)
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
    uids = sorted({u for r, (o, _) in shared.items() for u in (r, o)})
    has: set[tuple[str, str]] = set()
    for i in range(0, len(open_keys), 200):
        has |= {(x.band, x.doc_uid) for x in conn.execute(
            sa.select(b.c.band, b.c.doc_uid).where(b.c.band.in_(open_keys[i:i + 200]), b.c.doc_uid.in_(uids)))}
    return {r for r, (o, ks) in shared.items() if not any((k, r) in has and (k, o) in has for k in ks)}


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
    from flashpoint.store.db import advisory_lock, holds_lock

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
    counts = _band_counts(conn, keys)
    # PostgreSQL: copies stored at the same moment see each other. A band over the cap needs no lock: it
    # stays over it (rows are never taken away), nothing is compared through it or added to it. The
    # others were locked with the chunk (`open_band_keys`); a count read before its lock is read again.
    unlocked = [k for k in keys if counts.get(k, 0) <= BAND_CAP and not holds_lock(conn, f"band:{k}")]
    for k in unlocked:
        advisory_lock(conn, f"band:{k}")
    if unlocked:
        counts.update(_band_counts(conn, unlocked))
    has_row = {r.band for r in conn.execute(sa.select(b.c.band).where(b.c.doc_uid == uid))} if reverted else set()
    fresh = [k for k in keys if k not in has_row]
    # over the cap once this report counts: uninformative, like a stop word (never compared through again)
    informative = [k for k in keys if counts.get(k, 0) + (k in fresh) <= BAND_CAP]
    tipped = [k for k in fresh if counts.get(k, 0) == BAND_CAP]  # this report's row puts it over the cap
    near = _neighbours(conn, sig, len(sh), informative, doc.id)
    if not reverted:
        conn.execute(s.insert().values(doc_uid=uid, n_shingles=len(sh), signature=sig.astype(np.uint64).tobytes().hex()))
    added = [k for k in fresh if counts.get(k, 0) <= BAND_CAP]  # a band over the cap grows no further
    if not reverted:
        added.append(exact_key(sig))  # never capped: copies with one signature are linked however many there are
    if added:
        conn.execute(b.insert(), [{"band": k, "doc_uid": uid} for k in added])
    rank = _rank(doc.published, len(sh), doc.id)
    original = _earliest(rank, near)
    if original is not None or reverted:
        conn.execute(d.update().where(d.c.uid == uid).values(dup_of=original))
    targets = sorted({c.dup_of for c in near if c.dup_of})
    target_rank = {r.doc_id: _rank(r.published, r.n_shingles, r.doc_id) for r in conn.execute(
        sa.select(d.c.doc_id, d.c.published, s.c.n_shingles).join(s, s.c.doc_uid == d.c.uid)
        .where(d.c.doc_id.in_(targets), d.c.is_latest.is_(True)))} if targets else {}
    follow = sorted(c.uid for c in near  # the neighbours this report precedes: it is their original now
                    if rank < (target_rank.get(c.dup_of, ("~", 0, "")) if c.dup_of
                               else _rank(c.published, c.n_shingles, c.doc_id)))
    if follow:
        conn.execute(d.update().where(d.c.uid.in_(follow)).values(dup_of=doc.id))
        _requeue(conn, follow)
    if tipped:  # edges that ran through a band now over the cap may be gone: its reports whose original is there look again
        replaced |= _tipped_members_to_recompute(conn, tipped)
    _recompute(conn, replaced - {uid})
    return original
