"""Plain driver SQL on ingest's hot path (flashpoint.store.plain) writes what SQLAlchemy's statements wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from flashpoint.models import Document
from flashpoint.store import Store, plain, schema
from flashpoint.store.db import inserted_now, is_retryable, write_transaction

TEXT = "Militants fired rockets at the Ain al-Asad air base in Iraq on Monday, wounding two soldiers."


def _doc(i: int, body: str = TEXT) -> Document:
    return Document(id=f"plain-{i}", source="test", body=body, raw=body, format="text",
                    url=f"https://plain.example/{i}")


def test_insert_fills_python_defaults_as_sqlalchemy_does(store: Store) -> None:
    row = dict(id="m1", doc_uid="d1", doc_id="d1", event_type="ASSAULT", evidence="x", extractor="t")
    doc = dict(uid="d1", doc_id="d1", version=1, lineage="id:d1", source="s", format="text", published_source="none",
               body="b", raw="b", content_hash="h", ingested_at="2026-01-01")
    with write_transaction(store.engine) as c:
        plain.insert(c, schema.documents, [doc])  # is_latest left to its default
        plain.insert(c, schema.mentions, [row])  # claimed_by and the *_stated flags left to their defaults
        c.execute(schema.mentions.insert(), [{**row, "id": "m2"}])
    with store.engine.connect() as c:
        got = [r._asdict() for r in c.execute(sa.select(schema.mentions).order_by(schema.mentions.c.id))]
        latest = c.execute(sa.select(schema.documents.c.is_latest)).scalar_one()
    assert latest is True
    assert got[0] == {**got[1], "id": "m1"}
    assert got[0]["claimed_by"] == "[]" and got[0]["fatalities_stated"] is False


def test_insert_refuses_an_unknown_column(store: Store) -> None:
    with write_transaction(store.engine) as c, pytest.raises(Exception, match="no column 'nope'"):
        plain.insert(c, schema.fusion_queue, [{"mention_id": "m", "block": "b", "nope": 1}])


def test_a_conflict_is_still_a_wrapped_driver_error(store: Store) -> None:
    rows = [{"band": "k", "doc_uid": "d"}]
    with write_transaction(store.engine) as c:
        plain.insert(c, schema.documents, [dict(uid="d", doc_id="d", version=1, lineage="id:d", source="s",
                                                format="text", published_source="none", body="b", raw="b",
                                                content_hash="h", ingested_at="2026-01-01")])
        plain.insert(c, schema.document_bands, rows)
    with pytest.raises(sa.exc.IntegrityError) as caught, write_transaction(store.engine) as c:
        plain.insert(c, schema.document_bands, rows)
    # PostgreSQL's unique race is retried by `retrying`, as it was through SQLAlchemy's own statements
    assert is_retryable(caught.value) == (store.engine.dialect.name == "postgresql")


def test_extraction_of_a_version_stored_in_the_same_transaction_replaces_on_a_second_save(store: Store) -> None:
    from flashpoint.store.extractions import ExtractAndStore

    after = ExtractAndStore(models=None)
    d = _doc(1)
    with write_transaction(store.engine) as c:
        assert store.save_document(d, c) == "ingested"
        assert d.uid in inserted_now(c)
        after(d, c)
        after(d, c)  # again in the same transaction: what the first stored is replaced (no duplicate rows)
    with store.engine.connect() as c:
        ids = [r[0] for r in c.execute(sa.select(schema.mentions.c.id))]
    assert ids and len(ids) == len(set(ids))
    with write_transaction(store.engine) as c:
        assert inserted_now(c) == set()  # per transaction


def test_re_extraction_in_a_later_transaction_replaces_mentions(store: Store, tmp_path: Path) -> None:
    from flashpoint.ingest.batch import ingest
    from flashpoint.store.extractions import ExtractAndStore

    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    after = ExtractAndStore(models=None)
    ingest([str(src)], store, after_save=after)
    with store.engine.connect() as c:
        first = sorted(r[0] for r in c.execute(sa.select(schema.mentions.c.id)))
        queued = c.execute(sa.select(sa.func.count()).select_from(schema.fusion_queue)).scalar_one()
    assert first
    doc = store.documents()[0].to_document()
    with write_transaction(store.engine) as c:
        assert doc.uid not in inserted_now(c)
        after(doc, c)  # the same reading again: the mentions are replaced, not added
    with store.engine.connect() as c:
        again = sorted(r[0] for r in c.execute(sa.select(schema.mentions.c.id)))
        queued_after = c.execute(sa.select(sa.func.count()).select_from(schema.fusion_queue)).scalar_one()
    assert again == first
    assert queued_after == queued + 2 * len(first)  # each leaves and comes back


def test_many_rows_in_one_statement_as_in_many(store: Store) -> None:
    from flashpoint.store.plain import MULTI_ROWS

    doc = dict(uid="d", doc_id="d", version=1, lineage="id:d", source="s", format="text", published_source="none",
               body="b", raw="b", content_hash="h", ingested_at="2026-01-01")
    rows = [{"band": f"k{i:03d}", "doc_uid": "d"} for i in range(2 * MULTI_ROWS + 3)]  # several statements' worth
    with write_transaction(store.engine) as c:
        plain.insert(c, schema.documents, [doc])
        plain.insert(c, schema.document_bands, rows)
    with store.engine.connect() as c:
        got = [r._asdict() for r in c.execute(sa.select(schema.document_bands).order_by(schema.document_bands.c.band))]
    assert got == rows
