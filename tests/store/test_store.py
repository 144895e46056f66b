from pathlib import Path

import pytest
import sqlalchemy as sa

from flashpoint.errors import NotFoundError, StoreError
from flashpoint.ingest import ingest
from flashpoint.models import Document
from flashpoint.store import Store, open_store, resolve_db_url
from flashpoint.store.migrations import MIGRATIONS


def doc(body: str, url: str | None = "https://n.example/a", doc_id: str | None = None) -> Document:
    from flashpoint.models import content_hash

    h = content_hash("T", body)
    return Document(id=doc_id or f"doc-{h[:16]}", source="t", body=body, raw=body, format="text", url=url, title="T")


def test_migrations_are_named_and_recorded(store: Store) -> None:
    with store.engine.connect() as c:
        names = [r[0] for r in c.execute(sa.text("select name from schema_migrations order by name"))]
    assert names == sorted(n for n, _ in MIGRATIONS)
    open_store(store.engine.url.render_as_string(hide_password=False))  # re-opening applies nothing twice
    with store.engine.connect() as c:
        assert c.execute(sa.text("select count(*) from schema_migrations")).scalar_one() == len(MIGRATIONS)


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "wal.db"))
    with store.engine.connect() as c:
        assert c.execute(sa.text("PRAGMA journal_mode")).scalar_one().lower() == "wal"


def test_same_content_stored_once_and_changed_page_is_new_version(store: Store) -> None:
    assert store.save_document(doc("first text of the page")) == "ingested"
    assert store.save_document(doc("first text of the page")) == "unchanged"
    assert store.save_document(doc("second text of the page")) == "new_version"
    latest = store.documents()
    assert len(latest) == 1 and latest[0].version == 2 and latest[0].body == "second text of the page"
    every = store.documents(latest_only=False)
    assert [d.version for d in every] == [1, 2] and every[0].body == "first text of the page"


def test_corpus_id_versions_keep_the_id(store: Store) -> None:
    store.save_document(doc("one", doc_id="rep-1"))
    store.save_document(doc("two", doc_id="rep-1"))
    assert store.document("rep-1").body == "two"
    assert store.document("rep-1@v2").version == 2
    assert store.document("rep-1@v2").to_document().id == "rep-1"


def test_lookup_errors(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.document("missing")


def test_db_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///flashpoint.db"
    monkeypatch.setenv("FLASHPOINT_DB", "/tmp/x.db")
    assert resolve_db_url(None) == "sqlite:////tmp/x.db"
    assert resolve_db_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_not_a_database(tmp_path: Path) -> None:
    p = tmp_path / "junk.db"
    p.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError):
        open_store(str(p))


def _files(tmp_path: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        p = tmp_path / f"r{i}.txt"
        p.write_text(f"Report number {i} headline here\n\nA rocket hit base number {i} on Monday, officials said today.\n")
        paths.append(str(p))
    return paths


def test_crash_mid_batch_leaves_store_consistent_and_rerun_completes(tmp_path: Path, store: Store) -> None:
    paths = _files(tmp_path, 6)
    calls = {"n": 0}

    def crash_on_fourth(document: Document, conn: sa.Connection) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the process dies inside the 4th document's transaction

    with pytest.raises(KeyboardInterrupt):  # documents are written two to a transaction here
        ingest(paths, store, after_save=crash_on_fourth, chunk_docs=2)
    stored = store.documents()
    assert len(stored) == 2  # the 4th document's transaction (with the 3rd) was rolled back, nothing partial
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as c:
            assert c.execute(sa.text("PRAGMA integrity_check")).scalar_one() == "ok"
    summary = ingest(paths, store)
    assert (summary.ingested, summary.unchanged, summary.failed) == (4, 2, 0)
    assert len(store.documents()) == 6
    again = ingest(paths, store)
    assert (again.ingested, again.unchanged) == (0, 6)
