"""A chunk of documents is written in one transaction without a savepoint per document while nothing fails, and
again with them when one does: the failing document is rolled back alone, the others are stored as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from flashpoint.ingest import ingest
from flashpoint.store import Store, schema
from flashpoint.store.extractions import ExtractAndStore

TEXTS = [
    "Militants fired rockets at the Ain al-Asad air base in Iraq on Monday, wounding two soldiers, officials said.",
    "U.S. warplanes struck militia positions near Al Qaim on Tuesday, killing four fighters, the Pentagon said.",
    "A drone attacked the Tower 22 outpost in Jordan on Sunday, wounding three U.S. service members, officials said.",
]


def _corpus(path: Path) -> str:
    path.write_text("".join(json.dumps({"id": f"w{i}", "url": f"https://w.example.org/{i}", "title": f"Report {i}",
                                        "published": "2024-01-08", "text": t}) + "\n" for i, t in enumerate(TEXTS)))
    return str(path)


def _savepoints(store: Store) -> list[str]:
    seen: list[str] = []

    def spy(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SAVEPOINT"):
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", spy)
    return seen


def _contents(store: Store) -> tuple[list[Any], list[Any], list[Any]]:
    with store.engine.connect() as c:
        docs = sorted((r.doc_id, r.dup_of) for r in c.execute(sa.select(schema.documents)))
        mentions = sorted(r.id for r in c.execute(sa.select(schema.mentions)))
        queue = sorted((r.mention_id, r.block) for r in c.execute(sa.select(schema.fusion_queue)))
    return docs, mentions, queue


def test_no_savepoint_per_document_while_nothing_fails(store: Store, tmp_path: Path) -> None:
    seen = _savepoints(store)
    s = ingest([_corpus(tmp_path / "a.jsonl")], store, after_save=ExtractAndStore(models=None))
    assert s.ingested == 3 and s.failed == 0
    assert seen == []
    docs, mentions, _ = _contents(store)
    assert len(docs) == 3 and mentions


class _FailsOn(ExtractAndStore):
    def __init__(self, doc_id: str) -> None:
        super().__init__(models=None)
        self.doc_id = doc_id

    def __call__(self, doc: Any, conn: sa.Connection, prepared: Any = None) -> None:
        super().__call__(doc, conn, prepared)
        if doc.id == self.doc_id:  # after this document's rows are written: they must all go
            raise RuntimeError("boom")


def test_a_failing_document_is_rolled_back_alone(new_db: Any, tmp_path: Path) -> None:
    from flashpoint.store import open_store

    src = _corpus(tmp_path / "a.jsonl")
    failing = open_store(new_db("failing"))
    seen = _savepoints(failing)
    s = ingest([src], failing, after_save=_FailsOn("w1"))
    assert (s.ingested, s.failed) == (2, 1)
    assert "boom" in s.errors[0].cause and "a.jsonl" in (s.errors[0].source or "")
    assert len(seen) == 3  # the chunk written again, each document in its own savepoint
    # what the two others stored equals a batch without the failing one
    (tmp_path / "b.jsonl").write_text("".join(line + "\n" for i, line in enumerate(Path(src).read_text().splitlines())
                                              if i != 1))
    alone = open_store(new_db("alone"))
    ingest([str(tmp_path / "b.jsonl")], alone, after_save=ExtractAndStore(models=None))
    assert _contents(failing) == _contents(alone)
    assert [d for d, _ in _contents(failing)[0]] == ["w0", "w2"]
