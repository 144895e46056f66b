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
    # added by 0009: the doc id of the stored report this one is a near-duplicate of (syndicated wire copy)
    sa.Column("dup_of", sa.String(200), index=True),
    sa.UniqueConstraint("lineage", "content_hash", name="uq_documents_lineage_hash"),
)

# Near-duplicate detection (flashpoint.ingest.dedup, migration 0009): each stored report's MinHash
# signature and its locality-sensitive band keys, so a new report finds its near-duplicates by index.
document_signatures = sa.Table(
    "document_signatures", metadata,
    sa.Column("doc_uid", sa.String(200), sa.ForeignKey("documents.uid", ondelete="CASCADE"), primary_key=True),
    sa.Column("n_shingles", sa.Integer, nullable=False),
    sa.Column("signature", sa.Text, nullable=False),  # hex of the MinHash values
)
document_bands = sa.Table(
    "document_bands", metadata,
    sa.Column("band", sa.String(24), primary_key=True),
    sa.Column("doc_uid", sa.String(200), sa.ForeignKey("documents.uid", ondelete="CASCADE"), primary_key=True),
)

# Event mentions: one row per event the extractor read in one document version.
mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("doc_uid", sa.String(200), sa.ForeignKey("documents.uid", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("event_type", sa.String(20), nullable=False, index=True),
    sa.Column("date", sa.String(10), index=True),
    sa.Column("date_precision", sa.String(12)),
    sa.Column("date_text", sa.Text),
    sa.Column("mode", sa.String(12)),
    sa.Column("actor", sa.String(200), index=True),
    sa.Column("target", sa.String(200), index=True),
    sa.Column("claimed_by", sa.Text, nullable=False, default="[]"),
    sa.Column("location", sa.Text),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("fatalities_stated", sa.Boolean, nullable=False, default=False),
    sa.Column("injured_low", sa.Integer),
    sa.Column("injured_high", sa.Integer),
    sa.Column("injured_stated", sa.Boolean, nullable=False, default=False),
    sa.Column("retaliation_for", sa.Text),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("confidence", sa.Float),
    sa.Column("notes", sa.Text),
    sa.Column("extractor", sa.String(40), nullable=False),
    sa.Column("profile", sa.String(200)),  # the conflict profile the extraction used
)

tallies = sa.Table(
    "tallies", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("doc_uid", sa.String(200), sa.ForeignKey("documents.uid", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("qualifier", sa.String(12), nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("where_", sa.Text, nullable=False, default="[]"),
    sa.Column("since", sa.String(10)),
    sa.Column("until", sa.String(10)),
    sa.Column("until_basis", sa.String(12)),
    sa.Column("by_country", sa.Text),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("profile", sa.String(200)),
)

# Fused events (one per real-world event) and the mentions each is made of. Rebuilt per
# (type, country) block when new mentions arrive; ids derive from the members, so unchanged events
# keep their ids (and their review edits).
events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("block", sa.String(40), nullable=False, index=True),
    sa.Column("event_type", sa.String(20), nullable=False, index=True),
    sa.Column("date", sa.String(10), index=True),
    sa.Column("date_precision", sa.String(12)),
    sa.Column("mode", sa.String(12)),
    sa.Column("actor", sa.String(200), index=True),
    sa.Column("target", sa.String(200), index=True),
    sa.Column("location", sa.Text),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("fatalities_best", sa.Integer),
    sa.Column("injured_best", sa.Integer),
    sa.Column("n_mentions", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("n_publishers", sa.Integer, nullable=False),
    sa.Column("disputed", sa.Text, nullable=False, default="{}"),
    sa.Column("record", sa.Text, nullable=False),  # the full fused record as JSON (without mentions)
    # added by 0007: lists, filters, search and aggregates answered from columns and indexes
    sa.Column("seq", sa.Integer, unique=True),  # SQLite: the row id of the event in events_fts
    sa.Column("sort_key", sa.String(60), index=True),  # date (undated last) then id: list order, no NULL sort
    sa.Column("week", sa.String(10)),  # the Monday of the event's week
    sa.Column("actor_side", sa.String(80)),
    sa.Column("target_side", sa.String(80)),
    sa.Column("has_retaliation", sa.Boolean, index=True),
    sa.Column("search", sa.Text),  # the words search looks in
    # added by 0008: the columns above and `record` hold the reviewed event (analysts' corrections applied;
    # the machine reading of each corrected field under record["review"]["machine"])
    sa.Column("review_status", sa.String(12), nullable=False, default="unreviewed", server_default="unreviewed",
              index=True),
    # added by 0019: the "edits" counter (store_state) of the last analyst's edit to the event (NULL: none
    # since it was fused): an answer cached under an earlier value of "edits" that shows this event is out
    # of date, one that shows only events edited before it is not
    sa.Column("changed", sa.BigInteger),
    sa.Index("ix_events_type_date", "event_type", "date"),
)

event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("mention_id", sa.String(64), primary_key=True),
    sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
)

retaliation_links = sa.Table(
    "retaliation_links", metadata,
    sa.Column("from_event", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("text", sa.Text, primary_key=True),
    sa.Column("to_event", sa.String(40), index=True),
    sa.Column("score", sa.Float, nullable=False),
)

# Review: users, sessions, analysts' edits and the audit log. Edits are keyed by the event's anchor
# mention (its smallest member id), so they follow the event when it is rebuilt from the same reports.
users = sa.Table(
    "users", metadata,
    sa.Column("username", sa.String(80), primary_key=True),
    sa.Column("role", sa.String(12), nullable=False),  # viewer | analyst | admin
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(80), sa.ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
)

review_edits = sa.Table(
    "review_edits", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("anchor", sa.String(64), nullable=False, index=True),  # a member mention id of the event
    sa.Column("action", sa.String(12), nullable=False),  # confirm | reject | correct | merge | split
    sa.Column("field", sa.String(40)),
    sa.Column("value", sa.Text),  # JSON
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("reason", sa.Text),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("event_id", sa.String(40), index=True),
    sa.Column("field", sa.String(40)),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("reason", sa.Text),
)

# -- scale (migration 0007): incremental fusion state, work queue, change counter, jobs, idempotency ------------

# The outcome of the greedy clustering (fuse/cluster.py) for every fused mention: its visit key, date
# window (day ordinals) and founder (the first-visited member of its event), with a snapshot of the fields
# the fusion rules read, so the clustering can be replayed locally without the mention rows.
fusion = sa.Table(
    "fusion", metadata,
    sa.Column("mention_id", sa.String(64), primary_key=True),
    sa.Column("block", sa.String(40), nullable=False),
    sa.Column("key", sa.String(120), nullable=False),
    sa.Column("lo", sa.Integer),
    sa.Column("hi", sa.Integer),
    sa.Column("founder", sa.String(64), nullable=False, index=True),
    sa.Column("data", sa.Text, nullable=False),
    sa.Index("ix_fusion_block_lo", "block", "lo"),
)

# What fusion has still to do: mentions that came or went (kind "m") and mentions whose event must be
# rebuilt because an analyst merged or split it (kind "e"). Written in the same transaction as the change.
fusion_queue = sa.Table(
    "fusion_queue", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mention_id", sa.String(64), nullable=False),
    sa.Column("block", sa.String(40), nullable=False, index=True),
    sa.Column("kind", sa.String(1), nullable=False, default="m"),
)

# Counters that change whenever what readers see changes (cached answers are keyed by them).
store_state = sa.Table(
    "store_state", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# Background work (rebuilds, merges and splits) with progress.
jobs = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("params", sa.Text, nullable=False, default="{}"),
    sa.Column("status", sa.String(10), nullable=False, index=True),  # queued | running | done | failed
    sa.Column("done", sa.Integer, nullable=False, default=0),
    sa.Column("total", sa.Integer),
    sa.Column("message", sa.Text),
    sa.Column("username", sa.String(80)),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("started_at", sa.String(40)),
    sa.Column("heartbeat_at", sa.String(40)),
    sa.Column("finished_at", sa.String(40)),
)

# Writes a client may retry: the first answer to an Idempotency-Key is stored with the write itself.
idempotency_keys = sa.Table(
    "idempotency_keys", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("username", sa.String(80), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

# Deaths changed by analysts' edits (migration 0018): one row per event whose deaths (fatalities_best) an
# edit changed, under the "fatalities" counter value the edit set. Map data cached under an earlier value
# is brought up to date from these rows (store.events.map_changes) instead of being computed again.
figure_changes = sa.Table(
    "figure_changes", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("counter", sa.BigInteger, nullable=False, index=True),
    sa.Column("event_id", sa.String(40), nullable=False),
    sa.Column("before", sa.Integer),
    sa.Column("after", sa.Integer),
)

# Answers of display views (the dashboard's first screen: map clusters, timeline bins, pages) kept across
# server restarts: one row per view and arguments (`key`, a digest), valid while `version` (the store's
# counters and what else the answer depends on) is current (flashpoint.store.answers).
view_answers = sa.Table(
    "view_answers", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("version", sa.String(200), nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("cost_ms", sa.Integer, nullable=False),
    sa.Column("stored_at", sa.String(40), nullable=False),
)
