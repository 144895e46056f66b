"""`make demo`: run the main job on the bundled example corpus with the embedded SQLite store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flashpoint.export import format_range
from flashpoint.ingest import ingest
from flashpoint.nlp.pipeline import Extractor
from flashpoint.store import open_store
from flashpoint.store.extractions import mention_records, save_extraction, tally_records

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
OUT = ROOT / "demo-out"


def main() -> int:
    console = Console(highlight=False, width=200)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    db = OUT / "flashpoint.db"
    store = open_store(str(db))
    sources = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    console.rule("[bold]1. ingest")
    console.print(f"{len(sources)} example sources (HTML, text dump, JSONL, RSS) -> {db}")
    extractor = Extractor()
    summary = ingest(sources, store, after_save=lambda doc, conn: save_extraction(conn, doc.uid, extractor(doc)))
    console.print(
        f"ingested {summary.ingested}, unchanged {summary.unchanged}, failed {summary.failed}"
    )
    table = Table("id", "published", "from", "format", "title")
    for d in store.documents():
        table.add_row(d.doc_id, str(d.published or "-"), d.published_source, d.format, (d.title or "")[:60])
    console.print(table)
    again = ingest(sources, store)
    console.print(f"re-run is idempotent: ingested {again.ingested}, unchanged {again.unchanged}")

    console.rule("[bold]2. extract: events per report (PLOVER type, sides, place, casualties, evidence)")
    events = mention_records(store.engine)
    ev_table = Table("date", "type", "mode", "actor", "target", "place", "killed", "injured", "claimed by", "report")
    for r in events:
        ev_table.add_row(
            f"{r['date'] or '-'} {(r['date_precision'] or '')[:3]}", r["event_type"], r["mode"] or "",
            r["actor"] or "?", r["target"] or "?", f"{r['location'] or ''} {r['country']}".strip(),
            format_range(r["fatalities"]), format_range(r["injured"]), ", ".join(r["claimed_by"]), r["doc_id"][:24],
        )
    console.print(ev_table)
    console.print(f"{len(events)} event mentions from {len(store.documents())} reports")
    tallies = tally_records(store.engine)
    t_table = Table("count", "qualifier", "what", "where", "since", "until")
    for t in tallies:
        t_table.add_row(str(t["count"]), t["qualifier"], t["what"][:50], ",".join(t["where"]), t["since"] or "",
                        f"{t['until'] or ''} ({t['until_basis'] or '-'})")
    console.print("[bold]running tallies stated in the reports[/bold]")
    console.print(t_table)
    console.print(f"\nstore: {db}  (try: .venv/bin/flashpoint events --db {db} --format csv)")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
