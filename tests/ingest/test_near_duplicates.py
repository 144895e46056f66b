"""Syndicated copies of one wire story are one source."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.ingest.dedup import CONTAINMENT, containment, shingles, signature
from flashpoint.models import Document
from flashpoint.store import open_store
from flashpoint.store.events import event_rows
from tests.conftest import BACKENDS, Databases

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


def _templated(n: int, seed: int) -> list[Document]:
    """Reports built from a few shared sentences (boilerplate that fills some bands with many reports), some
    of them copies of others with a line changed: many candidates per band, a few near-duplicates."""
    import random

    rng = random.Random(seed)
    places = ["Camp Falcon", "Erbil airport", "Ain al-Asad", "Tower 22", "Deir ez-Zor", "Harir base", "Rumalyn"]
    filler = ["A regional analyst said the situation remained tense.", "Officials said an investigation was under way.",
              "Residents said the area was calm by the evening.", "The spokesman declined to say how many were at the site.",
              "Local media carried images of the area later in the day.", "The reports could not be independently verified."]
    docs: list[Document] = []
    for i in range(n):
        if docs and rng.random() < 0.3:
            base = rng.choice(docs)
            body = base.body.replace(rng.choice(filler), rng.choice(filler)) + " " + rng.choice(filler)
        else:
            body = (f"{rng.choice(places)} came under attack on day {rng.randrange(400)} when {rng.randrange(2, 9)} rockets "
                    f"struck the {rng.choice(['north', 'south', 'east'])} gate, officials said. "
                    + " ".join(rng.sample(filler, rng.randrange(2, 6))))
        docs.append(Document(id=f"tpl-{i:03d}", source="test", body=body, raw=body, format="text", url=f"https://site{i % 7}.example.org/{i}",
                             published=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(30))))
    return docs


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_band_index_finds_what_reading_every_candidate_finds(tmp_path, backend, monkeypatch):
    """Two writers (two engines, as two processes) take turns on one store, with failed documents rolled back
    between them; every report's dup_of is what the reference (each candidate read from the store) gives."""
    import flashpoint.ingest.dedup as dedup
    from flashpoint.ingest.batch import ingest_items

    dbs = Databases(backend, tmp_path)
    try:
        docs = _templated(160, seed=3)
        doomed = {d.id for d in docs[5::17]}  # fail after their near-duplicate check: their savepoint rolls back

        def fail_some(doc, conn):
            if doc.id in doomed:
                raise RuntimeError("after-save failure")

        outcomes = {}
        for use_index in (False, True):
            monkeypatch.setattr(dedup, "USE_BAND_INDEX", use_index)
            url = dbs(f"bands{int(use_index)}")
            writers = [open_store(url), open_store(url)]
            for k in range(0, len(docs), 10):
                ingest_items(((d.id, d) for d in docs[k:k + 10]), writers[(k // 10) % 2], after_save=fail_some,
                             chunk_docs=4)
            stored = {d.doc_id: d.dup_of for d in writers[0].documents()}
            assert len(stored) == len(docs) - len(doomed)
            outcomes[use_index] = stored
        assert outcomes[True] == outcomes[False]
        assert sum(v is not None for v in outcomes[True].values()) >= 10  # the corpus does hold near-duplicates
    finally:
        dbs.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_rows_read_in_a_transaction_that_rolls_back_are_forgotten(tmp_path, backend):
    """A lookup that read band rows written earlier in its own transaction, which then rolls back: the index
    must not keep them (SQLite gives the next rows the same rowids, which a kept watermark would skip)."""
    from flashpoint.ingest.dedup import mark_near_duplicate

    dbs = Databases(backend, tmp_path)
    try:
        store = open_store(dbs("rollback"))

        def doc(i: int, body: str) -> Document:
            return Document(id=f"rb-{i}", source="test", body=body, raw=body, format="text",
                            url=f"https://site{i}.example.org/", published=dt.date(2024, 3, 5))

        def put(conn, d: Document) -> str | None:
            store.save_document(d, conn)
            return mark_near_duplicate(conn, d, d.uid)

        with pytest.raises(RuntimeError), store.transaction() as conn:
            assert put(conn, doc(1, WIRE)) is None
            assert put(conn, doc(2, COPY)) == "rb-1"  # its lookup read rb-1's rows, then all is rolled back
            raise RuntimeError("the transaction fails")
        with store.transaction() as conn:
            assert put(conn, doc(3, WIRE + " Officials gave no further details.")) is None
        with store.transaction() as conn:
            assert put(conn, doc(4, COPY)) == "rb-3"
    finally:
        dbs.close()


def _reference_originals(docs: list[Document], cap: int) -> dict[str, str | None]:
    """dup_of by the definition, computed from scratch over all pairs: two reports are near-duplicates when
    their signatures are equal, or their containment reaches CONTAINMENT and they share a band key that at
    most `cap` reports have; a report's original is the earliest (published, fullest, id) of its
    near-duplicates when that one precedes it."""
    from collections import Counter

    from flashpoint.ingest.dedup import MIN_SHINGLES, _rank, band_keys

    judged = []
    for d in docs:
        sh = shingles(d.body)
        if len(sh) >= MIN_SHINGLES:
            sig = signature(sh)
            judged.append((d, sig, len(sh), set(band_keys(sig))))
    counts = Counter(k for _, _, _, ks in judged for k in ks)
    rank = {d.id: _rank(d.published, len(shingles(d.body)), d.id) for d in docs}
    out: dict[str, str | None] = {d.id: None for d in docs}
    for a, sa_, na, ka in judged:
        near = [b.id for b, sb, nb, kb in judged if b.id != a.id and (
            (sa_ == sb).all() or ({k for k in ka & kb if counts[k] <= cap} and containment(sa_, na, sb, nb) >= CONTAINMENT))]
        first = min(near, key=rank.__getitem__, default=None)
        if first is not None and rank[first] < rank[a.id]:
            out[a.id] = first
    return out


@pytest.mark.parametrize(("backend", "cap"), [("sqlite", 4), ("sqlite", 64),
                                               pytest.param("postgresql", 4, marks=pytest.mark.postgres)])
def test_marks_do_not_depend_on_the_order_reports_arrive_in(tmp_path, monkeypatch, backend, cap):
    """The same reports ingested forwards, backwards and shuffled across two writers give the same marks,
    and they are the marks the definition gives (computed from scratch over all pairs). With a cap of 4 the
    boilerplate bands go over it: nothing more is added to them and edges that ran only through them go."""
    import random

    import sqlalchemy as sa

    import flashpoint.ingest.dedup as dedup
    from flashpoint.ingest.batch import ingest_items

    monkeypatch.setattr(dedup, "BAND_CAP", cap)
    docs = _templated(120, seed=7)
    for i in range(0, 120, 9):  # exact copies on other pages, some dated before their original
        d = docs[i]
        docs.append(Document(id=f"{d.id}-twin", source="test", body=d.body, raw=d.body, format="text",
                             url=f"https://twin.example.com/{i}", published=d.published - dt.timedelta(days=i % 2)))
    shuffled = docs[:]
    random.Random(1).shuffle(shuffled)
    marks = []
    dbs = Databases(backend, tmp_path)
    for name, order in (("forward", docs), ("backward", docs[::-1]), ("shuffled", shuffled)):
        url = dbs(name)
        writers = [open_store(url), open_store(url)]
        for k in range(0, len(order), 7):
            ingest_items(((d.id, d) for d in order[k:k + 7]), writers[(k // 7) % 2], chunk_docs=3)
        marks.append({d.doc_id: d.dup_of for d in writers[0].documents()})
        with writers[0].engine.connect() as c:
            sizes = [n for (n,) in c.execute(sa.text(
                "SELECT count(*) FROM document_bands WHERE band NOT LIKE 'xx%' GROUP BY band"))]
        for w in writers:
            w.engine.dispose()
        assert max(sizes) <= cap + 1  # a band over the cap grows no further
        if cap == 4:
            assert sum(n > cap for n in sizes) >= 3  # the boilerplate did put bands over the cap
    dbs.close()
    assert marks[0] == marks[1] == marks[2]
    assert marks[0] == _reference_originals(docs, cap)
    assert sum(v is not None for v in marks[0].values()) >= 20


def test_a_copy_older_than_its_original_and_a_new_version_regroup_only_their_group(tmp_path):
    """A copy dated before the stored original becomes the original; when a page's new version is no longer
    a copy, it leaves the group and the rest of the group is as the definition gives."""
    from flashpoint.ingest.batch import ingest_items

    store = open_store(str(tmp_path / "v.db"))

    def doc(i: str, body: str, day: int, url: str) -> Document:
        return Document(id=i, source="test", body=body, raw=body, format="text", url=url,
                        published=dt.date(2024, 3, day))

    ingest_items([(i, d) for i, d in [("a", doc("a", WIRE, 6, "https://a.example.org/1")),
                                      ("b", doc("b", COPY, 7, "https://b.example.org/1"))]], store)
    assert {d.doc_id: d.dup_of for d in store.documents()} == {"a": None, "b": "a"}
    ingest_items([("c", doc("c", WIRE + " Officials gave no further details.", 5, "https://c.example.org/1"))], store)
    assert {d.doc_id: d.dup_of for d in store.documents()} == {"a": "c", "b": "c", "c": None}
    ingest_items([("c2", doc("c", OTHER + " More later.", 5, "https://c.example.org/1"))], store)  # c changes
    latest = {d.doc_id: d.dup_of for d in store.documents()}
    assert latest == {"a": None, "b": "a", "c": None}


def test_events_and_marks_are_the_same_single_process_backwards_and_on_workers(tmp_path):
    """Generated reports plus syndicated copies (some dated before their original): a single-process run, a
    run of the reversed input, and a two-worker LocalCluster run give the same marks and the same events
    (publisher counts included)."""
    pytest.importorskip("dask.distributed")
    from bench.synth import reports
    from flashpoint.distributed import ingest_on_cluster
    from flashpoint.ingest import ingest
    from flashpoint.store.events import update_events
    from flashpoint.store.extractions import ExtractAndStore

    rows = list(reports(80, seed=5))
    for i, r in enumerate(rows[:40:3]):
        day = dt.date.fromisoformat(r["published"]) - dt.timedelta(days=i % 2)
        rows.append({**r, "id": f"{r['id']}-wire", "url": f"https://wire{i % 3}.example.com/{i}",
                     "published": day.isoformat(), "text": "By our wire staff. " + r["text"] + " More to follow."})
    for i in range(5):  # round-ups that carry two stories whole: each links both stories' groups
        a, b = rows[41 + 2 * i], rows[60 + 2 * i]
        rows.append({**a, "id": f"roundup-{i}", "url": f"https://digest.example.org/{i}",
                     "text": a["text"] + " In other news, " + b["text"]})
    forward, backward = tmp_path / "f.jsonl", tmp_path / "b.jsonl"
    forward.write_text("".join(json.dumps(r) + "\n" for r in rows))
    backward.write_text("".join(json.dumps(r) + "\n" for r in rows[::-1]))
    results = []
    for name, src in (("forward", forward), ("backward", backward)):
        store = open_store(str(tmp_path / f"{name}.db"))
        ingest([str(src)], store, after_save=ExtractAndStore(), chunk_docs=5)
        update_events(store.engine)
        results.append(store)
    s = ingest_on_cluster([str(forward)], db=str(tmp_path / "cluster.db"), workers=2)
    assert s.ok
    results.append(open_store(str(tmp_path / "cluster.db")))
    marks = [{d.doc_id: d.dup_of for d in st.documents()} for st in results]
    events = [event_rows(st.engine) for st in results]
    assert marks[0] == marks[1] == marks[2]
    assert sum(v is not None for v in marks[0].values()) >= 10
    assert events[0] == events[1] == events[2]
    assert any(e["n_publishers"] < e["n_documents"] for e in events[0])  # copies counted as one publisher
