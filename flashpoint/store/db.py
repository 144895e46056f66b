"""Opening the store and reading/writing documents."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import sqlalchemy as sa

from flashpoint.errors import IngestError, NotFoundError, StoreError
from flashpoint.models import Document
from flashpoint.store import plain, schema
from flashpoint.store.fusion_queue import enqueue_documents
from flashpoint.store.migrations import migrate

DEFAULT_DB = "flashpoint.db"
SaveOutcome = Literal["ingested", "unchanged", "new_version", "reverted"]


def resolve_db_url(db: str | None = None) -> str:
    """`--db`, else $FLASHPOINT_DB, else ./flashpoint.db; a bare path means SQLite."""
    value = db or os.environ.get("FLASHPOINT_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


# Page cache per SQLite connection (SQLite's default is 2 MB): ingest writes into indexes spread over the
# whole store (document bands, mentions), and a cache that holds their upper levels saves re-reading pages.
SQLITE_CACHE_KB = int(os.environ.get("FLASHPOINT_SQLITE_CACHE_KB", "32768"))
# Readers map the store file into memory up to this size (SQLite's mmap_size): a page is read from the OS's
# page cache without a read() call and a copy (a page of 50 events: 4x faster on a store of 100k events). The
# mapping is shared by every connection and process; it reserves address space, not memory.
SQLITE_MMAP_MB = int(os.environ.get("FLASHPOINT_SQLITE_MMAP_MB", "1024"))
SQLITE_BUSY_MS = 60_000  # a writer waits this long for another writer's transaction before failing
T = TypeVar("T")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any, *, mmap_mb: int | None = None) -> None:
    # Transactions are begun by `_sqlite_begin` (not by the driver before the first write), so a
    # transaction's reads and writes are one unit: see `write_transaction`.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    cur.execute(f"PRAGMA mmap_size={(SQLITE_MMAP_MB if mmap_mb is None else mmap_mb) * 2**20}")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # Readers take a snapshot (WAL: never blocked by the writer); writers take the write lock up front,
    # so the "already stored?" read and the write cannot interleave with another writer's.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("fp_write") else "BEGIN")


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that reads and then writes as one unit.

    SQLite: BEGIN IMMEDIATE (one writer at a time; the others wait up to SQLITE_BUSY_MS). PostgreSQL:
    READ COMMITTED plus the advisory locks the callers take (`advisory_lock`) on what they read and
    then write; conflicts that remain surface as errors `retrying` knows how to retry.
    """
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(fp_write=True)
        with conn.begin():
            yield conn


class RetryableConflict(Exception):
    """Another writer holds what this transaction needs; running it again will do."""


class LocksNeeded(RetryableConflict):
    """A transaction found, half way through, that it needs advisory locks another writer holds
    (`more_advisory_locks`). It is rolled back; the caller runs it again with `names` among the locks it
    takes up front, in the global order (waiting there cannot deadlock)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"advisory locks held by another writer: {len(names)}")
        self.names = names


_RETRY_SQLSTATES = {"40001", "40P01", "55P03", "23505"}  # serialization, deadlock, lock busy, unique race


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, RetryableConflict):
        return True
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _RETRY_SQLSTATES:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


def retrying(fn: Callable[[], T], *, attempts: int = 12) -> T:
    """Run `fn` (one whole transaction), again after a short random wait when it hit a write conflict."""
    for attempt in range(attempts):
        try:
            return fn()
        except Exception as exc:
            if attempt == attempts - 1 or not is_retryable(exc):
                raise
            time.sleep(min(2.0, 0.02 * 2 ** attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


def lock_key(name: str) -> int:
    """A signed 64-bit key for PostgreSQL advisory locks."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


_HELD = "fp_advisory_held"


def _held(conn: sa.Connection) -> set[str]:
    """The advisory locks `advisory_locks` took in the connection's current transaction."""
    tx = conn.get_transaction()
    got = conn.info.get(_HELD)
    if got is None or got[0] is not tx:
        got = conn.info[_HELD] = (tx, set())
    return got[1]


_INSERTED = "fp_inserted_now"


