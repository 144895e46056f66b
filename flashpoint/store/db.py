"""Opening the store and reading/writing documents."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from flashpoint.errors import NotFoundError, StoreError
from flashpoint.models import Document
from flashpoint.store import schema
from flashpoint.store.migrations import migrate

DEFAULT_DB = "flashpoint.db"
SaveOutcome = Literal["ingested", "unchanged", "new_version"]


def resolve_db_url(db: str | None = None) -> str:
    """`--db`, else $FLASHPOINT_DB, else ./flashpoint.db; a bare path means SQLite."""
    value = db or os.environ.get("FLASHPOINT_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@dataclass
class StoredDocument:
    uid: str
    doc_id: str
    version: int
    is_latest: bool
    source: str
    format: str
    url: str | None
    title: str | None
    author: str | None
    publisher: str | None
    published: dt.date | None
    published_source: str
    language: str | None
    body: str
    raw: str
    content_hash: str
    ingested_at: str

    def to_document(self) -> Document:
        return Document(
            id=self.doc_id, source=self.source, body=self.body, raw=self.raw, format=self.format, url=self.url,
            title=self.title, author=self.author, publisher=self.publisher, published=self.published,
            published_source=self.published_source,  # type: ignore[arg-type]
            language=self.language, content_hash=self.content_hash, version=self.version,
        )


class Store:
    """A migrated database holding documents (and, later, mentions, events and review edits)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    # -- documents -------------------------------------------------------
    @staticmethod
    def lineage_of(doc: Document) -> str:
        if not doc.id.startswith("doc-"):
            return f"id:{doc.id}"
        return f"url:{doc.url}" if doc.url else f"id:{doc.id}"

    def save_document(self, doc: Document, conn: sa.Connection | None = None) -> SaveOutcome:
        """Store a document once: same content again is `unchanged`; changed content is a new version."""
        if conn is None:
            with self.engine.begin() as c:
                return self.save_document(doc, c)
        t = schema.documents
        lineage = self.lineage_of(doc)
        rows = conn.execute(
            sa.select(t.c.uid, t.c.version, t.c.content_hash).where(t.c.lineage == lineage)
        ).all()
        if any(r.content_hash == doc.content_hash for r in rows):
            return "unchanged"
        version = max((r.version for r in rows), default=0) + 1
        if rows:
            conn.execute(t.update().where(t.c.lineage == lineage).values(is_latest=False))
        doc.version = version
        uid = doc.uid
        conn.execute(
            t.insert().values(
                uid=uid, doc_id=doc.id, version=version, lineage=lineage, is_latest=True, source=doc.source,
                format=doc.format, url=doc.url, title=doc.title, author=doc.author, publisher=doc.publisher,
                published=doc.published.isoformat() if doc.published else None,
                published_source=doc.published_source, language=doc.language, body=doc.body, raw=doc.raw,
                content_hash=doc.content_hash, ingested_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
        )
        return "new_version" if version > 1 else "ingested"

    def _row(self, r: sa.Row[Any]) -> StoredDocument:
        d = r._asdict()
        d["published"] = dt.date.fromisoformat(d["published"]) if d["published"] else None
        d.pop("lineage", None)
        return StoredDocument(**d)

    def documents(self, *, latest_only: bool = True, limit: int | None = None) -> list[StoredDocument]:
        t = schema.documents
        q = sa.select(t).order_by(t.c.published.is_(None), t.c.published, t.c.lineage, t.c.version)
        if latest_only:
            q = q.where(t.c.is_latest.is_(True))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as c:
            return [self._row(r) for r in c.execute(q)]

    def document(self, key: str) -> StoredDocument:
        """A document by uid or doc id (latest version), or by a unique id prefix."""
        t = schema.documents
        with self.engine.connect() as c:
            r = c.execute(sa.select(t).where(t.c.doc_id == key, t.c.is_latest.is_(True))).first()
            if r is None:
                r = c.execute(sa.select(t).where(t.c.uid == key)).first()
            if r is None and len(key) >= 6:
                like = key.replace("%", "").replace("_", r"\_") + "%"
                found = c.execute(
                    sa.select(t).where(t.c.doc_id.like(like, escape="\\"), t.c.is_latest.is_(True)).limit(2)
                ).all()
                if len(found) == 1:
                    r = found[0]
        if r is None:
            raise NotFoundError(f"no document {key!r}", "list stored documents with `flashpoint docs`")
        return self._row(r)

    def count_documents(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(schema.documents)).scalar_one())


def open_store(db: str | None = None, *, must_exist: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at `db`.

    `must_exist`: for commands that only read; a SQLite store that does not exist is an error, and no
    empty database (nor its folder) is created.
    """
    url = resolve_db_url(db)
    try:
        if url.startswith("sqlite"):
            path = url.split("sqlite:///", 1)[-1]
            if must_exist and path and path != ":memory:" and not Path(path).is_file():
                raise StoreError(f"no store at {path}", "check --db (or $FLASHPOINT_DB); a store is made by `flashpoint ingest`")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
        migrate(engine)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r} ({exc})", "use a path or a sqlite:// or postgresql:// URL")
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open the store at {url} ({exc.orig})", "check the path or server")
    except sa.exc.DatabaseError as exc:
        raise StoreError(f"{url} is not a usable database ({exc.orig})", "point --db at a flashpoint store")
    except ModuleNotFoundError as exc:
        raise StoreError(f"no database driver for {url} ({exc.name})", "install the driver, e.g. psycopg")
    return Store(engine)
