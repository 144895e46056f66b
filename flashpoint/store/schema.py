"""Table definitions. Tables are created by the named migrations in `migrations.py`."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

# One row per stored version of a document. `lineage` groups the versions of one
# page (its corpus id, else its URL, else its content id).
documents = sa.Table(
    "documents", metadata,
    sa.Column("uid", sa.String(200), primary_key=True),
    sa.Column("doc_id", sa.String(200), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("lineage", sa.String(2000), nullable=False, index=True),
    sa.Column("is_latest", sa.Boolean, nullable=False, default=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("published", sa.String(10)),
    sa.Column("published_source", sa.String(10), nullable=False),
    sa.Column("language", sa.String(10)),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("ingested_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("lineage", "content_hash", name="uq_documents_lineage_hash"),
)