def inserted_now(conn: sa.Connection) -> set[str]:
    """The document uids `Store.save_document` inserted in the connection's current transaction: nothing was
    stored under them before it (no mentions or tallies to replace), whatever became of their savepoints."""
    tx = conn.get_transaction()
    got = conn.info.get(_INSERTED)
    if got is None or got[0] is not tx:
        got = conn.info[_INSERTED] = (tx, set())
    return got[1]


def advisory_locks(conn: sa.Connection, names: list[str]) -> None:
    """Hold PostgreSQL advisory locks on all `names`, taken in one statement in one global order (so writers
    that lock overlapping sets never deadlock); later `advisory_lock` calls on them in the same transaction
    cost nothing. Take them outside any savepoint: they are held until the transaction ends."""
    if conn.dialect.name != "postgresql" or not names:
        return
    held = _held(conn)
    keys = sorted({lock_key(n) for n in names if n not in held})
    for i in range(0, len(keys), 1000):
        conn.execute(sa.text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                             "(SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered"),
                     {"keys": keys[i:i + 1000]})
    held.update(names)


def try_advisory_locks(conn: sa.Connection, names: list[str]) -> set[str]:
    """Take the PostgreSQL advisory locks on `names` that no other writer holds, without waiting; returns
    the names another writer holds (not taken). SQLite: none (the write lock covers all)."""
    if conn.dialect.name != "postgresql":
        return set()
    held = _held(conn)
    keys: dict[int, list[str]] = {}
    for n in set(names) - held:
        keys.setdefault(lock_key(n), []).append(n)
    if not keys:
        return set()
    missed_keys = {k for (k,) in conn.execute(
        sa.text("SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k WHERE NOT pg_try_advisory_xact_lock(k)"),
        {"keys": sorted(keys)})}
    missed = {n for k in missed_keys for n in keys[k]}
    held.update(n for k, ns in keys.items() if k not in missed_keys for n in ns)
    return missed


def more_advisory_locks(conn: sa.Connection, names: list[str]) -> bool:
    """Take, in the middle of a transaction, the PostgreSQL advisory locks on `names` it does not hold yet
    without waiting: waiting here, out of the global order `advisory_locks` keeps, could deadlock with a
    writer that waits for a lock this transaction took up front. When another writer holds one, raise
    `LocksNeeded` (the transaction runs again with them taken up front). True when a lock was newly taken
    (what was read before it must be read again); always False on SQLite (the write lock covers all)."""
    if conn.dialect.name != "postgresql":
        return False
    held = _held(conn)
    want = sorted({n for n in names if n not in held})
    if not want:
        return False
    keys = {lock_key(n): n for n in want}
    missed = [keys[k] for (k,) in conn.execute(
        sa.text("SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k WHERE NOT pg_try_advisory_xact_lock(k)"),
        {"keys": sorted(keys)})]
    if missed:
        raise LocksNeeded(want)
    held.update(want)
    return True


def holds_lock(conn: sa.Connection, name: str) -> bool:
    """Whether `advisory_locks` took the lock `name` in the connection's current transaction (SQLite: the
    write lock covers everything, always true)."""
    return conn.dialect.name != "postgresql" or name in _held(conn)


def advisory_lock(conn: sa.Connection, name: str, *, wait: bool = True) -> bool:
    """Hold a PostgreSQL transaction-level advisory lock on `name` (SQLite: the write lock already covers it)."""
    if conn.dialect.name != "postgresql":
        return True
    if name in _held(conn):
        return True
    fn = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    got = conn.execute(sa.text(f"SELECT {fn}(:k)"), {"k": lock_key(name)}).scalar()
    return True if wait else bool(got)


# The tables a writer looks rows up in by key while it holds its locks (PostgreSQL).
_LOOKED_UP = ("documents", "document_bands", "document_signatures", "mentions", "fusion_queue", "fusion")
_STATISTICS_EVERY_S = 5.0
_statistics_checked: dict[int, float] = {}


