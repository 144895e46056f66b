"""Named schema migrations, applied in order, each once, each in its own transaction; the same on SQLite
and PostgreSQL. Several processes may open a new store at once: each migration runs under the write
lock and checks again that nobody applied it meanwhile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa

from flashpoint.store import schema

Migration = tuple[str, Callable[[sa.Connection], None]]


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for t in tables:
            t.create(conn, checkfirst=True)

    return run


def _add_column(table: sa.Table, column: str) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        if column in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
            return  # a store created after the column entered the schema
        col = table.c[column]
        conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {column} {col.type.compile(conn.dialect)}"))

    return run


# Columns 0007 adds to stores made before it (new stores get them from the table definition in 0003).
_EVENT_COLUMNS_0007 = {"seq": "INTEGER", "sort_key": "VARCHAR(60)", "week": "VARCHAR(10)",
                       "actor_side": "VARCHAR(80)", "target_side": "VARCHAR(80)", "has_retaliation": "BOOLEAN",
                       "search": "TEXT"}


def _scale(conn: sa.Connection) -> None:
    """Incremental fusion state and queue, indexed event columns, full-text search, counters, jobs."""
    have = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    for name, sql_type in _EVENT_COLUMNS_0007.items():
        if name not in have:
            conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN {name} {sql_type}"))
    indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("events")}
    for ix in schema.events.indexes:
        if ix.name not in indexes:
            ix.create(conn, checkfirst=True)
    if "seq" not in have:
        conn.execute(sa.text("CREATE UNIQUE INDEX IF NOT EXISTS ux_events_seq ON events (seq)"))
    for t in (schema.fusion, schema.fusion_queue, schema.store_state, schema.jobs, schema.idempotency_keys):
        t.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5("
                             "search, content='events', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')"))
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_search ON events "
                             "USING gin (to_tsvector('simple', coalesce(search, '')))"))
    for key in ("events", "edits"):
        conn.execute(schema.store_state.insert().values(key=key, value=0))
    # Everything fused before is fused again by the next `fuse`/`ingest` (same rules, same event ids),
    # which fills the new columns and the fusion state.
    m, d = schema.mentions, schema.documents
    conn.execute(schema.fusion_queue.insert().from_select(
        ["mention_id", "block", "kind"],
        sa.select(m.c.id, m.c.event_type + "|" + sa.func.coalesce(m.c.country, "-"), sa.literal("m"))
        .join(d, d.c.uid == m.c.doc_uid).where(d.c.is_latest.is_(True)).order_by(m.c.id),
    ))


def _review_truth(conn: sa.Connection) -> None:
    """Events hold reviewed values from now on: a review status column on events and a reason on every
    edit and audit entry; the edits an older store applied only when read are applied to its events."""
    from flashpoint.store.fusion import refresh_reviews

    have = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    if "review_status" not in have:
        conn.execute(sa.text("ALTER TABLE events ADD COLUMN review_status VARCHAR(12) NOT NULL DEFAULT 'unreviewed'"))
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_review_status ON events (review_status)"))
    _add_column(schema.review_edits, "reason")(conn)
    _add_column(schema.audit_log, "reason")(conn)
    em, re_ = schema.event_mentions, schema.review_edits
    ids = conn.execute(sa.select(em.c.event_id).distinct().join(re_, re_.c.anchor == em.c.mention_id)).scalars().all()
    refresh_reviews(conn, list(ids))


def _near_duplicates(conn: sa.Connection) -> None:
    """Near-duplicate reports: a `dup_of` column on documents, signatures and band keys (filled for reports
    ingested from now on)."""
    _add_column(schema.documents, "dup_of")(conn)
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_documents_dup_of ON documents (dup_of)"))
    _create(schema.document_signatures, schema.document_bands)(conn)


# What displays read of an event, in one index: the dashboard's counts, map clusters, timeline bins and
# sorted pages scan it instead of the wide rows (the JSON record and search text), a tenth of the bytes.
DISPLAY_COLUMNS = ("review_status", "date", "sort_key", "event_type", "country", "mode", "actor", "target", "actor_side",
                   "target_side", "week", "n_publishers", "fatalities_best", "injured_best", "latitude", "longitude",
                   "location", "id", "seq")


def _display_index(conn: sa.Connection) -> None:
    """A covering index for the dashboard's aggregate and sorted reads (`store.views`)."""
    conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS ix_events_display ON events ({', '.join(DISPLAY_COLUMNS)})"))


