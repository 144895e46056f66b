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

import hashlib
import re
from typing import Any

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


def mark_near_duplicate(conn: sa.Connection, doc: Any, uid: str) -> str | None:
    """Store the signature of a newly stored report and, when it is a near-duplicate of another stored
    report (another page: not a version of itself), set and return its `dup_of`: the group's original.
    When the new report is older than the group's original it becomes the original: the others point to
    it and their events are queued to be fused again."""
    from flashpoint.store.db import advisory_lock

    sh = shingles(doc.body)
    if len(sh) < MIN_SHINGLES:
        return None
    sig = signature(sh)
    keys = band_keys(sig)
    for k in sorted(set(keys)):  # PostgreSQL: copies stored at the same moment see each other
        advisory_lock(conn, f"band:{k}")
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    rows = conn.execute(
        sa.select(d.c.doc_id, d.c.dup_of, d.c.published, s.c.n_shingles, s.c.signature)
        .join(s, s.c.doc_uid == d.c.uid)
        .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band.in_(keys))), d.c.doc_id != doc.id,
               d.c.is_latest.is_(True))
    ).all()
    best: tuple[float, tuple[str, int, str], str] | None = None
    for r in rows:
        other = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)
        c = containment(sig, len(sh), other, r.n_shingles)
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
