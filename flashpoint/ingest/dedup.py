"""Near-duplicate reports: syndicated wire copy published by several outlets is one source, not many.

Each stored report gets a MinHash signature of its 5-word shingles (60 hash functions) and 20 band keys
of 3 values each (locality-sensitive hashing): a new report looks up the reports that share a band key
(an indexed lookup: the cost does not grow with the store) and compares signatures. It is a near-duplicate
when the estimated share of its shingles found in the other report (containment, from the Jaccard
estimate and both sizes) is at least CONTAINMENT: a copy with another headline, a trimmed end or an
added line still counts. Reports under MIN_SHINGLES shingles are too short to judge.

`documents.dup_of` then names the report of the group first stored; fusion counts a group of copies as
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


def mark_near_duplicate(conn: sa.Connection, doc: Any, uid: str) -> str | None:
    """Store the signature of a newly stored report and, when it is a near-duplicate of another stored
    report (another page: not a version of itself), set and return its `dup_of`."""
    sh = shingles(doc.body)
    if len(sh) < MIN_SHINGLES:
        return None
    sig = signature(sh)
    keys = band_keys(sig)
    b, s, d = schema.document_bands, schema.document_signatures, schema.documents
    rows = conn.execute(
        sa.select(d.c.doc_id, d.c.dup_of, d.c.ingested_at, s.c.n_shingles, s.c.signature)
        .join(s, s.c.doc_uid == d.c.uid)
        .where(d.c.uid.in_(sa.select(b.c.doc_uid).where(b.c.band.in_(keys))), d.c.doc_id != doc.id,
               d.c.is_latest.is_(True))
    ).all()
    best: tuple[float, str, str] | None = None
    for r in rows:
        other = np.frombuffer(bytes.fromhex(r.signature), dtype=np.uint64)
        c = containment(sig, len(sh), other, r.n_shingles)
        if c >= CONTAINMENT and (best is None or (c, best[1]) > (best[0], r.ingested_at)):
            best = (c, r.ingested_at, r.dup_of or r.doc_id)
    conn.execute(s.insert().values(doc_uid=uid, n_shingles=len(sh), signature=sig.astype(np.uint64).tobytes().hex()))
    conn.execute(b.insert(), [{"band": k, "doc_uid": uid} for k in sorted(set(keys))])
    if best is None:
        return None
    conn.execute(d.update().where(d.c.uid == uid).values(dup_of=best[2]))
    return best[2]
