"""Sources → Document: HTML pages, plain-text page dumps, JSONL corpora, RSS/Atom feeds, URLs."""

from flashpoint.ingest.batch import IngestSummary, ingest, iter_items
from flashpoint.ingest.sources import FORMATS, ReadOptions, read_source, read_text_source

__all__ = ["FORMATS", "IngestSummary", "ReadOptions", "ingest", "iter_items", "read_source", "read_text_source"]