def refresh_statistics(engine: sa.Engine) -> list[str]:
    """PostgreSQL: gather the planner's statistics of the tables ingest looks rows up in when they more than
    doubled since they were last gathered; returns the tables analysed (none on SQLite, or when checked in
    the last few seconds by this process).

    Without statistics the planner guesses that a lookup of a report's 21 band keys matches a tenth of the
    table and reads all of it: measured on 10k generated reports, the band lookup took 3 ms (a sequential
    scan growing with the store) until autovacuum first analysed the table, a minute or more into the run,
    and 0.2 ms after (an index scan). Autovacuum waits for its next round (a minute) and for 10% more rows;
    a store filled from empty by a backfill doubles many times before that. One writer analyses at a time
    (an advisory lock; the others go on)."""
    if engine.dialect.name != "postgresql":
        return []
    now = time.monotonic()
    if now - _statistics_checked.get(id(engine), -1e9) < _STATISTICS_EVERY_S:
        return []
    _statistics_checked[id(engine)] = now
    with engine.connect() as conn, conn.begin():
        stale = [r[0] for r in conn.exec_driver_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY(%s) "
            "AND n_mod_since_analyze > 500 AND n_mod_since_analyze > n_live_tup - n_mod_since_analyze",
            (list(_LOOKED_UP),))]
        if not stale or not conn.exec_driver_sql("SELECT pg_try_advisory_xact_lock(%s)",
                                                 (lock_key("analyze"),)).scalar():
            return []
        for name in sorted(stale):
            conn.exec_driver_sql(f'ANALYZE "{name}"')
    return sorted(stale)


_DOCUMENTS_READ = "fp_documents_read"  # conn.info: (transaction, (lineage -> rows, uid -> row or None))


