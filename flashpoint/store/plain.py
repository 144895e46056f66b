"""The hottest statements of ingest sent as plain SQL through the driver.

Writing one report runs about fifteen small statements while the writer holds the store's write lock (SQLite)
or its locks (PostgreSQL). Built as SQLAlchemy expressions, each one paid for its construction, cache key and
parameter processing: more than half the time the lock was held went to that, not to the database. Here
each statement's text is built once per (table, columns, driver style) and sent with `exec_driver_sql`
(SQLAlchemy's transactions, events and error wrapping stay: a conflict is still a retryable `DBAPIError`).

Only for tables whose values need no conversion (strings, numbers, booleans) and whose columns are named
as in `schema`; Python-side column defaults are filled in as SQLAlchemy would.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from flashpoint.errors import StoreError

_STYLES = ("qmark", "format", "pyformat")


def supported(conn: sa.Connection) -> bool:
    """Whether the driver takes positional marks this module writes (sqlite3, psycopg)."""
    return conn.dialect.paramstyle in _STYLES


@functools.lru_cache(maxsize=1024)
def _text(sql: str, style: str) -> str:
    """`sql`, written with ? marks, in the driver's style (no statement here holds a literal ? or %)."""
    if style == "qmark":
        return sql
    if style in ("format", "pyformat"):
        return sql.replace("?", "%s")
    raise StoreError(f"plain SQL for the driver's parameter style {style!r} is not written",
                     "use SQLite (sqlite3) or PostgreSQL (psycopg)")


def marks(n: int) -> str:
    """n ? marks for an IN (...) list."""
    return ", ".join(["?"] * n)


def run(conn: sa.Connection, sql: str, params: Sequence[Any] = ()) -> sa.CursorResult[Any]:
    """One statement written with ? marks."""
    return conn.exec_driver_sql(_text(sql, conn.dialect.paramstyle), tuple(params))


def run_many(conn: sa.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement written with ? marks, for each of `rows` (the driver's executemany)."""
    if rows:
        conn.exec_driver_sql(_text(sql, conn.dialect.paramstyle), [tuple(r) for r in rows])


@functools.lru_cache(maxsize=64)
def _defaults(table: sa.Table) -> tuple[tuple[str, Any], ...]:
    """(column, value) of the table's scalar Python-side defaults (what SQLAlchemy's insert adds)."""
    return tuple((c.name, c.default.arg) for c in table.columns  # type: ignore[attr-defined]
                 if c.default is not None and getattr(c.default, "is_scalar", False))


@functools.lru_cache(maxsize=256)
def _insert_sql(table: sa.Table, columns: tuple[str, ...], rows: int = 1) -> str:
    one = f"({marks(len(columns))})"
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([one] * rows)}"


MULTI_ROWS = 32  # PostgreSQL: rows per multi-row INSERT (each size is a statement the server prepares once)


def insert(conn: sa.Connection, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """INSERT these rows (dicts with the same keys) into `table`, as `conn.execute(table.insert(), rows)` does."""
    rows = list(rows)
    if not rows:
        return
    names = tuple(rows[0])
    extra = tuple((c, v) for c, v in _defaults(table) if c not in names)
    columns = names + tuple(c for c, _ in extra)
    for c in names:
        if c not in table.c:
            raise StoreError(f"{table.name} has no column {c!r}", "name the columns as flashpoint.store.schema does")
    values = [(*(r[c] for c in names), *(v for _, v in extra)) for r in rows]
    if len(values) == 1:
        run(conn, _insert_sql(table, columns), values[0])
    elif conn.dialect.name == "postgresql":
        # one statement for many rows: the driver's executemany runs one statement per row on the server (a
        # report's 20 band rows were 20 executions, each with its own foreign key check round)
        for i in range(0, len(values), MULTI_ROWS):
            part = values[i:i + MULTI_ROWS]
            run(conn, _insert_sql(table, columns, len(part)), [v for row in part for v in row])
    else:  # SQLite's executemany steps one prepared statement in C: already the cheapest
        run_many(conn, _insert_sql(table, columns), values)
