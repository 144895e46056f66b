"""Incremental fusion equals clustering everything at once, for any order and any batches."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import pytest

from flashpoint.fuse.cluster import BlockClustering, Node, block_key, cluster_mentions, cluster_segment, segments
from flashpoint.fuse.mentions import Mention
from flashpoint.ingest import ingest
from flashpoint.store import open_store
from flashpoint.store.events import event_rows, update_events
from flashpoint.store.extractions import ExtractAndStore

SIDES = [None, "United States", "Kata'ib Hezbollah", "Islamic Resistance in Iraq", "Iran-backed militias", "Israel"]


def random_mention(i: int, rng: random.Random, days: int = 120) -> Mention:
    precision = rng.choice(["day"] * 6 + ["approximate", "month", None])
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(days)) if precision else None
    return Mention(
        id=f"m{i:05d}", doc_id=f"d{i}", event_type=rng.choice(["ASSAULT", "ASSAULT", "THREATEN"]), date=date,
        date_precision=precision, actor=rng.choice(SIDES), target=rng.choice(SIDES), country=rng.choice(["IRQ", "SYR"]),
        mode=rng.choice([None, "drone", "rocket"]), location=rng.choice([None, "Camp A", "Camp B"]),
        evidence=rng.choice(["", "", "late at night", "at 11 p.m. local time"]),
        fatalities=rng.choice([None, (0, 0), (2, 2)]),
    )


def reference(ms: list[Mention]) -> list[list[Mention]]:
    """The original algorithm: every block cut into date segments, each clustered by the plain greedy pass."""
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in ms:
        blocks[block_key(m)].append(m)
    return [c for k in sorted(blocks) for seg in segments(blocks[k]) for c in cluster_segment(seg)]


def canon(clusters) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(m.id for m in c)) for c in clusters)


@pytest.mark.parametrize("seed", range(12))
def test_indexed_clustering_equals_the_plain_greedy_pass(seed):
    rng = random.Random(seed)
    ms = [random_mention(i, rng) for i in range(rng.randrange(20, 300))]
    assert canon(cluster_mentions(ms)) == canon(reference(ms))


@pytest.mark.parametrize("seed", range(8))
def test_replaying_changes_equals_clustering_from_scratch(seed):
    """Mentions arrive in random batches and some leave; after every batch the stored outcome is the
    outcome of clustering the mentions present from scratch."""
    rng = random.Random(100 + seed)
    ms = [random_mention(i, rng) for i in range(rng.randrange(50, 250))]
    rng.shuffle(ms)
    stored: dict[str, Node] = {}  # what a store keeps: one node (with its founder) per mention
    present: dict[str, Mention] = {}

    def loader(block: str):
        return lambda lo, hi: [Node(n.id, n.m, n.key, n.lo, n.hi, n.founder) for n in stored.values()
                               if block_key(n.m) == block and n.lo is not None and lo <= n.lo <= hi]

    i = 0
    while i < len(ms):
        batch = ms[i:i + rng.randrange(1, 30)]
        i += len(batch)
        leaving = [m for m in present.values() if rng.random() < 0.06]
        work: dict[str, tuple[list[Mention], list[Mention]]] = defaultdict(lambda: ([], []))
        for m in batch:
            work[block_key(m)][0].append(m)
        for m in leaving:
            work[block_key(m)][1].append(m)
        for block, (adds, removes) in work.items():
            bc = BlockClustering(loader=loader(block))
            for m in removes:
                s = stored[m.id]
                bc.remove(Node(s.id, s.m, s.key, s.lo, s.hi, s.founder))
            for m in adds:
                bc.add(m)
            bc.run()
            for mid in bc.changed:
                if mid in bc.nodes:
                    n = bc.nodes[mid]
                    stored[mid] = Node(n.id, n.m, n.key, n.lo, n.hi, n.founder)
                else:
                    stored.pop(mid, None)
        present.update((m.id, m) for m in batch)
        for m in leaving:
            present.pop(m.id)
        groups: dict[str, list[Mention]] = defaultdict(list)
        for n in stored.values():
            groups[n.founder].append(n.m)  # type: ignore[index]
        assert canon(groups.values()) == canon(reference(list(present.values())))


# -- in the store ------------------------------------------------------------------------------------------
def _report(i: int, day: int, side: str, place: str, publisher: str, injured: int) -> dict:
    d = dt.date(2024, 3, 1) + dt.timedelta(days=day)
    return {"id": f"inc-{i}", "url": f"https://{publisher}.example.org/{i}", "published": d.isoformat(),
            "title": f"Attack on {place}",
            "text": f"{side} fired rockets at {place} on {d.strftime('%A, %B %d, %Y')}, wounding {injured} U.S. "
                    f"soldiers, officials said."}


REPORTS = [
    _report(i, day, side, place, pub, inj)
    for i, (day, side, place, pub, inj) in enumerate([
        (0, "Kataib Hezbollah", "Camp Falcon in Baghdad", "one", 3), (0, "Kataib Hezbollah", "Camp Falcon in Baghdad", "two", 4),
        (0, "Kataib Hezbollah", "Camp Falcon in Baghdad", "three", 3), (1, "Islamic Resistance in Iraq", "Al-Asad Airbase", "one", 0),
        (2, "Islamic Resistance in Iraq", "Al-Asad Airbase", "two", 2), (2, "Kataib Hezbollah", "Erbil Air Base", "four", 1),
        (3, "Kataib Hezbollah", "Erbil Air Base", "one", 1), (5, "Islamic Resistance in Iraq", "Camp Falcon in Baghdad", "five", 5),
        (5, "Islamic Resistance in Iraq", "Camp Falcon in Baghdad", "two", 5), (6, "Kataib Hezbollah", "Al-Asad Airbase", "six", 2),
    ])
]


def _write(path: Path, reports: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in reports))
    return str(path)


def _events(store) -> list[dict]:
    return sorted(event_rows(store.engine), key=lambda r: r["id"])


def test_store_fusion_in_any_batches_equals_one_run(tmp_path, new_db):
    after = ExtractAndStore()
    whole = open_store(new_db("whole"))
    ingest([_write(tmp_path / "all.jsonl", REPORTS)], whole, after_save=after)
    update_events(whole.engine)
    expected = _events(whole)
    assert any(e["n_documents"] >= 2 for e in expected)
    rng = random.Random(7)
    for trial in range(3):
        order = REPORTS[:]
        rng.shuffle(order)
        store = open_store(new_db(f"inc{trial}"))
        k = 0
        while k < len(order):
            n = rng.randrange(1, 4)
            ingest([_write(tmp_path / f"b{trial}-{k}.jsonl", order[k:k + n])], store, after_save=after)
            update_events(store.engine)
            k += n
        assert _events(store) == expected
        assert update_events(store.engine).blocks == []  # nothing left to do
        rebuilt = update_events(store.engine, rebuild=True)
        assert rebuilt.blocks and _events(store) == expected


def test_new_version_of_a_report_leaves_and_joins_events(tmp_path, new_db):
    after = ExtractAndStore()
    store = open_store(new_db("v"))
    ingest([_write(tmp_path / "a.jsonl", REPORTS[:3])], store, after_save=after)
    update_events(store.engine)
    assert max(e["n_documents"] for e in _events(store)) == 3
    # the new version reports another act, published the day it names (a text dated after its own
    # publication reads as undated and falls back to the publication day)
    changed = dict(REPORTS[2], text=REPORTS[5]["text"].replace("Erbil Air Base", "Camp Victory"),
                   published=REPORTS[5]["published"])
    ingest([_write(tmp_path / "b.jsonl", [changed])], store, after_save=after)
    update_events(store.engine)
    events = _events(store)
    assert max(e["n_documents"] for e in events) == 2  # the changed report left the Falcon attack
    # the same events as ingesting the final versions into an empty store (ids differ: the mentions of a
    # second version are other rows)
    fresh = open_store(new_db("fresh"))
    ingest([_write(tmp_path / "c.jsonl", [*REPORTS[:2], changed])], fresh, after_save=after)
    update_events(fresh.engine)

    def shape(rows: list[dict]) -> list[tuple]:
        return sorted((e["event_type"], e["date"], e["location"], e["n_documents"], e["injured"]["best"]) for e in rows)

    assert shape(events) == shape(_events(fresh))
