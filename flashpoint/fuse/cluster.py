"""Group mentions into events: deterministic, order-independent, local, and incremental.

Mentions are blocked by (event type, country). Inside a block they are visited in a canonical order
(day-precise and better-identified mentions first, then by date and id) and each joins the most similar
event it is compatible with *every* member of (so "A like B, B like C" never chains A to a different C),
or starts a new one. The order depends only on the set of mentions, so any ingest order gives the same
events.

The result is the greedy pass above, but it is never computed by comparing every mention with every
event. `BlockClustering` keeps the outcome of the pass (for each mention, the first-visited member of
its event: its *founder*) and indexes mentions by the days their dates may fall on. A mention's choice
depends only on the earlier-visited events that hold a member compatible with it, and compatible
mentions lie within a month of each other; so when mentions come or go, only the choices that could
change are replayed, in visit order, and a change only wakes the later mentions compatible with the
events it touched. Ingesting k reports into a store of N costs about k times the local density, not N;
clustering everything at once is the same replay with every mention pending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flashpoint.fuse.compat import Rules, date_window, pair_affinity, pair_compatible
from flashpoint.fuse.mentions import Mention

PRECISION_RANK = {"day": 0, "approximate": 1, "month": 2}
SEGMENT_GAP = dt.timedelta(days=1)  # beyond the one-day time-zone slack no link is possible
SLACK_DAYS = 1  # the time-zone slack of `dates_compatible`
MAX_SPAN_DAYS = 30  # the widest date window (a month) is lo .. lo + 30
# Compatible mentions overlap within the slack, so a mention's window starts at most REACH days before or
# after that of any mention it can be compatible with; the members of an event all overlap its founder.
# Stored mentions are read in chunks of CHUNK_DAYS (by window start) as far as the replay reaches.
REACH = MAX_SPAN_DAYS + SLACK_DAYS + 1
CHUNK_DAYS = 16
NARROW_DAYS = 7  # windows at most this wide (a day, an approximate date) are indexed apart from month-wide ones


def block_key(m: Mention) -> str:
    return f"{m.event_type}|{m.country or '-'}"


def event_id(members: Iterable[Mention]) -> str:
    """A stable id: derived from the smallest member id, so the same mentions give the same id."""
    return event_id_of(min(m.id for m in members))


def event_id_of(anchor: str) -> str:
    return "ev-" + hashlib.sha256(anchor.encode()).hexdigest()[:16]


def _visit_key(m: Mention) -> tuple[object, ...]:
    named = int(m.actor is not None) + int(m.target is not None)
    return (PRECISION_RANK.get(m.date_precision or "", 3), -named, m.date or dt.date.min, m.id)


def visit_key(m: Mention) -> str:
    """`_visit_key` as a string that sorts the same way (fixed-width fields, then the id)."""
    named = int(m.actor is not None) + int(m.target is not None)
    day = (m.date or dt.date.min).isoformat()
    return f"{PRECISION_RANK.get(m.date_precision or '', 3)}{2 - named}{day}\x1f{m.id}"


def window_days(m: Mention) -> tuple[int, int] | None:
    """The mention's date window as day ordinals (None: undated)."""
    w = date_window(m)
    return (w[0].toordinal(), w[1].toordinal()) if w else None


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
    """The plain greedy pass over one segment (kept as the reference `BlockClustering` must equal)."""
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


@dataclass(slots=True)
class Node:
    """One mention in a block's clustering: its visit key, date window and current founder."""

    id: str
    m: Mention
    key: str
    lo: int | None
    hi: int | None
    founder: str | None = None

    @classmethod
    def of(cls, m: Mention, founder: str | None = None) -> Node:
        w = window_days(m)
        return cls(m.id, m, visit_key(m), w[0] if w else None, w[1] if w else None, founder)


# Loads the stored nodes (with their founders) whose window starts on a day in [first, last].
Loader = Callable[[int, int], Iterable[Node]]


