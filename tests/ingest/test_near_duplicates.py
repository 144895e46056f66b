"""Syndicated copies of one wire story are one source."""

from __future__ import annotations

import json

from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.ingest.dedup import CONTAINMENT, containment, shingles, signature
from flashpoint.store import open_store
from flashpoint.store.events import event_rows

WIRE = ("Rockets hit Camp Falcon in Baghdad on Monday, wounding 4 U.S. soldiers, officials said. "
        "Kataib Hezbollah claimed responsibility for the attack in a statement posted online. "
        "The base, on the southern edge of the capital, hosts advisers who train Iraqi forces, and it has been "
        "targeted several times since the autumn. A military spokesman said the wounded were being treated "
        "and that the damage to the runway was light.")
COPY = ("Wire staff\n" + WIRE.replace("Monday, wounding", "Monday, wounding").rsplit(" A military", 1)[0]
        + " (Reporting by the wire desk; editing by the night team.)")
OTHER = ("Kataib Hezbollah fired rockets at Camp Falcon in Baghdad on Monday, wounding 4 U.S. troops, a military "
         "spokesman told our correspondent. Residents of nearby districts said they heard several loud blasts "
         "shortly after dusk and saw smoke rising over the compound for about an hour afterwards.")


def test_a_trimmed_copy_with_a_new_line_is_a_near_duplicate_and_another_story_is_not():
    a, b, c = shingles(WIRE), shingles(COPY), shingles(OTHER)
    assert containment(signature(a), len(a), signature(b), len(b)) >= CONTAINMENT
    assert containment(signature(a), len(a), signature(c), len(c)) < 0.3


def test_syndicated_copies_count_as_one_publisher(tmp_path):
    src = tmp_path / "wire.jsonl"
    rows = [{"id": "fx-orig", "url": "https://first.example.org/a", "published": "2024-03-05", "title": "Rockets hit base",
             "text": WIRE},
            {"id": "fx-copy", "url": "https://second.example.net/b", "published": "2024-03-05",
             "title": "Baghdad base attacked", "text": COPY},
            {"id": "fx-own", "url": "https://third.example.com/c", "published": "2024-03-05", "title": "Blasts at base",
             "text": OTHER}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = str(tmp_path / "w.db")
    res = CliRunner().invoke(main, ["ingest", "--db", db, "-q", str(src)])
    assert res.exit_code == 0, res.output
    assert "near-duplicates: 1 report(s)" in res.output
    store = open_store(db)
    docs = {d.doc_id: d for d in store.documents()}
    assert docs["fx-copy"].dup_of == "fx-orig" and docs["fx-own"].dup_of is None and docs["fx-orig"].dup_of is None
    (attack,) = [r for r in event_rows(store.engine) if r["n_documents"] == 3]
    assert attack["n_publishers"] == 2  # the wire story and its copy are one source; the own report another
