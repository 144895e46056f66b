"""Named schema migrations, applied in order, each once, each in its own transaction."""

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


def _add_columns(table: sa.Table, *names: str) -> Callable[[sa.Connection], None]:
    """Add columns of `table` (as schema.py defines them) that an older store lacks."""

    def run(conn: sa.Connection) -> None:
        have = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        for name in names:
            if name in have:
                continue
            col = table.c[name]
            ddl = f"ALTER TABLE {table.name} ADD COLUMN {name} {col.type.compile(conn.dialect)}"
            if col.server_default is not None:
                ddl += f" NOT NULL DEFAULT '{col.server_default.arg}'"  # type: ignore[attr-defined]
            conn.execute(sa.text(ddl))
            if col.index:
                conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS ix_{table.name}_{name} ON {table.name} ({name})"))

    return run


def _review_truth(conn: sa.Connection) -> None:
    """Events hold reviewed values from now on: add the status and reason columns, then apply the edits
    an older store kept aside to the events they belong to."""
    from flashpoint.store.events import refresh_reviews

    _add_columns(schema.events, "review_status")(conn)
    _add_columns(schema.review_edits, "reason")(conn)
    _add_columns(schema.audit_log, "reason")(conn)
    em, re_ = schema.event_mentions, schema.review_edits
    ids = conn.execute(sa.select(em.c.event_id).distinct().join(re_, re_.c.anchor == em.c.mention_id)).scalars().all()
    refresh_reviews(conn, list(ids))


MIGRATIONS: list[Migration] = [
    ("0001_documents", _create(schema.documents)),
    ("0002_mentions_and_tallies", _create(schema.mentions, schema.tallies)),
    ("0003_fused_events", _create(schema.events, schema.event_mentions, schema.retaliation_links)),
    ("0004_review", _create(schema.users, schema.sessions, schema.review_edits, schema.audit_log)),
    ("0005_review_status_and_reasons", _review_truth),
]


def applied(conn: sa.Connection) -> set[str]:
    return {r[0] for r in conn.execute(sa.select(schema.schema_migrations.c.name))}


def migrate(engine: sa.Engine) -> list[str]:
    """Apply pending migrations; returns the names applied now."""
    schema.schema_migrations.create(engine, checkfirst=True)
    done: list[str] = []
    with engine.connect() as conn:
        already = applied(conn)
    for name, step in MIGRATIONS:
        if name in already:
            continue
        with engine.begin() as conn:
            step(conn)
            conn.execute(
                schema.schema_migrations.insert().values(name=name, applied_at=dt.datetime.now(dt.UTC).isoformat())
            )
        done.append(name)
    return done