def _read_documents(conn: sa.Connection) -> tuple[dict[str, list[Any]], dict[str, Any]] | None:
    """What `Store.preload_documents` read in the connection's current transaction and is not used yet."""
    got = conn.info.get(_DOCUMENTS_READ)
    if got is None or got[0] is not conn.get_transaction():
        return None
    return got[1]  # type: ignore[no-any-return]


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
    dup_of: str | None = None  # the stored report this one is a near-duplicate of (flashpoint.ingest.dedup)

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

    def transaction(self) -> Any:
        """`write_transaction` on this store."""
        return write_transaction(self.engine)

    def save_document(self, doc: Document, conn: sa.Connection | None = None) -> SaveOutcome:
        """Store a document once: same content again is `unchanged`; changed content is a new version; content
        back to an earlier version's (A -> B -> A) makes that version the latest again (`reverted`).

        Give `conn` from `write_transaction`: the check and the write are then one unit, so concurrent
        writers of the same page neither fail nor lose a version. Mentions of versions that stop (or start)
        being the latest are queued for fusion in the same transaction.
        """
        from flashpoint.ingest.validate import check_storable

        if conn is None:
            return retrying(lambda: self._save_alone(doc))
        check_storable(doc)  # the same refusals on SQLite as PostgreSQL's (NUL, over-long ids and URLs)
        t = schema.documents
        lineage = self.lineage_of(doc)
        advisory_lock(conn, f"lineage:{lineage}")  # PostgreSQL: one writer per page at a time
        read = _read_documents(conn)
        rows = read[0].pop(lineage) if read is not None and lineage in read[0] else plain.run(
            conn, "SELECT uid, version, content_hash, is_latest FROM documents WHERE lineage = ?", (lineage,)).all()
        same = next((r for r in rows if r.content_hash == doc.content_hash), None)
        if same is not None:
            doc.version = same.version
            if same.is_latest:
                return "unchanged"
            conn.execute(t.update().where(t.c.lineage == lineage).values(is_latest=False))
            conn.execute(t.update().where(t.c.uid == same.uid).values(is_latest=True))
            enqueue_documents(conn, [r.uid for r in rows])  # the latest version's mentions leave, these return
            return "reverted"
        version = max((r.version for r in rows), default=0) + 1
        doc.version = version
        uid = doc.uid
        taken = read[1].pop(uid) if read is not None and uid in read[1] else plain.run(
            conn, "SELECT lineage, content_hash FROM documents WHERE uid = ?", (uid,)).first()
        if taken is not None:
            if taken.content_hash == doc.content_hash:
                return "unchanged"  # the same report under another address (a syndicated copy): stored once
            raise IngestError(f"id {uid!r} is already used by a different document ({taken.lineage})",
                              "give each document its own id", source=doc.source)
        if rows:
            conn.execute(t.update().where(t.c.lineage == lineage).values(is_latest=False))
            enqueue_documents(conn, [r.uid for r in rows])  # their mentions leave the events
        plain.insert(conn, t, [dict(
            uid=uid, doc_id=doc.id, version=version, lineage=lineage, is_latest=True, source=doc.source,
            format=doc.format, url=doc.url, title=doc.title, author=doc.author, publisher=doc.publisher,
            published=doc.published.isoformat() if doc.published else None,
            published_source=doc.published_source, language=doc.language, body=doc.body, raw=doc.raw,
            content_hash=doc.content_hash, ingested_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )])
        inserted_now(conn).add(uid)
        return "new_version" if version > 1 else "ingested"

    def preload_documents(self, conn: sa.Connection, docs: list[Document]) -> None:
        """Read in one statement, inside the write transaction and after the chunk's lineage locks, what
        `save_document` looks up for each of `docs` (the versions of its page, whether its uid is taken);
        each answer is used once, by the first document that asks (a later one of the same page or uid reads
        the store again, and sees what the first wrote). Two statements per report fewer on the write path."""
        lineages = sorted({self.lineage_of(d) for d in docs})
        uids = sorted({d.uid for d in docs})
        by_lineage: dict[str, list[Any]] = {lg: [] for lg in lineages}
        by_uid: dict[str, Any] = dict.fromkeys(uids)
        for i in range(0, max(len(lineages), len(uids)), 400):
            part_l, part_u = lineages[i:i + 400], uids[i:i + 400]
            where = " OR ".join(w for w in (f"lineage IN ({plain.marks(len(part_l))})" if part_l else "",
                                            f"uid IN ({plain.marks(len(part_u))})" if part_u else "") if w)
            for r in plain.run(conn, f"SELECT uid, version, content_hash, is_latest, lineage FROM documents WHERE {where}",
                               (*part_l, *part_u)).all():
                if r.lineage in by_lineage:
                    by_lineage[r.lineage].append(r)
                if r.uid in by_uid:
                    by_uid[r.uid] = r
        conn.info[_DOCUMENTS_READ] = (conn.get_transaction(), (by_lineage, by_uid))

    def is_stored(self, doc: Document) -> bool:
        """This exact content of this page is its latest version already (a cheap check before the write
        lock: a stored latest version only stops being the latest when a different content arrives)."""
        t = schema.documents
        with self.engine.connect() as c:
            return c.execute(sa.select(t.c.uid).where(t.c.lineage == self.lineage_of(doc),
                                                      t.c.content_hash == doc.content_hash,
                                                      t.c.is_latest.is_(True)).limit(1)).first() is not None

    def stored_latest(self, docs: list[Document]) -> set[tuple[str, str]]:
        """(lineage, content hash) of those of `docs` whose content is already their page's latest version
        (`is_stored` for many documents in one indexed query per 500)."""
        t = schema.documents
        keys = {(self.lineage_of(d), d.content_hash) for d in docs}
        lineages = sorted({k[0] for k in keys})
        found: set[tuple[str, str]] = set()
        # ended by COMMIT: the ROLLBACK that ends an unfinished one makes psycopg drop its prepared statements
        # (DEALLOCATE ALL), and the write path's statements were then parsed and planned anew most of the time
        with self.engine.begin() as c:
            for i in range(0, len(lineages), 500):
                q = sa.select(t.c.lineage, t.c.content_hash).where(t.c.lineage.in_(lineages[i:i + 500]),
                                                                   t.c.is_latest.is_(True))
                found |= {(r.lineage, r.content_hash) for r in c.execute(q)}
        return found & keys

    def _save_alone(self, doc: Document) -> SaveOutcome:
        with write_transaction(self.engine) as c:
            return self.save_document(doc, c)

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

    def documents_page(self, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """(how many latest versions, one page of them without body or raw text), in `documents` order."""
        t = schema.documents
        cols = (t.c.uid, t.c.doc_id, t.c.version, t.c.title, t.c.url, t.c.publisher, t.c.published)
        q = sa.select(*cols).where(t.c.is_latest.is_(True)).order_by(
            t.c.published.is_(None), t.c.published, t.c.lineage, t.c.version).limit(limit).offset(offset)
        with self.engine.connect() as c:
            total = c.execute(sa.select(sa.func.count()).select_from(t).where(t.c.is_latest.is_(True))).scalar_one()
            return int(total), [dict(r._mapping) for r in c.execute(q)]

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


def pool_settings(dialect: str) -> dict[str, Any]:
    """Connection pool per process (see README "Serving"): every request thread gets a connection
    without waiting (FLASHPOINT_POOL_SIZE, default 16, matches the server's thread limit); PostgreSQL's
    max_connections must cover workers x (pool + overflow) plus the ingest processes."""
    size = int(os.environ.get("FLASHPOINT_POOL_SIZE", "16"))
    return {"pool_size": size, "max_overflow": 4 if dialect == "postgresql" else size, "pool_timeout": 30}


# A pooled PostgreSQL connection idle longer than this is checked (a ping) before it is handed out.
PING_IDLE_S = float(os.environ.get("FLASHPOINT_PING_IDLE_S", "2"))


def ping_when_idle(engine: sa.Engine, idle_s: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
    """Check a pooled connection before use only when it sat idle in the pool for over `idle_s` (PING_IDLE_S):
    a server restart, a firewall's or pgbouncer's idle timeout happen to connections nobody used for a while,
    and a dead one is replaced before a request sees it (as `pool_pre_ping` does). A connection used moments
    ago is handed out as it is: pre-pinging every checkout cost a round trip per read (several per API
    request). A connection that dies in between fails that one request; the pool then replaces all the
    connections as old as it."""
    wait = PING_IDLE_S if idle_s is None else idle_s

    def fresh(_dbapi_conn: Any, record: Any) -> None:
        record.info["fp_idle_since"] = clock()

    def checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("fp_idle_since")
        if since is not None and clock() - since <= wait:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # noqa: BLE001 - any failure means: not usable
            raise sa.exc.DisconnectionError(f"a pooled connection failed its ping ({exc})") from exc
        if not alive:
            raise sa.exc.DisconnectionError("a pooled connection failed its ping")

    sa.event.listen(engine, "connect", fresh)
    sa.event.listen(engine, "checkin", fresh)
    sa.event.listen(engine, "checkout", checkout)


def _sqlite_compiler() -> Any:
    from sqlalchemy.dialects.sqlite.base import SQLiteCompiler

    class HintedSQLiteCompiler(SQLiteCompiler):
        """SQLite's compiler with table hints (`INDEXED BY`, `Select.with_hint`) written out: SQLAlchemy's
        own leaves them out."""

        def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
            return text

    return HintedSQLiteCompiler


def open_store(db: str | None = None, *, must_exist: bool = False, mapped: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at `db`.

    `must_exist`: for commands that only read; a SQLite store that does not exist is an error, and no
    empty database (nor its folder) is created. `mapped=False`: SQLite reads through read() and the
    connection's page cache, not a memory map (SQLITE_MMAP_MB), for a long-running writer that reads across
    the whole store (a backfill worker): every page it ever mapped counts in its resident memory (about
    230 MB per ingest worker at 90k reports, 1 GB during the final fusion), for no measurable speed.
    """
    url = resolve_db_url(db)
    try:
        if url.startswith("sqlite"):
            path = url.split("sqlite:///", 1)[-1]
            if must_exist and path and path != ":memory:" and not Path(path).is_file():
                raise StoreError(f"no store at {path}", "check --db (or $FLASHPOINT_DB); a store is made by `flashpoint ingest`")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            memory = not path or path == ":memory:"
            engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000},
                                      **({} if memory else pool_settings("sqlite")))
            sa.event.listen(engine, "connect", _sqlite_pragmas if mapped else functools.partial(_sqlite_pragmas, mmap_mb=0))
            sa.event.listen(engine, "begin", _sqlite_begin)
            engine.dialect.statement_compiler = _sqlite_compiler()
        else:
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3, the `postgres` extra
            engine = sa.create_engine(url, **pool_settings("postgresql"))
            ping_when_idle(engine)
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