class BlockClustering:
    """The greedy clustering of one block, replayed only where mentions came or went.

    `loader` fetches stored nodes by window start; without one, every node must be `add`ed. After
    `remove`/`add` and `run`, `changed` holds the ids whose founder changed (or that left), and
    `touched` the founders whose events gained or lost members.
    """

    def __init__(self, rules: Rules | None = None, loader: Loader | None = None) -> None:
        self.rules = rules
        self.loader = loader
        self.nodes: dict[str, Node] = {}
        # node ids by window start, apart for narrow windows (a day, a few): a lookup scans the days a
        # narrow window that reaches the node can start on, and the month-wide ones over the whole reach
        self.by_lo: dict[int, list[str]] = defaultdict(list)
        self.wide_by_lo: dict[int, list[str]] = defaultdict(list)
        self.members: dict[str, set[str]] = defaultdict(set)
        self.loaded_chunks: set[int] = set()
        self.pending: set[str] = set()
        self.heap: list[tuple[str, str]] = []
        self.changed: set[str] = set()
        self.removed: dict[str, Node] = {}
        self.touched: set[str] = set()
        self.settled = False  # some node holds a stored choice a change could wake

    # -- the index -----------------------------------------------------------------------------------
    def _index(self, n: Node) -> None:
        self.nodes[n.id] = n
        if n.lo is not None:
            self._days(n)[n.lo].append(n.id)
        if n.founder is not None:
            self.members[n.founder].add(n.id)
            self.settled = True

    def _unindex(self, n: Node) -> None:
        self.nodes.pop(n.id, None)
        if n.lo is not None and n.id in self._days(n).get(n.lo, ()):
            self._days(n)[n.lo].remove(n.id)
        if n.founder is not None:
            self.members[n.founder].discard(n.id)

    def _days(self, n: Node) -> dict[int, list[str]]:
        return self.by_lo if n.hi is not None and n.lo is not None and n.hi - n.lo <= NARROW_DAYS else self.wide_by_lo

    def _ensure(self, lo: int, hi: int) -> None:
        if self.loader is None:
            return
        for chunk in range(lo // CHUNK_DAYS, hi // CHUNK_DAYS + 1):
            if chunk in self.loaded_chunks:
                continue
            self.loaded_chunks.add(chunk)
            for n in self.loader(chunk * CHUNK_DAYS, chunk * CHUNK_DAYS + CHUNK_DAYS - 1):
                if n.id not in self.nodes and n.id not in self.removed:
                    self._index(n)

    def _region(self, n: Node) -> None:
        """Load what can be compatible with n (and its own event's founder)."""
        if n.lo is not None and n.hi is not None:
            self._ensure(n.lo - REACH, n.hi + REACH)

    def _complete(self, founder: str | None) -> None:
        """Load every member of the event `founder` started (they all overlap the founder)."""
        n = self.nodes.get(founder or "") or self.removed.get(founder or "")
        if n is not None:
            self._region(n)

    def neighbours(self, n: Node) -> Iterable[Node]:
        """Nodes whose date windows overlap n's within the slack (everything n can be compatible with)."""
        if n.lo is None or n.hi is None:
            return
        self._region(n)
        low = n.lo - SLACK_DAYS
        for days, reach in ((self.by_lo, NARROW_DAYS), (self.wide_by_lo, MAX_SPAN_DAYS)):
            for day in range(low - reach, n.hi + SLACK_DAYS + 1):
                for i in days.get(day, ()):
                    y = self.nodes[i]
                    if y.hi is not None and y.hi >= low and y.id != n.id:
                        yield y

    # -- changes -------------------------------------------------------------------------------------
    def add(self, m: Mention) -> None:
        """A mention that joins the block (it is placed when `run` reaches it)."""
        n = Node.of(m)
        self._region(n)
        if n.id in self.nodes:
            raise ValueError(f"mention {n.id} is already clustered: remove it first")
        self.removed.pop(n.id, None)
        self._index(n)
        self._push(n)

    def remove(self, stored: Node) -> None:
        """A mention that leaves the block (`stored`: its node as stored, with its founder)."""
        self._region(stored)
        n = self.nodes.get(stored.id, stored)
        if n.founder is None:  # never placed: nothing depends on it
            self._unindex(n)
            self.pending.discard(n.id)
            return
        old = n.founder
        self._complete(old)
        self._unindex(n)
        self.pending.discard(n.id)
        self.removed[n.id] = n
        self.changed.add(n.id)
        self.touched.add(old)
        self._wake([n, *(self.nodes[i] for i in self.members.get(old, ()))], after=n.key)

    def _push(self, n: Node) -> None:
        if n.id not in self.pending:
            self.pending.add(n.id)
            heapq.heappush(self.heap, (n.key, n.id))

    def _wake(self, sources: Iterable[Node], after: str) -> None:
        """Queue every later, already-placed node compatible with one of `sources` (their choice may change)."""
        if not self.settled:
            return  # nothing placed yet beyond what is pending: nothing to wake
        for x in sources:
            if x.founder is not None and x.id != x.founder and x.key > after and x.id in self.nodes:
                self._push(x)  # a member of a changed event
            for y in self.neighbours(x):
                if y.key > after and y.id not in self.pending and y.founder is not None \
                        and pair_compatible(y.m, x.m, self.rules):
                    self._push(y)

    # -- the replay ----------------------------------------------------------------------------------
    def choose(self, n: Node) -> str:
        """The founder of the event n joins when visited now (n's own id: it starts a new one)."""
        ok: dict[str, bool] = {}
        good: set[str] = set()
        bad: set[str] = set()
        for y in list(self.neighbours(n)):
            if y.key >= n.key or y.founder is None:
                continue
            ok[y.id] = pair_compatible(n.m, y.m, self.rules)
            (good if ok[y.id] else bad).add(y.founder)
            if y.founder not in self.nodes:
                self._region(y)  # its event's founder overlaps it
        best: tuple[float, str] | None = None
        for f in good - bad:
            self._complete(f)
        for f in sorted(good - bad, key=lambda f: self.nodes[f].key):  # events in the order they were started
            earlier = sorted((self.nodes[i] for i in self.members[f] if self.nodes[i].key < n.key), key=lambda x: x.key)
            if not earlier or not all(ok.get(o.id) or (o.id not in ok and pair_compatible(n.m, o.m, self.rules))
                                      for o in earlier):
                continue
            score = sum(pair_affinity(n.m, o.m) for o in earlier) / len(earlier)
            if best is None or score > best[0]:
                best = (score, f)
        return best[1] if best else n.id

    def run(self, progress: Callable[[int], None] | None = None) -> None:
        done = 0
        while self.heap:
            _, i = heapq.heappop(self.heap)
            if i not in self.pending:
                continue
            self.pending.discard(i)
            n = self.nodes[i]
            new = self.choose(n)
            old = n.founder
            done += 1
            if progress and done % 1000 == 0:
                progress(done)
            if new == old:
                continue
            if old is not None:
                self._complete(old)
                self.members[old].discard(i)
                self.touched.add(old)
            n.founder = new
            self.members[new].add(i)
            self.touched.add(new)
            self.changed.add(i)
            was = [self.nodes[j] for j in self.members.get(old, ())] if old is not None else []
            self._wake([n, *was, *(self.nodes[j] for j in self.members[new])], after=n.key)
        if progress:
            progress(done)

    def clusters(self) -> dict[str, list[Mention]]:
        """founder -> members (visit order) of every event currently held."""
        return {f: [self.nodes[i].m for i in sorted(ids, key=lambda i: self.nodes[i].key)]
                for f, ids in self.members.items() if ids}


def cluster_mentions(mentions: Iterable[Mention], rules: Rules | None = None) -> list[list[Mention]]:
    """All events (as lists of mentions), ordered by their id."""
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        blocks[block_key(m)].append(m)
    out: list[list[Mention]] = []
    for key in sorted(blocks):
        bc = BlockClustering(rules)
        for m in blocks[key]:
            bc.add(m)
        bc.run()
        out.extend(bc.clusters().values())
    return sorted(out, key=event_id)
