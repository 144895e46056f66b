"""`make demo`: run the main job on the bundled example corpus with the embedded SQLite store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flashpoint.ingest import ingest
from flashpoint.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
OUT = ROOT / "demo-out"


def main() -> int:
    console = Console(highlight=False, width=140)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    db = OUT / "flashpoint.db"
    store = open_store(str(db))
    sources = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    console.rule("[bold]1. ingest")
    console.print(f"{len(sources)} example sources (HTML, text dump, JSONL, RSS) -> {db}")
    summary = ingest(sources, store)
    console.print(
        f"ingested {summary.ingested}, unchanged {summary.unchanged}, failed {summary.failed}"
    )
    table = Table("id", "published", "from", "format", "title")
    for d in store.documents():
        table.add_row(d.doc_id, str(d.published or "-"), d.published_source, d.format, (d.title or "")[:60])
    console.print(table)
    again = ingest(sources, store)
    console.print(f"re-run is idempotent: ingested {again.ingested}, unchanged {again.unchanged}")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
