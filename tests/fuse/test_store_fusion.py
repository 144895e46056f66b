from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.evaluate import load_gold
from flashpoint.export import write_tables
from flashpoint.fuse.consensus import event_record
from flashpoint.fuse.evaluate import fusion_scores
from flashpoint.ingest import ingest, iter_items
from flashpoint.nlp.pipeline import Extractor
from flashpoint.store import open_store
from flashpoint.store.events import event_rows, fused_event, update_events
from flashpoint.store.extractions import save_extraction
from tests.conftest import shared_path

# Our own short reports: one rocket attack told three ways, and an unrelated U.S. strike.
REPORTS = [
    {"id": "fx-1", "url": "https://one.example.org/a", "published": "2024-03-05", "title": "Rockets hit Camp Falcon",
     "text": "Rockets hit Camp Falcon in Baghdad on Monday, wounding 4 U.S. soldiers, officials said. "
             "Kataib Hezbollah claimed responsibility for the attack."},
    {"id": "fx-2", "url": "https://two.example.net/b", "published": "2024-03-05", "title": "Attack on Baghdad base",
     "text": "Kataib Hezbollah fired rockets at Camp Falcon in Baghdad on Monday, wounding 6 U.S. troops, a "
             "military spokesman said."},
    {"id": "fx-3", "url": "https://three.example.com/c", "published": "2024-03-09", "title": "U.S. jets strike",
     "text": "U.S. warplanes struck a Kataib Hezbollah depot in Jurf al-Sakhar on Friday, killing two fighters, "
             "the Pentagon said."},
]


def _ingest(tmp_path: Path, name: str, order: list[int], new_db=None) -> tuple[object, list[dict]]:
    src = tmp_path / f"{name}.jsonl"
    src.write_text("".join(json.dumps(REPORTS[i]) + "\n" for i in order))
    store = open_store(new_db(name) if new_db else str(tmp_path / f"{name}.db"))
    ex = Extractor()
    ingest([str(src)], store, after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))
    update_events(store.engine)
    return store, event_rows(store.engine)


def test_store_fusion_is_order_independent_and_incremental(tmp_path, new_db):
    _, forward = _ingest(tmp_path, "fwd", [0, 1, 2], new_db)
    store, backward = _ingest(tmp_path, "bwd", [2, 1, 0], new_db)
    assert [r["id"] for r in forward] == [r["id"] for r in backward]
    attack = [r for r in forward if r["n_documents"] == 2]
    assert len(attack) == 1 and attack[0]["injured"]["disputed"] and attack[0]["n_publishers"] == 2
    # nothing new: nothing re-clustered
    assert update_events(store.engine).blocks == []  # type: ignore[attr-defined]
    # one more report of the same attack joins the existing event; the other block is left alone
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "fx-4", "url": "https://four.example.org/d", "published": "2024-03-06",
                                 "title": "Falcon attack", "text": "Kataib Hezbollah rockets struck Camp Falcon in "
                                 "Baghdad on Monday, wounding 6 U.S. soldiers, the army said."}) + "\n")
    ex = Extractor()
    ingest([str(extra)], store, after_save=lambda d, c: save_extraction(c, d.uid, ex(d)))  # type: ignore[arg-type]
    summary = update_events(store.engine)  # type: ignore[attr-defined]
    assert summary.blocks == ["ASSAULT|IRQ"]
    # ids follow the member set, so the grown event is found again by its members
    grown = fused_event(store.engine, _attack_id(store))  # type: ignore[attr-defined]
    assert grown.n_documents == 3 and grown.injured.best == 6  # two of three publishers say 6


def _attack_id(store) -> str:
    rows = [r for r in event_rows(store.engine) if r["n_documents"] >= 2]
    assert len(rows) == 1
    return rows[0]["id"]


def test_exports_write_event_and_mention_tables(tmp_path, new_db):
    store, rows = _ingest(tmp_path, "exp", [0, 1, 2], new_db)
    full = [event_record(fused_event(store.engine, r["id"])) for r in rows]  # type: ignore[attr-defined]
    import pyarrow.parquet as pq

    paths = write_tables(str(tmp_path / "out"), "parquet", full)
    events = pq.read_table(paths[0]).to_pylist()
    mentions = pq.read_table(paths[1]).to_pylist()
    assert len(events) == len(rows) and len(mentions) == sum(r["n_mentions"] for r in rows)
    assert {m["event_id"] for m in mentions} == {e["id"] for e in events}
    geo = json.loads(Path(write_tables(str(tmp_path / "geo"), "geojson", full)[0]).read_text())
    assert geo["type"] == "FeatureCollection" and all(len(f["geometry"]["coordinates"]) == 2 for f in geo["features"])
    assert "acled_event_type" in geo["features"][0]["properties"]


@pytest.mark.shared
def test_dev_clustering_bcubed():
    gold = load_gold(shared_path("corpus", "dev", "gold"))
    ex = Extractor()
    preds = []
    for _, doc in iter_items([str(shared_path("corpus", "dev", "docs.jsonl"))]):
        preds += ex(doc).records()  # type: ignore[union-attr]
    s = fusion_scores(gold, preds)
    print(f"extracted: P {s.extracted.precision:.3f} R {s.extracted.recall:.3f}; "
          f"gold input: P {s.gold_input.precision:.3f} R {s.gold_input.recall:.3f}")
    # Floors on the 100-report dev set. Extracted mentions: measured P 0.920 R 0.818 with the trained decider
    # (261 mentions; the rules alone gave 279 and P 0.911 R 0.843: fewer repeated mentions of one act, which
    # B-cubed recall counted as agreeing pairs). Gold input: P 0.991 R 0.899.
    assert s.extracted.precision >= 0.90 and s.extracted.recall >= 0.80
    assert s.gold_input.precision >= 0.97 and s.gold_input.recall >= 0.88
