"""Sources → Document: HTML pages, plain-text page dumps, JSONL corpora, RSS/Atom feeds, URLs.

The names below are imported when first used (PEP 562): reading HTML pulls in trafilatura and the batch
pulls in fusion, which commands that only read the store (and `--help`) need not pay for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from flashpoint.ingest.formats import FORMATS

if TYPE_CHECKING:
    from flashpoint.ingest.batch import IngestSummary, ingest, iter_items
    from flashpoint.ingest.sources import ReadOptions, read_source, read_text_source

__all__ = ["FORMATS", "IngestSummary", "ReadOptions", "ingest", "iter_items", "read_source", "read_text_source"]

_LAZY = {"IngestSummary": "batch", "ingest": "batch", "iter_items": "batch", "ReadOptions": "sources",
         "read_source": "sources", "read_text_source": "sources"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
