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


def _add_column(table: sa.Table, column: str) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        if column in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
            return  # a store created after the column entered the schema
        col = table.c[column]
        conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {column} {col.type.compile(conn.dialect)}"))

    return run


MIGRATIONS: list[Migration] = [
    ("0001_documents", _create(schema.documents)),
    ("0002_mentions_and_tallies", _create(schema.mentions, schema.tallies)),
    ("0003_fused_events", _create(schema.events, schema.event_mentions, schema.retaliation_links)),
    ("0004_review", _create(schema.users, schema.sessions, schema.review_edits, schema.audit_log)),
    ("0005_mention_profile", _add_column(schema.mentions, "profile")),
    ("0006_tally_profile", _add_column(schema.tallies, "profile")),
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
