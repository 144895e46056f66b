"""Group mentions into events: deterministic, order-independent, and local.

Mentions are blocked by (event type, country) and cut into date segments that no link can cross (a
gap wider than any date window). Inside a segment they are visited in a canonical order (day-precise
and better-identified mentions first, then by date and id) and each joins the most similar event it
is compatible with *every* member of (so "A like B, B like C" never chains A to a different C), or
starts a new one. The order depends only on the set of mentions, so any ingest order gives the same
events, and a new report only re-clusters the segments it falls into.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from flashpoint.fuse.compat import Rules, date_window, pair_affinity, pair_compatible
from flashpoint.fuse.mentions import Mention

PRECISION_RANK = {"day": 0, "approximate": 1, "month": 2}
SEGMENT_GAP = dt.timedelta(days=1)  # beyond the one-day time-zone slack no link is possible


def block_key(m: Mention) -> str:
    return f"{m.event_type}|{m.country or '-'}"


def event_id(members: Iterable[Mention]) -> str:
    """A stable id: derived from the smallest member id, so the same mentions give the same id."""
    anchor = min(m.id for m in members)
    return "ev-" + hashlib.sha256(anchor.encode()).hexdigest()[:16]


def _visit_key(m: Mention) -> tuple[object, ...]:
    named = int(m.actor is not None) + int(m.target is not None)
    return (PRECISION_RANK.get(m.date_precision or "", 3), -named, m.date or dt.date.min, m.id)


def segments(mentions: list[Mention]) -> list[list[Mention]]:
    """Split one block into runs of mentions whose date windows (plus slack) overlap or touch."""
    dated = sorted((m for m in mentions if date_window(m) is not None), key=lambda m: (date_window(m)[0], m.id))  # type: ignore[index]
    out: list[list[Mention]] = []
    reach: dt.date | None = None
    for m in dated:
        lo, hi = date_window(m)  # type: ignore[misc]
        if reach is None or lo > reach + SEGMENT_GAP:
            out.append([])
            reach = hi
        out[-1].append(m)
        reach = max(reach, hi)
    # an undated mention cannot be placed in time: it is its own event
    out.extend([m] for m in sorted((m for m in mentions if date_window(m) is None), key=lambda m: m.id))
    return out


def cluster_segment(mentions: list[Mention], rules: Rules | None = None) -> list[list[Mention]]:
    clusters: list[list[Mention]] = []
    for m in sorted(mentions, key=_visit_key):
        best: tuple[float, int] | None = None
        for k, members in enumerate(clusters):
            if not all(pair_compatible(m, o, rules) for o in members):
                continue
            score = sum(pair_affinity(m, o) for o in members) / len(members)
            if best is None or score > best[0]:
                best = (score, k)
        if best is None:
            clusters.append([m])
        else:
            clusters[best[1]].append(m)
    return clusters


def cluster_mentions(mentions: Iterable[Mention], rules: Rules | None = None) -> list[list[Mention]]:
    """All events (as lists of mentions), ordered by their id."""
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        blocks[block_key(m)].append(m)
    out: list[list[Mention]] = []
    for key in sorted(blocks):
        for seg in segments(blocks[key]):
            out.extend(cluster_segment(seg, rules))
    return sorted(out, key=event_id)
