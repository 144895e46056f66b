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
from flashpoint.store import Store, open_store
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
    fused_section(console, store)
    analysis_section(console, store)
    console.print(f"\nstore: {db}  (try: .venv/bin/flashpoint events --db {db} --format csv)")
    console.rule("[bold]5. dashboard")
    console.print(f"start it with: .venv/bin/flashpoint serve --db {db}")
    console.print("then open:     http://127.0.0.1:8765/   (API schema: http://127.0.0.1:8765/api/docs)")
    console.print(f"review needs an account: .venv/bin/flashpoint user add NAME --role analyst --db {db}")
    return 0 if summary.ok else 1


def fused_section(console: Console, store: Store) -> None:
    from flashpoint.cli_events import events_table
    from flashpoint.fuse.mentions import figure_dict
    from flashpoint.fuse.tally_check import check_tallies, event_figures
    from flashpoint.store.events import event_rows, fused_event, update_events

    console.rule("[bold]3. fuse: one record per real event, every source kept, disagreements surfaced")
    s = update_events(store.engine)
    rows = event_rows(store.engine)
    console.print(f"{s.mentions} mentions -> {s.events} events; retaliation links resolved {s.resolved_links} of {s.links}")
    console.print(events_table(rows))
    disputed = [r for r in rows if r["disputed"]]
    for r in disputed[:2]:
        e = fused_event(store.engine, r["id"])
        console.print(f"[bold]{e.id}[/bold] {e.event_type} {e.date} {e.location or ''}: sources disagree on "
                      + "; ".join(f"{k} ({' vs '.join(v)})" for k, v in e.disputed.items()))
        for m in e.mentions:
            console.print(f"  {m.doc_id} ({m.publisher or m.source_key}, {m.published}): "
                          f"killed {format_range(figure_dict(m.fatalities)) or '-'}, injured {format_range(figure_dict(m.injured)) or '-'}"
                          f" | {m.evidence[:110]}")
    tallies = tally_records(store.engine)
    checks = check_tallies(tallies, rows, event_figures(store.engine, sorted({t["doc_id"] for t in tallies})))
    table = Table("stated", "what", "where", "window", "events in store", "ratio", "how to read it")
    for c in checks:
        table.add_row(f"{c.tally['qualifier']} {c.tally['count']}", c.tally["what"][:50], ",".join(c.tally["where"]),
                      f"{c.since or '...'} - {c.until or '...'}", "-" if c.in_store is None else f"{c.in_store:g}",
                      f"{c.ratio:.0%}" if c.ratio is not None else "-", c.note or c.explanation)
    console.print("[bold]tallies checked against the store[/bold] (how complete the dataset is)")
    console.print(table)


def analysis_section(console: Console, store: Store) -> None:
    from flashpoint.analysis import plots
    from flashpoint.analysis.data import load_store
    from flashpoint.analysis.fitting import fit_checked
    from flashpoint.analysis.reciprocity import dyad_series, reciprocity
    from flashpoint.cli_analysis import hawkes_lines, reciprocity_table
    from flashpoint.errors import AnalysisError
    from flashpoint.store.events import answered_by

    console.rule("[bold]4. analyse: who answers whom, how fast; a Hawkes fit of the cycle (when the data allows)")
    inp = load_store(store.engine)
    for line in inp.report.lines():
        console.print(line)
    rows = reciprocity(inp.events, answered_by(store.engine))
    console.print(reciprocity_table(rows))
    plot_dir = OUT / "analysis"
    plot_dir.mkdir(exist_ok=True)
    imgs = [plots.series_plot(dyad_series(inp.events), plot_dir / "dyad_series.png"),
            plots.delay_plot(rows, plot_dir / "response_delays.png")]
    try:
        point, result = fit_checked(inp, "auto")
    except AnalysisError as exc:
        console.print(f"[yellow]Hawkes fit refused:[/yellow] {exc.cause}")
    else:
        for line in [*point.report.warnings, *hawkes_lines(result)]:
            console.print(line)
        if result.goodness:
            imgs.append(plots.qq_plot(result.goodness.residuals, result.nodes, plot_dir / "hawkes_qq.png"))
    page = plots.html_report("flashpoint demo: escalation analysis", [("data", "\n".join(inp.report.lines()))], imgs,
                             plot_dir / "analysis.html")
    console.print(f"plots: {', '.join(str(p) for p in imgs)}; page: {page}")


if __name__ == "__main__":
    sys.exit(main())
