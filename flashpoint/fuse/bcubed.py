"""B-cubed precision and recall of a clustering, and the reference clusters of the dev gold.

Reference clusters: the gold events of all documents grouped (transitively) by the same type, country,
actor and target and dates within their precision (day: the same day; approximate: within three
days; month: the same month). Undated gold events stay alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from flashpoint.fuse.compat import dates_compatible
from flashpoint.fuse.mentions import Mention


@dataclass
class BCubed:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(system: Mapping[Any, Hashable], reference: Mapping[Any, Hashable]) -> BCubed:
    """Both maps send every item to its cluster label; they must cover the same items."""
    items = list(reference)
    if set(items) != set(system):
        raise ValueError("system and reference clusterings cover different items")
    sys_groups: dict[Hashable, set[Any]] = {}
    ref_groups: dict[Hashable, set[Any]] = {}
    for it in items:
        sys_groups.setdefault(system[it], set()).add(it)
        ref_groups.setdefault(reference[it], set()).add(it)
    p = r = 0.0
    for it in items:
        s, g = sys_groups[system[it]], ref_groups[reference[it]]
        both = len(s & g)
        p += both / len(s)
        r += both / len(g)
    n = len(items) or 1
    return BCubed(precision=p / n, recall=r / n, items=len(items))


def reference_clusters(gold: list[Mention]) -> dict[str, int]:
    """Gold mention id -> reference cluster label (union-find over the grouping rule)."""
    parent = list(range(len(gold)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(gold):
        for j in range(i):
            b = gold[j]
            if (a.event_type, a.country, a.actor, a.target) != (b.event_type, b.country, b.actor, b.target):
                continue
            if dates_compatible(a, b, time_zones=False):
                parent[find(i)] = find(j)
    return {m.id: find(i) for i, m in enumerate(gold)}
