"""The store: SQLite by default (WAL), any SQLAlchemy URL such as postgresql:// too."""

from flashpoint.store.db import DEFAULT_DB, Store, StoredDocument, open_store, resolve_db_url

__all__ = ["DEFAULT_DB", "Store", "StoredDocument", "open_store", "resolve_db_url"]