def _list_index(conn: sa.Connection) -> None:
    """A covering index for pages of events in list order under the usual filters: a page deep in the list
    is found in the index alone, and only its 50 records are read."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_list ON events "
                         "(sort_key, review_status, country, event_type, date, n_publishers)"))
    # filtered pages: rows come out of these already in list order (the sort key starts with the date)
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_type_country_sort ON events (event_type, country, sort_key)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_country_sort ON events (country, sort_key)"))


def _analysis_index(conn: sa.Connection) -> None:
    """Covering indexes for what is counted rather than shown: the analysis' columns (series are grouped in
    this index's order, analysis inputs read from it), and filtered or searched pages and counts whose
    review status and date are read from the index, not from the wide rows."""
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_analysis ON events (event_type, date, date_precision, "
                         "actor, target, review_status, country, sort_key, mode, fatalities_best, injured_best, id)"))
    for name, cols in (("ix_events_type_country_sort", "event_type, country, sort_key, date, review_status, n_publishers"),
                       ("ix_events_country_sort", "country, sort_key, date, review_status, event_type, n_publishers")):
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE INDEX {name} ON events ({cols})"))
    # rows a full-text search matches are found by seq (the FTS5 rowid): their status and sort key from here
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_events_seq_list ON events "
                         "(seq, review_status, sort_key, country, event_type, date, n_publishers)"))


def _shape_counter(conn: sa.Connection) -> None:
    """A "shape" counter in store_state: bumped by edits that change what counts read (not figures alone)."""
    s = schema.store_state
    if conn.execute(sa.select(s.c.key).where(s.c.key == "shape")).first() is None:
        conn.execute(s.insert().values(key="shape", value=0))


def _fatalities_counter(conn: sa.Connection) -> None:
    """A "fatalities" counter in store_state: bumped by edits that change an event's deaths, the one figure
    map data shows (answers that read no figure stay cached through figure corrections)."""
    s = schema.store_state
    if conn.execute(sa.select(s.c.key).where(s.c.key == "fatalities")).first() is None:
        conn.execute(s.insert().values(key="fatalities", value=0))


def _band_order(conn: sa.Connection) -> None:
    """Once: band rows in the order they were written (an index on the band alone on SQLite, a `seq`
    column on PostgreSQL), for a band index that kept each band's members. Superseded by 0016 (the index
    now reads a band's members from the primary key): new stores skip it, older ones drop it there."""


def _band_order_dropped(conn: sa.Connection) -> None:
    """No band-order index: `ingest.dedup.BandIndex` reads a band's members through the primary key (band,
    doc_uid), and a second index on the band doubled the random index writes of every report stored."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_document_bands_band_seq"))
        conn.execute(sa.text("ALTER TABLE document_bands DROP COLUMN IF EXISTS seq"))
    else:
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_document_bands_band"))


MIGRATIONS: list[Migration] = [
    ("0001_documents", _create(schema.documents)),
    ("0002_mentions_and_tallies", _create(schema.mentions, schema.tallies)),
    ("0003_fused_events", _create(schema.events, schema.event_mentions, schema.retaliation_links)),
    ("0004_review", _create(schema.users, schema.sessions, schema.review_edits, schema.audit_log)),
    ("0005_mention_profile", _add_column(schema.mentions, "profile")),
    ("0006_tally_profile", _add_column(schema.tallies, "profile")),
    ("0007_scale", _scale),
    ("0008_review_truth", _review_truth),
    ("0009_near_duplicates", _near_duplicates),
    ("0010_display_index", _display_index),
    ("0011_list_index", _list_index),
    ("0012_analysis_index", _analysis_index),
    ("0013_shape_counter", _shape_counter),
    ("0014_view_answers", _create(schema.view_answers)),
    ("0015_band_order", _band_order),
    ("0016_band_order_dropped", _band_order_dropped),
    ("0017_fatalities_counter", _fatalities_counter),
    ("0018_figure_changes", _create(schema.figure_changes)),
    ("0019_event_changed", _add_column(schema.events, "changed")),
]


def applied(conn: sa.Connection) -> set[str]:
    return {r[0] for r in conn.execute(sa.select(schema.schema_migrations.c.name))}


def migrate(engine: sa.Engine) -> list[str]:
    """Apply pending migrations; returns the names applied now."""
    from flashpoint.store.db import advisory_lock, write_transaction

    with engine.connect() as conn:
        has_table = sa.inspect(conn).has_table("schema_migrations")
        already = applied(conn) if has_table else set()
    if has_table and all(name in already for name, _ in MIGRATIONS):
        return []
    done: list[str] = []
    for name, step in MIGRATIONS:
        if name in already:
            continue
        with write_transaction(engine) as conn:
            advisory_lock(conn, "flashpoint:migrate")
            schema.schema_migrations.create(conn, checkfirst=True)
            if name in applied(conn):  # another process got there first
                continue
            step(conn)
            conn.execute(
                schema.schema_migrations.insert().values(name=name, applied_at=dt.datetime.now(dt.UTC).isoformat())
            )
        done.append(name)
    return done
